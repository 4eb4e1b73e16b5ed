//! Relating notes to each other, with no UI knowledge: topics (written,
//! matched from the vocabulary, or found in the text), text similarity,
//! `related:` entries, links and speakers, and the jumps across years
//! built on them.

pub(crate) mod infer;
pub mod reason;
pub mod related;
mod similar;
mod surface;
pub mod topics;
mod word_reader;
pub(crate) mod words;

pub use reason::Reason;
pub use related::{note_links_in, Direction, Jump, RelatedIndex, Relation, TopicSummary};
pub use similar::{untagged, LinesSeen};
pub use topics::{Topic, Vocabulary};

/// A map saved with its keys in order, not in its hashing's (which differs
/// from run to run): the saved indexes of one collection are the same bytes
/// every time. Read back as any map.
pub(crate) fn sorted_map<K, V, H, S>(map: &std::collections::HashMap<K, V, H>, s: S) -> Result<S::Ok, S::Error>
where
    K: Ord + serde::Serialize,
    V: serde::Serialize,
    S: serde::Serializer,
{
    s.collect_map(map.iter().collect::<std::collections::BTreeMap<_, _>>())
}
