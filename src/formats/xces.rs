//! XCES `cesAlign`, the sentence-alignment format of OPUS:
//! `<link xtargets="s1 s2;s3" certainty="0.93"/>`, ids separated by spaces,
//! the two sides by a semicolon, an empty side for 1-0 and 0-1 links.

use std::io::Write;

use super::Aligned;
use crate::error::Result;
use crate::xml::XmlWriter;

/// Write the alignment as a cesAlign document.
pub fn write(x: &Aligned<'_>, out: &mut dyn Write) -> Result<()> {
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.raw("\n<!DOCTYPE cesAlign PUBLIC \"-//CES//DTD XML cesAlign//EN\" \"\">");
    w.open("cesAlign", &[("version", "1.0")]);
    w.open("linkGrp", &[("targType", "s"), ("fromDoc", x.src_name), ("toDoc", x.tgt_name)]);
    for (k, l) in x.alignment.links.iter().enumerate() {
        let side = |segs: &[crate::align::Segment], ids: &[usize]| -> String {
            ids.iter().filter_map(|&i| segs.get(i).map(|s| s.id.as_str())).collect::<Vec<_>>().join(" ")
        };
        let xt = format!("{};{}", side(x.src, &l.src), side(x.tgt, &l.tgt));
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
