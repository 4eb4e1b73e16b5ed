//! Walking a collection folder (or the embedded one) into a [`Collection`].
//! One bad file never stops a load: it becomes a warning and the rest loads.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::date::PartialDate;
use super::frontmatter::{self, EventFields, NoteFields};
use super::model::{Collection, Event, Note, NoteId, Origin};
use super::topics::Vocabulary;
use crate::diagnostic::{position_of, Diagnostic, Position};
use crate::text::sanitize_line;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such folder")]
    NotFound(PathBuf),
    #[error("{0}: not a folder (confnotes opens a folder of event folders)")]
    NotAFolder(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Folders nested deeper than this are not read: protects against runaway trees.
const MAX_DEPTH: usize = 32;

/// A file of the collection, read but not yet parsed.
struct SourceFile {
    /// Path relative to the root, `/`-separated.
    rel: String,
    bytes: Cow<'static, [u8]>,
}

/// The bytes of a bundled file, by its path relative to notes/.
pub fn bundled_file(rel: &str) -> Option<&'static [u8]> {
    super::bundled::FILES.iter().find(|(r, _)| *r == rel).map(|(_, bytes)| *bytes)
}

/// The collection embedded in the binary.
pub fn load_bundled() -> Collection {
    let files = super::bundled::FILES
        .iter()
        .map(|(rel, bytes)| SourceFile { rel: (*rel).to_string(), bytes: Cow::Borrowed(*bytes) })
        .collect();
    build(Origin::Bundled, files, Vec::new())
}

/// A collection folder on disk.
pub fn load_folder(root: &Path) -> Result<Collection, LoadError> {
    let meta = fs::metadata(root).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => LoadError::NotFound(root.to_path_buf()),
        _ => LoadError::Io { path: root.to_path_buf(), source },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let origin = Origin::Folder(root.to_path_buf());
    let mut walk = Walk { origin: &origin, files: Vec::new(), warnings: Vec::new(), visited: HashSet::new() };
    walk.folder(root, "", 0).map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?;
    let Walk { files, warnings, .. } = walk;
    Ok(build(origin, files, warnings))
}

struct Walk<'a> {
    origin: &'a Origin,
    files: Vec<SourceFile>,
    warnings: Vec<Diagnostic>,
    /// Canonical folders already read, so symlink loops end.
    visited: HashSet<PathBuf>,
}

impl Walk<'_> {
    /// Reads the folder at `dir` (`rel` below the root). Only the root's own
    /// listing failing is an error; anything below becomes a warning.
    fn folder(&mut self, dir: &Path, rel: &str, depth: usize) -> io::Result<()> {
        if let Ok(canonical) = fs::canonicalize(dir) {
            if !self.visited.insert(canonical) {
                self.warn(rel, "folder already read through another path (symlink loop?); skipped");
                return Ok(());
            }
        }
        if depth > MAX_DEPTH {
            self.warn(rel, format!("nested more than {MAX_DEPTH} folders deep; skipped"));
            return Ok(());
        }
        let mut entries: Vec<_> = match fs::read_dir(dir) {
            Ok(list) => list.filter_map(Result::ok).collect(),
            Err(e) if depth == 0 => return Err(e),
            Err(e) => {
                self.warn(rel, format!("cannot read folder: {e}"));
                return Ok(());
            }
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let child_rel = if rel.is_empty() { name.to_string() } else { format!("{rel}/{name}") };
            let path = entry.path();
            // Follows symlinks: a linked folder of notes is still notes.
            let Ok(meta) = fs::metadata(&path) else {
                self.warn(&child_rel, "broken link or unreadable entry; skipped");
                continue;
            };
            if meta.is_dir() {
                self.folder(&path, &child_rel, depth + 1)?;
            } else if meta.is_file() && is_wanted(&child_rel, depth) {
                match fs::read(&path) {
                    Ok(bytes) => self.files.push(SourceFile { rel: child_rel, bytes: Cow::Owned(bytes) }),
                    Err(e) => self.warn(&child_rel, format!("cannot read: {e}")),
                }
            }
        }
        Ok(())
    }

    fn warn(&mut self, rel: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(self.origin.display_path(rel), None, message));
    }
}

/// Markdown anywhere below an event folder; at the root, the vocabulary and introduction.
fn is_wanted(rel: &str, depth: usize) -> bool {
    if depth == 0 {
        return rel == "topics.toml" || rel.eq_ignore_ascii_case("README.md");
    }
    is_markdown(rel)
}

fn is_markdown(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Text of a file, or `None` (with a warning) when it is not text at all.
fn decode<'a>(bytes: &'a [u8], file: &str, warnings: &mut Vec<Diagnostic>) -> Option<Cow<'a, str>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) {
        warnings.push(Diagnostic::new(file, None, "binary file (contains NUL bytes); skipped"));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Cow::Borrowed(text)),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let position = position_of(valid, valid.len());
            warnings.push(Diagnostic::new(file, Some(position), "invalid UTF-8; shown with replacement characters"));
            Some(String::from_utf8_lossy(bytes))
        }
    }
}

fn build(origin: Origin, files: Vec<SourceFile>, mut warnings: Vec<Diagnostic>) -> Collection {
    let mut vocabulary = Vocabulary::default();
    let mut intro = None;
    // Event folder → its files, in path order.
    let mut by_event: BTreeMap<String, Vec<SourceFile>> = BTreeMap::new();
    for file in files {
        match file.rel.split_once('/') {
            None if file.rel == "topics.toml" => {
                let display = origin.display_path(&file.rel);
                if let Some(text) = decode(&file.bytes, &display, &mut warnings) {
                    let (v, problems) = Vocabulary::parse(&text, &display);
                    vocabulary = v;
                    warnings.extend(problems);
                }
            }
            None if is_markdown(&file.rel) => {
                let display = origin.display_path(&file.rel);
                if let Some(text) = decode(&file.bytes, &display, &mut warnings) {
                    intro = Some(frontmatter::split(&text).body.to_string());
                }
            }
            None => {}
            Some((folder, _)) => by_event.entry(folder.to_string()).or_default().push(file),
        }
    }

    let mut events = Vec::new();
    let mut notes = Vec::new();
    for (folder, files) in by_event {
        let mut event = event_from_folder_name(&folder);
        let mut event_notes = Vec::new();
        for file in files {
            let display = origin.display_path(&file.rel);
            let warned_before = warnings.len();
            let Some(text) = decode(&file.bytes, &display, &mut warnings) else {
                continue;
            };
            let is_event_file = file.rel.strip_prefix(&folder).is_some_and(|r| r == "/event.md");
            if is_event_file {
                apply_event_file(&mut event, &text, &display, &mut warnings);
            } else {
                let mut note = parse_note(&file.rel, &text, &display, &vocabulary, &mut warnings);
                note.has_warning = warnings.len() > warned_before;
                event_notes.push(note);
            }
        }
        event_notes.sort_by_cached_key(|n| (n.order.is_none(), n.order, n.title.to_lowercase(), n.id.clone()));
        let event_index = events.len();
        for mut note in event_notes {
            note.event = event_index;
            event.notes.push(notes.len());
            notes.push(note);
        }
        events.push(event);
    }

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
    for note in &mut notes {
        note.event = new_index[note.event];
    }

    Collection { origin, intro, events, notes, vocabulary, warnings }
}

/// An event as far as its folder name tells: `2019-05-barcelona` → Barcelona, May 2019.
fn event_from_folder_name(folder: &str) -> Event {
    let (start, rest) = match PartialDate::from_name_prefix(folder) {
        Some((date, rest)) => (Some(date), rest),
        None => (None, folder),
    };
    let name = if rest.is_empty() { folder.to_string() } else { title_case(rest) };
    Event {
        folder: folder.to_string(),
        name: sanitize_line(&name),
        city: None,
        country: None,
        start,
        end: None,
        series: None,
        url: None,
        overview: String::new(),
        notes: Vec::new(),
    }
}

/// `salt-lake-city` → `Salt Lake City`; words already capitalised are kept.
fn title_case(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn apply_event_file(event: &mut Event, text: &str, display: &str, warnings: &mut Vec<Diagnostic>) {
    let split = frontmatter::split(text);
    if split.unterminated {
        warnings.push(unterminated(display));
    }
    event.overview = split.body.to_string();
    let Some(yaml) = split.yaml else { return };
    let fields: EventFields = match frontmatter::parse(yaml, 2) {
        Ok(f) => f,
        Err(e) => {
            warnings.push(Diagnostic::new(display, e.position, format!("front matter: {}", e.message)));
            return;
        }
    };
    let mut date = |value: Option<frontmatter::Scalar>, field: &str| {
        let text = value?.0;
        let parsed = PartialDate::parse(&text);
        if parsed.is_none() {
            let position = field_position(yaml, field);
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
    if start.is_some() {
        event.start = start;
    }
    event.end = end.or(event.end);
    let clean = |s: Option<String>| s.map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty());
    if let Some(name) = clean(fields.name) {
        event.name = name;
    }
    event.city = clean(fields.city);
    event.country = clean(fields.country);
    event.series = clean(fields.series);
    event.url = clean(fields.url);
}

/// Where `field:` starts in front matter that begins on file line 2.
fn field_position(yaml: &str, field: &str) -> Option<Position> {
    let prefix = format!("{field}:");
    yaml.lines().position(|l| l.starts_with(&prefix)).map(|i| Position { line: i + 2, column: 1 })
}

fn unterminated(display: &str) -> Diagnostic {
    Diagnostic::new(
        display,
        Some(Position { line: 1, column: 1 }),
        "front matter opened with `---` is never closed; read as plain Markdown",
    )
}

fn parse_note(rel: &str, text: &str, display: &str, vocabulary: &Vocabulary, warnings: &mut Vec<Diagnostic>) -> Note {
    let split = frontmatter::split(text);
    if split.unterminated {
        warnings.push(unterminated(display));
    }
    let fields = match split.yaml.map(|yaml| frontmatter::parse::<NoteFields>(yaml, 2)) {
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
    let title = fields
        .title
        .map(|t| sanitize_line(t.trim()))
        .filter(|t| !t.is_empty())
        .or_else(|| first_heading(split.body).map(sanitize_line))
        .unwrap_or_else(|| sanitize_line(file_stem(rel)));
    let mut topics: Vec<String> = Vec::new();
    for written in &fields.topics.0 {
        let topic = vocabulary.resolve(written);
        if !topic.is_empty() && !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    Note {
        id: NoteId(rel.to_string()),
        event: 0,
        title,
        kind: fields.kind.map(|k| sanitize_line(k.trim()).to_lowercase()).filter(|k| !k.is_empty()),
        speakers: fields.speakers.0.iter().map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty()).collect(),
        topics,
        related: fields.related.0.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect(),
        source: fields.source.map(|s| sanitize_line(s.trim())).filter(|s| !s.is_empty()),
        order: fields.order,
        body: split.body.to_string(),
        body_line: split.body_line,
        has_warning: false,
    }
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The text of the first level-1 ATX heading outside fenced code.
fn first_heading(body: &str) -> Option<&str> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            continue;
        }
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                let text = rest.trim().trim_end_matches('#').trim();
                if !text.is_empty() {
                    return Some(text);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
        list.iter()
            .map(|(rel, text)| SourceFile { rel: rel.to_string(), bytes: Cow::Owned(text.as_bytes().to_vec()) })
            .collect()
    }

    fn collection(list: &[(&str, &str)]) -> Collection {
        build(Origin::Bundled, files(list), Vec::new())
    }

    #[test]
    fn titles_come_from_front_matter_then_heading_then_file_name() {
        let c = collection(&[
            ("2019-barcelona/a.md", "---\ntitle: From Front Matter\n---\n# Heading\n"),
            ("2019-barcelona/b.md", "intro\n\n```\n# not a heading\n```\n# From Heading #\n"),
            ("2019-barcelona/c-file.md", "no heading here\n"),
        ]);
        let titles: Vec<&str> = c.notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["c-file", "From Front Matter", "From Heading"]);
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
    fn binary_and_invalid_utf8_files_are_reported() {
        let mut list = files(&[("2019-x/ok.md", "# Ok")]);
        list.push(SourceFile { rel: "2019-x/bin.md".into(), bytes: Cow::Owned(vec![0x89, b'P', 0, 1, 2]) });
        list.push(SourceFile { rel: "2019-x/latin1.md".into(), bytes: Cow::Owned(b"# Caf\xe9\nline".to_vec()) });
        let c = build(Origin::Bundled, list, Vec::new());
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
    fn missing_folder_and_file_root_are_clear_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope");
        let err = load_folder(&missing).expect_err("missing");
        assert_eq!(err.to_string(), format!("{}: no such folder", missing.display()));
        let file = dir.path().join("f.md");
        fs::write(&file, "x").expect("write");
        assert!(matches!(load_folder(&file), Err(LoadError::NotAFolder(_))));
    }

    #[test]
    fn empty_folder_is_an_empty_collection() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = load_folder(dir.path()).expect("loads");
        assert!(c.events.is_empty() && c.notes.is_empty() && c.warnings.is_empty());
    }

    #[test]
    fn folder_walk_skips_dot_files_and_non_markdown_and_reads_subfolders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2019-05-barcelona");
        fs::create_dir_all(event.join("day-2")).expect("mkdir");
        fs::create_dir_all(event.join(".git")).expect("mkdir");
        fs::write(event.join("a.md"), "# A").expect("write");
        fs::write(event.join("day-2/b.markdown"), "# B").expect("write");
        fs::write(event.join(".hidden.md"), "# H").expect("write");
        fs::write(event.join(".git/c.md"), "# C").expect("write");
        fs::write(event.join("photo.png"), [0u8, 1, 2]).expect("write");
        let c = load_folder(dir.path()).expect("loads");
        let ids: Vec<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(ids, ["2019-05-barcelona/a.md", "2019-05-barcelona/day-2/b.markdown"]);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2019-x");
        fs::create_dir_all(&event).expect("mkdir");
        fs::write(event.join("a.md"), "# A").expect("write");
        std::os::unix::fs::symlink(&event, event.join("loop")).expect("symlink");
        let c = load_folder(dir.path()).expect("loads");
        assert_eq!(c.notes.len(), 1);
        assert!(c.warnings.iter().any(|w| w.message.contains("symlink loop")), "{:?}", c.warnings);
    }
}
