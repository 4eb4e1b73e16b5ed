//! Reading a collection of conference notes: events, notes, front matter,
//! topics. Knows nothing of the UI or the terminal.

mod bundled;
pub mod date;
pub mod frontmatter;
mod load;
mod model;
pub mod topics;

pub use date::PartialDate;
pub use load::{load_bundled, load_folder, LoadError};
pub use model::{Collection, Event, Note, NoteId, Origin};
pub use topics::{Topic, Vocabulary};
