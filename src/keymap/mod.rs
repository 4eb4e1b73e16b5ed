//! Keys to actions. The default bindings live in `keymap.toml` at the
//! repository root (embedded here); a user's file with the same shape is
//! merged over them. This module is the only code that sees key events.

mod action;
mod key;

use std::collections::BTreeMap;
use std::fmt;

pub use action::Action;
pub use key::{format_seq, parse_chord, parse_seq, Arrival, Key, KeyChord, KeyParseError, KeySeq};

use crate::diagnostic::{position_of, Diagnostic, Position};

/// What a key does in a text field ([`Keymap::field_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Action(Action),
    /// A character to insert.
    Typed(char),
    Unbound,
}

/// The default bindings, the one source of truth for them.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymap.toml");

/// Where a key is pressed. Lookup tries the focused context, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Timeline,
    Talks,
    Note,
    /// Any open overlay (help, warnings): its keys come before the pane's.
    Popup,
    /// A question answered by one key (delete this saved search?).
    Confirm,
    /// A text field (filters, searches, prompts, the finder's query): keys
    /// it does not bind type themselves, and nothing falls back to global.
    Input,
}

impl Context {
    pub const ALL: [Context; 7] = [
        Context::Global,
        Context::Timeline,
        Context::Talks,
        Context::Note,
        Context::Popup,
        Context::Confirm,
        Context::Input,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Timeline => "timeline",
            Context::Talks => "talks",
            Context::Note => "note",
            Context::Popup => "popup",
            Context::Confirm => "confirm",
            Context::Input => "input",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Timeline => "Event timeline",
            Context::Talks => "Talks and topics",
            // See app::other_pane: these act on the shown note from the lists too.
            Context::Note => "Note (view keys: from any pane)",
            Context::Popup => "Views and popups",
            Context::Confirm => "Questions",
            Context::Input => "Text fields",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The bindings of one context: action → its keys, in the order written.
type Bindings = BTreeMap<Action, Vec<KeySeq>>;

/// The effective keymap.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, Bindings>,
}

/// What a key press means, given the keys pressed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys so far start a longer binding: wait for the next key.
    Pending,
    Unbound,
}

/// A keymap file as read, before merging: context → action → keys.
type ParsedFile = BTreeMap<Context, Bindings>;

/// Where each key of a parsed file was written, for messages about it.
type KeyPositions = BTreeMap<(Context, KeySeq), Position>;

/// Ctrl-C quits, or closes the open view, whatever a keymap file says: the
/// key people press when nothing else works must always work.
const INTERRUPT: KeyChord = KeyChord { key: Key::Char('c'), ctrl: true, alt: false, shift: false };

/// The actions [`INTERRUPT`] belongs to, and where.
const INTERRUPT_OWNERS: [(Context, Action); 3] =
    [(Context::Global, Action::Quit), (Context::Popup, Action::Close), (Context::Input, Action::Cancel)];

impl Keymap {
    /// The defaults from keymap.toml. Problems in it are a build defect,
    /// caught by a test; at run time they are returned like any other.
    pub fn defaults() -> (Self, Vec<Diagnostic>) {
        let (parsed, problems) = parse_file(DEFAULT_KEYMAP, "keymap.toml (built in)");
        let mut keymap = Self { contexts: parsed };
        keymap.keep_interrupt();
        (keymap, problems)
    }

    /// The defaults with a user's keymap file merged over them: an action the
    /// user names gets exactly the user's keys that can be used (an empty
    /// list unbinds it; a list none of whose keys can be used keeps the
    /// defaults); a user key taken from another action in the same context
    /// is removed from that action, and reported. Everything else keeps its
    /// default, and ctrl-c still quits.
    pub fn with_user_file(text: &str, file: &str) -> (Self, Vec<Diagnostic>) {
        let (mut keymap, mut problems) = Self::defaults();
        let (user, positions, user_problems) = parse_file_with_positions(text, file, Some(&keymap));
        problems.extend(user_problems);
        for (context, bindings) in user {
            let current = keymap.contexts.entry(context).or_default();
            for (action, keys) in bindings {
                for key in &keys {
                    for (other, other_keys) in current.iter_mut().filter(|(a, _)| **a != action) {
                        // A key equal to, or a prefix of, another's would hide it.
                        while let Some(i) = other_keys.iter().position(|k| k.starts_with(key) || key.starts_with(k)) {
                            let removed = other_keys.remove(i);
                            let left = if other_keys.is_empty() {
                                "now unbound".to_string()
                            } else {
                                format!("keeps {}", list_keys(other_keys))
                            };
                            problems.push(Diagnostic::warning(
                                file,
                                positions.get(&(context, key.clone())).copied(),
                                format!(
                                    "conflict in [{context}]: `{}` of `{other}` now goes to `{action}` ({other} {left})",
                                    format_seq(&removed)
                                ),
                            ));
                        }
                    }
                }
                current.insert(action, keys);
            }
        }
        keymap.keep_interrupt();
        (keymap, problems)
    }

    /// Gives [`INTERRUPT`] back to its owners, should a user's list have left it out.
    fn keep_interrupt(&mut self) {
        for (context, action) in INTERRUPT_OWNERS {
            let keys = self.contexts.entry(context).or_default().entry(action).or_default();
            if !keys.contains(&vec![INTERRUPT]) {
                keys.push(vec![INTERRUPT]);
            }
        }
    }

    /// Resolves the keys pressed so far in `context`, falling back to global bindings.
    pub fn resolve(&self, context: Context, keys: &[KeyChord]) -> Resolution {
        let mut pending = false;
        for ctx in [context, Context::Global] {
            let Some(bindings) = self.contexts.get(&ctx) else { continue };
            for (&action, seqs) in bindings {
                for seq in seqs {
                    if seq.as_slice() == keys {
                        return Resolution::Action(action);
                    }
                    pending |= seq.len() > keys.len() && seq.starts_with(keys);
                }
            }
        }
        if pending {
            Resolution::Pending
        } else {
            Resolution::Unbound
        }
    }

    /// What `chord` does in a text field: an action of the `input` context,
    /// else the character it types, else nothing (the view's keys may have it).
    pub fn field_key(&self, chord: KeyChord) -> FieldKey {
        let bindings = self.contexts.get(&Context::Input);
        let bound = bindings.and_then(|b| b.iter().find(|(_, seqs)| seqs.iter().any(|s| s.as_slice() == [chord])));
        match (bound, chord.typed_char()) {
            (Some((&action, _)), _) => FieldKey::Action(action),
            (None, Some(c)) => FieldKey::Typed(c),
            (None, None) => FieldKey::Unbound,
        }
    }

    /// The keys bound to `action` in `context` itself.
    pub fn keys_in(&self, context: Context, action: Action) -> &[KeySeq] {
        self.contexts.get(&context).and_then(|b| b.get(&action)).map_or(&[], Vec::as_slice)
    }

    /// The keys that reach `action` from `context`: its own, else the global ones.
    pub fn keys_for(&self, context: Context, action: Action) -> &[KeySeq] {
        let own = self.keys_in(context, action);
        if own.is_empty() {
            self.keys_in(Context::Global, action)
        } else {
            own
        }
    }

    /// The first key for `action` from `context`, printed; for hints.
    pub fn hint(&self, context: Context, action: Action) -> Option<String> {
        self.keys_for(context, action).first().map(|k| format_seq(k))
    }

    /// Every binding of a context, in action order, including actions left unbound.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = (Action, &[KeySeq])> {
        self.contexts.get(&context).into_iter().flat_map(|b| b.iter().map(|(a, k)| (*a, k.as_slice())))
    }

    /// The effective keymap as keymap.toml text.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for (context, bindings) in &self.contexts {
            out.push_str(&format!("[{context}]\n"));
            for (action, keys) in bindings {
                // A TOML string, not Rust's `{:?}`: that writes `\u{1}`, which TOML rejects.
                let keys: Vec<String> = keys.iter().map(|k| toml::Value::String(format_seq(k)).to_string()).collect();
                out.push_str(&format!("{action} = [{}]  # {}\n", keys.join(", "), action.description()));
            }
            out.push('\n');
        }
        out
    }
}

fn list_keys(keys: &[KeySeq]) -> String {
    keys.iter().map(|k| format!("`{}`", format_seq(k))).collect::<Vec<_>>().join(", ")
}

/// The closest valid name, for "did you mean" hints.
fn suggestion<'a>(written: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    names
        .map(|n| (strsim::jaro_winkler(written, n), n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

fn did_you_mean(found: Option<&str>) -> String {
    found.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default()
}

/// Reads a keymap file, collecting every problem. Bad entries are skipped.
/// `unknown action `x`, did you mean `y`?`: a name of `kind` that none of `known` is.
fn unknown_name<'a>(
    file: &str,
    position: Option<crate::diagnostic::Position>,
    kind: &str,
    written: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let hint = did_you_mean(suggestion(written, known));
    Diagnostic::new(file, position, format!("unknown {kind} `{written}`{hint}"))
}

fn parse_file(text: &str, file: &str) -> (ParsedFile, Vec<Diagnostic>) {
    let (parsed, _, problems) = parse_file_with_positions(text, file, None);
    (parsed, problems)
}

/// [`parse_file`], with where each key was written. Bad keys are left out
/// of their entry; an entry left with none is left out too, so `defaults`
/// (when given) keep the action, and a warning says so.
fn parse_file_with_positions(
    text: &str,
    file: &str,
    defaults: Option<&Keymap>,
) -> (ParsedFile, KeyPositions, Vec<Diagnostic>) {
    type Table = BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>;
    let mut problems = Vec::new();
    let mut parsed = ParsedFile::new();
    let mut positions = KeyPositions::new();
    let at = |offset: usize| Some(position_of(text, offset));
    let top: BTreeMap<toml::Spanned<String>, toml::Spanned<Table>> = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Diagnostic::new(file, e.span().and_then(|s| at(s.start)), e.message().trim().to_string()));
            return (parsed, positions, problems);
        }
    };
    // Visit entries in file order so problems read top to bottom.
    let mut contexts: Vec<_> = top.into_iter().collect();
    contexts.sort_by_key(|(name, _)| name.span().start);
    for (context_name, table) in contexts {
        let Some(context) = Context::from_name(context_name.get_ref()) else {
            let known = Context::ALL.iter().map(|c| c.name());
            problems.push(unknown_name(file, at(context_name.span().start), "context", context_name.get_ref(), known));
            continue;
        };
        let bindings = parsed.entry(context).or_default();
        // Which action already holds each key in this context of this file.
        let mut taken: BTreeMap<KeySeq, Action> = BTreeMap::new();
        let mut entries: Vec<_> = table.into_inner().into_iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        for (action_name, value) in entries {
            let Some(action) = Action::from_name(action_name.get_ref()) else {
                let known = Action::ALL.iter().map(|a| a.name());
                problems.push(unknown_name(file, at(action_name.span().start), "action", action_name.get_ref(), known));
                continue;
            };
            let value_span = value.span();
            let problems_before = problems.len();
            let strings: Vec<String> = match value.into_inner() {
                toml::Value::String(s) => vec![s],
                toml::Value::Array(items) => {
                    let mut strings = Vec::new();
                    for item in items {
                        match item {
                            toml::Value::String(s) => strings.push(s),
                            other => problems.push(Diagnostic::new(
                                file,
                                at(value_span.start),
                                format!("`{action}`: keys are strings, found {}", other.type_str()),
                            )),
                        }
                    }
                    strings
                }
                other => {
                    problems.push(Diagnostic::new(
                        file,
                        at(value_span.start),
                        format!("`{action}`: expected a list of keys, found {}", other.type_str()),
                    ));
                    continue;
                }
            };
            let mut keys = Vec::new();
            // Items of the list that are no strings.
            let mut rejected = problems.len() > problems_before;
            for written in strings {
                // Point at the key's own text inside the list where it can be found.
                let offset = text[value_span.clone()]
                    .find(&format!("{written:?}"))
                    .map_or(value_span.start, |i| value_span.start + i);
                let seq = match parse_seq(&written) {
                    Ok(seq) => seq,
                    Err(e) => {
                        problems.push(Diagnostic::new(file, at(offset), format!("`{action}`: {e}")));
                        rejected = true;
                        continue;
                    }
                };
                if seq.first() == Some(&INTERRUPT) && !(seq.len() == 1 && INTERRUPT_OWNERS.contains(&(context, action)))
                {
                    problems.push(Diagnostic::warning(
                        file,
                        at(offset),
                        format!(
                            "`ctrl-c` always quits (or closes the open view); not bound to `{action}` in [{context}]"
                        ),
                    ));
                    rejected = true;
                    continue;
                }
                for chord in &seq {
                    if let Some(why) = unreachable(*chord) {
                        problems.push(Diagnostic::warning(file, at(offset), format!("`{action}`: {why}")));
                    }
                }
                if let Some(other) = taken.get(&seq) {
                    problems.push(Diagnostic::new(
                        file,
                        at(offset),
                        format!("`{written}` is bound twice in [{context}]: to `{other}` and `{action}`; kept for `{other}`"),
                    ));
                    rejected = true;
                    continue;
                }
                if let Some((prefix, other)) = taken.iter().find(|(k, _)| k.starts_with(&seq) || seq.starts_with(k)) {
                    problems.push(Diagnostic::new(
                        file,
                        at(offset),
                        format!(
                            "`{written}` for `{action}` overlaps `{}` for `{other}` in [{context}]; one would hide the other",
                            format_seq(prefix)
                        ),
                    ));
                    rejected = true;
                    continue;
                }
                taken.insert(seq.clone(), action);
                if let Some(position) = at(offset) {
                    positions.insert((context, seq.clone()), position);
                }
                keys.push(seq);
            }
            if keys.is_empty() && rejected {
                if let Some(defaults) = defaults {
                    let kept = defaults.keys_in(context, action);
                    let message = if kept.is_empty() {
                        format!("`{action}` is left as it was in [{context}]: none of its keys could be used")
                    } else {
                        format!(
                            "`{action}` keeps its default keys ({}): none of its keys could be used",
                            list_keys(kept)
                        )
                    };
                    problems.push(Diagnostic::warning(file, at(action_name.span().start), message));
                }
                continue;
            }
            bindings.insert(action, keys);
        }
    }
    (parsed, positions, problems)
}

/// Why a terminal will not deliver `chord` as itself, if it will not.
fn unreachable(chord: KeyChord) -> Option<String> {
    match chord.arrival() {
        Arrival::Itself => None,
        Arrival::As(other) => Some(format!(
            "`{chord}` arrives as `{other}` from terminals and tmux (both send one code), so it never reaches confnotes"
        )),
        Arrival::SharedWith(key) => Some(format!(
            "some terminals send `{chord}` for {}, so the two may not be told apart",
            KeyChord::plain(key).to_string().replace("backspace", "Backspace")
        )),
        Arrival::Never => {
            Some(format!("terminals and tmux send no code of its own for `{chord}`, so it never reaches confnotes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(text: &str) -> KeySeq {
        parse_seq(text).expect("valid key in test")
    }

    /// The defaults merged with a user file `text`, and its problems as printed.
    fn with_user_text(text: &str) -> (Keymap, Vec<String>) {
        let (keymap, problems) = Keymap::with_user_file(text, "user.toml");
        (keymap, problems.iter().map(ToString::to_string).collect())
    }

    fn defaults() -> Keymap {
        let (keymap, problems) = Keymap::defaults();
        assert!(problems.is_empty(), "{problems:?}");
        keymap
    }

    #[test]
    fn shipped_keymap_has_no_problems_and_binds_every_action() {
        let keymap = defaults();
        for &action in Action::ALL {
            let bound = Context::ALL.iter().any(|&c| !keymap.keys_in(c, action).is_empty());
            assert!(bound, "`{action}` has no default key in keymap.toml");
        }
    }

    #[test]
    fn every_entry_of_the_shipped_keymap_names_a_real_action_and_context() {
        let table: toml::Table = toml::from_str(DEFAULT_KEYMAP).expect("keymap.toml is TOML");
        for (context, actions) in table {
            assert!(Context::from_name(&context).is_some(), "unknown context {context}");
            for (action, _) in actions.as_table().expect("contexts are tables") {
                assert!(Action::from_name(action).is_some(), "unknown action {action}");
            }
        }
    }

    #[test]
    fn default_keymap_round_trips_through_its_printed_form() {
        let keymap = defaults();
        let (again, problems) = parse_file(&keymap.to_toml(), "printed");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again, keymap.contexts);
    }

    #[test]
    fn printed_keymap_reads_back_with_unprintable_keys() {
        // Control and format characters are valid keys; `{:?}` printed them as
        // Rust escapes (`\u{1}`) that TOML cannot read. Found while writing the
        // keymap fuzz target's `to_toml` round-trip property (fuzz/props.rs).
        use crate::diagnostic::Severity;
        let user = "[note]\nquit = [\"\\u0001\", \"ctrl-\\u00ad\", \"\\\"\", \"\\\\\"]\n";
        let (keymap, problems) = Keymap::with_user_file(user, "user.toml");
        assert!(problems.iter().all(|p| p.severity != Severity::Error), "{problems:?}");
        assert_eq!(keymap.keys_in(Context::Note, Action::Quit).len(), 4);
        let printed = keymap.to_toml();
        let (again, problems) = Keymap::with_user_file(&printed, "printed.toml");
        assert!(problems.iter().all(|p| p.severity != Severity::Error), "{problems:?}\n{printed}");
        assert_eq!(again.to_toml(), printed);
    }

    #[test]
    fn lookup_tries_the_focused_context_then_global() {
        let keymap = defaults();
        assert_eq!(keymap.resolve(Context::Timeline, &seq("j")), Resolution::Action(Action::MoveDown));
        assert_eq!(keymap.resolve(Context::Timeline, &seq("q")), Resolution::Action(Action::Quit));
        // In a popup, q closes the popup instead of quitting.
        assert_eq!(keymap.resolve(Context::Popup, &seq("q")), Resolution::Action(Action::Close));
        assert_eq!(keymap.resolve(Context::Note, &seq("g")), Resolution::Pending);
        assert_eq!(keymap.resolve(Context::Note, &seq("g g")), Resolution::Action(Action::GoTop));
        assert_eq!(keymap.resolve(Context::Note, &seq("ctrl-alt-f9")), Resolution::Unbound);
    }

    #[test]
    fn user_binding_replaces_only_its_action() {
        let (keymap, problems) = Keymap::with_user_file("[global]\nmove-down = [\"ctrl-n\"]\n", "user.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(keymap.resolve(Context::Timeline, &seq("ctrl-n")), Resolution::Action(Action::MoveDown));
        assert_eq!(keymap.resolve(Context::Timeline, &seq("j")), Resolution::Unbound);
        assert_eq!(keymap.resolve(Context::Timeline, &seq("k")), Resolution::Action(Action::MoveUp));
        assert_eq!(keymap.resolve(Context::Talks, &seq("down")), Resolution::Unbound);
        assert_eq!(keymap.resolve(Context::Talks, &seq("up")), Resolution::Action(Action::MoveUp));
    }

    #[test]
    fn a_pane_binding_overrides_global_in_that_pane_only() {
        let (keymap, problems) = Keymap::with_user_file("[timeline]\nopen = [\"j\"]\n", "user.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(keymap.resolve(Context::Timeline, &seq("j")), Resolution::Action(Action::Open));
        assert_eq!(keymap.resolve(Context::Talks, &seq("j")), Resolution::Action(Action::MoveDown));
    }

    #[test]
    fn empty_list_unbinds() {
        let (keymap, _) = Keymap::with_user_file("[global]\nshow-topics = []\nquit = []\n", "user.toml");
        assert_eq!(keymap.resolve(Context::Timeline, &seq("t")), Resolution::Unbound);
        assert!(keymap.keys_for(Context::Timeline, Action::ShowTopics).is_empty());
        // Except ctrl-c, which always quits.
        assert_eq!(keymap.resolve(Context::Timeline, &seq("q")), Resolution::Unbound);
        assert_eq!(keymap.keys_for(Context::Timeline, Action::Quit), [seq("ctrl-c")]);
    }

    #[test]
    fn a_bad_key_is_reported_and_left_out_and_an_entry_with_no_key_left_keeps_its_defaults() {
        let text = "[global]\ntoggle-help = [\"ctrl-shift-banana\"]\nshow-bookmarks = [\"ctrl-shift-banana\", \"X\"]\n";
        let (keymap, rendered) = with_user_text(text);
        assert_eq!(
            rendered,
            [
                "user.toml:2:16: `toggle-help`: unknown key `banana`",
                "user.toml:2:1: `toggle-help` keeps its default keys (`?`, `f1`): none of its keys could be used",
                "user.toml:3:19: `show-bookmarks`: unknown key `banana`",
            ]
        );
        assert_eq!(keymap.keys_for(Context::Timeline, Action::ToggleHelp), [seq("?"), seq("f1")]);
        assert_eq!(keymap.keys_for(Context::Timeline, Action::ShowBookmarks), [seq("X")]);
    }

    #[test]
    fn ctrl_c_quits_or_closes_the_view_whatever_the_user_binds() {
        let text = "[global]\nquit = [\"x\"]\nshow-topics = [\"ctrl-c\"]\n\n[note]\nclose = [\"ctrl-c x\"]\n\n[popup]\nclose = [\"esc\"]\n";
        let (keymap, rendered) = with_user_text(text);
        for context in [Context::Timeline, Context::Talks, Context::Note] {
            assert_eq!(keymap.resolve(context, &seq("ctrl-c")), Resolution::Action(Action::Quit), "{context}");
        }
        assert_eq!(keymap.resolve(Context::Popup, &seq("ctrl-c")), Resolution::Action(Action::Close));
        assert_eq!(keymap.resolve(Context::Timeline, &seq("x")), Resolution::Action(Action::Quit));
        assert_eq!(
            rendered,
            [
                "user.toml:3:16: `ctrl-c` always quits (or closes the open view); not bound to `show-topics` in [global]",
                "user.toml:3:1: `show-topics` keeps its default keys (`t`): none of its keys could be used",
                "user.toml:6:10: `ctrl-c` always quits (or closes the open view); not bound to `close` in [note]",
                "user.toml:6:1: `close` keeps its default keys (`esc`): none of its keys could be used",
            ]
        );
    }

    #[test]
    fn keys_a_terminal_cannot_tell_apart_are_warned_about_where_written() {
        let text = "[global]\nhistory-forward = [\"ctrl-i\"]\nshow-topics = [\"ctrl-h\", \"ctrl-1\"]\n";
        let (keymap, rendered) = with_user_text(text);
        assert_eq!(
            rendered,
            [
                "user.toml:2:20: `history-forward`: `ctrl-i` arrives as `tab` from terminals and tmux (both send one code), so it never reaches confnotes",
                "user.toml:3:16: `show-topics`: some terminals send `ctrl-h` for Backspace, so the two may not be told apart",
                "user.toml:3:26: `show-topics`: terminals and tmux send no code of its own for `ctrl-1`, so it never reaches confnotes",
            ]
        );
        assert_eq!(keymap.keys_for(Context::Timeline, Action::HistoryForward), [seq("ctrl-i")]);
    }

    #[test]
    fn taking_another_actions_key_moves_it_and_reports_the_conflict() {
        let (keymap, problems) =
            Keymap::with_user_file("[global]\nmove-down = [\"k\"]\nmove-up = [\"j\"]\n", "user.toml");
        assert_eq!(keymap.resolve(Context::Timeline, &seq("k")), Resolution::Action(Action::MoveDown));
        assert_eq!(keymap.resolve(Context::Timeline, &seq("j")), Resolution::Action(Action::MoveUp));
        assert!(problems.iter().any(|p| p.to_string() == "user.toml:2:14: conflict in [global]: `k` of `move-up` now goes to `move-down` (move-up keeps `up`)"), "{problems:?}");
    }

    #[test]
    fn every_mistake_is_reported_with_line_and_column_and_good_entries_apply() {
        let text = "[timeline]\nmove-dwon = [\"j\"]\nmove-up = [\"pgup\", \"K\"]\n\n[talks]\nopen = [\"o\"]\nquit = [\"o\"]\n\n[nowhere]\nquit = [\"x\"]\n";
        let (keymap, rendered) = with_user_text(text);
        assert_eq!(
            rendered,
            [
                "user.toml:2:1: unknown action `move-dwon`; did you mean `move-down`?",
                "user.toml:3:12: `move-up`: unknown key `pgup`",
                "user.toml:7:9: `o` is bound twice in [talks]: to `open` and `quit`; kept for `open`",
                "user.toml:7:1: `quit` is left as it was in [talks]: none of its keys could be used",
                "user.toml:9:2: unknown context `nowhere`",
            ]
        );
        assert_eq!(keymap.resolve(Context::Timeline, &seq("K")), Resolution::Action(Action::MoveUp));
        assert_eq!(keymap.resolve(Context::Talks, &seq("o")), Resolution::Action(Action::Open));
    }

    #[test]
    fn invalid_toml_is_one_positioned_problem_and_defaults_stay() {
        let (keymap, problems) = Keymap::with_user_file("[timeline\nmove-down = 1", "user.toml");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("user.toml:1:"), "{}", problems[0]);
        assert_eq!(keymap.resolve(Context::Timeline, &seq("j")), Resolution::Action(Action::MoveDown));
    }

    #[test]
    fn a_user_key_that_prefixes_a_default_sequence_takes_it_over() {
        let (keymap, problems) = Keymap::with_user_file("[global]\nquit = [\"g\"]\n", "user.toml");
        assert_eq!(keymap.resolve(Context::Note, &seq("g")), Resolution::Action(Action::Quit));
        assert!(keymap.keys_in(Context::Global, Action::GoTop).iter().all(|k| *k != seq("g g")));
        assert!(problems.iter().any(|p| p.message.contains("`g g` of `go-top` now goes to `quit`")), "{problems:?}");
    }

    #[test]
    fn prefix_overlaps_within_one_file_are_refused() {
        let (_, problems) = parse_file("[note]\ngo-top = [\"g g\"]\nquit = [\"g\"]\n", "k.toml");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].to_string().starts_with("k.toml:3:9: `g` for `quit` overlaps `g g` for `go-top`"),
            "{}",
            problems[0]
        );
    }
}
