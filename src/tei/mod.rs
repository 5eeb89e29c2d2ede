//! TEI P5: write a [`crate::model::Document`] (the reader is
//! [`crate::read::tei`], beside the other readers).
//!
//! Ids: every `div`, `p`, `s`, `list`, `item`, `listBibl` and `bibl` carries
//! the `xml:id` the parser gave it (positional, so stable across runs:
//! `d5.2.lb1.b3` is the third entry of the first bibliography list in the
//! second subsection of the fifth section). Titles mentioned in running text
//! get `…s2.t1`. The subject is `person xml:id="subject"`. Heads are
//! `d5.head` (and `title` for the page title), so alignments can point at them.
//!
//! ```
//! let page = "# Victor Serge\n\n## Bibliografie\n\n* *Ville conquise* (Parijs, 1932)\n";
//! let doc = transalign::load::page_str(page, Some(transalign::syntax::Syntax::Markdown))?.doc;
//! let mut xml = Vec::new();
//! transalign::tei::write(&doc, &mut xml)?;
//! let xml = String::from_utf8(xml).unwrap();
//! assert!(xml.contains("<bibl xml:id=\"d1.lb1.b1\">"), "{xml}");
//! assert!(xml.contains("<pubPlace>Parijs</pubPlace>"));
//! // And back: the TEI reader gives the same document.
//! assert_eq!(transalign::read::tei::read(&xml)?, doc);
//! # Ok::<(), transalign::Error>(())
//! ```

pub mod write;

pub use write::{StreamedBody, TEI_NS, write, write_body};
