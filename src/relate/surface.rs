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

use super::words::{for_each_read_line, guess_language, hash_folded, Language};
use crate::notes::blocks::is_bold_line;
use crate::notes::parallel::par_map;
use crate::notes::Collection;
use crate::search::fold::{fold, fold_into};

/// A term to find as written: its words (any form of each word's stem,
/// folded) and the notes that use it, in the order to read them.
pub(crate) struct Wanted<'a> {
    pub words: Vec<&'a str>,
    pub notes: Vec<usize>,
}

/// Notes read per term at most: a few show how a term is written, and
/// reading stays a small part of building the index.
pub(crate) const NOTES_READ: usize = 4;

/// How many of a note's first words its language is guessed from (the
/// stemmer that says which written words are a term's).
const LANGUAGE_SAMPLE_WORDS: usize = 100;

/// Per wanted term, how the notes read write it; `None` where none does.
pub(crate) fn written_forms(c: &Collection, wanted: &[Wanted<'_>]) -> Vec<Option<String>> {
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
        if let Some(tally) = tallies.get_mut(occurrence.term) {
            tally.add(occurrence.written, occurrence.case);
        }
    }
    tallies.into_iter().map(Tally::best).collect()
}

/// A wanted term met in a note: as written, and what that says of its case.
struct Occurrence {
    term: usize,
    written: String,
    case: Case,
}

/// The ways one term is written, in the order first met.
#[derive(Default)]
struct Tally {
    /// Folded spelling (`scikit-learn`) → how often, and when first met.
    spellings: HashMap<String, (u32, usize)>,
    /// As written → its votes (clear, among capitals, all) and when first met.
    cases: HashMap<String, ([u32; 3], usize)>,
    met: usize,
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

    /// The commonest spelling, cased as it is written where its case is
    /// clearest; where every occurrence is capitalised by its place
    /// alone, without the capitals that place put there.
    fn best(self) -> Option<String> {
        let (spelling, _) = self.spellings.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
        let (written, (votes, _)) = self
            .cases
            .iter()
            .filter(|(w, _)| fold(w) == *spelling)
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
        Some(if votes[0] + votes[1] > 0 { written.clone() } else { without_initial_capitals(written) })
    }
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
    term: usize,
    /// Its place in the term (0 or 1).
    position: usize,
    stem: String,
    /// The stem's first characters: only words that start with them are stemmed.
    prefix: String,
}

/// Every occurrence of the wanted terms in a note's title and text.
fn occurrences(title: &str, text: &str, wanted: &[(usize, &Wanted<'_>)], stemmers: &[Stemmer]) -> Vec<Occurrence> {
    let mut lines: Vec<(&str, bool)> = vec![(title, true)];
    for_each_read_line(text, |line| {
        let trimmed = line.trim_start_matches(' ');
        let heading = line.len() - trimmed.len() <= 3 && (trimmed.starts_with('#') || is_bold_line(trimmed.trim_end()));
        lines.push((line, heading));
    });
    let language = guess_language(
        lines[1..]
            .iter()
            .flat_map(|(line, _)| words_of(line))
            .take(LANGUAGE_SAMPLE_WORDS)
            .map(|w| hash_folded(&fold(w.text))),
    );
    let stemmer = &stemmers[Language::ALL.iter().position(|&l| l == language).unwrap_or(0)];
    let mut targets: Vec<Target> = Vec::new();
    for &(term, w) in wanted {
        for (position, word) in w.words.iter().enumerate() {
            let stem = stemmer.stem(word).into_owned();
            let prefix: String = stem.chars().take(3).collect();
            targets.push(Target { term, position, stem, prefix });
        }
    }
    let mut out = Vec::new();
    let mut folded = String::new();
    for (line, ambiguous_line) in lines {
        let words: Vec<LineWord<'_>> = words_of(line).collect();
        // Per word of the line: the targets it is, as `(term, position)`.
        let mut matches: Vec<Vec<(usize, usize)>> = Vec::with_capacity(words.len());
        for word in &words {
            folded.clear();
            fold_into(word.text, &mut folded);
            let mut stem: Option<String> = None;
            let mut matched: Vec<(usize, usize)> = Vec::new();
            for target in targets.iter().filter(|t| folded.starts_with(&t.prefix)) {
                let stem = stem.get_or_insert_with(|| stemmer.stem(&folded).into_owned());
                if *stem == target.stem {
                    matched.push((target.term, target.position));
                }
            }
            matches.push(matched);
        }
        for (j, matched) in matches.iter().enumerate() {
            for &(term, position) in matched {
                let length = wanted.iter().find(|(k, _)| *k == term).map_or(0, |(_, w)| w.words.len());
                // The first word of the occurrence: this one, or the one before for a phrase's second word.
                let first = match (length, position) {
                    (1, _) => j,
                    (2, 1) if j > 0 && matches[j - 1].contains(&(term, 0)) => j - 1,
                    _ => continue,
                };
                let written = if first == j {
                    words[j].text.to_string()
                } else {
                    let Some(joiner) = joiner(&line[words[first].end..words[j].start]) else { continue };
                    format!("{}{joiner}{}", words[first].text, words[j].text)
                };
                let case = case_of(&written, line, &words, first, j, ambiguous_line);
                out.push(Occurrence { term, written, case });
            }
        }
    }
    out
}

/// How much an occurrence says of how a term's letters are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Nothing put its capitals there but the writer: it has none, or
    /// capitals within words (`NumPy`), or it stands capitalised alone in
    /// the middle of a sentence (`we ran Docker`).
    Clear,
    /// Capitalised in the middle of a sentence, among other capitalised
    /// words: a name (`Apache Spark`) or a title quoted (`the Data Pipeline talk`).
    AmongCapitals,
    /// Capitalised where anything would be: a title, a heading, a
    /// sentence's or a line's first word.
    Positional,
}

/// The [`Case`] of the occurrence `written` of `line`'s words `first..=last`.
fn case_of(written: &str, line: &str, words: &[LineWord<'_>], first: usize, last: usize, heading: bool) -> Case {
    if without_initial_capitals(written) == written {
        return Case::Clear;
    }
    let starts = first == 0 || starts_sentence(&line[words[first - 1].end..words[first].start]);
    if heading || starts {
        return Case::Positional;
    }
    let capitalised = |k: usize| words.get(k).is_some_and(|w| w.text.chars().next().is_some_and(char::is_uppercase));
    let neighbours = capitalised(first - 1) || capitalised(last + 1) || first != last;
    if neighbours {
        Case::AmongCapitals
    } else {
        Case::Clear
    }
}

/// A word of a line: its letters and digits, where it stands.
#[derive(Clone, Copy)]
struct LineWord<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The words of a line as the text writes them: runs of letters and digits
/// of two characters or more, not all digits; a link's destination and a
/// bare address hold none.
fn words_of(line: &str) -> impl Iterator<Item = LineWord<'_>> {
    let mut out = Vec::new();
    for chunk in line.split(char::is_whitespace) {
        // A piece of `line`: its offset is where it starts.
        let start = chunk.as_ptr() as usize - line.as_ptr() as usize;
        if chunk.contains("://") || chunk.starts_with("www.") || (chunk.starts_with('<') && chunk.ends_with('>')) {
            continue;
        }
        let chunk = chunk.find("](").map_or(chunk, |cut| &chunk[..cut]);
        let mut run: Option<usize> = None;
        for (k, c) in chunk.char_indices().chain([(chunk.len(), ' ')]) {
            match (c.is_alphanumeric() && k < chunk.len(), run) {
                (true, None) => run = Some(k),
                (false, Some(from)) => {
                    let text = &chunk[from..k];
                    if text.chars().nth(1).is_some() && !text.bytes().all(|b| b.is_ascii_digit()) {
                        out.push(LineWord { text, start: start + from, end: start + k });
                    }
                    run = None;
                }
                _ => {}
            }
        }
    }
    out.into_iter()
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
        let wanted = Wanted { words: words.to_vec(), notes: vec![0] };
        occurrences(title, text, &[(0, &wanted)], &stemmers).into_iter().map(|o| (o.written, o.case)).collect()
    }

    fn best(title: &str, text: &str, words: &[&str]) -> Option<String> {
        let mut tally = Tally::default();
        for (written, case) in forms(title, text, words) {
            tally.add(written, case);
        }
        tally.best()
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
        let quoted = "We saw the Robust Data Pipeline talk. Every pipeline needs tests, said the Pipeline Guild.";
        assert_eq!(best("Pipelines", quoted, &["pipeline"]).as_deref(), Some("pipeline"), "a title quoted");
        let name = "We ran Apache Spark on it, then Apache Kafka.";
        assert_eq!(best("Streams", name, &["apache"]).as_deref(), Some("Apache"), "a name of two words");
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
