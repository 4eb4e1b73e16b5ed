//! Pictures in the note pane: which are wanted (local images of the shown
//! note, while pictures are on), which are loading, shown or failed and
//! why. Loading happens elsewhere: requests wait in `requests` for the
//! runtime, results come back as [`Event::PictureLoaded`](super::Event).

use std::collections::HashMap;

use crate::notes::{link_opening, LinkOpening, Origin};
use crate::pictures::{Loaded, Picture, PictureKey};
use crate::render::ImageMark;

use super::App;

/// Rows kept for a picture: about a 16:9 picture at the pane's width (a cell
/// is about twice as tall as wide), within a third of the pane's height and 4 to 24 rows.
pub fn picture_rows(width: usize, height: usize) -> u16 {
    let by_width = width * 9 / 32;
    let rows = by_width.min(height / 3).clamp(4, 24);
    u16::try_from(rows).unwrap_or(24)
}

#[derive(Debug, Clone, PartialEq)]
pub enum PictureState {
    Loading,
    Shown(Picture),
    Failed(String),
}

#[derive(Debug)]
pub struct Pictures {
    /// Whether pictures are drawn at all (a key turns them off).
    pub on: bool,
    pub states: HashMap<PictureKey, PictureState>,
    requests: Vec<PictureKey>,
}

impl Default for Pictures {
    fn default() -> Self {
        Self { on: true, states: HashMap::new(), requests: Vec::new() }
    }
}

/// More kept than this, the oldest are dropped (each is encoded for its box).
const KEPT: usize = 64;

impl App {
    /// The file an image of the shown note points to, if it is one beside
    /// the notes (the same rule as opening it with `f`).
    pub fn picture_key(&self, image: &ImageMark) -> Result<PictureKey, String> {
        let Origin::Folder(root) = &self.collection.origin else {
            return Err("pictures of bundled notes are not shipped".into());
        };
        let from = self.shown_file().unwrap_or_default();
        match link_opening(&image.url, &from, true) {
            LinkOpening::File(file) => {
                let path = crate::notes::opening::confine(root, &file)?;
                Ok(PictureKey { path, columns: image.columns, rows: image.rows })
            }
            LinkOpening::Address(_) => Err("remote picture, not loaded".into()),
            LinkOpening::Refused(reason) => Err(reason.to_string()),
        }
    }

    /// Asks for the pictures of the shown note that are not known yet.
    pub(super) fn settle_pictures(&mut self) {
        if !self.pictures.on {
            return;
        }
        let Some(rendered) = self.note_view.rendered() else { return };
        let keys: Vec<PictureKey> = rendered.images.iter().filter_map(|i| self.picture_key(i).ok()).collect();
        for key in keys {
            if !self.pictures.states.contains_key(&key) {
                if self.pictures.states.len() >= KEPT {
                    self.pictures.states.retain(|_, state| matches!(state, PictureState::Loading));
                }
                self.pictures.states.insert(key.clone(), PictureState::Loading);
                self.pictures.requests.push(key);
            }
        }
    }

    /// Pictures to load, for the runtime.
    pub fn take_picture_requests(&mut self) -> Vec<PictureKey> {
        std::mem::take(&mut self.pictures.requests)
    }

    pub(super) fn picture_loaded(&mut self, loaded: Loaded) {
        let state = match loaded.result {
            Ok(picture) => PictureState::Shown(picture),
            Err(why) => PictureState::Failed(why),
        };
        self.pictures.states.insert(loaded.key, state);
    }

    pub(super) fn toggle_pictures(&mut self) {
        self.pictures.on = !self.pictures.on;
        self.message = Some(if self.pictures.on {
            "Pictures shown in notes".into()
        } else {
            "Pictures off: alt text only".into()
        });
    }
}
