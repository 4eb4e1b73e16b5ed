//! Pictures in the note pane: which are wanted (local images of the shown
//! note, while pictures are on), which are loading, shown or failed and
//! why. Loading happens elsewhere: requests wait in `requests` for the
//! runtime, results come back as [`Notice::PicturesLoaded`](super::Notice::PicturesLoaded).

use std::collections::HashMap;

use crate::notes::{link_opening, LinkOpening, Origin};
use crate::pictures::{Loaded, Picture, PictureKey};
use crate::render::ImageMark;

use super::{App, Document, RenderedDoc};

/// The most rows a picture takes in a pane `height` rows high: half of it,
/// so a tall picture shows whole with text around it, and never more than 48.
pub fn most_picture_rows(height: usize) -> u16 {
    u16::try_from((height / 2).clamp(1, 48)).unwrap_or(48)
}

/// Where line `line` of a note is once it is laid out again with its
/// pictures' rows changed (`before` → `after`, the same pictures): the text
/// after a picture moves with the picture's end, so the line read stays in
/// view; a line inside a picture stays inside it.
pub fn line_after_pictures_resized(line: usize, before: &[ImageMark], after: &[ImageMark]) -> usize {
    if before.len() != after.len() {
        return line;
    }
    let mut moved = line;
    for (old, new) in before.iter().zip(after) {
        if old.line > line {
            break;
        }
        let (old_end, new_end) = (old.line + usize::from(old.rows), new.line + usize::from(new.rows));
        moved = if line < old_end {
            new.line + (line - old.line).min(usize::from(new.rows.saturating_sub(1)))
        } else {
            (line + new_end).saturating_sub(old_end)
        };
    }
    moved
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
    /// Counts the pictures that came with another size than the rows kept
    /// for them: a change lays the note out again (see `NoteLayout`).
    pub resized: u64,
}

impl Default for Pictures {
    fn default() -> Self {
        Self { on: true, states: HashMap::new(), requests: Vec::new(), resized: 0 }
    }
}

/// More kept than this, the oldest are dropped (each is encoded for its box).
const KEPT: usize = 64;

/// The rows a picture takes once its size is known: the decoded picture's,
/// or one for the line saying why there is none.
fn rows_of(state: &PictureState) -> Option<u16> {
    match state {
        PictureState::Shown(picture) => Some(picture.0.area().height.max(1)),
        PictureState::Failed(_) => Some(1),
        PictureState::Loading => None,
    }
}

impl App {
    /// The file an image of `document` points to, if it is one beside the
    /// notes (the same rule as opening it with `f`), in its box.
    pub fn picture_key(&self, document: Document, image: &ImageMark) -> Result<PictureKey, String> {
        self.picture_key_of(document, &image.url, image.columns, image.most_rows)
    }

    fn picture_key_of(&self, document: Document, url: &str, columns: u16, rows: u16) -> Result<PictureKey, String> {
        let Origin::Folder(root) = &self.collection.origin else {
            return Err("pictures of bundled notes are not shipped".into());
        };
        match link_opening(url, &self.document_file(document), true) {
            LinkOpening::File(file) => {
                let path = crate::notes::opening::confine(root, &file)?;
                Ok(PictureKey { path, columns, rows })
            }
            LinkOpening::Address(_) => Err("remote picture, not loaded".into()),
            LinkOpening::Refused(reason) => Err(reason.to_string()),
        }
    }

    /// The rows a picture of `document` takes once its size is known: the
    /// decoded picture's, or one for the line saying why there is none.
    pub(super) fn known_picture_rows(&self, document: Document, url: &str, columns: u16, most: u16) -> Option<u16> {
        match self.picture_key_of(document, url, columns, most) {
            Err(_) => Some(1),
            Ok(key) => rows_of(self.pictures.states.get(&key)?),
        }
    }

    /// The notes rendered in the panes: the shown one and the compared one.
    fn shown_documents(&self) -> impl Iterator<Item = &RenderedDoc> {
        let compared = self.compare.as_ref().and_then(|c| c.rendered());
        self.note_view.rendered().into_iter().chain(compared)
    }

    /// The pictures of `rendered` when it is about to be laid out again only
    /// because pictures came with their own sizes, to keep the reader's place.
    pub(super) fn pictures_before_resize(
        &self,
        rendered: Option<&RenderedDoc>,
        document: Option<Document>,
        width: usize,
    ) -> Option<Vec<ImageMark>> {
        let r = rendered?;
        let unchanged =
            Some(r.document) == document && r.width == width && r.layout.same_but_pictures(&self.note_layout());
        (unchanged && r.layout != self.note_layout()).then(|| r.images.clone())
    }

    /// Asks for the pictures of the shown notes that are not known yet.
    pub(super) fn settle_pictures(&mut self) {
        if !self.pictures.on {
            return;
        }
        let keys: Vec<PictureKey> = self
            .shown_documents()
            .flat_map(|r| r.images.iter().filter_map(|i| self.picture_key(r.document, i).ok()))
            .collect();
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

    pub(super) fn pictures_loaded(&mut self, loaded: Vec<Loaded>) {
        let mut resized = false;
        for loaded in loaded {
            let state = match loaded.result {
                Ok(picture) => PictureState::Shown(picture),
                Err(why) => PictureState::Failed(why),
            };
            let rows = rows_of(&state).unwrap_or(1);
            // Rows kept for it that are not its own: the note is laid out again.
            resized |= self.shown_documents().any(|r| {
                r.images
                    .iter()
                    .any(|i| i.rows != rows && self.picture_key(r.document, i).is_ok_and(|k| k == loaded.key))
            });
            self.pictures.states.insert(loaded.key, state);
        }
        if resized {
            self.pictures.resized += 1;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(line: usize, rows: u16) -> ImageMark {
        ImageMark {
            url: String::new(),
            alt: String::new(),
            number: 1,
            line,
            rows,
            most_rows: 20,
            column: 0,
            columns: 40,
        }
    }

    #[test]
    fn text_below_a_resized_picture_moves_with_its_end() {
        // Two pictures: 10 rows at line 5 become 4; 10 at line 30 become 12.
        let before = [mark(5, 10), mark(30, 10)];
        let after = [mark(5, 4), mark(24, 12)];
        assert_eq!(line_after_pictures_resized(2, &before, &after), 2, "above both: unmoved");
        assert_eq!(line_after_pictures_resized(20, &before, &after), 14, "after the first");
        assert_eq!(line_after_pictures_resized(45, &before, &after), 41, "after both");
        assert_eq!(line_after_pictures_resized(8, &before, &after), 8, "inside the first, within its rows");
        assert_eq!(line_after_pictures_resized(14, &before, &after), 8, "inside, past its new end: its last row");
        assert_eq!(line_after_pictures_resized(20, &before, &after[..1]), 20, "other pictures: unmoved");
    }
}
