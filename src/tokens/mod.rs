//! Cutting text into tokens, the one way search and relating notes do:
//! `classes` sorts a text's bytes 64 at a time into bit masks (ASCII
//! letters, digits, capitals, spaces, line ends, other characters), from
//! which the full-text index's terms ([`crate::search::fold()`]) and a note's
//! chunks between spaces (`chunks`, the words relating reads) are cut;
//! both fold what they cut with [`crate::search::fold()`].

pub(crate) mod chunks;
pub(crate) mod classes;
