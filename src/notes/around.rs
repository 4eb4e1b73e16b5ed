//! Which collection a folder is in, for commands run without PATH inside
//! one (`cd ~/conference-notes/2019-barcelona && confnotes related mesh.md`).
//!
//! A folder is a collection when it has a `topics.toml`, or when one of its
//! own entries is an event by its name: a Markdown file with a year in its
//! name (a one-file event), a folder with a year in its name holding
//! Markdown, or a year folder (`2019/`) holding an event. Only those
//! entries are looked at, never the whole tree, so asking is cheap in any
//! folder. The folder itself and the two above it are asked (an event
//! folder, or one inside a year or series folder); the home folder and
//! those above it never are: they are where everything else lives.

use std::fs;
use std::path::{Path, PathBuf};

use super::date::PartialDate;
use super::shape;

/// How many folders above the start may be the collection's root.
const LEVELS_UP: usize = 2;

/// The collection `start` is in: `start` itself or one of the two folders
/// above it, the nearest first; `None` when none of them is one.
pub fn collection_around(start: &Path) -> Option<PathBuf> {
    let start = fs::canonicalize(start).ok()?;
    let home = std::env::var_os("HOME").and_then(|h| fs::canonicalize(h).ok());
    start
        .ancestors()
        .take(LEVELS_UP + 1)
        .take_while(|dir| dir.parent().is_some() && home.as_deref().is_none_or(|home| !home.starts_with(dir)))
        .find(|dir| is_collection(dir))
        .map(Path::to_path_buf)
}

/// Whether `dir` is a collection's root, by its own entries (see the module's documentation).
pub fn is_collection(dir: &Path) -> bool {
    if dir.join("topics.toml").is_file() {
        return true;
    }
    entries(dir).any(|(path, name, is_dir)| {
        let dated = PartialDate::in_name(shape::stem(&name)).is_some();
        match (is_dir, dated) {
            (false, true) => shape::is_note_file(&name),
            (true, true) if is_year(&name) => {
                entries(&path).any(|(inner, _, is_dir)| is_dir && has_markdown(&inner, 1))
            }
            (true, true) => has_markdown(&path, 1),
            _ => false,
        }
    })
}

/// Whether `dir` holds a Markdown note, directly or up to `deeper` folders down.
fn has_markdown(dir: &Path, deeper: usize) -> bool {
    entries(dir).any(|(path, name, is_dir)| match is_dir {
        false => shape::is_note_file(&name),
        true => deeper > 0 && has_markdown(&path, deeper - 1),
    })
}

fn is_year(name: &str) -> bool {
    name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
}

/// The entries of `dir` that are not hidden: path, name, and whether it is a folder.
fn entries(dir: &Path) -> impl Iterator<Item = (PathBuf, String, bool)> {
    fs::read_dir(dir).into_iter().flatten().flatten().filter_map(|entry| {
        let name = entry.file_name().into_string().ok().filter(|n| !n.starts_with('.'))?;
        let is_dir = entry.path().is_dir();
        Some((entry.path(), name, is_dir))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        fs::write(path, "# x\n").expect("write");
    }

    #[test]
    fn collections_are_known_by_their_event_names_or_topics_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for (layout, file) in [
            ("event-folders", "2031-05-lyon/talk.md"),
            ("nested-days", "modfest-2031/day-1/talk.md"),
            ("one-file", "modfest-2031.md"),
            ("year-folders", "2031/lyon/talk.md"),
            ("topics", "topics.toml"),
        ] {
            write(&root.join(layout), file);
            assert!(is_collection(&root.join(layout)), "{layout}");
        }
        for (layout, file) in [
            ("a-project", "README.md"),
            ("a-project-with-notes-inside", "notes/2031-05-lyon/talk.md"),
            ("dated-but-no-markdown", "2031-05-lyon/photo.png"),
            ("hidden", ".2031-05-lyon/talk.md"),
        ] {
            write(&root.join(layout), file);
            assert!(!is_collection(&root.join(layout)), "{layout}");
        }
    }

    #[test]
    fn the_nearest_collection_at_or_above_the_start_is_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("notes");
        write(&root, "2031/lyon/talk.md");
        let root = fs::canonicalize(&root).expect("canonical");
        assert_eq!(collection_around(&root), Some(root.clone()));
        assert_eq!(collection_around(&root.join("2031/lyon")), Some(root.clone()));
        // Nested, so that no folder outside the test's own is asked.
        write(dir.path(), "a/b/elsewhere/README.md");
        assert_eq!(collection_around(&dir.path().join("a/b/elsewhere")), None);
    }
}
