//! Building a [`Collection`] from the files of a collection once read and
//! sorted into events ([`Shape`]): front matter, titles, one-file events
//! split into talks, dates, series.

use super::body::{Body, ReadAs};
use super::date::{self, PartialDate};
use super::frontmatter::{self, EventFields, Format, FrontMatter, NoteFields};
use super::kind::Kind;
use super::model::{Collection, Event, Note, NoteExtras, NoteId, Origin};
use super::naming::{name_from_heading, readme_links};
use super::series::{assign_series, SeriesHints};
use super::shape::{self, Shape, Unit, UnitKind};
use super::source::{decode, decode_valid, SourceFile};
use super::talk_file::{self, piece_together, LineIndex};
use super::{heading, parallel, same_titles, sections, speaker};
use crate::diagnostic::{Diagnostic, Position};
use crate::relate::{infer, Vocabulary};
use crate::text::sanitize_line;

/// Folders with at least this many files have their notes parsed on
/// several threads ([`Loader::look_ahead`]); below, threads cost more than they save.
const PARSE_AHEAD_FROM: usize = 32;

/// A plain note made ahead of its folder ([`Loader::look_ahead`]): the
/// note, the warnings reading it gave (its text's, then its own), and
/// whether its front matter names its title.
struct MadeAhead {
    note: Note,
    warnings: Vec<Diagnostic>,
    titled: bool,
}

/// What the loader needs while it reads one collection.
struct Loader<'a> {
    origin: &'a Origin,
    vocabulary: &'a Vocabulary,
    warnings: Vec<Diagnostic>,
}

/// Reads a file of a shape whose files are not read yet into its bytes, and
/// gives its size and time as read; `None` when it cannot be read (the file
/// is then left out).
pub(super) type ReadFile<'a> = dyn Fn(&mut SourceFile) -> Option<ReadAs> + Sync + 'a;

/// Called with each event and its notes (in the event's order) while their
/// texts are in memory, on the thread that parsed them: what indexes take
/// from the texts is taken then, not by reading every file again.
pub type SeeEvent<'a, X> = dyn Fn(&Event, &[Note]) -> X + Sync + 'a;

/// The collection `shape` makes. With `only` set, only that unit (if any)
/// is parsed; the others become pending events (their files were not read).
pub(super) fn build(
    origin: Origin,
    shape: Shape,
    warnings: Vec<Diagnostic>,
    only: Option<Option<usize>>,
) -> Collection {
    assemble::<()>(origin, shape, warnings, only, None, None).0
}

/// The collection `shape` makes, its files not read yet: each event's files
/// are read with `read` as the event is parsed. Unless `keep_texts`, its
/// notes' texts are let go once parsed (they are read again from their
/// files when asked for), so that only the texts of the events being parsed
/// are in memory at a time.
pub(super) fn build_reading<X: Send>(
    origin: Origin,
    shape: Shape,
    warnings: Vec<Diagnostic>,
    read: &ReadFile<'_>,
    keep_texts: bool,
    see: Option<&SeeEvent<'_, X>>,
) -> (Collection, Vec<Option<X>>) {
    assemble(origin, shape, warnings, None, Some((read, keep_texts)), see)
}

/// How many bytes of events' lists of notes are let go between two
/// [`crate::memory::give_back`]s while they are joined: a few at 100,000
/// notes (each takes a few milliseconds), none below 30,000.
const GIVE_BACK_EVERY: usize = 8 << 20;

/// The collection, and what `see` made of each of its events (in the
/// collection's order; `None` for an event it was not called for).
fn assemble<X: Send>(
    origin: Origin,
    mut shape: Shape,
    warnings: Vec<Diagnostic>,
    only: Option<Option<usize>>,
    reading: Option<(&ReadFile<'_>, bool)>,
    see: Option<&SeeEvent<'_, X>>,
) -> (Collection, Vec<Option<X>>) {
    let mut warnings = warnings;
    let read = reading.map(|(read, _)| read);
    let unload = reading.is_some_and(|(_, keep_texts)| !keep_texts);
    if let Some(read) = read {
        shape.topics = shape.topics.take().and_then(|mut file| read(&mut file).map(|_| file));
        shape.intro = shape.intro.take().and_then(|mut file| read(&mut file).map(|_| file));
    }
    let mut vocabulary = Vocabulary::default();
    if let Some(file) = &shape.topics {
        let display = origin.display_path(&file.rel);
        if let Some(text) = decode(&file.bytes, &display, &mut warnings) {
            let (v, problems) = Vocabulary::parse(&text, &display);
            vocabulary = v;
            warnings.extend(problems);
        }
    }
    let mut loader = Loader { origin: &origin, vocabulary: &vocabulary, warnings };
    let intro = shape.intro.as_ref().and_then(|file| {
        let display = origin.display_path(&file.rel);
        decode(&file.bytes, &display, &mut loader.warnings).map(|text| frontmatter::split(&text).body.to_string())
    });
    for (rel, reason) in &shape.skipped {
        loader.warnings.push(Diagnostic::skipped(origin.display_path(rel), *reason));
    }
    // How the collection's README names the folders it links, unless the
    // event's own front matter or heading says otherwise (applied later).
    if let Some(intro) = &intro {
        let links = readme_links(intro);
        for unit in &mut shape.units {
            let label = links.iter().find(|(path, _)| *path == unit.path).map(|(_, label)| label);
            if let Some(name) = label.and_then(|l| name_from_heading(l, unit.date.map(|d| d.year))) {
                unit.name = name;
            }
        }
    }

    // Events are independent: each is parsed on its own thread with its own
    // warnings, which are then put back in path order.
    let files = shape.units.iter().map(|u| u.files.len()).sum();
    // Reading files too: more threads than cores, as a cold page cache
    // answers parallel reads several times faster than one after another.
    let threads = if read.is_some() { parallel::reader_count(files) } else { parallel::worker_count(files) };
    let units: Vec<(usize, Unit)> = shape.units.into_iter().enumerate().collect();
    let parsed = parallel::map_in_order(units, threads, |(i, mut unit)| {
        let mut own = Loader { origin: &origin, vocabulary: &vocabulary, warnings: Vec::new() };
        let hint = SeriesHints { folder: unit.series_folder.clone(), edition: unit.edition_name.clone() };
        let mut read_as = std::collections::HashMap::new();
        if let Some(read) = read {
            // A file that cannot be read is left out, as if it were not there.
            let listed = unit.files.len();
            unit.files.retain_mut(|file| {
                let stamp = read(file);
                if let (Some(stamp), true) = (stamp, unload) {
                    read_as.insert(file.rel.clone(), stamp);
                }
                stamp.is_some()
            });
            if unit.files.is_empty() && listed > 0 {
                return (None, hint, own.warnings, None);
            }
        }
        let mut event = match only {
            Some(only) if only != Some(i) => {
                Some((Event { pending: true, ..new_event(&unit.path, &unit.name, unit.date) }, Vec::new()))
            }
            _ => own.unit(unit),
        };
        let mut seen = None;
        if let Some((event, notes)) = &mut event {
            // The owner's order: `order:`, then the files' order with numbers
            // compared as numbers (`2-b` before `10-a`), sections in file order.
            notes.sort_by_cached_key(|n| (n.order().is_none(), n.order(), natural_key(n.source_file()), n.source_line));
            // Inferred, and seen, while the texts are in memory.
            infer::infer_topics(&vocabulary, notes);
            seen = see.map(|see| see(event, notes));
            if unload {
                Body::hash_all(notes.iter().map(|note| &note.body));
            }
            for note in notes.iter_mut() {
                note.shrink_to_fit();
                if unload {
                    note.body.unload(read_as.get(note.source_file()).copied());
                }
            }
        }
        (event, hint, own.warnings, seen)
    });
    let mut events = Vec::new();
    let mut hints = Vec::new();
    // Made at its size: grown note by note, it would hold up to twice
    // what it needs (and copy it all at each growth), 30 MiB at 100,000 notes.
    let count = parsed.iter().filter_map(|(event, _, _, _)| event.as_ref()).map(|(_, notes)| notes.len()).sum();
    let mut notes = Vec::with_capacity(count);
    let mut seen = Vec::new();
    // Each event's list, emptied into the collection's, is freed; a list
    // under the size mapped alone (`crate::memory`: an event of 250 notes
    // or fewer) stays resident in the heap, and all of them together are
    // as large as the collection's list, which fills as they empty: 24 MiB
    // more at the peak of a start at 100,000 notes. Given back as they go.
    let mut let_go = 0;
    for (event, hint, warnings, saw) in parsed {
        loader.warnings.extend(warnings);
        let Some((mut event, event_notes)) = event else {
            continue;
        };
        let event_index = events.len();
        let_go += event_notes.capacity() * std::mem::size_of::<Note>();
        for mut note in event_notes {
            note.event = event_index;
            event.notes.push(notes.len());
            notes.push(note);
        }
        if let_go >= GIVE_BACK_EVERY {
            crate::memory::give_back();
            let_go = 0;
        }
        events.push(event);
        hints.push(hint);
        seen.push(saw);
    }
    assign_series(&mut events, &hints);

    // Sort events, then renumber the notes' back-references.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_cached_key(|&i| {
        let e = &events[i];
        (e.start.is_none(), e.start, e.name.to_lowercase(), e.folder.clone())
    });
    let mut new_index = vec![0; events.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let events: Vec<Event> = order.iter().map(|&i| slots[i].take().expect("each event moved once")).collect();
    let mut saw: Vec<Option<X>> = seen;
    let seen: Vec<Option<X>> = order.iter().map(|&i| saw[i].take()).collect();
    for note in &mut notes {
        note.event = new_index[note.event];
    }
    let warnings = loader.warnings;

    (Collection { origin, intro, events, notes, vocabulary, warnings }, seen)
}

impl Loader<'_> {
    /// The event a folder or file makes, with its notes; `None` when the
    /// file of a one-file event is not text.
    fn unit(&mut self, unit: Unit) -> Option<(Event, Vec<Note>)> {
        match unit.kind {
            UnitKind::File => {
                let file = unit.files.into_iter().next()?;
                if let Some(reason) = std::str::from_utf8(&file.bytes).ok().and_then(never_a_note) {
                    self.warnings.push(Diagnostic::skipped(self.origin.display_path(&file.rel), reason));
                    return None;
                }
                let event = new_event(&unit.path, &unit.name, unit.date);
                self.one_file_event(event, &file, unit.date, true)
            }
            UnitKind::Folder => self.folder_event(unit),
        }
    }

    fn folder_event(&mut self, mut unit: Unit) -> Option<(Event, Vec<Note>)> {
        // Pages that are never notes (a catalog's root page, a stub saying
        // the notes moved) are listed as skipped before anything is made of the rest.
        let before = unit.files.len();
        let looked = self.look_ahead(&unit.files);
        let mut files = Vec::with_capacity(before);
        let mut ahead = Vec::with_capacity(before);
        for (file, (reason, note)) in unit.files.into_iter().zip(looked) {
            match reason {
                Some(reason) => self.warnings.push(Diagnostic::skipped(self.origin.display_path(&file.rel), reason)),
                None => {
                    files.push(file);
                    ahead.push(note);
                }
            }
        }
        unit.files = files;
        if unit.files.is_empty() && before > 0 {
            return None;
        }
        let mut event = new_event(&unit.path, &unit.name, unit.date);
        // Files directly in the folder (all of them when the folder opened is the event).
        let prefix = if unit.path.is_empty() { String::new() } else { format!("{}/", unit.path) };
        let overview = unit
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.rel.strip_prefix(&prefix).is_some_and(|name| !name.contains('/')))
            .filter_map(|(i, f)| shape::overview_rank(&f.rel).map(|rank| (rank, i)))
            .min();
        // A documentation catalog's page listing the event's pages stands in for a README.
        let overview = overview.or_else(|| {
            unit.files
                .iter()
                .position(|f| {
                    f.rel.strip_prefix(&prefix).is_some_and(|n| !n.contains('/')) && is_catalog_page(&f.bytes)
                })
                .map(|i| (OVERVIEW_RANK_CATALOG, i))
        });
        // A folder holding only its README (or index): the README is the whole event.
        if let (Some((rank, i)), 1) = (overview, unit.files.len()) {
            if rank > 0 {
                let split = self.one_file_event(event.clone(), &unit.files[i], unit.date, true);
                // Not text: reported already, and the event stays, empty.
                return Some(split.unwrap_or((event, Vec::new())));
            }
        }
        // A folder whose only file holds numbered talks is read like a one-file event.
        if let ([file], None) = (unit.files.as_slice(), overview) {
            if outline_of(&file.bytes).is_some_and(|(_, outline)| talk_file::holds_numbered_talks(&outline)) {
                return self.one_file_event(event, file, unit.date, true);
            }
        }
        let mut notes = Vec::new();
        let (mut split_notes, mut split_dates) = (Vec::new(), Vec::new());
        // Notes whose front matter gives their title.
        // A set: every note of a large folder asks it.
        let mut titled: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut skipped = 0;
        for (i, file) in unit.files.iter().enumerate() {
            let is_overview = overview.is_some_and(|(_, o)| o == i);
            // A plain note already made by `look_ahead`: as it would be made here.
            if let Some(made) = ahead[i].take().filter(|_| !is_overview) {
                if made.titled {
                    titled.insert(file.rel.clone());
                }
                let mut note = made.note;
                note.has_warning = !made.warnings.is_empty();
                self.warnings.extend(made.warnings);
                notes.push(note);
                continue;
            }
            let display = self.origin.display_path(&file.rel);
            let warned_before = self.warnings.len();
            let Some(text) = decode(&file.bytes, &display, &mut self.warnings) else {
                continue;
            };
            if let Some(reason) = content_skip_reason(&text, is_overview) {
                self.warnings.push(Diagnostic::skipped(display, reason));
                skipped += 1;
                continue;
            }
            if is_overview {
                let split = frontmatter::split(&text);
                if let Some(format) = split.unterminated {
                    self.warnings.push(unterminated(&display, format));
                }
                event.overview = split.body.to_string();
                event.overview_file = Some(file.rel.clone());
                event.overview_pieces = vec![(0, split.body_line)];
                let named = has_name_field(split.front);
                let dated = split.front.is_some_and(|front| self.apply_event_fields(&mut event, front, &display, true));
                if !named {
                    let heading = sections::headings(split.body).into_iter().next().filter(|h| h.level <= 2);
                    if let Some(name) = heading.and_then(|h| name_from_heading(&h.text, unit.date.map(|d| d.year))) {
                        event.name = sanitize_line(&name);
                    }
                }
                if !dated && unit.date.is_some() {
                    apply_date_line(&mut event, split.body, unit.date);
                }
            } else {
                // A file of numbered talks naming their speakers (a day of the
                // event) among the other notes: one note per talk.
                let split = frontmatter::split(&text);
                let talks = (unit.files.len() > 1 && split.front.is_none())
                    .then(|| {
                        let has_overview = overview.is_some();
                        talk_file::talks_among_notes(
                            &file.rel,
                            &text,
                            split.body,
                            split.body_line,
                            &mut event,
                            has_overview,
                        )
                    })
                    .flatten();
                if let Some(talks) = talks {
                    // The file's first lines date it as they would date it as one note.
                    split_dates.extend(date::find_date_in_first_lines(split.body, 3));
                    split_notes.extend(talks);
                    continue;
                }
                if names_title(split.front) {
                    titled.insert(file.rel.clone());
                }
                let mut note = parse_note(&file.rel, &text, &display, self.vocabulary, &mut self.warnings);
                note.has_warning = self.warnings.len() > warned_before;
                notes.push(note);
            }
        }
        same_titles::name_apart_by_file(&mut notes, |n| titled.contains(n.source_file()));
        if unit.date.is_none() && event.start.is_none() {
            date_from_notes(&mut event, &notes, split_dates);
        }
        notes.extend(split_notes);
        if skipped > 0 && notes.is_empty() && event.overview.is_empty() {
            // Nothing here but pages that are not notes: no event.
            return None;
        }
        Some((event, notes))
    }

    /// Each file of a folder looked at before the folder is made an event:
    /// why it is never a note (in order, to be reported), and, for a large
    /// folder read on the loader's threads, the note it makes when it is a
    /// plain note. Making one depends on nothing but the file, so
    /// [`Self::folder_event`] takes those notes where it would make them
    /// itself, and makes the rest (overviews, talks cut from a file) in
    /// order as before: the notes of the first look's folder are made on
    /// every core instead of one.
    fn look_ahead(&self, files: &[SourceFile]) -> Vec<(Option<&'static str>, Option<MadeAhead>)> {
        let never = |file: &SourceFile| std::str::from_utf8(&file.bytes).ok().and_then(never_a_note);
        // Only inside the loader's pool (rayon's own threads): a small
        // collection, read on one thread, starts no threads for this.
        if files.len() < PARSE_AHEAD_FROM || rayon::current_thread_index().is_none() {
            return files.iter().map(|file| (never(file), None)).collect();
        }
        use rayon::prelude::*;
        let (origin, vocabulary) = (self.origin, self.vocabulary);
        files
            .par_iter()
            .map(|file| {
                // The bytes checked once: the text decoded is the one checked
                // unless it starts with a byte-order mark, and then is looked at again.
                let utf8 = std::str::from_utf8(&file.bytes).ok();
                if let Some(reason) = utf8.and_then(never_a_note) {
                    return (Some(reason), None);
                }
                let display = origin.display_path(&file.rel);
                let mut warnings = Vec::new();
                let text = match utf8 {
                    Some(utf8) => decode_valid(utf8, &display, &mut warnings),
                    None => decode(&file.bytes, &display, &mut warnings),
                };
                let looked_at = |text: &str| utf8.is_some_and(|utf8| std::ptr::eq(utf8, text));
                let skip = |text: &str| match looked_at(text) {
                    true => catalog_page_reason(text, false),
                    false => content_skip_reason(text, false),
                };
                let made = text.filter(|text| skip(text).is_none()).and_then(|text| {
                    // A file without front matter among others may hold talks: made in order.
                    let front = frontmatter::split(&text).front?;
                    let titled = names_title(Some(front));
                    let note = parse_note(&file.rel, &text, &display, vocabulary, &mut warnings);
                    Some(MadeAhead { note, warnings, titled })
                });
                (None, made)
            })
            .collect()
    }

    /// An event kept in one Markdown file: its sections are its talks
    /// ([`sections::outline`]), the text before them its overview. A file
    /// whose headings never repeat is one note. `read_date_line`: whether a
    /// date line may date the event when its path has no date.
    fn one_file_event(
        &mut self,
        mut event: Event,
        file: &SourceFile,
        path_date: Option<PartialDate>,
        read_date_line: bool,
    ) -> Option<(Event, Vec<Note>)> {
        let display = self.origin.display_path(&file.rel);
        let warned_before = self.warnings.len();
        let text = decode(&file.bytes, &display, &mut self.warnings)?;
        let split = frontmatter::split(&text);
        let heads = sections::headings(split.body);
        let outline = sections::outline(split.body, &heads);
        let mut dated = false;
        let mut notes = Vec::new();
        if outline.sections.is_empty() {
            // One note: its own front matter problems are reported as a note's.
            let note = parse_note(&file.rel, &text, &display, self.vocabulary, &mut self.warnings);
            if let Some(front) = split.front {
                dated = self.apply_event_fields(&mut event, front, &display, false);
            }
            notes.push(note);
        } else {
            if let Some(format) = split.unterminated {
                self.warnings.push(unterminated(&display, format));
            }
            if let Some(front) = split.front {
                dated = self.apply_event_fields(&mut event, front, &display, true);
            }
            if let (Some(title), false) = (&outline.title, has_name_field(split.front)) {
                // Not a day label, a bare date or a copy of another edition's heading.
                if let Some(name) = name_from_heading(title, path_date.map(|d| d.year)) {
                    event.name = sanitize_line(&name);
                }
            }
            let lines = LineIndex::new(split.body);
            let (overview, pieces) = piece_together(&lines, &outline.overview_lines, split.body_line);
            event.overview = overview;
            event.overview_pieces = pieces;
            event.overview_file = Some(file.rel.clone());
            notes = talk_file::talk_notes(&file.rel, &text, split.body, split.body_line, &outline);
        }
        if !dated && (read_date_line || path_date.is_some()) {
            let top = match outline.overview_lines.first() {
                Some(first) if !outline.sections.is_empty() => LineIndex::new(split.body).slice(first.clone()),
                _ => split.body,
            };
            apply_date_line(&mut event, top, path_date);
        }
        let warned = self.warnings.len() > warned_before;
        for note in &mut notes {
            note.has_warning |= warned;
        }
        Some((event, notes))
    }

    /// Applies `event.md`-style front matter to `event`; whether it gave a
    /// start date. Problems are reported only when `report` is set (a file
    /// that is also a note reports them as a note).
    fn apply_event_fields(&mut self, event: &mut Event, front: FrontMatter, display: &str, report: bool) -> bool {
        let fields: EventFields = match front.parse(2) {
            Ok(f) => f,
            Err(e) => {
                if report {
                    self.warnings.push(Diagnostic::new(display, e.position, format!("front matter: {}", e.message)));
                }
                return false;
            }
        };
        let warnings = &mut self.warnings;
        let mut date = |value: Option<frontmatter::Scalar>, field: &str| {
            let text = value?.0;
            let parsed = PartialDate::parse(&text);
            if parsed.is_none() && report {
                let position = front.key_line(field).map(|i| Position { line: i + 2, column: 1 });
                warnings.push(Diagnostic::new(
                    display,
                    position,
                    format!("`{field}`: `{text}` is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
                ));
            }
            parsed
        };
        let start = date(fields.start, "start");
        let end = date(fields.end, "end");
        // `date:` as site generators write it, with a time or not; never a warning.
        let start = start.or_else(|| fields.date.and_then(|d| lenient_date(&d.0)));
        if start.is_some() {
            event.start = start;
        }
        event.end = end.or(event.end);
        let clean = |s: Option<String>| s.map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty());
        if let Some(name) = clean(fields.name).or_else(|| clean(fields.title)) {
            event.name = name;
        }
        event.city = clean(fields.city);
        event.country = clean(fields.country);
        event.series = clean(fields.series);
        event.url = clean(fields.url);
        start.is_some()
    }
}

/// The overview rank given to a documentation catalog's page found by its text.
const OVERVIEW_RANK_CATALOG: usize = 4;

/// A documentation catalog's page that lists other pages (`<doc:…>`
/// links, `@Links`): what an event's README is to a folder of notes.
pub(super) fn is_catalog_page(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"<doc:").is_some() || memchr::memmem::find(bytes, b"@Links(").is_some()
}

/// Why a file's text is never a note, wherever it is: a documentation
/// catalog's root page, or a stub that only says the notes moved.
/// Asked of every file: a note's whole text is searched only for the marker's bytes.
fn never_a_note(text: &str) -> Option<&'static str> {
    let body = frontmatter::split(text).body;
    let root = "@TechnologyRoot";
    if memchr::memmem::find(body.as_bytes(), root.as_bytes()).is_some() && body.lines().any(|l| l.trim() == root) {
        return Some("a documentation catalog's root page, not a note");
    }
    let lines = body.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let moved = ["moved to", "have moved", "has moved", "now live at", "now lives at", "can be found at"];
    // At most three lines: a fourth is looked for, not every line counted.
    if lines.clone().nth(3).is_none() && lines.map(str::to_lowercase).any(|l| moved.iter().any(|m| l.contains(m))) {
        return Some("a stub pointing elsewhere, not a note");
    }
    None
}

/// Why a file's text is not a note of its event: what [`never_a_note`]
/// says, or a catalog page that only lists other pages. `None` for a note.
pub(super) fn content_skip_reason(text: &str, is_overview: bool) -> Option<&'static str> {
    never_a_note(text).or_else(|| catalog_page_reason(text, is_overview))
}

/// [`content_skip_reason`] for a text [`never_a_note`] passed.
fn catalog_page_reason(text: &str, is_overview: bool) -> Option<&'static str> {
    let body = frontmatter::split(text).body;
    // No link to a page of the catalog anywhere: no line to look at.
    memchr::memmem::find(body.as_bytes(), b"- <doc:")?;
    let lines: Vec<&str> = body.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let is_doc_link = |l: &&str| l.starts_with("- <doc:");
    if !is_overview
        && lines.iter().any(is_doc_link)
        && lines.iter().all(|l| is_doc_link(l) || l.starts_with('@') || *l == "}")
    {
        return Some("a documentation catalog page, not a note");
    }
    None
}

/// The outline of a file's text after its front matter, if it is text.
fn outline_of(bytes: &[u8]) -> Option<(&str, sections::Outline)> {
    let body = frontmatter::split(std::str::from_utf8(bytes).ok()?).body;
    let heads = sections::headings(body);
    Some((body, sections::outline(body, &heads)))
}

/// Dates an event whose path has none from the first lines of its notes
/// (`# October 24, 2017`, `April 2019` under the title), when the notes
/// that give one agree on the year.
/// `more`: the dates of files split into talks, found the same way.
fn date_from_notes(event: &mut Event, notes: &[Note], more: Vec<PartialDate>) {
    let mut found: Vec<PartialDate> = notes.iter().filter_map(|n| n.body.first_lines_date().flatten()).collect();
    found.extend(more);
    let Some(first) = found.iter().min().copied() else {
        return;
    };
    if found.iter().all(|d| d.year == first.year) {
        event.start = Some(first);
    }
}

/// A file path as the owner orders it: runs of digits compare as numbers.
fn natural_key(path: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = u64::from(c as u8 - b'0');
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                chars.next();
            }
            out.push((std::mem::take(&mut text), n));
        } else {
            text.extend(c.to_lowercase());
        }
    }
    out.push((text, 0));
    out
}

/// Whether front matter names the event (`name:` or `title:`), so a heading should not.
fn has_name_field(front: Option<FrontMatter>) -> bool {
    front.is_some_and(|f| f.has_key("name") || f.has_key("title"))
}

/// Whether front matter gives the note its title.
fn names_title(front: Option<FrontMatter>) -> bool {
    front.is_some_and(|f| f.has_key("title"))
}

/// `2019-05-20T10:00:00Z`, `2019-05-20 10:00`, `2019-05` or `2019`.
fn lenient_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    [10, 7, 4].iter().find_map(|&len| text.get(..len).and_then(PartialDate::parse))
}

/// Dates an event from a date line near the top of `text` ("May 2-3,
/// 2019", or "March 3–5" in the path's year), and places it where the
/// line says after the date ("…, Tampere (Finland)") if nothing else did. A
/// date line in another year than the path's is not trusted: the folder
/// name is the user's own filing.
fn apply_date_line(event: &mut Event, text: &str, path_date: Option<PartialDate>) {
    let Some((line, start, end)) = date::date_line_near_top(text, path_date.map(|d| d.year)) else {
        return;
    };
    if path_date.is_some_and(|p| p.year != start.year) {
        return;
    }
    event.start = Some(start);
    event.end = end.or(event.end);
    if event.city.is_none() {
        if let Some((city, country)) = super::place::after_date(line) {
            event.city = Some(sanitize_line(&city));
            event.country = event.country.take().or(country.map(|c| sanitize_line(&c)));
        }
    }
}

/// An event as far as its path tells.
fn new_event(folder: &str, name: &str, start: Option<PartialDate>) -> Event {
    Event { folder: folder.to_string(), name: sanitize_line(name), start, ..Event::default() }
}

fn unterminated(display: &str, format: Format) -> Diagnostic {
    Diagnostic::new(
        display,
        Some(Position { line: 1, column: 1 }),
        format!("front matter opened with `{}` is never closed; read as plain Markdown", format.delimiter()),
    )
}

pub(super) fn parse_note(
    rel: &str,
    text: &str,
    display: &str,
    vocabulary: &Vocabulary,
    warnings: &mut Vec<Diagnostic>,
) -> Note {
    let split = frontmatter::split(text);
    if let Some(format) = split.unterminated {
        warnings.push(unterminated(display, format));
    }
    let fields = match split.front.map(|front| front.note_fields(2)) {
        Some(Ok(fields)) => fields,
        Some(Err(e)) => {
            warnings.push(Diagnostic::new(
                display,
                e.position,
                format!("front matter: {}; note read as plain Markdown", e.message),
            ));
            NoteFields::default()
        }
        None => NoteFields::default(),
    };
    // Title and speakers as the text gives them, unless front matter does:
    // the headings are read only when it does not give both.
    let mut written: Option<heading::NoteTitle> = None;
    let read_title = || heading::read_title(split.body, rel);
    let title = match fields.title.as_deref().map(|t| sanitize_line(t.trim())).filter(|t| !t.is_empty()) {
        Some(title) => title,
        None => sanitize_line(&written.get_or_insert_with(read_title).title),
    };
    let has_speakers = split.front.is_some_and(|f| f.has_key("speakers"));
    let names = |names: &[String]| -> Vec<String> {
        names.iter().map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty()).collect()
    };
    let mut speakers = names(&fields.speakers.0);
    // `speakers: []` says there are none: the text is read only when the field is missing.
    if speakers.is_empty() && !has_speakers {
        let read = written.get_or_insert_with(read_title);
        speakers = speaker::of_note(split.body, read).iter().map(|s| sanitize_line(s)).collect();
        // Then `authors` or `author`, as site generators write them: after
        // the text, as a blog's author may be whoever took the notes.
        if speakers.is_empty() {
            speakers = names(fields.speaker_names(false));
        }
    }
    let mut topics: Vec<String> = Vec::new();
    for written in fields.topic_names() {
        let topic = vocabulary.resolve(written);
        if !topic.is_empty() && !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    Note {
        id: NoteId(rel.to_string()),
        event: 0,
        title,
        kind: fields
            .kind
            .map(|k| sanitize_line(k.trim()).to_lowercase())
            .filter(|k| !k.is_empty())
            .map(|k| Kind::from(k.as_str())),
        speakers,
        topics,
        inferred_topics: Vec::new(),
        extras: NoteExtras {
            related: fields.related.0.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect(),
            source: fields.source.map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty()),
            order: fields.order,
            group: None,
        }
        .boxed(),
        body: Body::piece(text, split.body, false),
        body_line: split.body_line,
        section: false,
        source_line: 1,
        has_warning: false,
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
        list.iter()
            .map(|(rel, text)| SourceFile { rel: rel.to_string(), bytes: Cow::Owned(text.as_bytes().to_vec()) })
            .collect()
    }

    fn collection(list: &[(&str, &str)]) -> Collection {
        build(Origin::Bundled, shape::recognise(files(list)), Vec::new(), None)
    }

    /// A large folder holding every kind of file `folder_event` tells
    /// apart: an overview, notes with front matter (one broken, one not
    /// UTF-8, two titled alike), notes with none (two headed alike), a file
    /// of numbered talks naming speakers, a stub and a catalog page.
    fn mixed_folder() -> Vec<SourceFile> {
        let mut list: Vec<(String, Vec<u8>)> = vec![
            ("2024-05-x/README.md".into(), b"# Conf X 2024\n\nWelcome.\n".to_vec()),
            ("2024-05-x/broken.md".into(), b"---\ntitle: [unclosed\n---\n# Broken\n".to_vec()),
            ("2024-05-x/latin1.md".into(), b"---\ntitle: Caf\xe9\n---\nbody\n".to_vec()),
            ("2024-05-x/day-1.md".into(), b"# Notes\n\ntext\n".to_vec()),
            ("2024-05-x/day-2.md".into(), b"# Notes\n\nmore\n".to_vec()),
            ("2024-05-x/same-a.md".into(), b"---\ntitle: Same\n---\nA\n".to_vec()),
            ("2024-05-x/same-b.md".into(), b"---\ntitle: Same\n---\nB\n".to_vec()),
            ("2024-05-x/moved.md".into(), b"# Old\n\nThe notes have moved to elsewhere.\n".to_vec()),
            ("2024-05-x/catalog.md".into(), b"---\ntitle: C\n---\n- <doc:one>\n- <doc:two>\n".to_vec()),
            (
                "2024-05-x/talks.md".into(),
                b"# Day one\n\n## 1. Opening - Ada Lovelace\n\nHello.\n\n## 2. Closing - Alan Turing\n\nBye.\n"
                    .to_vec(),
            ),
        ];
        for i in 0..40 {
            let text =
                format!("---\ntitle: Talk {i}\nspeakers: [Speaker {i}]\norder: {}\n---\n# Talk {i}\n\nBody.\n", 40 - i);
            list.push((format!("2024-05-x/talk-{i:02}.md"), text.into_bytes()));
        }
        list.into_iter().map(|(rel, bytes)| SourceFile { rel, bytes: Cow::Owned(bytes) }).collect()
    }

    #[test]
    fn a_large_folder_made_ahead_on_threads_is_the_folder_made_in_order() {
        let one_thread = build(Origin::Bundled, shape::recognise(mixed_folder()), Vec::new(), None);
        // Inside a pool of the loader's kind, notes are made ahead on its threads.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
        let threads = pool.install(|| build(Origin::Bundled, shape::recognise(mixed_folder()), Vec::new(), None));
        assert_eq!(format!("{threads:?}"), format!("{one_thread:?}"));
        assert!(one_thread.notes.len() > 40, "{}", one_thread.notes.len());
        let warned: Vec<&str> = one_thread.notes.iter().filter(|n| n.has_warning).map(|n| n.id.0.as_str()).collect();
        assert_eq!(warned, ["2024-05-x/broken.md", "2024-05-x/latin1.md"]);
        assert!(
            one_thread.warnings.iter().any(|w| w.message.contains("stub pointing elsewhere")),
            "{:?}",
            one_thread.warnings
        );
    }

    #[test]
    fn titles_come_from_front_matter_then_heading_then_file_name() {
        let c = collection(&[
            ("2019-barcelona/a.md", "---\ntitle: From Front Matter\n---\n# Heading\n"),
            ("2019-barcelona/b.md", "intro\n\n```\n# not a heading\n```\n# From Heading #\n"),
            ("2019-barcelona/c-file.md", "no heading here\n"),
        ]);
        let titles: Vec<&str> = c.notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["From Front Matter", "From Heading", "C file"], "in file order");
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn events_sort_by_date_with_undated_last_and_notes_by_order_then_title() {
        let c = collection(&[
            ("random/x.md", "# X"),
            ("2024-03-paris/b.md", "# Beta"),
            ("2024-03-paris/a.md", "# alpha"),
            ("2024-03-paris/z.md", "---\norder: 1\n---\n# Zed"),
            ("2019-05-barcelona/event.md", "---\nname: KubeCon Europe 2019\nstart: 2019-05-20\n---\nOverview"),
            ("2019-05-barcelona/n.md", "# N"),
        ]);
        let names: Vec<&str> = c.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["KubeCon Europe 2019", "Paris", "Random"]);
        let paris: Vec<&str> = c.events[1].notes.iter().map(|&i| c.notes[i].title.as_str()).collect();
        assert_eq!(paris, ["Zed", "alpha", "Beta"]);
        assert_eq!(c.events[0].overview, "Overview");
        assert_eq!(c.events[2].start, None);
        for (i, e) in c.events.iter().enumerate() {
            assert!(e.notes.iter().all(|&n| c.notes[n].event == i), "back-references renumbered");
        }
    }

    #[test]
    fn dates_come_from_folder_names_when_event_md_is_silent() {
        let c = collection(&[("2022-10-detroit/a.md", "# A"), ("2019_barcelona/a.md", "# A")]);
        assert_eq!(c.events[0].start, PartialDate::parse("2019"));
        assert_eq!(c.events[1].start, PartialDate::parse("2022-10"));
        assert_eq!(c.events[1].name, "Detroit");
    }

    #[test]
    fn bad_front_matter_still_yields_the_note_with_a_positioned_warning() {
        let c = collection(&[("2019-x/bad.md", "---\ntitle: ok\ntopics: [a, b\n---\n# Body Title\ntext\n")]);
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].title, "Body Title");
        assert!(c.notes[0].has_warning);
        assert_eq!(c.warnings.len(), 1);
        let w = &c.warnings[0];
        assert_eq!(w.file, "notes/2019-x/bad.md");
        assert!(w.position.is_some_and(|p| p.line >= 3), "{w}");
        assert!(w.message.contains("front matter"), "{w}");
    }

    #[test]
    fn unterminated_front_matter_and_bad_dates_are_warnings() {
        let c = collection(&[
            ("2019-x/u.md", "---\ntitle: never closed\n# Heading\n"),
            ("2019-x/event.md", "---\nstart: 2019-13-01\n---\n"),
        ]);
        let messages: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.starts_with("notes/2019-x/u.md:1:1: front matter opened")), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("notes/2019-x/event.md:2:1: `start`")), "{messages:?}");
        // The folder's date stands when event.md's is unusable.
        assert_eq!(c.events[0].start, PartialDate::parse("2019"));
    }

    #[test]
    fn toml_front_matter_is_read_as_yaml_is_with_errors_in_the_file() {
        let c = collection(&[
            ("2019-x/hugo.md", "+++\ntitle = \"Widgets at scale\"\nspeakers = [\"Jane Roe\"]\ntopics = \"queues\"\n+++\n# Body heading\n"),
            ("2019-x/event.md", "+++\nname = \"Widget Summit\"\nstart = 2019-05-23\n+++\n"),
            ("2019-x/bad.md", "+++\ntitle = \"Fine\"\norder = \"many\"\n+++\n# Bad\n"),
            ("2019-x/open.md", "+++\ntitle = \"never closed\"\n# Heading\n"),
        ]);
        let note = |file: &str| c.notes.iter().find(|n| n.id.0.ends_with(file)).expect("note");
        let hugo = note("hugo.md");
        assert_eq!(
            (hugo.title.as_str(), hugo.speakers.as_slice()),
            ("Widgets at scale", &["Jane Roe".to_string()][..])
        );
        assert_eq!((hugo.topics.as_slice(), hugo.body_line), (&["queues".to_string()][..], 6));
        assert_eq!((c.events[0].name.as_str(), c.events[0].start), ("Widget Summit", PartialDate::parse("2019-05-23")));
        let messages: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.starts_with("notes/2019-x/bad.md:3:9: front matter: ")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("open.md:1:1: front matter opened with `+++`")), "{messages:?}");
    }

    #[test]
    fn author_and_tags_stand_for_speakers_and_topics_when_those_are_absent() {
        let c = collection(&[
            ("2019-x/a.md", "---\ntitle: A\nauthor: Jane Roe\ntags: [rust, async]\n---\nText.\n"),
            ("2019-x/b.md", "---\ntitle: B\nauthors:\n  - name: Ann Lee\n  - name: Bo Chen\n---\nText.\n"),
            ("2019-x/c.md", "---\ntitle: C\nauthor: {name: Kim Park, url: x}\nspeakers: [Lou Reyes]\ntopics: [queues]\ntags: [rust]\n---\n"),
            ("2019-x/d.md", "---\ntitle: D\nauthor: {handle: kp}\nspeakers: []\n---\n"),
            ("2019-x/e.md", "+++\ntitle = \"E\"\nauthor = \"Jo Ito\"\ntags = [\"wasm\"]\n+++\n"),
            ("2019-x/f.md", "---\ntitle: F\nauthor: Note Taker\n---\nSpeaker: Lou Reyes\n\nText.\n"),
        ]);
        let of = |file: &str| {
            let n = c.notes.iter().find(|n| n.id.0.ends_with(file)).expect("note");
            (n.title.as_str(), n.speakers.join(", "), n.topics.join(", "))
        };
        assert_eq!(of("a.md"), ("A", "Jane Roe".into(), "rust, async".into()));
        assert_eq!(of("b.md"), ("B", "Ann Lee, Bo Chen".into(), String::new()));
        assert_eq!(of("c.md"), ("C", "Lou Reyes".into(), "queues".into()), "speakers and topics first");
        assert_eq!(of("d.md"), ("D", String::new(), String::new()), "an author of another shape costs nothing");
        assert_eq!(of("e.md"), ("E", "Jo Ito".into(), "wasm".into()));
        assert_eq!(of("f.md"), ("F", "Lou Reyes".into(), String::new()), "the speaker the text names comes first");
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn binary_and_invalid_utf8_files_are_reported() {
        let mut list = files(&[("2019-x/ok.md", "# Ok")]);
        list.push(SourceFile { rel: "2019-x/bin.md".into(), bytes: Cow::Owned(vec![0x89, b'P', 0, 1, 2]) });
        list.push(SourceFile { rel: "2019-x/latin1.md".into(), bytes: Cow::Owned(b"# Caf\xe9\nline".to_vec()) });
        let c = build(Origin::Bundled, shape::recognise(list), Vec::new(), None);
        let titles: Vec<&str> = c.notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["Caf\u{fffd}", "Ok"]);
        let messages: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.contains("bin.md: binary file")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("latin1.md:1:6: invalid UTF-8")), "{messages:?}");
    }

    #[test]
    fn topics_resolve_through_the_vocabulary_and_dedupe() {
        let c = collection(&[
            ("topics.toml", "[observability]\naliases = [\"o11y\"]\n"),
            ("2019-x/a.md", "---\ntopics: [O11y, observability, Free Form]\n---\n"),
        ]);
        assert_eq!(c.notes[0].topics, ["observability", "free-form"]);
    }

    #[test]
    fn the_notes_and_their_lists_hold_no_room_they_do_not_use() {
        let talks: Vec<(String, String)> = (0..9)
            .map(|i| (format!("2019-x/t{i}.md"), format!("---\nspeakers: [Ada]\ntopics: [a, b, c, d, e]\n---\n# T{i}")))
            .collect();
        let c = collection(&talks.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>());
        assert_eq!(c.notes.len(), 9);
        assert_eq!(c.notes.capacity(), c.notes.len());
        for note in &c.notes {
            assert_eq!((note.speakers.capacity(), note.topics.capacity()), (1, 5), "{:?}", note.id);
        }
    }

    #[test]
    fn titles_never_carry_control_characters() {
        let c = collection(&[("2019-x/a.md", "---\ntitle: \"evil \\e]0;pwned\\a\"\n---\n")]);
        assert!(!c.notes[0].title.chars().any(char::is_control), "{:?}", c.notes[0].title);
    }

    #[test]
    fn root_readme_is_the_introduction_not_an_event() {
        let c = collection(&[("README.md", "# My notes"), ("2019-x/a.md", "# A")]);
        assert_eq!(c.intro.as_deref(), Some("# My notes"));
        assert_eq!(c.events.len(), 1);
    }

    #[test]
    fn site_generator_front_matter_names_and_dates_an_event() {
        let c = collection(&[
            (
                "kubecon-2019/_index.md",
                "---\ntitle: KubeCon Europe\ndate: 2019-05-20T09:00:00Z\ndraft: false\n---\nHello",
            ),
            ("kubecon-2019/a.md", "# A"),
        ]);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let e = &c.events[0];
        assert_eq!((e.name.as_str(), e.start), ("KubeCon Europe", PartialDate::parse("2019-05-20")));
        assert_eq!(e.overview_file.as_deref(), Some("kubecon-2019/_index.md"));
    }

    #[test]
    fn a_date_line_in_another_year_than_the_folder_is_not_trusted() {
        let c = collection(&[
            ("conf-2019/README.md", "Notes written up on March 3, 2021.\n"),
            ("conf-2019/a.md", "# A"),
            ("later-2020/README.md", "March 3-4, 2020\n"),
            ("later-2020/a.md", "# A"),
            ("undated/README.md", "March 3, 2021\n"),
            ("undated/a.md", "# A"),
        ]);
        let dates: Vec<String> = c.events.iter().map(|e| e.start.map_or("-".into(), |d| d.to_string())).collect();
        assert_eq!(dates, ["2019", "2020-03-03", "-"], "a folder without a year is an undated group");
    }

    #[test]
    fn one_file_events_report_their_problems_once() {
        let mut list = files(&[
            ("bad-2019.md", "---\nstart: [\n---\n## A\ntext\n## B\ntext\n"),
            ("single-2020.md", "---\ntopics: [a\n---\n# Only\n"),
        ]);
        list.push(SourceFile { rel: "binary-2021.md".into(), bytes: Cow::Owned(vec![0, 1, 2]) });
        let c = build(Origin::Bundled, shape::recognise(list), Vec::new(), None);
        let messages: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.starts_with("notes/bad-2019.md:") && m.contains("front matter")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.starts_with("notes/single-2020.md:")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("binary-2021.md: binary file")), "{messages:?}");
        let ids: Vec<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(ids, ["bad-2019.md#a", "bad-2019.md#b", "single-2020.md"]);
        assert!(c.notes.iter().all(|n| n.has_warning));
        assert_eq!(c.events.len(), 2, "a file that is not text makes no event");
    }

    #[test]
    fn series_keep_an_explicit_name_and_join_by_key() {
        let c = collection(&[
            ("quirky-weave-2016/event.md", "---\nseries: Quirky Weave\n---\n"),
            ("quirky-weave-2016/a.md", "# A"),
            ("2018/quirkyweave/a.md", "# A"),
            ("2019/other/a.md", "# A"),
        ]);
        let series: Vec<(Option<&str>, Option<&str>)> =
            c.events.iter().map(|e| (e.series.as_deref(), e.series_key.as_deref())).collect();
        assert_eq!(
            series,
            [(Some("Quirky Weave"), Some("quirkyweave")), (Some("Quirky Weave"), Some("quirkyweave")), (None, None)]
        );
        assert_eq!(c.series_editions(1), [0, 1]);
        assert!(c.series_editions(9).is_empty());
    }

    #[test]
    fn every_line_of_an_overview_is_placed_in_its_file() {
        let day = "---\nname: Modfest\n---\n\n\nIntro one.\nIntro two.\n\n## Day 1\n\n### A\n\nx\n\n### B\n\ny\n\n\
                   ## Day 2\n\nAfternoon notes.\n\n### C\n\nz\n\n### D\n\nw\n";
        let sources = [("2031-05-modfest.md", day), ("2031-06-meetup/event.md", "---\nname: M\n---\nHello.\n")];
        let c = collection(&sources);
        assert_eq!(c.events.len(), 2);
        assert!(c.events[0].overview.contains("Afternoon notes."), "{:?}", c.events[0].overview);
        for event in &c.events {
            let file =
                sources.iter().find(|(path, _)| event.overview_file.as_deref() == Some(*path)).expect("a file").1;
            for (i, line) in event.overview.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let at = event.overview_file_line(i).expect("placed");
                assert_eq!(file.lines().nth(at - 1), Some(line), "{}: overview line {i}", event.folder);
            }
        }
    }

    fn names(c: &Collection) -> Vec<(&str, String)> {
        c.events.iter().map(|e| (e.name.as_str(), e.start.map_or("-".into(), |d| d.to_string()))).collect()
    }

    #[test]
    fn event_names_come_from_front_matter_then_own_heading_then_the_readme_link_then_the_path() {
        let c = collection(&[
            (
                "README.md",
                "# My notes

* [Web Plenum](./2016/webplenum)
* [Crab Fest EU](2017/crabfest/)
",
            ),
            (
                "2016/webplenum/README.md",
                "# webplenum-2016
slug heading: not a name
",
            ),
            ("2016/webplenum/a.md", "# A"),
            (
                "2017/crabfest/README.md",
                "# CrabFest Zurich 2017 talk notes
",
            ),
            ("2017/crabfest/a.md", "# A"),
            (
                "2018/marmotcon/README.md",
                "---
name: MarmotCon 2018
---
# Day 1
",
            ),
            ("2018/marmotcon/a.md", "# A"),
            (
                "2019/zovale/README.md",
                "# Day 1
",
            ),
            ("2019/zovale/a.md", "# A"),
        ]);
        let got: Vec<&str> = c.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(got, ["Web Plenum", "CrabFest Zurich 2017", "MarmotCon 2018", "Zovale"]);
    }

    #[test]
    fn one_file_events_ignore_day_labels_and_other_editions_headings() {
        let two = "## A. First
text
## B. Second
text
";
        let c = collection(&[
            (
                "Meetup/meetup-east-2020.md",
                &format!(
                    "# Day 1

{two}"
                ),
            ),
            (
                "Meetup/meetup-west-2017.md",
                &format!(
                    "# Meetup West (2015)

{two}"
                ),
            ),
            (
                "Meetup/meetup-west-2018.md",
                &format!(
                    "# Meetup West (2018)

{two}"
                ),
            ),
        ]);
        let got: Vec<&str> = c.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(got, ["Meetup West 2017", "Meetup West (2018)", "Meetup East 2020"]);
    }

    #[test]
    fn a_lone_file_of_numbered_talks_is_split_and_undated_folders_take_their_notes_date() {
        let c = collection(&[
            (
                "user-group/notes.md",
                "# useR Group Harwell

April 2019

## A. Welcome
x
## B. Keynote
y
",
            ),
            (
                "pop-up/pop_up.md",
                "# October 24, 2017

**A. Charts**

x

**B. Dashboards**

y
",
            ),
            (
                "forum/one-talk.md",
                "Forum, Tull
====

## What is new
### Cataloguing
## Discussion
",
            ),
            (
                "evenings/a.md",
                "# Data Evenings (11/6/2016)

text
",
            ),
            (
                "evenings/b.md",
                "**A. Leadership**

no date
",
            ),
            (
                "two-years/a.md",
                "# Spring (2018-04-02)
",
            ),
            (
                "two-years/b.md",
                "# Spring (2019-04-02)
",
            ),
        ]);
        let mut got = names(&c);
        got.sort();
        assert_eq!(
            got,
            [
                ("Evenings", "2016".to_string()),
                ("Forum", "-".to_string()),
                ("Pop Up", "2017-10-24".to_string()),
                ("Two Years", "-".to_string()),
                ("useR Group Harwell", "2019-04".to_string()),
            ]
        );
        let ids: Vec<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
        assert!(
            ids.contains(&"user-group/notes.md#a-welcome") && ids.contains(&"pop-up/pop_up.md#b-dashboards"),
            "{ids:?}"
        );
        assert!(ids.contains(&"forum/one-talk.md"), "sections that are not numbered talks stay one note: {ids:?}");
    }

    #[test]
    fn a_file_of_numbered_talks_naming_speakers_is_split_among_other_notes() {
        let day = "# Data Day (11/6/2016)\n\n**A. Widgets**\n\n- speaker: Jane Doe\n\n**B. Gadgets**\n\nx\n\n\
                   **C. Keynote: John Roe**\n\ny\n";
        let talk = "# Widgets at scale\n\n## 1. Background\nx\n\n## 2. Method\ny\n\n## 3. Results\nz\n";
        let c = collection(&[("evenings/day.md", day), ("evenings/widgets.md", talk)]);
        let ids: Vec<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                "evenings/day.md#a-widgets",
                "evenings/day.md#b-gadgets",
                "evenings/day.md#c-keynote-john-roe",
                "evenings/widgets.md"
            ]
        );
        assert_eq!((c.notes[0].speakers.as_slice(), c.notes[0].source_line), (&["Jane Doe".to_string()][..], 3));
        let event = &c.events[0];
        assert_eq!(
            (event.overview.as_str(), event.overview_file.as_deref()),
            ("# Data Day (11/6/2016)", Some("evenings/day.md"))
        );
        assert_eq!(event.start, PartialDate::parse("2016"), "the day file's first lines still date the event");
        // Beside a README, text before the talks would be lost: the file stays one note.
        let intro = "# Data Day\n\nWe met in Hall B.\n\n**A. Widgets**\n\n- speaker: Jane Doe\n\n**B. Gadgets**\n\n\
                     - speaker: Ann Poe\n\n**C. Keynote: John Roe**\n";
        let c = collection(&[
            ("evenings/README.md", "# Data Evenings\n"),
            ("evenings/day.md", intro),
            ("evenings/x.md", "# X"),
        ]);
        assert!(c.notes.iter().any(|n| n.id.0 == "evenings/day.md"));
    }

    #[test]
    fn catalog_pages_and_stubs_are_skipped_with_a_reason_and_a_catalog_page_is_an_overview() {
        let c = collection(&[
            (
                "Notes.docc/Root.md",
                "# Notes

@Metadata {
    @TechnologyRoot
}

- <doc:2026-Conf>
",
            ),
            (
                "Notes.docc/2026-Conf/2026 Conf.md",
                "# 2026 Conf

February 10-12

## Topics

- <doc:Talk>
",
            ),
            (
                "Notes.docc/2026-Conf/Talk.md",
                "# Talk

Some notes.
",
            ),
            (
                "old/moved.md",
                "# Old notes

These notes have moved to https://example.org/notes
",
            ),
        ]);
        let ids: Vec<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(ids, ["Notes.docc/2026-Conf/Talk.md"]);
        assert_eq!(c.events.len(), 1, "{:?}", names(&c));
        assert_eq!(c.events[0].name, "2026 Conf");
        assert_eq!(c.events[0].overview_file.as_deref(), Some("Notes.docc/2026-Conf/2026 Conf.md"));
        let skipped: Vec<String> = c.warnings.iter().filter(|w| w.is_skipped()).map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped.iter().any(|s| s.contains("Root.md") && s.contains("catalog's root page")), "{skipped:?}");
        assert!(skipped.iter().any(|s| s.contains("moved.md") && s.contains("stub")), "{skipped:?}");
    }

    #[test]
    fn an_event_page_dated_without_a_year_takes_the_folders_year_and_the_place_after_the_date() {
        let c = collection(&[
            ("Notes.docc/2026-Conf/2026 Conf.md", "# 2026 Conf\n\nMarch 3–5, Tampere (Finland)\n\n- <doc:Talk>\n"),
            ("Notes.docc/2026-Conf/Talk.md", "# Talk\n\nSome notes.\n"),
        ]);
        let event = &c.events[0];
        let shown = |d: Option<PartialDate>| d.map(|d| d.to_string());
        assert_eq!(shown(event.start).as_deref(), Some("2026-03-03"));
        assert_eq!(shown(event.end).as_deref(), Some("2026-03-05"));
        assert_eq!(event.city.as_deref(), Some("Tampere"));
        assert_eq!(event.country.as_deref(), Some("Finland"));
        // A date line with its year says where the same way.
        let c = collection(&[
            ("2019-conf/README.md", "# Conf\n\nMay 2-3, 2019 · Lyon, France\n"),
            ("2019-conf/a.md", "# A\n"),
        ]);
        assert_eq!((c.events[0].city.as_deref(), c.events[0].country.as_deref()), (Some("Lyon"), Some("France")));
    }

    #[test]
    fn notes_keep_the_owners_file_order_with_numbers_compared_as_numbers() {
        let c = collection(&[
            ("2016-conf/10-closing.md", "# Zeta closing"),
            ("2016-conf/2-keynote.md", "# Keynote"),
            ("2016-conf/1-opening.md", "# Opening"),
            ("2016-conf/j1-2-b.md", "# Beta"),
            ("2016-conf/j1-10-a.md", "# Alpha"),
        ]);
        let titles: Vec<&str> = c.notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["Opening", "Keynote", "Zeta closing", "Beta", "Alpha"]);
    }
}
