//! TEI P5: write a [`crate::model::Document`] (the reader is
//! [`crate::read::tei`], beside the other readers).
//!
//! Ids: every `div`, `p`, `s`, `list`, `item`, `listBibl` and `bibl` carries
//! the `xml:id` the parser gave it (positional, so stable across runs:
//! `d5.2.lb1.b3` is the third entry of the first bibliography list in the
//! second subsection of the fifth section). Titles mentioned in running text
//! get `…s2.t1`. The subject is `person xml:id="subject"`. Heads are
//! `d5.head` (and `title` for the page title), so alignments can point at them.

pub mod write;

pub use write::{StreamedBody, TEI_NS, write, write_body};
