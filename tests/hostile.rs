//! A hostile collection, generated here (never committed as binary files):
//! escape sequences, C1 controls, bidi overrides, invalid UTF-8, a binary
//! file named .md, an empty file, a huge line, deep nesting, odd file names,
//! broken front matter. It must load with warnings, `check` must name the bad
//! files, `render` must print no control sequence from the notes, and the TUI
//! must not pass any of them to the terminal.

#![cfg(unix)]

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

/// Escape sequences a note could use to attack the terminal; none may reach it.
const ATTACKS: &[&str] = &[
    "\x1b]52;c;SGFja2Vk\x07",             // OSC 52: write the clipboard
    "\x1b]0;pwned\x07",                   // OSC 0: set the window title
    "\x1b]8;;https://evil.example\x1b\\", // OSC 8: hyperlink
    "\x1b[2J\x1b[H",                      // clear the screen, home the cursor
    "\x1b[38;5;196mEVIL",                 // colour change
    "\u{9b}31m",                          // C1 CSI
    "\u{9d}0;title\u{9c}",                // C1 OSC ... ST
    "\x1bc",                              // ESC c: reset the terminal
    "\x1bP+q544e\x1b\\",                  // DCS: ask the terminal a question
    "\x07",                               // BEL
    "\u{202e}desrever",                   // bidi override
];

fn hostile_collection(root: &Path) {
    let event = root.join("2024-03-hostile");
    fs::create_dir_all(&event).expect("mkdir");
    let mut attack_note = String::from("---\ntitle: \"Attack \\e]0;title\\a\"\nkind: talk\n---\n# Attacks\n\n");
    for (i, attack) in ATTACKS.iter().enumerate() {
        attack_note.push_str(&format!("Line {i}: before {attack} after\n\n"));
    }
    attack_note.push_str("```\ncode \x1b]52;c;Y29kZQ==\x07 block\n```\n\n<div>\x1b[31mhtml\x1b[0m</div>\n");
    fs::write(event.join("attacks.md"), attack_note).expect("write");
    let mut invalid = b"# Latin-1 \xe9t\xe9\n\ncaf\xe9 \x1b]52;c;bGF0aW4=\x07\n".to_vec();
    invalid.extend_from_slice(b"\xff\xfe broken bytes\n");
    fs::write(event.join("invalid-utf8.md"), invalid).expect("write");
    fs::write(event.join("binary.md"), [0x89, b'P', b'N', b'G', 0, 0, 1, 2, 0x1b, b'[', b'2', b'J']).expect("write");
    fs::write(event.join("empty.md"), "").expect("write");
    fs::write(event.join("long-line.md"), format!("# Long\n\n{}\n", "x".repeat(100_000))).expect("write");
    let paragraph = "Ten megabytes of **notes** with `code` and a [link](https://example.org).\n\n";
    fs::write(event.join("ten-mb.md"), format!("# Ten MB\n\n{}", paragraph.repeat(10_000_000 / paragraph.len())))
        .expect("write");
    fs::write(event.join("deep.md"), format!("# Deep\n\n{}deep\n\n{}quoted\n", "- ".repeat(5000), "> ".repeat(5000)))
        .expect("write");
    fs::write(event.join("unterminated.md"), "---\ntitle: never closed\n# Heading\n").expect("write");
    fs::write(event.join("not-yaml.md"), "---\n: : [ {\n---\n# Not YAML\n").expect("write");
    fs::write(event.join("spaces and 'quotes\".md"), "# Odd name\n").expect("write");
    fs::write(event.join("new\nline.md"), "# Newline in the name\n").expect("write");
    fs::write(event.join(std::ffi::OsStr::from_bytes(b"latin1-\xe9.md")), "# Non-UTF-8 name\n").expect("write");
    std::os::unix::fs::symlink(&event, event.join("loop")).expect("symlink");
}

fn confnotes(args: &[&std::ffi::OsStr], home: &Path) -> std::process::Output {
    confnotes_with_hyperlinks(args, home, false)
}

/// [`confnotes`] with the terminal taken to show hyperlinks or not, whatever
/// terminal the tests run in.
fn confnotes_with_hyperlinks(args: &[&std::ffi::OsStr], home: &Path, hyperlinks: bool) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .args(args)
        .env("FORCE_HYPERLINK", if hyperlinks { "1" } else { "0" })
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("HOME", home)
        .output()
        .expect("runs")
}

fn assert_no_attack(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for attack in ATTACKS {
        assert!(!text.contains(attack), "{what} passed {attack:?} through");
    }
    for forbidden in ["\x1b]", "\x1bc", "\x1bP", "\x07", "\u{9b}", "\u{9d}", "\u{202e}"] {
        assert!(!text.contains(forbidden), "{what} contains {forbidden:?}");
    }
}

#[test]
fn the_loader_and_check_name_every_bad_file_and_load_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    hostile_collection(dir.path());
    let c = confnotes::notes::load_folder(dir.path()).expect("loads");
    let warned: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    for bad in ["invalid-utf8.md", "binary.md", "unterminated.md", "not-yaml.md", "loop"] {
        assert!(warned.iter().any(|w| w.contains(bad)), "no warning names {bad}: {warned:#?}");
    }
    let titles: Vec<&str> = c.notes.iter().map(|n| n.title.as_str()).collect();
    for good in ["Long", "Ten MB", "Deep", "Odd name", "Newline in the name", "Non-UTF-8 name", "Heading", "Not YAML"] {
        assert!(titles.contains(&good), "{good} still loads: {titles:?}");
    }
    for note in &c.notes {
        assert!(!note.title.chars().any(char::is_control), "{:?}", note.title);
    }
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["check".as_ref(), dir.path().as_os_str()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for bad in ["invalid-utf8.md", "binary.md", "unterminated.md:1:1", "not-yaml.md:2:"] {
        assert!(text.contains(bad), "check does not name {bad}:\n{text}");
    }
    assert_no_attack(&out.stdout, "check");
}

#[test]
fn render_prints_no_control_sequence_from_the_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    hostile_collection(dir.path());
    let home = tempfile::tempdir().expect("tempdir");
    for file in ["attacks.md", "invalid-utf8.md", "deep.md", "long-line.md"] {
        let path = dir.path().join("2024-03-hostile").join(file);
        let out = confnotes(&["render".as_ref(), path.as_os_str(), "--width".as_ref(), "60".as_ref()], home.path());
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.contains(&0x1b), "{file}: plain output (not a terminal) has no ESC at all");
        assert_no_attack(&out.stdout, file);
        assert_no_attack(&out.stderr, file);
        if file == "attacks.md" {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("before ␛]52;c;SGFja2Vk␇ after"), "made visible, not dropped:\n{text}");
        }
        if file == "invalid-utf8.md" {
            assert!(String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8"));
        }
    }
}

#[test]
fn render_fails_clearly_for_a_missing_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["render".as_ref(), "/no/such/note.md".as_ref()], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading /no/such/note.md"));
}

#[test]
fn the_tui_shows_the_hostile_collection_without_passing_sequences_to_the_terminal() {
    use expectrl::{Expect, Session};
    let dir = tempfile::tempdir().expect("tempdir");
    hostile_collection(dir.path());
    let home = tempfile::tempdir().expect("tempdir");
    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(r#"stty cols 160 rows 45 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_confnotes"))
        .arg(dir.path())
        .arg("--data-dir")
        .arg(home.path().join("data"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).expect("spawns");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(10)));
    let mut transcript = Vec::new();
    let pump = |session: &mut expectrl::session::OsSession, transcript: &mut Vec<u8>, ms: u64| {
        let end = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        let mut buf = [0u8; 65536];
        while std::time::Instant::now() < end {
            match session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => transcript.extend_from_slice(&buf[..n]),
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    };
    // The first frame, however long a loaded machine takes to draw it.
    let started = std::time::Instant::now();
    while !String::from_utf8_lossy(&transcript).contains("Attack") && started.elapsed().as_secs() < 20 {
        pump(&mut session, &mut transcript, 100);
    }
    // Walk every note of the event, open each in the note pane and scroll it.
    session.send("\r").expect("send");
    for _ in 0..14 {
        session.send("\rG").expect("send");
        pump(&mut session, &mut transcript, 150);
        session.send("hj").expect("send");
    }
    session.send("q").expect("send");
    pump(&mut session, &mut transcript, 800);
    let text = String::from_utf8_lossy(&transcript);
    assert!(text.contains("Attacks") || text.contains("Attack"), "the attack note was shown:\n{text:.2000}");
    assert_no_attack(&transcript, "the TUI");
}

/// A collection whose names carry the attacks too: a folder, note files,
/// `related:` entries, topics and a topics.toml label.
fn hostile_names(root: &Path) -> std::path::PathBuf {
    let event = root.join("2024-06-evil\x1b]0;pwned\x07conf");
    fs::create_dir_all(&event).expect("mkdir");
    fs::write(
        root.join("topics.toml"),
        "[observability]\nlabel = \"Obs\\u001b]52;c;TGFiZWw=\\u0007erv\\u009b31m\\u202e\"\naliases = [\"o11y\"]\n",
    )
    .expect("write");
    let mut body = String::from(
        "---\ntitle: \"Evil \\e]0;title\\a talk\"\ntopics: [observability, \"bad\\e[31mtopic\"]\n\
         related: [\"missing-\\e]0;rel\\a.md\", \"second\\u009b31m.md\"]\n---\n# Evil\n\n",
    );
    for attack in ATTACKS {
        body.push_str(&format!("quorum before {attack} after\n\n"));
    }
    fs::write(event.join("talk-\x1b[2J\u{202e}.md"), body).expect("write");
    fs::write(event.join("second\u{9b}31m.md"), "---\ntitle: Second\ntopics: [o11y]\n---\nquorum \u{9d}0;t\u{9c}\n")
        .expect("write");
    event
}

/// Whether any character of the output would act on a terminal: C0
/// controls but newline and tab, DEL, C1, bidi controls.
fn assert_clean(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| bad(c)) {
        let from = text[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
        panic!("{what} printed {c:?} raw, after: {:?}", &text[from..at]);
    }
}

#[test]
fn every_printing_command_sanitises_names_labels_and_bodies_terminal_or_pipe() {
    use confnotes::notes::Origin;
    use confnotes::state::Store;

    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    hostile_names(root);
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    // Every note bookmarked, with a note of the user's that holds an attack too.
    let collection = confnotes::notes::load_folder(root).expect("loads");
    assert_eq!(collection.notes.len(), 2, "{:?}", collection.warnings);
    let store = Store::for_collection(&data, &Origin::Folder(root.to_path_buf()));
    let mut state = store.empty_state();
    for (i, note) in collection.notes.iter().enumerate() {
        state.toggle_bookmark(&note.id.0, None, 10 + i as u64);
        state.annotate_bookmark(&note.id.0, None, "mine \x1b]52;c;bWluZQ==\x07", 20 + i as u64);
    }
    store.save(&state).expect("saves");
    let talk = collection.notes.iter().find(|n| n.id.0.contains("talk-")).expect("the talk").id.0.clone();

    let root = root.as_os_str();
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["list".as_ref(), root],
        vec!["list".as_ref(), "--json".as_ref(), root],
        vec!["search".as_ref(), "quorum".as_ref(), root],
        vec!["search".as_ref(), "--json".as_ref(), "quorum".as_ref(), root],
        vec!["related".as_ref(), talk.as_ref(), root],
        vec!["related".as_ref(), "--json".as_ref(), talk.as_ref(), root],
        vec!["check".as_ref(), root],
        vec!["check".as_ref(), "--json".as_ref(), root],
        vec!["bookmarks".as_ref(), root],
        vec!["bookmarks".as_ref(), "--json".as_ref(), root],
        vec!["bookmarks".as_ref(), "--digest".as_ref(), root],
        // An error message quoting what the user asked for and the collection's names.
        vec!["related".as_ref(), "\x1b]0;x\x07".as_ref(), root],
    ];
    let mut outputs = Vec::new();
    for args in runs {
        let mut with_data = args.clone();
        with_data.extend(["--data-dir".as_ref(), data.as_os_str()]);
        let out = confnotes(&with_data, home.path());
        let what = format!("`confnotes {}`", args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
        assert!(!out.stdout.is_empty() || !out.stderr.is_empty(), "{what} printed nothing");
        assert_clean(&out.stdout, &what);
        assert_clean(&out.stderr, &format!("{what} on stderr"));
        assert_no_attack(&out.stdout, &what);
        outputs.push((what, out));
    }
    let stdout_of = |name: &str| {
        let (_, out) = outputs.iter().find(|(what, _)| what.starts_with(name)).expect("ran");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Made visible, not dropped: the reader sees what the file holds.
    let digest = stdout_of("`confnotes bookmarks --digest");
    assert!(digest.contains("before ␛]52;c;SGFja2Vk␇ after"), "{digest}");
    assert!(digest.contains("mine ␛]52;c;bWluZQ==␇"), "{digest}");
    assert!(stdout_of("`confnotes list ").contains("talk-␛[2J.md"), "{}", stdout_of("`confnotes list "));
    assert!(stdout_of("`confnotes check ").contains("missing-␛]0;rel␇.md"), "{}", stdout_of("`confnotes check "));
    // JSON escapes them, so a script reads the names exactly as they are.
    let listed = stdout_of("`confnotes list --json");
    assert!(listed.contains(r"talk-\u001b[2J\u202e.md"), "{listed}");
    assert!(listed.contains(r"second\u009b31m.md"), "{listed}");
    let events: serde_json::Value = serde_json::from_str(&listed).expect("valid JSON");
    let ids: Vec<&str> =
        events[0]["notes"].as_array().expect("notes").iter().filter_map(|n| n["id"].as_str()).collect();
    assert!(ids.iter().any(|id| id.ends_with("talk-\x1b[2J\u{202e}.md")), "{ids:?}");
    for json in [
        "`confnotes search --json",
        "`confnotes related --json",
        "`confnotes check --json",
        "`confnotes bookmarks --json",
    ] {
        serde_json::from_str::<serde_json::Value>(&stdout_of(json)).unwrap_or_else(|e| panic!("{json}: {e}"));
    }
}

/// Only SGR (colour and weight) sequences, which `render --ansi` writes
/// itself: any other escape in its output came from the note.
fn assert_only_sgr(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let mut rest = text.as_ref();
    while let Some(at) = rest.find('\x1b') {
        let sequence = &rest[at + 1..];
        let params = sequence.strip_prefix('[').unwrap_or_else(|| panic!("{what}: ESC not starting a CSI"));
        let end = params.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(params.len());
        assert_eq!(params[end..].chars().next(), Some('m'), "{what}: a CSI other than SGR: {:?}", &params[..end + 1]);
        rest = &params[end + 1..];
    }
    let without_sgr: String = text.chars().filter(|&c| c != '\x1b').collect();
    assert_clean(without_sgr.as_bytes(), what);
}

/// The targets of the OSC 8 hyperlinks in `bytes` (empty for a link's
/// end), after checking every escape is SGR or such a hyperlink, and the
/// text without them, for [`assert_clean`].
fn sgr_and_hyperlinks(bytes: &[u8], what: &str) -> (Vec<String>, String) {
    let text = String::from_utf8_lossy(bytes);
    let mut targets = Vec::new();
    let mut rest = text.as_ref();
    let mut left = String::new();
    while let Some(at) = rest.find('\x1b') {
        left.push_str(&rest[..at]);
        let sequence = &rest[at + 1..];
        if let Some(link) = sequence.strip_prefix("]8;;") {
            let end = link.find("\x1b\\").unwrap_or_else(|| panic!("{what}: an OSC 8 not ended by ST"));
            let target = &link[..end];
            assert!(
                target.bytes().all(|b| (0x21..0x7f).contains(&b)),
                "{what}: a target not printable ASCII: {target:?}"
            );
            targets.push(target.to_string());
            rest = &link[end + 2..];
            continue;
        }
        let params = sequence.strip_prefix('[').unwrap_or_else(|| panic!("{what}: ESC not starting a CSI or OSC 8"));
        let end = params.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(params.len());
        assert_eq!(params[end..].chars().next(), Some('m'), "{what}: a CSI other than SGR: {:?}", &params[..end + 1]);
        rest = &params[end + 1..];
    }
    left.push_str(rest);
    (targets, left)
}

#[test]
fn render_ansi_links_only_sanitised_targets_and_passes_nothing_else_from_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut body = String::from(
        "# Links\n\nSee [the slides](https://example.org/slides?id=1) and [mail](mailto:someone@example.org).\n\n",
    );
    for attack in ATTACKS {
        body.push_str(&format!(
            "[text {attack} here](https://example.org/{attack}) [js](javascript:alert({attack})) \
             ![alt {attack}](pic{attack}.png) `{attack}` <kbd>{attack}</kbd> [^n]\n\n```\n{attack}\n```\n\n"
        ));
    }
    body.push_str("[^n]: a note [in it](https://example.org/footnote)\n");
    let note = dir.path().join("links.md");
    fs::write(&note, body).expect("write");
    let home = tempfile::tempdir().expect("tempdir");
    for width in ["40", "200"] {
        let args: Vec<&std::ffi::OsStr> =
            vec!["render".as_ref(), note.as_os_str(), "--width".as_ref(), width.as_ref(), "--ansi".as_ref()];
        let out = confnotes_with_hyperlinks(&args, home.path(), true);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let (targets, text) = sgr_and_hyperlinks(&out.stdout, "`render --ansi`");
        assert_clean(text.as_bytes(), "`render --ansi` with hyperlinks");
        assert_no_attack(text.as_bytes(), "`render --ansi` with hyperlinks");
        for wanted in ["https://example.org/slides?id=1", "mailto:someone@example.org", "https://example.org/footnote"]
        {
            assert!(targets.iter().any(|t| t == wanted), "{wanted} not linked at width {width}: {targets:?}");
        }
        // Opened and closed in pairs; nothing but web and mail addresses.
        assert_eq!(targets.iter().filter(|t| t.is_empty()).count() * 2, targets.len(), "{targets:?}");
        for target in targets.iter().filter(|t| !t.is_empty()) {
            assert!(target.starts_with("https://example.org/") || target.starts_with("mailto:"), "{target:?}");
            assert!(!target.contains("javascript") && !target.contains("evil"), "{target:?}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("\x1b]8;;https://example.org/slides?id=1\x1b\\"), "{text:?}");
    }
    // Off by the setting, whatever the terminal: SGR alone.
    let config = home.path().join("config.toml");
    fs::write(&config, "hyperlinks = false\n").expect("write");
    let args: Vec<&std::ffi::OsStr> =
        vec!["render".as_ref(), note.as_os_str(), "--ansi".as_ref(), "--config".as_ref(), config.as_os_str()];
    let out = confnotes_with_hyperlinks(&args, home.path(), true);
    assert_only_sgr(&out.stdout, "`render --ansi` with hyperlinks = false");
    // And not on a terminal not known to show them.
    let out = confnotes_with_hyperlinks(&args[..3], home.path(), false);
    assert_only_sgr(&out.stdout, "`render --ansi` on an unknown terminal");
}

#[test]
fn render_and_keys_print_no_raw_control_bytes_from_names_or_bodies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let event = hostile_names(dir.path());
    let home = tempfile::tempdir().expect("tempdir");
    let talk = event.join("talk-\x1b[2J\u{202e}.md");
    for extra in [&[][..], &["--wide-tables", "--wide-code", "--line-breaks"]] {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["render".as_ref(), talk.as_os_str(), "--width".as_ref(), "50".as_ref()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let plain = confnotes(&args, home.path());
        assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
        assert_clean(&plain.stdout, "`render`");
        assert_no_attack(&plain.stdout, "`render`");
        args.push("--ansi".as_ref());
        let styled = confnotes(&args, home.path());
        assert!(styled.stdout.contains(&0x1b), "--ansi styles the output");
        assert_only_sgr(&styled.stdout, "`render --ansi`");
        assert_no_attack(&styled.stdout, "`render --ansi`");
    }
    // A file that is not there, named with an attack: the error quotes the name.
    let missing = event.join("gone\x1bc\x1b]52;c;eA==\x07.md");
    let out = confnotes(&["render".as_ref(), missing.as_os_str()], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert_clean(&out.stderr, "`render` error");
    // `keys --check` quotes the keymap's bad entries.
    let keymap = dir.path().join("keys\x1b]0;k\x07.toml");
    fs::write(&keymap, "[global]\n\"quit\x1bc\" = [\"q\x1b]52;c;eA==\x07\"]\nmove-down = [\"\u{9b}31m\"]\n")
        .expect("write");
    let out = confnotes(&["keys".as_ref(), "--check".as_ref(), keymap.as_os_str()], home.path());
    assert!(!out.stdout.is_empty() || !out.stderr.is_empty(), "keys --check printed nothing");
    assert_clean(&out.stdout, "`keys --check`");
    assert_clean(&out.stderr, "`keys --check` on stderr");
}
