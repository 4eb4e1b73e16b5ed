#![no_main]
//! The Markdown renderer: the first byte picks a width (8..=200), the rest is
//! the note body (see props.rs).

use libfuzzer_sys::fuzz_target;

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    props::render(&String::from_utf8_lossy(rest), props::render_width(first));
});
