//! A synthetic collection in the notes format, for scale tests and benches:
//! one folder per event with `event.md`, and talk notes of about 1–5 KB
//! (median about 2.4 KB) holding headings, paragraphs, nested lists, tables,
//! code, quotes, links, and accented, CJK and emoji text.
//!
//! Deterministic for a given seed, so two runs of a bench read the same
//! bytes. Shared by the benches (`mod common`) and by `examples/gen_corpus.rs`,
//! which `scripts/bench.sh` runs; nothing here ships in the library.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const CITIES: [(&str, &str); 12] = [
    ("Barcelona", "Spain"),
    ("Detroit", "USA"),
    ("Paris", "France"),
    ("Salt Lake City", "USA"),
    ("Amsterdam", "Netherlands"),
    ("Chicago", "USA"),
    ("London", "UK"),
    ("Valencia", "Spain"),
    ("Shanghai", "China"),
    ("Tokyo", "Japan"),
    ("Mumbai", "India"),
    ("Atlanta", "USA"),
];

const TOPICS: &[&str] = &[
    "observability",
    "ai-ml",
    "platform-engineering",
    "networking",
    "service-mesh",
    "storage",
    "security",
    "multi-tenancy",
    "serverless",
    "sustainability",
    "open-source",
    "gitops",
    "ebpf",
    "gateway-api",
    "opentelemetry",
    "gpu",
    "scheduling",
    "autoscaling",
    "wasm",
    "edge",
    "databases",
    "ci-cd",
    "supply-chain",
    "policy",
    "cost",
    "developer-experience",
    "testing",
    "chaos-engineering",
    "identity",
    "backup",
    "operators",
    "crossplane",
    "helm",
    "kustomize",
    "logging",
    "tracing",
    "metrics",
    "llm-inference",
    "data-pipelines",
    "community",
];

const WORDS: &[&str] = &[
    "cluster",
    "node",
    "pod",
    "workload",
    "latency",
    "throughput",
    "control",
    "plane",
    "operator",
    "reconcile",
    "sidecar",
    "mesh",
    "policy",
    "tenant",
    "namespace",
    "quota",
    "scheduler",
    "kernel",
    "probe",
    "trace",
    "span",
    "metric",
    "log",
    "pipeline",
    "budget",
    "rollout",
    "canary",
    "gateway",
    "route",
    "certificate",
    "identity",
    "replica",
    "volume",
    "snapshot",
    "storage",
    "bucket",
    "inference",
    "model",
    "accelerator",
    "queue",
    "batch",
    "stream",
    "cache",
    "shard",
    "region",
    "failover",
    "upgrade",
];

const UNICODE: [&str; 13] =
    ["café", "naïve", "Zürich", "São Paulo", "Kraków", "東京", "北京", "한국어", "🚀", "✨", "—", "…", "Ελληνικά"];
const FIRST_NAMES: [&str; 8] = ["Ana", "Björn", "Chen", "Dara", "Émile", "Farah", "Giulia", "Hiro"];
const SURNAMES: [&str; 7] = ["Smith", "Rossi", "Müller", "Dubois", "Tanaka", "Khan", "Nowak"];
const KINDS: [&str; 5] = ["talk", "talk", "talk", "keynote", "panel"];
const STAGES: [&str; 3] = ["sandbox", "incubating", "graduated"];
const MONTHS: [u32; 4] = [3, 5, 10, 11];

/// What to write: `events` folders of `talks` notes each.
#[derive(Debug, Clone, Copy)]
pub struct CorpusSpec {
    pub events: usize,
    pub talks: usize,
    pub seed: u64,
    /// Leave `topics` out of the front matter, as real collections do, so
    /// relating notes has only their text to go on.
    pub untagged: bool,
}

/// splitmix64: tiny, fast and well distributed; a bench corpus needs
/// repeatability, not cryptographic quality, so no dependency is worth it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut ws: Vec<String> = (0..words).map(|_| r.pick(WORDS).to_string()).collect();
    if r.chance(0.3) {
        let at = r.range(0, ws.len());
        ws.insert(at, r.pick(&UNICODE).to_string());
    }
    if r.chance(0.3) {
        let i = r.range(0, ws.len() - 1);
        ws[i] = format!("**{}**", ws[i]);
    }
    if r.chance(0.2) {
        let i = r.range(0, ws.len() - 1);
        ws[i] = format!("`{}`", ws[i]);
    }
    if r.chance(0.15) {
        let i = r.range(0, ws.len() - 1);
        ws[i] = format!("[{0}](https://example.org/{0})", ws[i]);
    }
    let text = ws.join(" ");
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

fn random_sentence(r: &mut Rng) -> String {
    let words = r.range(8, 22);
    sentence(r, words)
}

fn paragraph(r: &mut Rng) -> String {
    let count = r.range(2, 6);
    (0..count).map(|_| random_sentence(r)).collect::<Vec<_>>().join(" ")
}

fn talk_body(r: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..r.range(2, 4) {
        let heading = sentence(r, 4);
        let _ = writeln!(out, "## {}\n", heading.trim_end_matches('.'));
        let _ = writeln!(out, "{}\n", paragraph(r));
        let kind = r.range(0, 99);
        if kind < 35 {
            for _ in 0..r.range(2, 5) {
                let _ = writeln!(out, "- {}", sentence(r, 6));
                if r.chance(0.3) {
                    let _ = writeln!(out, "  - {}", sentence(r, 5));
                }
            }
            out.push('\n');
        } else if kind < 55 {
            out.push_str("| Project | Stage | Note |\n|---|:---:|---|\n");
            for _ in 0..r.range(2, 5) {
                let (word, stage) = (r.pick(WORDS), r.pick(&STAGES));
                let _ = writeln!(out, "| {word} | {stage} | {} |", sentence(r, 5));
            }
            out.push('\n');
        } else if kind < 70 {
            let _ = writeln!(
                out,
                "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\ndata:\n  key: value\n```\n",
                r.pick(WORDS)
            );
        } else if kind < 80 {
            let _ = writeln!(out, "> {}\n", random_sentence(r));
        } else {
            for i in 0..r.range(2, 4) {
                let _ = writeln!(out, "{}. {}", i + 1, sentence(r, 7));
            }
            out.push('\n');
        }
    }
    out
}

fn talk_note(r: &mut Rng, untagged: bool) -> String {
    let mut topics: Vec<&str> = Vec::new();
    for _ in 0..r.range(1, 3) {
        let topic = r.pick(TOPICS);
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    let speakers: Vec<String> =
        (0..r.range(1, 2)).map(|_| format!("{} {}", r.pick(&FIRST_NAMES), r.pick(&SURNAMES))).collect();
    let words = r.range(3, 7);
    let title = sentence(r, words).trim_end_matches('.').replace(':', " -");
    let mut note = String::from("---\n");
    let _ = writeln!(note, "title: \"{title}\"");
    let _ = writeln!(note, "kind: {}", r.pick(&KINDS));
    let quoted: Vec<String> = speakers.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(note, "speakers: [{}]", quoted.join(", "));
    if !untagged {
        let _ = writeln!(note, "topics: [{}]", topics.join(", "));
    }
    let _ = write!(note, "---\n\n# {title}\n\n");
    note.push_str(&talk_body(r));
    note
}

/// Writes the collection into `out` (created if missing) and returns how
/// many files were written.
pub fn write_corpus(out: &Path, spec: CorpusSpec) -> io::Result<usize> {
    let mut r = Rng(spec.seed);
    let mut files = 0;
    fs::create_dir_all(out)?;
    for e in 0..spec.events {
        let year = 2015 + e % 12;
        let month = MONTHS[e % 4];
        let (city, country) = CITIES[e % CITIES.len()];
        let slug = format!("{year}-{month:02}-{}-{e}", city.to_lowercase().replace(' ', "-"));
        let dir = out.join(slug);
        fs::create_dir_all(&dir)?;
        let day = 10 + e % 15;
        let overview = format!(
            "---\nname: Synthetic Conference {e} {city} {year}\ncity: {city}\ncountry: {country}\n\
             start: {year}-{month:02}-{day:02}\nend: {year}-{month:02}-{:02}\n---\n\n{}\n",
            day + 3,
            paragraph(&mut r)
        );
        fs::write(dir.join("event.md"), overview)?;
        files += 1;
        for t in 0..spec.talks {
            fs::write(dir.join(format!("talk-{t:03}.md")), talk_note(&mut r, spec.untagged))?;
            files += 1;
        }
    }
    Ok(files)
}
