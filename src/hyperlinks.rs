//! OSC 8 hyperlinks: whether the terminal is known to take them, and a
//! link's target as it may be written into one.
//!
//! A terminal that does not know OSC 8 should drop it, but some print it
//! (older or minimal terminals, some multiplexers and CI log viewers hide the
//! text between), which would garble the note pane. So links are made
//! clickable where the terminal is known to support them, as cargo, miette
//! and ruff decide (the `supports-hyperlinks` rules), and config
//! `hyperlinks = true | false` overrides the guess either way. The numbered
//! Links list after every note stays for all terminals.

use crate::notes::opening::{link_opening, LinkOpening};

/// Whether the terminal described by the environment (`var` looks a
/// variable up) is known to show OSC 8 hyperlinks.
pub fn supported(var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    // The convention other tools follow to force the answer.
    if let Some(force) = var("FORCE_HYPERLINK") {
        return !matches!(force.as_str(), "" | "0");
    }
    // Inside tmux or screen the outer terminal is unknown, and whether they
    // pass OSC 8 on depends on their version and configuration.
    let term = var("TERM").unwrap_or_default();
    if set("TMUX") || set("STY") || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let program = var("TERM_PROGRAM").unwrap_or_default();
    if matches!(program.as_str(), "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "rio" | "tabby") {
        return true;
    }
    if matches!(
        term.as_str(),
        "xterm-kitty" | "xterm-ghostty" | "alacritty" | "alacritty-direct" | "foot" | "foot-extra"
    ) || term.starts_with("foot-")
        || term.starts_with("contour")
    {
        return true;
    }
    // VTE terminals (GNOME Terminal, Tilix, Terminator…) from 0.50 on.
    if var("VTE_VERSION").and_then(|v| v.parse::<u32>().ok()).is_some_and(|v| v >= 5000) {
        return true;
    }
    set("KITTY_WINDOW_ID")
        || set("WEZTERM_PANE")
        || set("WT_SESSION")
        || set("KONSOLE_VERSION")
        || set("DOMTERM")
        || var("LC_TERMINAL").is_some_and(|v| v == "iTerm2")
}

/// The target of a link as written into an OSC 8 sequence, if the link may
/// be opened at all (web and mail addresses, as `o` opens them: see
/// [`crate::notes::opening`]). Every byte outside printable ASCII is
/// percent-encoded, so nothing from the note can end the sequence early or
/// reach the terminal as a control.
pub fn target(url: &str) -> Option<String> {
    let LinkOpening::Address(address) = link_opening(url, "", false) else {
        return None;
    };
    let mut out = String::with_capacity(address.len());
    for byte in address.bytes() {
        if (0x21..0x7f).contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

/// `text` as the text of a hyperlink to `target` (from [`target`]).
pub fn wrap(text: &str, target: &str) -> String {
    format!("\x1b]8;;{target}\x1b\\{text}\x1b]8;;\x1b\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn known_terminals_take_hyperlinks_and_unknown_ones_do_not() {
        assert!(supported(env(&[("TERM", "xterm-kitty")])));
        assert!(supported(env(&[("TERM_PROGRAM", "WezTerm"), ("TERM", "xterm-256color")])));
        assert!(supported(env(&[("TERM", "foot")])));
        assert!(supported(env(&[("TERM_PROGRAM", "iTerm.app")])));
        assert!(supported(env(&[("VTE_VERSION", "7200"), ("TERM", "xterm-256color")])));
        assert!(!supported(env(&[("VTE_VERSION", "4800"), ("TERM", "xterm-256color")])));
        assert!(!supported(env(&[("TERM", "xterm-256color")])));
        assert!(!supported(env(&[("TERM", "linux")])));
        assert!(!supported(env(&[])));
    }

    #[test]
    fn multiplexers_hide_the_terminal_and_the_force_variable_wins() {
        assert!(!supported(env(&[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "1")])));
        assert!(!supported(env(&[("TMUX", "/tmp/tmux-1/default,1,0"), ("TERM_PROGRAM", "WezTerm")])));
        assert!(supported(env(&[("TMUX", "/tmp/x"), ("FORCE_HYPERLINK", "1")])));
        assert!(!supported(env(&[("TERM", "xterm-kitty"), ("FORCE_HYPERLINK", "0")])));
    }

    #[test]
    fn only_web_and_mail_addresses_become_targets_and_never_with_controls() {
        assert_eq!(target("https://example.org/a?b=1#c").as_deref(), Some("https://example.org/a?b=1#c"));
        assert_eq!(target("mailto:someone@example.org").as_deref(), Some("mailto:someone@example.org"));
        assert_eq!(target("javascript:alert(1)"), None);
        assert_eq!(target("file:///etc/passwd"), None);
        assert_eq!(target("other-note.md"), None);
        assert_eq!(target("https://example.org/\x1b]8;;https://elsewhere.example/\x07"), None);
        assert_eq!(target("https://example.org/\u{9c}x"), None);
        // Not controls but not printable ASCII either: encoded, never raw.
        assert_eq!(target("https://example.org/\u{202e}é").as_deref(), Some("https://example.org/%E2%80%AE%C3%A9"));
    }

    #[test]
    fn wrapped_text_opens_and_closes_the_link() {
        assert_eq!(wrap("a", "https://x.example/"), "\x1b]8;;https://x.example/\x1b\\a\x1b]8;;\x1b\\");
    }
}
