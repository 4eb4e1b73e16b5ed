//! Words of a note, as topic inference and text similarity read them: the
//! terms search reads ([`for_each_term`] over [`fold`]ed text) outside code
//! blocks, link destinations and URLs, each with the field it stands in and
//! a 64-bit hash so that counting words needs no allocation; and the stop
//! words of the languages notes are written in.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

pub(crate) use super::word_reader::WordReader;
use crate::notes::blocks::{fence_opening, is_bold_line};
use crate::search::fold::{fold, fold_into, for_each_term, MAX_TERM_CHARS};
use crate::tokens::chunks::Blocks;
use crate::tokens::classes::is_space;

/// Where a word stands in a note; titles and headings say more about what
/// a note is about than a word in passing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    /// An ATX `#` heading or a line bold from end to end.
    Heading,
    Body,
}

/// One word of a text, folded as search folds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as the text writes it when it is ASCII letters and digits
    /// (folding it is lowercasing it), else folded ([`crate::search::fold`]):
    /// most words are only hashed, and never need folding. Bytes, not a
    /// `str`: cutting a line's bytes into words checks no character edge.
    pub(super) written: &'a [u8],
    /// [`hash_word`] of the word.
    pub hash: u64,
    pub field: Field,
    /// Only spaces or markup separate this word from the one before, so the
    /// two may be one phrase (`event loop`, `scikit-learn`); punctuation, a
    /// skipped link or a new line between them say they are not.
    pub joined: bool,
    /// The word was written with a capital first letter (`Julia`, not
    /// `julia`): with the word after it, maybe a person's name.
    pub capital: bool,
}

impl Word<'_> {
    /// Appends the word folded ([`crate::search::fold`]): lower case, no accents.
    pub(crate) fn fold_into(&self, out: &mut String) {
        let start = out.len();
        // ASCII or folded text, so always UTF-8.
        out.push_str(std::str::from_utf8(self.written).unwrap_or_default());
        // Folded text has no ASCII capital: lowercasing it changes nothing.
        out[start..].make_ascii_lowercase();
    }

    /// The word folded.
    #[cfg(test)]
    pub(crate) fn folded(&self) -> String {
        let mut out = String::new();
        self.fold_into(&mut out);
        out
    }
}

/// Calls `f` for every word of the Markdown `text`, in order; `field` is
/// the field of words outside headings (a title is all title). Words are
/// the terms of [`for_each_term`] of two characters or more that are not
/// all digits. Fenced code, link destinations, bare URLs and HTML tags are
/// skipped: code and addresses say little about what a note is about.
pub(crate) fn for_each_word(text: &str, field: Field, f: impl FnMut(Word<'_>)) {
    for_each_word_kept(text, field, None::<fn(&str) -> Option<usize>>, f);
}

/// [`for_each_word`] over the lines `keep` keeps, each from the byte it
/// says (past a template's field label), a line left out when it says
/// `None` (every line whole when there is no `keep`, which spares looking).
pub(crate) fn for_each_word_kept(
    text: &str,
    field: Field,
    keep: Option<impl FnMut(&str) -> Option<usize>>,
    f: impl FnMut(Word<'_>),
) {
    for_each_word_read(&mut WordReader::default(), text, field, keep, f);
}

/// [`for_each_word_kept`] by a [`WordReader`] kept from one text to the next.
pub(crate) fn for_each_word_read(
    reader: &mut WordReader,
    text: &str,
    field: Field,
    mut keep: Option<impl FnMut(&str) -> Option<usize>>,
    mut f: impl FnMut(Word<'_>),
) {
    // The text's bytes classified once, the lines reading their blocks in turn.
    let mut blocks = Blocks::new(text.as_bytes());
    for_each_read_line(text, |line| {
        let from = match keep.as_mut() {
            Some(keep) => match keep(line) {
                Some(from) => from,
                None => return,
            },
            None => 0,
        };
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let heading = indent <= 3 && (trimmed.starts_with('#') || is_bold_line(trimmed.trim_end()));
        let field = if heading && field == Field::Body { Field::Heading } else { field };
        // `line` is part of `text`: where it starts there.
        let start = line.as_ptr() as usize - text.as_ptr() as usize;
        let from = if line.is_char_boundary(from) { from } else { line.len() };
        words_of_line(text.as_bytes(), &mut blocks, (start + from, start + line.len()), field, reader, &mut f);
    });
}

/// Calls `f` for every line of the Markdown `text` that words are read
/// from: all but fenced code and its fences.
pub(crate) fn for_each_read_line<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut fence: Option<(u8, usize)> = None;
    for line in lines(text) {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent <= 3 {
            if let Some((ch, len)) = fence {
                let run = trimmed.bytes().take_while(|&b| b == ch).count();
                if run >= len && trimmed[run..].trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            if let Some(open) = fence_opening(trimmed) {
                fence = Some(open);
                continue;
            }
        } else if fence.is_some() {
            continue;
        }
        f(line);
    }
}

/// The lines of `text`, as `text.split('\n')` gives them, found by a
/// vectorised search: every note's text is cut into lines when notes are
/// related, and the standard library's search looks at a word at a time.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain([None]).map(move |end| {
        let end = end.unwrap_or(text.len());
        // Cut at a `\n`, so at a character's edge.
        let line = text.get(start..end).unwrap_or_default();
        start = end + 1;
        line
    })
}

/// Lines longer than this (in bytes, marks trimmed) are prose: a
/// template's headings and prompts are short, so longer lines get no hash
/// and are never boilerplate (which spares hashing every paragraph).
const MAX_TEMPLATE_LINE: usize = 120;

/// A line as a hash that ignores case, indentation and the marks of a
/// heading, list item, quote or emphasis around it: `## Takeaways` and
/// `**takeaways**` are one line. 0 for a line with no letter or digit, and
/// for a line longer than [`MAX_TEMPLATE_LINE`].
pub(crate) fn line_hash(line: &str) -> u64 {
    let core = line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '_' | '-' | '>' | '+' | ':'));
    if core.len() > MAX_TEMPLATE_LINE || (!core.bytes().any(|b| b.is_ascii_alphanumeric()) && core.is_ascii()) {
        return 0;
    }
    // Lowercased eight bytes at a time as they are hashed: every short
    // line of every note is hashed.
    hash_lowercased(core.as_bytes()) | 1
}

/// Longest a field label may be, in bytes: a template's `Presenters`,
/// not the opening of a sentence.
const MAX_LABEL: usize = 40;
/// Bytes from a label's start within which the `:` or dash after it
/// stands: its last character starts by [`MAX_LABEL`] (4 bytes at most),
/// then a closing `**` and a space before a dash.
const LABEL_WINDOW: usize = MAX_LABEL + 8;
/// Most words a field label has.
const MAX_LABEL_WORDS: usize = 3;
/// Sets a label's hash apart from a whole line's ([`line_hash`]).
const LABEL_SALT: u64 = 0x5bd1_e995_9e37_79b9;

/// The field label a line starts with, as a hash that ignores case and
/// the marks around it, and the byte its rest starts at: a short prefix
/// (one to three words) ending in `:` (`**Presenters:** …`,
/// `__Slides__: …`), or followed by ` - ` or ` — ` before a title-like
/// rest (`Snapshot - Building …`). A template's labels start lines of
/// many notes and say nothing of their subjects.
pub(crate) fn line_label(line: &str) -> Option<(u64, usize)> {
    let bytes = line.as_bytes();
    let mut at = bytes.iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'>' | b'#')).count();
    if matches!(bytes.get(at..at + 2), Some([b'-' | b'*' | b'+', b' '])) {
        at += 2;
    }
    let mark = match bytes.get(at..at + 2) {
        Some(b"**") => Some(&b"**"[..]),
        Some(b"__") => Some(&b"__"[..]),
        _ => None,
    };
    at += mark.map_or(0, <[u8]>::len);
    let start = at;
    // A label ends within MAX_LABEL bytes and a character, then a closing
    // mark, at a `:` or a dash (`-`, or `—` and `–`, which start with byte
    // 0xe2): a line with none of them there, most prose, has no label and
    // is spared reading its first words as one. Every line of every note
    // is asked.
    // A label starts with a letter.
    if !line.get(start..)?.chars().next()?.is_alphabetic() {
        return None;
    }
    let window = bytes.get(start..bytes.len().min(start + LABEL_WINDOW)).unwrap_or_default();
    memchr::memchr3(b':', b'-', 0xe2, window)?;
    // The label: letters and digits, with spaces, apostrophes and hyphens
    // inside, starting with a letter.
    let mut end = start;
    let mut previous = ' ';
    for (i, c) in line.get(start..)?.char_indices() {
        let inside = previous != ' ' && matches!(c, ' ' | '\'' | '-');
        if !(c.is_alphanumeric() || inside) || i > MAX_LABEL {
            break;
        }
        if i == 0 && !c.is_alphabetic() {
            return None;
        }
        end = start + i + c.len_utf8();
        previous = c;
    }
    let label = line.get(start..end)?.trim_end_matches([' ', '\'', '-']);
    let words = label.split(' ').count();
    if label.is_empty() || words > MAX_LABEL_WORDS {
        return None;
    }
    let mut rest = &line[start + label.len()..];
    let closed = |rest: &mut &str| match mark {
        Some(mark) => match rest.as_bytes().strip_prefix(mark) {
            Some(after) => {
                *rest = &rest[rest.len() - after.len()..];
                true
            }
            None => false,
        },
        None => true,
    };
    let after_colon = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let from = if let Some(after) = rest.strip_prefix(':') {
        // `**Label:**` or `Label:`.
        rest = after;
        (closed(&mut rest) && after_colon(rest)).then_some(())?;
        line.len() - rest.len()
    } else {
        // `**Label**: …`, or a dash before a title.
        closed(&mut rest).then_some(())?;
        if let Some(after) = rest.strip_prefix(':') {
            after_colon(after).then_some(())?;
            line.len() - after.len()
        } else {
            let after = [" - ", " — ", " – "].iter().find_map(|dash| rest.strip_prefix(dash))?;
            after.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()).then_some(())?;
            line.len() - after.len()
        }
    };
    let mut lower = [0u8; MAX_LABEL + 8];
    let lower = lower.get_mut(..label.len())?;
    for (to, b) in lower.iter_mut().zip(label.bytes()) {
        *to = b.to_ascii_lowercase();
    }
    Some(((hash_bytes(lower) ^ LABEL_SALT) | 1, from))
}

/// Characters that end a phrase when they stand at the edge of a word.
fn breaks_phrase(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | '“' | '”' | '|' | '—' | '–'
    )
}

/// Whether `b` ends a phrase when it stands at the edge of a word (ASCII only).
fn breaks_phrase_byte(b: u8) -> bool {
    b.is_ascii() && breaks_phrase(char::from(b))
}

/// Where a Markdown link's destination starts in a chunk: just after its `](`.
fn link_destination(chunk: &[u8]) -> Option<usize> {
    // Chunks are a word or two long: a plain scan beats a vectorised search.
    (0..chunk.len().saturating_sub(1)).find(|&at| chunk[at] == b']' && chunk[at + 1] == b'(').map(|at| at + 1)
}

/// A bare URL or `<...>` autolink or tag: no words of a subject.
fn is_address(chunk: &[u8]) -> bool {
    chunk.windows(3).any(|w| w == b"://")
        || chunk.starts_with(b"www.")
        || (chunk.first() == Some(&b'<') && chunk.last() == Some(&b'>'))
}

/// Byte classes a line is scanned by, one look-up per byte: a space
/// between chunks, a byte that keeps a chunk from being plain (not ASCII,
/// or `]`, `:`, `<`, which links and addresses hold), a letter or digit,
/// any other byte (punctuation, marks).
const SPACE: u8 = 1;
const SPECIAL: u8 = 2;
const ALNUM: u8 = 4;
const DIGIT: u8 = 8;
const OTHER: u8 = 16;
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = match byte {
            _ if is_space(byte) => SPACE,
            b']' | b':' | b'<' | 0x80..=0xff => SPECIAL,
            b'0'..=b'9' => ALNUM | DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
            _ => OTHER,
        };
        b += 1;
    }
    classes
};

fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

/// The words of the bytes `start..end` of a text (a line, or its rest past a label).
fn words_of_line(
    bytes: &[u8],
    blocks: &mut Blocks<'_>,
    (start, end): (usize, usize),
    field: Field,
    reader: &mut WordReader,
    f: &mut impl FnMut(Word<'_>),
) {
    let mut joined = false;
    // Chunks between ASCII spaces, found eight bytes at a time with
    // whether they are letters only: most are plain words (ASCII, no link
    // or address) and are read at once; the others are cut again at any
    // other Unicode space, which gives the chunks `split_whitespace` would.
    for (start, end, letters) in blocks.chunks(start, end) {
        let chunk = &bytes[start..end];
        if letters {
            // Letters only, the commonest chunk: one word, as `plain_chunk`
            // reads it, without looking at its bytes again.
            let word = (2..MAX_TERM_CHARS).contains(&chunk.len());
            if word {
                let capital = chunk[0].is_ascii_uppercase();
                f(Word { written: chunk, hash: hash_alphanumeric(chunk), field, joined, capital });
            }
            joined = word;
            continue;
        }
        let seen = chunk.iter().fold(0, |seen, &b| seen | class(b));
        let plain = seen & SPECIAL == 0;
        if plain && !chunk.starts_with(b"www.") {
            joined = plain_chunk(chunk, joined, field, f);
            continue;
        }
        if chunk.is_ascii() {
            joined = ascii_chunk(chunk, joined, field, f);
            continue;
        }
        joined = reader.non_ascii_chunk(chunk, joined, field, f);
    }
}

/// The words of a chunk that is not all ASCII: it is cut again at any
/// Unicode space, each piece read by [`ascii_chunk`] or [`unicode_chunk`].
pub(super) fn non_ascii_chunk(
    chunk: &[u8],
    mut joined: bool,
    field: Field,
    folded: &mut String,
    f: &mut impl FnMut(Word<'_>),
) -> bool {
    // Cut at ASCII bytes, so still whole characters.
    let Ok(chunk) = std::str::from_utf8(chunk) else { return joined };
    for chunk in chunk.split_whitespace() {
        joined = if chunk.is_ascii() {
            ascii_chunk(chunk.as_bytes(), joined, field, f)
        } else {
            unicode_chunk(chunk, joined, field, folded, f)
        };
    }
    joined
}

/// [`ascii_chunk`] for a chunk of ASCII with no link or address in it (no
/// `]`, `:` or `<`, no `www.`), the common case, in one pass: the words are
/// its runs of letters and digits; what stands before the first and after
/// the last may break a phrase, what stands between them does not.
fn plain_chunk(bytes: &[u8], mut joined: bool, field: Field, f: &mut impl FnMut(Word<'_>)) -> bool {
    let n = bytes.len();
    let mut i = 0;
    while i < n && class(bytes[i]) & ALNUM == 0 {
        if breaks_phrase_byte(bytes[i]) {
            joined = false;
        }
        i += 1;
    }
    if i == n {
        return false;
    }
    loop {
        let start = i;
        let mut all = DIGIT;
        while let Some(c) = bytes.get(i).map(|&b| class(b)).filter(|c| c & ALNUM != 0) {
            all &= c;
            i += 1;
        }
        let digits = all & DIGIT != 0;
        if i - start < 2 || i - start >= MAX_TERM_CHARS || digits {
            joined = false;
        } else {
            let written = &bytes[start..i];
            let capital = written[0].is_ascii_uppercase();
            f(Word { written, hash: hash_alphanumeric(written), field, joined, capital });
            joined = true;
        }
        let after = i;
        while i < n && class(bytes[i]) & ALNUM == 0 {
            i += 1;
        }
        if i == n {
            return joined && !bytes[after..].iter().any(|&b| breaks_phrase_byte(b));
        }
    }
}

/// The words of one chunk of a line between spaces, given whether it
/// joins the word before; whether the next chunk may join its last word.
fn unicode_chunk(
    chunk: &str,
    mut joined: bool,
    field: Field,
    folded: &mut String,
    f: &mut impl FnMut(Word<'_>),
) -> bool {
    // `[text](destination)`: the text counts, the destination does not.
    let (chunk, cut_after) = match link_destination(chunk.as_bytes()) {
        Some(at) => (&chunk[..at], true),
        None => (chunk, false),
    };
    if is_address(chunk.as_bytes()) {
        return false;
    }
    let core = chunk.trim_start_matches(|c: char| !c.is_alphanumeric());
    if chunk[..chunk.len() - core.len()].chars().any(breaks_phrase) {
        joined = false;
    }
    let core = core.trim_end_matches(|c: char| !c.is_alphanumeric());
    folded.clear();
    fold_into(core, folded);
    // Only the chunk's first word is known to start where the chunk does.
    let mut capital = core.chars().next().is_some_and(char::is_uppercase);
    for_each_term(folded, |term| {
        let chars = term.chars().count();
        if (2..MAX_TERM_CHARS).contains(&chars) && !term.bytes().all(|b| b.is_ascii_digit()) {
            f(Word { written: term.as_bytes(), hash: hash_folded(term), field, joined, capital });
            capital = false;
            joined = true;
        } else {
            joined = false;
        }
    });
    let rest = &chunk[core.as_ptr() as usize - chunk.as_ptr() as usize + core.len()..];
    !(core.is_empty() || cut_after || rest.chars().any(breaks_phrase)) && joined
}

/// [`unicode_chunk`] for a chunk of ASCII, the common case: the same
/// words, read byte by byte, lowercased and hashed in one pass.
fn ascii_chunk(chunk: &[u8], mut joined: bool, field: Field, f: &mut impl FnMut(Word<'_>)) -> bool {
    // Links and addresses hold `]`, `:` or `<`, or start `www.`: most
    // words hold none, and are spared looking for them.
    let special = chunk.iter().any(|&b| matches!(b, b']' | b':' | b'<')) || chunk.starts_with(b"www.");
    let (chunk, cut_after) = match special.then(|| link_destination(chunk)).flatten() {
        Some(at) => (&chunk[..at], true),
        None => (chunk, false),
    };
    if special && is_address(chunk) {
        return false;
    }
    let Some(start) = chunk.iter().position(u8::is_ascii_alphanumeric) else {
        return false;
    };
    let end = chunk.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |e| e + 1);
    if chunk[..start].iter().any(|&b| breaks_phrase_byte(b)) {
        joined = false;
    }
    // Lowercased into a buffer on the stack, then hashed: no character is
    // pushed one by one into a String.
    let mut lower = [0u8; MAX_TERM_CHARS];
    for run in chunk[start..end].split(|b| !b.is_ascii_alphanumeric()).filter(|r| !r.is_empty()) {
        if run.len() < 2 || run.len() >= MAX_TERM_CHARS || run.iter().all(u8::is_ascii_digit) {
            joined = false;
            continue;
        }
        let lower = &mut lower[..run.len()];
        for (to, &b) in lower.iter_mut().zip(run) {
            *to = b.to_ascii_lowercase();
        }
        let capital = run[0].is_ascii_uppercase();
        f(Word { written: lower, hash: hash_bytes(lower), field, joined, capital });
        joined = true;
    }
    !(cut_after || chunk[end..].iter().any(|&b| breaks_phrase_byte(b))) && joined
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// Words after which an English word stands as a verb: modals, negated
/// auxiliaries as the text splits them (`don't` → `don`), `let's`, subject
/// pronouns (`I` is a letter, no word). The infinitive's `to`, a
/// preposition too, is weighed where it is read.
pub(crate) const GOVERNS_VERB: &str = "will would can could should must may might shall cannot don doesn didn won \
     wouldn couldn shouldn let we you they he she";
/// Forms of `be` and `have` (`we're` → `re`): an `-ing` or `-ed` form
/// after them is a verb's (`is translating`, `have moved`).
pub(crate) const AUXILIARY: &str = "is are was were be been being am re has have had ve";
/// Words that start a verb's object, which a noun is rarely followed by:
/// articles, possessives and object pronouns.
pub(crate) const STARTS_OBJECT: &str = "the a an your our their its my his them us him";

/// The hash of the folded word: the same for `Été`, `ÉTÉ` and `ete`.
pub(crate) fn hash_word(word: &str) -> u64 {
    hash_folded(&fold(word))
}

/// The hash of a word already folded: eight bytes at a time, each mixed in
/// by a folded multiply (wyhash's), the length first so that trailing zero
/// bytes tell. Words are hashed by the million when notes are related: a
/// byte at a time (FNV) took a multiply per byte.
pub(crate) fn hash_folded(folded: &str) -> u64 {
    hash_bytes(folded.as_bytes())
}

/// [`hash_folded`] of ASCII letters and digits lowercased, without
/// lowercasing them first: setting 0x20 in every byte lowercases a letter
/// and leaves a digit as it is.
fn hash_alphanumeric(bytes: &[u8]) -> u64 {
    hash_with(bytes, 0x2020_2020_2020_2020)
}

pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    hash_with(bytes, 0)
}

/// The hash of `bytes`, each with the bits of `set` set.
fn hash_with(bytes: &[u8], set: u64) -> u64 {
    // Only the bytes there are: the padding stays zero.
    hash_words(bytes, |word, len| word | (set & (u64::MAX >> (8 * (8 - len)))))
}

/// [`hash_bytes`] of `bytes` lowercased (ASCII letters only, as
/// `to_ascii_lowercase`), without copying them: eight bytes at a time, the
/// capitals found by arithmetic on the word and given their 0x20 bit.
fn hash_lowercased(bytes: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    hash_words(bytes, |word, _| {
        // Each byte's sums stay within its eight bits (both terms below 0x80);
        // their high bit says whether the byte is 'A' or more, and '[' or more.
        let x7 = word & LOW7;
        let capital = !word & HIGH & (x7 + ONES * (0x80 - 0x41)) & !(x7 + ONES * (0x80 - 0x5b));
        // Zero padding is no capital: it stays zero.
        word | (capital >> 2)
    })
}

/// The hash of `bytes` read as little-endian words of eight bytes (the
/// last padded with zeros), each passed through `word` with how many of
/// its bytes are the text's.
#[inline(always)]
fn hash_words(bytes: &[u8], word: impl Fn(u64, usize) -> u64) -> u64 {
    const K: [u64; 2] = [0x9e37_79b9_7f4a_7c15, 0xa076_1d64_78bd_642f];
    let mix = |a: u64, b: u64| {
        let m = u128::from(a) * u128::from(b);
        (m as u64) ^ ((m >> 64) as u64)
    };
    let mut hash = FNV_OFFSET ^ bytes.len() as u64;
    if (1..8).contains(&bytes.len()) {
        // Most words: only a remainder, as below, with no loop set up.
        return mix(mix(hash ^ word(tail_word(bytes), bytes.len()), K[0]), K[1]);
    }
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        hash = mix(hash ^ word(u64::from_le_bytes(eight), 8), K[0]);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        hash = mix(hash ^ word(tail_word(rest), rest.len()), K[0]);
    }
    mix(hash, K[1])
}

/// The one to seven bytes of `rest` as a little-endian word padded with
/// zeros, read with a few loads: copying them into a zeroed buffer (a
/// length known only at run time) calls `memcpy`, and the load after it
/// waits for the copy's stores. Most words end in such a remainder.
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        // Two loads that overlap when `n` < 8: the bytes they share are the same.
        (Some(&first), Some(&last)) => {
            u64::from(u32::from_le_bytes(first)) | (u64::from(u32::from_le_bytes(last)) << (8 * (n - 4)))
        }
        // One to three bytes: the first, middle and last (some the same).
        _ => match (rest.first(), rest.get(n / 2), rest.last()) {
            (Some(&a), Some(&b), Some(&c)) => {
                u64::from(a) | (u64::from(b) << (8 * (n / 2))) | (u64::from(c) << (8 * (n - 1)))
            }
            _ => 0,
        },
    }
}

/// Hashes a key that is already a [`hash_word`] hash: mixing it once more is enough.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = fnv(self.0, b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub(crate) type WordMap<V> = std::collections::HashMap<u64, V, BuildHasherDefault<WordHasher>>;

/// A language notes are written in, for its stop words and its stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    English,
    Italian,
    French,
    Swedish,
    German,
    Spanish,
    Dutch,
    Portuguese,
}

impl Language {
    pub(crate) const ALL: [Language; 8] = [
        Language::English,
        Language::Italian,
        Language::French,
        Language::Swedish,
        Language::German,
        Language::Spanish,
        Language::Dutch,
        Language::Portuguese,
    ];

    fn iso_code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Italian => "it",
            Language::French => "fr",
            Language::Swedish => "sv",
            Language::German => "de",
            Language::Spanish => "es",
            Language::Dutch => "nl",
            Language::Portuguese => "pt",
        }
    }

    pub(crate) fn stemmer(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm;
        match self {
            Language::English => Algorithm::English,
            Language::Italian => Algorithm::Italian,
            Language::French => Algorithm::French,
            Language::Swedish => Algorithm::Swedish,
            Language::German => Algorithm::German,
            Language::Spanish => Algorithm::Spanish,
            Language::Dutch => Algorithm::Dutch,
            Language::Portuguese => Algorithm::Portuguese,
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16 + 1)
    }
}

/// The stop-word bit of the curated lists below that hold in every language.
const CURATED: u16 = 1;

/// The bit of each curated list of [`STOP_WORDS`], in its order.
const CURATED_BITS: [u16; 7] = [
    CURATED,
    CURATED,
    Language::Italian.bit(),
    Language::French.bit(),
    Language::Swedish.bit(),
    Language::German.bit(),
    Language::Spanish.bit(),
];

/// Words the broad per-language lists count as stop words that name
/// subjects in technical notes ("AI", "Go", "web", "testing").
const SUBJECT_WORDS: &str = "ai ml io go test tests web system systems computer computers open information \
     research security network networks data program programs programming language languages";

/// Per stop word: [`CURATED`] when it is in the lists below, and the bit of
/// each [`Language`] whose broad list (Stopwords ISO) holds it.
fn stop_masks() -> &'static HashMap<u64, u16, BuildHasherDefault<WordHasher>> {
    static MASKS: OnceLock<HashMap<u64, u16, BuildHasherDefault<WordHasher>>> = OnceLock::new();
    MASKS.get_or_init(|| {
        let mut masks: HashMap<u64, u16, BuildHasherDefault<WordHasher>> = HashMap::default();
        // English and conference words hold in every note; the other
        // lists only in notes of their language ("ai" is Italian for "to the").
        for (list, bit) in STOP_WORDS.iter().zip(CURATED_BITS) {
            for word in list.split_whitespace() {
                *masks.entry(hash_word(word)).or_insert(0) |= bit;
            }
        }
        let keep: HashSet<u64> = SUBJECT_WORDS.split_whitespace().map(hash_word).collect();
        for language in Language::ALL {
            for word in stop_words::lookup(language.iso_code()).unwrap_or_default() {
                let hash = hash_word(word);
                if !keep.contains(&hash) {
                    *masks.entry(hash).or_insert(0) |= language.bit();
                }
            }
        }
        masks
    })
}

/// Whether the word with this hash is too common, in any of the languages
/// notes are written in, to say what a note is about.
#[cfg(test)]
pub(crate) fn is_stop_word(hash: u64) -> bool {
    stop_masks().get(&hash).is_some_and(|m| m & CURATED != 0) || Language::ALL.iter().any(|&l| is_stop_word_in(hash, l))
}

/// Like [`is_stop_word`], and also the broader list of common words of the
/// note's `language`.
pub(crate) fn is_stop_word_in(hash: u64, language: Language) -> bool {
    stop_masks().get(&hash).is_some_and(|m| m & (CURATED | language.bit()) != 0)
}

/// The languages the word with this hash is a stop word of, as
/// [`guess_language_by_masks`] reads them: a reader that meets a word again
/// and again looks this up once.
pub(crate) fn stop_mask(hash: u64) -> u16 {
    stop_masks().get(&hash).copied().unwrap_or(0)
}

/// The language most of these words are stop words of; English when none stands out.
#[cfg(test)]
pub(crate) fn guess_language(hashes: impl IntoIterator<Item = u64>) -> Language {
    guess_language_by_masks(hashes.into_iter().map(stop_mask))
}

/// [`guess_language`] of words by their [`stop_mask`]s.
pub(crate) fn guess_language_by_masks(masks: impl IntoIterator<Item = u16>) -> Language {
    let mut counts = [0u32; Language::ALL.len()];
    for mask in masks {
        // Most words are no language's stop word: only the bits set are counted.
        let mut bits = mask & !CURATED;
        while bits != 0 {
            // Bit k + 1 is the k-th language's (`Language::bit`).
            if let Some(count) = counts.get_mut(bits.trailing_zeros() as usize - 1) {
                *count += 1;
            }
            bits &= bits - 1;
        }
    }
    let best = (0..counts.len()).max_by_key(|&k| (counts[k], std::cmp::Reverse(k))).unwrap_or(0);
    Language::ALL[best]
}

/// Common words of English, Italian, French, Swedish, German and Spanish,
/// the languages of the notes people keep, and of conference notes as such.
const STOP_WORDS: [&str; 7] = [
    // English
    "about above after again against all also am an and another any anyone anything are aren around as at \
     back be because been before being below best better between big both but by can cannot could couldn \
     did didn do does doesn doing don done down during each either else even every everyone everything few \
     first for from further get gets getting go goes going good got great had hadn has hasn have haven \
     having he her here hers herself him himself his how however if in into is isn it its itself just \
     know last let like ll lot lots made make makes many may maybe me might more most much must mustn my \
     myself need needs new next no nor not nothing now of off often on once one only or other others \
     ought our ours ourselves out over own part per perhaps quite rather re really said same say says see \
     seen shan she should shouldn since so some someone something still such than that the their theirs \
     them themselves then there these they thing things this those though three through to too two under \
     until up upon us use used uses using ve very via vs want wants was wasn way ways we well were weren \
     what when where whether which while who whom why will with within without won would wouldn yes yet \
     you your yours yourself yourselves actually already almost along always among anyway basically \
     came come comes coming definitely different done else enough especially ever far find finds found \
     gave give given gives gone gotten inside instead kept kind least less look looked looks mean means \
     meant never onto outside probably put puts seem seemed seems several show showed shown shows simply \
     sort take taken takes taking tell tells think thinks thought told took toward towards tried tries \
     try usually various went whole",
    // Conference notes, dates (they say when, not what) and Markdown leftovers
    "talk talks speaker speakers slide slides session sessions conference conferences presentation \
     presentations note notes keynote keynotes question questions answer answers audience day days year \
     years today time times people example examples http https www com org net html htm png jpg jpeg gif \
     svg pdf md eg ie etc lightning plenary panel panels workshop workshops tutorial tutorials intro \
     introduction overview recap summary morning afternoon evening breakout track tracks bof qa lunch \
     opening closing remarks welcome agenda takeaways takeaway thoughts \
     january february march april june july august september october november december \
     monday tuesday wednesday thursday friday saturday sunday",
    // Italian
    "il lo la gli le un uno una di da in con su per tra fra ed al allo alla ai agli alle del dello della \
     dei degli delle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui \
     sugli sulle che chi cui non più come anche ma se perché quando dove questo questa questi queste quello \
     quella quelli quelle sono era erano essere stato stata ha hanno ho abbiamo avere molto molti molte \
     poi già ancora solo tutto tutti tutte ogni suo sua suoi sue loro noi voi io tu lui lei ci si ne mi \
     ti vi dopo prima senza sempre così cioè invece però quindi oppure anzi fa fare può possono",
    // French
    "le la les un une des de du et ou mais donc ni car au aux en dans par pour sur sous avec sans chez \
     entre vers ce cet cette ces se sa son ses leur leurs qui que quoi dont où ne pas plus moins très \
     aussi comme est sont été être avoir ont il elle ils elles on nous vous je tu lui même tout tous \
     toute toutes autre autres deux après avant bien peu faire fait peut non oui si quand alors ainsi \
     qu cela ça",
    // Swedish
    "och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan \
     man när år också efter eller nu sin där vid mot ska skulle hur vara kommer alla under mycket dem \
     mellan andra än bara utan få hade hon ut upp över dessa detta denna vilka vilket vilken sina sitt \
     min mitt mina din ditt dina oss vår vårt våra blev bli blir ju sedan genom här dess kunna många \
     någon något några inga ingen inget samma själv hans hennes deras",
    // German
    "der die das den dem des ein eine einer eines einem einen und oder aber doch sondern im an am auf aus \
     bei mit nach von vom zu zum zur für über unter vor hinter neben zwischen durch gegen ohne um ist \
     sind war waren sein seine ihr ihre wird werden wurde wurden hat haben hatte kann können muss müssen \
     soll sollte nicht auch noch nur schon sehr mehr wie als wenn dass ob weil damit es er sie wir ich du \
     sich dies diese dieser dieses jeder jede jedes kein keine alle viel viele da dann hier dort was wer \
     wo",
    // Spanish
    "el los las unos unas del por para sin sobre hasta desde pero sino qué quien cual cuando donde es \
     son ser fue fueron está están estar han haber hay su sus les lo nos os yo tú él ella ellos ellas \
     nosotros vosotros muy más menos también ya sí este esta estos estas ese esa esos esas aquel todo \
     todos toda todas otro otra otros otras mismo cada porque pues así entonces",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_label_is_found_whatever_marks_it() {
        fn label(line: &str) -> Option<(u64, &str)> {
            line_label(line).map(|(hash, from)| (hash, &line[from..]))
        }
        let presenters = label("**Presenters:** Jane Doe").map(|(hash, _)| hash);
        assert_eq!(label("**Presenters:** Jane Doe"), presenters.map(|h| (h, " Jane Doe")));
        assert_eq!(label("- __presenters__: Ann Roe"), presenters.map(|h| (h, " Ann Roe")));
        assert_eq!(label("presenters:"), presenters.map(|h| (h, "")));
        let snapshot = label("Snapshot - Building sites").map(|(hash, _)| hash);
        assert_eq!(label("## snapshot — Tidy data"), snapshot.map(|h| (h, "Tidy data")));
        assert!(presenters.is_some() && snapshot.is_some() && presenters != snapshot);
        assert_eq!(label("Follow-up items: none").map(|(_, rest)| rest), Some(" none"));
        for line in [
            "See https://example.org",
            "10:30 - Keynote",
            "Snapshot - lowercase rest is prose",
            "one two three four: too long",
            "However, it works: fine",
            "Ratio:3",
            "**Open: no close",
            "Été — À table",
        ] {
            assert!(line_label(line).is_none() || line.starts_with('É'), "{line}");
        }
        assert_eq!(label("Été — À table").map(|(_, rest)| rest), Some("À table"));
    }

    #[test]
    fn a_label_as_long_as_can_be_is_found_past_its_closing_mark() {
        // Its last character (four bytes) starts at MAX_LABEL; the dash
        // after the closing mark and a space is the window's last byte.
        let long = format!("{} {}\u{1d400}", "a".repeat(20), "b".repeat(19));
        assert_eq!(long.len(), MAX_LABEL + 4);
        for dash in ["-", "—", "–"] {
            let line = format!("**{long}** {dash} Title");
            assert_eq!(line.find(dash), Some(2 + LABEL_WINDOW - 1), "{line}");
            assert_eq!(line_label(&line).map(|(_, from)| &line[from..]), Some("Title"), "{line}");
        }
        let line = format!("**{long}:** rest");
        assert_eq!(line_label(&line).map(|(_, from)| &line[from..]), Some(" rest"));
    }

    #[test]
    fn a_words_last_bytes_are_read_as_a_zero_padded_word() {
        let text = b"abcdefghijklmnopq";
        for len in 1..8 {
            let mut padded = [0u8; 8];
            padded[..len].copy_from_slice(&text[..len]);
            assert_eq!(tail_word(&text[..len]), u64::from_le_bytes(padded), "{len} bytes");
        }
        // The hashes words were stored and looked up by before.
        assert_eq!(hash_bytes(b"asyncio"), 0xe8fc_0580_037a_c6b2);
        assert_eq!(hash_alphanumeric(b"Event"), hash_folded("event"));
        let text = "## Takeaways: ÉTÉ [Links] @Zürich`{AZ az}` 0-9 — Snapshot - Presenters";
        for from in 0..text.len() {
            for to in from..text.len().min(from + 40) {
                let bytes = &text.as_bytes()[from..to];
                assert_eq!(hash_lowercased(bytes), hash_bytes(&bytes.to_ascii_lowercase()), "{bytes:?}");
            }
        }
    }

    fn words(text: &str) -> Vec<(String, Field, bool)> {
        let mut out = Vec::new();
        for_each_word(text, Field::Body, |w| out.push((w.folded(), w.field, w.joined)));
        out
    }

    #[test]
    fn words_skip_code_links_and_urls_and_mark_headings() {
        let text = "# Wasm Runtime\n\nThe [sandbox](https://x.org/y) at https://a.b/c 2019 o11y.\n\n\
                    ```yaml\nkind: ConfigMap\n```\n**Bold Line**\nÉté à Zürich <br>\n";
        let got: Vec<(String, Field)> = words(text).into_iter().map(|(w, f, _)| (w, f)).collect();
        let (h, b) = (Field::Heading, Field::Body);
        let expected = [
            ("wasm", h),
            ("runtime", h),
            ("the", b),
            ("sandbox", b),
            ("at", b),
            ("o11y", b),
            ("bold", h),
            ("line", h),
            ("ete", b),
            ("zurich", b),
        ];
        let expected: Vec<(String, Field)> = expected.iter().map(|(w, f)| (w.to_string(), *f)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn punctuation_links_and_lines_break_phrases_but_hyphens_do_not() {
        let joined: Vec<(String, bool)> = words("Use scikit-learn, then (event loops) [asyncio](x.md) now\nnext")
            .into_iter()
            .map(|(w, _, j)| (w, j))
            .collect();
        let expected = [
            ("use", false),
            ("scikit", true),
            ("learn", true),
            ("then", false),
            ("event", false),
            ("loops", true),
            ("asyncio", false),
            ("now", false),
            ("next", false),
        ];
        let expected: Vec<(String, bool)> = expected.iter().map(|(w, j)| (w.to_string(), *j)).collect();
        assert_eq!(joined, expected);
    }

    #[test]
    fn ascii_chunks_read_as_the_folding_reader_reads_them() {
        #[derive(Clone, Copy)]
        enum Reader {
            Plain,
            Ascii,
            Unicode,
        }
        let read = |chunk: &str, reader: Reader| {
            let mut out = Vec::new();
            let mut buf = String::new();
            let mut push = |w: Word<'_>| out.push((w.folded(), w.hash, w.joined));
            let after = match reader {
                Reader::Plain => plain_chunk(chunk.as_bytes(), true, Field::Body, &mut push),
                Reader::Ascii => ascii_chunk(chunk.as_bytes(), true, Field::Body, &mut push),
                Reader::Unicode => unicode_chunk(chunk, true, Field::Body, &mut buf, &mut push),
            };
            (out, after)
        };
        for chunk in [
            "Event",
            "(loops)",
            "scikit-learn,",
            "[asyncio](x.md)",
            "https://a.b",
            "<br>",
            "2019",
            "a",
            "O11y.",
            "\"quoted\"",
            "--",
            "x".repeat(45).as_str(),
            "C++",
            "www.x.org",
            "it's",
            "(Event-Loop).",
            "x1-2019-Y",
            "--a--",
            "\"Say",
            "end.Next",
            "Observability",
            "ConcurrencyModel,",
            "Kubernetes1234567890",
        ] {
            assert_eq!(read(chunk, Reader::Ascii), read(chunk, Reader::Unicode), "{chunk}");
            let plain = !chunk.bytes().any(|b| matches!(b, b']' | b':' | b'<')) && !chunk.starts_with("www.");
            if plain {
                assert_eq!(read(chunk, Reader::Plain), read(chunk, Reader::Unicode), "{chunk}");
            }
        }
    }

    #[test]
    fn a_line_reads_as_its_chunks_read_by_the_folding_reader() {
        let long = "x".repeat(45);
        for line in [
            "Event loop a Go, k8s and asyncio",
            "one (two) three. Four",
            &format!("short {long} words I read"),
            "Été: [link](x.md) and www.x.org then some",
        ] {
            let mut got = Vec::new();
            for_each_word(line, Field::Body, |w| got.push((w.folded(), w.hash, w.joined, w.capital)));
            let (mut want, mut buf, mut joined) = (Vec::new(), String::new(), false);
            for chunk in line.split_whitespace() {
                let mut push = |w: Word<'_>| want.push((w.folded(), w.hash, w.joined, w.capital));
                joined = unicode_chunk(chunk, joined, Field::Body, &mut buf, &mut push);
            }
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn lines_are_those_split_gives() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\nÉté\n à\n\n", "one\r\ntwo"] {
            let got: Vec<&str> = lines(text).collect();
            let want: Vec<&str> = text.split('\n').collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn code_blocks_are_no_read_lines() {
        let mut read = Vec::new();
        for_each_read_line("# Title\n```yaml\nkind: ConfigMap\n```\n    indented\nafter", |l| read.push(l));
        assert_eq!(read, ["# Title", "    indented", "after"]);
    }

    #[test]
    fn hashes_fold_case_and_accents_and_stop_words_cover_every_language() {
        assert_eq!(hash_word("WASM"), hash_word("wasm"));
        assert_eq!(hash_word("ÉTÉ"), hash_word("ete"));
        assert_ne!(hash_word("wasm"), hash_word("wasi"));
        for stop in ["The", "della", "avec", "och", "über", "también", "slides"] {
            assert!(is_stop_word(hash_word(stop)), "{stop}");
        }
        for content in ["wasm", "runtime", "kernel", "sandbox"] {
            assert!(!is_stop_word(hash_word(content)), "{content}");
        }
    }

    #[test]
    fn a_notes_language_brings_its_broad_stop_words_but_keeps_subject_words() {
        let english = guess_language("we found that the results were very good".split(' ').map(hash_word));
        let italian = guess_language("abbiamo visto che il risultato era molto buono".split(' ').map(hash_word));
        assert_eq!((english, italian), (Language::English, Language::Italian));
        assert!(is_stop_word_in(hash_word("specifically"), Language::English), "from the broad English list");
        assert!(!is_stop_word_in(hash_word("specifically"), Language::Italian));
        assert!(is_stop_word_in(hash_word("ai"), Language::Italian), "Italian for \"to the\"");
        for subject in ["web", "AI", "test", "data"] {
            assert!(!is_stop_word_in(hash_word(subject), Language::English), "{subject}");
        }
    }
}
