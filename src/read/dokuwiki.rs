//! DokuWiki's own syntax (the `.txt` files under `data/pages/`) → the
//! reader tree. No crate reads it, so this is a small line-based block
//! reader and an inline scanner, after <https://www.dokuwiki.org/wiki:syntax>:
//!
//! * headings `====== Level 1 ======` (six `=`) to `== Level 5 ==`;
//! * lists: two spaces per level, then `*` (bullets) or `-` (numbers);
//! * `**bold**`, `//italic//`, `__underlined__`, `''monospace''`,
//!   `<del>struck</del>`, `<sub>`/`<sup>`, `\\ ` forced line breaks;
//! * `[[page|label]]`, `[[ns:page]]`, `[[https://…|label]]`, bare URLs;
//! * `((footnotes))`, gathered into a "Notes" section at the end;
//! * `{{media|caption}}` (dropped), `%%literal%%`, `<nowiki>literal</nowiki>`,
//!   `~~MACROS~~` (dropped);
//! * `> quotes`, tables (`^ head ^`, `| cell |`, a paragraph per row),
//!   code (two-space indented lines, `<code>`, `<file>`), `----` rules.
//!
//! As in the Markdown reader, bold or italic opened and never closed is an
//! error naming its line and column, not stray marks inside a title.

use std::ops::Range;

use super::tree::{CELL_SEPARATOR, RawBlock, RawInline, RawItem};
use crate::error::{Error, Result};
use crate::syntax::Syntax;

fn err(src: &str, at: usize, msg: impl Into<String>) -> Error {
    Error::markup(Syntax::DokuWiki, src, at, msg)
}

/// One line with where it starts.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

fn lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in src.split_inclusive('\n') {
        out.push(Line { text: raw.trim_end_matches(['\n', '\r']), start: offset });
        offset += raw.len();
    }
    out
}

/// A heading line: its level (1–5) and the range of its text.
fn heading(l: &Line<'_>) -> Option<(u8, Range<usize>)> {
    let t = l.text.trim_end();
    let lead = l.text.len() - l.text.trim_start().len();
    let body = t.trim_start();
    let left = body.len() - body.trim_start_matches('=').len();
    let right = body.len() - body.trim_end_matches('=').len();
    if left < 2 || right < 2 || body.len() <= left + right {
        return None;
    }
    let inner = &body[left..body.len() - right];
    if inner.trim().is_empty() {
        return None;
    }
    let level = (7 - left.min(6)) as u8;
    let s = l.start + lead + left + (inner.len() - inner.trim_start().len());
    Some((level.clamp(1, 5), s..s + inner.trim().len()))
}

/// A list item line: depth (1-based), ordered?, and the range of its text.
fn list_item(l: &Line<'_>) -> Option<(usize, bool, Range<usize>)> {
    let t = l.text;
    let spaces: usize = t.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 2 } else { 1 }).sum();
    let lead = t.len() - t.trim_start_matches([' ', '\t']).len();
    if spaces < 2 {
        return None;
    }
    let rest = &t[lead..];
    let ordered = match rest.as_bytes().first() {
        Some(b'*') => false,
        Some(b'-') => true,
        _ => return None,
    };
    let after = &rest[1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let s = l.start + lead + 1 + (after.len() - after.trim_start().len());
    Some((spaces / 2, ordered, s..s + after.trim().len()))
}

fn is_rule(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 4 && t.bytes().all(|b| b == b'-')
}

fn is_macro(t: &str) -> bool {
    let t = t.trim();
    t.starts_with("~~") && t.ends_with("~~") && t.len() > 4
}

/// Parse a DokuWiki page.
pub fn parse(src: &str) -> Result<Vec<RawBlock>> {
    let ls = lines(src);
    let mut notes: Vec<(Vec<RawInline>, usize)> = Vec::new();
    let mut out = blocks(src, &ls, &mut notes)?;
    if !notes.is_empty() {
        let at = src.len();
        out.push(RawBlock::Heading(2, vec![RawInline::Text("Notes".into(), at..at)], at..at));
        for (k, (mut content, start)) in notes.into_iter().enumerate() {
            content.insert(0, RawInline::Text(format!("{}) ", k + 1), start..start));
            let end = content.last().map_or(start, |c| c.range().end);
            out.push(RawBlock::Para(content, start..end));
        }
    }
    Ok(out)
}

fn blocks(src: &str, ls: &[Line<'_>], notes: &mut Vec<(Vec<RawInline>, usize)>) -> Result<Vec<RawBlock>> {
    let mut out = Vec::new();
    let mut para: Vec<Line<'_>> = Vec::new();
    let mut i = 0;
    let flush = |para: &mut Vec<Line<'_>>, out: &mut Vec<RawBlock>, notes: &mut Vec<(Vec<RawInline>, usize)>| {
        if para.is_empty() {
            return Ok(());
        }
        let mut content = Vec::new();
        for (k, l) in para.iter().enumerate() {
            if k > 0 {
                content.push(RawInline::Text(" ".into(), l.start..l.start));
            }
            let lead = l.text.len() - l.text.trim_start().len();
            let r = l.start + lead..l.start + l.text.trim_end().len();
            content.extend(inlines(src, r, notes)?);
        }
        let r = para[0].start..para[para.len() - 1].start + para[para.len() - 1].text.len();
        para.clear();
        if !content.is_empty() {
            out.push(RawBlock::Para(content, r));
        }
        Ok::<(), Error>(())
    };
    while i < ls.len() {
        let l = ls[i];
        let t = l.text.trim();
        if t.is_empty() || is_rule(t) || is_macro(t) {
            flush(&mut para, &mut out, notes)?;
            i += 1;
            continue;
        }
        if let Some((level, r)) = heading(&l) {
            flush(&mut para, &mut out, notes)?;
            out.push(RawBlock::Heading(level, inlines(src, r, notes)?, l.start..l.start + l.text.len()));
            i += 1;
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("<code") || lower.starts_with("<file") {
            flush(&mut para, &mut out, notes)?;
            let close = if lower.starts_with("<code") { "</code>" } else { "</file>" };
            let open_end = l.start + l.text.find('>').map_or(l.text.len(), |p| p + 1);
            let Some(end) = super::find_from(src, open_end, close) else {
                return Err(err(src, l.start, format!("'{}' is never closed with '{close}'", &close.replace('/', ""))));
            };
            let code = src[open_end..end].trim_matches('\n').to_string();
            out.push(RawBlock::Code(code, l.start..end + close.len()));
            while i < ls.len() && ls[i].start < end + close.len() {
                i += 1;
            }
            continue;
        }
        if list_item(&l).is_some() {
            flush(&mut para, &mut out, notes)?;
            let mut items = Vec::new();
            while i < ls.len() {
                match list_item(&ls[i]) {
                    Some(it) if it.0 > crate::io::MAX_DEPTH => {
                        return Err(err(
                            src,
                            ls[i].start,
                            format!("a list nested more than {} deep", crate::io::MAX_DEPTH),
                        ));
                    }
                    Some(it) => items.push((it, ls[i])),
                    None => break,
                }
                i += 1;
            }
            out.extend(build_list(src, &items, notes)?);
            continue;
        }
        if l.text.starts_with("  ") || l.text.starts_with('\t') {
            // Preformatted: indented lines that are not list items.
            flush(&mut para, &mut out, notes)?;
            let start = l.start;
            let mut code = Vec::new();
            let mut end = start;
            while i < ls.len()
                && (ls[i].text.starts_with("  ") || ls[i].text.starts_with('\t'))
                && list_item(&ls[i]).is_none()
            {
                code.push(ls[i].text.strip_prefix("  ").unwrap_or(ls[i].text.trim_start_matches('\t')));
                end = ls[i].start + ls[i].text.len();
                i += 1;
            }
            out.push(RawBlock::Code(code.join("\n"), start..end));
            continue;
        }
        if t.starts_with('>') {
            flush(&mut para, &mut out, notes)?;
            let start = l.start;
            let mut inner = Vec::new();
            while i < ls.len() && ls[i].text.trim_start().starts_with('>') {
                let x = ls[i];
                let lead = x.text.len() - x.text.trim_start().len() + 1;
                let body = &x.text[lead..];
                let body = body.strip_prefix(' ').unwrap_or(body);
                inner.push(Line { text: body, start: x.start + (x.text.len() - body.len()) });
                i += 1;
            }
            let end = inner.last().map_or(start, |x| x.start + x.text.len());
            out.push(RawBlock::Quote(blocks(src, &inner, notes)?, start..end));
            continue;
        }
        if t.starts_with('^') || t.starts_with('|') {
            flush(&mut para, &mut out, notes)?;
            let lead = l.text.len() - l.text.trim_start().len();
            let row = &l.text[lead..];
            let mut content = Vec::new();
            let mut cell_start = 0;
            for (k, c) in row.char_indices().chain(std::iter::once((row.len(), '|'))) {
                if (c == '|' || c == '^') && k >= cell_start {
                    let cell = &row[cell_start..k];
                    if !cell.trim().is_empty() {
                        if !content.is_empty() {
                            content.push(RawInline::Text(
                                CELL_SEPARATOR.into(),
                                l.start + lead + cell_start..l.start + lead + cell_start,
                            ));
                        }
                        let s = l.start + lead + cell_start + (cell.len() - cell.trim_start().len());
                        content.extend(inlines(src, s..s + cell.trim().len(), notes)?);
                    }
                    cell_start = k + c.len_utf8();
                }
            }
            if !content.is_empty() {
                // A row of `^` cells is a header row.
                let header = row.starts_with('^') && !row.contains('|');
                out.push(RawBlock::Row(header, content, l.start..l.start + l.text.len()));
            }
            i += 1;
            continue;
        }
        para.push(l);
        i += 1;
    }
    flush(&mut para, &mut out, notes)?;
    Ok(out)
}

type ItemLine<'a> = ((usize, bool, Range<usize>), Line<'a>);

/// Nested lists from item lines with their depths.
fn build_list(src: &str, items: &[ItemLine<'_>], notes: &mut Vec<(Vec<RawInline>, usize)>) -> Result<Vec<RawBlock>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let depth = items[k].0.0;
        let ordered = items[k].0.1;
        let start = items[k].1.start;
        let mut list_items: Vec<RawItem> = Vec::new();
        while k < items.len() && items[k].0.0 >= depth {
            // Bullets then numbers at the same depth are two lists.
            if items[k].0.0 == depth && items[k].0.1 != ordered {
                break;
            }
            if items[k].0.0 == depth {
                let ((_, _, r), l) = &items[k];
                let content = inlines(src, r.clone(), notes)?;
                let range = l.start..l.start + l.text.len();
                let blocks = if content.is_empty() { Vec::new() } else { vec![RawBlock::Para(content, r.clone())] };
                list_items.push(RawItem { blocks, range });
                k += 1;
            } else {
                // Deeper items belong to the item before them.
                let from = k;
                while k < items.len() && items[k].0.0 > depth {
                    k += 1;
                }
                let sub = build_list(src, &items[from..k], notes)?;
                match list_items.last_mut() {
                    Some(last) => {
                        last.range.end = items[k - 1].1.start + items[k - 1].1.text.len();
                        last.blocks.extend(sub);
                    }
                    None => out.extend(sub),
                }
            }
        }
        let end = list_items.last().map_or(start, |it| it.range.end);
        if !list_items.is_empty() {
            out.push(RawBlock::List(ordered, list_items, start..end));
        }
    }
    Ok(out)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Bold,
    Italic,
    Underline,
    Strike,
}

impl Mark {
    fn token(self) -> &'static str {
        match self {
            Mark::Bold => "**",
            Mark::Italic => "//",
            Mark::Underline => "__",
            Mark::Strike => "<del>",
        }
    }
}

struct Frame {
    mark: Mark,
    start: usize,
    children: Vec<RawInline>,
}

/// Inline content of `src[range]`; line breaks inside count as spaces.
fn inlines(src: &str, range: Range<usize>, notes: &mut Vec<(Vec<RawInline>, usize)>) -> Result<Vec<RawInline>> {
    let mut stack: Vec<Frame> = vec![Frame { mark: Mark::Underline, start: range.start, children: Vec::new() }];
    let mut text = String::new();
    let mut text_start = range.start;
    let mut i = range.start;
    let end = range.end;
    let at = |i: usize, tok: &str| src[i..end].starts_with(tok);
    let flush_text = |text: &mut String, text_start: usize, i: usize, stack: &mut Vec<Frame>| {
        if !text.is_empty() {
            let node = RawInline::Text(std::mem::take(text), text_start..i);
            if let Some(top) = stack.last_mut() {
                top.children.push(node);
            }
        }
    };
    let push = |stack: &mut Vec<Frame>, node: RawInline| {
        if let Some(top) = stack.last_mut() {
            top.children.push(node);
        }
    };
    while i < end {
        // Literal runs.
        for (open, close) in [("%%", "%%"), ("<nowiki>", "</nowiki>")] {
            if at(i, open) {
                if let Some(c) = super::find_from(&src[..end], i + open.len(), close) {
                    if text.is_empty() {
                        text_start = i;
                    }
                    text.push_str(&src[i + open.len()..c]);
                    i = c + close.len();
                }
            }
        }
        if i >= end {
            break;
        }
        let rest = &src[i..end];
        if rest.starts_with("((") {
            if let Some(c) = super::find_from(&src[..end], i + 2, "))") {
                flush_text(&mut text, text_start, i, &mut stack);
                let content = inlines(src, i + 2..c, notes)?;
                notes.push((content, i));
                i = c + 2;
                text_start = i;
                continue;
            }
        }
        if rest.starts_with("[[") {
            let Some(c) = super::find_from(&src[..end], i + 2, "]]") else {
                return Err(err(src, i, "link opened with '[[' is never closed with ']]'"));
            };
            flush_text(&mut text, text_start, i, &mut stack);
            let inner = &src[i + 2..c];
            let (target, label) = match inner.find('|') {
                Some(p) => (&inner[..p], Some(i + 2 + p + 1..c)),
                None => (inner, None),
            };
            let target = target.trim();
            let content = match label {
                Some(r) => inlines(src, r, notes)?,
                None => {
                    // DokuWiki shows a page link's name without its namespace.
                    let shown = if target.contains("://") {
                        target.to_string()
                    } else {
                        let name = target.rsplit(':').next().unwrap_or(target);
                        name.split('#').next().unwrap_or(name).replace('_', " ")
                    };
                    vec![RawInline::Text(shown, i + 2..c)]
                }
            };
            push(&mut stack, RawInline::Link(target.to_string(), content, i..c + 2));
            i = c + 2;
            text_start = i;
            continue;
        }
        if rest.starts_with("{{") {
            if let Some(c) = super::find_from(&src[..end], i + 2, "}}") {
                // Media: its caption is text, as the Markdown export's alt text is.
                flush_text(&mut text, text_start, i, &mut stack);
                let inner = &src[i + 2..c];
                if let Some(p) = inner.find('|') {
                    let caption = inner[p + 1..].trim();
                    if !caption.is_empty() {
                        let cs = i + 2 + p + 1 + (inner[p + 1..].len() - inner[p + 1..].trim_start().len());
                        push(&mut stack, RawInline::Text(caption.to_string(), cs..cs + caption.len()));
                    }
                }
                i = c + 2;
                text_start = i;
                continue;
            }
        }
        if rest.starts_with("''") {
            if let Some(c) = super::find_from(&src[..end], i + 2, "''") {
                flush_text(&mut text, text_start, i, &mut stack);
                push(&mut stack, RawInline::Code(src[i + 2..c].to_string(), i..c + 2));
                i = c + 2;
                text_start = i;
                continue;
            }
        }
        if rest.starts_with("\\\\") && rest[2..].chars().next().is_none_or(char::is_whitespace) {
            flush_text(&mut text, text_start, i, &mut stack);
            push(&mut stack, RawInline::Break(i..i + 2));
            i += 2;
            text_start = i;
            continue;
        }
        // A bare URL: its "//" is not italics.
        let url_start = ["https://", "http://", "ftp://"].iter().any(|p| rest.starts_with(p))
            && src[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if url_start {
            let len = rest.find(|c: char| c.is_whitespace() || c == '|' || c == ']' || c == ')').unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
            flush_text(&mut text, text_start, i, &mut stack);
            push(
                &mut stack,
                RawInline::Link(
                    url.to_string(),
                    vec![RawInline::Text(url.to_string(), i..i + url.len())],
                    i..i + url.len(),
                ),
            );
            i += url.len();
            text_start = i;
            continue;
        }
        for tag in ["<sup>", "</sup>", "<sub>", "</sub>"] {
            if rest.starts_with(tag) {
                flush_text(&mut text, text_start, i, &mut stack);
                i += tag.len();
                text_start = i;
            }
        }
        if i >= end {
            break;
        }
        let rest = &src[i..end];
        let toggle = [Mark::Bold, Mark::Italic, Mark::Underline].into_iter().find(|m| rest.starts_with(m.token()));
        let (mark, closing, len) = if let Some(m) = toggle {
            (Some(m), stack.len() > 1 && stack.iter().skip(1).any(|f| f.mark == m), 2)
        } else if rest.starts_with("<del>") {
            (Some(Mark::Strike), false, 5)
        } else if rest.starts_with("</del>") {
            (Some(Mark::Strike), true, 6)
        } else {
            (None, false, 0)
        };
        if let Some(m) = mark {
            flush_text(&mut text, text_start, i, &mut stack);
            if closing {
                // Close inner frames first: DokuWiki marks must nest.
                let top = stack.last().map(|f| f.mark);
                if top != Some(m) || stack.len() == 1 {
                    let open = stack.iter().skip(1).rev().find(|f| f.mark != m).map_or(i, |f| f.start);
                    return Err(err(
                        src,
                        open,
                        format!(
                            "'{}' opened here is closed by a later '{}' around it; marks must nest",
                            top.map_or("", |t| t.token()),
                            m.token()
                        ),
                    ));
                }
                let f = stack.pop().ok_or_else(|| err(src, i, "unbalanced marks"))?;
                let r = f.start..i + len;
                let node = match m {
                    Mark::Bold => RawInline::Strong(f.children, r),
                    Mark::Italic => RawInline::Emph(f.children, r),
                    Mark::Strike => RawInline::Strike(f.children, r),
                    // Underline carries no meaning here: its text stays.
                    Mark::Underline => {
                        for c in f.children {
                            push(&mut stack, c);
                        }
                        i += len;
                        text_start = i;
                        continue;
                    }
                };
                push(&mut stack, node);
            } else {
                stack.push(Frame { mark: m, start: i, children: Vec::new() });
            }
            i += len;
            text_start = i;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if text.is_empty() {
            text_start = i;
        }
        text.push(if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c });
        i += c.len_utf8();
    }
    flush_text(&mut text, text_start, i, &mut stack);
    if stack.len() > 1 {
        let f = &stack[1];
        let name = match f.mark {
            Mark::Bold => "bold",
            Mark::Italic => "italics",
            Mark::Underline => "underline",
            Mark::Strike => "strike-through",
        };
        return Err(err(
            src,
            f.start,
            format!(
                "{name} opened with '{}' is never closed; close it or write it as %%{}%%",
                f.mark.token(),
                f.mark.token()
            ),
        ));
    }
    Ok(stack.pop().map(|f| f.children).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &[RawInline]) -> String {
        v.iter()
            .map(|n| match n {
                RawInline::Text(t, _) | RawInline::Code(t, _) => t.clone(),
                RawInline::Emph(c, _) => format!("<i>{}</i>", plain(c)),
                RawInline::Strong(c, _) => format!("<b>{}</b>", plain(c)),
                RawInline::Strike(c, _) => format!("<s>{}</s>", plain(c)),
                RawInline::Link(t, c, _) => format!("<a {t}>{}</a>", plain(c)),
                RawInline::Break(_) => "<br>".into(),
            })
            .collect()
    }

    #[test]
    fn headings_lists_and_marks() {
        let src = "====== Victor Serge ======\n\n**Victor Serge** was //Russisch//.\nSee [[personen:trotski|Trotski]] and https://x.org/a//b.\n\n===== Teksten =====\n\n  * //De veroverde stad// (1967)\n    * //Onder// ((een noot))\n  - een\n";
        let b = parse(src).unwrap();
        let RawBlock::Heading(1, h, _) = &b[0] else { panic!("{b:?}") };
        assert_eq!(plain(h), "Victor Serge");
        let RawBlock::Para(p, _) = &b[1] else { panic!() };
        assert_eq!(
            plain(p),
            "<b>Victor Serge</b> was <i>Russisch</i>. See <a personen:trotski>Trotski</a> and <a https://x.org/a//b>https://x.org/a//b</a>."
        );
        let RawBlock::Heading(2, _, _) = &b[2] else { panic!() };
        let RawBlock::List(false, items, _) = &b[3] else { panic!("{:?}", b[3]) };
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0].blocks[1], RawBlock::List(false, sub, _) if sub.len() == 1));
        assert!(matches!(&b[4], RawBlock::List(true, _, _)));
        // The footnote went to the end.
        let RawBlock::Para(n, _) = b.last().unwrap() else { panic!() };
        assert_eq!(plain(n), "1) een noot");
        // Ranges point into the source.
        let RawBlock::Heading(_, h, _) = &b[0] else { panic!() };
        assert_eq!(&src[h[0].range()], "Victor Serge");
    }

    #[test]
    fn unclosed_italics_name_the_place() {
        let e = parse("====== X ======\n\nEen //titel zonder eind.\n").unwrap_err().to_string();
        assert!(e.starts_with("3:5: italics opened with '//' is never closed"), "{e}");
        let e = parse("Zie [[a|b\n").unwrap_err().to_string();
        assert!(e.starts_with("1:5: link opened"), "{e}");
    }
}
