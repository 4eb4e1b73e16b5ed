//! Front matter: finding it at the top of a file — YAML between `---`
//! lines, or TOML between `+++` lines as Hugo writes it — and reading the
//! fields that notes and events may carry, the same from either. Errors
//! carry file-relative positions.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::diagnostic::{position_of, Position};

/// The language front matter is written in, told by its delimiter lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

impl Format {
    /// The line that opens (and closes) it.
    pub fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// The text between the delimiter lines, and its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub text: &'a str,
    pub format: Format,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter, if the file has one.
    pub front: Option<FrontMatter<'a>>,
    /// The Markdown after the front matter (the whole file when there is none).
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Front matter was opened (`---` or `+++`) but never closed.
    pub unterminated: Option<Format>,
}

/// Splits `text` (already stripped of a BOM) into front matter and body.
pub fn split(text: &str) -> Split<'_> {
    let whole = Split { front: None, body: text, body_line: 1, unterminated: None };
    let Some((format, after_open)) = [Format::Yaml, Format::Toml]
        .into_iter()
        .find_map(|format| strip_delimiter_line(text, format.delimiter()).map(|rest| (format, rest)))
    else {
        return whole;
    };
    let mut offset = text.len() - after_open.len();
    let mut line = 2;
    let mut rest = after_open;
    while !rest.is_empty() {
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let current = &rest[..line_end];
        let trimmed = current.trim_end();
        // YAML may also end its document with `...`.
        if trimmed == format.delimiter() || (format == Format::Yaml && trimmed == "...") {
            let front = FrontMatter { text: &text[text.len() - after_open.len()..offset], format };
            return Split { front: Some(front), body: &rest[line_end..], body_line: line + 1, unterminated: None };
        }
        offset += line_end;
        rest = &rest[line_end..];
        line += 1;
    }
    Split { unterminated: Some(format), ..whole }
}

/// If `text` starts with a line holding only `delimiter`, the text after that line.
fn strip_delimiter_line<'a>(text: &'a str, delimiter: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(delimiter)?;
    let line_end = rest.find('\n')?;
    rest[..line_end].trim().is_empty().then(|| &rest[line_end + 1..])
}

impl FrontMatter<'_> {
    /// Reads the fields `T` names. `first_line` is the file line on which
    /// the front matter starts, so positions point into the file.
    pub fn parse<T>(&self, first_line: usize) -> Result<T, FieldError>
    where
        T: for<'de> Deserialize<'de> + Default,
    {
        match self.format {
            Format::Yaml => parse(self.text, first_line),
            Format::Toml => parse_toml(self.text, first_line),
        }
    }

    /// A note's fields, as [`Self::parse`] reads them (YAML of the usual shape faster).
    pub fn note_fields(&self, first_line: usize) -> Result<NoteFields, FieldError> {
        match self.format {
            Format::Yaml => parse_note_fields(self.text, first_line),
            Format::Toml => parse_toml(self.text, first_line),
        }
    }

    /// Whether the top level sets `key`, whatever its value (`speakers: []`
    /// says there are none, which no field's value tells apart from no key).
    pub fn has_key(&self, key: &str) -> bool {
        self.key_line(key).is_some()
    }

    /// The line (0-based, within the front matter) that sets `key` at the top level.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        let mut lines = self.text.lines();
        match self.format {
            Format::Yaml => {
                let prefix = format!("{key}:");
                lines.position(|l| l.starts_with(&prefix))
            }
            // `key = value`, `"key" = value`; a `[table]` ends the top level.
            Format::Toml => lines.take_while(|l| !l.trim_start().starts_with('[')).position(|l| {
                l.split_once('=').is_some_and(|(k, _)| k.trim().trim_matches(|c| c == '"' || c == '\'') == key)
            }),
        }
    }
}

/// Fields a note may carry.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct NoteFields {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub speakers: OneOrMany,
    pub topics: OneOrMany,
    pub related: OneOrMany,
    pub source: Option<String>,
    pub order: Option<i64>,
    /// `author` / `authors` and `tags`, as blog and site generators write
    /// them: the speakers and topics when `speakers` and `topics` are absent.
    /// Loose, so a shape of theirs not read here never costs the note its fields.
    pub author: Loose,
    pub authors: Loose,
    pub tags: Loose,
}

impl NoteFields {
    /// The speakers named: `speakers`, else `authors`, else `author`.
    /// `speakers_key`: the file sets `speakers`, if only to `[]` (there are none).
    pub fn speaker_names(&self, speakers_key: bool) -> &[String] {
        [&self.speakers, &self.authors.0, &self.author.0]
            .into_iter()
            .find(|names| speakers_key || !names.0.is_empty())
            .map_or(&[], |names| names.0.as_slice())
    }

    /// The topics named: `topics`, else `tags` (a blog's tags name its subjects).
    pub fn topic_names(&self) -> &[String] {
        if self.topics.0.is_empty() {
            &self.tags.0 .0
        } else {
            &self.topics.0
        }
    }
}

/// A list of names read where it can be: a string, a list of strings, or
/// a person written as a map with a `name` (`author: {name: …, url: …}`);
/// any other value is read as empty rather than as an error.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Loose(pub OneOrMany);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Named {
            name: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Names(OneOrMany),
            Person(Named),
            People(Vec<Named>),
            Other(de::IgnoredAny),
        }
        Ok(Loose(match Shape::deserialize(deserializer)? {
            Shape::Names(names) => names,
            Shape::Person(person) => OneOrMany(vec![person.name]),
            Shape::People(people) => OneOrMany(people.into_iter().map(|p| p.name).collect()),
            Shape::Other(_) => OneOrMany::default(),
        }))
    }
}

/// Fields an `event.md` may carry.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct EventFields {
    pub name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub start: Option<Scalar>,
    pub end: Option<Scalar>,
    pub series: Option<String>,
    pub url: Option<String>,
    /// `title` and `date`, as site generators write them, stand in for
    /// `name` and `start` when those are absent.
    pub title: Option<String>,
    pub date: Option<Scalar>,
}

/// A list that may also be written as a single string.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct OneOrMany(pub Vec<String>);

/// A scalar read as text whatever YAML made of it (`2019` is a number to YAML).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of strings or a single string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(Scalar(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            /// A TOML date or time (`start = 2019-05-23`) comes as a map
            /// the `toml` crate reads back; any other map is no scalar.
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
                match toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map)) {
                    Ok(datetime) => Ok(Scalar(datetime.to_string())),
                    Err(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &V)),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A front matter problem, positioned in the file (not in the YAML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub position: Option<Position>,
    pub message: String,
}

/// Parses front matter YAML into `T`. `first_line` is the file line on which
/// the YAML starts, so positions point into the file the user edits.
pub fn parse<T>(yaml: &str, first_line: usize) -> Result<T, FieldError>
where
    T: for<'de> Deserialize<'de> + Default,
{
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    serde_saphyr::from_str::<T>(yaml).map_err(|e| {
        let position = e.location().and_then(|l| {
            let line = usize::try_from(l.line()).ok().filter(|&l| l > 0)?;
            let column = usize::try_from(l.column()).ok().filter(|&c| c > 0)?;
            let p = position_of(yaml, yaml_offset(yaml, line, column));
            Some(Position { line: p.line + first_line - 1, column: p.column })
        });
        let message = first_line_of(&e.to_string(), position.is_some());
        FieldError { position, message }
    })
}

/// The byte offset of a YAML line and column (1-based, in characters). YAML
/// breaks lines at `\r` as well as `\n`, the file (and editors) only at
/// `\n`, so positions go through an offset to be counted the file's way.
fn yaml_offset(yaml: &str, line: usize, column: usize) -> usize {
    let (mut at_line, mut at_column) = (1, 1);
    let mut chars = yaml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // A column past the end of its line stays on that line.
        if at_line == line && (at_column == column || c == '\n' || c == '\r') {
            return i;
        }
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
        if (c == '\n' || c == '\r') && !crlf {
            at_line += 1;
            at_column = 1;
        } else if !crlf {
            at_column += 1;
        }
    }
    yaml.len()
}

/// A note's fields, as [`parse`] reads them: most front matter has a shape
/// read without the YAML parser (`quick_fields`), several times faster.
pub fn parse_note_fields(yaml: &str, first_line: usize) -> Result<NoteFields, FieldError> {
    match super::quick_fields::note_fields(yaml) {
        Some(fields) => Ok(fields),
        None => parse(yaml, first_line),
    }
}

/// Parses TOML front matter into `T`, as [`parse`] does YAML.
fn parse_toml<T>(text: &str, first_line: usize) -> Result<T, FieldError>
where
    T: for<'de> Deserialize<'de> + Default,
{
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    toml::from_str::<T>(text).map_err(|e| {
        let position = e.span().map(|span| {
            let p = position_of(text, span.start);
            Position { line: p.line + first_line - 1, column: p.column }
        });
        // The message alone: the diagnostic prints the position.
        FieldError { position, message: e.message().trim().to_string() }
    })
}

/// serde-saphyr can append a source snippet; a one-line message reads better in a list.
/// With the error `placed`, the diagnostic prints its position, counted in the
/// file's lines: the parser's own count from the front matter's first line,
/// leading the message ("error: line X column Y: "), would contradict it.
fn first_line_of(message: &str, placed: bool) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = match line.strip_prefix("error: line ").and_then(|rest| rest.split_once(": ")) {
        Some((place, rest)) if placed && place.contains(" column ") => rest,
        _ => line,
    };
    // A trailing " at line X column Y", likewise.
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_front_matter_and_body_line() {
        let s = split("---\ntitle: A\n---\n# A\nbody\n");
        assert_eq!(s.front.map(|f| f.text), Some("title: A\n"));
        assert_eq!(s.body, "# A\nbody\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(s.unterminated, None);
    }

    #[test]
    fn split_accepts_crlf_and_dots_closing() {
        let s = split("---\r\ntitle: A\r\n...\r\nbody");
        assert_eq!(s.front.map(|f| f.text), Some("title: A\r\n"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn split_without_front_matter_keeps_everything() {
        let s = split("# Title\n---\n");
        assert_eq!(s.front, None);
        assert_eq!(s.body, "# Title\n---\n");
        assert_eq!(s.body_line, 1);
        // A thematic break later in the file is not front matter.
        assert_eq!(split("----\nx").front, None);
    }

    #[test]
    fn unterminated_front_matter_is_flagged_and_left_as_body() {
        let s = split("---\ntitle: A\nno end");
        assert_eq!(s.unterminated, Some(Format::Yaml));
        assert_eq!(s.front, None);
        assert_eq!(s.body, "---\ntitle: A\nno end");
    }

    #[test]
    fn note_fields_accept_flow_block_and_single_string_lists() {
        let f: NoteFields =
            parse("title: T\nspeakers: Jane Doe (Acme)\ntopics: [a, b]\nrelated:\n  - x.md\norder: 3\n", 2)
                .expect("valid");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.speakers.0, vec!["Jane Doe (Acme)"]);
        assert_eq!(f.topics.0, vec!["a", "b"]);
        assert_eq!(f.related.0, vec!["x.md"]);
        assert_eq!(f.order, Some(3));
    }

    #[test]
    fn event_dates_may_be_numbers_or_strings() {
        let f: EventFields = parse("start: 2019\nend: 2019-05-23\n", 2).expect("valid");
        assert_eq!(f.start, Some(Scalar("2019".into())));
        assert_eq!(f.end, Some(Scalar("2019-05-23".into())));
    }

    #[test]
    fn empty_front_matter_is_all_defaults() {
        assert_eq!(parse::<NoteFields>("\n", 2), Ok(NoteFields::default()));
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        // YAML starts on file line 2; the bad line is the YAML's second.
        let e = parse::<NoteFields>("title: ok\ntopics: [a, b\n", 2).expect_err("unclosed flow list");
        let p = e.position.expect("has a position");
        assert!(p.line >= 3, "{e:?}");
        assert!(!e.message.is_empty());
    }

    #[test]
    fn type_errors_are_reported() {
        let e = parse::<NoteFields>("title: ok\norder: many\n", 2).expect_err("order is a number");
        assert_eq!(e.position.map(|p| p.line), Some(3), "{e:?}");
    }

    #[test]
    fn error_lines_count_only_newlines_as_the_file_does() {
        // Found by the frontmatter fuzz target: YAML takes each lone `\r` as a
        // line break, so the error was placed many lines past the front matter.
        let yaml = "title: a\r\r\r\r\r\r\r\r\rorder: many\n";
        let e = parse::<NoteFields>(yaml, 2).expect_err("order is a number");
        assert_eq!(e.position.map(|p| p.line), Some(2), "{e:?}");
        // Found by the same target: a control character after lone `\r`s.
        let yaml = "ti: \u{fffd} \r\r\r9-rds-st\u{1}\u{0}7\n";
        let e = parse::<NoteFields>(yaml, 2).expect_err("control characters are not YAML");
        assert_eq!(e.position.map(|p| p.line), Some(2), "{e:?}");
    }

    #[test]
    fn toml_front_matter_between_plus_lines_is_split_and_read() {
        let s = split("+++\ntitle = \"A\"\ndate = 2019-05-23T10:00:00Z\n[params]\nspeakers = \"inner\"\n+++\n# A\n");
        let front = s.front.expect("front matter");
        assert_eq!((front.format, s.body, s.body_line), (Format::Toml, "# A\n", 7));
        assert_eq!(front.key_line("title"), Some(0));
        assert!(!front.has_key("speakers"), "a table's key is not the note's");
        let note: NoteFields = front.note_fields(2).expect("valid");
        assert_eq!((note.title.as_deref(), note.speakers.0.len()), (Some("A"), 0));
        let event: EventFields = front.parse(2).expect("valid");
        assert_eq!(event.date, Some(Scalar("2019-05-23T10:00:00Z".into())), "a TOML date reads as its text");
        assert_eq!(split("+++\ntitle = 1\n---\n").unterminated, Some(Format::Toml), "closed by its own delimiter");
        let e = split("+++\ntitle = \"ok\"\norder = [1\n+++\n").front.expect("front").parse::<NoteFields>(2);
        assert_eq!(e.expect_err("unclosed array").position.map(|p| p.line), Some(3));
    }
}
