//! Notes as styled terminal text: Markdown bodies and the header card above
//! them. Pure functions of (text, width, theme); no terminal, no App.

mod ansi;
mod card;
mod highlight;
mod lines;
pub(crate) mod linked;
mod markdown;
mod syntax;
mod wrap;

pub use ansi::{to_ansi, to_ansi_linked, to_plain};
pub use card::{event_card, file_card, note_card};
pub use highlight::{block_at, colour_all, paint, BlockColours, CodeBlock, CodePiece, NoteColours};
pub use lines::StyledLines;
pub use linked::link_numbers;
pub use markdown::{
    is_note_link, render_markdown, render_markdown_on_one_thread, render_markdown_with, source_headings,
    strip_title_heading, without_reference_numbers, HeadingMark, ImageMark, LinkLabel, LinkLabels, LinkTarget,
    PictureRows, RenderOptions, Rendered, SourceHeading, MIN_WIDTH,
};
pub use syntax::{warm_up as warm_up_highlighting, TokenKind};
pub use wrap::{wrap, Inline};
