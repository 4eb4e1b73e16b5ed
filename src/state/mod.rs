//! Read state and bookmarks: the model (pure, mergeable) and its file.

mod first_seen;
mod model;
mod store;

pub use first_seen::FirstSeen;
pub use model::{
    bookmark_key, content_hash, content_hash_number, content_hash_numbers, format_content_hash, Bookmark, NoteState,
    Progress, Sessions, Stamp, State, View, FORMAT_VERSION,
};
pub use store::{format_day, now, Loaded, SaveError, Store, StoreError, Version};
