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
//!
//! Changes ([`apply`]) edit the text rather than print the list again, so
//! the user's comments, order and layout stay as written; a change whose
//! result would not read back as exactly the intended list is refused.

use std::path::PathBuf;

use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{position_of, Diagnostic, Position};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
}

#[derive(Serialize)]
struct File<'a> {
    search: &'a [SavedSearch],
}

/// A change to the saved searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedChange {
    Add(SavedSearch),
    /// Remove the search of this name.
    Remove(String),
}

/// A change to make in a searches file: the app asks, the runtime writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWrite {
    pub path: PathBuf,
    pub change: SavedChange,
}

/// The saved searches in `text` (the contents of `file`), in file order.
pub fn load(text: &str, file: &str) -> (Vec<SavedSearch>, Vec<Diagnostic>) {
    let (searches, problems) = load_with_positions(text, file);
    (searches.into_iter().map(|(search, _)| search).collect(), problems)
}

/// [`load`], with where each search's query is written, for reporting
/// problems of the query itself.
pub fn load_with_positions(text: &str, file: &str) -> (Vec<(SavedSearch, Position)>, Vec<Diagnostic>) {
    let mut searches: Vec<(SavedSearch, Position)> = Vec::new();
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
                Some((search, _)) if searches.iter().any(|(s, _)| s.name == search.name) => {
                    problems.push(Diagnostic::new(
                        file,
                        at(entry.span()),
                        format!("a saved search named `{}` comes earlier; this one is ignored", search.name),
                    ))
                }
                Some((search, query_at)) => searches.push((search, position_of(text, query_at))),
                None => {}
            }
        }
    }
    (searches, problems)
}

/// One `[[search]]` entry and the offset of its query, or `None` (with its
/// problems reported) when it lacks a name or query.
fn search_from(
    entry: &Spanned<DeValue<'_>>,
    text: &str,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(SavedSearch, usize)> {
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
    let (query, query_span) = query?;
    let name = name.trim().to_string();
    if name.is_empty() {
        problems.push(Diagnostic::new(file, at(name_span), "a saved search's `name` must not be empty"));
        return None;
    }
    Some((SavedSearch { name, query }, query_span.start))
}

/// `text`, the contents of a searches file, with `change` made and
/// everything else kept as written. Refused (with a sentence saying why)
/// when the file is not valid TOML, when the name is taken or missing, and
/// when the edited text would not read back as the old list with just this
/// change, so no entry is ever lost.
pub fn apply(text: &str, change: &SavedChange) -> Result<String, String> {
    if let Err(e) = DeTable::parse(text) {
        let at = e.span().map(|s| position_of(text, s.start));
        let at = at.map_or_else(String::new, |p| format!(" at line {}", p.line));
        return Err(format!("the file is not valid TOML{at} ({}); fix it first", e.message().trim()));
    }
    let (before, _) = load(text, "");
    let (edited, expected) = match change {
        SavedChange::Add(search) => {
            if before.iter().any(|s| s.name == search.name) {
                return Err(format!("a saved search named “{}” exists already", search.name));
            }
            let mut edited = text.to_string();
            if !edited.is_empty() && !edited.ends_with('\n') {
                edited.push('\n');
            }
            if !edited.trim().is_empty() {
                edited.push('\n');
            }
            edited.push_str(&to_toml(std::slice::from_ref(search)));
            let mut expected = before.clone();
            expected.push(search.clone());
            (edited, expected)
        }
        SavedChange::Remove(name) => {
            let edited = without_entry(text, name);
            if edited == text {
                return Err(format!("no [[search]] table named “{name}” to remove"));
            }
            (edited, before.iter().filter(|s| s.name != *name).cloned().collect())
        }
    };
    match load(&edited, "") {
        (after, _) if after == expected => Ok(edited),
        _ => Err("the file is laid out in a way confnotes cannot edit safely; change it by hand".to_string()),
    }
}

/// `text` without the `[[search]]` tables named `name`. Comments are kept,
/// even one above the table (it may as well introduce the file), and so are
/// those right above the next table, which describe that one.
fn without_entry(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_header = |line: &str| line.trim_start().starts_with('[');
    let is_search_header = |line: &str| {
        let code = line.split('#').next().unwrap_or("");
        code.chars().filter(|c| !c.is_whitespace()).collect::<String>() == "[[search]]"
    };
    let is_comment = |line: &str| line.trim_start().starts_with('#');
    let mut remove = vec![false; lines.len()];
    for (start, line) in lines.iter().enumerate() {
        if !is_search_header(line) {
            continue;
        }
        let mut end = (start + 1..lines.len()).find(|&i| is_header(lines[i])).unwrap_or(lines.len());
        while end > start + 1 && (is_comment(lines[end - 1]) || lines[end - 1].trim().is_empty()) {
            end -= 1;
        }
        let (found, _) = load(&lines[start..end].concat(), "");
        if found.first().is_none_or(|s| s.name != name) {
            continue;
        }
        remove[start..end].iter_mut().for_each(|r| *r = true);
        // One blank line, not two, is left between the tables around it, and none at the end.
        let blank = |i: usize| lines.get(i).is_some_and(|l| l.trim().is_empty());
        let blank_before = start == 0 || blank(start - 1);
        if blank_before && blank(end) {
            remove[end] = true;
        } else if end == lines.len() && start > 0 && blank(start - 1) {
            remove[start - 1] = true;
        }
    }
    lines.iter().zip(&remove).filter(|(_, &r)| !r).map(|(l, _)| *l).collect()
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

    const COMMENTED: &str = "# My searches, kept by hand and by confnotes.\n\n\
        [[search]]\nname = \"eBPF\"   # the kernel one\nquery = \"ebpf\"\n\n\
        # Keynotes since Paris\n[[search]]\nname = \"Keynotes\"\nquery = \"kind:keynote year:2024..\"\n\n\
        [[search]]\nname = \"Unread\"\nquery = \"is:unread\"\n";

    #[test]
    fn adding_appends_a_table_and_keeps_comments_and_entries() {
        let added = apply(COMMENTED, &SavedChange::Add(search("Mesh", "service mesh"))).expect("adds");
        assert!(added.starts_with(COMMENTED), "the file is kept as written:\n{added}");
        assert!(added.ends_with("\n\n[[search]]\nname = \"Mesh\"\nquery = \"service mesh\"\n"), "{added}");
        let names: Vec<String> = load(&added, "s.toml").0.into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["eBPF", "Keynotes", "Unread", "Mesh"]);
        // A file without a final newline, and an empty one.
        let added = apply("# just a comment", &SavedChange::Add(search("A", "a"))).expect("adds");
        assert_eq!(added, "# just a comment\n\n[[search]]\nname = \"A\"\nquery = \"a\"\n");
        assert_eq!(
            apply("", &SavedChange::Add(search("A", "a"))).as_deref(),
            Ok(to_toml(&[search("A", "a")]).as_str())
        );
    }

    #[test]
    fn removing_takes_only_that_table() {
        let removed = apply(COMMENTED, &SavedChange::Remove("Keynotes".into())).expect("removes");
        assert_eq!(
            removed,
            "# My searches, kept by hand and by confnotes.\n\n\
             [[search]]\nname = \"eBPF\"   # the kernel one\nquery = \"ebpf\"\n\n\
             # Keynotes since Paris\n\n\
             [[search]]\nname = \"Unread\"\nquery = \"is:unread\"\n",
            "its table goes; the comment above it stays, as it may say more than that"
        );
        let removed = apply(COMMENTED, &SavedChange::Remove("Unread".into())).expect("removes the last");
        assert!(removed.ends_with("name = \"Keynotes\"\nquery = \"kind:keynote year:2024..\"\n"), "{removed}");
        let removed = apply(COMMENTED, &SavedChange::Remove("eBPF".into())).expect("removes the first");
        assert!(removed.starts_with("# My searches, kept by hand and by confnotes.\n\n# Keynotes since Paris\n"));
        let names: Vec<String> = load(&removed, "s.toml").0.into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["Keynotes", "Unread"]);
    }

    #[test]
    fn changes_that_could_lose_entries_are_refused() {
        let taken = apply(COMMENTED, &SavedChange::Add(search("eBPF", "other")));
        assert_eq!(taken, Err("a saved search named “eBPF” exists already".to_string()));
        let broken = apply("[[search]]\nname = \"a\n", &SavedChange::Add(search("B", "b")));
        assert!(broken.as_ref().is_err_and(|e| e.starts_with("the file is not valid TOML at line")), "{broken:?}");
        let missing = apply(COMMENTED, &SavedChange::Remove("Nothing".into()));
        assert_eq!(missing, Err("no [[search]] table named “Nothing” to remove".to_string()));
        // Written as an inline array, the entries cannot take a [[search]] table after them.
        let inline = "search = [{ name = \"A\", query = \"a\" }]\n";
        assert!(apply(inline, &SavedChange::Add(search("B", "b"))).is_err());
        assert!(apply(inline, &SavedChange::Remove("A".into())).is_err());
    }

    #[test]
    fn query_positions_point_at_the_query() {
        let (searches, _) = load_with_positions(COMMENTED, "s.toml");
        let lines: Vec<usize> = searches.iter().map(|(_, at)| at.line).collect();
        assert_eq!(lines, [5, 10, 14]);
    }
}
