//! A note read into terms: its words stemmed (each word of a worker
//! stemmed once per language), two-word phrases, each counted with its
//! field's weight; people's names, the note's own event name, stop words
//! and a collection's boilerplate lines left out.

use rust_stemmers::Stemmer;

use super::super::words::{
    for_each_read_line, for_each_word, for_each_word_read, guess_language_by_masks, hash_folded, hash_word,
    is_stop_word_in, line_hash, line_label, stop_mask, Field, Language, Word, WordMap, WordReader,
};
use super::tables::{PhraseCounts, WordIds};
use crate::notes::parallel::par_map_with;
use crate::notes::person::without_affiliation;
use crate::notes::{Collection, Note};

/// A set of word hashes (already well mixed: no hashing needed).
pub(super) type WordSet = WordMap<()>;

/// What one occurrence counts in each field (BM25F's field weights).
pub(super) const TITLE_WEIGHT: f32 = 3.0;
const HEADING_WEIGHT: f32 = 2.0;
/// Weighted count from which a note comes back to a word: said twice, or
/// named once in its title. A word said once in passing is not what a note
/// is about (see [`comes_back`] for a heading's).
const REPEATED: f32 = 2.0;

/// Whether a note whose weighted count of a word is `tf` comes back to it:
/// [`REPEATED`] or more, but a word a heading names must also be said once
/// more. A heading once counts [`REPEATED`] alone, and notes share generic
/// headings (`Drawbacks`, `Before launching`) that say nothing of their
/// subject; a title names the subject and counts more than a heading.
/// `named` (whether a title or heading holds it) is asked only when it
/// matters.
pub(super) fn comes_back(tf: f32, named: impl FnOnce() -> bool) -> bool {
    tf >= REPEATED && (tf >= HEADING_WEIGHT + 1.0 || !named())
}
/// What a two-word phrase counts beside its words, which count too.
const PHRASE_WEIGHT: f32 = 0.5;
/// Weighted count a phrase needs in a note to be one of its terms: said
/// twice, or once in its title or a heading. Two words side by side once
/// in passing are rarely a subject (their words still count), and leaving
/// them out spares counting a collection's every pair of neighbouring words.
const MIN_PHRASE_COUNT: f32 = 2.0 * PHRASE_WEIGHT;

/// A phrase while counting: its two words' ids, first in the high half.
pub(super) fn phrase_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// A note read into terms by one worker, in that worker's word ids.
pub(super) struct Counted {
    /// The [`Reading`] that read it.
    pub(super) reader: usize,
    /// `(word, weighted count)`.
    pub(super) words: Vec<(u32, f32)>,
    /// `(phrase, weighted count)` of the phrases said often enough.
    pub(super) phrases: Vec<(u64, f32)>,
    pub(super) length: f32,
    /// Words and phrases in the title or a heading (phrases as [`phrase_key`]
    /// with the high bit set, words as their id).
    pub(super) named: Vec<u64>,
    /// The ids of the words of its title that its text comes back to.
    pub(super) title: Vec<u32>,
}

/// Marks a phrase key among a note's named terms.
pub(super) const NAMED_PHRASE: u64 = 1 << 63;

/// What a worker remembers while reading notes: each word it met, once,
/// and its stem in each language it was read in.
pub(super) struct Reading {
    /// The first note this worker read: names it, in note order.
    pub(super) first: usize,
    /// Word hash → the worker's number of the word: the one look-up a word
    /// read costs; what follows is indexing by that number.
    seen: WordIds,
    /// Per word: its hash, where its folded text stands in `spelled`, and
    /// the language and `(stem id, surface)` it was last resolved in.
    met: Vec<Met>,
    spelled: String,
    /// `(word hash, language)` → the worker's id of its stem, or
    /// [`NOT_A_TERM`], and its surface: for words met in another language
    /// than the one `met` remembers.
    stems: WordMap<(u32, u32)>,
    /// Stem hash → the worker's id.
    ids: WordMap<u32>,
    /// Per id: the stem's hash.
    pub(super) lexicon: Vec<u64>,
    /// Per word seen (the second of its `stems` entry): its stem's id, how
    /// often it was read, and the word; a stem is shown by its commonest word.
    pub(super) surfaces: Vec<(u32, u32, Box<str>)>,
    /// Per id: its weighted count in the note being read.
    counts: Vec<f32>,
    /// Per id: whether the note being read names it in its title or a
    /// heading, so that [`Counted::named`] gets each word once, not once
    /// per heading's mention to be sorted away.
    named_word: Vec<bool>,
    /// Ids counted in the note being read.
    touched: Vec<u32>,
    phrases: PhraseCounts,
    /// The words of the note being read, in order.
    tokens: Vec<Token>,
    /// Reads notes' texts into words, remembering chunks that are not ASCII.
    reader: WordReader,
    /// Lists made while reading a note, kept for the next: a note's own
    /// lists are copied from them at their length, not grown word by word.
    lists: Lists,
}

/// A note's lists while it is read (see [`Counted`]).
#[derive(Default)]
struct Lists {
    named: Vec<u64>,
    title: Vec<u32>,
    /// Ids of words of the note's own event name in its text.
    echoed: Vec<u32>,
    phrases: Vec<(u64, f32)>,
}

/// A word a worker met.
struct Met {
    hash: u64,
    start: u32,
    end: u32,
    /// The languages it is a stop word of ([`stop_mask`]), which guess a note's.
    stop_mask: u16,
    /// Whether it is a word of a person's name ([`Names`]) or of an
    /// event's: only then is it looked for among a note's speakers' or its
    /// own event's words, which every word read was.
    name: bool,
    event: bool,
    /// The language its `stem` is for, or `None` before it was resolved.
    language: Option<Language>,
    /// Its stem id (or [`NOT_A_TERM`]) and surface, in `language`.
    stem: (u32, u32),
}

impl Reading {
    pub(super) fn new() -> Self {
        Self {
            first: usize::MAX,
            seen: WordIds::new(),
            met: Vec::new(),
            spelled: String::new(),
            stems: WordMap::default(),
            ids: WordMap::default(),
            lexicon: Vec::new(),
            surfaces: Vec::new(),
            counts: Vec::new(),
            named_word: Vec::new(),
            touched: Vec::new(),
            phrases: PhraseCounts::new(),
            tokens: Vec::new(),
            lists: Lists::default(),
            reader: WordReader::default(),
        }
    }

    /// Reads one word of the note: its number, the word remembered if new.
    /// Inlined into the scan of a note's words, which calls it for each.
    #[inline]
    fn push(&mut self, w: Word<'_>, context: &Context<'_>) {
        let Self { seen, met, spelled, tokens, .. } = self;
        let word = seen.get_or_insert(w.hash, || {
            let start = spelled.len() as u32;
            w.fold_into(spelled);
            let (hash, end, stop_mask) = (w.hash, spelled.len() as u32, stop_mask(w.hash));
            let names = context.names;
            let name = names.surnames.contains_key(&hash) || names.given.contains_key(&hash);
            let event = context.any_event.contains_key(&hash);
            met.push(Met { hash, start, end, stop_mask, name, event, language: None, stem: (NOT_A_TERM, 0) });
            (met.len() - 1) as u32
        });
        tokens.push(Token { word, field: w.field, joined: w.joined, capital: w.capital });
    }
}

/// A word that is no term: a stop word or a word of a speaker's name.
const NOT_A_TERM: u32 = u32::MAX;

/// People's names as words: people are not subjects, and a first name
/// shared by two speakers relates nothing.
#[derive(Default)]
pub(super) struct Names {
    /// Last words of speakers' names (their affiliation left out): a
    /// surname is no term anywhere.
    surnames: WordSet,
    /// Their other words, and common given names: a name where a capital
    /// word follows (`Julia Brannock`), but alone maybe a subject (the Julia
    /// language), so only a note's own speakers' are no terms everywhere.
    given: WordSet,
    /// Per note: the words of its speakers' names.
    pub(super) of_note: Vec<Vec<u64>>,
}

impl Names {
    pub(super) fn of(c: &Collection) -> Self {
        let mut names = Names::default();
        for word in GIVEN_NAMES.split_whitespace() {
            names.given.insert(hash_word(word), ());
        }
        // Each name read once: a speaker gives most talks of a collection's
        // events, and the words of a name are the same each time.
        let mut known: std::collections::HashMap<&str, Vec<u64>> = std::collections::HashMap::new();
        for note in &c.notes {
            let mut of_note = Vec::new();
            for speaker in &note.speakers {
                let words = known.entry(speaker.as_str()).or_insert_with(|| {
                    let mut words = Vec::new();
                    speaker_words(speaker, &mut words);
                    if let Some((&last, others)) = words.split_last() {
                        names.surnames.insert(last, ());
                        for &word in others {
                            names.given.insert(word, ());
                        }
                    }
                    words
                });
                of_note.extend_from_slice(words);
            }
            names.of_note.push(of_note);
        }
        names
    }
}

/// Appends the hashes of the words of a speaker's name, their affiliation
/// left out, to `words`.
fn speaker_words(speaker: &str, words: &mut Vec<u64>) {
    // Most names are already as `without_affiliation` leaves them: they are
    // read as written, not copied (every speaker of every note is read).
    let written = !speaker.ends_with(')')
        && !speaker.starts_with(' ')
        && !speaker.ends_with(' ')
        && !speaker.contains("  ")
        && speaker.chars().all(|c| c == ' ' || !c.is_whitespace());
    let name = if written { std::borrow::Cow::Borrowed(speaker) } else { without_affiliation(speaker).into() };
    for_each_word(&name, Field::Title, |w| words.push(w.hash));
}

/// Given names common among speakers of many countries, for names in a
/// note's text (`as Heather Mercer put it`) of people who are no speakers.
/// Words that also name subjects (Julia, Ruby, Rust) are left out.
const GIVEN_NAMES: &str = "aaron adam adrian ahmed aisha alan albert alex alexander alexandra alice alicia \
     amanda amy ana andrea andreas andrew andy angela anil anna anne anthony antonio ben benjamin bill bob \
     brandon brian bruce carl carlos carol caroline charles charlie chris christian christina christine \
     christopher claire craig dan daniel david deborah dennis diana diego dmitri dominik donald doug \
     douglas drew ed edward elena elizabeth emily emma eric erik ezra fatima felix fernando francesco \
     frank gary george giovanni greg gregory guido hannah hans harry heather helen henry hilary hugo ian \
     ivan jack jacob james jamie jan jane janet jason jeff jennifer jeremy jessica jim joe johan john \
     jonathan jordan jose joseph josh joshua juan julie justin karen kate katherine katie kelly ken kevin \
     kim kyle laura lauren laurent leah lee linda lisa lucas luis maria marie mario mark martin mary \
     matt matthew max megan melissa michael michelle miguel mike mohamed mohammed nancy natalie nathan \
     nicholas nick nicole olivia oscar pablo patrick paul pedro peter philip pierre rachel rahul raj \
     rebecca richard rob robert roberto ryan sam samantha samuel sara sarah scott sean sebastian sergey \
     simon sophie stefan stephanie stephen steve steven susan thomas tim timothy todd tom tony travis \
     victor vincent wei wes william yuki zach";

/// Hashes of the words of an event's name, series and city: every note of
/// the event (and of its other editions) would share them.
pub(super) fn event_words(event: &crate::notes::Event) -> Vec<u64> {
    let mut out = Vec::new();
    for text in std::iter::once(&event.name).chain(&event.series).chain(&event.city) {
        for_each_word(text, Field::Title, |w| out.push(w.hash));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A note's text to read its words from. A file changed since the note
/// was read counts as empty: the watcher's report of it reads the note
/// again and indexes it anew. Read from the file and let go after when it
/// is not in memory.
fn body_of<'a>(c: &Collection, note: &'a Note) -> std::borrow::Cow<'a, str> {
    c.read_text(note).unwrap_or_default()
}

/// Lines, and field labels starting lines, in this many notes or more
/// are boilerplate: a template's headings and prompts ("## Takeaways",
/// "Slides: link") and its labels ("**Presenters:** …", "Snapshot - …")
/// say nothing of a subject.
const BOILERPLATE_NOTES: u32 = 3;

/// A collection's template: the [`line_hash`]es of its boilerplate lines
/// and the [`line_label`]s of its boilerplate labels.
#[derive(Default)]
pub(super) struct Template {
    pub(super) lines: WordSet,
    pub(super) labels: WordSet,
}

impl Template {
    /// Where the words of a line to read start: past a boilerplate label
    /// (the rest of its line, a title or a name, still counts); `None` for
    /// a boilerplate line.
    pub(super) fn read_from(&self, line: &str) -> Option<usize> {
        if self.lines.contains_key(&line_hash(line)) {
            return None;
        }
        Some(line_label(line).filter(|(label, _)| self.labels.contains_key(label)).map_or(0, |(_, from)| from))
    }
}

/// The lines and labels of one note's text that could be boilerplate:
/// the `line_hash`es of the lines words are read from and their
/// `line_label`s, each sorted, once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinesSeen {
    lines: Vec<u64>,
    labels: Vec<u64>,
}

impl LinesSeen {
    pub fn of(text: &str) -> Self {
        Self::read(text, &mut (Vec::new(), Vec::new()))
    }

    /// [`LinesSeen::of`], the hashes gathered in `scratch` (kept from one
    /// note to the next) and copied at their length: not grown hash by
    /// hash and shrunk for each note.
    fn read(text: &str, scratch: &mut (Vec<u64>, Vec<u64>)) -> Self {
        let (lines, labels) = scratch;
        lines.clear();
        labels.clear();
        for_each_read_line(text, |line| {
            let hash = line_hash(line);
            if hash != 0 {
                lines.push(hash);
            }
            if let Some((label, _)) = line_label(line) {
                labels.push(label);
            }
        });
        for hashes in [&mut *lines, &mut *labels] {
            hashes.sort_unstable();
            hashes.dedup();
        }
        Self { lines: lines.to_vec(), labels: labels.to_vec() }
    }
}

/// The [`Template`] of lines and labels that stand in [`BOILERPLATE_NOTES`]
/// notes or more, and per note whether it holds one. Only the lines words
/// are read from count: a code block's lines (`kind: ConfigMap`) are never
/// read, and a note holding them needs no line of it looked at again.
/// `seen` holds each note's [`LinesSeen`] when a load took them from the
/// texts it had in memory; without them (or one short) every text is read.
pub(super) fn boilerplate_lines(c: &Collection, seen: Option<Vec<LinesSeen>>) -> (Template, Vec<bool>) {
    let per_note = match seen {
        Some(seen) if seen.len() == c.notes.len() => seen,
        _ => par_map_with(&c.notes, Default::default, |scratch, _, note| LinesSeen::read(&body_of(c, note), scratch)).0,
    };
    let per_note: Vec<(Vec<u64>, Vec<u64>)> = per_note.into_iter().map(|seen| (seen.lines, seen.labels)).collect();
    let common = |hashes: &mut dyn Iterator<Item = &u64>, most: usize| -> WordSet {
        // Made at the size it may reach, not grown (and every entry moved) again and again.
        let mut counts: WordMap<u32> = WordMap::with_capacity_and_hasher(most, Default::default());
        for &hash in hashes {
            *counts.entry(hash).or_insert(0) += 1;
        }
        counts.into_iter().filter(|&(_, n)| n >= BOILERPLATE_NOTES).map(|(hash, _)| (hash, ())).collect()
    };
    let template = Template {
        lines: common(&mut per_note.iter().flat_map(|(lines, _)| lines), per_note.iter().map(|n| n.0.len()).sum()),
        labels: common(&mut per_note.iter().flat_map(|(_, labels)| labels), per_note.iter().map(|n| n.1.len()).sum()),
    };
    let holds = per_note
        .iter()
        .map(|(lines, labels)| {
            lines.iter().any(|line| template.lines.contains_key(line))
                || labels.iter().any(|label| template.labels.contains_key(label))
        })
        .collect();
    (template, holds)
}

/// What reading any note of a collection needs to know.
pub(super) struct Context<'a> {
    pub(super) names: &'a Names,
    /// Words of the note's own speakers' names.
    pub(super) speakers: &'a [u64],
    /// Words of the note's own event name (a handful: a list is quickest).
    pub(super) own_event: &'a [u64],
    /// Words of every event's name: the words `own_event` may hold.
    pub(super) any_event: &'a WordSet,
    pub(super) boilerplate: &'a Template,
    /// One per [`Language::ALL`], in its order.
    pub(super) stemmers: &'a [Stemmer],
}

/// Reads a note into weighted term frequencies. Words of the note's own
/// event name count in its title only: a talk called "Why this conference"
/// is about the conference; a talk that mentions it in passing is not.
/// The note is read into words once; its language, which says how they
/// stem, is guessed from the first of them.
pub(super) fn count_terms(
    c: &Collection,
    note: &Note,
    has_boilerplate: bool,
    context: &Context<'_>,
    reading: &mut Reading,
) -> Counted {
    let Context { names, speakers, own_event, boilerplate, stemmers, .. } = context;
    reading.tokens.clear();
    let mut reader = std::mem::take(&mut reading.reader);
    for_each_word_read(&mut reader, &note.title, Field::Title, None::<fn(&str) -> Option<usize>>, |w| {
        reading.push(w, context)
    });
    let title_words = reading.tokens.len();
    // Most notes hold no boilerplate line or label: their lines need no hashing.
    let kept = has_boilerplate.then_some(|line: &str| boilerplate.read_from(line));
    for_each_word_read(&mut reader, &body_of(c, note), Field::Body, kept, |w| reading.push(w, context));
    reading.reader = reader;
    let Reading {
        seen: _,
        met,
        spelled,
        stems,
        ids,
        lexicon,
        surfaces,
        counts,
        named_word,
        touched,
        phrases,
        tokens,
        lists,
        ..
    } = reading;
    let Lists { named, title, echoed, phrases: kept } = lists;
    named.clear();
    title.clear();
    echoed.clear();
    let sample = &tokens[title_words..tokens.len().min(title_words + LANGUAGE_SAMPLE_WORDS)];
    let language = guess_language_by_masks(sample.iter().map(|t| met[t.word as usize].stop_mask));
    let stemmer = &stemmers[Language::ALL.iter().position(|&l| l == language).unwrap_or(0)];
    phrases.start(tokens.len());
    let mut length = 0.0f32;
    let mut previous: Option<u32> = None;
    let mut in_name = false;
    for (k, token) in tokens.iter().enumerate() {
        if !token.joined {
            previous = None;
        }
        let word = &mut met[token.word as usize];
        let hash = word.hash;
        // A person's name says who, not what: a speaker's in their note,
        // a given name and the capital word after it anywhere.
        let next_capital = tokens.get(k + 1).is_some_and(|n| n.joined && n.capital);
        let starts_name = token.capital && next_capital && word.name && names.given.contains_key(&hash);
        in_name = starts_name || (in_name && token.capital && token.joined);
        if in_name || (word.name && speakers.contains(&hash)) {
            previous = None;
            continue;
        }
        let weight = match token.field {
            Field::Title => TITLE_WEIGHT,
            Field::Heading => HEADING_WEIGHT,
            Field::Body => 1.0,
        };
        // A word's stem (and whether it is no term) is worked out once per
        // language it is read in.
        if word.language != Some(language) {
            let key = hash ^ (language as u64).wrapping_mul(0x0100_0000_01b3);
            let text = &spelled[word.start as usize..word.end as usize];
            word.stem = *stems.entry(key).or_insert_with(|| {
                if names.surnames.contains_key(&hash) || is_stop_word_in(hash, language) {
                    return (NOT_A_TERM, 0);
                }
                let stem = hash_folded(&stemmer.stem(text));
                let id = *ids.entry(stem).or_insert_with(|| {
                    lexicon.push(stem);
                    counts.push(0.0);
                    named_word.push(false);
                    (lexicon.len() - 1) as u32
                });
                surfaces.push((id, 0, text.into()));
                (id, (surfaces.len() - 1) as u32)
            });
            word.language = Some(language);
        }
        let (id, surface) = word.stem;
        if id == NOT_A_TERM {
            previous = None;
            continue;
        }
        if token.field != Field::Title && word.event && own_event.contains(&hash) {
            // No term here, but the note comes back to its title's word.
            echoed.push(id);
            previous = None;
            continue;
        }
        surfaces[surface as usize].1 += 1;
        let count = &mut counts[id as usize];
        if *count == 0.0 {
            touched.push(id);
        }
        *count += weight;
        length += weight;
        if token.field != Field::Body && !std::mem::replace(&mut named_word[id as usize], true) {
            named.push(u64::from(id));
        }
        if token.field == Field::Title {
            title.push(id);
        }
        if let (true, Some(first)) = (token.joined, previous) {
            let phrase = phrase_key(first, id);
            if token.field != Field::Body {
                named.push(phrase | NAMED_PHRASE);
            }
            phrases.add(phrase, weight * PHRASE_WEIGHT);
        }
        previous = Some(id);
    }
    // A title word the text never comes back to (`The evolution of X`) says
    // little of what the note is about.
    title.retain(|&id| counts[id as usize] > TITLE_WEIGHT || echoed.contains(&id));
    let words = touched.drain(..).map(|id| (id, std::mem::take(&mut counts[id as usize]))).collect();
    for &id in named.iter().filter(|&&n| n & NAMED_PHRASE == 0) {
        named_word[id as usize] = false;
    }
    kept.clear();
    kept.extend(phrases.counted().filter(|&(_, n)| n >= MIN_PHRASE_COUNT));
    named.sort_unstable();
    named.dedup();
    title.sort_unstable();
    title.dedup();
    Counted {
        reader: reading.first,
        words,
        phrases: kept.to_vec(),
        length,
        named: named.to_vec(),
        title: title.to_vec(),
    }
}

/// One word of the note being read: the reader's number of the word, its
/// field, whether it joins the word before and starts with a capital.
struct Token {
    word: u32,
    field: Field,
    joined: bool,
    capital: bool,
}

/// How many of a note's first words its language is guessed from: the
/// stop words of a few lines say it.
const LANGUAGE_SAMPLE_WORDS: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speakers_words_are_those_of_their_name_without_affiliation() {
        for speaker in
            ["Ada Lovelace", "Ada Lovelace (Analytical Engines)", "  Ada   Lovelace ", "Ada\u{a0}Lovelace", "", "Émile"]
        {
            let mut got = vec![7];
            speaker_words(speaker, &mut got);
            let mut want = vec![7];
            for_each_word(&without_affiliation(speaker), Field::Title, |w| want.push(w.hash));
            assert_eq!(got, want, "{speaker:?}");
        }
        let mut words = Vec::new();
        speaker_words("Ada Lovelace (Analytical Engines)", &mut words);
        assert_eq!(words, [hash_word("ada"), hash_word("lovelace")], "the affiliation is left out");
    }
}
