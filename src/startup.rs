//! Reading what the app starts from: the config file, the keymap, the notes
//! and the saved state. Problems that can wait are returned as diagnostics
//! for the UI; only what makes starting impossible is an error.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::capped_read::{self, ReadError};
use crate::config::{ConfigFile, Paths, ThemeName};
use crate::diagnostic::Diagnostic;
use crate::keymap::Keymap;
use crate::notes::{self, Collection};
use crate::state::{Loaded, State, Store, Version};
use crate::theme::Theme;

pub fn load_collection(path: Option<&Path>) -> Result<Collection> {
    match path {
        Some(path) => notes::load_folder(path).with_context(|| format!("loading notes from {}", path.display())),
        None => Ok(notes::load_bundled()),
    }
}

/// The folder a printing command reads: PATH, else the collection the
/// current folder is in (or `file`'s folder, when the command names a file),
/// found by [`notes::collection_around`]; `None` for the bundled notes.
pub fn command_notes(path: Option<&Path>, file: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = path {
        return Some(path.to_path_buf());
    }
    let start = match file.and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::env::current_dir().ok()?,
    };
    notes::collection_around(&start)
}

/// `file`'s note id in the collection at `root`: its path from the root,
/// `/`-separated; `None` when it is not inside.
pub fn note_id_of_file(root: &Path, file: &Path) -> Option<String> {
    let file = std::fs::canonicalize(file).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// The notes the app opens first, and what remains to do once they are on screen.
pub struct OpenedNotes {
    pub collection: Collection,
    pub then: AfterFirstFrame,
}

/// Work on the notes the runtime starts once the first frame is up.
pub enum AfterFirstFrame {
    Nothing,
    /// Save the index of the notes as read, for the next start.
    SaveIndex(IndexToSave),
    /// The collection is a first look: read every file, then save the
    /// index at `index` (when there is a data directory); and save the
    /// first look for the next start, when it was not saved already.
    ReadAll {
        listing: Listed,
        index: Option<PathBuf>,
        look: Option<LookToSave>,
    },
}

/// The folder behind a first look: listed already, or still to list (the
/// first look was a saved one, and the folder has not been walked).
pub enum Listed {
    Done(notes::Listing),
    Later(PathBuf),
}

/// A first look made from the files, to save for the next start ([`notes::look`]).
pub struct LookToSave {
    pub path: PathBuf,
    pub root: PathBuf,
    pub newest_first: bool,
    pub stamps: notes::look::LookStamps,
}

impl LookToSave {
    /// Saves `look`, the first look this was made with. Losing it loses
    /// only time at the next start.
    pub fn save(self, look: &notes::Collection) {
        if let Err(e) = notes::look::save(&self.path, &self.root, self.newest_first, self.stamps, look) {
            crate::log::write(&format!("could not save the first look {}: {e}", self.path.display()));
        }
    }
}

/// A saved index's place and key: where it goes, the folder, and its files' stamps.
pub struct IndexToSave {
    pub path: PathBuf,
    pub root: PathBuf,
    /// Laid flat as the index saves them, from the moment the files are
    /// read: a `FileStamp` a file (a path of its own) held until the save
    /// took 9 MiB more at 100,000 notes, at the peak of a start's memory.
    pub stamps: notes::cache::SavedStamps,
}

impl IndexToSave {
    /// The index to save for `stamps`, when there is a place for it and the
    /// folder is large enough to gain from one (and has less than 4 GB of paths).
    pub fn worth_it(path: Option<PathBuf>, root: &Path, stamps: Vec<notes::FileStamp>) -> Option<Self> {
        let path = path.filter(|_| stamps.len() >= notes::cache::WORTH_SAVING_FROM)?;
        let stamps = notes::cache::SavedStamps::new(&stamps)?;
        Some(Self { path, root: root.to_path_buf(), stamps })
    }
}

/// Folders with at least this many files open with a first look
/// ([`notes::Listing::first_look`]) and are read in full after the first frame.
pub const FIRST_LOOK_FROM: usize = 200;

/// The notes at `path` (the bundled ones without). A large folder opens
/// with a first look, and the whole collection follows from its saved index
/// at `index` (when it still matches every file) or by reading every file,
/// after the first frame; a small one is read at once.
///
/// Showing the saved index itself first was measured slower: decoding the
/// whole collection costs more than reading the one event shown first. The
/// first look saved at the last start ([`notes::look`]) costs less than
/// either, when nothing it shows has changed since: the folder is then
/// walked after the first frame, not before.
pub fn open_notes(path: Option<&Path>, index: Option<PathBuf>, newest_first: bool) -> Result<OpenedNotes> {
    let Some(root) = path else {
        return Ok(OpenedNotes { collection: notes::load_bundled(), then: AfterFirstFrame::Nothing });
    };
    let look_path = index.as_deref().map(notes::look::path_beside);
    if let Some(collection) = look_path.as_deref().and_then(|look| notes::look::load(look, root, newest_first)) {
        let then = AfterFirstFrame::ReadAll { listing: Listed::Later(root.to_path_buf()), index, look: None };
        return Ok(OpenedNotes { collection, then });
    }
    let context = || format!("loading notes from {}", root.display());
    let listing = notes::list_folder(root).with_context(context)?;
    if listing.file_count() >= FIRST_LOOK_FROM {
        let (collection, stamps) = listing.first_look_stamped(newest_first);
        let look = look_path.zip(stamps).map(|(path, stamps)| LookToSave {
            path,
            root: root.to_path_buf(),
            newest_first,
            stamps,
        });
        return Ok(OpenedNotes {
            collection,
            then: AfterFirstFrame::ReadAll { listing: Listed::Done(listing), index, look },
        });
    }
    let (collection, stamps) = listing.load(&std::sync::atomic::AtomicUsize::new(0));
    let then = IndexToSave::worth_it(index, root, stamps).map_or(AfterFirstFrame::Nothing, AfterFirstFrame::SaveIndex);
    Ok(OpenedNotes { collection, then })
}

/// The settings from config.toml and their problems; a missing default file means defaults.
pub fn load_config(paths: &Paths, flag: Option<PathBuf>) -> Result<(ConfigFile, Vec<Diagnostic>)> {
    let explicit = flag.is_some();
    let Some(file) = paths.config_file(flag) else { return Ok((ConfigFile::default(), Vec::new())) };
    let (mut config, mut problems) = match read_settings_file(&file, explicit, "config")? {
        SettingsText::Text(text) => ConfigFile::parse(&text, &file.display().to_string()),
        SettingsText::Missing => (ConfigFile::default(), Vec::new()),
        SettingsText::Unusable(problem) => (ConfigFile::default(), vec![problem]),
    };
    // A folder that is gone (moved, an unplugged disk) should not stop the
    // app: the bundled notes open, and the problems view says why.
    if let Some(folder) = config.notes.as_ref().filter(|folder| !folder.is_dir()) {
        let what = if folder.exists() { "is not a folder" } else { "does not exist" };
        let message = format!("`notes`: {} {what}; the bundled notes are shown instead", folder.display());
        problems.push(Diagnostic::new(file.display().to_string(), config.notes_at, message));
        config.notes = None;
    }
    Ok((config, problems))
}

/// What reading config.toml or keymap.toml found.
enum SettingsText {
    Text(String),
    /// The default file is not there: defaults, and nothing to say.
    Missing,
    /// Not a file to read settings from (too large, a FIFO, not UTF-8):
    /// the defaults apply, and the problems view says why.
    Unusable(Diagnostic),
}

/// Reads a settings file with [`capped_read`]'s checks. A file named on the
/// command line that cannot be opened stops start-up, as before the UI the
/// user can read why; one that opens but cannot be used is a problem to show.
fn read_settings_file(file: &Path, explicit: bool, what: &str) -> Result<SettingsText> {
    match capped_read::read_text(file, capped_read::CONFIG_LIMIT) {
        Ok(text) => Ok(SettingsText::Text(text)),
        Err(e) if e.is_not_found() && !explicit => Ok(SettingsText::Missing),
        Err(ReadError::Io(e)) => Err(e).with_context(|| format!("reading {what} {}", file.display())),
        Err(e) => {
            let message = format!("{what} file not read: {e}; the defaults apply");
            Ok(SettingsText::Unusable(Diagnostic::new(file.display().to_string(), None, message)))
        }
    }
}

/// The theme config.toml asks for, with its colours, and no colour at all under `NO_COLOR`.
pub fn theme_for(config: &ConfigFile) -> Theme {
    let theme = match config.theme {
        ThemeName::Dark => Theme::dark(),
        ThemeName::Light => Theme::light(),
    }
    .with_colors(&config.colors);
    // https://no-color.org: any non-empty value.
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme.without_color()
    } else {
        theme
    }
}

/// The effective keymap and its problems. A missing default file is normal;
/// a missing `--keymap` file is an error the user should see before the UI.
pub fn load_keymap(paths: &Paths, flag: Option<PathBuf>) -> Result<(Keymap, Vec<Diagnostic>)> {
    let explicit = flag.is_some();
    let Some(file) = paths.keymap_file(flag) else {
        return Ok(Keymap::defaults());
    };
    Ok(match read_settings_file(&file, explicit, "keymap")? {
        SettingsText::Text(text) => Keymap::with_user_file(&text, &file.display().to_string()),
        SettingsText::Missing => Keymap::defaults(),
        SettingsText::Unusable(problem) => {
            let (keymap, mut problems) = Keymap::defaults();
            problems.push(problem);
            (keymap, problems)
        }
    })
}

/// The saved state, or empty state and a problem to show when there is
/// none to be had; and the version of the file it was read from, for the
/// first save ([`Store::save_over`]).
pub fn load_state(store: Option<&Store>) -> (State, Option<Diagnostic>, Option<Version>) {
    let Some(store) = store else {
        let empty = State::new("");
        let message = "no data directory: read marks and bookmarks will not be saved (use --data-dir)";
        return (empty, Some(Diagnostic::new("confnotes", None, message)), None);
    };
    let file = store.path.display().to_string();
    match store.load_version() {
        Ok((Loaded::MovedAside { state, moved_to, reason }, _)) => {
            let message = format!("could not read the state file ({reason}); moved it to {}", moved_to.display());
            (state, Some(Diagnostic::new(file, None, message)), None)
        }
        Ok((loaded, version)) => (loaded.into_state(), None, version),
        Err(e) => {
            let message = format!("cannot read read state and bookmarks: {e}; starting empty, nothing is overwritten");
            (store.empty_state(), Some(Diagnostic::new(file, None, message)), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notes_folder_that_is_not_there_is_a_problem_at_its_line_and_the_bundled_notes_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("config.toml");
        let gone = dir.path().join("gone");
        std::fs::write(&file, format!("theme = \"light\"\n\nnotes = \"{}\"\n", gone.display())).expect("write");
        let paths = Paths { data_dir: None, config_dir: Some(dir.path().to_path_buf()) };
        let (config, problems) = load_config(&paths, None).expect("not an error that stops start-up");
        assert_eq!((config.notes, config.theme), (None, ThemeName::Light));
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let expected = format!(
            "{}:3:1: `notes`: {} does not exist; the bundled notes are shown instead",
            file.display(),
            gone.display()
        );
        assert_eq!(shown, [expected]);
    }

    #[test]
    fn a_huge_config_file_is_refused_with_a_message_and_the_defaults_apply() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("config.toml");
        let line = "# a comment line, many times over: no real config is this long\n";
        std::fs::write(&file, line.repeat(capped_read::CONFIG_LIMIT as usize / line.len() + 1)).expect("write");
        let paths = Paths { data_dir: None, config_dir: Some(dir.path().to_path_buf()) };
        let (config, problems) = load_config(&paths, None).expect("not an error that stops start-up");
        assert_eq!(config, ConfigFile::default());
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].contains("config.toml: config file not read: too large to be read (1.0 MB"), "{shown:?}");
    }
}
