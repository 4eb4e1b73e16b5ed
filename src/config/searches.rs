//! searches.toml in the config directory: the saved searches, read at start
//! and changed one search at a time by the runtime on the app's behalf. The
//! parsing and the text edits are pure (`search::saved`); this module is the
//! file I/O around them, written atomically like the state file.

use std::fs;
use std::path::PathBuf;

use super::Paths;
use crate::capped_read::{read_text, CONFIG_LIMIT};
use crate::diagnostic::Diagnostic;
use crate::notes::Vocabulary;
use crate::search::saved::{self, SavedSearch, SavedWrite};
use crate::search::Query;

/// The saved searches as read at start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchesFile {
    /// Where searches are read from and saved to; `None` without a config directory.
    pub path: Option<PathBuf>,
    pub searches: Vec<SavedSearch>,
    pub problems: Vec<Diagnostic>,
}

/// Reads the saved searches: `--searches FILE`, else searches.toml in the
/// config directory. A missing file is no problem, even a named one: it is
/// made when the first search is saved. Anything else wrong is a diagnostic
/// for the problems view, never an error that stops the app.
pub fn load_searches(paths: &Paths, flag: Option<PathBuf>) -> SearchesFile {
    let Some(path) = paths.searches_file(flag) else { return SearchesFile::default() };
    let file = path.display().to_string();
    match read_text(&path, CONFIG_LIMIT) {
        Ok(text) => {
            let (searches, problems) = parse(&text, &file);
            SearchesFile { path: Some(path), searches, problems }
        }
        Err(e) if e.is_not_found() => SearchesFile { path: Some(path), ..SearchesFile::default() },
        Err(e) => {
            let problem = Diagnostic::new(file, None, format!("cannot read saved searches: {e}"));
            SearchesFile { path: Some(path), searches: Vec::new(), problems: vec![problem] }
        }
    }
}

/// The searches of a file's `text` and its problems: the file's own, and
/// each query's, placed at the query.
pub fn parse(text: &str, file: &str) -> (Vec<SavedSearch>, Vec<Diagnostic>) {
    let (found, mut problems) = saved::load_with_positions(text, file);
    for (search, at) in &found {
        // Topics resolve to something in any vocabulary, so the empty one finds every problem.
        let (_, query_problems) = Query::parse(&search.query, &Vocabulary::default());
        problems.extend(
            query_problems
                .into_iter()
                .map(|p| Diagnostic::new(file, Some(*at), format!("saved search “{}”: {p}", search.name))),
        );
    }
    (found.into_iter().map(|(search, _)| search).collect(), problems)
}

/// Makes one change to the searches file: reads it as it is now (another
/// window or an editor may have changed it), edits the text, and replaces
/// the file atomically. Returns the searches and problems of the new file,
/// or why nothing was written.
/// Why a change to the saved searches was not written, as it crosses
/// from the loop to the app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchesWriteError {
    #[error("cannot read {file}: {reason}")]
    Unreadable { file: String, reason: String },
    /// The change does not fit the file (say, the search to delete is not in it).
    #[error("{file}: {reason}")]
    Refused { file: String, reason: String },
    #[error("cannot create {folder}: {reason}")]
    NoFolder { folder: String, reason: String },
    #[error("cannot write {file}: {reason}")]
    Unwritable { file: String, reason: String },
}

pub fn write_searches(write: &SavedWrite) -> Result<(Vec<SavedSearch>, Vec<Diagnostic>), SearchesWriteError> {
    let path = &write.path;
    let file = path.display().to_string();
    let text = match read_text(path, CONFIG_LIMIT) {
        Ok(text) => text,
        Err(e) if e.is_not_found() => String::new(),
        Err(e) => return Err(SearchesWriteError::Unreadable { file, reason: e.to_string() }),
    };
    let edited = saved::apply(&text, &write.change)
        .map_err(|e| SearchesWriteError::Refused { file: file.clone(), reason: e.to_string() })?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .map_err(|e| SearchesWriteError::NoFolder { folder: dir.display().to_string(), reason: e.to_string() })?;
    }
    crate::atomic_file::AtomicFile::new(path)
        .write(edited.as_bytes())
        .map_err(|e| SearchesWriteError::Unwritable { file: file.clone(), reason: e.to_string() })?;
    Ok(parse(&edited, &file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SavedChange;

    fn search(name: &str, query: &str) -> SavedSearch {
        SavedSearch { name: name.to_string(), query: query.to_string() }
    }

    #[test]
    fn a_missing_file_is_empty_and_remembers_where_to_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = Paths { data_dir: None, config_dir: Some(dir.path().to_path_buf()) };
        let file = load_searches(&paths, None);
        assert_eq!(file.path, Some(dir.path().join("searches.toml")));
        assert!(file.searches.is_empty() && file.problems.is_empty());
        let none = load_searches(&Paths { data_dir: None, config_dir: None }, None);
        assert_eq!(none, SearchesFile::default());
    }

    #[test]
    fn query_problems_are_reported_at_the_query() {
        let text = "[[search]]\nname = \"Odd\"\nquery = \"year:20x ebpf\"\n";
        let (searches, problems) = parse(text, "searches.toml");
        assert_eq!(searches, [search("Odd", "year:20x ebpf")]);
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(rendered, ["searches.toml:3:9: saved search “Odd”: year:20x is not a year"]);
    }

    #[test]
    fn a_write_that_cannot_make_its_folder_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("config");
        fs::write(&blocker, "a file where the folder should be").expect("write");
        let write =
            SavedWrite { path: blocker.join("searches.toml"), change: SavedChange::Add(search("eBPF", "ebpf")) };
        assert!(matches!(
            write_searches(&write),
            Err(SearchesWriteError::NoFolder { .. } | SearchesWriteError::Unreadable { .. })
        ));
    }

    #[test]
    fn writes_add_and_remove_in_place_and_make_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new-config").join("searches.toml");
        let add = |s: SavedSearch| SavedWrite { path: path.clone(), change: SavedChange::Add(s) };
        let (searches, problems) = write_searches(&add(search("eBPF", "ebpf"))).expect("writes");
        assert_eq!((searches, problems), (vec![search("eBPF", "ebpf")], Vec::new()));
        let text = fs::read_to_string(&path).expect("written");
        fs::write(&path, format!("# mine\n{text}")).expect("edit by hand");
        let (searches, _) = write_searches(&add(search("Unread", "is:unread"))).expect("writes");
        assert_eq!(searches.len(), 2);
        let remove = SavedWrite { path: path.clone(), change: SavedChange::Remove("eBPF".into()) };
        let (searches, _) = write_searches(&remove).expect("writes");
        assert_eq!(searches, [search("Unread", "is:unread")]);
        let text = fs::read_to_string(&path).expect("written");
        assert!(text.starts_with("# mine\n"), "the comment stays: {text}");
        let leftovers: Vec<_> = fs::read_dir(path.parent().expect("folder"))
            .expect("lists")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn a_refused_change_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("searches.toml");
        let broken = "[[search]]\nname = \"a\n";
        fs::write(&path, broken).expect("write");
        let write = SavedWrite { path: path.clone(), change: SavedChange::Add(search("B", "b")) };
        let error = write_searches(&write).expect_err("refused");
        assert!(matches!(error, SearchesWriteError::Refused { .. }), "{error:?}");
        assert!(error.to_string().contains("not valid TOML"), "{error}");
        assert_eq!(fs::read_to_string(&path).expect("still there"), broken);
    }
}
