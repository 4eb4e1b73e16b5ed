//! Command-line flags and the places confnotes reads and writes: the data
//! directory (from `directories`, or `--data-dir`) and the config directory.

mod file;
pub mod searches;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use file::{parse_color, ConfigFile, ThemeName, COLOR_KEYS, DEFAULT_TALKS_WIDTH, DEFAULT_TIMELINE_WIDTH};
pub use searches::{load_searches, write_searches, SearchesFile, SearchesWriteError};

#[derive(Debug, Clone, Parser)]
#[command(name = "confnotes", version, about = "A terminal reader for conference notes", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// A folder of notes (one folder per event). Without it, the bundled collection opens.
    pub path: Option<PathBuf>,

    /// Where read state and bookmarks are kept (default: the platform's data directory).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// A keymap file to merge over the defaults (default: keymap.toml in the config directory).
    #[arg(long, value_name = "FILE", global = true)]
    pub keymap: Option<PathBuf>,

    /// The config file (default: config.toml in the config directory).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// The saved searches file, read at start and written when you save one (default: searches.toml in the config directory).
    #[arg(long, value_name = "FILE", global = true)]
    pub searches: Option<PathBuf>,

    /// When a note counts as read: when opened in the note pane, or when scrolled to its end.
    #[arg(long, value_enum, value_name = "WHEN", global = true)]
    pub mark_read: Option<MarkReadFlag>,

    /// Draw one frame, then exit: for start-up timing.
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    /// Exit once the search indexes are built: for measuring memory with everything loaded.
    #[arg(long, hide = true)]
    pub exit_when_indexed: bool,

    /// Panic after the first frame: for testing that the terminal is restored.
    #[arg(long, hide = true)]
    pub panic_after_first_frame: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MarkReadFlag {
    OnOpen,
    AtEnd,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Print the effective keymap: the defaults merged with your keymap.toml.
    Keys {
        /// Check this keymap file instead: print its problems as file:line:col, exit 1 on errors.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
    },
    /// Print your bookmarks (Markdown list), as JSON, or as a Markdown trip report.
    Bookmarks {
        /// The notes folder whose bookmarks to print (default: the collection the current folder is in, else the bundled notes).
        path: Option<PathBuf>,
        /// JSON for scripts.
        #[arg(long, conflicts_with = "digest")]
        json: bool,
        /// A Markdown trip report: bookmarked notes with annotations and sections, by event.
        #[arg(long)]
        digest: bool,
        /// Only this event (folder, name or city) in the digest.
        #[arg(long, value_name = "EVENT", requires = "digest")]
        event: Option<String>,
        /// Only notes on this topic in the digest.
        #[arg(long, value_name = "TOPIC", requires = "digest")]
        topic: Option<String>,
        /// Only this year in the digest.
        #[arg(long, value_name = "YEAR", requires = "digest")]
        year: Option<i32>,
    },
    /// Render one Markdown note to stdout: styled on a terminal, plain text otherwise.
    Render {
        /// The Markdown note to print (its front matter as a header card, not as YAML).
        file: PathBuf,
        /// Wrap to this many columns, 8 to 1000 (default: the terminal's width, else 80).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(8..=1000))]
        width: Option<u64>,
        /// Plain text even on a terminal (also when NO_COLOR is set).
        #[arg(long, conflicts_with = "ansi")]
        plain: bool,
        /// Styled (SGR) even when not printing to a terminal, as for a pager that reads colours.
        #[arg(long)]
        ansi: bool,
        /// Tables at their natural width instead of wrapped to fit.
        #[arg(long)]
        wide_tables: bool,
        /// Long code lines whole instead of wrapped with a `↪` marker.
        #[arg(long)]
        wide_code: bool,
        /// Line breaks inside paragraphs kept, as GitHub comments show them.
        #[arg(long)]
        line_breaks: bool,
    },
    /// Search the text of every note: matching lines with their file line numbers.
    Search {
        /// Words to find, in any order, on one line (case and accents do not matter).
        #[arg(value_parser = words_to_find)]
        query: String,
        /// The notes folder (default: the collection the current folder is in, else the bundled notes).
        path: Option<PathBuf>,
        /// JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Check a collection: every problem as file:line:col, exit status 1 if any.
    Check {
        /// The notes folder (default: the collection the current folder is in, else the bundled notes).
        path: Option<PathBuf>,
        /// JSON for editors.
        #[arg(long)]
        json: bool,
    },
    /// List events and notes with their read and bookmark state.
    List {
        /// The notes folder (default: the collection the current folder is in, else the bundled notes).
        path: Option<PathBuf>,
        /// JSON for scripts: events, years, series and notes as confnotes understood them.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script: `confnotes completions bash > ~/.local/share/bash-completion/completions/confnotes`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the notes related to one note, grouped by year.
    Related {
        /// The note: its path (2019-barcelona/observability.md) or part of its title.
        note: String,
        /// The notes folder (default: the collection the current folder is in, else the bundled notes).
        path: Option<PathBuf>,
        /// JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Writes read marks one by one through the real state code, printing each
    /// one saved: for the crash test that kills it mid-write.
    #[command(hide = true)]
    StressState {
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Prefix of the note ids written, so two writers can be told apart.
        #[arg(long, default_value = "note")]
        prefix: String,
    },
}

/// A search query with something to find in it.
fn words_to_find(query: &str) -> Result<String, String> {
    if has_words_to_find(query) {
        Ok(query.to_string())
    } else {
        Err("give at least one word to find".to_string())
    }
}

/// Whether `query` holds a word to search for (a letter or digit): the
/// full-text search skips everything else. Shared by `search` and `s`.
pub fn has_words_to_find(query: &str) -> bool {
    query.chars().any(char::is_alphanumeric)
}

/// The directories confnotes uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
}

impl Paths {
    /// `--data-dir` wins; otherwise the platform's directories (XDG on Linux).
    pub fn resolve(data_dir: Option<PathBuf>) -> Self {
        let project = directories::ProjectDirs::from("", "", "confnotes");
        Self {
            data_dir: data_dir.or_else(|| project.as_ref().map(|p| p.data_dir().to_path_buf())),
            config_dir: project.as_ref().map(|p| p.config_dir().to_path_buf()),
        }
    }

    /// The user's config file: `--config`, else config.toml in the config directory.
    pub fn config_file(&self, flag: Option<PathBuf>) -> Option<PathBuf> {
        flag.or_else(|| self.config_dir.as_ref().map(|d| d.join("config.toml")))
    }

    /// The user's keymap: `--keymap`, else keymap.toml in the config directory.
    pub fn keymap_file(&self, flag: Option<PathBuf>) -> Option<PathBuf> {
        flag.or_else(|| self.config_dir.as_ref().map(|d| d.join("keymap.toml")))
    }

    /// The saved searches: `--searches`, else searches.toml in the config directory.
    pub fn searches_file(&self, flag: Option<PathBuf>) -> Option<PathBuf> {
        flag.or_else(|| self.config_dir.as_ref().map(|d| d.join("searches.toml")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_flag_wins() {
        let paths = Paths::resolve(Some(PathBuf::from("/tmp/x")));
        assert_eq!(paths.data_dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn keymap_flag_wins_over_config_dir() {
        let paths = Paths { data_dir: None, config_dir: Some(PathBuf::from("/cfg")) };
        assert_eq!(paths.keymap_file(None), Some(PathBuf::from("/cfg/keymap.toml")));
        assert_eq!(paths.keymap_file(Some(PathBuf::from("k.toml"))), Some(PathBuf::from("k.toml")));
        assert_eq!(paths.searches_file(None), Some(PathBuf::from("/cfg/searches.toml")));
        assert_eq!(paths.searches_file(Some(PathBuf::from("s.toml"))), Some(PathBuf::from("s.toml")));
    }

    #[test]
    fn keys_is_a_subcommand_not_a_path() {
        let cli = Cli::try_parse_from(["confnotes", "keys", "--check", "k.toml"]).expect("valid");
        assert!(matches!(cli.command, Some(Command::Keys { check: Some(_) })));
        assert_eq!(cli.path, None);
    }

    #[test]
    fn cli_parses_path_and_flags() {
        let cli = Cli::try_parse_from(["confnotes", "notes", "--data-dir", "d"]).expect("valid");
        assert_eq!(cli.path, Some(PathBuf::from("notes")));
        assert_eq!(cli.data_dir, Some(PathBuf::from("d")));
    }
}
