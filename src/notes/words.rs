//! Words of a note, as topic inference and text similarity read them:
//! lower-cased runs of letters and digits outside code blocks and link
//! destinations, each with a 64-bit hash so that counting words needs no
//! allocation, and the stop words of the languages notes are written in.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written (case kept).
    pub text: &'a str,
    /// [`hash_word`] of the lower-cased word.
    pub hash: u64,
    /// The word stands in a heading (ATX `#` or a bold line standing alone).
    pub heading: bool,
}

/// Words longer than this are hashes, base64 or URLs run together, not prose.
const MAX_WORD_BYTES: usize = 40;

/// Calls `f` for every word of the Markdown `text`, in order. Words are runs
/// of letters and digits of two characters or more that are not all digits.
/// Fenced code, link destinations (`](...)`) and bare URLs are skipped: code
/// and addresses say little about what a note is about.
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Word<'a>)) {
    let mut fence: Option<(u8, usize)> = None;
    for line in text.split('\n') {
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
        let heading = indent <= 3 && (trimmed.starts_with('#') || is_bold_line(trimmed.trim_end()));
        words_of_line(line, heading, &mut f);
    }
}

/// `(fence character, length)` when `line` opens a fenced code block.
pub(crate) fn fence_opening(line: &str) -> Option<(u8, usize)> {
    let ch = *line.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == ch).count();
    if len < 3 || (ch == b'`' && line[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

/// A line that is bold from end to end, `**Like this**` or `__this__`.
pub(crate) fn is_bold_line(line: &str) -> bool {
    bold_line_text(line).is_some()
}

/// The text of a line bold from end to end, without its markers.
pub(crate) fn bold_line_text(line: &str) -> Option<&str> {
    for marker in ["**", "__"] {
        if let Some(inner) = line.strip_prefix(marker).and_then(|rest| rest.strip_suffix(marker)) {
            let inner = inner.trim();
            if !inner.contains(marker) && inner.chars().any(char::is_alphanumeric) {
                return Some(inner);
            }
        }
    }
    None
}

fn words_of_line<'a>(line: &'a str, heading: bool, f: &mut impl FnMut(Word<'a>)) {
    let bytes = line.as_bytes();
    let char_at = |i: usize| line[i..].chars().next().expect("i is on a character boundary");
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || (b >= 0x80 && char_at(i).is_alphanumeric()) {
            // A word: hashed as it is read, lower-cased on the way.
            let start = i;
            let (mut hash, mut chars, mut digits) = (FNV_OFFSET, 0usize, true);
            while i < bytes.len() {
                let b = bytes[i];
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    hash = fnv(hash, b.to_ascii_lowercase());
                    digits &= b.is_ascii_digit();
                    i += 1;
                } else {
                    let c = char_at(i);
                    if !c.is_alphanumeric() {
                        break;
                    }
                    let mut buf = [0u8; 4];
                    for lower in c.to_lowercase() {
                        lower.encode_utf8(&mut buf).bytes().for_each(|byte| hash = fnv(hash, byte));
                    }
                    digits = false;
                    i += c.len_utf8();
                }
                chars += 1;
            }
            if bytes[i..].starts_with(b"://") {
                // A bare URL: skip to the next space, scheme included.
                i = line[i..].find(char::is_whitespace).map_or(bytes.len(), |k| i + k);
            } else if chars >= 2 && !digits && i - start <= MAX_WORD_BYTES {
                f(Word { text: &line[start..i], hash, heading });
            }
            continue;
        }
        if b == b']' && bytes.get(i + 1) == Some(&b'(') {
            // A link destination: skip to its closing parenthesis.
            i = bytes[i..].iter().position(|&b| b == b')').map_or(bytes.len(), |k| i + k + 1);
            continue;
        }
        i += if b < 0x80 { 1 } else { char_at(i).len_utf8() };
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// FNV-1a of the lower-cased word: the same for `Wasm`, `WASM` and `wasm`.
pub(crate) fn hash_word(word: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        c.encode_utf8(&mut buf).bytes().for_each(|b| hash = fnv(hash, b));
    }
    hash
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

/// Whether the word with this hash is too common, in any of the languages
/// notes are written in, to say what a note is about.
pub(crate) fn is_stop_word(hash: u64) -> bool {
    static SET: OnceLock<HashSet<u64, BuildHasherDefault<WordHasher>>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().flat_map(|list| list.split_whitespace()).map(hash_word).collect())
        .contains(&hash)
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
    // Conference notes and Markdown leftovers
    "talk talks speaker speakers slide slides session sessions conference conferences presentation \
     presentations note notes keynote keynotes question questions answer answers audience day days year \
     years today time times people example examples http https www com org net html htm png jpg jpeg gif \
     svg pdf md eg ie etc",
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

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push((w.text.to_string(), w.heading)));
        out
    }

    #[test]
    fn words_skip_code_links_and_urls_and_mark_headings() {
        let text = "# Wasm Runtime\n\nThe [sandbox](https://x.org/y) at https://a.b/c 2019 o11y.\n\n\
                    ```yaml\nkind: ConfigMap\n```\n**Bold Line**\nÉté à Zürich\n";
        let got = words(text);
        let expected = [
            ("Wasm", true),
            ("Runtime", true),
            ("The", false),
            ("sandbox", false),
            ("at", false),
            ("o11y", false),
            ("Bold", true),
            ("Line", true),
            ("Été", false),
            ("Zürich", false),
        ];
        let expected: Vec<(String, bool)> = expected.iter().map(|(w, h)| (w.to_string(), *h)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn hashes_ignore_case_and_stop_words_cover_every_language() {
        assert_eq!(hash_word("WASM"), hash_word("wasm"));
        assert_eq!(hash_word("ÉTÉ"), hash_word("été"));
        assert_ne!(hash_word("wasm"), hash_word("wasi"));
        for stop in ["The", "della", "avec", "och", "über", "también", "slides"] {
            assert!(is_stop_word(hash_word(stop)), "{stop}");
        }
        for content in ["wasm", "runtime", "kernel", "sandbox"] {
            assert!(!is_stop_word(hash_word(content)), "{content}");
        }
    }

    #[test]
    fn bold_lines_must_be_bold_from_end_to_end() {
        assert_eq!(bold_line_text("**C. Keynote: Jane Doe**"), Some("C. Keynote: Jane Doe"));
        assert_eq!(bold_line_text("__Title__"), Some("Title"));
        assert_eq!(bold_line_text("**A** and **B**"), None);
        assert_eq!(bold_line_text("**Title** trailing"), None);
        assert_eq!(bold_line_text("****"), None);
        assert_eq!(bold_line_text("***"), None);
    }
}
