//! The topics × years chart of the topics view: one cell per year of the
//! collection for each topic, shaded by how many of its notes fall in that
//! year and showing the count, like a contribution graph; a chosen year
//! (moved with left and right) that `Enter` opens the topic in.

use super::App;

/// Columns of one year's cell: a gap or mark each side of a shade and a
/// count of up to two digits.
pub const CELL_WIDTH: usize = 5;

/// Columns before the chart: the list's indent of an item's second line.
pub const INDENT: usize = 4;

/// Columns kept after the chart for the start of `  12 notes`.
const COUNT_ROOM: usize = 10;

/// The shade of a cell holding `count` notes: none, then lighter to darker.
pub fn shade(count: usize) -> char {
    match count {
        0 => '·',
        1 => '░',
        2 => '▒',
        3..=4 => '▓',
        _ => '█',
    }
}

/// One year's cell, ` ▒2  `; brackets mark the chosen year, `[▒2 ]`.
pub fn cell(count: usize, chosen: bool) -> String {
    let count_text = match count {
        0 => String::new(),
        1..=99 => count.to_string(),
        _ => "+".to_string(),
    };
    let (open, close) = if chosen { ('[', ']') } else { (' ', ' ') };
    format!("{open}{}{count_text:<2}{close}", shade(count))
}

/// The years a chart shows, and the years it hides either side when they
/// do not all fit: each hidden side takes a marker column of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Window {
    pub years: Vec<i32>,
    /// The years hidden before the first shown, first and last.
    pub earlier: Option<(i32, i32)>,
    /// The years hidden after the last shown, first and last.
    pub later: Option<(i32, i32)>,
}

/// Which of `all` years show in `fit` columns with `chosen` among them
/// (the latest when none is chosen: the years a reader looks for first).
/// A side that hides years gives up a column to its marker.
pub fn window(all: &[i32], fit: usize, chosen: Option<i32>) -> Window {
    let n = all.len();
    if n <= fit {
        return Window { years: all.to_vec(), earlier: None, later: None };
    }
    let at = chosen.and_then(|y| all.iter().position(|&x| x == y)).unwrap_or(n - 1);
    let one_marker = fit.saturating_sub(1).max(1);
    let range = if at + one_marker >= n {
        n - one_marker..n
    } else if at < one_marker {
        0..one_marker
    } else {
        // Hidden both sides: the chosen year last, as moving left leaves it.
        let shown = fit.saturating_sub(2).max(1);
        at + 1 - shown..at + 1
    };
    Window {
        earlier: range.start.checked_sub(1).map(|i| (all[0], all[i])),
        later: all.get(range.end).map(|&y| (y, all[n - 1])),
        years: all[range].to_vec(),
    }
}

/// A chart row: a cell per year of the window for the `(year, notes)`
/// counts, after and before a marker with the notes of the years hidden.
pub fn row(window: &Window, counts: &[(i32, usize)], chosen: Option<i32>) -> String {
    let hidden = |keep: &dyn Fn(i32) -> bool| counts.iter().filter(|(y, _)| keep(*y)).map(|(_, n)| n).sum::<usize>();
    let mut out = String::new();
    if let Some((_, last)) = window.earlier {
        out.push_str(&marker('◂', hidden(&|y| y <= last)));
    }
    for &year in &window.years {
        let count = counts.iter().find(|(y, _)| *y == year).map_or(0, |(_, n)| *n);
        out.push_str(&cell(count, chosen == Some(year)));
    }
    if let Some((first, _)) = window.later {
        out.push_str(&marker('▸', hidden(&|y| y >= first)));
    }
    out
}

/// The column of years hidden on one side: an arrow and their notes.
fn marker(arrow: char, notes: usize) -> String {
    let count = match notes {
        0 => String::new(),
        1..=999 => notes.to_string(),
        _ => "+".to_string(),
    };
    format!("{arrow}{count:<3} ")
}

/// The years over the chart's columns: two digits each, aligned with the
/// cells; a hidden side names the year furthest from what shows: `‹'16`
/// is every year back to 2016.
pub fn header(window: &Window) -> String {
    let two = |y: i32| format!("'{:02}", y.rem_euclid(100));
    let mut out = String::new();
    if let Some((first, _)) = window.earlier {
        out.push_str(&format!("{:<CELL_WIDTH$}", format!("‹{}", two(first))));
    }
    out.extend(window.years.iter().map(|&y| format!("{:^CELL_WIDTH$}", two(y))));
    if let Some((_, last)) = window.later {
        out.push_str(&format!("{:<CELL_WIDTH$}", format!("{}›", two(last))));
    }
    out
}

impl App {
    /// Every year from the collection's first dated note to its last: the
    /// chart's columns, gaps included so that a pause shows.
    pub fn chart_years(&self) -> Vec<i32> {
        let years = self.collection.notes.iter().filter_map(|n| self.collection.events.get(n.event)?.year());
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if first > last {
            return Vec::new();
        }
        (first..=last).collect()
    }

    /// The years the chart shows in a view `width` columns wide, with the
    /// `chosen` one among them: every one when they fit beside the indent and
    /// a note count, else a window of them with markers for those hidden, so
    /// the columns are never cut at the right edge.
    pub fn chart_columns(&self, width: usize, chosen: Option<i32>) -> Window {
        let fit = (width.saturating_sub(INDENT + COUNT_ROOM) / CELL_WIDTH).max(1);
        window(&self.chart_years(), fit, chosen)
    }

    /// The year chosen in the open topics view's chart, if any.
    pub fn chart_year(&self) -> Option<i32> {
        let open = self.overlay.as_ref()?;
        open.view().as_any().downcast_ref::<super::views::TopicsView>()?.source.year
    }
}

/// The chosen year moved one column of `years` (`step` of -1 or 1); from
/// no choice, right picks the first year and left the last.
pub fn step_year(years: &[i32], chosen: Option<i32>, step: i32) -> Option<i32> {
    let next = match chosen.and_then(|y| years.iter().position(|&x| x == y)) {
        Some(at) => years.get((at as i64 + i64::from(step)).max(0) as usize).or(years.get(at)),
        None if step > 0 => years.first(),
        None => years.last(),
    };
    next.copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_shaded_by_count_and_the_chosen_one_is_marked() {
        let all = |years: &[i32]| Window { years: years.to_vec(), ..Window::default() };
        assert_eq!(row(&all(&[2017, 2018, 2019]), &[(2017, 1), (2019, 5)], None), " ░1   ·    █5  ");
        assert_eq!(row(&all(&[2017, 2018]), &[(2018, 12)], Some(2018)), " ·   [█12]");
        assert_eq!(header(&all(&[2017, 2018])), " '17  '18 ");
        for text in [cell(0, false), cell(7, true), cell(120, false), header(&all(&[1999])), marker('◂', 12)] {
            assert_eq!(text.chars().count(), CELL_WIDTH, "{text:?}: columns line up");
        }
        assert!(shade(1) != shade(2) && shade(2) != shade(3) && shade(3) != shade(5));
    }

    #[test]
    fn years_that_do_not_fit_are_marked_with_their_notes_and_scroll_into_view() {
        let years: Vec<i32> = (2016..=2024).collect();
        let latest = window(&years, 5, None);
        assert_eq!(
            (latest.earlier, latest.years.clone(), latest.later),
            (Some((2016, 2020)), vec![2021, 2022, 2023, 2024], None)
        );
        let counts = [(2016, 1), (2019, 2), (2024, 3)];
        assert_eq!(row(&latest, &counts, None), "◂3    ·    ·    ·    ▓3  ", "the hidden notes counted");
        assert_eq!(header(&latest), "‹'16  '21  '22  '23  '24 ");
        let middle = window(&years, 5, Some(2020));
        assert_eq!(
            (middle.earlier, middle.years.clone(), middle.later),
            (Some((2016, 2017)), vec![2018, 2019, 2020], Some((2021, 2024)))
        );
        assert_eq!(row(&middle, &counts, Some(2020)), "◂1    ·    ▒2  [·  ]▸3   ");
        assert_eq!(header(&middle), "‹'16  '18  '19  '20 '24› ");
        let first = window(&years, 5, Some(2016));
        assert_eq!((first.earlier, first.years, first.later), (None, vec![2016, 2017, 2018, 2019], Some((2020, 2024))));
        assert_eq!(window(&years, 20, Some(2016)).years, years, "all fit: no markers");
    }
}
