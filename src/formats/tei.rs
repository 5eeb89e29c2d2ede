//! TEI P5 alignment: both texts (as `text` elements in a `group`, every
//! sentence an `s` with an `xml:id`) and a `standOff` whose
//! `linkGrp type="alignment"` links them. Each `link` has exactly two
//! pointers, source side then target side; a side of several sentences
//! points at a `join` of them. 1-0 and 0-1 links, which have one side only,
//! are listed as `span`s of a `spanGrp type="unaligned"`.
//!
//! With `external` texts (the inputs were TEI files), no texts are copied:
//! pointers are `FILE#id` references into the input files.

use std::io::Write;

use super::Aligned;
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

fn pointer(texts: &Texts<'_>, source_side: bool, id: &str) -> String {
    match texts {
        Texts::Embedded => format!("#{}.{id}", if source_side { "src" } else { "tgt" }),
        Texts::External { src, tgt } => format!("{}#{id}", if source_side { src } else { tgt }),
    }
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
    crate::tei::write::encoding_desc(&mut w);
    w.open("profileDesc", &[]);
    w.open("langUsage", &[]);
    for l in [&a.src_lang, &a.tgt_lang] {
        w.leaf("language", &[("ident", l.code())], l.name());
    }
    w.close("langUsage");
    w.close("profileDesc");
    w.close("teiHeader");

    if let Texts::Embedded = texts {
        w.open("text", &[]);
        w.open("group", &[]);
        for (side, segs, lang) in [("src", x.src, &a.src_lang), ("tgt", x.tgt, &a.tgt_lang)] {
            w.open("text", &[("xml:id", side), ("xml:lang", lang.code())]);
            w.open("body", &[]);
            let mut para = 0;
            let mut open = false;
            for (k, s) in segs.iter().enumerate() {
                if k == 0 || s.starts_block {
                    if open {
                        w.close("p");
                    }
                    para += 1;
                    w.open("p", &[("xml:id", &format!("{side}.p{para}"))]);
                    open = true;
                }
                w.leaf("s", &[("xml:id", &format!("{side}.{}", s.id))], &s.text);
                w.maybe_flush()?;
            }
            if open {
                w.close("p");
            } else {
                w.empty_line("p", &[]);
            }
            w.close("body");
            w.close("text");
        }
        w.close("group");
        w.close("text");
    }

    w.open("standOff", &[]);
    let side_ptrs = |segs: &[crate::align::Segment], ids: &[usize], source_side: bool| -> Vec<String> {
        ids.iter().filter_map(|&i| segs.get(i)).map(|s| pointer(texts, source_side, &s.id)).collect()
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
        w.empty_line(
            "link",
            &[("xml:id", &format!("al.l{}", k + 1)), ("type", &kind), ("target", &target), ("cert", &cert)],
        );
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
            w.empty_line(
                "span",
                &[("xml:id", &format!("al.l{}", k + 1)), ("type", kind), ("target", &ptrs.join(" ")), ("cert", &cert)],
            );
        }
        w.close("spanGrp");
    }
    w.close("standOff");
    w.close("TEI");
    w.raw("\n");
    w.flush()?;
    Ok(())
}
