//! What each heading of a file of talks is, once the talks' level is
//! known: a talk, a group of talks, a section about the event, the file's
//! title, or a part of a talk. Levels decide first; then two things owners
//! write are read as they meant them:
//!
//! - a **session**: a talk-level heading that reads like a group (`C.
//!   Vendor Session`, `Lightning talks`), has no text of its own, and
//!   has two or more finer headings under it (or one numbered `1.`), which
//!   are its talks;
//! - a **level slip** in numbered talks: a heading numbered right after
//!   the talk before it (`### B.` after `## A.`, `## D.` after `### C.`)
//!   is the next talk, whatever its level.

use super::enumeration::{follows, mostly_enumerated, split_enumeration};
use super::sections::{is_event_matter, is_group_title, Heading, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The single coarser heading before the talks: the event's name.
    Title,
    /// A talk; `slipped` when its level is coarser than the talks' (it
    /// does not close the groups it sits in).
    Talk { slipped: bool },
    /// Days, tracks, sessions: the talks under it are its.
    Group,
    /// A section about the event as a whole (`Things to Look Up`): overview.
    Matter,
    /// A part of the talk (or group) before it.
    Part,
}

/// The role of each of `heads`, the talks being at `level`; `title` is the
/// index of the file's title heading, if any.
pub fn roles(heads: &[Heading], level: Level, title: Option<usize>) -> Vec<Role> {
    let mut roles: Vec<Role> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| match h.level {
            _ if Some(i) == title => Role::Title,
            l if l <= level && is_event_matter(&h.text) => Role::Matter,
            l if l == level => Role::Talk { slipped: false },
            l if l < level => Role::Group,
            _ => Role::Part,
        })
        .collect();
    mark_sessions(heads, level, &mut roles);
    mark_slips(heads, &mut roles);
    roles
}

/// Talk-level headings that are sessions: they read like a group, have no
/// text of their own and hold two or more finer headings of one level (or
/// a numbered one), which become the talks.
fn mark_sessions(heads: &[Heading], level: Level, roles: &mut [Role]) {
    for i in 0..heads.len() {
        if roles[i] != (Role::Talk { slipped: false }) || heads[i].has_text || !is_group_title(&heads[i].text) {
            continue;
        }
        let under: Vec<usize> = (i + 1..heads.len()).take_while(|&j| heads[j].level > level).collect();
        let Some(finest) = under.iter().map(|&j| heads[j].level).min() else {
            continue;
        };
        let talks: Vec<usize> = under.into_iter().filter(|&j| heads[j].level == finest).collect();
        // One talk will do when it is numbered as talks in a list are.
        let numbered = |j: usize| split_enumeration(&heads[j].text).is_some();
        if talks.len() >= 2 || (talks.len() == 1 && numbered(talks[0])) {
            roles[i] = Role::Group;
            for j in talks {
                roles[j] = Role::Talk { slipped: false };
            }
        }
    }
}

/// Headings whose level slipped in a file of numbered talks: numbered
/// right after the talk before them, either the first heading inside that
/// talk or (coarser) not reading like a group, on a level that is not
/// numbered throughout itself.
fn mark_slips(heads: &[Heading], roles: &mut [Role]) {
    let talks = heads.iter().zip(roles.iter()).filter(|(_, r)| matches!(r, Role::Talk { .. }));
    if !mostly_enumerated(talks.map(|(h, _)| h.text.as_str())) {
        return;
    }
    let mut last_talk: Option<usize> = None;
    for j in 0..heads.len() {
        let head = &heads[j];
        let after = |t: usize| follows(&heads[t].text, &head.text);
        match (roles[j], last_talk) {
            (Role::Talk { .. }, _) => last_talk = Some(j),
            // The first heading inside the talk, or the next of a run of slipped ones.
            (Role::Part, Some(t)) if after(t) && (j == t + 1 || heads[t].level == head.level) => {
                roles[j] = Role::Talk { slipped: false };
                last_talk = Some(j);
            }
            (Role::Group, Some(t)) if after(t) && !is_group_title(&head.text) && !level_numbered(heads, head.level) => {
                roles[j] = Role::Talk { slipped: true };
                last_talk = Some(j);
            }
            (Role::Group, _) => last_talk = None,
            _ => {}
        }
    }
}

/// Whether the headings of `level` are numbered throughout: then they
/// number something of their own (sessions), not slipped talks.
fn level_numbered(heads: &[Heading], level: Level) -> bool {
    mostly_enumerated(heads.iter().filter(|h| h.level == level).map(|h| h.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::sections::headings;

    fn talks(text: &str, level: Level) -> Vec<String> {
        let heads = headings(text);
        let roles = roles(&heads, level, None);
        heads.iter().zip(roles).filter(|(_, r)| matches!(r, Role::Talk { .. })).map(|(h, _)| h.text.clone()).collect()
    }

    #[test]
    fn a_numbered_talk_whose_level_slipped_is_still_a_talk() {
        let finer =
            "# Day 1\n## A. Opening\nx\n### B. Widgets\nx\n### C. Gadgets\nx\n#### Notes\ny\n# Day 2\n## A. Close\n";
        assert_eq!(talks(finer, 2), ["A. Opening", "B. Widgets", "C. Gadgets", "A. Close"]);
        let coarser = "## Day 1\n### A. One\nx\n### B. Two\nx\n## C. Three\nx\n### D. Four\nx\n## Day 2\n### A. Five\n";
        let heads = headings(coarser);
        let roles = roles(&heads, 3, None);
        assert_eq!(roles[3], Role::Talk { slipped: true });
        assert_eq!(roles[5], Role::Group, "a day heading stays a group");
    }

    #[test]
    fn numbered_parts_of_a_talk_stay_parts() {
        // `2. Method` follows `1. Talk` in number, but it is not the first heading inside it.
        let text = "## 1. Talk\nx\n### 1. Background\nx\n### 2. Method\nx\n## 2. Other talk\nx\n";
        assert_eq!(talks(text, 2), ["1. Talk", "2. Other talk"]);
        // Unnumbered talks never slip.
        let text = "## Talk one\nx\n### B. Part\nx\n## Talk two\nx\n";
        assert_eq!(talks(text, 2), ["Talk one", "Talk two"]);
        // A level numbered throughout is a level of its own (sessions), not a slip.
        let text = "## A. Morning\n### 1. One\nx\n### 2. Two\nx\n## B. Noon\n### 3. Three\nx\n";
        assert_eq!(talks(text, 3), ["1. One", "2. Two", "3. Three"]);
    }

    #[test]
    fn a_session_without_text_holds_the_talks_under_it() {
        let text = "## A. Welcome\nhi\n## B. Keynote\n## C. Vendor session\n### 1. One\nx\n### 2. Two\nx\n## D. Closing\nbye\n";
        assert_eq!(talks(text, 2), ["A. Welcome", "B. Keynote", "1. One", "2. Two", "D. Closing"]);
        // A session with text of its own is a talk with parts.
        let text = "## A. Welcome\nhi\n## B. Vendor session\nwelcome\n### 1. One\nx\n### 2. Two\nx\n";
        assert_eq!(talks(text, 2), ["A. Welcome", "B. Vendor session"]);
        // A session of one numbered talk; an unnumbered heading under a session is a part.
        let text = "## A. Welcome\nhi\n## B. Session 3\n### 1. One\nx\n## C. Lightning talks\n### Notes\nx\n";
        assert_eq!(talks(text, 2), ["A. Welcome", "1. One", "C. Lightning talks"]);
        // So is a heading that does not read like a group.
        let text = "## A. Welcome\nhi\n## B. Widgets\n### 1. One\nx\n### 2. Two\nx\n";
        assert_eq!(talks(text, 2), ["A. Welcome", "B. Widgets"]);
    }

    #[test]
    fn event_matter_at_any_level_above_the_talks_is_the_events() {
        let text = "# Conf\n## A. One\nx\n## B. Two\nx\n# Things to Look Up\n- x\n";
        let heads = headings(text);
        assert_eq!(roles(&heads, 2, Some(0))[3], Role::Matter);
    }
}
