//! The multi-alignment as TMX 1.4b: one `tu` per row, with one `tuv` per
//! version that has text in the row (the pivot first), so a row of three
//! languages is one unit of three variants. A `tuv` names its version in
//! `prop type="x-version"` (two versions may share a language), and a
//! translation's weakest confidence in the row in `prop
//! type="x-confidence"`; the row's flags are `prop type="x-flags"` on the
//! `tu`. A row without pivot text names its first version's language as
//! the unit's `srclang`. The warnings are `note`s of the header, as in a
//! pair's TMX. Valid against the TMX 1.4b DTD (tested with xmllint and
//! translate-toolkit).

use std::io::Write;

use super::MultiAlignment;
use crate::error::Result;
use crate::formats::joined;
use crate::xml::XmlWriter;

/// Write the multi-alignment as a TMX 1.4b document.
pub fn write(m: &MultiAlignment, out: &mut dyn Write) -> Result<()> {
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.raw("\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">");
    w.open("tmx", &[("version", "1.4")]);
    w.open(
        "header",
        &[
            ("creationtool", "transalign"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "transalign-multi"),
            ("adminlang", "en"),
            ("srclang", m.pivot().lang.code()),
            ("datatype", "plaintext"),
        ],
    );
    // The header's notes say how the memory was made, as a pair's TMX.
    for note in m.warnings() {
        w.leaf("note", &[], &format!("warning: {note}"));
    }
    for v in &m.versions {
        w.leaf("prop", &[("type", "x-version")], &format!("{} {} {}", v.name, v.lang, v.file));
    }
    w.close("header");
    w.open("body", &[]);
    for (r, row) in m.rows.iter().enumerate() {
        let with_text: Vec<usize> = (0..row.cells.len()).filter(|&v| !row.cells[v].segments.is_empty()).collect();
        let Some(&first) = with_text.first() else { continue };
        let id = (r + 1).to_string();
        let mut attrs = vec![("tuid", id.as_str())];
        if first != 0 {
            attrs.push(("srclang", m.versions[first].lang.code()));
        }
        w.open("tu", &attrs);
        if !row.flags.is_empty() {
            w.leaf("prop", &[("type", "x-flags")], &super::FlagKind::line(m, &row.flags));
        }
        for v in with_text {
            let ver = &m.versions[v];
            let cell = &row.cells[v];
            w.open("tuv", &[("xml:lang", ver.lang.code())]);
            w.leaf("prop", &[("type", "x-version")], &ver.name);
            if let Some(c) = cell.confidence {
                w.leaf("prop", &[("type", "x-confidence")], &format!("{c:.3}"));
            }
            w.leaf("seg", &[], &joined(&ver.segments, &cell.segments));
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
