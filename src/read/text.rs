//! Plain text: a paragraph at every blank line, its lines joined. Nothing
//! else is markup, so no character is ever lost or read as a mark.

use super::tree::{RawBlock, RawInline};

/// Paragraphs of a plain text, with their byte ranges.
pub fn parse(src: &str) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut para: Vec<RawInline> = Vec::new();
    let mut offset = 0;
    let flush = |para: &mut Vec<RawInline>, out: &mut Vec<RawBlock>| {
        if let (Some(first), Some(last)) = (para.first(), para.last()) {
            let r = first.range().start..last.range().end;
            out.push(RawBlock::Para(std::mem::take(para), r));
        }
    };
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let start = offset + (body.len() - body.trim_start().len());
        offset += line.len();
        let t = body.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        if !para.is_empty() {
            para.push(RawInline::Text(" ".into(), start..start));
        }
        para.push(RawInline::Text(t.to_string(), start..start + t.len()));
    }
    flush(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_at_blank_lines() {
        let b = parse("One line\nand more.\n\n  Second *not emphasis*.\r\n");
        assert_eq!(b.len(), 2);
        let RawBlock::Para(v, r) = &b[1] else { panic!() };
        assert_eq!(v, &[RawInline::Text("Second *not emphasis*.".into(), 22..44)]);
        assert_eq!(r, &(22..44));
    }
}
