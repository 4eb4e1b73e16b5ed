//! Keys as keymap.toml writes them (`j`, `J`, `ctrl-d`, `shift-tab`,
//! `pagedown`, `f1`, `space`, `g g`): one parser and one printer that
//! round-trip, and the conversion from crossterm's key events.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A character; its case carries shift (`J`, not `shift-j`).
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys without case (`shift-up`); characters and tab carry it themselves.
    pub shift: bool,
}

/// The keys of one binding, pressed one after another (`g g`).
pub type KeySeq = Vec<KeyChord>;

const NAMED: &[(&str, Key)] = &[
    ("enter", Key::Enter),
    ("esc", Key::Esc),
    ("tab", Key::Tab),
    ("backspace", Key::Backspace),
    ("delete", Key::Delete),
    ("insert", Key::Insert),
    ("home", Key::Home),
    ("end", Key::End),
    ("pageup", Key::PageUp),
    ("pagedown", Key::PageDown),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("space", Key::Char(' ')),
    ("minus", Key::Char('-')),
];

/// `c` in upper case, when that is one other character that maps back to
/// `c` (not `ß` → `SS`), so a printed key always reads back as itself.
fn upper_case(c: char) -> Option<char> {
    single(c.to_uppercase()).filter(|&u| u != c && single(u.to_lowercase()) == Some(c))
}

/// `c` in lower case, under the same condition as [`upper_case`].
fn lower_case(c: char) -> Option<char> {
    single(c.to_lowercase()).filter(|&l| l != c && single(l.to_uppercase()) == Some(c))
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

impl KeyChord {
    pub const fn plain(key: Key) -> Self {
        Self { key, ctrl: false, alt: false, shift: false }
    }

    /// Brings equivalent spellings to one form, so lookups compare equal.
    fn normalized(mut self) -> Self {
        match self.key {
            Key::Tab if self.shift => {
                self.key = Key::BackTab;
                self.shift = false;
            }
            Key::BackTab => self.shift = false,
            Key::Char(c) => {
                let c = if self.shift { upper_case(c).unwrap_or(c) } else { c };
                self.key = Key::Char(c);
                // Ctrl combinations are reported lower case by most terminals.
                match lower_case(c).filter(|_| self.ctrl) {
                    Some(lower) => {
                        self.key = Key::Char(lower);
                        self.shift = true;
                    }
                    None => self.shift = false,
                }
            }
            _ => {}
        }
        self
    }

    /// The chord for a key press from the terminal; `None` for releases and repeats-as-release.
    pub fn from_event(event: KeyEvent) -> Option<Self> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = match event.code {
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::F(n) => Key::F(n),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Insert => Key::Insert,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            _ => return None,
        };
        let m = event.modifiers;
        Some(
            Self {
                key,
                ctrl: m.contains(KeyModifiers::CONTROL),
                alt: m.contains(KeyModifiers::ALT),
                shift: m.contains(KeyModifiers::SHIFT),
            }
            .normalized(),
        )
    }

    /// The character this chord types into a text field, if it types one.
    pub fn typed_char(self) -> Option<char> {
        match self.key {
            Key::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

/// How a chord reaches confnotes from a terminal, in the terminal's usual
/// mode (the one confnotes uses, and the one tmux passes on). Control
/// characters are shared (`ctrl-i` is the tab character, `ctrl-m` the
/// carriage return that Enter sends) and many modified keys have no code
/// of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    Itself,
    /// As another key: both send the same code.
    As(KeyChord),
    /// As itself, but some terminals send the same code for `Key` too.
    SharedWith(Key),
    /// Not at all: there is no code for it, or its code begins one of the
    /// terminal's own escape sequences.
    Never,
}

impl KeyChord {
    /// How this chord reaches confnotes from a terminal; see [`Arrival`].
    pub fn arrival(self) -> Arrival {
        // Alt sends ESC before the key's own code; ESC [ and ESC O begin the terminal's sequences.
        if self.alt && !self.ctrl && matches!(self.key, Key::Char('[' | 'O')) {
            return Arrival::Never;
        }
        // ESC ESC reads as one Esc.
        if self.alt && self.key == Key::Esc {
            return Arrival::As(KeyChord::plain(Key::Esc));
        }
        match (KeyChord { alt: false, ..self }).arrival_without_alt() {
            Arrival::As(chord) if chord.key == Key::Esc => Arrival::As(chord),
            Arrival::As(chord) => Arrival::As(KeyChord { alt: self.alt, ..chord }),
            other => other,
        }
    }

    fn arrival_without_alt(self) -> Arrival {
        let ctrl = |c: char| Arrival::As(KeyChord { ctrl: true, ..KeyChord::plain(Key::Char(c)) });
        let plain = |key: Key| Arrival::As(KeyChord::plain(key));
        match self.key {
            Key::Char(c) if self.ctrl => match c {
                'i' => plain(Key::Tab),
                'm' => plain(Key::Enter),
                'h' if !self.shift => Arrival::SharedWith(Key::Backspace),
                // Shift is lost: ctrl-shift-x sends what ctrl-x sends.
                'a'..='z' if self.shift => ctrl(c),
                'a'..='z' | ' ' | '4'..='7' => Arrival::Itself,
                '@' | '2' => ctrl(' '),
                '[' | '3' => plain(Key::Esc),
                '\\' => ctrl('4'),
                ']' => ctrl('5'),
                '^' => ctrl('6'),
                '_' | '/' => ctrl('7'),
                '8' | '?' => plain(Key::Backspace),
                _ => Arrival::Never,
            },
            // A control character written as a key arrives as the ctrl key that sends it.
            Key::Char(c) if c.is_ascii_control() => match c as u8 {
                0 => ctrl(' '),
                b'\t' => plain(Key::Tab),
                b'\r' => plain(Key::Enter),
                0x1b => plain(Key::Esc),
                0x7f => plain(Key::Backspace),
                code @ 1..=0x1a => ctrl(char::from(code - 1 + b'a')),
                code => ctrl(char::from(code - 0x1c + b'4')),
            },
            Key::Char(c) if c.is_control() => Arrival::Never,
            Key::Tab if self.ctrl => plain(Key::Tab),
            Key::BackTab if self.ctrl => plain(Key::BackTab),
            Key::Enter if self.ctrl || self.shift => plain(Key::Enter),
            Key::Backspace if self.ctrl => ctrl('h'),
            Key::Backspace if self.shift => plain(Key::Backspace),
            Key::Esc if self.ctrl || self.shift => plain(Key::Esc),
            _ => Arrival::Itself,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key")]
    Empty,
    #[error("unknown key `{0}`")]
    Unknown(String),
    #[error("unknown modifier `{0}` (use ctrl-, alt- or shift-)")]
    Modifier(String),
}

pub fn parse_chord(text: &str) -> Result<KeyChord, KeyParseError> {
    if text.is_empty() {
        return Err(KeyParseError::Empty);
    }
    let mut chord = KeyChord::plain(Key::Esc);
    let mut rest = text;
    // `-` alone is the minus key, and `ctrl--` is ctrl with minus.
    while let Some((modifier, after)) = rest.split_once('-').filter(|(m, a)| !m.is_empty() && !a.is_empty()) {
        match modifier.to_ascii_lowercase().as_str() {
            "ctrl" | "c" => chord.ctrl = true,
            "alt" | "a" | "m" => chord.alt = true,
            "shift" | "s" => chord.shift = true,
            _ if modifier.chars().count() == 1 => break,
            _ => return Err(KeyParseError::Modifier(modifier.to_string())),
        }
        rest = after;
    }
    let mut chars = rest.chars();
    chord.key = match (chars.next(), chars.next()) {
        (Some(c), None) => Key::Char(c),
        _ => {
            let lower = rest.to_ascii_lowercase();
            if let Some(&(_, key)) = NAMED.iter().find(|(name, _)| *name == lower) {
                key
            } else if let Some(n) =
                lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=24).contains(n))
            {
                Key::F(n)
            } else if lower == "backtab" {
                Key::BackTab
            } else {
                return Err(KeyParseError::Unknown(rest.to_string()));
            }
        }
    };
    Ok(chord.normalized())
}

/// Parses `g g` style sequences (chords separated by spaces).
pub fn parse_seq(text: &str) -> Result<KeySeq, KeyParseError> {
    if text == " " {
        return Ok(vec![KeyChord::plain(Key::Char(' '))]);
    }
    let seq = text.split_whitespace().map(parse_chord).collect::<Result<KeySeq, _>>()?;
    if seq.is_empty() {
        return Err(KeyParseError::Empty);
    }
    Ok(seq)
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("space"),
            Key::Char('-') if self.ctrl || self.alt || self.shift => f.write_str("minus"),
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "f{n}"),
            Key::BackTab => f.write_str("shift-tab"),
            other => {
                let name = NAMED.iter().find(|(_, k)| *k == other).map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// Prints a sequence the way keymap.toml writes it.
pub fn format_seq(seq: &[KeyChord]) -> String {
    seq.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(text: &str) -> KeyChord {
        parse_chord(text).expect("valid key in test")
    }

    #[test]
    fn every_key_form_parses() {
        assert_eq!(chord("j"), KeyChord::plain(Key::Char('j')));
        assert_eq!(chord("J"), KeyChord::plain(Key::Char('J')));
        assert_eq!(chord("ctrl-d"), KeyChord { ctrl: true, ..KeyChord::plain(Key::Char('d')) });
        assert_eq!(chord("shift-tab"), KeyChord::plain(Key::BackTab));
        assert_eq!(chord("pagedown"), KeyChord::plain(Key::PageDown));
        assert_eq!(chord("PageUp"), KeyChord::plain(Key::PageUp));
        assert_eq!(chord("f1"), KeyChord::plain(Key::F(1)));
        assert_eq!(chord("space"), KeyChord::plain(Key::Char(' ')));
        assert_eq!(chord("-"), KeyChord::plain(Key::Char('-')));
        assert_eq!(chord("ctrl--"), KeyChord { ctrl: true, ..KeyChord::plain(Key::Char('-')) });
        assert_eq!(chord("alt-shift-up"), KeyChord { alt: true, shift: true, ..KeyChord::plain(Key::Up) });
        assert_eq!(chord("shift-j"), KeyChord::plain(Key::Char('J')));
        assert_eq!(chord("["), KeyChord::plain(Key::Char('[')));
        assert_eq!(parse_seq("g g").expect("seq"), vec![chord("g"), chord("g")]);
    }

    #[test]
    fn bad_keys_say_what_is_wrong() {
        assert_eq!(parse_chord(""), Err(KeyParseError::Empty));
        assert_eq!(parse_chord("pgdn"), Err(KeyParseError::Unknown("pgdn".into())));
        assert_eq!(parse_chord("hyper-x"), Err(KeyParseError::Modifier("hyper".into())));
        assert_eq!(parse_chord("f99"), Err(KeyParseError::Unknown("f99".into())));
        assert_eq!(parse_seq("   "), Err(KeyParseError::Empty));
    }

    #[test]
    fn printing_round_trips() {
        for text in
            ["j", "J", "ctrl-d", "shift-tab", "pagedown", "f12", "space", "g g", "alt-enter", "ctrl-minus", "?", "-"]
        {
            let seq = parse_seq(text).expect(text);
            assert_eq!(format_seq(&seq), text);
            assert_eq!(parse_seq(&format_seq(&seq)).expect("reparse"), seq);
        }
    }

    #[test]
    fn letters_beyond_ascii_keep_one_form_whatever_the_spelling() {
        // Cyrillic Je looks like J; ß has no one-letter upper case.
        for text in [
            "ctrl-Ј",
            "ctrl-shift-ј",
            "shift-ј",
            "ctrl-J",
            "ctrl-shift-j",
            "shift-ß",
            "ctrl-ß",
            "alt-Ж",
            "shift-ǰ",
            "ctrl-shift-ǰ",
        ] {
            let seq = parse_seq(text).expect(text);
            let printed = format_seq(&seq);
            assert_eq!(parse_seq(&printed).expect("reparse"), seq, "`{text}` printed as `{printed}`");
        }
        assert_eq!(chord("ctrl-Ј"), chord("ctrl-shift-ј"));
        assert_eq!(chord("shift-ј"), chord("Ј"));
        assert_eq!(chord("ctrl-J"), chord("ctrl-shift-j"));
    }

    #[test]
    fn terminal_events_normalise_to_the_parsed_form() {
        let event = |code, modifiers| KeyChord::from_event(KeyEvent::new(code, modifiers));
        assert_eq!(event(KeyCode::Char('J'), KeyModifiers::SHIFT), Some(chord("J")));
        assert_eq!(event(KeyCode::BackTab, KeyModifiers::SHIFT), Some(chord("shift-tab")));
        assert_eq!(event(KeyCode::Char('d'), KeyModifiers::CONTROL), Some(chord("ctrl-d")));
        assert_eq!(event(KeyCode::PageDown, KeyModifiers::NONE), Some(chord("pagedown")));
        let release = KeyEvent { kind: KeyEventKind::Release, ..KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE) };
        assert_eq!(KeyChord::from_event(release), None);
    }

    #[test]
    fn keys_that_share_a_terminal_code_arrive_as_the_other_key() {
        let arrives = |text: &str| chord(text).arrival();
        assert_eq!(arrives("ctrl-i"), Arrival::As(chord("tab")));
        assert_eq!(arrives("ctrl-m"), Arrival::As(chord("enter")));
        assert_eq!(arrives("ctrl-["), Arrival::As(chord("esc")));
        assert_eq!(arrives("ctrl-h"), Arrival::SharedWith(Key::Backspace));
        assert_eq!(arrives("ctrl-shift-x"), Arrival::As(chord("ctrl-x")));
        assert_eq!(arrives("ctrl-@"), Arrival::As(chord("ctrl-space")));
        assert_eq!(arrives("ctrl-/"), Arrival::As(chord("ctrl-7")));
        assert_eq!(arrives("alt-ctrl-i"), Arrival::As(chord("alt-tab")));
        assert_eq!(arrives("alt-esc"), Arrival::As(chord("esc")));
        assert_eq!(arrives("shift-enter"), Arrival::As(chord("enter")));
        assert_eq!(arrives("ctrl-tab"), Arrival::As(chord("tab")));
        assert_eq!(arrives("\u{1}"), Arrival::As(chord("ctrl-a")));
        for never in ["ctrl-1", "ctrl-.", "ctrl-é", "alt-[", "alt-O"] {
            assert_eq!(arrives(never), Arrival::Never, "{never}");
        }
        for itself in ["ctrl-r", "ctrl-o", "tab", "shift-tab", "alt-right", "ctrl-space", "ctrl-4", "alt-x", "f5", "J"]
        {
            assert_eq!(arrives(itself), Arrival::Itself, "{itself}");
        }
    }
}
