//! Dates as notes give them: a day, a month or only a year.

use std::fmt;

/// A calendar date known to the day, the month or only the year.
/// Orders by year, then month, then day, with unknown parts first,
/// so `2019` sorts before `2019-05` and `2019-05` before `2019-05-20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// `2019-05-20 KubeCon` or `2019_barcelona`: the date and the rest of the name.
    pub fn from_name_prefix(name: &str) -> Option<(Self, &str)> {
        let bytes = name.as_bytes();
        let is_sep = |b: u8| b == b'-' || b == b'_' || b == b' ' || b == b'.';
        // Try the longest form first so `2019-05-20-x` is read to the day.
        for len in [10usize, 7, 4] {
            if bytes.len() < len || !name.is_char_boundary(len) {
                continue;
            }
            if bytes.len() > len && !is_sep(bytes[len]) {
                continue;
            }
            let head = name[..len].replace('_', "-");
            if let Some(date) = Self::parse(&head) {
                let rest = name[len..].trim_start_matches(|c: char| c.is_ascii() && is_sep(c as u8));
                return Some((date, rest));
            }
        }
        None
    }

    pub fn month_name(self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[usize::from(m - 1)])
    }
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
