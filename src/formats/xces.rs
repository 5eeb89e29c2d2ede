//! XCES `cesAlign`, the sentence-alignment format of OPUS:
//! `<link xtargets="nl.s1 nl.s2;fr.s3" certainty="0.93"/>`, ids separated
//! by spaces, the two sides by a semicolon, an empty side for 1-0 and 0-1
//! links. `fromDoc` and `toDoc` name the two sentence files, written beside
//! the alignment in OPUS's raw XML form (`<s id="…">text</s>`, read by
//! `opus_read -p raw`), with paths relative to the alignment file.

use std::io::Write;

use super::Aligned;
use crate::align::Segment;
use crate::error::Result;
use crate::xml::XmlWriter;

/// Write the alignment as a cesAlign document; `from_doc` and `to_doc` are
/// the sentence files as the alignment refers to them.
pub fn write(x: &Aligned<'_>, from_doc: &str, to_doc: &str, out: &mut dyn Write) -> Result<()> {
    let (sn, tn) = super::side_names(x.alignment);
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.raw("\n<!DOCTYPE cesAlign PUBLIC \"-//CES//DTD XML cesAlign//EN\" \"\">");
    w.open("cesAlign", &[("version", "1.0")]);
    for note in x.warnings {
        w.comment(&format!("warning: {note}"));
    }
    w.open("linkGrp", &[("targType", "s"), ("fromDoc", from_doc), ("toDoc", to_doc)]);
    for (k, l) in x.alignment.links.iter().enumerate() {
        let side = |segs: &[Segment], ids: &[usize], name: &str| -> String {
            ids.iter().filter_map(|&i| segs.get(i).map(|s| super::sentence_id(name, s))).collect::<Vec<_>>().join(" ")
        };
        let xt = format!("{};{}", side(x.src, &l.src, &sn), side(x.tgt, &l.tgt, &tn));
        let id = format!("SL{}", k + 1);
        let cert = format!("{:.3}", l.confidence);
        w.empty_line("link", &[("id", &id), ("xtargets", &xt), ("certainty", &cert)]);
        w.maybe_flush()?;
    }
    w.close("linkGrp");
    w.close("cesAlign");
    w.raw("\n");
    w.flush()?;
    Ok(())
}

/// Write one side's sentences as an OPUS sentence file: a `p` per block,
/// an `s` per segment with its id as the alignment refers to it.
pub(crate) fn write_sentences(segs: &[Segment], side: &str, lang: &str, out: &mut dyn Write) -> Result<()> {
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.open("text", &[("xml:lang", lang)]);
    let mut open = false;
    let mut para = 0;
    for (k, s) in segs.iter().enumerate() {
        if k == 0 || s.starts_block {
            if open {
                w.close("p");
            }
            para += 1;
            w.open("p", &[("id", &format!("{side}.p{para}"))]);
            open = true;
        }
        w.leaf("s", &[("id", &super::sentence_id(side, s))], &s.text);
        w.maybe_flush()?;
    }
    if open {
        w.close("p");
    }
    w.close("text");
    w.raw("\n");
    w.flush()?;
    Ok(())
}
