//! Where the note pane is in the shown document: the first line shown, the
//! sideways scroll, the reader's layout choices (wide tables, line breaks,
//! code wrapped), positions to apply once the next document is rendered,
//! the shown document as rendered, the search in it and where that search
//! began. A part of the app that owns its state, changed only through its
//! methods; what is rendered and when is [`super::App`]'s settle.

use super::{NoteLayout, NoteSearch, QueryHistory, RenderedDoc};

/// Columns a sideways scroll moves.
const HSCROLL_STEP: usize = 8;

pub struct NoteView {
    /// The shown document, rendered for the pane's width and layout;
    /// `None` when nothing is shown or it is to be rendered again.
    rendered: Option<RenderedDoc>,
    /// The search in the note, its matches and the current one.
    search: Option<NoteSearch>,
    /// The first line of the rendered document shown.
    scroll: usize,
    /// Columns scrolled sideways, for wide tables and long code lines.
    hscroll: usize,
    /// Tables keep their natural width (and the note scrolls sideways).
    wide_tables: bool,
    /// Line breaks inside paragraphs shown as written.
    line_breaks: bool,
    /// Long code lines wrapped; else they scroll sideways.
    wrap_code: bool,
    /// A scroll position to apply once the next document is rendered
    /// (going back in history, a note read again): lines exist only then.
    pending_scroll: Option<usize>,
    /// A heading to scroll to once the next document is rendered (a link's #fragment).
    pending_heading: Option<String>,
    /// Where the view was when a search in the note began, to return to on Esc.
    search_origin: usize,
    /// The queries searched, in any note, for Up in the search's field.
    history: QueryHistory,
}

impl NoteView {
    /// A view at the top of its note, with the layout choices of the settings.
    pub fn new(line_breaks: bool, wrap_code: bool) -> Self {
        Self {
            rendered: None,
            search: None,
            scroll: 0,
            hscroll: 0,
            wide_tables: false,
            line_breaks,
            wrap_code,
            pending_scroll: None,
            pending_heading: None,
            search_origin: 0,
            history: QueryHistory::default(),
        }
    }

    /// The shown document as rendered.
    pub fn rendered(&self) -> Option<&RenderedDoc> {
        self.rendered.as_ref()
    }

    /// A document rendered anew (or none shown).
    pub fn show(&mut self, rendered: Option<RenderedDoc>) {
        self.rendered = rendered;
    }

    /// The document is rendered again when the app next settles (a new
    /// theme, its note read again).
    pub fn forget_rendered(&mut self) {
        self.rendered = None;
    }

    /// Lines of the rendered document.
    pub fn line_count(&self) -> usize {
        self.rendered.as_ref().map_or(0, |r| r.lines.len())
    }

    /// How far the note can scroll sideways: its widest line past the pane.
    pub fn max_hscroll(&self) -> usize {
        self.rendered.as_ref().map_or(0, |r| r.widest.saturating_sub(r.width))
    }

    /// The search in the note, while there is one.
    pub fn search(&self) -> Option<&NoteSearch> {
        self.search.as_ref()
    }

    pub fn search_mut(&mut self) -> Option<&mut NoteSearch> {
        self.search.as_mut()
    }

    /// A search begun or typed further, with its matches.
    pub fn set_search(&mut self, search: NoteSearch) {
        self.search = Some(search);
    }

    /// No search any more: its highlights go.
    pub fn end_search(&mut self) {
        self.search = None;
    }

    /// The queries searched in notes, for the search's field to recall.
    pub fn history_mut(&mut self) -> &mut QueryHistory {
        &mut self.history
    }

    /// The first line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Shows `line` first, as far as the note goes (`max`, its last top line).
    pub fn scroll_to(&mut self, line: usize, max: usize) {
        self.scroll = line.min(max);
    }

    /// Back to the top: another note is shown.
    pub fn to_top(&mut self) {
        self.scroll = 0;
    }

    /// Columns scrolled sideways.
    pub fn hscroll(&self) -> usize {
        self.hscroll
    }

    pub fn scroll_left(&mut self) {
        self.hscroll = self.hscroll.saturating_sub(HSCROLL_STEP);
    }

    /// Kept within the note by [`NoteView::clamp`] when it settles.
    pub fn scroll_right(&mut self) {
        self.hscroll += HSCROLL_STEP;
    }

    /// Keeps both scrolls within the document: `max` lines down, `hmax` columns sideways.
    pub fn clamp(&mut self, max: usize, hmax: usize) {
        self.scroll = self.scroll.min(max);
        self.hscroll = self.hscroll.min(hmax);
    }

    /// Tables at their natural width or fitted; returns the new choice.
    pub fn toggle_wide_tables(&mut self) -> bool {
        self.wide_tables = !self.wide_tables;
        self.hscroll = 0;
        self.wide_tables
    }

    /// Line breaks inside paragraphs kept or joined; returns the new choice.
    pub fn toggle_line_breaks(&mut self) -> bool {
        self.line_breaks = !self.line_breaks;
        self.line_breaks
    }

    /// Long code lines wrapped or scrolled sideways; returns the new choice.
    pub fn toggle_wrap_code(&mut self) -> bool {
        self.wrap_code = !self.wrap_code;
        self.hscroll = 0;
        self.wrap_code
    }

    /// The reader's layout choices, with `image_rows` kept at most for each picture
    /// and `pictures_resized` counting the pictures that took their own shape.
    pub fn layout(&self, image_rows: u16, pictures_resized: u64) -> NoteLayout {
        NoteLayout {
            wide_tables: self.wide_tables,
            line_breaks: self.line_breaks,
            wrap_code: self.wrap_code,
            image_rows,
            pictures_resized,
        }
    }

    /// Scrolls to `line` once the next document is rendered.
    pub fn return_to(&mut self, line: usize) {
        self.pending_scroll = Some(line);
    }

    /// The document is rendered: a position asked for before goes in effect
    /// (clamped when the view settles).
    pub fn apply_return(&mut self) {
        if let Some(line) = self.pending_scroll.take() {
            self.scroll = line;
        }
    }

    /// Scrolls to the heading a link's `#fragment` names once the next document is rendered.
    pub fn go_to_heading(&mut self, fragment: Option<String>) {
        self.pending_heading = fragment;
    }

    /// The heading asked for by [`NoteView::go_to_heading`], once.
    pub fn take_heading(&mut self) -> Option<String> {
        self.pending_heading.take()
    }

    /// A search in the note begins here.
    pub fn begin_search(&mut self) {
        self.search_origin = self.scroll;
    }

    /// Where the search in the note began.
    pub fn search_origin(&self) -> usize {
        self.search_origin
    }

    /// The search began at the top (the note changed under it).
    pub fn forget_search_origin(&mut self) {
        self.search_origin = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_stay_within_the_document() {
        let mut view = NoteView::new(false, true);
        view.scroll_to(50, 20);
        assert_eq!(view.scroll(), 20);
        view.scroll_right();
        view.scroll_right();
        view.clamp(10, 5);
        assert_eq!((view.scroll(), view.hscroll()), (10, 5));
        view.scroll_left();
        assert_eq!(view.hscroll(), 0);
    }

    #[test]
    fn a_new_layout_starts_at_the_left_edge() {
        let mut view = NoteView::new(false, true);
        view.scroll_right();
        assert!(view.toggle_wide_tables());
        assert_eq!(view.hscroll(), 0);
        view.scroll_right();
        assert!(!view.toggle_wrap_code());
        assert_eq!(view.hscroll(), 0);
        assert_eq!(
            view.layout(3, 2),
            NoteLayout { wide_tables: true, line_breaks: false, wrap_code: false, image_rows: 3, pictures_resized: 2 }
        );
    }

    #[test]
    fn a_position_asked_for_applies_once() {
        let mut view = NoteView::new(false, true);
        view.return_to(7);
        assert_eq!(view.scroll(), 0, "not before the document is rendered");
        view.apply_return();
        assert_eq!(view.scroll(), 7);
        view.to_top();
        view.apply_return();
        assert_eq!(view.scroll(), 0);
    }
}
