#![no_main]
//! The keymap file parser and key names (see props.rs).

use libfuzzer_sys::fuzz_target;

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

fuzz_target!(|data: &[u8]| {
    props::keymap(&String::from_utf8_lossy(data));
});
