//! Read state and bookmarks survive kill -9, two writers and restarts.
//!
//! The crash test runs the real binary's hidden `stress-state` command, which
//! saves read marks one at a time through the same code the app uses and
//! prints each mark once its save returned; the test kills it with SIGKILL at
//! varied moments and checks the file always parses and holds every mark that
//! had been reported saved.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use confnotes::state::{Loaded, State, Store};

/// How many times the writer is killed; each run is a few tens of milliseconds.
const KILLS: usize = 40;

fn stress(data: &Path, prefix: &str, count: usize) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_confnotes"));
    c.args(["stress-state", "--count", &count.to_string(), "--prefix", prefix, "--data-dir"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

fn state_file(data: &Path) -> Store {
    Store::at(data.join("stress.state.json"), "stress")
}

fn on_disk(data: &Path) -> State {
    match state_file(data).load().expect("readable") {
        Loaded::Existing(state) => state,
        Loaded::Fresh(state) => state,
        Loaded::MovedAside { reason, .. } => panic!("the state file was torn: {reason}"),
    }
}

/// A varied delay without a random-number crate: the clock's low bits.
fn jitter_ms(round: usize) -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    5 + (u64::from(nanos) / 1000 + round as u64 * 37) % 120
}

#[test]
fn kill_9_at_any_moment_never_loses_a_reported_save_or_tears_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let mut reported_total = BTreeSet::new();
    let mut killed_mid_run = 0;
    for round in 0..KILLS {
        let mut child = stress(data, &format!("r{round:02}"), 100_000).spawn().expect("spawns");
        let stdout = child.stdout.take().expect("piped");
        let reported = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&reported);
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("saved ") {
                    sink.lock().expect("lock").push(id.to_string());
                }
            }
        });
        thread::sleep(Duration::from_millis(jitter_ms(round)));
        let still_running = child.try_wait().expect("status").is_none();
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader");
        killed_mid_run += usize::from(still_running);
        let state = on_disk(data);
        for id in reported.lock().expect("lock").iter() {
            assert!(state.is_read(id), "round {round}: {id} was reported saved but is not on disk");
            reported_total.insert(id.clone());
        }
    }
    assert!(killed_mid_run >= KILLS * 9 / 10, "the writer was killed while writing ({killed_mid_run}/{KILLS})");
    assert!(reported_total.len() > KILLS, "writes happened between kills: {}", reported_total.len());
    let leftovers: Vec<String> = std::fs::read_dir(data)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("unreadable"))
        .collect();
    assert!(leftovers.is_empty(), "no file was ever torn: {leftovers:?}");
}

#[test]
fn two_writers_at_once_keep_every_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let started = Instant::now();
    let a = stress(data, "alpha", 150).spawn().expect("spawns");
    let b = stress(data, "beta", 150).spawn().expect("spawns");
    for child in [a, b] {
        let out = child.wait_with_output().expect("finishes");
        assert!(out.status.success());
    }
    let state = on_disk(data);
    for prefix in ["alpha", "beta"] {
        for i in 0..150 {
            let id = format!("{prefix}-{i:05}.md");
            assert!(state.is_read(&id), "{id} lost after {:?}", started.elapsed());
        }
    }
}

#[test]
fn temporary_files_of_killed_writers_are_removed_at_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    // A writer killed between creating its temporary file and renaming it.
    let mut writer = stress(data, "killed", 1).spawn().expect("spawns");
    let dead = writer.id();
    writer.wait().expect("finishes");
    let torn = data.join(format!("stress.state.json.tmp-{dead}"));
    std::fs::write(&torn, "{\"format\": \"confnotes-st").expect("write");
    // Another process's temporary file of a different file is not ours to judge.
    let other = data.join(format!("notes.txt.tmp-{dead}"));
    std::fs::write(&other, "x").expect("write");

    let out = stress(data, "next", 1).output().expect("runs");
    assert!(out.status.success());
    assert!(!torn.exists(), "the dead writer's temporary file was removed");
    assert!(other.exists(), "only temporary files of the state file are touched");
    assert!(on_disk(data).is_read("next-00000.md"));
}

#[cfg(unix)]
#[test]
fn the_state_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let out = stress(&data, "p", 1).output().expect("runs");
    assert!(out.status.success());
    let mode = |path: &Path| std::fs::metadata(path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&data.join("stress.state.json")), 0o600);
    assert_eq!(mode(&data), 0o700, "a data directory confnotes creates is private too");
}
