//! Dates as notes give them: a day, a month or only a year.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date known to the day, the month or only the year.
/// Orders by year, then month, then day, with unknown parts first,
/// so `2019` sorts before `2019-05` and `2019-05` before `2019-05-20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    pub fn year(year: i32) -> Self {
        Self { year, month: None, day: None }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; rejects impossible months and days.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let year = parse_digits(parts.next()?, 4)?;
        let month = parts.next().map(|m| parse_digits(m, 2)).map_or(Some(None), |m| m.map(Some))?;
        let day = parts.next().map(|d| parse_digits(d, 2)).map_or(Some(None), |d| d.map(Some))?;
        if parts.next().is_some() {
            return None;
        }
        let month = match month {
            Some(m) if (1..=12).contains(&m) => Some(m as u8),
            Some(_) => return None,
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= days_in_month(year as i32, u32::from(m)) => Some(d as u8),
            (_, Some(_)) => return None,
            (_, None) => None,
        };
        Some(Self { year: year as i32, month, day })
    }

    /// Reads a leading date from a folder name such as `2019-05-barcelona`,
    /// `2019-05-20 KubeCon`, `2019_barcelona`, `2025 04 22` or `2024-6-react`:
    /// the date and the rest of the name. A month or day is one or two
    /// digits after a separator, standing apart from further digits
    /// (`2025 09 318` is September 2025 and `318`).
    pub fn from_name_prefix(name: &str) -> Option<(Self, &str)> {
        let bytes = name.as_bytes();
        let is_sep = |b: u8| b == b'-' || b == b'_' || b == b' ' || b == b'.';
        if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        if bytes.len() > 4 && !is_sep(bytes[4]) {
            return None;
        }
        let year = parse_digits(&name[..4], 4)? as i32;
        // A one- or two-digit number after a separator at `at`: its value and end.
        let part = |at: usize| -> Option<(u32, usize)> {
            if at >= bytes.len() || !is_sep(bytes[at]) {
                return None;
            }
            let digits = bytes[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            let end = at + 1 + digits;
            if !(1..=2).contains(&digits) || (end < bytes.len() && !is_sep(bytes[end])) {
                return None;
            }
            Some((name[at + 1..end].parse().ok()?, end))
        };
        let mut date = Self::year(year);
        let mut end = 4;
        if let Some((month, month_end)) = part(4).filter(|(m, _)| (1..=12).contains(m)) {
            date.month = Some(month as u8);
            end = month_end;
            if let Some((day, day_end)) = part(month_end).filter(|(d, _)| *d >= 1 && *d <= days_in_month(year, month)) {
                date.day = Some(day as u8);
                end = day_end;
            }
        }
        let rest = name[end..].trim_start_matches(|c: char| c.is_ascii() && is_sep(c as u8));
        Some((date, rest))
    }

    /// The first date anywhere in a folder or file name, with where it
    /// stands: `kubecon-eu-2019` → 2019 at 11..15, `Re_Ignite_2018-11` →
    /// November 2018. A year is four digits standing apart from other
    /// digits, from 1970 to 2100; a month and day directly after it count.
    pub fn in_name(name: &str) -> Option<(Self, std::ops::Range<usize>)> {
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if let Some(short) = short_year(bytes, start, i) {
                return Some(short);
            }
            if i - start == 8 {
                // `20150731`, as file names stamp a day.
                let iso =
                    format!("{}-{}-{}", &name[start..start + 4], &name[start + 4..start + 6], &name[start + 6..i]);
                if let Some(date) = Self::parse(&iso).filter(|d| (MIN_YEAR..=MAX_YEAR).contains(&d.year)) {
                    return Some((date, start..i));
                }
                continue;
            }
            if i - start != 4 {
                continue;
            }
            let year: i32 = name[start..i].parse().ok()?;
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                continue;
            }
            return Some(match Self::from_name_prefix(&name[start..]) {
                Some((date, rest)) => {
                    // `from_name_prefix` also ate the separators after the date.
                    let end = name.len() - rest.len();
                    let end = start + name[start..end].trim_end_matches(['-', '_', ' ', '.']).len();
                    (date, start..end)
                }
                None => (Self::year(year), start..i),
            });
        }
        None
    }

    pub fn month_name(self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[usize::from(m - 1)])
    }
}

/// `2k16` (2016) in a name, when the digit run `start..end` is the `2` of
/// one: a `k`, then two digits standing apart from further digits.
fn short_year(bytes: &[u8], start: usize, end: usize) -> Option<(PartialDate, std::ops::Range<usize>)> {
    if end - start != 1 || bytes[start] != b'2' || !bytes.get(end).is_some_and(|b| b.eq_ignore_ascii_case(&b'k')) {
        return None;
    }
    let tail = bytes.get(end + 1..end + 3)?;
    if !tail.iter().all(u8::is_ascii_digit) || bytes.get(end + 3).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let year = 2000 + i32::from(tail[0] - b'0') * 10 + i32::from(tail[1] - b'0');
    Some((PartialDate::year(year), start..end + 3))
}

/// Years a name or a date line may plausibly mean.
const MIN_YEAR: i32 = 1970;
const MAX_YEAR: i32 = 2100;

/// A date or a date range as people write one near the top of their notes:
/// `2019-05-02`, `May 2-3, 2019`, `2–3 May 2019`, `May 30 – June 1, 2019`,
/// `Thursday, 2nd of May 2019`, `2. bis 4. Mai 2019`, `del 2 al 4 de mayo
/// de 2019` or only `May 2019`. Month names may be English, Italian,
/// French, Swedish, German or Spanish, in full or abbreviated. Numeric
/// dates other than ISO (`02/05/2019`) are ambiguous and not read.
/// The first date found in `line` wins.
pub fn find_date(line: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    // Every date written has a digit (a year, a day): most lines of a note
    // have none, and are not split into words and matched against the
    // month names, which took most of a large collection's load.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some((start, rest)) = find_iso(line) {
        let end = find_iso(rest).map(|(end, _)| end).filter(|&end| end > start);
        return Some((start, end));
    }
    let tokens = date_tokens(line);
    (0..tokens.len())
        .find_map(|i| month_first(&tokens[i..]).or_else(|| day_first(&tokens[i..])))
        .or_else(|| numeric_year(line).map(|year| (PartialDate::year(year), None)))
}

/// The year of a numeric date such as `11/6/2016` or `6.11.2016`: day and
/// month may be either way round, so only the year is sure.
fn numeric_year(line: &str) -> Option<i32> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
        let a = run(i);
        if a == 0 || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/')) {
            i += a.max(1);
            continue;
        }
        let sep = bytes.get(i + a).copied();
        if (1..=2).contains(&a) && matches!(sep, Some(b'/' | b'.')) {
            let j = i + a + 1;
            let b = run(j);
            if (1..=2).contains(&b) && bytes.get(j + b) == sep.as_ref() {
                let k = j + b + 1;
                let c = run(k);
                let apart = bytes.get(k + c).is_none_or(|x| !x.is_ascii_alphanumeric() && *x != b'/');
                if c == 4 && apart {
                    let year: i32 = line[k..k + 4].parse().ok()?;
                    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
                        return Some(year);
                    }
                }
            }
        }
        i += a;
    }
    None
}

/// Lines of a page's top where a date line is looked for.
const DATE_LINES: usize = 12;

/// The first date line among the first `DATE_LINES` non-blank lines of a
/// Markdown text (headings included, code blocks not): how people date
/// the notes of an event without front matter.
pub fn find_date_near_top(text: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    date_line_near_top(text, None).map(|(_, start, end)| (start, end))
}

/// [`find_date_near_top`], and the line the date was found on. With
/// `year` (known from elsewhere: the folder), a line opening with a date
/// written without one (`March 3–5, Tampere (Finland)`) is dated in
/// it, when no line near the top gives a whole date.
pub fn date_line_near_top(text: &str, year: Option<i32>) -> Option<(&str, PartialDate, Option<PartialDate>)> {
    let mut in_fence = false;
    let top: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .filter(|line| {
            if line.starts_with("```") || line.starts_with("~~~") {
                in_fence = !in_fence;
                return false;
            }
            !in_fence
        })
        .take(DATE_LINES)
        .collect();
    let whole = top.iter().find_map(|line| find_date(&without_urls(line)).map(|(start, end)| (*line, start, end)));
    whole.or_else(|| {
        let year = year?;
        top.iter().find_map(|line| yearless_date(line, year).map(|(start, end)| (*line, start, end)))
    })
}

/// Whether `word` is part of how dates are written: a month or a day of the week.
pub(super) fn is_date_word(word: &str) -> bool {
    let word = word.to_lowercase();
    MONTH_NAMES.iter().any(|(name, _)| *name == word) || DATE_FILLER.contains(&word.as_str())
}

/// `March 3–5` or `3–5 March` opening `line`, in `year`.
fn yearless_date(line: &str, year: i32) -> Option<(PartialDate, Option<PartialDate>)> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let tokens = date_tokens(line);
    month_first_in(&tokens, Some(year)).or_else(|| day_first_in(&tokens, Some(year)))
}

/// A line with its URLs left out: a date in an address (`/2017/04/`) is
/// where a page was filed, not when the event was.
fn without_urls(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains("://") {
        return line.into();
    }
    line.split_whitespace().filter(|w| !w.contains("://")).collect::<Vec<_>>().join(" ").into()
}

/// A date in the first `lines` non-blank lines of a Markdown text (code
/// blocks left out), or in its second heading: `# October 24, 2017`,
/// `April 2019` under a title. Only the start of a range.
pub fn find_date_in_first_lines(text: &str, lines: usize) -> Option<PartialDate> {
    let mut in_fence = false;
    let mut headings = 0;
    let mut checked = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // A heading once its web addresses are left out (as `without_urls`
        // leaves them), which is only made for a line looked at for a date.
        let is_heading = match line.contains("://") {
            false => line.starts_with('#'),
            true => line.split_whitespace().find(|w| !w.contains("://")).is_some_and(|w| w.starts_with('#')),
        };
        headings += usize::from(is_heading);
        // Every date has a digit (as `find_date` knows), and leaving the
        // addresses out adds none: a line without one is not copied.
        let looked_at = checked < lines || (is_heading && headings <= 2);
        if looked_at && line.bytes().any(|b| b.is_ascii_digit()) {
            if let Some((date, _)) = find_date(&without_urls(line)) {
                return Some(date);
            }
        }
        checked += 1;
        if (checked >= lines && headings >= 2) || checked >= 40 {
            break;
        }
    }
    None
}

/// The first `YYYY-MM-DD` in `text` not run together with other digits, and the text after it.
fn find_iso(text: &str) -> Option<(PartialDate, &str)> {
    let bytes = text.as_bytes();
    let shape =
        |w: &[u8]| w.iter().enumerate().all(|(k, b)| if k == 4 || k == 7 { *b == b'-' } else { b.is_ascii_digit() });
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let window = &bytes[i..i + 10];
        let apart = (i == 0 || !bytes[i - 1].is_ascii_digit()) && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if !apart || !shape(window) {
            return None;
        }
        let date = PartialDate::parse(&text[i..i + 10]).filter(|d| (MIN_YEAR..=MAX_YEAR).contains(&d.year))?;
        Some((date, &text[i + 10..]))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateToken {
    /// A number and how many digits it was written with.
    Num(u32, usize),
    Month(u8),
    /// `-`, `–`, `to`, `au`, `bis`, ...: the second half of a range follows.
    Dash,
    /// Anything else: breaks a date apart.
    Other,
}

/// Month names and abbreviations in the languages notes are written in.
const MONTH_NAMES: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("décembre", 12),
    // Swedish
    ("januari", 1),
    ("februari", 2),
    ("maj", 5),
    ("juni", 6),
    ("juli", 7),
    ("augusti", 8),
    ("oktober", 10),
    // German
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("dezember", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("abril", 4),
    ("mayo", 5),
    ("septiembre", 9),
    ("octubre", 10),
    ("diciembre", 12),
];

/// Words a date may carry that say nothing about it: weekdays, articles, `of`.
const DATE_FILLER: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "of",
    "the",
    "on",
    "from",
    "between",
    "le",
    "du",
    "il",
    "dal",
    "dalla",
    "el",
    "del",
    "de",
    "den",
    "am",
    "vom",
    "ab",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "måndag",
    "tisdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lördag",
    "söndag",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Words that join the two ends of a range, as a dash does.
const DATE_RANGE_WORDS: [&str; 11] = ["to", "until", "till", "through", "and", "au", "al", "bis", "a", "och", "und"];

fn date_tokens(line: &str) -> Vec<DateToken> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                end = j + d.len_utf8();
                chars.next();
            }
            let digits = &line[i..end];
            // An ordinal suffix (`2nd`, `1er`, `3rd`) belongs to the number.
            let mut suffix_end = end;
            while let Some(&(j, l)) = chars.peek().filter(|(_, l)| l.is_alphabetic() || *l == 'º') {
                suffix_end = j + l.len_utf8();
                chars.next();
            }
            let suffix = line[end..suffix_end].to_lowercase();
            let ordinal = ["", "st", "nd", "rd", "th", "er", "e", "º", "o"].contains(&suffix.as_str());
            match digits.parse() {
                Ok(n) if ordinal && digits.len() <= 4 => tokens.push(DateToken::Num(n, digits.len())),
                _ => tokens.push(DateToken::Other),
            }
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, l)) = chars.peek().filter(|(_, l)| l.is_alphabetic()) {
                end = j + l.len_utf8();
                chars.next();
            }
            let word = line[i..end].to_lowercase();
            if let Some(&(_, m)) = MONTH_NAMES.iter().find(|(name, _)| *name == word) {
                tokens.push(DateToken::Month(m));
            } else if DATE_RANGE_WORDS.contains(&word.as_str()) {
                tokens.push(DateToken::Dash);
            } else if !DATE_FILLER.contains(&word.as_str()) {
                tokens.push(DateToken::Other);
            }
        } else if matches!(c, '-' | '–' | '—' | '‒' | '&') {
            tokens.push(DateToken::Dash);
        } else if matches!(c, '/' | ':' | '|') {
            tokens.push(DateToken::Other);
        }
        // Spaces, commas, dots and brackets separate tokens and nothing more.
    }
    tokens
}

fn day(token: Option<&DateToken>) -> Option<u32> {
    match token {
        Some(&DateToken::Num(n, digits)) if digits <= 2 && (1..=31).contains(&n) => Some(n),
        _ => None,
    }
}

fn year_token(token: Option<&DateToken>) -> Option<i32> {
    match token {
        Some(&DateToken::Num(n, 4)) => i32::try_from(n).ok().filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y)),
        _ => None,
    }
}

fn month_token(token: Option<&DateToken>) -> Option<u8> {
    match token {
        Some(&DateToken::Month(m)) => Some(m),
        _ => None,
    }
}

fn is_dash(token: Option<&DateToken>) -> bool {
    token == Some(&DateToken::Dash)
}

fn full_date(year: i32, month: u8, day: u32) -> Option<PartialDate> {
    PartialDate::parse(&format!("{year:04}-{month:02}-{day:02}"))
}

/// A start and an end in the same year; the end is dropped when it is not after the start.
fn range(year: i32, (m1, d1): (u8, u32), end: Option<(u8, u32)>) -> Option<(PartialDate, Option<PartialDate>)> {
    let start = full_date(year, m1, d1)?;
    let end = end.and_then(|(m2, d2)| full_date(year, m2, d2)).filter(|&e| e > start);
    Some((start, end))
}

/// `May 2, 2019`, `May 2-3, 2019`, `May 30 – June 1, 2019`, `May 2019`.
fn month_first(t: &[DateToken]) -> Option<(PartialDate, Option<PartialDate>)> {
    month_first_in(t, None)
}

/// [`month_first`], in `year` when the tokens give none.
fn month_first_in(t: &[DateToken], year: Option<i32>) -> Option<(PartialDate, Option<PartialDate>)> {
    let m1 = month_token(t.first())?;
    if let Some(year) = year_token(t.get(1)) {
        return Some((PartialDate { year, month: Some(m1), day: None }, None));
    }
    let d1 = day(t.get(1))?;
    let mut k = 2;
    let mut end = None;
    if is_dash(t.get(k)) {
        if let (Some(m2), Some(d2)) = (month_token(t.get(k + 1)), day(t.get(k + 2))) {
            end = Some((m2, d2));
            k += 3;
        } else if let Some(d2) = day(t.get(k + 1)) {
            end = Some((m1, d2));
            k += 2;
        }
    }
    range(year_token(t.get(k)).or(year)?, (m1, d1), end)
}

/// `2 May 2019`, `2-3 May 2019`, `30 May – 1 June 2019`.
fn day_first(t: &[DateToken]) -> Option<(PartialDate, Option<PartialDate>)> {
    day_first_in(t, None)
}

/// [`day_first`], in `year` when the tokens give none.
fn day_first_in(t: &[DateToken], year: Option<i32>) -> Option<(PartialDate, Option<PartialDate>)> {
    let d1 = day(t.first())?;
    let (m1, mut k, mut end_day) = if is_dash(t.get(1)) {
        (month_token(t.get(3))?, 4, Some(day(t.get(2))?))
    } else {
        (month_token(t.get(1))?, 2, None)
    };
    let mut end = end_day.take().map(|d2| (m1, d2));
    if end.is_none() && is_dash(t.get(k)) {
        if let (Some(d2), Some(m2)) = (day(t.get(k + 1)), month_token(t.get(k + 2))) {
            end = Some((m2, d2));
            k += 3;
        }
    }
    range(year_token(t.get(k)).or(year)?, (m1, d1), end)
}

fn parse_digits(text: &str, len: usize) -> Option<u32> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    /// ISO form, as precise as the date is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A human date range: `May 20–23, 2019`, `Oct 24 – Nov 1, 2022`, `March 2024`, `2019`.
pub fn format_range(start: PartialDate, end: Option<PartialDate>) -> String {
    let single = |d: PartialDate| match (d.month_name(), d.day) {
        (Some(m), Some(day)) => format!("{m} {day}, {}", d.year),
        (Some(m), None) => format!("{m} {}", d.year),
        _ => d.year.to_string(),
    };
    let Some(end) = end.filter(|e| *e != start) else {
        return single(start);
    };
    match (start.month_name(), start.day, end.month_name(), end.day) {
        (Some(m1), Some(d1), Some(m2), Some(d2)) if start.year == end.year => {
            if m1 == m2 {
                format!("{m1} {d1}–{d2}, {}", start.year)
            } else {
                format!("{m1} {d1} – {m2} {d2}, {}", start.year)
            }
        }
        _ => format!("{} – {}", single(start), single(end)),
    }
}

/// A short form for narrow lists: `May 20–23`, `Mar 2024`; the year is shown by the group header.
pub fn format_short(start: PartialDate, end: Option<PartialDate>) -> String {
    let abbr = |d: PartialDate| d.month_name().map(|m| &m[..3]);
    match (abbr(start), start.day) {
        (Some(m), Some(d1)) => match end.filter(|e| e.year == start.year && e.month == start.month).and_then(|e| e.day)
        {
            Some(d2) if d2 != d1 => format!("{m} {d1}–{d2}"),
            _ => format!("{m} {d1}"),
        },
        (Some(m), None) => m.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).expect("valid date in test")
    }

    #[test]
    fn parses_all_three_precisions_and_rejects_nonsense() {
        assert_eq!(d("2019"), PartialDate { year: 2019, month: None, day: None });
        assert_eq!(d("2019-05"), PartialDate { year: 2019, month: Some(5), day: None });
        assert_eq!(d("2019-05-20"), PartialDate { year: 2019, month: Some(5), day: Some(20) });
        for bad in ["19", "2019-13", "2019-02-30", "2019-5", "2019-05-20-1", "abcd", "", "2019--01"] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
        assert!(PartialDate::parse("2024-02-29").is_some());
        assert!(PartialDate::parse("2023-02-29").is_none());
    }

    #[test]
    fn a_heading_behind_a_web_address_dates_a_text_past_its_first_lines() {
        let text = "# Title\n\none\n\ntwo\n\nthree https://example.org/2018-01-01\n\n";
        let dated = |line: &str| find_date_in_first_lines(&format!("{text}{line}\n"), 3);
        // Its address left out, the line is the second heading.
        assert_eq!(dated("https://example.org/x # March 4, 2019"), Some(d("2019-03-04")));
        assert_eq!(dated("# March 4, 2019 https://example.org/x"), Some(d("2019-03-04")));
        // A line of text past the first three, with or without an address: not looked at.
        assert_eq!(dated("https://example.org/x March 4, 2019"), None);
        assert_eq!(dated("March 4, 2019"), None);
    }

    #[test]
    fn less_precise_dates_sort_first_within_their_period() {
        assert!(d("2019") < d("2019-01"));
        assert!(d("2019-05") < d("2019-05-01"));
        assert!(d("2019-12-31") < d("2020"));
    }

    #[test]
    fn folder_names_yield_a_date_and_a_remainder() {
        assert_eq!(PartialDate::from_name_prefix("2019-05-barcelona"), Some((d("2019-05"), "barcelona")));
        assert_eq!(PartialDate::from_name_prefix("2019-05-20 KubeCon"), Some((d("2019-05-20"), "KubeCon")));
        assert_eq!(PartialDate::from_name_prefix("2019_barcelona"), Some((d("2019"), "barcelona")));
        assert_eq!(PartialDate::from_name_prefix("2019"), Some((d("2019"), "")));
        assert_eq!(PartialDate::from_name_prefix("20190-x"), None);
        assert_eq!(PartialDate::from_name_prefix("barcelona"), None);
        assert_eq!(PartialDate::from_name_prefix("2019-99-x"), Some((d("2019"), "99-x")));
        assert_eq!(PartialDate::from_name_prefix("2025 04 22"), Some((d("2025-04-22"), "")));
        assert_eq!(PartialDate::from_name_prefix("2024-6-react"), Some((d("2024-06"), "react")));
        assert_eq!(PartialDate::from_name_prefix("2025 09 318"), Some((d("2025-09"), "318")));
        assert_eq!(PartialDate::from_name_prefix("2019-05-3x"), Some((d("2019-05"), "3x")));
    }

    fn found(line: &str) -> Option<(String, Option<String>)> {
        find_date(line).map(|(s, e)| (s.to_string(), e.map(|e| e.to_string())))
    }

    fn range(start: &str, end: Option<&str>) -> Option<(String, Option<String>)> {
        Some((start.to_string(), end.map(str::to_string)))
    }

    #[test]
    fn date_lines_in_the_ways_people_write_them() {
        assert_eq!(found("May 2-3, 2019"), range("2019-05-02", Some("2019-05-03")));
        assert_eq!(found("2019-05-02"), range("2019-05-02", None));
        assert_eq!(found("2-3 May 2019"), range("2019-05-02", Some("2019-05-03")));
        assert_eq!(found("**When:** Thursday, May 2nd, 2019"), range("2019-05-02", None));
        assert_eq!(found("May 30 – June 1, 2019, Barcelona"), range("2019-05-30", Some("2019-06-01")));
        assert_eq!(found("30 May - 1 June 2019"), range("2019-05-30", Some("2019-06-01")));
        assert_eq!(found("2019-05-20 to 2019-05-23"), range("2019-05-20", Some("2019-05-23")));
        assert_eq!(found("Sept 12-15, 2023"), range("2023-09-12", Some("2023-09-15")));
        assert_eq!(found("the 2nd of May 2019"), range("2019-05-02", None));
        assert_eq!(found("Held in May 2019."), range("2019-05", None));
        // Italian, French, Swedish, German, Spanish.
        assert_eq!(found("Vellano, 2-5 maggio 2019"), range("2019-05-02", Some("2019-05-05")));
        assert_eq!(found("du 1er au 3 février 2020"), range("2020-02-01", Some("2020-02-03")));
        assert_eq!(found("den 14 mars 2024"), range("2024-03-14", None));
        assert_eq!(found("24. bis 26. Oktober 2018"), range("2018-10-24", Some("2018-10-26")));
        assert_eq!(found("del 2 al 4 de mayo de 2019"), range("2019-05-02", Some("2019-05-04")));
    }

    #[test]
    fn a_date_line_without_a_year_is_dated_in_the_year_given_when_no_line_has_a_whole_date() {
        fn day(text: &str, year: Option<i32>) -> Option<(&str, String, Option<String>)> {
            date_line_near_top(text, year).map(|(line, s, e)| (line, s.to_string(), e.map(|e| e.to_string())))
        }
        let page = "# Conf\n\nMarch 3–5, Tampere (Finland)\n";
        assert_eq!(
            day(page, Some(2026)),
            Some((page.lines().nth(2).unwrap_or_default(), "2026-03-03".into(), Some("2026-03-05".into())))
        );
        assert_eq!(day(page, None), None);
        assert_eq!(day("# Conf\n\n10 February\n\nMay 2, 2019\n", Some(2026)).map(|d| d.1), Some("2019-05-02".into()));
        assert_eq!(day("# Conf\n\nWe saw 10 talks in February\n", Some(2026)), None);
    }

    #[test]
    fn lines_without_a_date_find_none() {
        for line in [
            "",
            "KELDAM 2020",
            "May the force be with you",
            "Version 2019.05.02",
            "Room 2019, May",
            "2019-13-40",
            "May 2, 19",
            "120190502",
        ] {
            assert_eq!(found(line), None, "{line}");
        }
        // Day and month of a numeric date may be either way round: only the year is read.
        assert_eq!(found("02/05/2019"), range("2019", None));
        assert_eq!(found("# Data Evenings (11/6/2016)"), range("2016", None));
        assert_eq!(found("see /1/2/2019/ and 1/2/20190"), None);
        // An impossible day leaves the month that was meant.
        assert_eq!(found("31 February 2019"), range("2019-02", None));
        // An end before its start is no range.
        assert_eq!(found("May 5-2, 2019"), range("2019-05-05", None));
    }

    #[test]
    fn date_lines_are_looked_for_near_the_top_outside_code() {
        let text = "# Conf\n\n```\n2001-01-01\n```\n\nMay 2-3, 2019\n";
        assert_eq!(find_date_near_top(text).map(|(s, _)| s.to_string()).as_deref(), Some("2019-05-02"));
        let late = format!("{}May 2, 2019\n", "line\n\n".repeat(20));
        assert_eq!(find_date_near_top(&late), None, "too far down");
    }

    #[test]
    fn names_carry_a_date_anywhere() {
        assert_eq!(PartialDate::in_name("kubecon-eu-2019"), Some((d("2019"), 11..15)));
        assert_eq!(PartialDate::in_name("MarmotCon-2017"), Some((d("2017"), 10..14)));
        assert_eq!(PartialDate::in_name("Re_Ignite_2018"), Some((d("2018"), 10..14)));
        assert_eq!(PartialDate::in_name("2019-05-barcelona"), Some((d("2019-05"), 0..7)));
        assert_eq!(PartialDate::in_name("zocon2019"), Some((d("2019"), 5..9)));
        assert_eq!(PartialDate::in_name("conf-2019-11-05"), Some((d("2019-11-05"), 5..15)));
        assert_eq!(PartialDate::in_name("quirkyweave"), None);
        assert_eq!(PartialDate::in_name("room-12345"), None);
        assert_eq!(PartialDate::in_name("talk-1234"), None, "not a plausible year");
        assert_eq!(PartialDate::in_name("forum-2k16"), Some((d("2016"), 6..10)));
        assert_eq!(PartialDate::in_name("DIR2016"), Some((d("2016"), 3..7)));
        assert_eq!(PartialDate::in_name("notes_20150731"), Some((d("2015-07-31"), 6..14)));
        assert_eq!(PartialDate::in_name("a2k16b"), None);
        assert_eq!(PartialDate::in_name("ML Whittlers 2025 04 22"), Some((d("2025-04-22"), 13..23)));
    }

    #[test]
    fn ranges_read_naturally() {
        assert_eq!(format_range(d("2019-05-20"), Some(d("2019-05-23"))), "May 20–23, 2019");
        assert_eq!(format_range(d("2022-10-31"), Some(d("2022-11-02"))), "October 31 – November 2, 2022");
        assert_eq!(format_range(d("2024-03"), None), "March 2024");
        assert_eq!(format_range(d("2019"), Some(d("2019"))), "2019");
        assert_eq!(format_short(d("2019-05-20"), Some(d("2019-05-23"))), "May 20–23");
        assert_eq!(format_short(d("2024-03"), None), "Mar");
        assert_eq!(format_short(d("2024"), None), "");
    }
}
