//! Text from notes on its way to the terminal: control characters made
//! visible or dropped, and widths measured the way ratatui lays out cells.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What to do with one character of note text.
enum Treatment {
    Keep,
    Drop,
    Replace(char),
}

fn treatment(c: char, single_line: bool) -> Treatment {
    match c {
        '\n' | '\t' if !single_line => Treatment::Keep,
        '\n' | '\t' | '\r' => Treatment::Replace(' '),
        // C0 controls become their visible "control picture" (ESC → ␛).
        '\0'..='\x1f' => Treatment::Replace(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\x7f' => Treatment::Replace('␡'),
        // C1 controls (CSI, OSC, ST as single code points) have no picture.
        '\u{80}'..='\u{9f}' => Treatment::Replace('\u{fffd}'),
        // Bidi embeddings, overrides and isolates can reorder what the reader sees.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' => Treatment::Drop,
        // Line and paragraph separators move some terminals to a new line.
        '\u{2028}' | '\u{2029}' => Treatment::Replace(' '),
        _ => Treatment::Keep,
    }
}

fn clean(text: &str, single_line: bool) -> Cow<'_, str> {
    if text.chars().all(|c| matches!(treatment(c, single_line), Treatment::Keep)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match treatment(c, single_line) {
            Treatment::Keep => out.push(c),
            Treatment::Drop => {}
            Treatment::Replace(r) => out.push(r),
        }
    }
    Cow::Owned(out)
}

/// Note text with every control character made visible or dropped; newlines and tabs kept.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Like [`sanitize`], for text shown on one line (titles, names): newlines and tabs become spaces.
pub fn sanitize_line(text: &str) -> String {
    clean(text, true).into_owned()
}

/// JSON text (as serde_json writes it) with every character [`sanitize`]
/// would change written as a `\uXXXX` escape: serde_json escapes C0
/// controls but passes DEL, C1 and bidi controls through, which a terminal
/// showing the JSON would obey. The data is unchanged for a JSON reader.
/// Outside strings JSON has only ASCII punctuation, digits, letters, spaces
/// and newlines, so only characters inside strings are ever escaped.
pub fn escape_json_controls(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| c != '\n' && !matches!(treatment(c, false), Treatment::Keep);
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Display width in terminal cells, summed per grapheme as ratatui does.
pub fn width(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Printable ASCII, the common case: one cell a byte.
    if bytes.iter().fold(true, |all, &b| all & (0x20..0x7f).contains(&b)) {
        return text.len();
    }
    // Text whose every character is a grapheme of its own is measured a
    // character at a time, without grapheme segmentation.
    let mut cells = 0;
    for c in text.chars() {
        match c {
            ' '..='~' | '\u{a0}'..='\u{ac}' | '\u{ae}'..='\u{2ff}' => cells += 1,
            _ if is_lone(c) => cells += grapheme_width(c.encode_utf8(&mut [0; 4])),
            _ => return text.graphemes(true).map(grapheme_width).sum(),
        }
    }
    cells
}

/// Whether a character always stands alone as a grapheme, whatever its
/// neighbours (when none of them is a combining mark or joiner, which are
/// not lone): no control, extending, prepended or spacing mark, joiner,
/// Hangul jamo or regional indicator. Common scripts and symbols only: the
/// rest are measured by grapheme. A unit test checks each one.
fn is_lone(c: char) -> bool {
    matches!(c,
        '\u{370}'..='\u{482}' | '\u{48a}'..='\u{52f}' // Greek, Cyrillic
        | '\u{1e00}'..='\u{1fff}' // Latin extended additional, Greek extended
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205f}' | '\u{2070}'..='\u{20cf}' // punctuation, currency
        | '\u{2100}'..='\u{2bff}' // letterlike, arrows, maths, box drawing, shapes, dingbats
        | '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303f}' | '\u{3041}'..='\u{3096}' | '\u{309b}'..='\u{30ff}'
        | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' // CJK ideographs, Hangul syllables
        | '\u{ff01}'..='\u{ff60}' // fullwidth forms
        | '\u{1f300}'..='\u{1f3fa}' | '\u{1f400}'..='\u{1faff}' // emoji, but skin tone modifiers
    )
}

pub fn grapheme_width(grapheme: &str) -> usize {
    grapheme.width()
}

/// Cuts `text` to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `bytes` in the largest of KB, MB, GB, TB that keeps the value at least
/// 1, counting `step` (1000 or 1024) to the unit; `None` below one KB. The
/// one scaling behind every size shown, whatever each place's wording.
pub fn size_in_units(bytes: u64, step: u64) -> Option<(f64, &'static str)> {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < step {
        return None;
    }
    let step = step as f64;
    let mut value = bytes as f64 / step;
    let mut unit = 0;
    while value >= step && unit + 1 < UNITS.len() {
        value /= step;
        unit += 1;
    }
    Some((value, UNITS[unit]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(sanitize("bell\x07"), "bell␇");
        assert_eq!(sanitize("del\x7f"), "del␡");
        assert_eq!(sanitize("osc\u{9d}52;c;x\u{9c}"), "osc\u{fffd}52;c;x\u{fffd}");
        assert_eq!(sanitize("cr\r"), "cr ");
    }

    #[test]
    fn bidi_controls_are_dropped_and_newlines_kept() {
        assert_eq!(sanitize("a\u{202e}b\u{2066}c\u{2069}"), "abc");
        assert_eq!(sanitize("a\nb\tc"), "a\nb\tc");
    }

    #[test]
    fn single_line_text_loses_newlines_and_tabs() {
        assert_eq!(sanitize_line("a\nb\tc\r\x1b"), "a b c ␛");
    }

    #[test]
    fn json_escapes_what_the_sanitiser_would_change_and_keeps_the_data() {
        let value = serde_json::json!({ "id": "a\x1b]0;x\x07\u{9b}31m\u{202e}b\x7f\u{2028}" });
        let pretty = serde_json::to_string_pretty(&value).expect("json");
        let escaped = escape_json_controls(&pretty);
        assert!(escaped.chars().all(|c| c == '\n' || matches!(treatment(c, true), Treatment::Keep)), "{escaped}");
        assert!(escaped.contains(r"\u001b]0;x\u0007\u009b31m\u202eb\u007f\u2028"), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(back, value);
        assert!(matches!(escape_json_controls("{\n  \"a\": \"café\"\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("plain café 東京 🚀"), Cow::Borrowed(_)));
    }

    #[test]
    fn width_counts_wide_and_combined_graphemes() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("東京"), 4);
        assert_eq!(width("e\u{301}"), 1);
    }

    #[test]
    fn the_fast_width_paths_agree_with_graphemes() {
        let slow = |text: &str| text.graphemes(true).map(grapheme_width).sum::<usize>();
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(width(&text), slow(&text), "{text:?}");
        }
        // Each lone character is a grapheme apart from any lone or ASCII neighbour.
        let lone: Vec<char> = (0..0x110000u32).filter_map(char::from_u32).filter(|&c| is_lone(c)).collect();
        for &c in &lone {
            for text in [format!("{c}{c}"), format!("a{c}"), format!("{c}a"), format!("{c}\u{ac00}\u{4e00}")] {
                let graphemes: Vec<&str> = text.graphemes(true).collect();
                assert_eq!(graphemes.len(), text.chars().count(), "{text:?}");
                assert_eq!(width(&text), slow(&text), "{text:?}");
            }
        }
        let edges = [0..0xb0, 0x2f0..0x310, 0x200b..0x2010, 0xfe0e..0xfe10, 0x1f1e6..0x1f1e8, 0x1f600..0x1f601];
        let chars: Vec<char> = edges.into_iter().flatten().chain([0x1100, 0x1161]).filter_map(char::from_u32).collect();
        for &c in &chars {
            for &d in &chars {
                let text: String = ['a', c, d, 'b'].into_iter().collect();
                assert_eq!(width(&text), slow(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn truncate_respects_cells_and_marks_the_cut() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("東京東京", 5), "東京…");
        assert_eq!(truncate("abc", 0), "");
    }
}
