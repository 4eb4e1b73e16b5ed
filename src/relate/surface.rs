//! How the notes write a term. A term is one stem or two (`learn`,
//! `scikit learn`), shown by default as each word's commonest form across
//! the collection, which can be a form the notes never write together
//! (`scikit learning`). A reader knows a topic as the text writes it
//! (`scikit-learn`, `NumPy`, `anomaly detection`): its commonest spelling
//! in a few notes that use it, hyphen and all, with the case it has in the
//! middle of a sentence (titles, headings and a sentence's first word
//! capitalise words that are no names).

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::Stemmer;

use super::words::{
    for_each_read_line, guess_language_by_masks, hash_folded, stop_mask, Language, AUXILIARY, GOVERNS_VERB,
    STARTS_OBJECT,
};
use crate::notes::blocks::is_bold_line;
use crate::notes::parallel::par_map;
use crate::notes::Collection;
use crate::search::fold::fold;

/// A term to find as written: its words (any form of each word's stem,
/// folded) and the notes that use it, in the order to read them.
pub(crate) struct Wanted<'a> {
    pub words: Vec<&'a str>,
    pub notes: Vec<usize>,
    /// The spelling to keep (folded) where the notes write it; else their commonest.
    pub spelling: Option<&'a str>,
    /// Whether capitals only titles, headings or sentence starts show
    /// (`SCientists` in a title) may stand; else such a form is none.
    pub unclear_capitals: bool,
}

/// Notes read per term at most: a few show how a term is written, and
/// reading stays a small part of building the index.
pub(crate) const NOTES_READ: usize = 4;

/// How many of a note's first words its language is guessed from (the
/// stemmer that says which written words are a term's).
const LANGUAGE_SAMPLE_WORDS: usize = 100;

/// Per wanted term, how the notes read write it; `None` where none does.
pub(crate) fn written_forms(c: &Collection, wanted: &[Wanted<'_>]) -> Vec<Option<String>> {
    written_uses(c, wanted).into_iter().map(|(written, _)| written).collect()
}

/// How the word a term is shown as is used where the notes read write it:
/// how often, and how often as a verb (see [`Text::verb_like`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Uses {
    pub all: u32,
    pub verb: u32,
}

impl Uses {
    /// Whether the notes use the term mostly as a verb (`we translate`,
    /// `to move the pieces`): a reader knows a subject by a noun, and a
    /// verb two notes share says what someone did, not what they are
    /// about. Twice at least: one use says little.
    pub(crate) fn mostly_verb(&self) -> bool {
        self.verb >= 2 && 2 * self.verb >= self.all
    }
}

/// [`written_forms`], with how each term is [used](Uses) where it was found.
pub(crate) fn written_uses(c: &Collection, wanted: &[Wanted<'_>]) -> Vec<(Option<String>, Uses)> {
    let mut by_note: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, term) in wanted.iter().enumerate() {
        for &note in term.notes.iter().take(NOTES_READ) {
            by_note.entry(note).or_default().push(k);
        }
    }
    let reads: Vec<(usize, Vec<usize>)> = by_note.into_iter().collect();
    let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| Stemmer::create(l.stemmer())).collect();
    let found: Vec<Vec<Occurrence>> = par_map(&reads, |_, (note, terms)| {
        let Some(n) = c.notes.get(*note) else { return Vec::new() };
        let text = c.read_text(n).unwrap_or_default();
        let wanted_here: Vec<(usize, &Wanted<'_>)> = terms.iter().map(|&k| (k, &wanted[k])).collect();
        occurrences(&n.title, &text, &wanted_here, &stemmers)
    });
    let mut tallies: Vec<Tally> = (0..wanted.len()).map(|_| Tally::default()).collect();
    for occurrence in found.into_iter().flatten() {
        if let (Some(tally), Some(w)) = (tallies.get_mut(occurrence.term), wanted.get(occurrence.term)) {
            // How the word the reader is shown is used: `encryption` is no
            // verb where the notes say `encrypted` (another form of its stem).
            if let Some(verb) = occurrence.verb.filter(|_| w.spelling.is_none_or(|s| fold(&occurrence.written) == s)) {
                tally.uses.all += 1;
                tally.uses.verb += u32::from(verb);
            }
            tally.add(occurrence.written, occurrence.case);
        }
    }
    tallies
        .into_iter()
        .zip(wanted)
        .map(|(tally, w)| {
            let uses = tally.uses;
            (tally.best(w.spelling, w.unclear_capitals), uses)
        })
        .collect()
}

/// `terms` (words or two-word phrases, as [`Similarity`](super::similar::Similarity)
/// names them: folded, each word in its commonest form) as `notes` write
/// them: `numpy` → `NumPy`, `scikit learning` → `scikit-learn`; a term
/// they never write stays as it is. Each with how the notes [use](Uses) it.
pub(crate) fn as_written(c: &Collection, notes: &[usize], terms: &[String]) -> Vec<(String, Uses)> {
    let words: Vec<Vec<String>> = terms
        .iter()
        .map(|t| t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect())
        .collect();
    // A word keeps its spelling (`learning` stays, whatever these notes say
    // most): only its case is theirs. A phrase is spelled as they write it.
    let wanted: Vec<Wanted<'_>> = words
        .iter()
        .zip(terms)
        .map(|(w, term)| Wanted {
            words: w.iter().map(String::as_str).collect(),
            notes: notes.to_vec(),
            spelling: (w.len() == 1).then_some(term.as_str()),
            unclear_capitals: false,
        })
        .collect();
    let written = written_uses(c, &wanted);
    terms.iter().zip(written).map(|(term, (written, uses))| (written.unwrap_or_else(|| term.clone()), uses)).collect()
}

/// A wanted term met in a note: as written, what that says of its case,
/// whether it stands as a verb there (`None` outside a sentence).
struct Occurrence {
    term: usize,
    written: String,
    case: Case,
    verb: Option<bool>,
}

/// The ways one term is written, in the order first met.
#[derive(Default)]
struct Tally {
    /// Folded spelling (`scikit-learn`) → how often, and when first met.
    spellings: HashMap<String, (u32, usize)>,
    /// As written → its votes (clear, among capitals, all) and when first met.
    cases: HashMap<String, ([u32; 3], usize)>,
    met: usize,
    uses: Uses,
}

impl Tally {
    fn add(&mut self, written: String, case: Case) {
        let at = self.met;
        self.met += 1;
        self.spellings.entry(fold(&written)).or_insert((0, at)).0 += 1;
        let votes = &mut self.cases.entry(written).or_insert(([0; 3], at)).0;
        votes[0] += u32::from(case == Case::Clear);
        votes[1] += u32::from(case == Case::AmongCapitals);
        votes[2] += 1;
    }

    /// `keep` if met, else the commonest spelling, cased as it is written where its case is
    /// clearest (of two as clear, the one with fewer capitals); where
    /// every occurrence is capitalised by its place alone, without the
    /// capitals that place put there.
    fn best(self, keep: Option<&str>, unclear_capitals: bool) -> Option<String> {
        let commonest = || self.spellings.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
        let spelling = match keep.and_then(|k| self.spellings.get_key_value(k)) {
            Some((kept, _)) => kept,
            None => commonest()?.0,
        };
        let (written, votes, _) = self
            .cases
            .iter()
            .filter(|(w, _)| fold(w) == *spelling)
            .map(|(w, (votes, at))| (w, weighed(w, *votes), at))
            .max_by(|a, b| a.1.cmp(&b.1).then(capitals(b.0).cmp(&capitals(a.0))).then(b.2.cmp(a.2)))?;
        if votes[0] + votes[1] > 0 {
            return Some(written.clone());
        }
        let shown = without_initial_capitals(written);
        (unclear_capitals || !shown.chars().any(char::is_uppercase)).then_some(shown)
    }
}

/// The votes of a way of writing a term that say something of its case.
/// One capital within a word once (`CUstomer`) is a slip, not a name, and
/// one capital among capitals (`the Robust Data Pipeline talk`) may be a
/// title quoted: each needs a second to count.
fn weighed(written: &str, [clear, among, all]: [u32; 3]) -> [u32; 3] {
    let inner = without_initial_capitals(written).chars().any(char::is_uppercase);
    let clear = if clear == 1 && all == 1 && inner { 0 } else { clear };
    let among = if among >= 2 { among } else { 0 };
    [clear, among, all]
}

/// How many capitals `text` holds: of two ways of writing a term as
/// often met, the one with fewer (`customer`, not a slip like `CUstomer`).
fn capitals(text: &str) -> usize {
    text.chars().filter(|c| c.is_uppercase()).count()
}

/// `Anomaly Detection` → `anomaly detection`: a word whose only capital is
/// its first letter loses it; `NumPy` and `SQL` keep theirs.
fn without_initial_capitals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for (at, c) in text.char_indices() {
        if word_start && c.is_uppercase() {
            let rest = text[at + c.len_utf8()..].split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
            if rest.chars().any(char::is_uppercase) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            out.push(c);
        }
        word_start = !c.is_alphanumeric();
    }
    out
}

/// One word of a term, as the note's language stems it.
struct Target {
    stem: String,
    /// What every written form of the word starts with, lowercased: the
    /// text is searched for it, and only the words found are stemmed.
    needle: String,
}

impl Target {
    /// `None` for a word too short to look for.
    fn new(word: &str, stemmer: &Stemmer) -> Option<Self> {
        let stem = stemmer.stem(word).into_owned();
        // Other forms of the word may part from it where a stemmer rewrites
        // an ending (`queries` and `query` are `queri`): the needle stops
        // before the stem's last letter, and where the word parts from it.
        let last = stem.char_indices().last().map_or(0, |(at, _)| at);
        let common = stem.bytes().zip(word.bytes()).take(last.max(2)).take_while(|(a, b)| a == b).count();
        let needle = stem.get(..common)?.to_string();
        (needle.chars().nth(1).is_some()).then_some(Self { stem, needle })
    }
}

/// Every occurrence of the wanted terms in a note's title and text.
fn occurrences(title: &str, text: &str, wanted: &[(usize, &Wanted<'_>)], stemmers: &[Stemmer]) -> Vec<Occurrence> {
    let texts = [(Text::new(title), true), (Text::new(text), false)];
    // Words lowercased already: only those beyond ASCII need folding.
    let words = texts[1].0.lower.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().nth(1).is_some());
    let hash = |w: &str| if w.is_ascii() { hash_folded(w) } else { hash_folded(&fold(w)) };
    let language = guess_language_by_masks(words.take(LANGUAGE_SAMPLE_WORDS).map(|w| stop_mask(hash(w))));
    let stemmer = &stemmers[Language::ALL.iter().position(|&l| l == language).unwrap_or(0)];
    let mut out = Vec::new();
    for &(term, w) in wanted {
        let targets: Option<Vec<Target>> = w.words.iter().map(|word| Target::new(word, stemmer)).collect();
        let Some(targets) = targets.filter(|t| !t.is_empty() && t.len() <= 2) else { continue };
        for (text, title) in &texts {
            for written in text.find(&targets, stemmer) {
                // Titles and headings name things in a few words, often
                // without a sentence around them (`From Coroutines to
                // Concurrency`): how a word is used is read in sentences.
                let sentence = !*title && !text.in_heading(&written);
                let verb = sentence.then(|| targets.len() == 1 && text.verb_like(&written));
                out.push(Occurrence { term, case: text.case_of(&written, *title), written: written.text, verb });
            }
        }
    }
    out
}

/// A note's title or text, searched for a term.
struct Text<'a> {
    text: &'a str,
    /// The text lowercased (ASCII only: offsets stay those of `text`).
    lower: String,
    /// The byte ranges of the lines words are read from, when some are not
    /// (fenced code); `None` when every line is.
    read: Option<Vec<(usize, usize)>>,
}

/// A term found in a text: as written, and where.
struct Found {
    text: String,
    start: usize,
    /// Where its last word starts and ends.
    last: (usize, usize),
}

/// Whether `b` is part of a word: an ASCII letter or digit, or any byte of
/// a character beyond ASCII (letters, mostly).
fn in_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Self {
        let fenced = text.contains("```") || text.contains("~~~");
        let read = fenced.then(|| {
            let mut ranges = Vec::new();
            for_each_read_line(text, |line| {
                // A piece of `text`: its offset is where it starts.
                let start = line.as_ptr() as usize - text.as_ptr() as usize;
                ranges.push((start, start + line.len()));
            });
            ranges
        });
        Self { text, lower: text.to_ascii_lowercase(), read }
    }

    /// Where the word starting at `start` ends.
    fn word_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        (start..bytes.len()).find(|&k| !in_word(bytes[k])).unwrap_or(bytes.len())
    }

    /// The word that ends nearest before `at` on its line: `(start, end)`.
    /// Numbers and single letters are no words (`1. Docker`, `90% Legacy
    /// apps` start their line).
    fn word_before(&self, at: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut end = at;
        loop {
            while end > 0 && !in_word(bytes[end - 1]) {
                if bytes[end - 1] == b'\n' {
                    return None;
                }
                end -= 1;
            }
            if end == 0 {
                return None;
            }
            let start = (0..end).rev().find(|&k| !in_word(bytes[k])).map_or(0, |k| k + 1);
            let word = &bytes[start..end];
            if word.len() >= 2 && !word.iter().all(u8::is_ascii_digit) {
                return Some((start, end));
            }
            end = start;
        }
    }

    /// The word that starts nearest after `at` on its line: `(start, end)`.
    fn word_after(&self, at: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let start = (at..bytes.len()).find(|&k| in_word(bytes[k]) || bytes[k] == b'\n')?;
        (bytes[start] != b'\n').then(|| (start, self.word_end(start)))
    }

    /// Whether byte `at` stands in a line words are read from, outside a
    /// link's destination and a bare address.
    fn readable(&self, at: usize) -> bool {
        if let Some(read) = &self.read {
            let k = read.partition_point(|&(start, _)| start <= at);
            if k == 0 || at > read[k - 1].1 {
                return false;
            }
        }
        let bytes = self.text.as_bytes();
        let chunk_start = (0..at).rev().find(|&k| bytes[k].is_ascii_whitespace()).map_or(0, |k| k + 1);
        let chunk_end = (at..bytes.len()).find(|&k| bytes[k].is_ascii_whitespace()).unwrap_or(bytes.len());
        let chunk = &self.lower[chunk_start..chunk_end];
        let before = &self.lower[chunk_start..at];
        !(chunk.contains("://") || chunk.starts_with("www.") || before.contains("](") || before.starts_with('<'))
    }

    /// Whether the word at `start..end` stems to `target`'s stem.
    fn is(&self, (start, end): (usize, usize), target: &Target, stemmer: &Stemmer) -> bool {
        let word = &self.text[start..end];
        let folded =
            if word.is_ascii() { std::borrow::Cow::Borrowed(&self.lower[start..end]) } else { fold(word).into() };
        folded.chars().nth(1).is_some() && stemmer.stem(&folded) == target.stem
    }

    /// Every place the words of `targets` stand in a row, as written.
    fn find(&self, targets: &[Target], stemmer: &Stemmer) -> Vec<Found> {
        let mut out = Vec::new();
        let bytes = self.text.as_bytes();
        for start in memchr::memmem::find_iter(self.lower.as_bytes(), targets[0].needle.as_bytes()) {
            if (start > 0 && in_word(bytes[start - 1])) || !self.text.is_char_boundary(start) {
                continue;
            }
            let first = (start, self.word_end(start));
            if !self.readable(start) || !self.is(first, &targets[0], stemmer) {
                continue;
            }
            let written = &self.text[first.0..first.1];
            let Some(second) = targets.get(1) else {
                out.push(Found { text: written.to_string(), start, last: first });
                continue;
            };
            let Some(next) = self.word_after(first.1) else { continue };
            let Some(joiner) = joiner(&self.text[first.1..next.0]) else { continue };
            if self.is(next, second, stemmer) {
                let text = format!("{written}{joiner}{}", &self.text[next.0..next.1]);
                out.push(Found { text, start, last: next });
            }
        }
        out
    }

    /// Whether an occurrence stands in a heading (`## …`, or a line bold throughout).
    fn in_heading(&self, found: &Found) -> bool {
        let line_start = memchr::memrchr(b'\n', &self.text.as_bytes()[..found.start]).map_or(0, |k| k + 1);
        let line = &self.text[line_start..];
        let trimmed = line.trim_start_matches(' ');
        let line_end = trimmed.find('\n').unwrap_or(trimmed.len());
        line.len() - trimmed.len() <= 3 && (trimmed.starts_with('#') || is_bold_line(trimmed[..line_end].trim_end()))
    }

    /// Whether a word found stands as a verb, by the words around it:
    /// after a word that governs a verb (`will`, `can`, `we`; `to` when a
    /// word follows), an
    /// `-ing` or `-ed` form after a form of `be` or `have`, or before a
    /// word that starts its object (`translate the text`, `moving a
    /// piece`). English grammar's closed classes only: in another language
    /// nothing stands as a verb. A noun after `to` (`access to records`)
    /// counts too, which is why a term must stand so mostly.
    fn verb_like(&self, found: &Found) -> bool {
        let lower = |(start, end): (usize, usize)| &self.lower[start..end];
        let is = |list: &str, word: &str| list.split(' ').any(|w| w == word);
        let before = self.word_before(found.start).filter(|&(_, end)| !starts_sentence(&self.text[end..found.start]));
        let after = self.word_after(found.last.1).filter(|&(start, _)| {
            let between = &self.text[found.last.1..start];
            !starts_sentence(between) && !between.contains([',', ';'])
        });
        let form = &self.lower[found.last.0..found.last.1];
        let inflected = form.ends_with("ing") || form.ends_with("ed");
        if let Some(word) = before.map(lower) {
            // `to` is a preposition too (`bring to life.`, `prone to
            // overfitting.`): a verb after it goes on to what it acts on.
            if (word == "to" && after.is_some()) || is(GOVERNS_VERB, word) || (inflected && is(AUXILIARY, word)) {
                return true;
            }
        }
        after.map(lower).is_some_and(|word| is(STARTS_OBJECT, word))
    }

    /// What an occurrence says of the term's case.
    fn case_of(&self, found: &Found, title: bool) -> Case {
        if !found.text.chars().any(char::is_uppercase) {
            return Case::Clear;
        }
        // Titles and headings are cased for show: Title Case, capitals throughout.
        if title || self.in_heading(found) {
            return Case::Positional;
        }
        if without_initial_capitals(&found.text) != found.text.to_lowercase() {
            return Case::Clear;
        }
        let before = self.word_before(found.start);
        if before.is_none_or(|(_, end)| starts_sentence(&self.text[end..found.start])) {
            return Case::Positional;
        }
        let capitalised = |w: Option<(usize, usize)>| {
            w.is_some_and(|(start, _)| self.text[start..].chars().next().is_some_and(char::is_uppercase))
        };
        let among = found.start != found.last.0 || capitalised(before) || capitalised(self.word_after(found.last.1));
        if among {
            Case::AmongCapitals
        } else {
            Case::Clear
        }
    }
}

/// How much an occurrence says of how a term's letters are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Nothing put its capitals there but the writer: it has none, or
    /// capitals within words in the text (`NumPy`), or it stands
    /// capitalised alone in the middle of a sentence (`we ran Docker`).
    Clear,
    /// Capitalised in the middle of a sentence, among other capitalised
    /// words: a name (`Apache Spark`) or a title quoted (`the Data Pipeline talk`).
    AmongCapitals,
    /// Capitalised where anything would be: a title or a heading (however
    /// capitalised), a sentence's or a line's first word.
    Positional,
}

/// Whether what stands between two words ends a sentence, or a table cell.
fn starts_sentence(between: &str) -> bool {
    between.contains(['.', '!', '?', ':', '|'])
}

/// How two words stand together as one phrase: one space for spaces and
/// markup, the character itself for a hyphen, slash, dot or underscore
/// between them (`scikit-learn`, `CI/CD`, `Node.js`); `None` when
/// punctuation parts them.
fn joiner(between: &str) -> Option<&str> {
    if between.chars().any(char::is_whitespace) {
        let marks = between.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '~'));
        return marks.is_empty().then_some(" ");
    }
    match between {
        "-" | "/" | "." | "_" | "+" | "&" => Some(between),
        "" => Some(" "),
        _ => between.chars().all(|c| matches!(c, '*' | '_' | '`' | '~')).then_some(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(title: &str, text: &str, words: &[&str]) -> Vec<(String, Case)> {
        let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| Stemmer::create(l.stemmer())).collect();
        let wanted = Wanted { words: words.to_vec(), notes: vec![0], spelling: None, unclear_capitals: true };
        occurrences(title, text, &[(0, &wanted)], &stemmers).into_iter().map(|o| (o.written, o.case)).collect()
    }

    fn best(title: &str, text: &str, words: &[&str]) -> Option<String> {
        let mut tally = Tally::default();
        for (written, case) in forms(title, text, words) {
            tally.add(written, case);
        }
        tally.best(None, true)
    }

    #[test]
    fn a_phrase_is_named_as_the_text_writes_it_not_by_each_words_commonest_form() {
        // `learning` is the word's commonest form; the phrase is written `scikit-learn`.
        let text = "We fit models with scikit-learn. Learning rates, learning curves: scikit-learn again.";
        assert_eq!(best("Pipelines", text, &["scikit", "learning"]).as_deref(), Some("scikit-learn"));
    }

    #[test]
    fn case_comes_from_the_middle_of_sentences() {
        let text = "## NumPy Arrays\n\nArrays in NumPy are typed. Numpy is fast. We use NumPy daily.";
        assert_eq!(best("Arrays", text, &["numpy"]).as_deref(), Some("NumPy"));
        let title_case = "# Anomaly Detection\n\nAnomaly detection finds outliers; anomaly detection at scale.";
        assert_eq!(
            best("Anomaly Detection", title_case, &["anomaly", "detection"]).as_deref(),
            Some("anomaly detection")
        );
        let only_capitalised = "## Docker\n\nDocker runs it.";
        assert_eq!(best("Docker Tips", only_capitalised, &["docker"]).as_deref(), Some("docker"));
        assert_eq!(best("SQL", "SQL. More.", &["sql"]).as_deref(), Some("SQL"), "capitals within a word stay");
        let heading = "## CUstomer Value\n\nWe asked each customer.";
        assert_eq!(
            best("CUstomer Value", heading, &["customer"]).as_deref(),
            Some("customer"),
            "a heading's case is for show"
        );
        let slip = "Our CUstomer data. Customer first. Customer second.";
        assert_eq!(best("Notes", slip, &["customer"]).as_deref(), Some("customer"), "a slip once is no name");
        let once = "the Robust Data Pipeline talk. Pipeline first. Pipeline again.";
        assert_eq!(best("Notes", once, &["pipeline"]).as_deref(), Some("pipeline"), "a capital among capitals once");
        let tie = "Our NUMPY arrays; our numpy code.";
        assert_eq!(best("Notes", tie, &["numpy"]).as_deref(), Some("numpy"), "as often met: fewer capitals");
        let quoted = "We saw the Robust Data Pipeline talk. Every pipeline needs tests, said the Pipeline Guild.";
        assert_eq!(best("Pipelines", quoted, &["pipeline"]).as_deref(), Some("pipeline"), "a title quoted");
        let name = "We ran Apache Spark on it, then Apache Kafka.";
        assert_eq!(best("Streams", name, &["apache"]).as_deref(), Some("Apache"), "a name of two words");
    }

    #[test]
    fn every_form_of_a_word_is_found_where_the_stemmer_rewrites_its_ending() {
        assert_eq!(forms("Notes", "One query, two queries, a queried table.", &["queries"]).len(), 3);
        assert_eq!(forms("Notes", "One query, two queries.", &["query"]).len(), 2);
    }

    #[test]
    fn numbers_before_a_word_leave_it_at_the_start_of_its_line() {
        assert_eq!(
            best("Notes", "- 90% Legacy apps\n- 1. Legacy code\n- old legacy systems", &["legacy"]).as_deref(),
            Some("legacy")
        );
    }

    #[test]
    fn punctuation_between_two_words_parts_them() {
        let text = "We tried scikit. Learn more later; event, loop.";
        assert!(forms("Notes", text, &["scikit", "learn"]).is_empty());
        assert_eq!(
            best("Notes", "the **event loop** and an `event` loop", &["event", "loop"]).as_deref(),
            Some("event loop")
        );
    }

    #[test]
    fn code_blocks_are_not_read() {
        let text = "We use scikit learn here.\n\n```python\nimport scikit-learn\nscikit-learn scikit-learn\n```\n";
        assert_eq!(best("Notes", text, &["scikit", "learn"]).as_deref(), Some("scikit learn"));
    }

    #[test]
    fn links_and_addresses_hold_no_words() {
        let text = "See [the docs](https://scikit-learn.org/stable) and www.scikit-learn.org for more.";
        assert!(forms("Notes", text, &["scikit", "learn"]).is_empty());
    }

    #[test]
    fn a_title_case_word_keeps_no_capital_but_a_name_does() {
        assert_eq!(without_initial_capitals("Anomaly Detection"), "anomaly detection");
        assert_eq!(without_initial_capitals("NumPy and SQL"), "NumPy and SQL");
        assert_eq!(without_initial_capitals("Scikit-Learn"), "scikit-learn");
    }
}
