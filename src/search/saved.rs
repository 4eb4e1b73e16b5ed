//! Saved searches: named filter queries kept in a TOML file of the config
//! directory, shown at the top of the timeline as virtual events.
//!
//! ```toml
//! [[search]]
//! name = "eBPF since 2022"
//! query = "ebpf year:2022.. is:unread"
//! ```
//!
//! Reading never fails: a bad entry is reported with its `file:line:col`
//! and skipped, and the good ones are kept. The caller reads and writes the
//! file; the queries themselves are checked by [`super::Query::parse`].

use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{position_of, Diagnostic};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
}

#[derive(Serialize)]
struct File<'a> {
    search: &'a [SavedSearch],
}

/// The saved searches in `text` (the contents of `file`), in file order.
pub fn load(text: &str, file: &str) -> (Vec<SavedSearch>, Vec<Diagnostic>) {
    let mut searches: Vec<SavedSearch> = Vec::new();
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| Some(position_of(text, span.start));
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            problems.push(Diagnostic::new(file, e.span().and_then(at), e.message().to_string()));
            return (searches, problems);
        }
    };
    for (key, value) in &table {
        if key.get_ref() != "search" {
            problems.push(Diagnostic::new(
                file,
                at(key.span()),
                format!("unknown key `{}`; saved searches are [[search]] tables", key.get_ref()),
            ));
            continue;
        }
        let DeValue::Array(entries) = value.get_ref() else {
            problems.push(Diagnostic::new(file, at(key.span()), "`search` must be a list of [[search]] tables"));
            continue;
        };
        for entry in entries {
            match search_from(entry, text, file, &mut problems) {
                Some(search) if searches.iter().any(|s| s.name == search.name) => problems.push(Diagnostic::new(
                    file,
                    at(entry.span()),
                    format!("a saved search named `{}` comes earlier; this one is ignored", search.name),
                )),
                Some(search) => searches.push(search),
                None => {}
            }
        }
    }
    (searches, problems)
}

/// One `[[search]]` entry, or `None` (with its problems reported) when it lacks a name or query.
fn search_from(
    entry: &Spanned<DeValue<'_>>,
    text: &str,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<SavedSearch> {
    let at = |span: std::ops::Range<usize>| Some(position_of(text, span.start));
    let DeValue::Table(fields) = entry.get_ref() else {
        problems.push(Diagnostic::new(
            file,
            at(entry.span()),
            "a saved search must be a table with `name` and `query`",
        ));
        return None;
    };
    let mut name = None;
    let mut query = None;
    for (key, value) in fields {
        let slot = match key.get_ref().as_ref() {
            "name" => &mut name,
            "query" => &mut query,
            other => {
                problems.push(Diagnostic::new(
                    file,
                    at(key.span()),
                    format!("unknown key `{other}` in a saved search (expected `name` and `query`)"),
                ));
                continue;
            }
        };
        match value.get_ref() {
            DeValue::String(s) => *slot = Some((s.to_string(), value.span())),
            _ => {
                problems.push(Diagnostic::new(file, at(value.span()), format!("`{}` must be a string", key.get_ref())))
            }
        }
    }
    let missing = match (&name, &query) {
        (None, None) => Some("a saved search needs `name` and `query`"),
        (None, Some(_)) => Some("a saved search needs a `name`"),
        (Some(_), None) => Some("a saved search needs a `query`"),
        _ => None,
    };
    if let Some(message) = missing {
        problems.push(Diagnostic::new(file, at(entry.span()), message));
        return None;
    }
    let (name, name_span) = name?;
    let (query, _) = query?;
    let name = name.trim().to_string();
    if name.is_empty() {
        problems.push(Diagnostic::new(file, at(name_span), "a saved search's `name` must not be empty"));
        return None;
    }
    Some(SavedSearch { name, query })
}

/// The file that [`load`] reads back as `searches`.
pub fn to_toml(searches: &[SavedSearch]) -> String {
    if searches.is_empty() {
        return String::new();
    }
    toml::to_string(&File { search: searches }).expect("a list of string pairs always serialises to TOML")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(name: &str, query: &str) -> SavedSearch {
        SavedSearch { name: name.to_string(), query: query.to_string() }
    }

    #[test]
    fn searches_load_in_file_order() {
        let text = "[[search]]\nname = \"eBPF since 2022\"\nquery = \"ebpf year:2022.. is:unread\"\n\n\
                    [[search]]\nname = \"Keynotes\"\nquery = 'kind:keynote'\n";
        let (searches, problems) = load(text, "searches.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            searches,
            [search("eBPF since 2022", "ebpf year:2022.. is:unread"), search("Keynotes", "kind:keynote")]
        );
    }

    #[test]
    fn bad_entries_are_reported_with_positions_and_good_ones_kept() {
        let text = "[[search]]\nname = \"Good\"\nquery = \"is:unread\"\n\n\
                    [[search]]\nname = \"No query\"\n\n\
                    [[search]]\nname = 3\nquery = \"x\"\n\n\
                    [[search]]\nname = \"Good\"\nquery = \"again\"\n\n\
                    [[search]]\nname = \"Extra\"\nquery = \"y\"\ncolour = \"red\"\n\n\
                    [[search]]\nname = \"  \"\nquery = \"z\"\n";
        let (searches, problems) = load(text, "searches.toml");
        assert_eq!(searches, [search("Good", "is:unread"), search("Extra", "y")]);
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(rendered.len(), 6, "{rendered:#?}");
        let expect = [
            ("searches.toml:5:", "a saved search needs a `query`"),
            ("searches.toml:9:8:", "`name` must be a string"),
            ("searches.toml:8:1:", "a saved search needs a `name`"),
            ("searches.toml:12:", "a saved search named `Good` comes earlier; this one is ignored"),
            ("searches.toml:19:1:", "unknown key `colour` in a saved search (expected `name` and `query`)"),
            ("searches.toml:22:8:", "a saved search's `name` must not be empty"),
        ];
        for ((prefix, message), got) in expect.iter().zip(&rendered) {
            assert!(got.starts_with(prefix) && got.ends_with(message), "{got:?} should be {prefix}…{message}");
        }
    }

    #[test]
    fn other_top_level_keys_and_shapes_are_reported() {
        let (searches, problems) = load("searches = 1\nsearch = \"x\"\n", "s.toml");
        assert!(searches.is_empty());
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(rendered.len(), 2, "{rendered:?}");
        assert!(rendered.iter().any(|p| p.starts_with("s.toml:1:1: unknown key `searches`")), "{rendered:?}");
        assert!(rendered.iter().any(|p| p.starts_with("s.toml:2:1: `search` must be a list")), "{rendered:?}");
    }

    #[test]
    fn invalid_toml_names_line_and_column() {
        let (searches, problems) = load("[[search]]\nname = \"a\nquery = \"b\"\n", "s.toml");
        assert!(searches.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("s.toml:2:"), "{}", problems[0]);
    }

    #[test]
    fn an_empty_file_has_no_searches() {
        assert_eq!(load("", "s.toml"), (Vec::new(), Vec::new()));
        assert_eq!(to_toml(&[]), "");
    }

    #[test]
    fn searches_round_trip_through_toml() {
        let searches = vec![
            search("eBPF since 2022", "ebpf year:2022.. is:unread"),
            search("Quotes \"and\" backslashes \\", "\"stateful serverless\" topic:'x'"),
            search("Zürich 東京 🚀", "zürich\tline\nbreak"),
        ];
        let text = to_toml(&searches);
        assert!(text.starts_with("[[search]]\nname = \"eBPF since 2022\"\n"), "{text}");
        let (back, problems) = load(&text, "s.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, searches);
    }
}
