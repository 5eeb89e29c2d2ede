//! The multi-alignment as TSV: a header naming the columns, then one line
//! per row: its number, one column of text per version (the pivot first;
//! a version's sentences in a row kept apart by ` ~~~ `, as the pairwise
//! TSV does), each translation's weakest confidence in the row, and the
//! row's flags (`dropped(deu) disagree(nld,deu:0.93)`). Warnings head the
//! file as `# warning:` lines, as in the pairwise TSV.

use std::io::Write;

use super::MultiAlignment;
use crate::error::Result;
use crate::formats::{TSV_SENTENCE_SEP, joined_with};

/// Write the multi-alignment as TSV.
pub fn write(m: &MultiAlignment, out: &mut dyn Write) -> Result<()> {
    let mut head = vec!["row".to_string()];
    head.extend(m.versions.iter().map(|v| v.name.clone()));
    head.extend(m.versions[1..].iter().map(|v| format!("{} confidence", v.name)));
    head.push("flags".into());
    // Comment lines first, as the pairwise TSV has them.
    let mut buf: String =
        m.warnings().iter().map(|w| format!("# warning: {}\n", crate::formats::one_line(w))).collect();
    buf.push_str(&(head.join("\t") + "\n"));
    for (r, row) in m.rows.iter().enumerate() {
        let mut cols = vec![(r + 1).to_string()];
        for (v, c) in row.cells.iter().enumerate() {
            cols.push(joined_with(&m.versions[v].segments, &c.segments, TSV_SENTENCE_SEP));
        }
        for c in &row.cells[1..] {
            cols.push(c.confidence.map(|x| format!("{x:.3}")).unwrap_or_default());
        }
        cols.push(super::FlagKind::line(m, &row.flags));
        buf.push_str(&cols.join("\t"));
        buf.push('\n');
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(())
}
