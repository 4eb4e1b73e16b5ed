//! The files of an event folder that are not notes (slides, pictures,
//! plain-text notes without `.md`): listed by name and size for the user to
//! open with the system opener, never read.

use std::fs;
use std::path::Path;

/// A file beside an event's notes that the app does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Path relative to the collection root, `/`-separated.
    pub rel: String,
    /// Path relative to the event folder, as the list shows it.
    pub name: String,
    pub size: u64,
}

/// Subfolders of an event folder deeper than this are not listed (`slides/2019/x.pdf` is).
const MAX_DEPTH: usize = 3;

/// The files under `event_folder` (relative to `root`) that are not notes,
/// in path order. A one-file event, or a folder that cannot be listed, has none.
/// Symbolic links are not followed, so the list never leaves the folder.
pub fn attachments(root: &Path, event_folder: &str) -> Vec<Attachment> {
    let mut found = Vec::new();
    if !event_folder.is_empty() {
        list(&root.join(event_folder), event_folder, "", 0, &mut found);
    }
    found
}

fn list(dir: &Path, rel: &str, name: &str, depth: usize, found: &mut Vec<Attachment>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        let child_rel = format!("{rel}/{file_name}");
        let child_name = if name.is_empty() { file_name.clone() } else { format!("{name}/{file_name}") };
        if kind.is_dir() && depth < MAX_DEPTH {
            list(&entry.path(), &child_rel, &child_name, depth + 1, found);
        } else if kind.is_file() && !is_note(&file_name) {
            let size = entry.metadata().map_or(0, |m| m.len());
            found.push(Attachment { rel: child_rel, name: child_name, size });
        }
    }
}

/// What the folder walk reads as notes (Markdown) is no attachment.
fn is_note(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// `812 B`, `3.4 KB`, `12 MB`: a size short enough for a list row.
pub fn human_size(bytes: u64) -> String {
    match crate::text::size_in_units(bytes, 1024) {
        None => format!("{bytes} B"),
        Some((value, unit)) if value < 10.0 => format!("{value:.1} {unit}"),
        Some((value, unit)) => format!("{value:.0} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_non_notes_of_the_event_folder_with_sizes_and_skips_notes_and_dot_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let event = dir.path().join("conf-2021");
        fs::create_dir_all(event.join("slides")).expect("mkdir");
        fs::write(event.join("talk.md"), "# Talk\n").expect("write");
        fs::write(event.join("EVENT.MARKDOWN"), "x").expect("write");
        fs::write(event.join("board.png"), [0u8; 10]).expect("write");
        fs::write(event.join("scribbles"), "plain text").expect("write");
        fs::write(event.join(".DS_Store"), "x").expect("write");
        fs::write(event.join("slides/deck.pdf"), [0u8; 2048]).expect("write");
        let names: Vec<(String, String, u64)> =
            attachments(dir.path(), "conf-2021").into_iter().map(|a| (a.rel, a.name, a.size)).collect();
        assert_eq!(
            names,
            vec![
                ("conf-2021/board.png".into(), "board.png".into(), 10),
                ("conf-2021/scribbles".into(), "scribbles".into(), 10),
                ("conf-2021/slides/deck.pdf".into(), "slides/deck.pdf".into(), 2048),
            ]
        );
    }

    #[test]
    fn a_one_file_event_or_the_root_has_no_attachments() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("conf-2020.md"), "# Conf\n").expect("write");
        fs::write(dir.path().join("logo.png"), "x").expect("write");
        assert!(attachments(dir.path(), "conf-2020.md").is_empty());
        assert!(attachments(dir.path(), "").is_empty());
    }

    #[test]
    fn sizes_read_short() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(3 * 1024 + 400), "3.4 KB");
        assert_eq!(human_size(12 * 1024 * 1024), "12 MB");
    }
}
