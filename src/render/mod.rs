//! Notes as styled terminal text: Markdown bodies and the header card above
//! them. Pure functions of (text, width, theme); no terminal, no App.

mod card;
mod markdown;
mod wrap;

pub use card::{event_card, note_card};
pub use markdown::{is_note_link, render_markdown, strip_title_heading, HeadingMark, LinkTarget, Rendered, MIN_WIDTH};
pub use wrap::{wrap, Inline};
