use confnotes::notes::{load_folder, Collection, RelatedIndex};
use std::path::Path;

fn fixture(name: &str) -> Collection {
    load_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(name)).expect("loads")
}

#[test]
fn dump() {
    for name in ["event-folders", "year-folders", "series-folders", "one-file", "untagged"] {
        let c = fixture(name);
        println!("=== {name}: warnings {:?}", c.warnings);
        println!("notes: {:?}", c.notes.iter().map(|n| (n.id.0.clone(), n.event)).collect::<Vec<_>>());
        for (i, e) in c.events.iter().enumerate() {
            println!(
                "[{i}] {} | {} | {:?}..{:?} | series {:?} key {:?} | ov {:?} {:?}",
                e.folder,
                e.name,
                e.start.map(|d| d.to_string()),
                e.end.map(|d| d.to_string()),
                e.series,
                e.series_key,
                e.overview_file,
                e.overview.chars().take(60).collect::<String>()
            );
            for &n in &e.notes {
                let n = &c.notes[n];
                println!(
                    "    {} | {} | kind {:?} group {:?} line {} inferred {:?}",
                    n.id, n.title, n.kind, n.group, n.body_line, n.inferred_topics
                );
            }
        }
        let index = RelatedIndex::build(&c);
        for i in 0..c.notes.len() {
            for r in index.related(&c, i) {
                println!(
                    "  rel {} -> {} : topics {:?} inferred {:?} sim {:.3} terms {:?} score {:.2}",
                    c.notes[i].id,
                    c.notes[r.note].id,
                    r.shared_topics,
                    r.inferred_topics,
                    r.similarity,
                    r.shared_terms,
                    r.score
                );
            }
        }
    }
}
