//! Case and accent folding: the normal form every search compares in, so
//! "Bonér", "boner" and "BONER" are the same word.
//!
//! Folding lowercases every character and, for Latin and Greek letters only,
//! takes the compatibility decomposition and drops the diacritics
//! (`Kraków` → `krakow`, `ﬁ` → `fi`, full-width `Ａ` → `a`). Latin letters
//! that carry no decomposition get a fixed spelling (`ß` → `ss`, `æ` → `ae`,
//! `ø` → `o`, `ł` → `l`, `þ` → `th`). Other scripts are only lowercased:
//! decomposing them would change meaning (Japanese `が` is not `か`, and
//! Hangul syllables would fall apart into jamo), so CJK text is unchanged.
//! Invisible characters (bidi controls, zero-width spaces and joiners, soft
//! hyphens) are dropped, so `Kuber\u{ad}netes` is still `kubernetes`.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

use crate::tokens::classes::Block;

/// `text` in its folded form.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out`, reusing its allocation.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
}

/// Folded text that remembers where each of its bytes came from, so a match
/// found in the folded text can be highlighted in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the
    /// character that produced it; one more entry holds the original's length.
    map: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            fold_char(c, &mut |f| {
                text.push(f);
                map.resize(text.len(), at);
            });
        }
        map.push(original.len());
        Self { text, map }
    }

    /// The byte range of the original text that produced `folded` (a byte
    /// range of [`Folded::text`]). A range that covers part of an expansion
    /// (one `s` of the `ss` from `ß`) covers the whole original character;
    /// dropped accents after a matched letter are included.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let end = folded.end.min(self.text.len());
        let start = folded.start.min(end);
        let from = self.map[start];
        if start == end {
            return from..from;
        }
        let last = self.map[end - 1];
        // The sentinel (the original's length) is always greater, so this finds one.
        let to = self.map[end..].iter().copied().find(|&m| m > last).unwrap_or(last);
        from..to
    }

    /// The index (in characters) of the original character that produced
    /// the folded character at `folded_char` (an index in characters).
    pub(crate) fn original_char_index(&self, original: &str, folded_char: usize) -> Option<usize> {
        let (byte, _) = self.text.char_indices().nth(folded_char)?;
        let at = self.map[byte];
        Some(original.get(..at).map_or(0, |before| before.chars().count()))
    }
}

/// Character ranges of `line` where `query` (already folded, see [`fold`])
/// occurs once `line` is folded, left to right without overlaps: what
/// matches in search matches here, so "strasse" finds "Straße" (the range
/// covers `ß` whole).
pub fn find_folded(line: &str, query: &str) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    if line.is_ascii() {
        // Bytes are characters, and folding is lowercasing.
        let lower = line.to_ascii_lowercase();
        return lower.match_indices(query).map(|(at, m)| at..at + m.len()).collect();
    }
    let folded = Folded::new(line);
    let mut ranges = Vec::new();
    // Bytes of `line` counted so far, and the characters they hold.
    let (mut byte, mut char) = (0, 0);
    let mut chars_to = |to: usize| {
        char += line.get(byte..to.max(byte)).map_or(0, |s| s.chars().count());
        byte = byte.max(to);
        char
    };
    for (at, m) in folded.text.match_indices(query) {
        let bytes = folded.original_range(at..at + m.len());
        let start = chars_to(bytes.start);
        ranges.push(start..chars_to(bytes.end));
    }
    ranges
}

/// Folds one character, handing each resulting character to `emit`.
fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if is_diacritic(c) || is_invisible(c) {
        return;
    }
    for lower in c.to_lowercase() {
        // `İ` lowercases to `i` and a combining dot.
        if is_diacritic(lower) || spell(lower, emit) {
            continue;
        }
        if is_latin_or_greek(lower) {
            decompose_compatible(lower, |d| {
                if !is_diacritic(d) && !spell(d, emit) {
                    emit(d);
                }
            });
        } else {
            emit(lower);
        }
    }
}

/// Combining marks that only add accents to Latin, Greek or Cyrillic letters.
/// Marks that are part of other scripts (kana voicing, Indic vowel signs) stay.
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// Characters that change how text looks or flows but not what it says:
/// bidi controls (which the sanitiser drops too), zero-width spaces and
/// joiners, the soft hyphen and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}'
        | '\u{061c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

fn is_latin_or_greek(c: char) -> bool {
    matches!(c,
        '\u{00c0}'..='\u{024f}'     // Latin-1 letters, Latin Extended-A and -B
        | '\u{0370}'..='\u{03ff}'   // Greek
        | '\u{1e00}'..='\u{1fff}'   // Latin Extended Additional (Vietnamese), Greek Extended
        | '\u{2c60}'..='\u{2c7f}'   // Latin Extended-C
        | '\u{a720}'..='\u{a7ff}'   // Latin Extended-D
        | '\u{ab30}'..='\u{ab6f}'   // Latin Extended-E
        | '\u{fb00}'..='\u{fb06}'   // Latin ligatures (ﬁ, ﬂ)
        | '\u{ff01}'..='\u{ff5e}') // full-width ASCII
}

/// Letters (already lowercase) with no decomposition, spelled the way a
/// reader without that key would type them. Returns whether `c` was one.
fn spell(c: char, emit: &mut impl FnMut(char)) -> bool {
    let spelled: &str = match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ø' => "o",
        'đ' | 'ð' | 'ɖ' | 'ɗ' | 'ƌ' | 'ȡ' => "d",
        'ł' | 'ŀ' | 'ƚ' | 'ȴ' | 'ɫ' | 'ɬ' => "l",
        'ħ' | 'ɦ' => "h",
        'ı' | 'ɨ' => "i",
        'ŧ' | 'ƭ' | 'ʈ' | 'ƫ' | 'ȶ' => "t",
        'ŋ' | 'ɲ' | 'ƞ' | 'ȵ' | 'ŉ' => "n",
        'ĸ' => "q",
        'ƀ' | 'ɓ' | 'ƃ' => "b",
        'ƈ' | 'ȼ' => "c",
        'ɇ' => "e",
        'ƒ' => "f",
        'ɠ' | 'ǥ' => "g",
        'ɉ' => "j",
        'ƙ' => "k",
        'ɵ' => "o",
        'ƥ' => "p",
        'ɋ' => "q",
        'ɍ' => "r",
        'ȿ' => "s",
        'ʉ' => "u",
        'ʋ' => "v",
        'ƴ' | 'ɏ' => "y",
        'ƶ' | 'ȥ' | 'ɀ' => "z",
        // Final sigma is the same letter as σ.
        'ς' => "σ",
        _ => return false,
    };
    spelled.chars().for_each(emit);
    true
}

/// Longer terms (hashes, base64) are kept by their first characters only.
pub const MAX_TERM_CHARS: usize = 40;

/// Calls `f` with each term of folded text: runs of letters and digits, and
/// each Han or kana character alone, cut to [`MAX_TERM_CHARS`]. The one
/// tokenizer of confnotes: full-text search and relating notes both read
/// text this way.
pub fn for_each_term<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    let mut emit = |run: &'a str| {
        if !run.is_empty() {
            let cut = run.char_indices().nth(MAX_TERM_CHARS).map_or(run.len(), |(i, _)| i);
            f(&run[..cut]);
        }
    };
    if folded.is_ascii() {
        folded.split(|c: char| !c.is_ascii_alphanumeric()).for_each(emit);
        return;
    }
    let mut start = 0;
    for (at, c) in folded.char_indices() {
        if is_ideograph(c) {
            emit(&folded[start..at]);
            emit(&folded[at..at + c.len_utf8()]);
            start = at + c.len_utf8();
        } else if !c.is_alphanumeric() {
            emit(&folded[start..at]);
            start = at + c.len_utf8();
        }
    }
    emit(&folded[start..]);
}

/// Calls `f(line, term)` for each term of each line of `text` (as
/// [`str::lines`] splits it, counted from 0): the terms [`for_each_term`]
/// finds in each line once [`fold`]ed, without folding a copy of the line
/// first. Returns how many lines `text` has. `term` is the buffer each term
/// is folded into, kept by the caller so that it is allocated once.
///
/// What the full-text index reads of every text, 400 MB at 100,000 notes.
/// Each 64 bytes are sorted at once into bit masks ([`Block`], the
/// classifier relating notes reads words by too): where
/// ASCII letters and digits are, capitals, other characters, line ends.
/// A run of letters and digits, or of ASCII separators, is then passed
/// over in a few instructions whatever its length (testing byte after
/// byte, the end of each word was a mispredicted branch): most terms are
/// handed over as slices of the text itself; only the other characters go
/// through [`fold_char`]. Folding each line whole, then splitting it, was
/// half the index's build; the byte-by-byte scan, two thirds of what was left.
pub(crate) fn for_each_line_term(text: &str, term: &mut String, mut f: impl FnMut(u32, &str)) -> u32 {
    let bytes = text.as_bytes();
    let mut line: u32 = 0;
    // Characters of the term being read; those past MAX_TERM_CHARS are not kept.
    let mut chars = 0;
    term.clear();
    // The term read so far, if any, handed over.
    fn flush(f: &mut impl FnMut(u32, &str), term: &mut String, chars: &mut usize, line: u32) {
        if *chars > 0 {
            f(line, term);
            term.clear();
            *chars = 0;
        }
    }
    let mut at = 0;
    let mut block = Block::of(bytes, 0);
    while at < bytes.len() {
        if at >= block.base + 64 {
            block = Block::of(bytes, at - at % 64);
        }
        let bit = 1u64 << (at - block.base);
        if block.alnum & bit != 0 {
            let start = at;
            let mut upper = false;
            // To the first byte that is not an ASCII letter or digit, block after block.
            loop {
                let from = at - block.base;
                let stops = !block.alnum >> from;
                let run = (stops.trailing_zeros() as usize).min(64 - from);
                upper |= (block.upper >> from) & before_first(stops) != 0;
                at += run;
                if from + run < 64 || at >= bytes.len() {
                    break;
                }
                block = Block::of(bytes, at);
            }
            // Most terms are a run of lowercase ASCII between ASCII
            // separators: the text itself, not copied.
            let whole = chars == 0 && bytes.get(at).is_none_or(u8::is_ascii);
            if whole && !upper && at - start <= MAX_TERM_CHARS {
                f(line, &text[start..at]);
                continue;
            }
            let kept = (at - start).min(MAX_TERM_CHARS.saturating_sub(chars));
            let from = term.len();
            term.push_str(&text[start..start + kept]);
            term[from..].make_ascii_lowercase();
            chars += at - start;
        } else if block.other & bit == 0 {
            flush(&mut f, term, &mut chars, line);
            // ASCII separators to the next letter, digit or other character,
            // their line ends counted (bytes past the text are neither).
            loop {
                let from = at - block.base;
                let stops = (block.alnum | block.other) >> from;
                let run = (stops.trailing_zeros() as usize).min(64 - from);
                let ends = (block.newline >> from) & before_first(stops);
                // Counted only when there are some: a plain x86-64 counts bits slowly.
                if ends != 0 {
                    line = line.saturating_add(ends.count_ones());
                }
                at += run;
                if from + run < 64 || at >= bytes.len() {
                    break;
                }
                block = Block::of(bytes, at);
            }
        } else {
            // A character starts here: `at` only ever stops at ASCII bytes
            // and after whole characters.
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            at += c.len_utf8();
            let mut take = |folded: char, class: Class| match class {
                Class::Ideograph => {
                    flush(&mut f, term, &mut chars, line);
                    term.push(folded);
                    chars = 1;
                    flush(&mut f, term, &mut chars, line);
                }
                Class::Alnum => {
                    if chars < MAX_TERM_CHARS {
                        term.push(folded);
                    }
                    chars += 1;
                }
                Class::Other => flush(&mut f, term, &mut chars, line),
            };
            // The usual characters without folding each again: Latin,
            // Greek and Cyrillic as folded once (the case tables and the
            // decomposition were a sixth of indexing a text with some),
            // Han, kana and Hangul as they are (no case, no accents).
            match Folding::of(c) {
                Some(folding) => folding.each(&mut take),
                None if is_ideograph(c) => take(c, Class::Ideograph),
                None if is_hangul_syllable(c) => take(c, Class::Alnum),
                None => fold_char(c, &mut |folded| take(folded, Class::of(folded))),
            }
        }
    }
    flush(&mut f, term, &mut chars, line);
    // A last line without its line end is a line too.
    line.saturating_add(u32::from(!text.is_empty() && !text.ends_with('\n')))
}

/// The bits below the lowest set bit of `mask`: all of them if none is set.
fn before_first(mask: u64) -> u64 {
    mask.wrapping_sub(1) & !mask
}

/// What a folded character is to a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// A term of its own: Han and kana ([`is_ideograph`]).
    Ideograph,
    /// Part of a term: a letter or digit.
    Alnum,
    /// Between terms.
    Other,
}

impl Class {
    fn of(folded: char) -> Self {
        if is_ideograph(folded) {
            Self::Ideograph
        } else if folded.is_alphanumeric() {
            Self::Alnum
        } else {
            Self::Other
        }
    }
}

/// How [`fold_char`] folds a character of two UTF-8 bytes (U+0080 to
/// U+07FF: Latin, Greek, Cyrillic, Hebrew, Arabic...) and what each
/// character it gives is: worked out once, from `fold_char` itself.
#[derive(Clone, Copy)]
struct Folding {
    folded: [(char, Class); 3],
    /// How many of `folded` it gives; [`Folding::MORE`] when more than three.
    len: u8,
}

impl Folding {
    const MORE: u8 = u8::MAX;
    const FIRST: u32 = 0x80;
    const END: u32 = 0x800;

    /// `c`'s folding, if worked out once (two bytes, three characters at most).
    #[inline]
    fn of(c: char) -> Option<&'static Self> {
        static FOLDINGS: std::sync::OnceLock<Box<[Folding]>> = std::sync::OnceLock::new();
        let at = (c as u32).checked_sub(Self::FIRST).filter(|&at| at < Self::END - Self::FIRST)?;
        let foldings = FOLDINGS.get_or_init(|| {
            (Self::FIRST..Self::END)
                .map(|c| {
                    let mut folding = Self { folded: [(' ', Class::Other); 3], len: 0 };
                    fold_char(char::from_u32(c).unwrap_or(' '), &mut |folded| match folding
                        .folded
                        .get_mut(usize::from(folding.len))
                    {
                        Some(slot) => {
                            *slot = (folded, Class::of(folded));
                            folding.len += 1;
                        }
                        None => folding.len = Self::MORE,
                    });
                    folding
                })
                .collect()
        });
        foldings.get(at as usize).filter(|folding| folding.len != Self::MORE)
    }

    #[inline]
    fn each(&self, take: &mut impl FnMut(char, Class)) {
        for &(folded, class) in &self.folded[..usize::from(self.len)] {
            take(folded, class);
        }
    }
}

/// Hangul syllables: letters with no case and no accents, folded as they are.
fn is_hangul_syllable(c: char) -> bool {
    matches!(c, '\u{ac00}'..='\u{d7a3}')
}

/// Han and kana: scripts written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'       // hiragana, katakana
        | '\u{31f0}'..='\u{31ff}'     // katakana phonetic extensions
        | '\u{3400}'..='\u{4dbf}'     // CJK extension A
        | '\u{4e00}'..='\u{9fff}'     // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'     // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}'     // half-width katakana
        | '\u{20000}'..='\u{3134f}') // CJK extensions B–G
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line folded, then split: what [`for_each_line_term`] must find.
    fn line_terms_of_folded_lines(text: &str) -> (Vec<(u32, String)>, u32) {
        let mut terms = Vec::new();
        let mut lines = 0;
        for (n, line) in text.lines().enumerate() {
            for_each_term(&fold(line), |term| terms.push((n as u32, term.to_string())));
            lines += 1;
        }
        (terms, lines)
    }

    fn line_terms(text: &str) -> (Vec<(u32, String)>, u32) {
        let mut terms = Vec::new();
        let lines = for_each_line_term(text, &mut String::new(), |line, term| terms.push((line, term.to_string())));
        (terms, lines)
    }

    #[test]
    fn characters_folded_once_or_taken_as_they_are_fold_as_fold_char_folds_them() {
        let folded = |c: char| {
            let mut all = Vec::new();
            fold_char(c, &mut |f| all.push((f, Class::of(f))));
            all
        };
        let mut worked_out = 0;
        for c in (Folding::FIRST..Folding::END).filter_map(char::from_u32) {
            if let Some(folding) = Folding::of(c) {
                let mut all = Vec::new();
                folding.each(&mut |f, class| all.push((f, class)));
                assert_eq!(all, folded(c), "{c:?}");
                worked_out += 1;
            }
        }
        assert!(worked_out > 1900, "nearly every character of two bytes: {worked_out}");
        assert_eq!(Folding::of('a').map(|f| f.len), None);
        assert_eq!(Folding::of('東').map(|f| f.len), None);
        for c in ('\u{3000}'..='\u{3134f}').filter(|&c| is_ideograph(c)) {
            assert_eq!(folded(c), [(c, Class::Ideograph)], "{c:?}");
        }
        for c in ('\u{ac00}'..='\u{d7ff}').filter(|&c| is_hangul_syllable(c)) {
            assert_eq!(folded(c), [(c, Class::Alnum)], "{c:?}");
        }
    }

    #[test]
    fn terms_of_lines_are_those_of_each_line_folded_then_split() {
        let long = "x".repeat(39);
        let texts = [
            String::new(),
            "\n".into(),
            "\n\n".into(),
            "one".into(),
            "Kube-Proxy v1.2 (GA)!\r\nsecond LINE\n\nfourth".into(),
            "Straße, Zürich and Bonér\nİstanbul ılık ΣΟΦΟΣ σοφός ﬁle ＫＵＢＥ".into(),
            "東京タワー is in 東京\n한국어 hangul, हिन्दी and 🚀✨ rockets".into(),
            "Kuber\u{ad}ne\u{200b}tes\u{202e} Bone\u{301}r e\u{301}\u{301}x \u{301}".into(),
            "\u{212a}elvin sign and Ǆ digraph, Ⅻ twelve, ² squared, ①".into(),
            format!("{long}ab {long}ß {long}é {long}東 {long}\u{ad}yz {}", "é".repeat(50)),
            format!("{}\n{}", "a1".repeat(30), "Ö".repeat(45)),
            "trailing spaces   \n\t tabbed\tterms\n".into(),
            "exactly8 exactly9x lowercaseonlywordsoflength abcdefgH abcdefghI CamelCaseWordsLong x1234567y\n".into(),
            format!("{} {}é {}Q {}", "abcdefgh".repeat(5), "abcdefgh".repeat(2), "abcdefgh".repeat(6), "ab".repeat(21)),
            // Runs across 64-byte blocks: separators, line ends, words, other characters.
            format!("{}word{}Last {}\n", "\n".repeat(130), " -\n".repeat(70), "x".repeat(200)),
            format!("{}é{}\n{}東{}", "a".repeat(63), "B".repeat(64), " ".repeat(63), "\n \n".repeat(40)),
        ];
        for text in &texts {
            assert_eq!(line_terms(text), line_terms_of_folded_lines(text), "{text:?}");
        }
        // Random texts over characters that fold, split or join in every way.
        let alphabet: Vec<char> =
            "aZ09 -_\n\rßẞİıéÉ\u{301}\u{ad}\u{200b}東タが한Ж\u{212a}ﬁＡσΣς🚀²Ⅻ.,ǅÆøŁ\t—’‧\u{2028}".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let len = (seed >> 59) as usize * 4;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(line_terms(&text), line_terms_of_folded_lines(&text), "{text:?}");
        }
    }

    #[test]
    fn case_and_accents_fold_to_one_form() {
        assert_eq!(fold("Bonér"), "boner");
        assert_eq!(fold("BONER"), "boner");
        assert_eq!(fold("BONÉR"), "boner");
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("Kraków"), "krakow");
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("naïve café"), "naive cafe");
        assert_eq!(fold("Tiếng Việt"), "tieng viet");
        assert_eq!(fold("Ελληνικά"), "ελληνικα");
        assert_eq!(fold("ΣΟΦΟΣ σοφός"), "σοφοσ σοφοσ");
    }

    #[test]
    fn letters_without_decomposition_are_spelled_out() {
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ẞ"), "ss");
        assert_eq!(fold("Æsir"), "aesir");
        assert_eq!(fold("Øresund"), "oresund");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Þór"), "thor");
        assert_eq!(fold("Đorđe"), "dorde");
        assert_eq!(fold("İstanbul ılık"), "istanbul ilik");
        assert_eq!(fold("ǿ"), "o");
    }

    #[test]
    fn compatibility_forms_of_latin_fold_to_plain_letters() {
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("ＫＵＢＥ"), "kube");
        assert_eq!(fold("Ĳssel"), "ijssel");
    }

    #[test]
    fn decomposed_accents_fold_like_precomposed_ones() {
        assert_eq!(fold("Bone\u{301}r"), "boner");
        assert_eq!(fold("Bone\u{301}r"), fold("Bonér"));
    }

    #[test]
    fn other_scripts_are_only_lowercased() {
        assert_eq!(fold("東京 北京"), "東京 北京");
        assert_eq!(fold("한국어"), "한국어");
        assert_eq!(fold("がぎ"), "がぎ");
        assert_eq!(fold("ПРИВЕТ Ёж"), "привет ёж");
        assert_eq!(fold("हिन्दी"), "हिन्दी");
        assert_eq!(fold("🚀✨"), "🚀✨");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(fold("Kuber\u{ad}ne\u{200b}tes\u{202e}"), "kubernetes");
        let folded = Folded::new("a\u{200b}b");
        assert_eq!(folded.text, "ab");
        assert_eq!(folded.original_range(0..1), 0..4);
    }

    #[test]
    fn ascii_is_lowercased_and_nothing_else() {
        assert_eq!(fold("Kube-Proxy v1.2 (GA)!"), "kube-proxy v1.2 (ga)!");
        let mut out = String::from("keep ");
        fold_into("ABC", &mut out);
        assert_eq!(out, "keep abc");
    }

    #[test]
    fn folded_matches_map_back_to_the_original() {
        let original = "Jonas Bonér, Zürich";
        let folded = Folded::new(original);
        assert_eq!(folded.text, fold(original));
        let at = folded.text.find("boner").expect("folded text has the name");
        assert_eq!(&original[folded.original_range(at..at + 5)], "Bonér");
        let at = folded.text.find("zurich").expect("folded text has the city");
        assert_eq!(&original[folded.original_range(at..at + 6)], "Zürich");
        assert_eq!(&original[folded.original_range(at + 1..at + 2)], "ü");
    }

    #[test]
    fn part_of_an_expansion_maps_to_the_whole_character() {
        let original = "Straße";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "strasse");
        assert_eq!(&original[folded.original_range(4..5)], "ß");
        assert_eq!(&original[folded.original_range(3..6)], "aß");
        assert_eq!(&original[folded.original_range(3..7)], "aße");
        assert_eq!(&original[folded.original_range(0..7)], "Straße");
    }

    #[test]
    fn dropped_accents_belong_to_their_letter() {
        let original = "e\u{301}x";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "ex");
        assert_eq!(&original[folded.original_range(0..1)], "e\u{301}");
        assert_eq!(&original[folded.original_range(1..2)], "x");
        let trailing = Folded::new("Bone\u{301}");
        assert_eq!(trailing.original_range(3..4), 3..6);
    }

    #[test]
    fn empty_and_out_of_bounds_ranges_stay_inside_the_original() {
        let folded = Folded::new("Añb");
        assert_eq!(folded.original_range(1..1), 1..1);
        assert_eq!(folded.original_range(2..99), 3..4);
        assert_eq!(folded.original_range(99..99), 4..4);
        assert_eq!(Folded::new("").original_range(0..3), 0..0);
    }

    #[test]
    fn found_matches_are_character_ranges_of_the_original() {
        assert_eq!(find_folded("Jonas Bonér and BONER", "boner"), vec![6..11, 16..21]);
        assert_eq!(find_folded("東京 café", &fold("CAFE")), vec![3..7]);
        assert_eq!(find_folded("aaa", "aa"), vec![0..2]);
        assert_eq!(find_folded("Hauptstraße, Strasse", "strasse"), vec![5..11, 13..20]);
        assert!(find_folded("abc", "").is_empty());
    }

    #[test]
    fn folded_characters_map_to_original_character_indices() {
        let original = "Straße Ørsted";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "strasse orsted");
        assert_eq!(folded.original_char_index(original, 5), Some(4));
        assert_eq!(folded.original_char_index(original, 7), Some(6));
        assert_eq!(folded.original_char_index(original, 8), Some(7));
        assert_eq!(folded.original_char_index(original, 99), None);
    }
}
