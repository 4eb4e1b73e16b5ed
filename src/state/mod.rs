//! Read state and bookmarks: the model (pure, mergeable) and its file.

mod model;
mod store;

pub use model::{
    bookmark_key, content_hash, content_hash_number, content_hash_numbers, format_content_hash, Bookmark, NoteState,
    Progress, Sessions, Stamp, State, View, FORMAT_VERSION,
};
pub use store::{format_day, now, Loaded, SaveError, Store, StoreError, Version};
