//! The fuzz targets of `fuzz/` as property tests, so every `cargo test` runs
//! a few hundred cases of each. The properties themselves live in
//! `fuzz/props.rs`, shared with the fuzz targets; docs/fuzzing.md says how to
//! run the real fuzzers.

use proptest::prelude::*;

#[path = "../fuzz/props.rs"]
mod props;

/// Text that reaches the interesting paths sooner than uniform characters:
/// front matter and Markdown syntax, key names, TOML, controls and escapes,
/// bidi controls, wide and combining characters.
fn fragments(atoms: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(atoms).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

const CONTROLS: &[&str] = &[
    "\x1b",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://e.org\x1b\\",
    "\x07",
    "\x7f",
    "\u{85}",
    "\u{9b}",
    "\u{202e}",
    "\u{2066}",
    "\u{2028}",
    "\r",
    "\t",
    "\0",
    "\u{feff}",
    "東京",
    "e\u{301}",
    "👩‍👩‍👧‍👦",
];

const FRONTMATTER: &[&str] = &[
    "---\n",
    "---\r\n",
    "...\n",
    "\n",
    " ",
    "title: ",
    "kind: talk\n",
    "speakers: [a, b]\n",
    "topics:\n",
    "  - x\n",
    "related: y\n",
    "order: 3\n",
    "order: x\n",
    "start: 2019-05-20\n",
    "date: 2019\n",
    "name: ",
    "city: \"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    ">\n",
    "# c\n",
    "%YAML 1.2\n",
    "\u{feff}",
];

const MARKDOWN: &[&str] = &[
    " ",
    "\n",
    "\n\n",
    "word",
    "more words here",
    "- ",
    "1. ",
    "    ",
    "> ",
    "# ",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "```\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](x.md)",
    "[link](https://e.org)",
    "[^1]",
    "[^1]: ",
    "| a | b |\n|---|:-:|\n",
    "| ",
    " |",
    "---\n",
    "<b>",
    "<div>\n",
    "\\",
    "&amp;",
    "&#27;",
    "- [ ] ",
    "averyveryverylongwordwithoutanybreak",
];

const KEYMAP: &[&str] = &[
    "[global]\n",
    "[note]\n",
    "[timeline]\n",
    "[popup]\n",
    "[nowhere]\n",
    "quit = ",
    "go-top = ",
    "move-down = ",
    "unknown-action = ",
    "[",
    "]",
    "\"",
    ", ",
    "\n",
    " ",
    "g g",
    "ctrl-",
    "alt-",
    "shift-",
    "s-",
    "c-",
    "-",
    "--",
    "minus",
    "space",
    "tab",
    "backtab",
    "f1",
    "f24",
    "f25",
    "pageup",
    "j",
    "J",
    "ß",
    "ı",
    "\\u0001",
    "\\u00ad",
    "\\\"",
    "\\\\",
    "'",
    "3",
    "true",
    "{}",
    "#",
];

fn config() -> ProptestConfig {
    ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() }
}

fn with_controls(atoms: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![3 => fragments(atoms), 1 => fragments(CONTROLS)]
        .prop_flat_map(move |a| fragments(atoms).prop_map(move |b| format!("{a}{b}")))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn frontmatter_splits_and_parses_anything(text in with_controls(FRONTMATTER)) {
        props::frontmatter(&text);
    }

    #[test]
    fn render_fits_width_and_emits_only_sgr(markdown in with_controls(MARKDOWN), byte in any::<u8>()) {
        props::render(&markdown, props::render_width(byte));
    }

    #[test]
    fn keymap_loads_anything_and_keys_round_trip(text in with_controls(KEYMAP)) {
        props::keymap(&text);
    }

    #[test]
    fn any_parsed_key_prints_back_to_itself(text in fragments(KEYMAP)) {
        props::key_round_trip(&text);
    }
}

#[test]
fn seed_corpora_hold_the_properties() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, check) in [
        ("frontmatter", props::frontmatter as fn(&str)),
        ("render", |t: &str| props::render(t, 80)),
        ("keymap", props::keymap),
    ] {
        for entry in std::fs::read_dir(corpus.join(target)).expect("seed corpus") {
            let path = entry.expect("corpus entry").path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("seed-")) {
                check(&String::from_utf8_lossy(&std::fs::read(&path).expect("seed file")));
            }
        }
    }
}
