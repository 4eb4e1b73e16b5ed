//! What both benches share: the generated corpus, the 5 KB and 5 MB notes
//! made from it, and the start-up baseline (a tree walk reading front matter).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

pub mod corpus;

pub fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CONFNOTES_CORPUS") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus/c10k");
    generate(&dir, 40, 250);
    dir
}

fn generate(dir: &Path, events: usize, talks: usize) {
    if dir.join(".complete").exists() {
        return;
    }
    corpus::write_corpus(dir, corpus::CorpusSpec { events, talks, seed: 7, untagged: false })
        .expect("the bench corpus is written under target/");
    fs::write(dir.join(".complete"), "").expect("mark the corpus complete");
}

/// A 5 MB note made of talk bodies from the corpus, and a 5 KB one.
pub fn notes_of_size(corpus: &Path) -> (String, String) {
    let mut big = String::new();
    let mut small = String::new();
    'events: for event in sorted_dirs(corpus) {
        for file in sorted_files(&event) {
            let text = fs::read_to_string(&file).unwrap_or_default();
            let body = confnotes::notes::frontmatter::split(&text).body.to_string();
            if small.len() < 5_000 {
                small.push_str(&body);
            }
            big.push_str(&body);
            if big.len() >= 5_000_000 {
                break 'events;
            }
        }
    }
    (small, big)
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(dir).expect("list").filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

/// The baseline of start-up: walk the tree and read each file's front matter and nothing else.
pub fn walk_front_matter(root: &Path) -> usize {
    let mut lines = 0;
    for event in sorted_dirs(root) {
        for file in sorted_files(&event) {
            let Ok(f) = fs::File::open(&file) else { continue };
            let mut reader = BufReader::new(f);
            let mut line = String::new();
            let mut dashes = 0;
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                lines += 1;
                if line.trim_end() == "---" {
                    dashes += 1;
                    if dashes == 2 {
                        break;
                    }
                } else if dashes == 0 {
                    break;
                }
                line.clear();
            }
        }
    }
    lines
}
