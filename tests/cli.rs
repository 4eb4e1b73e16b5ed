//! The binary's subcommands, run as a user would.

use std::fs;
use std::process::{Command, Output};

fn confnotes(args: &[&str], config_home: &std::path::Path) -> Output {
    confnotes_in(config_home, args, config_home)
}

/// [`confnotes`] run in the folder `cwd`; outside a collection, commands read the bundled notes.
fn confnotes_in(cwd: &std::path::Path, args: &[&str], config_home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .current_dir(cwd)
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_DATA_HOME", config_home)
        .env("HOME", config_home)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn keys_prints_the_defaults_as_keymap_toml() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["keys"], home.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("built-in defaults (no user keymap.toml found)"), "{text}");
    assert!(text.contains("[global]\n"), "{text}");
    assert!(text.contains("quit = [\"q\", \"ctrl-c\"]  # Quit confnotes"), "{text}");
}

#[test]
fn keys_shows_the_users_overrides_from_the_config_directory() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("confnotes");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("keymap.toml"), "[global]\nquit = [\"x\"]\n").expect("write");
    let out = confnotes(&["keys"], home.path());
    let text = stdout(&out);
    assert!(text.contains("merged with"), "{text}");
    assert!(text.contains("quit = [\"x\", \"ctrl-c\"]"), "ctrl-c always quits: {text}");
}

#[test]
fn keys_check_reports_every_problem_with_position_and_fails() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("bad.toml");
    fs::write(&file, "[global]\nnext-unred = [\"n\"]\nquit = [\"ctrl-q\", \"hyper-x\"]\n").expect("write");
    let out = confnotes(&["keys", "--check", file.to_str().expect("utf-8 path")], home.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let shown = file.display();
    assert!(text.contains(&format!("{shown}:2:1: unknown action `next-unred`")), "{text}");
    assert!(text.contains(&format!("{shown}:3:19: `quit`: unknown modifier `hyper`")), "{text}");
    assert!(text.contains("2 errors"), "{text}");
}

#[test]
fn keys_check_accepts_a_good_file_with_conflicts_as_warnings() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("good.toml");
    fs::write(&file, "[global]\nmove-down = [\"k\"]\nmove-up = [\"j\"]\n").expect("write");
    let out = confnotes(&["keys", "--check", file.to_str().expect("utf-8 path")], home.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("conflict in [global]") && text.contains("[warning]"), "{text}");
    assert!(text.trim_end().ends_with(": ok"), "{text}");
}

#[test]
fn keys_check_on_a_missing_file_says_so() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["keys", "--check", "/nonexistent/k.toml"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading keymap /nonexistent/k.toml"));
}

#[test]
fn help_and_version_work() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["--help"], home.path());
    assert!(out.status.success());
    assert!(stdout(&out).contains("keys"), "{}", stdout(&out));
    let out = confnotes(&["--version"], home.path());
    assert!(stdout(&out).starts_with("confnotes "));
}

fn bookmarked_data_dir() -> tempfile::TempDir {
    use confnotes::state::{State, Store};
    let home = tempfile::tempdir().expect("tempdir");
    let store = Store::for_collection(&home.path().join("data"), &confnotes::notes::Origin::Bundled);
    let mut state = State::new("bundled notes");
    let cern = "2019-barcelona/keynote-cern-higgs.md";
    state.toggle_bookmark(cern, None, 1_700_000_000_000);
    state.annotate_bookmark(cern, None, "the live Higgs demo", 1_700_000_000_001);
    state.toggle_bookmark("2024-11-salt-lake-city/observability.md", None, 1_700_000_000_002);
    store.save(&state).expect("saves");
    home
}

#[test]
fn bookmarks_prints_a_markdown_list_json_and_a_digest() {
    let home = bookmarked_data_dir();
    let data = home.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let out = confnotes(&["bookmarks", "--data-dir", data], home.path());
    assert!(out.status.success());
    let list = stdout(&out);
    assert!(list.starts_with("- KubeCon"), "{list}");
    assert!(list.contains("CERN") && list.contains("— the live Higgs demo"), "{list}");
    assert!(list.find("CERN") < list.find("Observability"), "oldest event first: {list}");

    let out = confnotes(&["bookmarks", "--json", "--data-dir", data], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[0]["year"], 2019);
    assert_eq!(json[0]["annotation"], "the live Higgs demo");

    let out = confnotes(&["bookmarks", "--digest", "--year", "2024", "--data-dir", data], home.path());
    let digest = stdout(&out);
    assert!(digest.starts_with("# Trip report"), "{digest}");
    assert!(digest.contains("## KubeCon + CloudNativeCon North America 2024"), "{digest}");
    assert!(!digest.contains("CERN"), "{digest}");
}

#[test]
fn bookmarks_with_no_state_says_so() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("empty");
    let out = confnotes(&["bookmarks", "--data-dir", data.to_str().expect("utf-8")], home.path());
    assert!(out.status.success());
    assert_eq!(stdout(&out), "No bookmarks.\n");
    assert!(!data.exists(), "printing never writes");
}

#[test]
fn related_prints_notes_by_year_and_json() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["related", "2019-barcelona/observability.md"], home.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("Related to “Monitoring, logging and tracing”"), "{text}");
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(pos("\n2022\n") < pos("\n2024\n"));
    assert!(text.contains("listed as related · linked · topic: Observability"), "{text}");

    let out = confnotes(&["related", "Towards Stateful", "--json"], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["note"], "2019-barcelona/towards-stateful-serverless.md");
    assert!(json["related"].as_array().is_some_and(|r| !r.is_empty()));

    let out = confnotes(&["related", "observability"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches 2 notes"));
}

#[test]
fn a_bad_config_file_is_reported_but_does_not_stop_commands() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("confnotes");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("config.toml"), "theme = \"neon\"\n").expect("write");
    let out = confnotes(&["--config", dir.join("config.toml").to_str().expect("utf-8"), "keys"], home.path());
    assert!(out.status.success());
}

#[test]
fn check_lists_problems_like_a_compiler_and_fails() {
    let home = tempfile::tempdir().expect("tempdir");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/notes");
    let out = confnotes(&["check", fixtures], home.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected = format!("{fixtures}/2022-10-detroit/broken.md:3:");
    assert!(text.lines().any(|l| l.starts_with(&expected) && l.contains("front matter")), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 problem in 1 file"), "{:?}", out.stderr);

    let out = confnotes(&["check", fixtures, "--json"], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["line"], 3);
    assert_eq!(json[0]["severity"], "error");
}

#[test]
fn check_passes_on_the_bundled_notes() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["check"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("0 problems in 0 files"));
}

#[test]
fn list_shows_events_and_notes_with_state_and_json() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["list"], home.path());
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "2019\n  KubeCon + CloudNativeCon Europe 2019 (2019)  [series: KubeCon + CloudNativeCon Europe]\n"
        ),
        "{text}"
    );
    assert!(text.contains("●  Towards Stateful Serverless  [talk]"), "unread marker: {text}");
    let out = confnotes(&["list", "--json"], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(4));
    assert_eq!(json[3]["city"], "Salt Lake City");
    assert_eq!(json[3]["start"], "2024-11-12");
    assert_eq!(json[0]["notes"][0]["read"], false);
}

#[test]
fn completions_are_generated_for_each_shell() {
    let home = tempfile::tempdir().expect("tempdir");
    for shell in ["bash", "zsh", "fish"] {
        let out = confnotes(&["completions", shell], home.path());
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        assert!(script.contains("bookmarks") && script.contains("related"), "{shell}: {script}");
    }
}

#[test]
fn search_finds_facts_in_the_bundled_notes() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["search", "Higgs"], home.path());
    assert!(out.status.success());
    let text = stdout(&out);
    let cern = text.lines().position(|l| l.starts_with("Barcelona 2019 · ") && l.contains("CERN"));
    assert!(cern.is_some(), "{text}");
    // Hits come newest event first: Detroit's mention of the CERN keynote is listed before it.
    let detroit = text.lines().position(|l| l.starts_with("Detroit 2022 · "));
    assert!(detroit < cern, "{text}");
    let out = confnotes(&["search", "boner", "--json"], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        json.as_array()
            .is_some_and(|hits| hits.iter().any(|h| h["note"] == "2019-barcelona/towards-stateful-serverless.md")),
        "{json}"
    );
    let out = confnotes(&["search", "zzzqqq"], home.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn render_refuses_a_width_no_screen_has_instead_of_crashing() {
    let home = tempfile::tempdir().expect("tempdir");
    let note = home.path().join("n.md");
    fs::write(&note, "# Title\n\nSome text to wrap.\n").expect("write");
    let path = note.to_str().expect("utf-8 path");
    for width in ["18446744073709551615", "1001", "0"] {
        let out = confnotes(&["render", path, "--width", width], home.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{width}: {stderr}");
        assert!(stderr.contains("--width") && stderr.contains("8..=1000"), "{width}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = confnotes(&["render", path, "--width", "1000"], home.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_huge_keymap_is_refused_with_a_message_and_the_defaults_apply() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("confnotes");
    fs::create_dir_all(&dir).expect("mkdir");
    let mut huge = String::from("[global]\n");
    while huge.len() <= 2 * 1024 * 1024 {
        huge.push_str("# a comment line that makes the file far larger than any keymap\n");
    }
    fs::write(dir.join("keymap.toml"), &huge).expect("write");
    let out = confnotes(&["keys"], home.path());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keymap.toml: keymap file not read: too large to be read (2.1 MB"), "{stderr}");
    assert!(stdout(&out).contains("quit = [\"q\", \"ctrl-c\"]"), "the defaults apply");
    let check = confnotes(&["keys", "--check", dir.join("keymap.toml").to_str().expect("utf-8")], home.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("too large"));
}

#[cfg(unix)]
#[test]
fn a_fifo_or_dev_zero_as_the_state_file_is_a_clear_error_not_a_hang() {
    use std::time::{Duration, Instant};
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    fs::create_dir_all(&data).expect("mkdir");
    let state = data.join("bundled.state.json");
    for make in ["fifo", "dev-zero"] {
        let _ = fs::remove_file(&state);
        if make == "fifo" {
            let status = Command::new("mkfifo").arg(&state).status().expect("mkfifo");
            assert!(status.success());
        } else {
            std::os::unix::fs::symlink("/dev/zero", &state).expect("link");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_confnotes"))
            .args(["list", "--data-dir"])
            .arg(&data)
            .env("HOME", home.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().expect("status").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("`list` hung on a state file that is a {make}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().expect("output");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{make}: {stderr}");
        let kind = if make == "fifo" { "a FIFO" } else { "a character device" };
        assert!(stderr.contains("bundled.state.json: not a regular file but") && stderr.contains(kind), "{stderr}");
    }
}

/// Runs the binary with stdout a pipe whose reading end is already closed,
/// as `| head -1` leaves it once head has its line: every write fails with
/// EPIPE, with no race on how much fits in the pipe first.
#[cfg(unix)]
fn confnotes_into_closed_pipe(args: &[&str], home: &std::path::Path) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("HOME", home)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("runs")
}

#[cfg(unix)]
#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let home = bookmarked_data_dir();
    let data = home.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/notes");
    let keymap = concat!(env!("CARGO_MANIFEST_DIR"), "/keymap.toml");
    let readme = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", fixtures, "--json"],
        &["search", "kubernetes"],
        &["search", "kubernetes", "--json"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["keys"],
        &["keys", "--check", keymap],
        &["check"],
        &["check", "--json"],
        &["render", readme],
        &["render", readme, "--plain"],
        &["related", "2019-barcelona/observability.md"],
        &["related", "2019-barcelona/observability.md", "--json"],
        &["bookmarks", "--data-dir", data],
        &["bookmarks", "--json", "--data-dir", data],
        &["bookmarks", "--digest", "--data-dir", data],
        &["--help"],
        &["-h"],
        &["--version"],
        &["search", "--help"],
        &["help"],
        &["help", "render"],
    ];
    for args in commands {
        let out = confnotes_into_closed_pipe(args, home.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn completions_and_help_leave_out_the_hidden_test_hooks() {
    let home = tempfile::tempdir().expect("tempdir");
    let hooks = ["stress-state", "exit-when-indexed", "exit-after-first-frame", "panic-after-first-frame"];
    let mut outputs = Vec::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        outputs.push((format!("completions {shell}"), confnotes(&["completions", shell], home.path())));
    }
    outputs.push(("--help".into(), confnotes(&["--help"], home.path())));
    outputs.push(("help".into(), confnotes(&["help"], home.path())));
    for (what, out) in &outputs {
        assert!(out.status.success(), "{what}");
        let text = stdout(out);
        assert!(text.contains("bookmarks") && text.contains("data-dir"), "{what}: {text}");
        for hook in hooks {
            assert!(!text.contains(hook), "{what} shows {hook}: {text}");
        }
    }
}

#[test]
fn check_places_a_talk_of_a_one_file_event_at_its_real_file_and_line() {
    let home = tempfile::tempdir().expect("tempdir");
    let notes = home.path().join("notes");
    fs::create_dir_all(&notes).expect("mkdir");
    let event =
        "# Modfest 2031\n\n## Day 1\n\n### Opening\n\nWelcome.\n\n### Storage\n\nSee [the slides](slides.md).\n";
    fs::write(notes.join("modfest-2031.md"), event).expect("write");
    let out = confnotes(&["check", notes.to_str().expect("utf-8 path"), "--json"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["file"], notes.join("modfest-2031.md").display().to_string(), "{json}");
    assert_eq!((json[0]["line"].as_u64(), json[0]["column"].as_u64()), (Some(11), Some(18)), "{json}");

    // Two days each with a keynote: two talks, not a duplicate.
    let days = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layouts/one-file");
    let out = confnotes(&["check", days], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn search_covers_event_overviews_with_their_file_and_line() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = confnotes(&["search", "escalators"], home.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("Barcelona 2019 · About this event (2019-barcelona/event.md)\n"), "{text}");
    let out = confnotes(&["search", "escalators", "--json"], home.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((&json[0]["file"], &json[0]["overview"]), (&"2019-barcelona/event.md".into(), &true.into()), "{json}");
    let line = json[0]["line"].as_u64().expect("a line") as usize;
    let event_md =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/notes/2019-barcelona/event.md")).expect("read");
    assert!(event_md.lines().nth(line - 1).is_some_and(|l| l.contains("escalators")), "line {line}");
}

#[test]
fn keys_check_warns_about_keys_a_terminal_cannot_tell_apart() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("k.toml");
    fs::write(&file, "[global]\nhistory-forward = [\"ctrl-i\"]\nhistory-back = [\"ctrl-m\", \"ctrl-[\", \"ctrl-h\"]\n")
        .expect("write");
    let out = confnotes(&["keys", "--check", file.to_str().expect("utf-8 path")], home.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "warnings only: {text}");
    let shown = file.display();
    for (at, key, twin) in [("2:20", "ctrl-i", "tab"), ("3:17", "ctrl-m", "enter"), ("3:27", "ctrl-[", "esc")] {
        let line = format!(
            "{shown}:{at}: `{}`: `{key}` arrives as `{twin}`",
            if at.starts_with('2') { "history-forward" } else { "history-back" }
        );
        assert!(text.lines().any(|l| l.starts_with(&line) && l.ends_with("[warning]")), "{line}\n{text}");
    }
    assert!(text.contains("some terminals send `ctrl-h` for Backspace"), "{text}");
    // The shipped defaults use none of them.
    let defaults = concat!(env!("CARGO_MANIFEST_DIR"), "/keymap.toml");
    let out = confnotes(&["keys", "--check", defaults], home.path());
    assert_eq!(stdout(&out), format!("{defaults}: ok\n"));
}

#[test]
fn commands_given_nothing_to_work_on_fail_with_a_clear_message() {
    let home = bookmarked_data_dir();
    let data = home.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let binary = home.path().join("picture.png");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").expect("write");
    let binary = binary.to_str().expect("utf-8 path");
    let note = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let cases: &[(&[&str], i32, &str)] = &[
        (&["search", ""], 2, "give at least one word to find"),
        (&["search", "  "], 2, "give at least one word to find"),
        (&["render", binary], 1, "a binary file"),
        (&["render", note, "--width", "0"], 2, "8..=1000"),
        (&["bookmarks", "--digest", "--event", "nosuch", "--data-dir", data], 1, "no event matches `nosuch`"),
        (&["bookmarks", "--digest", "--topic", "knitting", "--data-dir", data], 1, "no note has the topic `knitting`"),
        (&["bookmarks", "--digest", "--year", "1999", "--data-dir", data], 1, "no event in 1999"),
    ];
    for (args, code, says) in cases {
        let out = confnotes(args, home.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed {:?}", stdout(&out));
    }
}

#[test]
fn commands_run_inside_a_collection_read_it_instead_of_the_bundled_notes() {
    let home = tempfile::tempdir().expect("tempdir");
    let root = home.path().join("my-notes");
    for (file, text) in [
        ("2031-05-lyon/mesh.md", "---\ntitle: Service mesh in anger\ntopics: [networking]\n---\nSidecars.\n"),
        ("2033-04-oslo/mesh-again.md", "---\ntitle: Ambient mesh\ntopics: [networking]\n---\nNo sidecars.\n"),
    ] {
        fs::create_dir_all(root.join(file).parent().expect("parent")).expect("mkdir");
        fs::write(root.join(file), text).expect("write");
    }
    let event = root.join("2031-05-lyon");
    for (cwd, note) in [(&event, "mesh.md"), (&root, "2031-05-lyon/mesh.md"), (&root, "in anger")] {
        let out = confnotes_in(cwd, &["related", note], home.path());
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{note} in {}: {}", cwd.display(), String::from_utf8_lossy(&out.stderr));
        assert!(text.starts_with("Related to “Service mesh in anger”"), "{text}");
        assert!(text.contains("Ambient mesh"), "{text}");
    }
    let out = confnotes_in(&event, &["list"], home.path());
    let text = stdout(&out);
    assert!(text.contains("Service mesh in anger") && !text.contains("KubeCon"), "{text}");
    // Outside any collection, the bundled notes.
    let out = confnotes(&["list"], home.path());
    assert!(stdout(&out).contains("KubeCon"), "{}", stdout(&out));
}

#[test]
fn list_reads_a_documentation_catalog_by_its_events_not_its_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let root = home.path().join("notes");
    let event = root.join("Notes.docc/2031-Conf");
    fs::create_dir_all(&event).expect("mkdir");
    fs::write(
        root.join("Notes.docc/Notes.md"),
        "# Notes\n\n@Metadata {\n    @TechnologyRoot\n}\n\n- <doc:2031-Conf>\n",
    )
    .expect("write");
    fs::write(event.join("Storage.md"), "# Storage at scale\n\nNotes.\n").expect("write");
    let out = confnotes(&["list", root.to_str().expect("utf-8 path")], home.path());
    let text = stdout(&out);
    assert!(text.contains("Storage at scale"), "{text}");
    assert!(text.contains("\n  Conf (2031)\n"), "the catalog's folder is no series: {text}");
}

/// `confnotes FOLDER list`: the folder named before the subcommand, as the
/// top-level usage shows it, is the collection each command reads, not
/// the bundled notes in its place.
#[test]
fn a_folder_named_before_the_subcommand_is_the_collection_it_reads() {
    let home = tempfile::tempdir().expect("tempdir");
    let notes = home.path().join("notes");
    fs::create_dir_all(notes.join("2023-06-somewhere")).expect("event folder");
    fs::write(notes.join("2023-06-somewhere/otters.md"), "# Otters at scale\n\nOtters hold hands.\n").expect("note");
    let folder = notes.to_str().expect("utf-8 path");
    let data = home.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    for args in [vec!["list"], vec!["search", "otters"], vec!["related", "otters"], vec!["check"]] {
        let mut all = vec!["--data-dir", data, folder];
        all.extend(args.iter().copied());
        let out = confnotes_in(home.path(), &all, home.path());
        let text = stdout(&out);
        assert!(!text.contains("2019-barcelona"), "{args:?} read the bundled notes:\n{text}");
        if args[0] != "check" {
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(text.contains("Otters at scale") || text.contains("otters.md"), "{args:?}:\n{text}");
        }
    }
}

/// Every subcommand's `--help` says what each of its arguments is: an
/// argument listed with no words next to it leaves the reader guessing.
#[test]
fn every_argument_in_the_help_is_described() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = stdout(&confnotes(&["--help"], home.path()));
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 5, "{top}");
    for command in commands {
        let help = stdout(&confnotes(&[&command, "--help"], home.path()));
        let bare: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Arguments:"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter(|l| l.trim().starts_with('<') || l.trim().starts_with('['))
            .filter(|l| l.split_whitespace().count() == 1)
            .collect();
        assert!(bare.is_empty(), "`confnotes {command} --help` lists {bare:?} with nothing said of them:\n{help}");
    }
}

/// A front matter error names its place once, in the file's own lines:
/// the YAML parser's count (from the front matter's first line) would
/// contradict it.
#[test]
fn a_front_matter_error_gives_its_place_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let event = home.path().join("notes/2023-lyon");
    fs::create_dir_all(&event).expect("mkdir");
    fs::write(event.join("b.md"), "---\ntitle: Second\nspeakers:\n  - name: Ann\n---\n\nBody.\n").expect("write");
    let out = confnotes(&["check", home.path().join("notes").to_str().expect("utf-8")], home.path());
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    let line = said.lines().find(|l| l.contains("b.md:")).unwrap_or_else(|| panic!("b.md named:\n{said}"));
    assert!(line.contains("b.md:4:"), "{line}");
    assert!(!line.contains("line ") && !line.contains("column"), "{line}");
}
