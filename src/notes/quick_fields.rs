//! A note's front matter in the shape nearly every note writes it —
//! `key: value` lines of plain or quoted strings, `[a, b]` and `- item`
//! lists, an `order:` number — read without the YAML parser, which took
//! more time than anything else in reading a note. Whatever falls outside
//! that shape (escapes, numbers and booleans where text is expected, nested
//! maps, block scalars, anchors, comments after a value, repeated keys...)
//! is `None`, and the YAML parser reads it: what is read here is what it
//! would read (the tests compare both on every shape).

use super::frontmatter::{Loose, NoteFields, OneOrMany};

/// A value as read here.
enum Value<'a> {
    Null,
    Text(&'a str),
    List(Vec<&'a str>),
    Number(i64),
}

/// The fields `yaml` (the text between the `---` lines) gives, when it has
/// the usual shape; `None` to leave it to the YAML parser.
pub(super) fn note_fields(yaml: &str) -> Option<NoteFields> {
    if yaml.chars().any(unusual_char) {
        return None;
    }
    let mut fields = NoteFields::default();
    let mut keys: Vec<&str> = Vec::new();
    let mut lines = yaml.split('\n').map(|line| line.trim_end_matches(' ')).peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || !(rest.is_empty() || rest.starts_with(' ')) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let value = rest.trim_start_matches(' ');
        // Where a field is read, text must be what YAML reads as text;
        // elsewhere, only YAML.
        let strict = is_field(key);
        let value = if value.is_empty() {
            block_list(&mut lines, strict)?
        } else if value.starts_with('[') {
            Value::List(flow_list(value, strict)?)
        } else if let Some(text) = quoted(value) {
            Value::Text(text)
        } else if key == "order" {
            Value::Number(number(value)?)
        } else {
            Value::Text(plain(value, false, strict)?)
        };
        set(&mut fields, key, value)?;
    }
    // Only comments: left to the parser, as is what it makes of an empty document.
    (!keys.is_empty()).then_some(fields)
}

/// Characters YAML refuses or reads as line breaks, tabs, and anything that
/// would need more care than this reader takes.
fn unusual_char(c: char) -> bool {
    (c < ' ' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A key of letters, digits, `_` and `-` that YAML reads as text.
fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !is_typed_word(key)
}

/// Words YAML (1.1 or 1.2) may read as null or a boolean.
fn is_typed_word(word: &str) -> bool {
    const TYPED: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    TYPED.iter().any(|typed| word.eq_ignore_ascii_case(typed))
}

/// Whether `key` is one of the fields read (others are only checked to be YAML).
fn is_field(key: &str) -> bool {
    matches!(
        key,
        "title" | "kind" | "source" | "speakers" | "topics" | "related" | "order" | "author" | "authors" | "tags"
    )
}

/// The items of a `- item` list on the lines after a key with no value
/// (all at one indentation), or null when none follows.
fn block_list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>, strict: bool) -> Option<Value<'a>> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(line) = lines.peek() {
        let item = line.trim_start_matches(' ');
        if !item.starts_with('-') {
            // A line indented under the key that is no item: more than a list.
            if line.starts_with(' ') {
                return None;
            }
            break;
        }
        let at = line.len() - item.len();
        if *indent.get_or_insert(at) != at {
            return None;
        }
        let item = item.strip_prefix("- ")?.trim_start_matches(' ');
        items.push(quoted(item).or_else(|| plain(item, false, strict))?);
        lines.next();
    }
    Some(if items.is_empty() { Value::Null } else { Value::List(items) })
}

/// The items of `[a, "b", 'c']`, written on one line.
fn flow_list(value: &str, strict: bool) -> Option<Vec<&str>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    if inner.trim_matches(' ').is_empty() {
        return Some(items);
    }
    for item in inner.split(',') {
        let item = item.trim_matches(' ');
        items.push(quoted(item).or_else(|| plain(item, true, strict))?);
    }
    Some(items)
}

/// The text of a string quoted whole with `"` or `'`, with no escape in it.
fn quoted(value: &str) -> Option<&str> {
    let quote = value.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let inner = value.strip_prefix(quote)?.strip_suffix(quote)?;
    let escape = if quote == '"' { '\\' } else { '\'' };
    (!inner.contains(quote) && !inner.contains(escape)).then_some(inner)
}

/// A plain (unquoted) scalar that YAML reads as this very text: no
/// indicator first, no comment, no `key: value` inside, and, where a field
/// wants text (`strict`), nothing YAML reads as a number, a boolean or null.
/// `in_list`: inside `[...]`, where commas and brackets end it.
fn plain(value: &str, in_list: bool, strict: bool) -> Option<&str> {
    let first = value.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return None;
    }
    if value.contains(" #") || value.contains(": ") || value.ends_with(':') {
        return None;
    }
    if in_list && value.contains(['[', ']', '{', '}', '"', '\'']) {
        return None;
    }
    if strict {
        // Numbers (`12`, `+1`, `.5`, `0x1F`, `.inf`), dates and times, null
        // (`~`). Text (`10 years of...`, `2024-x/a.md`, `../a.md`) holds a
        // character none of them has.
        let after_dot = value.strip_prefix('.');
        let numeric = first.is_ascii_digit() || first == '+' || after_dot.is_some();
        let could_be_number = numeric && value.chars().all(|c| c.is_ascii_hexdigit() || "xXoObB+-._:tTzZ ".contains(c));
        let looks_typed = first == '~'
            || could_be_number
            || after_dot.is_some_and(|rest| rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("nan"));
        if looks_typed || is_typed_word(value) {
            return None;
        }
    }
    Some(value)
}

/// A whole number written plainly (`order: 3`).
fn number(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    // A leading zero reads as octal to some YAML: left to the parser.
    if !plain || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    value.parse().ok()
}

/// `value` put in the field `key` names, when it is of that field's kind.
fn set(fields: &mut NoteFields, key: &str, value: Value<'_>) -> Option<()> {
    let text = |value: Value<'_>| match value {
        Value::Null => Some(None),
        Value::Text(text) => Some(Some(text.to_string())),
        Value::List(_) | Value::Number(_) => None,
    };
    let list = |value: Value<'_>| match value {
        Value::Null => Some(OneOrMany::default()),
        Value::Text(text) => Some(OneOrMany(vec![text.to_string()])),
        Value::List(items) => Some(OneOrMany(items.into_iter().map(str::to_string).collect())),
        Value::Number(_) => None,
    };
    match key {
        "title" => fields.title = text(value)?,
        "kind" => fields.kind = text(value)?,
        "source" => fields.source = text(value)?,
        "speakers" => fields.speakers = list(value)?,
        "topics" => fields.topics = list(value)?,
        "related" => fields.related = list(value)?,
        "author" => fields.author = Loose(list(value)?),
        "authors" => fields.authors = Loose(list(value)?),
        "tags" => fields.tags = Loose(list(value)?),
        "order" => {
            fields.order = match value {
                Value::Null => None,
                Value::Number(n) => Some(n),
                Value::Text(_) | Value::List(_) => return None,
            }
        }
        _ => {}
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(yaml: &str) -> Option<NoteFields> {
        serde_saphyr::from_str::<NoteFields>(yaml).ok()
    }

    /// Every shape read here, read as the YAML parser reads it.
    const USUAL: &[&str] = &[
        "title: \"Namespace control **probe**\"\nkind: panel\nspeakers: [\"Dara Dubois\"]\ntopics: [helm, data-pipelines]\n",
        "title: Plain title with 'quotes' and \"more\"\nspeakers: Ada Lovelace\n",
        "title: 'Single: quoted # not a comment'\nsource: https://example.org/x?a=1\n",
        "speakers:\n  - Ada Lovelace\n  - \"Grace Hopper\"\ntopics:\n- rust\n- 'wasm'\n",
        "title: A\nspeakers: []\ntopics: [ ]\nrelated: [../2019-x/a.md, \"b c.md\"]\n",
        "order: 3\ntitle: Third\n",
        "order: -12\n",
        "order: 0\n",
        "title:\nkind:\nspeakers:\n",
        "# a comment\ntitle: After a comment\n\n\nkind: talk\n",
        "date: 2019-03-04\ntitle: Dated\nslides: https://example.org/s.pdf\n",
        "layout: post\ntags: [a, b]\nduration: 45\ntitle: Über café — 北京\n",
        "title: \"\"\nspeakers: ''\n",
        "title: C++ in practice\nkind: keynote   \n",
        "title: What's new in version 2.0\n",
        "related:\n  - 2024-03-x/a.md\ntitle: 10 Years of patterns\nkind: 1st day\n",
        "related: [../x/a.md, .hidden/b.md, 2019-y/c.md]\n",
        "title: Ends with a colon:x\n",
        "title: a,b [c] {d}\n",
        "speakers: [Ada Lovelace, Grace Hopper, 'Alan Turing']\n",
        "unknown_key: [1, 2, three]\nother-key: yes\ntitle: Typed values elsewhere\n",
        "author: Jane Roe\ntags: [rust, 'async']\nauthors:\n  - Ann Lee\n  - Bo Chen\n",
    ];

    /// Shapes left to the parser (what it makes of them may differ from a
    /// plain reading, or be a problem to report).
    const LEFT: &[&str] = &[
        "title: \"Escaped \\\" quote\"\n",
        "title: 'It''s'\n",
        "title: 2019\n",
        "title: true\n",
        "title: null\n",
        "title: ~\n",
        "title: Yes\n",
        "title: .inf\n",
        "title: .5\n",
        "title: 1e3\n",
        "title: 0x1F\n",
        "title: +12\n",
        "title: 2019-03-04\n",
        "title: 2001-12-14 21:59:43.10 -5\n",
        "title: 12:30\n",
        "title: 1_000\n",
        "title: .NaN\n",
        "speakers: [2019]\n",
        "title: a # comment\n",
        "title: key: value\n",
        "title: |\n  block\n",
        "title: >\n  folded\n",
        "title: &a anchored\n",
        "title: *a\n",
        "title: !tag x\n",
        "title: multi\n  line\n",
        "title: [a, b]\n",
        "speakers: {a: b}\n",
        "speakers: [a, [b]]\n",
        "speakers: [a, b,]\n",
        "speakers: [a,\n  b]\n",
        "speakers:\n  - a\n   - b\n",
        "speakers:\n  - a\n  -\n",
        "speakers:\n  - [a]\n",
        "speakers: [1, 2]\n",
        "tags: [yes, 2019]\n",
        "author:\n  name: Jane Roe\n",
        "order: three\n",
        "order: 07\n",
        "order: 1.5\n",
        "order: 99999999999999999999\n",
        "title: a\ntitle: b\n",
        "  title: indented\n",
        "title:\ttab\n",
        "title: x\r\n",
        "\"title\": quoted key\n",
        "true: x\ntitle: y\n",
        "title:no space\n",
        "nested:\n  key: value\ntitle: x\n",
        "# only a comment\n",
        "%YAML 1.2\n",
        "? complex\n: key\n",
        "title: \"unclosed\n",
    ];

    #[test]
    fn the_usual_shapes_are_read_as_the_yaml_parser_reads_them() {
        for yaml in USUAL {
            let quick = note_fields(yaml);
            assert!(quick.is_some(), "read here: {yaml:?}");
            assert_eq!(quick, parsed(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_yaml_parser() {
        for yaml in LEFT {
            assert_eq!(note_fields(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn lines_of_every_shape_put_together_read_as_the_parser_reads_them() {
        // Each usual document with each other line added before and after:
        // whatever is read here agrees with the parser.
        let lines: Vec<&str> = USUAL.iter().chain(LEFT).flat_map(|y| y.lines()).collect();
        for yaml in USUAL {
            for line in &lines {
                for doc in [format!("{yaml}{line}\n"), format!("{line}\n{yaml}")] {
                    if let Some(quick) = note_fields(&doc) {
                        assert_eq!(Some(quick), parsed(&doc), "{doc:?}");
                    }
                }
            }
        }
    }
}
