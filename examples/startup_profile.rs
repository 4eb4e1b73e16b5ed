//! Where start-up time goes on a large collection: `cargo run --release
//! --example startup_profile -- DIR`. For profiling by hand; not a test.

use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: startup_profile DIR");
    let t = Instant::now();
    let collection = confnotes::notes::load_folder(std::path::Path::new(&dir)).expect("loads");
    let load = t.elapsed();
    let t = Instant::now();
    let index = confnotes::notes::RelatedIndex::build(&collection);
    let related = t.elapsed();
    let t = Instant::now();
    let app = confnotes::app::App::new(
        collection.clone(),
        confnotes::keymap::Keymap::defaults().0,
        confnotes::app::Settings::default(),
        Vec::new(),
    );
    let app_new = t.elapsed();
    std::hint::black_box((&index, &app.collection.notes.len()));
    println!("load_folder {load:?}, RelatedIndex::build {related:?}, App::new (builds the index again) {app_new:?}");
}
