//! HTML → the reader tree, with html5ever (through scraper), so any page a
//! browser can show is read as a browser would: DokuWiki's XHTML export
//! (`<h1 class="sectionedit1">`, `<div class="level2">`,
//! `<li class="level1"><div class="li">`), a wiki page saved from the
//! browser (only its content area: no menus, sidebars or edit buttons),
//! MediaWiki's rendered pages, EPUB chapters and ordinary pages.
//!
//! html5ever keeps no source positions, so each text is found in the
//! source after the previous one: ranges are exact for text without
//! entities and fall back to the last position found otherwise.

use std::ops::Range;

use scraper::{ElementRef, Html, Node, Selector};

use super::tree::{CELL_SEPARATOR, RawBlock, RawInline, RawItem};
use crate::error::{Error, Result};
use crate::syntax::Syntax;

/// Where the content of a page sits, most specific first: DokuWiki's
/// templates, MediaWiki's, HTML5's landmarks, then the whole body.
const CONTENT: &[&str] = &[
    "#dokuwiki__content .page",
    "div.dokuwiki div.page",
    "#mw-content-text .mw-parser-output",
    "#mw-content-text",
    "main",
    "[role=main]",
    "article",
    "#content",
    "body",
];

/// Elements that are page furniture, never content.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "input", "textarea", "svg",
    "iframe", "object", "video", "audio", "head", "title", "meta", "link",
];

/// Classes and ids of furniture inside content areas (tables of contents,
/// edit buttons, MediaWiki's navigation boxes).
const SKIP_CLASSES: &[&str] = &["toc", "secedit", "mw-editsection", "noprint", "navbox", "catlinks", "mw-jump-link"];

fn has_class(e: &ElementRef<'_>, names: &[&str]) -> bool {
    let classes = e.value().attr("class").unwrap_or("");
    classes.split_whitespace().any(|c| names.contains(&c))
        || e.value().attr("id").is_some_and(|id| names.contains(&id) || id == "dw__toc")
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_block(name: &str) -> bool {
    heading_level(name).is_some()
        || matches!(
            name,
            "p" | "div"
                | "ul"
                | "ol"
                | "li"
                | "dl"
                | "dt"
                | "dd"
                | "blockquote"
                | "pre"
                | "table"
                | "thead"
                | "tbody"
                | "tfoot"
                | "tr"
                | "section"
                | "article"
                | "main"
                | "header"
                | "footer"
                | "body"
                | "html"
                | "center"
                | "figure"
                | "figcaption"
                | "hr"
                | "address"
                | "details"
                | "summary"
        )
}

struct Walker<'s> {
    src: &'s str,
    cursor: usize,
    /// Elements entered now.
    depth: usize,
    /// Where nesting first went past [`crate::io::MAX_DEPTH`]: the walk
    /// stops descending there and the reader refuses the page.
    too_deep: Option<usize>,
}

impl Walker<'_> {
    /// Enter an element, unless that would nest past the limit.
    fn enter(&mut self) -> bool {
        if self.depth >= crate::io::MAX_DEPTH {
            self.too_deep.get_or_insert(self.cursor);
            return false;
        }
        self.depth += 1;
        true
    }

    fn inline(&mut self, e: ElementRef<'_>, out: &mut Vec<RawInline>) {
        if self.enter() {
            self.inline_here(e, out);
            self.depth -= 1;
        }
    }

    fn block(&mut self, e: ElementRef<'_>, out: &mut Vec<RawBlock>) {
        if self.enter() {
            self.block_here(e, out);
            self.depth -= 1;
        }
    }

    /// The range of a text in the source, searched from the cursor.
    fn locate(&mut self, text: &str) -> Range<usize> {
        let t = text.trim();
        let probe: String = t.chars().take(24).collect();
        match super::find_from(self.src, self.cursor, &probe) {
            Some(at) if !probe.is_empty() => {
                let end = (at + t.len()).min(self.src.len());
                self.cursor = at + probe.len();
                at..end
            }
            _ => self.cursor..self.cursor,
        }
    }

    fn inline_children(&mut self, e: ElementRef<'_>, out: &mut Vec<RawInline>) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => {
                    let r = self.locate(t);
                    out.push(RawInline::Text(t.to_string(), r));
                }
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.inline(c, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn inline_here(&mut self, e: ElementRef<'_>, out: &mut Vec<RawInline>) {
        let name = e.value().name();
        if SKIP.contains(&name) || has_class(&e, SKIP_CLASSES) {
            return;
        }
        // DokuWiki's footnote marks in the text ("1)" linking to the note).
        if has_class(&e, &["fn_top"]) {
            return;
        }
        if has_class(&e, &["fn_bot"]) {
            let t: String = e.text().collect();
            let r = self.locate(&t);
            out.push(RawInline::Text(format!("{} ", t.trim()), r));
            return;
        }
        let mut kids = Vec::new();
        match name {
            "br" => {
                let c = self.cursor;
                out.push(RawInline::Break(c..c));
                return;
            }
            // An image's text is its description, as in the Markdown export.
            "img" => {
                if let Some(alt) = e.value().attr("alt").map(str::trim).filter(|a| !a.is_empty()) {
                    let r = self.locate(alt);
                    out.push(RawInline::Text(alt.to_string(), r));
                }
                return;
            }
            "code" | "tt" | "kbd" | "samp" => {
                let t: String = e.text().collect();
                let r = self.locate(&t);
                out.push(RawInline::Code(t, r));
                return;
            }
            _ => self.inline_children(e, &mut kids),
        }
        let r = span(&kids, self.cursor);
        let node = match name {
            "em" | "i" | "cite" | "var" | "dfn" => RawInline::Emph(kids, r),
            "strong" | "b" => RawInline::Strong(kids, r),
            "del" | "s" | "strike" => RawInline::Strike(kids, r),
            // A link marks its text (titles in lists are links), wherever it points.
            "a" => match e.value().attr("href") {
                Some(h) => RawInline::Link(h.to_string(), kids, r),
                None => {
                    out.extend(kids);
                    return;
                }
            },
            _ => {
                out.extend(kids);
                return;
            }
        };
        out.push(node);
    }

    /// Blocks of a container; loose inline content becomes paragraphs.
    fn blocks(&mut self, e: ElementRef<'_>, out: &mut Vec<RawBlock>) {
        let mut pending: Vec<RawInline> = Vec::new();
        for child in e.children() {
            match child.value() {
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        let r = self.locate(t);
                        pending.push(RawInline::Text(t.to_string(), r));
                    } else if !pending.is_empty() {
                        pending.push(RawInline::Text(" ".into(), self.cursor..self.cursor));
                    }
                }
                Node::Element(el) => {
                    let Some(c) = ElementRef::wrap(child) else { continue };
                    if SKIP.contains(&el.name()) || has_class(&c, SKIP_CLASSES) {
                        continue;
                    }
                    if is_block(el.name()) {
                        flush(&mut pending, out);
                        self.block(c, out);
                    } else {
                        self.inline(c, &mut pending);
                    }
                }
                _ => {}
            }
        }
        flush(&mut pending, out);
    }

    fn block_here(&mut self, e: ElementRef<'_>, out: &mut Vec<RawBlock>) {
        let name = e.value().name();
        if let Some(level) = heading_level(name) {
            let mut v = Vec::new();
            self.inline_children(e, &mut v);
            let r = span(&v, self.cursor);
            out.push(RawBlock::Heading(level, v, r));
            return;
        }
        match name {
            "p" | "dt" | "dd" | "figcaption" | "summary" | "address" => {
                // A <p> may hold blocks in broken HTML; html5ever moves them out.
                let mut v = Vec::new();
                self.inline_children(e, &mut v);
                flush(&mut v, out);
            }
            "ul" | "ol" => {
                let mut items = Vec::new();
                for li in e.child_elements().filter(|c| c.value().name() == "li") {
                    let mut blocks = Vec::new();
                    self.blocks(li, &mut blocks);
                    let range = blocks.first().map_or(self.cursor..self.cursor, |b| {
                        b.range().start..blocks.last().map_or(b.range().end, |l| l.range().end)
                    });
                    items.push(RawItem { blocks, range });
                }
                if !items.is_empty() {
                    let r = items[0].range.start..items[items.len() - 1].range.end;
                    out.push(RawBlock::List(name == "ol", items, r));
                }
            }
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(e, &mut inner);
                if let (Some(f), Some(l)) = (inner.first(), inner.last()) {
                    let r = f.range().start..l.range().end;
                    out.push(RawBlock::Quote(inner, r));
                }
            }
            "pre" => {
                let t: String = e.text().collect();
                let r = self.locate(&t);
                out.push(RawBlock::Code(t.trim_end_matches('\n').to_string(), r));
            }
            "tr" => {
                let mut v = Vec::new();
                let cells: Vec<_> = e.child_elements().filter(|c| matches!(c.value().name(), "td" | "th")).collect();
                for cell in &cells {
                    if !v.is_empty() {
                        v.push(RawInline::Text(CELL_SEPARATOR.into(), self.cursor..self.cursor));
                    }
                    self.inline_children(*cell, &mut v);
                }
                let header = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
                let has_text = v.iter().any(|n| !matches!(n, RawInline::Text(t, _) if t.trim().is_empty()));
                if has_text {
                    let r = span(&v, 0);
                    out.push(RawBlock::Row(header, v, r));
                }
            }
            "hr" => {}
            _ if has_class(&e, &["footnotes"]) => {
                // DokuWiki's footnotes: a "Notes" section, as its wiki syntax reads.
                let at = self.cursor;
                out.push(RawBlock::Heading(2, vec![RawInline::Text("Notes".into(), at..at)], at..at));
                for f in e.child_elements() {
                    let mut v = Vec::new();
                    self.inline_children(f, &mut v);
                    flush(&mut v, out);
                }
            }
            _ => self.blocks(e, out),
        }
    }
}

fn span(v: &[RawInline], fallback: usize) -> Range<usize> {
    match (v.first(), v.last()) {
        (Some(f), Some(l)) => f.range().start..l.range().end.max(f.range().start),
        _ => fallback..fallback,
    }
}

/// Turn buffered inline content into a paragraph, if it holds any text.
fn flush(pending: &mut Vec<RawInline>, out: &mut Vec<RawBlock>) {
    let has_text = pending.iter().any(|n| !matches!(n, RawInline::Text(t, _) if t.trim().is_empty()));
    if has_text {
        let r = span(pending, 0);
        out.push(RawBlock::Para(std::mem::take(pending), r));
    } else {
        pending.clear();
    }
}

/// The content area `css` names: its one match, or, where it matches
/// several elements none of which holds another (a page of `<article>`s,
/// one per chapter or per article of a declaration), the nearest element
/// holding them all, with whatever stands between them. The first match
/// alone kept one article of thirty, and said nothing.
fn content_root<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let sel = Selector::parse(css).ok()?;
    let mut found = doc.select(&sel);
    let first = found.next()?;
    let mut root = first;
    for e in found {
        // Matches inside the current root are already in it.
        if e.ancestors().any(|a| a.id() == root.id()) {
            continue;
        }
        // Climb from the root until it holds `e` too.
        let holder = root.ancestors().filter_map(ElementRef::wrap).find(|a| e.ancestors().any(|b| b.id() == a.id()));
        root = holder?;
    }
    Some(root)
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    Selector::parse(css).ok().and_then(|s| doc.select(&s).next())
}

/// Parse an HTML document (or fragment) into blocks.
/// Most nodes (elements and texts) an HTML text may hold: a thousand-page
/// book has a few hundred thousand; each costs a few hundred bytes.
pub const MAX_NODES: usize = 2_000_000;

/// Parse HTML with the browsers' algorithm, a piece at a time, refusing it
/// as soon as it nests deeper than [`crate::io::MAX_DEPTH`] or holds more
/// than [`MAX_NODES`] nodes: the tree builder looks through every open
/// element for each new one, so deep nesting would cost quadratic time
/// long before the walk below could refuse it.
pub(crate) fn parse_dom(src: &str) -> Result<Html> {
    use html5ever::tendril::{StrTendril, TendrilSink};
    const PIECE: usize = 8 << 10;
    let mut parser =
        html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut at = 0;
    while at < src.len() {
        let mut end = (at + PIECE).min(src.len());
        while !src.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from(&src[at..end]));
        at = end;
        let html = parser.tokenizer.sink.sink.0.borrow();
        let nodes = html.tree.nodes();
        let count = nodes.len();
        let deepest = html.tree.nodes().next_back().map_or(0, |n| n.ancestors().count());
        drop(html);
        if deepest > crate::io::MAX_DEPTH {
            return Err(Error::markup(
                Syntax::Html,
                src,
                at,
                format!("elements nested more than {} deep", crate::io::MAX_DEPTH),
            ));
        }
        if count > MAX_NODES {
            return Err(Error::markup(Syntax::Html, src, at, format!("more than {MAX_NODES} elements and texts")));
        }
    }
    Ok(parser.finish())
}

pub fn parse(src: &str) -> Result<Vec<RawBlock>> {
    let doc = parse_dom(src)?;
    let mut w = Walker { src, cursor: 0, depth: 0, too_deep: None };
    let mut out = Vec::new();
    let root = CONTENT.iter().find_map(|css| content_root(&doc, css));
    let Some(root) = root else { return Ok(out) };
    // A heading kept outside the content area (MediaWiki's #firstHeading).
    let has_h1 = Selector::parse("h1").ok().is_some_and(|s| root.select(&s).next().is_some());
    if !has_h1 {
        if let Some(h) = select_first(&doc, "h1#firstHeading").or_else(|| select_first(&doc, "h1")) {
            w.block(h, &mut out);
        }
    }
    w.blocks(root, &mut out);
    // DokuWiki's page information line ("x.txt · Last modified: … by …"),
    // and MediaWiki's "Retrieved from" and "This page was last edited on",
    // which sit outside its content area: the page layer reads its source
    // and date from them.
    for furniture in [".docInfo", ".printfooter", "#footer-info-lastmod"] {
        if let Some(info) = select_first(&doc, furniture).filter(|e| !e.ancestors().any(|a| a.id() == root.id())) {
            let mut v = Vec::new();
            w.inline_children(info, &mut v);
            flush(&mut v, &mut out);
        }
    }
    if let Some(at) = w.too_deep {
        return Err(Error::markup(
            Syntax::Html,
            src,
            at,
            format!("elements nested more than {} deep", crate::io::MAX_DEPTH),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dokuwiki_export_structure() {
        let src = r##"<!DOCTYPE html><html><head><title>x</title></head><body>
<div class="dokuwiki"><div class="page">
<h1 class="sectionedit1" id="victor_serge">Victor Serge</h1>
<div class="level1"><p><strong>Victor Serge</strong> schreef <em>De veroverde stad</em>.<sup><a href="#fn__1" class="fn_top">1)</a></sup></p></div>
<div class="secedit"><form><button>Bewerken</button></form></div>
<h2 class="sectionedit2">Teksten</h2>
<div class="level2"><ul><li class="level1"><div class="li"><em>Gevangen</em> (1930)</div>
<ul><li class="level2"><div class="li">sub</div></li></ul></li></ul></div>
<div class="footnotes"><div class="fn"><sup><a href="#fnt__1" class="fn_bot">1)</a></sup> <div class="content">Een noot.</div></div></div>
</div><div class="docInfo">personen/victor_serge.txt · Laatst gewijzigd: 2020/11/14 17:03 door beheer</div></div>
</body></html>"##;
        let b = parse(src).unwrap();
        assert!(matches!(&b[0], RawBlock::Heading(1, _, _)));
        assert!(matches!(&b[1], RawBlock::Para(..)));
        assert!(matches!(&b[2], RawBlock::Heading(2, _, _)));
        let RawBlock::List(false, items, _) = &b[3] else { panic!("{:?}", b[3]) };
        assert_eq!(items[0].blocks.len(), 2, "{:?}", items[0].blocks);
        assert!(matches!(&b[4], RawBlock::Heading(2, _, _)), "{:?}", b[4]);
        assert_eq!(b.len(), 7, "{b:#?}");
        let RawBlock::Heading(_, h, _) = &b[0] else { panic!() };
        assert_eq!(&src[h[0].range()], "Victor Serge");
    }
}
