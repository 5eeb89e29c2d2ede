//! TMX 1.4b: one translation unit per link, in order, with the required
//! header attributes. A 1-0 or 0-1 link gives a unit with one variant.
//! A unit's properties: its confidence (`x-confidence`) and, for a link a
//! person marked in review, `x-checked`, `x-flagged`, `x-edited` (each
//! `true`, written only when set, as the alignment JSON writes them).

use std::io::Write;

use super::{Aligned, joined};
use crate::error::Result;
use crate::xml::XmlWriter;

/// Write the alignment as a TMX 1.4b document.
pub fn write(x: &Aligned<'_>, out: &mut dyn Write) -> Result<()> {
    let a = x.alignment;
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.raw("\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">");
    w.open("tmx", &[("version", "1.4")]);
    let header = [
        ("creationtool", "transalign"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "sentence"),
        ("o-tmf", "transalign"),
        ("adminlang", "en"),
        ("srclang", a.src_lang.code()),
        ("datatype", "plaintext"),
    ];
    if x.warnings.is_empty() {
        w.empty_line("header", &header);
    } else {
        // The header's notes say how the memory was made.
        w.open("header", &header);
        for note in x.warnings {
            w.leaf("note", &[], &format!("warning: {note}"));
        }
        w.close("header");
    }
    w.open("body", &[]);
    for (k, l) in a.links.iter().enumerate() {
        let id = (k + 1).to_string();
        w.open("tu", &[("tuid", &id)]);
        w.leaf("prop", &[("type", "x-confidence")], &format!("{:.3}", l.confidence));
        for mark in super::marks_of(x, k).names() {
            w.leaf("prop", &[("type", &format!("x-{mark}"))], "true");
        }
        for (lang, segs, ids) in [(&a.src_lang, x.src, &l.src), (&a.tgt_lang, x.tgt, &l.tgt)] {
            if ids.is_empty() {
                continue;
            }
            w.open("tuv", &[("xml:lang", lang.code())]);
            w.leaf("seg", &[], &joined(segs, ids));
            w.close("tuv");
        }
        w.close("tu");
        w.maybe_flush()?;
    }
    w.close("body");
    w.close("tmx");
    w.raw("\n");
    w.flush()?;
    Ok(())
}
