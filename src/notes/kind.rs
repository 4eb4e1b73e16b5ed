//! A note's kind (`talk`, `keynote`): a few words shared by thousands of
//! notes, each held once.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex};

/// The front matter's `kind:` (or a section's, from its title), shared:
/// every note of one kind points at the same text. A string of its own per
/// note took 32 bytes of heap and 24 in the note (about 5 MiB at 100,000
/// notes, all of one or two words).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Kind(Arc<str>);

/// Every kind made so far. Kinds are few (a collection writes a handful), and
/// one never dropped costs its few bytes: it stays for the next note of its
/// kind, after a reload too.
static KINDS: LazyLock<Mutex<HashSet<Arc<str>>>> = LazyLock::new(Mutex::default);

impl Kind {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Kind {
    fn from(kind: &str) -> Self {
        // A poisoned lock only means a panic elsewhere while it was held:
        // the set is still whole (an insert either happened or did not).
        let mut kinds = KINDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(shared) = kinds.get(kind) {
            return Self(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(kind);
        kinds.insert(Arc::clone(&shared));
        Self(shared)
    }
}

impl Deref for Kind {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let kind = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::from(&*kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_of_one_kind_share_its_text() {
        let (a, b, other) = (Kind::from("talk"), Kind::from("talk"), Kind::from("keynote"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!((a.as_str(), &*other, format!("{b:?}")), ("talk", "keynote", "\"talk\"".to_string()));
        assert_ne!(a, other);
    }
}
