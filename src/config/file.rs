//! `config.toml` in the config directory: where the notes are, the theme and
//! colours, when notes count as read, timeline order, pane widths. A missing
//! file means defaults; a bad value is reported with file:line:col and its
//! default used, the rest of the file still applies.

use std::path::PathBuf;

use ratatui::style::Color;

use crate::diagnostic::{position_of, Diagnostic};

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigFile {
    /// The notes folder opened when no PATH is given.
    pub notes: Option<PathBuf>,
    pub theme: ThemeName,
    pub mark_read_at_end: Option<bool>,
    pub newest_first: bool,
    /// Widths of the timeline and talks panes, in percent of the terminal.
    pub timeline_width: u16,
    pub talks_width: u16,
    /// Colour overrides: theme field name → colour.
    pub colors: Vec<(String, Color)>,
    /// Line breaks inside paragraphs shown as written, not as spaces.
    pub line_breaks: bool,
    /// Long code lines wrapped with a marker; `false` scrolls them sideways.
    pub wrap_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
}

pub const DEFAULT_TIMELINE_WIDTH: u16 = 22;
pub const DEFAULT_TALKS_WIDTH: u16 = 28;

/// The colour names `[colors]` may set, as theme field names.
pub const COLOR_KEYS: &[&str] = &[
    "accent",
    "border",
    "border_focused",
    "selected_fg",
    "selected_bg",
    "year_header",
    "warning",
    "h1",
    "h2",
    "h3",
    "link",
    "code",
    "quote_bar",
    "topic",
    "bookmark",
    "search_match",
];

impl Default for ConfigFile {
    fn default() -> Self {
        Self {
            notes: None,
            theme: ThemeName::Dark,
            mark_read_at_end: None,
            newest_first: true,
            timeline_width: DEFAULT_TIMELINE_WIDTH,
            talks_width: DEFAULT_TALKS_WIDTH,
            colors: Vec::new(),
            line_breaks: false,
            wrap_code: true,
        }
    }
}

type Table = toml::Spanned<toml::Table>;

impl ConfigFile {
    pub fn parse(text: &str, file: &str) -> (Self, Vec<Diagnostic>) {
        let mut config = Self::default();
        let mut problems = Vec::new();
        let table: Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Diagnostic::new(file, e.span().map(|s| position_of(text, s.start)), e.message().trim()));
                return (config, problems);
            }
        };
        // Positions come from the text: toml::Table values carry no spans, so find the key's line.
        let at = |key: &str| find_key(text, key);
        let mut bad = |key: &str, message: String| problems.push(Diagnostic::new(file, at(key), message));
        for (key, value) in table.get_ref() {
            match (key.as_str(), value) {
                ("notes", toml::Value::String(path)) => config.notes = Some(expand_home(path)),
                ("theme", toml::Value::String(name)) => match name.as_str() {
                    "dark" => config.theme = ThemeName::Dark,
                    "light" => config.theme = ThemeName::Light,
                    other => bad("theme", format!("`theme`: unknown theme `{other}` (dark or light); using dark")),
                },
                ("mark_read", toml::Value::String(when)) => match when.as_str() {
                    "on-open" => config.mark_read_at_end = Some(false),
                    "at-end" => config.mark_read_at_end = Some(true),
                    other => {
                        bad("mark_read", format!("`mark_read`: `{other}` is not on-open or at-end; using on-open"))
                    }
                },
                ("timeline", toml::Value::String(order)) => match order.as_str() {
                    "newest-first" => config.newest_first = true,
                    "oldest-first" => config.newest_first = false,
                    other => bad(
                        "timeline",
                        format!("`timeline`: `{other}` is not newest-first or oldest-first; using newest-first"),
                    ),
                },
                ("panes", toml::Value::Table(panes)) => {
                    for (pane, value) in panes {
                        let width =
                            value.as_integer().and_then(|w| u16::try_from(w).ok()).filter(|w| (10..=60).contains(w));
                        match (pane.as_str(), width) {
                            ("timeline", Some(w)) => config.timeline_width = w,
                            ("talks", Some(w)) => config.talks_width = w,
                            ("timeline" | "talks", None) => bad(
                                pane,
                                format!("`panes.{pane}`: a width in percent from 10 to 60; using the default"),
                            ),
                            (other, _) => bad(other, format!("`panes.{other}`: unknown pane (timeline or talks)")),
                        }
                    }
                }
                ("colors", toml::Value::Table(colors)) => {
                    for (name, value) in colors {
                        if !COLOR_KEYS.contains(&name.as_str()) {
                            bad(
                                name,
                                format!("`colors.{name}`: unknown colour name; known: {}", COLOR_KEYS.join(", ")),
                            );
                            continue;
                        }
                        match value.as_str().and_then(parse_color) {
                            Some(color) => config.colors.push((name.clone(), color)),
                            None => bad(
                                name,
                                format!("`colors.{name}`: not a colour (a name like `cyan`, `#rrggbb` or 0-255)"),
                            ),
                        }
                    }
                }
                ("line_breaks", toml::Value::Boolean(on)) => config.line_breaks = *on,
                ("wrap_code", toml::Value::Boolean(on)) => config.wrap_code = *on,
                ("line_breaks" | "wrap_code", _) => bad(key, format!("`{key}`: expected true or false")),
                ("notes" | "theme" | "mark_read" | "timeline", _) => {
                    bad(key, format!("`{key}`: expected a string"));
                }
                ("panes" | "colors", _) => bad(key, format!("`{key}`: expected a table ([{key}])")),
                (other, _) => bad(
                    other,
                    format!("unknown setting `{other}` (notes, theme, mark_read, timeline, line_breaks, wrap_code, [panes], [colors])"),
                ),
            }
        }
        (config, problems)
    }
}

/// The line on which `key` is set (or its table opens), column of the key.
fn find_key(text: &str, key: &str) -> Option<crate::diagnostic::Position> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).or_else(|| trimmed.strip_prefix(&format!("[{key}]")).map(|_| ""));
        if rest.is_some_and(|r| r.is_empty() || r.trim_start().starts_with('=')) {
            return Some(position_of(text, offset + (line.len() - trimmed.len())));
        }
        offset += line.len();
    }
    None
}

fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => {
            std::env::var_os("HOME").map_or_else(|| PathBuf::from(path), |home| PathBuf::from(home).join(rest))
        }
        None => PathBuf::from(path),
    }
}

/// `cyan`, `light-blue`, `#1e90ff` or an index 0–255.
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    if let Ok(i) = t.parse::<u8>() {
        return Some(Color::Indexed(i));
    }
    Some(match t.as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark-gray" | "dark-grey" => Color::DarkGray,
        "light-red" => Color::LightRed,
        "light-green" => Color::LightGreen,
        "light-yellow" => Color::LightYellow,
        "light-blue" => Color::LightBlue,
        "light-magenta" => Color::LightMagenta,
        "light-cyan" => Color::LightCyan,
        "white" => Color::White,
        "default" | "reset" => Color::Reset,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_is_read() {
        let text = "notes = \"/n\"\ntheme = \"light\"\nmark_read = \"at-end\"\ntimeline = \"oldest-first\"\n\n[panes]\ntimeline = 25\ntalks = 30\n\n[colors]\naccent = \"#ff8800\"\nh1 = \"light-blue\"\n";
        let (c, problems) = ConfigFile::parse(text, "config.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.notes, Some(PathBuf::from("/n")));
        assert_eq!(c.theme, ThemeName::Light);
        assert_eq!(c.mark_read_at_end, Some(true));
        assert!(!c.newest_first);
        assert_eq!((c.timeline_width, c.talks_width), (25, 30));
        assert_eq!(c.colors, vec![("accent".into(), Color::Rgb(255, 136, 0)), ("h1".into(), Color::LightBlue)]);
    }

    #[test]
    fn bad_values_are_reported_with_position_and_defaults_kept() {
        let text =
            "theme = \"solarized\"\ntimeline = 3\n[panes]\ntalks = 90\n[colors]\naccent = \"mauve\"\nwat = \"red\"\n";
        let (c, problems) = ConfigFile::parse(text, "config.toml");
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            rendered.contains(
                &"config.toml:1:1: `theme`: unknown theme `solarized` (dark or light); using dark".to_string()
            ),
            "{rendered:?}"
        );
        assert!(
            rendered.iter().any(|p| p.starts_with("config.toml:2:1: `timeline`: expected a string")),
            "{rendered:?}"
        );
        assert!(rendered.iter().any(|p| p.starts_with("config.toml:4:1: `panes.talks`")), "{rendered:?}");
        assert!(
            rendered.iter().any(|p| p.starts_with("config.toml:6:1: `colors.accent`: not a colour")),
            "{rendered:?}"
        );
        assert!(
            rendered.iter().any(|p| p.starts_with("config.toml:7:1: `colors.wat`: unknown colour name")),
            "{rendered:?}"
        );
        assert_eq!(c.theme, ThemeName::Dark);
        assert_eq!(c.talks_width, DEFAULT_TALKS_WIDTH);
    }

    #[test]
    fn invalid_toml_is_one_problem_and_all_defaults() {
        let (c, problems) = ConfigFile::parse("theme = \n", "c.toml");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("c.toml:1:"), "{}", problems[0]);
        assert_eq!(c, ConfigFile::default());
    }

    #[test]
    fn colours_parse_in_every_form() {
        assert_eq!(parse_color("Cyan"), Some(Color::Cyan));
        assert_eq!(parse_color("dark_gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("#000001"), Some(Color::Rgb(0, 0, 1)));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("#12"), None);
        assert_eq!(parse_color("mauve"), None);
    }
}
