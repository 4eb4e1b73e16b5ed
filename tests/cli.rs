//! The binary's subcommands, run as a user would.

use std::fs;
use std::process::{Command, Output};

fn confnotes(args: &[&str], config_home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_confnotes"))
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
    assert!(text.contains("quit = [\"x\"]"), "{text}");
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
