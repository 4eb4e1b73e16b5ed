//! Reading a collection of conference notes: events, notes, front matter,
//! dates, links and the saved index. Knows nothing of the UI or the
//! terminal; what relates notes to each other lives in [`crate::relate`].

mod around;
mod assemble;
pub mod attachments;
pub mod blocks;
mod body;
mod bundled;
pub mod cache;
pub(crate) mod checked_file;
pub mod date;
pub(crate) mod enumeration;
pub(crate) mod flat;
pub mod frontmatter;
pub mod heading;
mod kind;
pub mod links;
mod load;
pub mod look;
mod model;
mod naming;
pub mod opening;
pub(crate) mod parallel;
pub mod person;
mod place;
mod quick_fields;
pub mod refresh;
mod roles;
mod same_titles;
pub mod sections;
mod series;
mod shape;
mod source;
pub mod speaker;
mod talk_file;
pub(crate) use source::decode;
mod walk;

pub use crate::relate::topics::{Topic, Vocabulary};
pub use around::{collection_around, is_collection};
pub use assemble::SeeEvent;
pub use body::{Body, BodyError};
pub use date::{find_date, PartialDate};
pub use kind::Kind;
pub use links::{doc_link_name, is_note_link, note_links, resolve_doc_link, resolve_link};
pub use load::{
    bundled_file, list_folder, load_bundled, load_folder, load_folder_lean, load_folder_stamped, stamp_folder, Listing,
};
pub use model::{Collection, Event, Note, NoteExtras, NoteId, Origin};
pub use opening::{link_opening, LinkOpening};
pub use walk::{passed_over, FileStamp, LoadError, Unnamed, MAX_DEPTH};
