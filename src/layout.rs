//! Where each pane goes, as a pure function of the terminal size and focus.
//! Update uses it to size pages and settle scroll offsets; the view uses it
//! to draw. Narrow terminals drop to two panes, then one.

use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Timeline,
    Talks,
    Note,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Timeline, Pane::Talks, Pane::Note];
}

/// Below this width the panes no longer fit side by side.
pub const THREE_PANES_MIN_WIDTH: u16 = 100;
pub const TWO_PANES_MIN_WIDTH: u16 = 60;
/// Below this the screen only says it is too small.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub timeline: Option<Rect>,
    pub talks: Option<Rect>,
    pub note: Option<Rect>,
    pub status: Rect,
    /// The terminal is too small to draw the panes.
    pub too_small: bool,
}

impl Layout {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Timeline => self.timeline,
            Pane::Talks => self.talks,
            Pane::Note => self.note,
        }
    }
}

/// Rows inside a bordered pane.
pub fn inner_height(rect: Rect) -> usize {
    usize::from(rect.height.saturating_sub(2))
}

/// Columns of note text inside the note pane (borders and one cell of padding each side).
pub fn note_text_width(rect: Rect) -> usize {
    usize::from(rect.width.saturating_sub(4))
}

/// `widths`: the timeline and talks panes' share of a wide terminal, in percent.
pub fn layout(area: Rect, focus: Pane, widths: (u16, u16)) -> Layout {
    let status = Rect { y: area.y + area.height.saturating_sub(1), height: area.height.min(1), ..area };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Layout { status, too_small: true, ..Layout::default() };
    }
    let body = Rect { height: area.height - 1, ..area };
    let split = |widths: &[u16]| -> Vec<Rect> {
        let mut x = body.x;
        widths
            .iter()
            .map(|&w| {
                let r = Rect { x, width: w, ..body };
                x += w;
                r
            })
            .collect()
    };
    let w = body.width;
    if w >= THREE_PANES_MIN_WIDTH {
        let percent =
            |p: u16, min: u16| (u32::from(w) * u32::from(p) / 100).clamp(u32::from(min), u32::from(w) / 3) as u16;
        let timeline = percent(widths.0, 26);
        let talks = percent(widths.1, 24);
        let r = split(&[timeline, talks, w - timeline - talks]);
        Layout { timeline: Some(r[0]), talks: Some(r[1]), note: Some(r[2]), status, too_small: false }
    } else if w >= TWO_PANES_MIN_WIDTH {
        // The list being worked in, beside the note.
        let list = (w * 38 / 100).max(24);
        let r = split(&[list, w - list]);
        let (timeline, talks) = match focus {
            Pane::Timeline => (Some(r[0]), None),
            _ => (None, Some(r[0])),
        };
        Layout { timeline, talks, note: Some(r[1]), status, too_small: false }
    } else {
        let mut l = Layout { status, ..Layout::default() };
        match focus {
            Pane::Timeline => l.timeline = Some(body),
            Pane::Talks => l.talks = Some(body),
            Pane::Note => l.note = Some(body),
        }
        l
    }
}

/// [`layout`] while two notes are compared: below three panes' width the
/// list beside them would leave each note a third of the screen, so with
/// the note focused the comparison takes the whole body (moving to a list
/// brings it back).
pub fn layout_comparing(area: Rect, focus: Pane, widths: (u16, u16)) -> Layout {
    let l = layout(area, focus, widths);
    if l.too_small || focus != Pane::Note || area.width >= THREE_PANES_MIN_WIDTH {
        return l;
    }
    let body = Rect { height: area.height.saturating_sub(1), ..area };
    Layout { timeline: None, talks: None, note: Some(body), ..l }
}

/// The two halves of the note pane when comparing two notes.
pub fn split_note(rect: Rect) -> (Rect, Rect) {
    let left = rect.width / 2;
    (Rect { width: left, ..rect }, Rect { x: rect.x + left, width: rect.width - left, ..rect })
}

/// The rectangle of a full-screen view (help, warnings) over the panes.
pub fn popup(area: Rect) -> Rect {
    let body_height = area.height.saturating_sub(1);
    let width = area.width.saturating_sub(4).min(100);
    let height = body_height.saturating_sub(2);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (body_height - height) / 2, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: (u16, u16) = (22, 28);

    fn area(w: u16, h: u16) -> Rect {
        Rect::new(0, 0, w, h)
    }

    #[test]
    fn a_comparison_fills_the_body_below_three_panes_while_the_note_is_focused() {
        let small = layout_comparing(area(80, 24), Pane::Note, DEFAULT);
        assert_eq!((small.timeline, small.talks), (None, None));
        assert_eq!(small.note, Some(Rect::new(0, 0, 80, 23)));
        assert_eq!(layout_comparing(area(80, 24), Pane::Talks, DEFAULT), layout(area(80, 24), Pane::Talks, DEFAULT));
        assert_eq!(layout_comparing(area(160, 45), Pane::Note, DEFAULT), layout(area(160, 45), Pane::Note, DEFAULT));
    }

    #[test]
    fn wide_terminals_get_three_panes_that_tile_the_width() {
        let l = layout(area(160, 45), Pane::Talks, DEFAULT);
        let (t, k, n) = (l.timeline.expect("timeline"), l.talks.expect("talks"), l.note.expect("note"));
        assert_eq!(t.x, 0);
        assert_eq!(k.x, t.width);
        assert_eq!(n.x + n.width, 160);
        assert_eq!(t.height, 44);
        assert_eq!(l.status, Rect::new(0, 44, 160, 1));
        assert!(n.width > k.width && k.width > t.width);
    }

    #[test]
    fn medium_terminals_show_the_focused_list_beside_the_note() {
        let l = layout(area(90, 30), Pane::Timeline, DEFAULT);
        assert!(l.timeline.is_some() && l.talks.is_none() && l.note.is_some());
        let l = layout(area(90, 30), Pane::Note, DEFAULT);
        assert!(l.timeline.is_none() && l.talks.is_some() && l.note.is_some());
    }

    #[test]
    fn narrow_terminals_show_only_the_focused_pane() {
        let l = layout(area(50, 20), Pane::Note, DEFAULT);
        assert_eq!(l.note, Some(Rect::new(0, 0, 50, 19)));
        assert!(l.timeline.is_none() && l.talks.is_none());
    }

    #[test]
    fn tiny_terminals_are_flagged_and_nothing_overflows() {
        for (w, h) in [(1, 1), (0, 0), (19, 40), (80, 4)] {
            let l = layout(area(w, h), Pane::Timeline, DEFAULT);
            assert!(l.too_small, "{w}x{h}");
            assert!(l.status.height <= h);
        }
    }
}
