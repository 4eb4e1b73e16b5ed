//! The event timeline: saved searches at the top, then events grouped under
//! their year, or under their series in the series view.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{centered_message, pane_block, row_line, row_style};
use crate::app::{App, Grouping, TimelineRow};
use crate::layout::Pane;
use crate::notes::date::format_short;

/// Marks a saved search, a virtual event made of a query.
pub const SAVED_GLYPH: &str = "⌕";

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let t = app.theme();
    let order = if app.settings().newest_first { "newest first" } else { "oldest first" };
    let filter = match app.list_filter() {
        Some(filter) => format!(" · /{}", crate::text::sanitize_line(filter.text())),
        None => String::new(),
    };
    let title = format!(" Events {}{filter} ", app.grouping().label());
    let block = pane_block(app, Pane::Timeline, super::fit_title(&title, rect))
        .title_bottom(Line::from(Span::styled(format!(" {order} "), t.dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if app.collection().events.is_empty() && app.saved().views().is_empty() {
        centered_message(frame, inner, "No events", t.dim);
        return;
    }
    let rows = app.timeline_rows();
    if rows.is_empty() && app.list_filter().is_some() {
        // An empty pane would look like a broken collection.
        centered_message(frame, inner, "Nothing matches the filter", t.dim);
        return;
    }
    let width = usize::from(inner.width);
    let focused = app.focus() == Pane::Timeline && app.overlay().is_none();
    // Once a frame, not once a row: it looks at every event.
    let one_conference = one_conference(app);
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .skip(app.timeline_offset())
        .take(usize::from(inner.height))
        .map(|row| match row {
            TimelineRow::SavedHeader => Line::from(Span::styled(" Saved searches", t.year_header)),
            TimelineRow::Saved(i) => saved_line(app, i, width, focused),
            TimelineRow::Year(year) => {
                let label = year.map_or_else(|| "Undated".to_string(), |y| y.to_string());
                Line::from(Span::styled(format!(" {label}"), t.year_header))
            }
            TimelineRow::Series(e) => {
                // Series names are long ("KubeCon + CloudNativeCon North America"): cut with an ellipsis.
                let name = crate::text::sanitize_line(&crate::app::series_name(app.collection(), e));
                let shown = crate::text::truncate(&format!(" {name}"), width).into_owned();
                Line::from(Span::styled(shown, t.year_header))
            }
            TimelineRow::Event(e) => event_line(app, e, width, focused, one_conference),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `  ⌕ eBPF since 2022     3/12`: the search's name, then its unread and
/// total matches (only the total when all are read).
fn saved_line(app: &App, i: usize, width: usize, focused: bool) -> Line<'static> {
    let t = app.theme();
    let Some(view) = app.saved().views().get(i) else { return Line::default() };
    let selected = app.saved().selected() == Some(i);
    let style = row_style(app, selected, focused);
    let label_style = if view.unread > 0 { style.patch(t.unread) } else { style };
    let count = match view.unread {
        0 => format!("{} ", view.notes.len()),
        unread => format!("{unread}/{} ", view.notes.len()),
    };
    let left = vec![
        Span::raw("  "),
        Span::styled(format!("{SAVED_GLYPH} "), t.accent.patch(style)),
        Span::styled(crate::text::sanitize_line(&view.search.name), label_style),
    ];
    row_line(left, Some(Span::styled(count, if selected { style } else { t.dim })), width, style)
}

/// `one_conference`: what [`one_conference`] says of the collection.
fn event_line(app: &App, e: usize, width: usize, focused: bool, one_conference: bool) -> Line<'static> {
    let t = app.theme();
    let event = &app.collection().events[e];
    let label = match (app.grouping(), event.year(), &event.city) {
        (Grouping::Year, _, _) | (Grouping::Series, None, _) => year_view_label(app, e, one_conference),
        // An event of no series heads its own group by its name without the
        // year, and its row says the year as an edition's does; a name whose
        // year is no word of it keeps it in the header: the city is what is left.
        (Grouping::Series, Some(year), Some(city))
            if event.series_key.is_none()
                && crate::app::series_name(app.collection(), e).contains(&year.to_string()) =>
        {
            YearLabel::Short(city.clone())
        }
        // Two editions of one year (East and West) would read the same: their names tell them apart.
        (Grouping::Series, Some(year), _) if !same_year_editions(app, e).is_empty() => {
            YearLabel::Short(format!("{year} · {}", edition_name(app, e, year)))
        }
        // Under a series header the year tells the editions apart.
        (Grouping::Series, Some(year), Some(city)) => YearLabel::Short(format!("{year} {city}")),
        (Grouping::Series, Some(year), None) => YearLabel::Short(year.to_string()),
    };
    let date = event.start.map(|s| format_short(s, event.end)).unwrap_or_default();
    // Only the month, for a pane too narrow for the days.
    let month = event.start.and_then(|s| s.month_name()).map(|m| &m[..3]).unwrap_or_default();
    let selected = app.saved().selected().is_none() && app.event() == Some(e);
    let style = row_style(app, selected, focused);
    let warn = event.notes.iter().any(|&n| app.collection().notes[n].has_warning);
    let unread = app.unread_listed_in_event(e);
    let label_style = if unread > 0 { style.patch(t.unread) } else { style };
    let count = match unread {
        // Its files are still being read: the count is not known yet.
        _ if event.pending => " (…)".to_string(),
        0 => String::new(),
        n => format!(" ({n})"),
    };
    // A narrow pane keeps the name whole and shortens the date to its month,
    // then drops it (the overview has it).
    // The name stays whole: the city after it goes first when the pane is narrow.
    let label = match label {
        YearLabel::Full(name, Some(city))
            if width < crate::text::width(&name) + crate::text::width(&city) + 7 + count.len() =>
        {
            name
        }
        YearLabel::Full(name, Some(city)) => format!("{name} · {city}"),
        YearLabel::Full(name, None) | YearLabel::Short(name) => name,
    };
    let label = crate::text::sanitize_line(&label);
    let label_width = crate::text::width(&label);
    let right_text = [format!("{date}{count} "), format!("{month}{count} ")]
        .into_iter()
        .find(|text| label_width + 4 + crate::text::width(text) <= width)
        .unwrap_or_else(|| format!("{} ", count.trim_start()));
    let mut left = vec![Span::raw("  "), Span::styled(label, label_style)];
    if warn {
        left.insert(1, Span::styled("⚠ ", t.warning));
    }
    let right = (right_text.trim() != "").then(|| Span::styled(right_text, if selected { style } else { t.dim }));
    row_line(left, right, width, style)
}

/// The other events of the same series and year in the same city (or,
/// like this one, in none): the series view's `2022` would not tell them apart.
fn same_year_editions(app: &App, e: usize) -> Vec<usize> {
    let events = &app.collection().events;
    let event = &events[e];
    if event.series_key.is_none() {
        return Vec::new();
    }
    (events.iter().enumerate())
        .filter(|(o, other)| {
            *o != e && other.year() == event.year() && other.series_key == event.series_key && other.city == event.city
        })
        .map(|(o, _)| o)
        .collect()
}

/// What tells an edition from the others of its year: its name without the
/// year and without the leading words all of them share (`Widgetconf East
/// 2022` and `Widgetconf West 2022` → `East`, `West`), which a narrow pane
/// would otherwise keep and cut the rest.
fn edition_name(app: &App, e: usize, year: i32) -> String {
    let events = &app.collection().events;
    let name = name_without_year(&events[e].name, year);
    let words: Vec<&str> = name.split_whitespace().collect();
    let shared = (same_year_editions(app, e).iter())
        .map(|&o| {
            let other: Vec<&str> = name_without_year(&events[o].name, year).split_whitespace().collect();
            words.iter().zip(&other).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count()
        })
        .min()
        .unwrap_or(0);
    // A name that is all shared words (one edition named after the series alone) stays whole.
    if shared == 0 || shared >= words.len() {
        name.to_string()
    } else {
        words[shared..].join(" ")
    }
}

/// `Widgetconf East 2022` or `Widgetconf East (2022)` without its year,
/// shown after the year already.
fn name_without_year(name: &str, year: i32) -> &str {
    let year = year.to_string();
    let trimmed = name.trim_end();
    let cut = (trimmed.strip_suffix(&format!("({year})")))
        .or_else(|| trimmed.strip_suffix(year.as_str()))
        .or_else(|| trimmed.strip_prefix(year.as_str()).map(str::trim_start))
        .map(str::trim_end)
        .filter(|rest| !rest.is_empty());
    cut.unwrap_or(trimmed)
}

/// An event's row: its name and the city the name does not say, or a
/// shorter label that needs no city after it.
enum YearLabel {
    Full(String, Option<String>),
    Short(String),
}

/// How the year view (and an undated edition) names an event. The year
/// header says the year, so the name goes without it. Where every dated
/// event is an edition of one conference (their names share their first
/// word: `KubeCon + CloudNativeCon Europe`, `… North America`), the city
/// alone tells them apart; elsewhere the name leads and the city, when the
/// name does not say it, follows: `NORDic · Ilvo`, never `Ilvo` alone.
fn year_view_label(app: &App, e: usize, one_conference: bool) -> YearLabel {
    let event = &app.collection().events[e];
    let name = match event.year() {
        Some(year) => name_without_year(&event.name, year).to_string(),
        None => event.name.clone(),
    };
    let Some(city) = &event.city else { return YearLabel::Short(name) };
    if event.series_key.is_some() && one_conference {
        if city_repeats_in_year(app, e) && name != *city {
            // Several events of one year in one city are told apart by their names.
            return YearLabel::Short(format!("{city} · {name}"));
        }
        return YearLabel::Short(city.clone());
    }
    let said = name.to_lowercase().contains(&city.to_lowercase());
    YearLabel::Full(name, (!said).then(|| city.clone()))
}

/// Whether the dated events are two or more editions of one conference:
/// each of some series, their names all opening with the same word.
fn one_conference(app: &App) -> bool {
    let mut dated = app.collection().events.iter().filter(|e| e.year().is_some());
    let Some(first) = dated.next() else { return false };
    let word = |name: &str| name.split_whitespace().next().map(str::to_lowercase);
    let lead = word(&first.name);
    let mut others = 0;
    for event in dated {
        if event.series_key.is_none() || word(&event.name) != lead {
            return false;
        }
        others += 1;
    }
    first.series_key.is_some() && others > 0
}

/// Whether another event of the same year is in the same city.
fn city_repeats_in_year(app: &App, e: usize) -> bool {
    let events = &app.collection().events;
    let event = &events[e];
    events.iter().enumerate().any(|(o, other)| o != e && other.year() == event.year() && other.city == event.city)
}
