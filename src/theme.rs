//! Colours and text styles, in one place so panes and the renderer agree and
//! `NO_COLOR` or a light theme change them all at once.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub accent: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub year_header: Style,
    pub warning: Style,
    pub status: Style,
    pub status_key: Style,
    pub h1: Style,
    pub h2: Style,
    pub h3: Style,
    pub h4: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strike: Style,
    pub code: Style,
    pub code_block: Style,
    pub link: Style,
    pub link_number: Style,
    pub quote_bar: Style,
    pub quote_text: Style,
    pub bullet: Style,
    pub rule: Style,
    pub html: Style,
    pub table_border: Style,
    pub table_header: Style,
    pub card_label: Style,
    pub topic: Style,
    pub unread: Style,
    pub bookmark_mark: Style,
    pub new_mark: Style,
    pub search_match: Style,
    pub search_current: Style,
    /// `<kbd>` keys in notes.
    pub kbd: Style,
    /// Task list boxes: ☐ open, ☑ done.
    pub task_open: Style,
    pub task_done: Style,
    /// Code block tokens by kind.
    pub syntax: SyntaxStyles,
}

/// Styles for each kind of token in code blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyntaxStyles {
    pub comment: Style,
    pub keyword: Style,
    pub string: Style,
    pub number: Style,
    pub kind: Style,
    pub function: Style,
    /// Keys and tags: YAML and JSON keys, HTML tags and attributes.
    pub tag: Style,
}

impl SyntaxStyles {
    /// Whether every kind looks the same (`NO_COLOR`): nothing to work out.
    pub fn is_plain(&self) -> bool {
        *self == Self::default()
    }
}

impl Theme {
    pub fn dark() -> Self {
        let fg = |c| Style::new().fg(c);
        Self {
            text: Style::new(),
            dim: fg(Color::DarkGray),
            accent: fg(Color::Cyan),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            title_focused: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_unfocused: Style::new().bg(Color::DarkGray),
            year_header: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            warning: fg(Color::Yellow),
            status: Style::new().bg(Color::Black),
            status_key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            h1: fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            h2: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            h3: fg(Color::Green).add_modifier(Modifier::BOLD),
            h4: Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: fg(Color::Yellow),
            code_block: fg(Color::Gray),
            link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            link_number: fg(Color::DarkGray),
            quote_bar: fg(Color::DarkGray),
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            bullet: fg(Color::Cyan),
            rule: fg(Color::DarkGray),
            html: fg(Color::DarkGray),
            table_border: fg(Color::DarkGray),
            table_header: Style::new().add_modifier(Modifier::BOLD),
            card_label: fg(Color::DarkGray),
            topic: fg(Color::Green),
            unread: Style::new().add_modifier(Modifier::BOLD),
            bookmark_mark: fg(Color::Yellow),
            new_mark: fg(Color::Green).add_modifier(Modifier::BOLD),
            search_match: Style::new().fg(Color::Black).bg(Color::Yellow),
            search_current: Style::new().fg(Color::Black).bg(Color::LightRed).add_modifier(Modifier::BOLD),
            kbd: Style::new().fg(Color::White).bg(Color::DarkGray).add_modifier(Modifier::BOLD),
            task_open: fg(Color::Cyan),
            task_done: fg(Color::Green),
            syntax: SyntaxStyles {
                comment: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
                keyword: fg(Color::Magenta),
                string: fg(Color::Green),
                number: fg(Color::LightRed),
                kind: fg(Color::Yellow),
                function: fg(Color::Blue),
                tag: fg(Color::Cyan),
            },
        }
    }
}

impl Theme {
    /// For light terminal backgrounds: darker accents, no light greys on white.
    pub fn light() -> Self {
        let fg = |c| Style::new().fg(c);
        Self {
            dim: fg(Color::Gray),
            accent: fg(Color::Blue),
            border: fg(Color::Gray),
            border_focused: fg(Color::Blue),
            title_focused: fg(Color::Blue).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            selected_unfocused: Style::new().bg(Color::Gray),
            year_header: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            warning: fg(Color::Red),
            status: Style::new().bg(Color::White),
            status_key: fg(Color::Blue).add_modifier(Modifier::BOLD),
            h1: fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            h2: fg(Color::Blue).add_modifier(Modifier::BOLD),
            h3: fg(Color::Green).add_modifier(Modifier::BOLD),
            code: fg(Color::Red),
            code_block: fg(Color::DarkGray),
            link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            link_number: fg(Color::Gray),
            quote_bar: fg(Color::Gray),
            bullet: fg(Color::Blue),
            rule: fg(Color::Gray),
            html: fg(Color::Gray),
            table_border: fg(Color::Gray),
            card_label: fg(Color::Gray),
            topic: fg(Color::Green),
            bookmark_mark: fg(Color::Red),
            new_mark: fg(Color::Green).add_modifier(Modifier::BOLD),
            kbd: Style::new().fg(Color::Black).bg(Color::Gray).add_modifier(Modifier::BOLD),
            task_open: fg(Color::Blue),
            syntax: SyntaxStyles {
                comment: fg(Color::Gray).add_modifier(Modifier::ITALIC),
                keyword: fg(Color::Magenta),
                string: fg(Color::Green),
                number: fg(Color::Red),
                kind: fg(Color::Blue),
                function: fg(Color::Blue).add_modifier(Modifier::BOLD),
                tag: fg(Color::Cyan),
            },
            ..Self::dark()
        }
    }

    /// `NO_COLOR`: every colour dropped, styles kept; selections and matches
    /// stay visible through reversed video.
    pub fn without_color(self) -> Self {
        let strip = |s: Style| Style { fg: None, bg: None, underline_color: None, ..s };
        let marked = |s: Style| strip(s).add_modifier(Modifier::REVERSED);
        Self {
            text: strip(self.text),
            dim: strip(self.dim).add_modifier(Modifier::DIM),
            accent: strip(self.accent),
            border: strip(self.border).add_modifier(Modifier::DIM),
            border_focused: strip(self.border_focused).add_modifier(Modifier::BOLD),
            title_focused: strip(self.title_focused),
            selected: marked(self.selected),
            selected_unfocused: strip(self.selected_unfocused).add_modifier(Modifier::UNDERLINED),
            year_header: strip(self.year_header),
            warning: strip(self.warning).add_modifier(Modifier::BOLD),
            status: strip(self.status),
            status_key: strip(self.status_key),
            h1: strip(self.h1),
            h2: strip(self.h2),
            h3: strip(self.h3),
            h4: strip(self.h4),
            emphasis: strip(self.emphasis),
            strong: strip(self.strong),
            strike: strip(self.strike),
            code: strip(self.code),
            code_block: strip(self.code_block),
            link: strip(self.link),
            link_number: strip(self.link_number).add_modifier(Modifier::DIM),
            quote_bar: strip(self.quote_bar),
            quote_text: strip(self.quote_text),
            bullet: strip(self.bullet),
            rule: strip(self.rule).add_modifier(Modifier::DIM),
            html: strip(self.html).add_modifier(Modifier::DIM),
            table_border: strip(self.table_border).add_modifier(Modifier::DIM),
            table_header: strip(self.table_header),
            card_label: strip(self.card_label).add_modifier(Modifier::DIM),
            topic: strip(self.topic),
            unread: strip(self.unread),
            bookmark_mark: strip(self.bookmark_mark),
            new_mark: strip(self.new_mark),
            search_match: marked(self.search_match),
            search_current: marked(self.search_current).add_modifier(Modifier::BOLD),
            kbd: marked(self.kbd),
            task_open: strip(self.task_open),
            task_done: strip(self.task_done),
            // No colours, no highlighting: modifiers alone would make code noisy.
            syntax: SyntaxStyles::default(),
        }
    }

    /// Applies `[colors]` overrides from config.toml (names from `config::COLOR_KEYS`).
    pub fn with_colors(mut self, colors: &[(String, Color)]) -> Self {
        for (name, color) in colors {
            let c = *color;
            match name.as_str() {
                "accent" => self.accent = self.accent.fg(c),
                "border" => self.border = self.border.fg(c),
                "border_focused" => {
                    self.border_focused = self.border_focused.fg(c);
                    self.title_focused = self.title_focused.fg(c);
                }
                "selected_fg" => self.selected = self.selected.fg(c),
                "selected_bg" => self.selected = self.selected.bg(c),
                "year_header" => self.year_header = self.year_header.fg(c),
                "warning" => self.warning = self.warning.fg(c),
                "h1" => self.h1 = self.h1.fg(c),
                "h2" => self.h2 = self.h2.fg(c),
                "h3" => self.h3 = self.h3.fg(c),
                "link" => self.link = self.link.fg(c),
                "code" => self.code = self.code.fg(c),
                "quote_bar" => self.quote_bar = self.quote_bar.fg(c),
                "topic" => self.topic = self.topic.fg(c),
                "bookmark" => self.bookmark_mark = self.bookmark_mark.fg(c),
                "search_match" => self.search_match = self.search_match.bg(c),
                _ => {}
            }
        }
        self
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_styles_and_marks_selection_by_reversing() {
        let t = Theme::dark().without_color();
        assert_eq!(t.h1.fg, None);
        assert!(t.h1.add_modifier.contains(Modifier::BOLD));
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(t.selected.bg, None);
        assert!(t.search_current.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn colour_overrides_apply_to_their_fields() {
        let t = Theme::dark().with_colors(&[("accent".into(), Color::Red), ("selected_bg".into(), Color::Blue)]);
        assert_eq!(t.accent.fg, Some(Color::Red));
        assert_eq!(t.selected.bg, Some(Color::Blue));
        assert_ne!(Theme::light(), Theme::dark());
    }
}
