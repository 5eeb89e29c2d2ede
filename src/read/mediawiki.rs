//! MediaWiki wikitext → the reader tree, with parse-wiki-text-2 (a parser
//! that follows MediaWiki's own quirks and keeps byte positions).
//!
//! Headings, paragraphs, `*`/`#` lists (nested), `''italic''`,
//! `'''bold'''`, `[[link|label]]`, `[https://… label]`, `<ref>` notes
//! (gathered where `<references/>` or `{{Reflist}}` lists them, else into
//! a "Notes" section at the end), tables (a paragraph per
//! row), preformatted text. Templates cannot be expanded without the wiki
//! behind them: citation templates are read for the entry they show (see
//! [`super::cite`]); the others are skipped, and a note says how many. Categories,
//! images, comments and magic words are dropped. Wikitext has no page
//! title: when there is no `= Title =`, the lead's first bold phrase (the
//! subject, as MediaWiki's style has it) becomes the title.

use std::ops::Range;

use parse_wiki_text_2::{Configuration, Node, Parameter};

use super::cite;

use super::tree::{CELL_SEPARATOR, RawBlock, RawInline, RawItem};
use crate::error::{Error, ErrorKind, Pos, Result};
use crate::syntax::Syntax;

/// Parsing stops after this long (the parser's own guard against
/// pathological input); the error says so.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Default)]
struct Ctx {
    notes: Vec<(Vec<RawInline>, usize)>,
    /// Where the page lists its notes (`<references/>`, `{{Reflist}}`):
    /// they are put there, under the page's own heading.
    references_at: Option<usize>,
    templates: usize,
    /// How deep the conversion is now.
    depth: usize,
    /// Where nesting first went past [`crate::io::MAX_DEPTH`]: the
    /// conversion stops descending there and the reader refuses the page.
    too_deep: Option<usize>,
}

/// Parse wikitext: blocks, and notes on what was left out.
pub fn parse(src: &str) -> Result<(Vec<RawBlock>, Vec<String>)> {
    // List and indent markers nest by their count ("***" is three deep);
    // the parser builds that many levels, so count them before it does.
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let marks = line.bytes().take_while(|b| matches!(b, b'*' | b'#' | b':' | b';')).count();
        if marks > crate::io::MAX_DEPTH {
            return Err(Error::markup(
                Syntax::MediaWiki,
                src,
                at,
                format!("a list nested more than {} deep", crate::io::MAX_DEPTH),
            ));
        }
        at += line.len();
    }
    let config = Configuration::default();
    let out = config.parse_with_timeout(src, TIMEOUT).map_err(|_| {
        Error::new(ErrorKind::Markup {
            syntax: Syntax::MediaWiki,
            pos: Pos { line: 1, col: 1 },
            msg: format!("the wikitext parser gave up after {} s", TIMEOUT.as_secs()),
        })
    })?;
    let mut ctx = Ctx::default();
    let mut blocks = block_nodes(&out.nodes, &mut ctx);
    if let Some(at) = ctx.too_deep {
        return Err(Error::markup(
            Syntax::MediaWiki,
            src,
            at,
            format!("tables, lists or marks nested more than {} deep", crate::io::MAX_DEPTH),
        ));
    }
    if !blocks.iter().any(|b| matches!(b, RawBlock::Heading(1, _, _))) {
        if let Some(title) = lead_bold(&blocks) {
            blocks.insert(0, RawBlock::Heading(1, title.0, title.1));
        }
    }
    if !ctx.notes.is_empty() {
        // At the page's list of notes, under its own heading ("Noten",
        // "Einzelnachweise"); else at the end, under a heading of their own.
        let (place, at) = match ctx.references_at {
            Some(r) => (blocks.iter().position(|b| b.range().start >= r).unwrap_or(blocks.len()), r),
            None => (blocks.len(), src.len()),
        };
        let headed = ctx.references_at.is_some() && blocks[..place].iter().any(|b| matches!(b, RawBlock::Heading(..)));
        let mut notes = Vec::with_capacity(ctx.notes.len() + 1);
        if !headed {
            notes.push(RawBlock::Heading(2, vec![RawInline::Text("Notes".into(), at..at)], at..at));
        }
        for (k, (mut content, start)) in std::mem::take(&mut ctx.notes).into_iter().enumerate() {
            content.insert(0, RawInline::Text(format!("{}) ", k + 1), start..start));
            let end = content.last().map_or(start, |c| c.range().end);
            notes.push(RawBlock::Para(content, start..end));
        }
        blocks.splice(place..place, notes);
    }
    let mut notes = Vec::new();
    if ctx.templates > 0 {
        notes.push(format!(
            "{} template{} skipped: templates need the wiki to expand them",
            ctx.templates,
            if ctx.templates == 1 { "" } else { "s" }
        ));
    }
    Ok((blocks, notes))
}

/// Whether a template lists the page's notes (`{{Reflist}}`,
/// `{{References}}`, `{{Referenties}}`…), as `<references/>` does.
fn is_reflist(name: &[Node<'_>]) -> bool {
    let name = template_name(name).to_lowercase();
    matches!(
        name.as_str(),
        "reflist" | "references" | "referenties" | "references-small" | "refs" | "bronnen" | "noten"
    )
}

/// A template's name as written.
fn template_name(name: &[Node<'_>]) -> String {
    let name: String =
        name.iter().filter_map(|n| if let Node::Text { value, .. } = n { Some(*value) } else { None }).collect();
    name.trim().to_string()
}

/// A citation template as the entry it stands for (see [`cite`]), or a
/// short footnote (`{{sfn}}`) as its note; `false` for any other template.
fn citation(
    name: &[Node<'_>],
    params: &[Parameter<'_>],
    at: Range<usize>,
    ctx: &mut Ctx,
    out: &mut Vec<RawInline>,
) -> bool {
    let name = template_name(name);
    let value = |nodes: &[Node<'_>], ctx: &mut Ctx| {
        let refs: Vec<&Node<'_>> = nodes.iter().collect();
        inline_nodes(&refs, ctx).iter().map(plain).collect::<String>()
    };
    if matches!(name.to_lowercase().as_str(), "sfn" | "sfnp") {
        let params: Vec<(Option<String>, String)> =
            params.iter().map(|p| (p.name.as_ref().map(|n| value(n, ctx)), value(&p.value, ctx))).collect();
        let Some(note) = cite::short_note(&params) else { return false };
        ctx.notes.push((vec![RawInline::Text(note, at.clone())], at.start));
        return true;
    }
    if !cite::is_citation(&name) {
        return false;
    }
    let named: Vec<(String, String)> =
        params.iter().filter_map(|p| Some((value(p.name.as_ref()?, ctx), value(&p.value, ctx)))).collect();
    let Some(c) = cite::read(&named) else { return false };
    for piece in c.shown() {
        out.push(match piece {
            cite::Shown::Text(t) => RawInline::Text(t, at.clone()),
            cite::Shown::Italic(t) => RawInline::Emph(vec![RawInline::Text(t, at.clone())], at.clone()),
        });
    }
    true
}

/// The first bold phrase of the lead (the paragraphs before any heading).
fn lead_bold(blocks: &[RawBlock]) -> Option<(Vec<RawInline>, Range<usize>)> {
    for b in blocks {
        match b {
            RawBlock::Heading(..) => return None,
            RawBlock::Para(v, _) => {
                let bold = v.iter().find_map(|n| match n {
                    RawInline::Strong(c, r) => Some((c.clone(), r.clone())),
                    _ => None,
                });
                if bold.is_some() {
                    return bold;
                }
            }
            _ => {}
        }
    }
    None
}

fn node_range(n: &Node<'_>) -> Range<usize> {
    use parse_wiki_text_2::Positioned;
    n.start()..n.end()
}

/// Blocks from a node sequence: inline runs become paragraphs, split at
/// paragraph breaks.
fn block_nodes(nodes: &[Node<'_>], ctx: &mut Ctx) -> Vec<RawBlock> {
    if ctx.depth >= crate::io::MAX_DEPTH || ctx.too_deep.is_some() {
        ctx.too_deep.get_or_insert(nodes.first().map_or(0, |n| node_range(n).start));
        return Vec::new();
    }
    ctx.depth += 1;
    let out = block_nodes_here(nodes, ctx);
    ctx.depth -= 1;
    out
}

fn block_nodes_here(nodes: &[Node<'_>], ctx: &mut Ctx) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut run: Vec<&Node<'_>> = Vec::new();
    let flush = |run: &mut Vec<&Node<'_>>, out: &mut Vec<RawBlock>, ctx: &mut Ctx| {
        let content = inline_nodes(run, ctx);
        run.clear();
        let has_text = content.iter().any(|n| !matches!(n, RawInline::Text(t, _) if t.trim().is_empty()));
        if has_text {
            let r = content[0].range().start..content[content.len() - 1].range().end;
            out.push(RawBlock::Para(content, r));
        }
    };
    for n in nodes {
        match n {
            Node::Heading { level, nodes, start, end } => {
                flush(&mut run, &mut out, ctx);
                let refs: Vec<&Node<'_>> = nodes.iter().collect();
                out.push(RawBlock::Heading((*level).clamp(1, 6), inline_nodes(&refs, ctx), *start..*end));
            }
            Node::ParagraphBreak { .. } | Node::HorizontalDivider { .. } => flush(&mut run, &mut out, ctx),
            Node::UnorderedList { items, start, end } | Node::OrderedList { items, start, end } => {
                flush(&mut run, &mut out, ctx);
                let ordered = matches!(n, Node::OrderedList { .. });
                let items = items
                    .iter()
                    .map(|it| RawItem { blocks: block_nodes(&it.nodes, ctx), range: it.start..it.end })
                    .collect();
                out.push(RawBlock::List(ordered, items, *start..*end));
            }
            Node::DefinitionList { items, .. } => {
                flush(&mut run, &mut out, ctx);
                for it in items {
                    out.extend(block_nodes(&it.nodes, ctx));
                }
            }
            Node::Preformatted { nodes, start, end } => {
                flush(&mut run, &mut out, ctx);
                let refs: Vec<&Node<'_>> = nodes.iter().collect();
                let text: String = inline_nodes(&refs, ctx).iter().map(plain).collect();
                out.push(RawBlock::Code(text, *start..*end));
            }
            Node::Table { rows, captions, .. } => {
                flush(&mut run, &mut out, ctx);
                for c in captions {
                    out.extend(block_nodes(&c.content, ctx));
                }
                for row in rows {
                    let mut v: Vec<RawInline> = Vec::new();
                    for cell in &row.cells {
                        if !v.is_empty() {
                            v.push(RawInline::Text(CELL_SEPARATOR.into(), cell.start..cell.start));
                        }
                        let refs: Vec<&Node<'_>> = cell.content.iter().collect();
                        v.extend(inline_nodes(&refs, ctx));
                    }
                    if v.iter().any(|n| !matches!(n, RawInline::Text(t, _) if t.trim().is_empty())) {
                        let header = !row.cells.is_empty()
                            && row.cells.iter().all(|c| matches!(c.type_, parse_wiki_text_2::TableCellType::Heading));
                        out.push(RawBlock::Row(header, v, row.start..row.end));
                    }
                }
            }
            _ => run.push(n),
        }
    }
    flush(&mut run, &mut out, ctx);
    out
}

fn plain(n: &RawInline) -> String {
    match n {
        RawInline::Text(t, _) | RawInline::Code(t, _) => t.clone(),
        RawInline::Emph(c, _) | RawInline::Strong(c, _) | RawInline::Strike(c, _) | RawInline::Link(_, c, _) => {
            c.iter().map(plain).collect()
        }
        RawInline::Break(_) => "\n".into(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Bold,
    Italic,
    Strike,
}

struct Frame {
    mark: Option<Mark>,
    start: usize,
    children: Vec<RawInline>,
}

fn close(stack: &mut Vec<Frame>, end: usize) {
    if stack.len() < 2 {
        return;
    }
    let Some(f) = stack.pop() else { return };
    let r = f.start..end;
    let node = match f.mark {
        Some(Mark::Bold) => RawInline::Strong(f.children, r),
        Some(Mark::Italic) => RawInline::Emph(f.children, r),
        Some(Mark::Strike) => RawInline::Strike(f.children, r),
        None => return,
    };
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

/// Toggle a mark: close it (and what was opened inside it) when open,
/// else open it.
fn toggle(stack: &mut Vec<Frame>, mark: Mark, at: usize, end: usize) {
    if let Some(pos) = stack.iter().rposition(|f| f.mark == Some(mark)) {
        // Marks opened inside close with it and reopen after (as MediaWiki does).
        let reopen: Vec<Mark> = stack[pos + 1..].iter().filter_map(|f| f.mark).collect();
        while stack.len() > pos {
            close(stack, at);
        }
        for m in reopen {
            stack.push(Frame { mark: Some(m), start: end, children: Vec::new() });
        }
    } else {
        stack.push(Frame { mark: Some(mark), start: at, children: Vec::new() });
    }
}

/// Namespaces of media files and of categories, in the languages the
/// parser's default configuration does not know.
const FILE_NS: &[&str] = &["file", "image", "bestand", "afbeelding", "datei", "bild", "fichier", "media"];
const CATEGORY_NS: &[&str] = &["category", "categorie", "kategorie", "catégorie"];

/// Whether a link's target is another language's page: `xx:Title`, `xx`
/// an ISO 639-1 code.
fn is_interlanguage(target: &str) -> bool {
    !target.starts_with(':')
        && namespace(target).is_some_and(|ns| ns.len() == 2 && isolang::Language::from_639_1(&ns).is_some())
}

fn namespace(target: &str) -> Option<String> {
    target.split_once(':').map(|(ns, _)| ns.trim().to_lowercase())
}

/// The caption of a media link: its last `|` parameter that is not an option.
fn caption(text: &[Node<'_>], ctx: &mut Ctx) -> Option<RawInline> {
    let refs: Vec<&Node<'_>> = text.iter().collect();
    let inner = inline_nodes(&refs, ctx);
    let whole: String = inner.iter().map(plain).collect();
    let last = whole.rsplit('|').next()?.trim();
    const OPTIONS: &[&str] = &["thumb", "thumbnail", "frame", "frameless", "left", "right", "center", "none", "border"];
    if last.is_empty() || OPTIONS.contains(&last) || last.ends_with("px") {
        return None;
    }
    let r = inner.first().map_or(0..0, |f| f.range().start..inner.last().map_or(f.range().end, |l| l.range().end));
    Some(RawInline::Text(last.to_string(), r))
}

/// Text with its bare URLs as links (MediaWiki links them when it renders).
fn autolink(value: &str, start: usize) -> Vec<RawInline> {
    let mut out = Vec::new();
    let mut rest = 0;
    let mut i = 0;
    while i < value.len() {
        let tail = &value[i..];
        let at_word_start = value[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if at_word_start && (tail.starts_with("http://") || tail.starts_with("https://")) {
            let len = tail.find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"').unwrap_or(tail.len());
            let url = tail[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if rest < i {
                out.push(RawInline::Text(value[rest..i].replace('\n', " "), start + rest..start + i));
            }
            let r = start + i..start + i + url.len();
            out.push(RawInline::Link(url.to_string(), vec![RawInline::Text(url.to_string(), r.clone())], r));
            i += url.len().max(1);
            rest = i;
            continue;
        }
        i += tail.chars().next().map_or(1, char::len_utf8);
    }
    if rest < value.len() {
        out.push(RawInline::Text(value[rest..].replace('\n', " "), start + rest..start + value.len()));
    }
    out
}

/// Inline content of a run of nodes; marks still open at its end close there.
fn inline_nodes(nodes: &[&Node<'_>], ctx: &mut Ctx) -> Vec<RawInline> {
    if ctx.depth >= crate::io::MAX_DEPTH || ctx.too_deep.is_some() {
        ctx.too_deep.get_or_insert(nodes.first().map_or(0, |n| node_range(n).start));
        return Vec::new();
    }
    ctx.depth += 1;
    let out = inline_nodes_here(nodes, ctx);
    ctx.depth -= 1;
    out
}

fn inline_nodes_here(nodes: &[&Node<'_>], ctx: &mut Ctx) -> Vec<RawInline> {
    let mut stack = vec![Frame { mark: None, start: 0, children: Vec::new() }];
    let push = |stack: &mut Vec<Frame>, n: RawInline| {
        if let Some(top) = stack.last_mut() {
            top.children.push(n);
        }
    };
    let mut last_end = 0;
    for n in nodes {
        let r = node_range(n);
        last_end = r.end;
        match n {
            Node::Text { value, start, .. } => {
                for n in autolink(value, *start) {
                    push(&mut stack, n);
                }
            }
            Node::CharacterEntity { character, start, end } => {
                push(&mut stack, RawInline::Text(character.to_string(), *start..*end))
            }
            Node::Bold { start, end } => toggle(&mut stack, Mark::Bold, *start, *end),
            Node::Italic { start, end } => toggle(&mut stack, Mark::Italic, *start, *end),
            Node::BoldItalic { start, end } => {
                toggle(&mut stack, Mark::Bold, *start, *end);
                toggle(&mut stack, Mark::Italic, *start, *end);
            }
            Node::StartTag { name, start, end } | Node::EndTag { name, start, end } => {
                let mark = match name.to_ascii_lowercase().as_str() {
                    "i" | "em" | "cite" => Some(Mark::Italic),
                    "b" | "strong" => Some(Mark::Bold),
                    "s" | "del" | "strike" => Some(Mark::Strike),
                    "br" => {
                        push(&mut stack, RawInline::Break(*start..*end));
                        None
                    }
                    _ => None,
                };
                if let Some(m) = mark {
                    let is_open = stack.iter().any(|f| f.mark == Some(m));
                    let closing = matches!(n, Node::EndTag { .. });
                    if closing == is_open {
                        toggle(&mut stack, m, *start, *end);
                    }
                }
            }
            Node::Link { target, .. } | Node::Image { target, .. } | Node::Category { target, .. }
                if namespace(target).is_some_and(|ns| CATEGORY_NS.contains(&ns.as_str())) => {}
            // "[[fr:Victor Hugo]]": the page in another language, which
            // MediaWiki shows in the margin, not in the text (a leading
            // colon, "[[:fr:…]]", makes it an ordinary link).
            Node::Link { target, .. } if is_interlanguage(target) => {}
            Node::Image { text, .. } => {
                // The caption is the last parameter, after options such as "thumb".
                if let Some(c) = caption(text, ctx) {
                    push(&mut stack, c);
                }
            }
            Node::Link { target, text, .. } if namespace(target).is_some_and(|ns| FILE_NS.contains(&ns.as_str())) => {
                if let Some(c) = caption(text, ctx) {
                    push(&mut stack, c);
                }
            }
            Node::Link { target, text, start, end } => {
                let content = if text.is_empty() {
                    let shown = target.split('#').next().unwrap_or(target);
                    vec![RawInline::Text(shown.to_string(), *start..*end)]
                } else {
                    let refs: Vec<&Node<'_>> = text.iter().collect();
                    inline_nodes(&refs, ctx)
                };
                push(&mut stack, RawInline::Link(target.to_string(), content, *start..*end));
            }
            Node::ExternalLink { nodes, start, end } => {
                let refs: Vec<&Node<'_>> = nodes.iter().collect();
                let inner = inline_nodes(&refs, ctx);
                // "[https://x.org label]": the URL, then the label.
                let text: String = inner.iter().map(plain).collect();
                let (url, label) = match text.trim().split_once(' ') {
                    Some((u, l)) => (u.to_string(), l.trim().to_string()),
                    None => (text.trim().to_string(), text.trim().to_string()),
                };
                push(&mut stack, RawInline::Link(url, vec![RawInline::Text(label, *start..*end)], *start..*end));
            }
            Node::Tag { name, nodes, start, .. } => match name.to_ascii_lowercase().as_str() {
                "ref" => {
                    let refs: Vec<&Node<'_>> = nodes.iter().collect();
                    let content = inline_nodes(&refs, ctx);
                    if !content.is_empty() {
                        ctx.notes.push((content, *start));
                    }
                }
                "references" => {
                    ctx.references_at.get_or_insert(*start);
                }
                "gallery" | "math" | "score" | "graph" | "timeline" => {}
                "code" | "tt" | "kbd" | "samp" | "pre" => {
                    let refs: Vec<&Node<'_>> = nodes.iter().collect();
                    let text: String = inline_nodes(&refs, ctx).iter().map(plain).collect();
                    push(&mut stack, RawInline::Code(text, node_range(n)));
                }
                _ => {
                    let refs: Vec<&Node<'_>> = nodes.iter().collect();
                    for c in inline_nodes(&refs, ctx) {
                        push(&mut stack, c);
                    }
                }
            },
            Node::Template { name, start, .. } if is_reflist(name) => {
                ctx.references_at.get_or_insert(*start);
            }
            Node::Template { name, parameters, start, end } => {
                let mut shown = Vec::new();
                if citation(name, parameters, *start..*end, ctx, &mut shown) {
                    for n in shown {
                        push(&mut stack, n);
                    }
                } else {
                    ctx.templates += 1;
                }
            }
            // Lists and other blocks inside an inline run (a list item's
            // sub-list) are handled by the block pass.
            _ => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack, last_end);
    }
    stack.pop().map(|f| f.children).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &[RawInline]) -> String {
        v.iter().map(plain).collect()
    }

    #[test]
    fn sections_lists_marks_refs_and_templates() {
        let src = "{{Infobox|naam=x}}\n'''Victor Serge''' was een ''Russisch'' schrijver.<ref>Een noot.</ref>\n\n== Teksten ==\n* ''De veroverde stad'' (1967)\n** ''Onder'' [[Parijs|de stad]]\n# een\n";
        let (b, notes) = parse(src).unwrap();
        let RawBlock::Heading(1, t, _) = &b[0] else { panic!("{b:#?}") };
        assert_eq!(text(t), "Victor Serge");
        let RawBlock::Para(p, _) = &b[1] else { panic!("{b:#?}") };
        assert!(p.iter().any(|n| matches!(n, RawInline::Strong(..))), "{p:?}");
        assert!(p.iter().any(|n| matches!(n, RawInline::Emph(c, _) if text(c) == "Russisch")));
        assert!(matches!(&b[2], RawBlock::Heading(2, _, _)));
        let RawBlock::List(false, items, _) = &b[3] else { panic!("{:#?}", b[3]) };
        assert_eq!(items.len(), 1);
        assert!(items[0].blocks.iter().any(|x| matches!(x, RawBlock::List(false, _, _))), "{:#?}", items[0]);
        assert!(matches!(&b[4], RawBlock::List(true, _, _)));
        let RawBlock::Para(n, _) = b.last().unwrap() else { panic!() };
        assert_eq!(text(n), "1) Een noot.");
        assert_eq!(notes, ["1 template skipped: templates need the wiki to expand them"]);
    }

    /// The headings of `blocks` and the text of the paragraphs after each.
    fn outline(blocks: &[RawBlock]) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
        for b in blocks {
            match b {
                RawBlock::Heading(_, t, _) => out.push((text(t), Vec::new())),
                RawBlock::Para(p, _) => out.last_mut().unwrap().1.push(text(p)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn notes_go_where_the_page_lists_them_under_its_own_heading() {
        for list in ["<references/>", "<references />", "{{Reflist}}", "{{reflist|2}}"] {
            let src = format!(
                "Hij schreef.<ref>Eerste noot.</ref> En meer.<ref name=\"b\">Tweede.</ref><ref name=\"b\"/>\n\n== Noten ==\n{list}\n\n== Externe links ==\nEen link.\n"
            );
            let (b, notes) = parse(&src).unwrap();
            let o = outline(&b);
            let heads: Vec<&str> = o.iter().map(|(h, _)| h.as_str()).collect();
            assert_eq!(heads, ["", "Noten", "Externe links"], "{list}: {o:?}");
            assert_eq!(o[1].1, ["1) Eerste noot.", "2) Tweede."], "{list}");
            assert_eq!(o[2].1, ["Een link."], "{list}");
            assert!(notes.is_empty(), "{list}: a list of notes is not a skipped template: {notes:?}");
        }
        // No list of notes on the page: a section of their own, at the end.
        let (b, _) = parse("Hij schreef.<ref>Eerste noot.</ref>\n\n== Externe links ==\nEen link.\n").unwrap();
        let o = outline(&b);
        assert_eq!(o.last().unwrap(), &("Notes".to_string(), vec!["1) Eerste noot.".to_string()]));
        // A list of notes before any heading gets one.
        let (b, _) = parse("Hij schreef.<ref>Eerste noot.</ref>\n<references/>\n\n== Daarna ==\nMeer.\n").unwrap();
        let heads: Vec<String> = outline(&b).into_iter().map(|(h, _)| h).collect();
        assert_eq!(heads, ["", "Notes", "Daarna"]);
    }
}
