//! The alignment for a person reading a terminal: one block per link, the
//! two sides next to each other, wrapped to the width, with the link's
//! number (from 1), its shape and its confidence; a side with no
//! counterpart shows a dash and why it was left out. A reviewed alignment
//! has a column of what a person did to each link: ✓ checked, ⚑ flagged,
//! ✎ edited.

use std::io::Write;

use super::Aligned;
use crate::error::Result;

/// Write the side-by-side view, `width` columns wide in all.
pub fn write(x: &Aligned<'_>, width: usize, out: &mut dyn Write) -> Result<()> {
    let a = x.alignment;
    let n = a.links.len().to_string().len().max(2);
    // Number, shape, confidence, and the two sides with a bar between.
    let reviewed = x.marks.iter().any(|m| m.any());
    let marks_width = if reviewed { 5 } else { 0 };
    let fixed = n + 2 + 4 + 2 + 4 + 2 + 3 + marks_width;
    let side = (width.saturating_sub(fixed) / 2).max(20);
    let mut buf = String::new();
    for w in x.warnings {
        buf.push_str(&format!("WARNING: {}\n", super::one_line(w)));
    }
    let (src_head, tgt_head) = (format!("{} ({})", x.src_name, a.src_lang), format!("{} ({})", x.tgt_name, a.tgt_lang));
    let head_marks = if reviewed { "     " } else { "" };
    buf.push_str(&format!("{:>n$}  {:<4}  {:<4}{head_marks}  {src_head:<side$} │ {tgt_head}\n", "#", "type", "conf"));
    let why: std::collections::HashMap<usize, String> = x.unaligned.iter().map(|u| (u.link, u.reason())).collect();
    for (k, l) in a.links.iter().enumerate() {
        let text = |ids: &[usize], segs: &[crate::align::Segment]| -> String {
            if ids.is_empty() {
                return format!("— {}", why.get(&k).map_or("no counterpart", String::as_str));
            }
            ids.iter().map(|&i| segs[i].text.as_str()).collect::<Vec<_>>().join(" ¶ ")
        };
        let (left, right) = (wrap(&text(&l.src, x.src), side), wrap(&text(&l.tgt, x.tgt), side));
        for row in 0..left.len().max(right.len()) {
            let (num, shape, conf) = if row == 0 {
                ((k + 1).to_string(), format!("{}-{}", l.src.len(), l.tgt.len()), format!("{:.2}", l.confidence))
            } else {
                (String::new(), String::new(), String::new())
            };
            let marks = if reviewed {
                mark_column(if row == 0 { super::marks_of(x, k) } else { Default::default() })
            } else {
                String::new()
            };
            let l = left.get(row).map_or("", String::as_str);
            let r = right.get(row).map_or("", String::as_str);
            buf.push_str(&format!("{num:>n$}  {shape:<4}  {conf:<4}{marks}  {l:<side$} │ {r}\n"));
        }
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(())
}

/// The marks column: two spaces and a symbol per mark, padded to five.
fn mark_column(m: super::Marks) -> String {
    let symbols: String =
        [(m.checked, '✓'), (m.flagged, '⚑'), (m.edited, '✎')].iter().filter_map(|&(on, c)| on.then_some(c)).collect();
    format!("  {symbols:<3}")
}

/// Lines of at most `width` characters, broken at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if len > 0 && len + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        // A word longer than the column is cut into pieces.
        let mut chars: Vec<char> = word.chars().collect();
        while chars.len() > width {
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            lines.push(chars.drain(..width).collect());
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.extend(chars.iter());
        len += chars.len();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_keeps_words_whole_and_cuts_only_longer_ones() {
        assert_eq!(super::wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(super::wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(super::wrap("", 3), [""]);
    }
}
