//! The header card shown above a note: its front matter as a reader wants it,
//! never as raw YAML.

use ratatui::text::{Line, Span};

use super::wrap::{wrap, Inline};
use crate::notes::date::format_range;
use crate::notes::frontmatter::NoteFields;
use crate::notes::{Event, Note, Vocabulary};
use crate::text::sanitize_line;
use crate::theme::Theme;

/// Title, kind and speakers, event and date, topics and source, then a rule.
pub fn note_card(
    note: &Note,
    event: &Event,
    vocabulary: &Vocabulary,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut card = Card::new(width);
    card.row(vec![text(&note.title, theme.h1)]);

    let mut who = vec![text(note.kind_label(), theme.accent)];
    if !note.speakers.is_empty() {
        who.push(text(" · ", theme.dim));
        who.push(text(&note.speakers.join(", "), theme.strong));
    }
    card.row(who);

    let mut place = vec![text(&event.name, theme.text)];
    let where_ = city_and_country(event);
    if !where_.is_empty() && !event.name.contains(where_.as_str()) {
        place.push(text(" · ", theme.dim));
        place.push(text(&where_, theme.text));
    }
    if let Some(start) = event.start {
        place.push(text(" · ", theme.dim));
        place.push(text(&format_range(start, event.end), theme.text));
    }
    card.row(place);

    if !note.topics.is_empty() {
        let mut topics = vec![text("topics ", theme.card_label)];
        for (i, topic) in note.topics.iter().enumerate() {
            if i > 0 {
                topics.push(text(" · ", theme.dim));
            }
            topics.push(text(vocabulary.label(topic), theme.topic));
        }
        card.row(topics);
    }
    if let Some(source) = note.source() {
        card.row(vec![text("source ", theme.card_label), text(source, theme.dim)]);
    }
    card.close(theme)
}

/// The card for an event's overview: name, place, dates, series and link.
pub fn event_card(event: &Event, notes: usize, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut card = Card::new(width);
    card.row(vec![text(&event.name, theme.h1)]);
    let mut place = Vec::new();
    let where_ = city_and_country(event);
    if !where_.is_empty() {
        place.push(text(&where_, theme.strong));
    }
    if let Some(start) = event.start {
        if !place.is_empty() {
            place.push(text(" · ", theme.dim));
        }
        place.push(text(&format_range(start, event.end), theme.text));
    }
    if !place.is_empty() {
        card.row(place);
    }
    if let Some(series) = &event.series {
        card.row(vec![text("series ", theme.card_label), text(series, theme.text)]);
    }
    if let Some(url) = &event.url {
        card.row(vec![text("web ", theme.card_label), text(url, theme.link)]);
    }
    let count = if notes == 1 { "1 note".to_string() } else { format!("{notes} notes") };
    card.row(vec![text(&count, theme.dim)]);
    card.close(theme)
}

/// The card for a lone file (`confnotes render`): what its own front matter
/// says, with no event around it; nothing at all when it says nothing. The
/// fields come straight from the file, so they are made safe to print here.
pub fn file_card(fields: &NoteFields, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut card = Card::new(width);
    if let Some(title) = &fields.title {
        card.row(vec![text(&sanitize_line(title), theme.h1)]);
    }
    let mut who = Vec::new();
    if let Some(kind) = &fields.kind {
        who.push(text(&sanitize_line(kind), theme.accent));
    }
    let speakers = fields.speaker_names(false);
    if !speakers.is_empty() {
        if !who.is_empty() {
            who.push(text(" · ", theme.dim));
        }
        who.push(text(&sanitize_line(&speakers.join(", ")), theme.strong));
    }
    if !who.is_empty() {
        card.row(who);
    }
    let topics = fields.topic_names();
    if !topics.is_empty() {
        card.row(vec![text("topics ", theme.card_label), text(&sanitize_line(&topics.join(" · ")), theme.topic)]);
    }
    if let Some(source) = &fields.source {
        card.row(vec![text("source ", theme.card_label), text(&sanitize_line(source), theme.dim)]);
    }
    if card.lines.is_empty() {
        return Vec::new();
    }
    card.close(theme)
}

/// A card as it is made: each row wrapped to the width, then a closing rule.
struct Card {
    lines: Vec<Line<'static>>,
    width: usize,
}

impl Card {
    fn new(width: usize) -> Self {
        Self { lines: Vec::new(), width: width.max(super::MIN_WIDTH) }
    }

    fn row(&mut self, inlines: Vec<Inline>) {
        self.lines.extend(wrap(&inlines, self.width).into_iter().map(Line::from));
    }

    /// The rule under the card and a blank line before the text.
    fn close(mut self, theme: &Theme) -> Vec<Line<'static>> {
        self.lines.push(Line::from(Span::styled("─".repeat(self.width), theme.rule)));
        self.lines.push(Line::default());
        self.lines
    }
}

fn text(s: &str, style: ratatui::style::Style) -> Inline {
    Inline::Text(s.to_string(), style)
}

/// `Barcelona, Spain`, or as much of it as the event gives.
fn city_and_country(event: &Event) -> String {
    [event.city.as_deref(), event.country.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{NoteExtras, NoteId, PartialDate};

    fn event() -> Event {
        Event {
            folder: "2019-barcelona".into(),
            name: "KubeCon + CloudNativeCon Europe 2019".into(),
            city: Some("Barcelona".into()),
            country: Some("Spain".into()),
            start: PartialDate::parse("2019-05-20"),
            end: PartialDate::parse("2019-05-23"),
            series: None,
            series_key: None,
            url: None,
            overview: String::new(),
            overview_file: None,
            overview_pieces: Vec::new(),
            notes: vec![0],
            pending: false,
        }
    }

    fn note() -> Note {
        Note {
            id: NoteId("2019-barcelona/a.md".into()),
            event: 0,
            title: "Towards Stateful Serverless".into(),
            kind: Some("talk".into()),
            speakers: vec!["Jonas Bonér (Lightbend)".into()],
            topics: vec!["serverless".into()],
            inferred_topics: vec![],
            extras: NoteExtras { source: Some("Recap (Swedish)".into()), ..NoteExtras::default() }.boxed(),
            body: Default::default(),
            body_line: 1,
            section: false,
            source_line: 1,
            has_warning: false,
        }
    }

    #[test]
    fn card_shows_front_matter_as_prose() {
        let lines: Vec<String> = note_card(&note(), &event(), &Vocabulary::default(), 80, &Theme::dark())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(lines[0], "Towards Stateful Serverless");
        assert_eq!(lines[1], "talk · Jonas Bonér (Lightbend)");
        assert_eq!(lines[2], "KubeCon + CloudNativeCon Europe 2019 · Barcelona, Spain · May 20–23, 2019");
        assert_eq!(lines[3], "topics serverless");
        assert_eq!(lines[4], "source Recap (Swedish)");
        assert!(lines[5].starts_with('─'));
    }

    #[test]
    fn event_card_counts_notes() {
        let lines: Vec<String> = event_card(&event(), 1, 60, &Theme::dark()).iter().map(ToString::to_string).collect();
        assert_eq!(lines[1], "Barcelona, Spain · May 20–23, 2019");
        assert_eq!(lines[2], "1 note");
    }

    #[test]
    fn file_card_shows_only_what_the_file_says_and_nothing_raw() {
        let fields = NoteFields {
            title: Some("Tracing \u{1b}[2Jat scale".into()),
            speakers: crate::notes::frontmatter::OneOrMany(vec!["Ada".into(), "Grace".into()]),
            ..NoteFields::default()
        };
        let lines: Vec<String> = file_card(&fields, 60, &Theme::dark()).iter().map(ToString::to_string).collect();
        assert!(!lines[0].contains('\u{1b}'), "{:?}", lines[0]);
        assert!(lines[0].contains("at scale"));
        assert_eq!(lines[1], "Ada, Grace");
        assert!(lines[2].starts_with('─'), "no kind, topics or source rows: {lines:?}");
        assert!(file_card(&NoteFields::default(), 60, &Theme::dark()).is_empty());
    }
}
