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
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}
