//! TEI P5 alignment: both texts (as `text` elements in a `group`, with
//! their `div`/`head`/`p`/`list`/`listBibl` structure, every segment an `s`
//! with the `xml:id` the XCES output uses too) and a `standOff` whose
//! `linkGrp type="alignment"` links them. Each `link` has exactly two
//! pointers, source side then target side; a side of several sentences
//! points at a `join` of them. 1-0 and 0-1 links, which have one side only,
//! are listed as `span`s of a `spanGrp type="unaligned"`.
//!
//! A link a person marked in review points with `ana` at the categories
//! of the header's `review` taxonomy (`#review.checked`,
//! `#review.flagged`, `#review.edited`), written only when a link has one.
//!
//! With `external` texts (the inputs were TEI files), no texts are copied:
//! pointers are `FILE#id` references into the input files.

use std::io::Write;

use super::Aligned;
use crate::align::{SegKind, Segment};
use crate::error::Result;
use crate::tei::TEI_NS;
use crate::xml::XmlWriter;

/// Where the linked sentences live.
pub enum Texts<'a> {
    /// Copy both texts into the output, ids prefixed `src.` and `tgt.`.
    Embedded,
    /// Point into these files by the segments' own ids.
    External {
        /// Source TEI file as referenced from the output.
        src: &'a str,
        /// Target TEI file as referenced from the output.
        tgt: &'a str,
    },
}

fn pointer(texts: &Texts<'_>, sides: &(String, String), source_side: bool, seg: &Segment) -> String {
    match texts {
        Texts::Embedded => format!("#{}", super::sentence_id(if source_side { &sides.0 } else { &sides.1 }, seg)),
        Texts::External { src, tgt } => format!("{}#{}", if source_side { src } else { tgt }, seg.id),
    }
}

/// The block a text is in while its segments are written.
enum Open {
    None,
    Para,
    Bibls,
    /// Nested lists, each with an open item.
    Lists(usize),
}

fn close_block(w: &mut XmlWriter<'_>, open: &mut Open) {
    match std::mem::replace(open, Open::None) {
        Open::None => {}
        Open::Para => w.close("p"),
        Open::Bibls => w.close("listBibl"),
        Open::Lists(n) => {
            for _ in 0..n {
                w.close("item");
                w.close("list");
            }
        }
    }
}

/// One text with its structure: `div`s with their `head`s, `p`s, `list`s
/// of `item`s, `listBibl`s of `bibl`s, every segment an `s`.
pub fn write_text(w: &mut XmlWriter<'_>, side: &str, segs: &[Segment], lang: &crate::model::Lang) -> Result<()> {
    w.open("text", &[("xml:id", side), ("xml:lang", lang.code())]);
    w.open("body", &[]);
    let mut divs: Vec<u8> = Vec::new();
    let mut open = Open::None;
    let mut written = 0;
    for s in segs {
        let id = super::sentence_id(side, s);
        match s.kind {
            SegKind::Title if written == 0 => {
                w.open("head", &[]);
                w.leaf("s", &[("xml:id", &id)], &s.text);
                w.close("head");
            }
            SegKind::Head(level) => {
                close_block(w, &mut open);
                while divs.last().is_some_and(|l| *l >= level) {
                    divs.pop();
                    w.close("div");
                }
                divs.push(level);
                w.open("div", &[]);
                w.open("head", &[]);
                w.leaf("s", &[("xml:id", &id)], &s.text);
                w.close("head");
            }
            SegKind::Item(depth) => {
                let depth = depth.max(1) as usize;
                let mut n = match open {
                    Open::Lists(n) => n,
                    _ => {
                        close_block(w, &mut open);
                        0
                    }
                };
                while n > depth {
                    w.close("item");
                    w.close("list");
                    n -= 1;
                }
                if n == depth {
                    w.close("item");
                }
                // Deeper: a list inside the open item (an empty item
                // stands for a level the text skipped).
                while n < depth {
                    w.open("list", &[]);
                    n += 1;
                    if n < depth {
                        w.open("item", &[]);
                    }
                }
                open = Open::Lists(n);
                w.open("item", &[]);
                w.leaf("s", &[("xml:id", &id)], &s.text);
            }
            SegKind::Entry => {
                if !matches!(open, Open::Bibls) {
                    close_block(w, &mut open);
                    w.open("listBibl", &[]);
                    open = Open::Bibls;
                }
                w.open("bibl", &[]);
                w.leaf("s", &[("xml:id", &id)], &s.text);
                w.close("bibl");
            }
            SegKind::Title | SegKind::Sentence | SegKind::Code => {
                if s.starts_block || !matches!(open, Open::Para) {
                    close_block(w, &mut open);
                    w.open("p", &[]);
                    open = Open::Para;
                }
                w.leaf("s", &[("xml:id", &id)], &s.text);
            }
        }
        written += 1;
        w.maybe_flush()?;
    }
    close_block(w, &mut open);
    for _ in divs {
        w.close("div");
    }
    if written == 0 {
        w.empty_line("p", &[]);
    }
    w.close("body");
    w.close("text");
    Ok(())
}

/// The header's `review` taxonomy: what a person did to a link.
const REVIEW_CATEGORIES: &[(&str, &str)] = &[
    ("review.checked", "A person confirmed the link."),
    ("review.flagged", "A person marked the link to come back to."),
    ("review.edited", "A person changed the link: its sides, or a text in it."),
];

/// Link `k`'s `ana`: pointers to the review categories of its marks, or
/// empty.
fn ana(x: &Aligned<'_>, k: usize) -> String {
    super::marks_of(x, k).names().map(|m| format!("#review.{m}")).collect::<Vec<_>>().join(" ")
}

/// Write the alignment as one TEI document.
pub fn write(x: &Aligned<'_>, texts: &Texts<'_>, out: &mut dyn Write) -> Result<()> {
    let a = x.alignment;
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.open("TEI", &[("xmlns", TEI_NS)]);
    w.open("teiHeader", &[]);
    w.open("fileDesc", &[]);
    w.open("titleStmt", &[]);
    w.leaf("title", &[], &format!("Alignment of {} ({}) and {} ({})", x.src_name, a.src_lang, x.tgt_name, a.tgt_lang));
    w.close("titleStmt");
    w.open("publicationStmt", &[]);
    w.leaf("p", &[], "Sentence alignment made by transalign.");
    w.close("publicationStmt");
    if !x.warnings.is_empty() {
        w.open("notesStmt", &[]);
        for note in x.warnings {
            w.leaf("note", &[("type", "warning")], note);
        }
        w.close("notesStmt");
    }
    w.open("sourceDesc", &[]);
    w.open("listBibl", &[]);
    for (name, role) in [(x.src_name, "source"), (x.tgt_name, "target")] {
        w.line("bibl", &[("type", role)]);
        w.start("title", &[]);
        w.text(name);
        w.end("title");
        w.end("bibl");
    }
    w.close("listBibl");
    w.close("sourceDesc");
    w.close("fileDesc");
    if x.marks.iter().any(|m| m.any()) {
        crate::tei::write::encoding_desc_with(&mut w, "review", REVIEW_CATEGORIES);
    } else {
        crate::tei::write::encoding_desc(&mut w);
    }
    w.open("profileDesc", &[]);
    w.open("langUsage", &[]);
    for l in [&a.src_lang, &a.tgt_lang] {
        w.leaf("language", &[("ident", l.code())], l.name());
    }
    w.close("langUsage");
    w.close("profileDesc");
    w.close("teiHeader");

    if let Texts::Embedded = texts {
        let (sn, tn) = super::side_names(a);
        w.open("text", &[]);
        w.open("group", &[]);
        write_text(&mut w, &sn, x.src, &a.src_lang)?;
        write_text(&mut w, &tn, x.tgt, &a.tgt_lang)?;
        w.close("group");
        w.close("text");
    }

    w.open("standOff", &[]);
    let sides = super::side_names(a);
    let side_ptrs = |segs: &[Segment], ids: &[usize], source_side: bool| -> Vec<String> {
        ids.iter().filter_map(|&i| segs.get(i)).map(|s| pointer(texts, &sides, source_side, s)).collect()
    };
    let multi: Vec<(usize, bool, Vec<String>)> = a
        .links
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            let mut v = Vec::new();
            if l.src.len() > 1 {
                v.push((k, true, side_ptrs(x.src, &l.src, true)));
            }
            if l.tgt.len() > 1 {
                v.push((k, false, side_ptrs(x.tgt, &l.tgt, false)));
            }
            v
        })
        .collect();
    let join_id = |k: usize, source_side: bool| format!("al.j{}{}", k + 1, if source_side { "s" } else { "t" });
    if !multi.is_empty() {
        w.open("joinGrp", &[("result", "s")]);
        for (k, source_side, ptrs) in &multi {
            w.empty_line("join", &[("xml:id", &join_id(*k, *source_side)), ("target", &ptrs.join(" "))]);
            w.maybe_flush()?;
        }
        w.close("joinGrp");
    }
    w.open("linkGrp", &[("type", "alignment")]);
    for (k, l) in a.links.iter().enumerate() {
        if l.src.is_empty() || l.tgt.is_empty() {
            continue;
        }
        let side = |source_side: bool, segs, ids: &[usize]| {
            if ids.len() > 1 {
                format!("#{}", join_id(k, source_side))
            } else {
                side_ptrs(segs, ids, source_side).join(" ")
            }
        };
        let target = format!("{} {}", side(true, x.src, &l.src), side(false, x.tgt, &l.tgt));
        let kind = format!("{}-{}", l.src.len(), l.tgt.len());
        let cert = format!("{:.3}", l.confidence);
        let id = format!("al.l{}", k + 1);
        let ana = ana(x, k);
        let mut attrs = vec![("xml:id", id.as_str()), ("type", &kind), ("target", &target), ("cert", &cert)];
        if !ana.is_empty() {
            attrs.push(("ana", &ana));
        }
        w.empty_line("link", &attrs);
        w.maybe_flush()?;
    }
    w.close("linkGrp");
    let nulls: Vec<(usize, &crate::align::Link)> =
        a.links.iter().enumerate().filter(|(_, l)| l.src.is_empty() || l.tgt.is_empty()).collect();
    if !nulls.is_empty() {
        w.open("spanGrp", &[("type", "unaligned")]);
        for (k, l) in nulls {
            let (ptrs, kind) = if l.tgt.is_empty() {
                (side_ptrs(x.src, &l.src, true), "1-0")
            } else {
                (side_ptrs(x.tgt, &l.tgt, false), "0-1")
            };
            let cert = format!("{:.3}", l.confidence);
            let (id, target, ana) = (format!("al.l{}", k + 1), ptrs.join(" "), ana(x, k));
            let mut attrs = vec![("xml:id", id.as_str()), ("type", kind), ("target", &target), ("cert", &cert)];
            if !ana.is_empty() {
                attrs.push(("ana", &ana));
            }
            w.empty_line("span", &attrs);
        }
        w.close("spanGrp");
    }
    w.close("standOff");
    w.close("TEI");
    w.raw("\n");
    w.flush()?;
    Ok(())
}
