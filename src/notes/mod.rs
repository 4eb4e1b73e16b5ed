//! Reading a collection of conference notes: events, notes, front matter,
//! topics. Knows nothing of the UI or the terminal.

mod around;
mod assemble;
mod bundled;
pub mod cache;
pub mod date;
pub mod frontmatter;
mod infer;
pub mod links;
mod load;
mod model;
pub mod opening;
mod parallel;
pub mod reason;
pub mod related;
pub mod sections;
mod series;
mod shape;
mod similar;
mod source;
pub(crate) use source::decode;
pub mod topics;
mod walk;
mod words;

pub use around::{collection_around, is_collection};
pub use date::{find_date, PartialDate};
pub use links::{is_note_link, note_links, resolve_link};
pub use load::{bundled_file, list_folder, load_bundled, load_folder, load_folder_stamped, stamp_folder, Listing};
pub use model::{Collection, Event, Note, NoteId, Origin};
pub use opening::{link_opening, LinkOpening};
pub use reason::Reason;
pub use related::{Direction, Jump, RelatedIndex, Relation, TopicSummary};
pub use topics::{Topic, Vocabulary};
pub use walk::{FileStamp, LoadError};
