#![no_main]
//! Front matter: split, then parse as note and event fields (see props.rs).

use libfuzzer_sys::fuzz_target;

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

fuzz_target!(|data: &[u8]| {
    props::frontmatter(&String::from_utf8_lossy(data));
});
