//! Writes a synthetic collection for scale tests and benches:
//! `cargo run --release --example gen_corpus -- OUT EVENTS TALKS [SEED] [--untagged]`.
//! `40 250` gives 10,000 notes (about 39 MB); `400 250` gives 100,000.
//! `--untagged` leaves `topics` out of the front matter, as real collections do.
//! Generate into `target/` or a temporary folder; never commit the output.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus OUT EVENTS TALKS [SEED] [--untagged]";

fn main() -> ExitCode {
    let mut untagged = false;
    let mut positional = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--untagged" {
            untagged = true;
        } else {
            positional.push(arg);
        }
    }
    let number = |i: usize| positional.get(i).and_then(|a| a.parse::<u64>().ok());
    let (Some(out), Some(events), Some(talks)) = (positional.first(), number(1), number(2)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let spec =
        corpus::CorpusSpec { events: events as usize, talks: talks as usize, seed: number(3).unwrap_or(42), untagged };
    match corpus::write_corpus(&PathBuf::from(out), spec) {
        Ok(files) => {
            println!("{files} files written to {out}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gen_corpus: writing {out}: {err}");
            ExitCode::FAILURE
        }
    }
}
