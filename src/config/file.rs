//! `config.toml` in the config directory: where the notes are, the theme and
//! colours, when notes count as read, timeline order, pane widths. A missing
//! file means defaults; a bad value is reported with file:line:col and its
//! default used, the rest of the file still applies.

use std::path::PathBuf;

use ratatui::style::Color;

use crate::diagnostic::{position_of, Diagnostic, Position};

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigFile {
    /// The notes folder opened when no PATH is given.
    pub notes: Option<PathBuf>,
    /// Where `notes` is set, for messages about that folder.
    pub notes_at: Option<Position>,
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
    /// The editor command for `e`, a template with `{file}` and `{line}`
    /// (`code -g {file}:{line}`); else $VISUAL / $EDITOR.
    pub editor: Option<String>,
    /// `hyperlinks = true | false`: clickable links (OSC 8) or not; unset,
    /// whether the terminal is known to show them ([`crate::hyperlinks::supported`]).
    pub hyperlinks: Option<bool>,
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
            notes_at: None,
            theme: ThemeName::Dark,
            mark_read_at_end: None,
            newest_first: true,
            timeline_width: DEFAULT_TIMELINE_WIDTH,
            talks_width: DEFAULT_TALKS_WIDTH,
            colors: Vec::new(),
            line_breaks: false,
            wrap_code: true,
            editor: None,
            hyperlinks: None,
        }
    }
}

impl ConfigFile {
    pub fn parse(text: &str, file: &str) -> (Self, Vec<Diagnostic>) {
        use toml::de::{DeTable, DeValue};
        let mut config = Self::default();
        let mut problems = Vec::new();
        let table = match DeTable::parse(text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Diagnostic::new(file, e.span().map(|s| position_of(text, s.start)), e.message().trim()));
                return (config, problems);
            }
        };
        // Every key and value keeps its place in the text, so a problem is
        // placed where it is written, whatever other key has the same name.
        let at = |span: std::ops::Range<usize>| Some(position_of(text, span.start));
        let mut bad =
            |span: std::ops::Range<usize>, message: String| problems.push(Diagnostic::new(file, at(span), message));
        for (key, value) in table.get_ref() {
            let (name, key_at, value_at) = (key.get_ref().as_ref(), key.span(), value.span());
            match (name, value.get_ref()) {
                ("notes", DeValue::String(path)) => {
                    config.notes = Some(expand_home(path));
                    config.notes_at = at(key_at);
                }
                ("theme", DeValue::String(theme)) => match theme.as_ref() {
                    "dark" => config.theme = ThemeName::Dark,
                    "light" => config.theme = ThemeName::Light,
                    other => bad(value_at, format!("`theme`: unknown theme `{other}` (dark or light); using dark")),
                },
                ("mark_read", DeValue::String(when)) => match when.as_ref() {
                    "on-open" => config.mark_read_at_end = Some(false),
                    "at-end" => config.mark_read_at_end = Some(true),
                    other => bad(value_at, format!("`mark_read`: `{other}` is not on-open or at-end; using on-open")),
                },
                ("timeline", DeValue::String(order)) => match order.as_ref() {
                    "newest-first" => config.newest_first = true,
                    "oldest-first" => config.newest_first = false,
                    other => bad(
                        value_at,
                        format!("`timeline`: `{other}` is not newest-first or oldest-first; using newest-first"),
                    ),
                },
                ("panes", DeValue::Table(panes)) => {
                    for (pane, value) in panes {
                        let width = value
                            .get_ref()
                            .as_integer()
                            .and_then(|w| i64::from_str_radix(&w.as_str().replace('_', ""), w.radix()).ok())
                            .and_then(|w| u16::try_from(w).ok())
                            .filter(|w| (10..=60).contains(w));
                        match (pane.get_ref().as_ref(), width) {
                            ("timeline", Some(w)) => config.timeline_width = w,
                            ("talks", Some(w)) => config.talks_width = w,
                            (name @ ("timeline" | "talks"), None) => bad(
                                value.span(),
                                format!("`panes.{name}`: a width in percent from 10 to 60; using the default"),
                            ),
                            (other, _) => {
                                bad(pane.span(), format!("`panes.{other}`: unknown pane (timeline or talks)"))
                            }
                        }
                    }
                }
                ("colors", DeValue::Table(colors)) => {
                    for (name, value) in colors {
                        let name_at = name.span();
                        let name = name.get_ref().as_ref();
                        if !COLOR_KEYS.contains(&name) {
                            bad(
                                name_at,
                                format!("`colors.{name}`: unknown colour name; known: {}", COLOR_KEYS.join(", ")),
                            );
                            continue;
                        }
                        let color = match value.get_ref() {
                            DeValue::String(text) => parse_color(text),
                            DeValue::Integer(i) => u8::from_str_radix(i.as_str(), i.radix()).ok().map(Color::Indexed),
                            _ => None,
                        };
                        match color {
                            Some(color) => config.colors.push((name.to_string(), color)),
                            None => bad(
                                value.span(),
                                format!("`colors.{name}`: not a colour (a name like `cyan`, `#rrggbb` or 0-255)"),
                            ),
                        }
                    }
                }
                ("line_breaks", DeValue::Boolean(on)) => config.line_breaks = *on,
                ("wrap_code", DeValue::Boolean(on)) => config.wrap_code = *on,
                ("hyperlinks", DeValue::Boolean(on)) => config.hyperlinks = Some(*on),
                ("hyperlinks", DeValue::String(auto)) if auto.as_ref() == "auto" => config.hyperlinks = None,
                ("hyperlinks", _) => bad(value_at, "`hyperlinks`: expected true, false or \"auto\"".to_string()),
                ("line_breaks" | "wrap_code", _) => bad(value_at, format!("`{name}`: expected true or false")),
                ("editor", DeValue::String(command)) if !command.trim().is_empty() => {
                    config.editor = Some(command.to_string());
                }
                ("notes" | "theme" | "mark_read" | "timeline" | "editor", _) => {
                    bad(value_at, format!("`{name}`: expected a string"));
                }
                ("panes" | "colors", _) => bad(key_at, format!("`{name}`: expected a table ([{name}])")),
                (other, _) => bad(
                    key_at,
                    format!("unknown setting `{other}` (notes, theme, mark_read, timeline, line_breaks, wrap_code, hyperlinks, editor, [panes], [colors])"),
                ),
            }
        }
        // Read in the table's order; told in the file's.
        problems.sort_by_key(|p| p.position);
        (config, problems)
    }
}

fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => {
            std::env::var_os("HOME").map_or_else(|| PathBuf::from(path), |home| PathBuf::from(home).join(rest))
        }
        None => PathBuf::from(path),
    }
}

/// `cyan`, `light-blue`, `#1e90ff` or an index 0–255: ratatui's own reading
/// of colour names (spaces, `-` and `_` alike, `grey`, `bright-`), plus
/// `default` for the terminal's colour.
pub fn parse_color(text: &str) -> Option<Color> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    text.parse::<Color>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_code_wrapping_are_read_and_checked() {
        let (c, problems) = ConfigFile::parse("line_breaks = true\nwrap_code = false\n", "config.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(c.line_breaks && !c.wrap_code);
        let defaults = ConfigFile::default();
        assert!(!defaults.line_breaks && defaults.wrap_code, "CommonMark breaks and wrapped code by default");
        let (c, problems) = ConfigFile::parse("hyperlinks = false\n", "config.toml");
        assert!(problems.is_empty() && c.hyperlinks == Some(false), "{problems:?}");
        let (c, problems) = ConfigFile::parse("hyperlinks = \"auto\"\n", "config.toml");
        assert!(problems.is_empty() && c.hyperlinks.is_none() && defaults.hyperlinks.is_none(), "{problems:?}");
        let (_, problems) = ConfigFile::parse("hyperlinks = \"yes\"\n", "config.toml");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (c, problems) = ConfigFile::parse("editor = \"code -g {file}:{line}\"\n", "config.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.editor.as_deref(), Some("code -g {file}:{line}"));
        let (c, problems) = ConfigFile::parse("editor = 3\n", "config.toml");
        assert_eq!((c.editor, problems.len()), (None, 1), "a non-string editor is a problem");
        let (c, problems) = ConfigFile::parse("wrap_code = \"no\"\n", "config.toml");
        assert!(c.wrap_code);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("config.toml:1:13: `wrap_code`: expected true or false"),
            "{}",
            problems[0]
        );
    }

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
                &"config.toml:1:9: `theme`: unknown theme `solarized` (dark or light); using dark".to_string()
            ),
            "{rendered:?}"
        );
        assert!(
            rendered.iter().any(|p| p.starts_with("config.toml:2:12: `timeline`: expected a string")),
            "{rendered:?}"
        );
        assert!(rendered.iter().any(|p| p.starts_with("config.toml:4:9: `panes.talks`")), "{rendered:?}");
        assert!(
            rendered.iter().any(|p| p.starts_with("config.toml:6:10: `colors.accent`: not a colour")),
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
    fn problems_are_placed_at_their_own_key_and_listed_in_file_order() {
        let text = "wat = 1\ntheme = \"neon\"\ntimeline = \"newest-first\"\n\n[colors]\ntimeline = \"cyan\"\n[panes]\ntimeline = 150\ntalks = 30\n";
        let (c, problems) = ConfigFile::parse(text, "config.toml");
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            rendered,
            [
                "config.toml:1:1: unknown setting `wat` (notes, theme, mark_read, timeline, line_breaks, wrap_code, hyperlinks, editor, [panes], [colors])",
                "config.toml:2:9: `theme`: unknown theme `neon` (dark or light); using dark",
                format!("config.toml:6:1: `colors.timeline`: unknown colour name; known: {}", COLOR_KEYS.join(", "))
                    .as_str(),
                "config.toml:8:12: `panes.timeline`: a width in percent from 10 to 60; using the default",
            ]
        );
        assert_eq!((c.timeline_width, c.talks_width), (DEFAULT_TIMELINE_WIDTH, 30));
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
        assert_eq!(parse_color(" Default "), Some(Color::Reset));
        assert_eq!(parse_color("bright red"), Some(Color::LightRed));
    }
}
