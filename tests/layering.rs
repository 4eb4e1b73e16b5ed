//! The layering ARCHITECTURE.md promises, checked: the collection, its
//! relations, search, rendering, state and the keymap know nothing of the
//! app, the drawing or the loop, so each can be used and tested alone.

use std::fs;
use std::path::{Path, PathBuf};

/// Modules that must stay below the UI.
const BELOW: [&str; 7] = ["notes", "render", "search", "state", "keymap", "relate", "tokens"];
/// What they must not import.
const ABOVE: [&str; 5] = ["app", "ui", "runtime", "background", "term"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source folder reads").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each `crate::NAME` path in `text`, and each `NAME` in a `use crate::{...}` group.
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                found.push(item.trim().split("::").next().unwrap_or("").to_string());
            }
        } else {
            found.push(rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("").to_string());
        }
    }
    found
}

#[test]
fn the_lower_layers_import_nothing_of_the_app_the_drawing_or_the_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut breaches = Vec::new();
    for module in BELOW {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        files.push(src.join(format!("{module}.rs")));
        for file in files.iter().filter(|f| f.is_file()) {
            let text = fs::read_to_string(file).expect("source reads");
            for name in crate_paths(&text) {
                if ABOVE.contains(&name.as_str()) {
                    breaches.push(format!("{} uses crate::{name}", file.display()));
                }
            }
        }
    }
    assert!(breaches.is_empty(), "{breaches:#?}");
}

#[test]
fn the_check_sees_both_spellings_of_an_import() {
    assert_eq!(crate_paths("use crate::app::App;"), ["app"]);
    assert_eq!(crate_paths("use crate::{notes::Note, ui};"), ["notes", "ui"]);
    assert_eq!(crate_paths("let x = crate::runtime::run();"), ["runtime"]);
}

/// How long a source file may grow, its tests aside, before it is split.
const MAX_LINES: usize = 900;

/// Lines of `text` before its `#[cfg(test)]` module written inline (all of
/// them when it has none). A `#[cfg(test)]` on a function, or on a module
/// kept in its own file (`mod tests;`), does not end the count.
fn lines_before_tests(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let opens_test_module = |at: usize| {
        let next = lines[at + 1..].iter().find(|l| !l.is_empty() && !l.starts_with("#[") && !l.starts_with("//"));
        next.is_some_and(|l| {
            let item = l.trim_start_matches("pub(crate) ").trim_start_matches("pub(super) ").trim_start_matches("pub ");
            item.starts_with("mod ") && l.ends_with('{')
        })
    };
    (0..lines.len()).find(|&at| lines[at] == "#[cfg(test)]" && opens_test_module(at)).unwrap_or(lines.len())
}

#[test]
fn no_source_file_is_over_the_limit_tests_aside() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let over: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = lines_before_tests(&fs::read_to_string(file).expect("source reads"));
            let name = file.strip_prefix(root).unwrap_or(file).display();
            (lines > MAX_LINES).then(|| format!("{name}: {lines} lines before its tests"))
        })
        .collect();
    assert!(over.is_empty(), "over {MAX_LINES} lines, tests aside (split them): {over:#?}");
}

#[test]
fn the_size_check_stops_at_the_tests() {
    assert_eq!(lines_before_tests("fn a() {}\nfn b() {}\n\n#[cfg(test)]\nmod tests {\n}\n"), 3);
    assert_eq!(lines_before_tests("fn a() {}\n    #[cfg(test)]\n    #[allow(dead_code)]\n    mod tests {\n"), 1);
    assert_eq!(lines_before_tests("fn a() {}\nfn b() {}\n"), 2);
    // A test-only function or a test module in its own file is no end.
    assert_eq!(lines_before_tests("#[cfg(test)]\nfn t() {}\nfn a() {}\n#[cfg(test)]\nmod tests {\n}\n"), 3);
    assert_eq!(lines_before_tests("#[cfg(test)]\nmod tests;\nfn a() {}\n"), 3);
}

/// Whether `word` stands in `text` as a whole word (`look` in "look.rs", not in "looks").
fn names_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn architecture_md_names_every_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md reads");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let unnamed: Vec<String> = files
        .iter()
        .filter_map(|file| {
            // A folder's mod.rs is named by its folder.
            let stem = file.file_stem()?.to_str()?;
            let name = if stem == "mod" { format!("{}/", file.parent()?.file_name()?.to_str()?) } else { stem.into() };
            let named = if stem == "mod" { map.contains(&name) } else { names_word(&map, &name) };
            (!named).then(|| file.strip_prefix(root).unwrap_or(file).display().to_string())
        })
        .collect();
    assert!(unnamed.is_empty(), "modules ARCHITECTURE.md does not name: {unnamed:#?}");
}

#[test]
fn the_module_check_reads_whole_words() {
    assert!(names_word("  look.rs  the first look", "look"));
    assert!(!names_word("it looks like a lookup", "look"));
    assert!(names_word("text_search, related", "text_search"));
    assert!(!names_word("the_text_search_view", "text_search"));
}
