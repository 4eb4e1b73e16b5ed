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

/// A chart row: a cell per year of `years` for the `(year, notes)` counts.
pub fn row(years: &[i32], counts: &[(i32, usize)], chosen: Option<i32>) -> String {
    let mut out = String::new();
    for &year in years {
        let count = counts.iter().find(|(y, _)| *y == year).map_or(0, |(_, n)| *n);
        out.push_str(&cell(count, chosen == Some(year)));
    }
    out
}

/// The years over the chart's columns: two digits each, aligned with the cells.
pub fn header(years: &[i32]) -> String {
    years.iter().map(|y| format!("{:^CELL_WIDTH$}", format!("'{:02}", y.rem_euclid(100)))).collect()
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

    /// The years the chart shows in a view `width` columns wide: every one
    /// when they fit beside the indent and a note count, else the latest
    /// (the newest years are the ones a reader looks for), so the columns
    /// are never cut at the right edge. Whether earlier years were left out.
    pub fn chart_columns(&self, width: usize) -> (Vec<i32>, bool) {
        let mut years = self.chart_years();
        let fit = (width.saturating_sub(INDENT + COUNT_ROOM) / CELL_WIDTH).max(1);
        let cut = years.len() > fit;
        if cut {
            years.drain(..years.len() - fit);
        }
        (years, cut)
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
        assert_eq!(row(&[2017, 2018, 2019], &[(2017, 1), (2019, 5)], None), " ░1   ·    █5  ");
        assert_eq!(row(&[2017, 2018], &[(2018, 12)], Some(2018)), " ·   [█12]");
        assert_eq!(header(&[2017, 2018]), " '17  '18 ");
        for text in [cell(0, false), cell(7, true), cell(120, false), header(&[1999])] {
            assert_eq!(text.chars().count(), CELL_WIDTH, "{text:?}: columns line up");
        }
        assert!(shade(1) != shade(2) && shade(2) != shade(3) && shade(3) != shade(5));
    }
}
