//! From the reader tree to the model: sections and their roles, blocks
//! with ids (see [`crate::model::ids`]), items and bibliography entries,
//! sentences with the titles named in them.

use super::*;
use crate::read::{CELL_SEPARATOR, RawItem};

fn heading_role(head: &str) -> (Option<SectionRole>, bool) {
    let h = head.trim().to_lowercase();
    let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    static TRANSLATIONS: Cues = Cues::new(|| cues::list("heading.translations"));
    static ORIGINALS: Cues = Cues::new(|| cues::list("heading.originals"));
    static GENRES: Cues = Cues::new(|| cues::list("heading.genres"));
    static NOTES: Cues = Cues::new(|| cues::list("heading.notes"));
    static SECONDARY: Cues = Cues::new(|| cues::list("heading.secondary-prefixes"));
    if SECONDARY.iter().any(|p| h.starts_with(p)) {
        return (Some(SectionRole::Secondary), false);
    }
    if has(&TRANSLATIONS) {
        return (Some(SectionRole::Translations), false);
    }
    if has(&ORIGINALS) {
        return (Some(SectionRole::Originals), false);
    }
    if has(&NOTES) {
        return (Some(SectionRole::Notes), false);
    }
    if has(&GENRES) {
        return (Some(SectionRole::Originals), true);
    }
    (None, false)
}

fn contains_bibls(s: &Section) -> bool {
    s.blocks.iter().any(|b| matches!(b, Block::Bibls(_))) || s.sections.iter().any(contains_bibls)
}

/// Whether a section of `role` lists works (translations, originals,
/// secondary literature).
fn bibliographic(role: SectionRole) -> bool {
    matches!(role, SectionRole::Translations | SectionRole::Originals | SectionRole::Secondary)
}

pub(super) fn convert_section(d: &Draft, id: &str, parent_role: SectionRole, ctx: &mut Ctx<'_>) -> Section {
    let head = inline::trim(inline::convert(&d.head));
    let (own, genre_only) = heading_role(&plain_text(&head));
    let role = match own {
        // A genre heading ("Fictie") keeps the role of the list above it.
        Some(_) if genre_only && bibliographic(parent_role) => parent_role,
        Some(r) => r,
        None if bibliographic(parent_role) => parent_role,
        None => SectionRole::Prose,
    };
    ctx.mark(id, d.start);
    let blocks = convert_blocks(&d.blocks, &ids::inside(id), role, ctx);
    let sections =
        d.subs.iter().enumerate().map(|(i, s)| convert_section(s, &ids::subsection(id, i + 1), role, ctx)).collect();
    let mut section = Section { id: id.to_string(), level: d.level, head, role, blocks, sections };
    // A heading word alone ("denken en geschriften") does not make prose a bibliography.
    if bibliographic(section.role) && !contains_bibls(&section) {
        section.role = SectionRole::Prose;
    }
    section
}

pub(super) fn convert_blocks(blocks: &[RawBlock], prefix: &str, role: SectionRole, ctx: &mut Ctx<'_>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut n = BlockIds::default();
    // A table's rows come together: in a bibliographic section, a table
    // most of whose rows start with a title holds entries, as a list's
    // items would (such a table was once read as prose, and its works
    // went unreported); any other table is a paragraph per row.
    let rows = |a: &RawBlock, b: &RawBlock| matches!(a, RawBlock::Row(..)) && matches!(b, RawBlock::Row(..));
    for group in blocks.chunk_by(rows) {
        if let [RawBlock::Row(..), ..] = group {
            let mut items = row_items(group);
            // A first row without a title is a header its syntax could not
            // mark as one (DOCX, HTML without `th`).
            if items.first().is_some_and(|it| !first_para(it).is_some_and(|c| bibl::starts_with_title(&c))) {
                items.remove(0);
            }
            if !items.is_empty() && bibliographic(role) && mostly_titled(&items) {
                let r = group[0].range().start..group[group.len() - 1].range().end;
                convert_block(&RawBlock::List(false, items, r), prefix, role, ctx, &mut n, &mut out);
                continue;
            }
        }
        for b in group {
            convert_block(b, prefix, role, ctx, &mut n, &mut out);
        }
    }
    out
}

/// A table's body rows as list items, the cells parted by commas as a
/// list entry parts its fields ("*Titel*, Parijs, 1894").
fn row_items(rows: &[RawBlock]) -> Vec<RawItem> {
    rows.iter()
        .filter_map(|b| match b {
            RawBlock::Row(false, v, r) => {
                let cells = v
                    .iter()
                    .map(|x| match x {
                        RawInline::Text(t, at) if t == CELL_SEPARATOR => RawInline::Text(", ".into(), at.clone()),
                        other => other.clone(),
                    })
                    .collect();
                Some(RawItem { blocks: vec![RawBlock::Para(cells, r.clone())], range: r.clone() })
            }
            _ => None,
        })
        .collect()
}

/// Whether a list (or table) in a section of `role` holds bibliographic
/// entries: always in lists of translations and originals; in secondary
/// literature when at least half its items start with a title.
fn as_bibl(role: SectionRole, items: &[RawItem]) -> bool {
    match role {
        SectionRole::Translations | SectionRole::Originals => true,
        SectionRole::Secondary => mostly_titled(items),
        _ => false,
    }
}

/// Whether at least half the items start with a title.
fn mostly_titled(items: &[RawItem]) -> bool {
    let titled = items.iter().filter(|it| first_para(it).is_some_and(|c| bibl::starts_with_title(&c))).count();
    titled * 2 >= items.len()
}

fn convert_block(
    b: &RawBlock,
    prefix: &str,
    role: SectionRole,
    ctx: &mut Ctx<'_>,
    n: &mut BlockIds,
    out: &mut Vec<Block>,
) {
    match b {
        RawBlock::Para(v, r) | RawBlock::Row(_, v, r) => {
            let content = inline::trim(inline::convert(v));
            // Blank text in marks ("<em> </em>") is no paragraph either.
            if plain_text(&content).trim().is_empty() {
                return;
            }
            let id = n.para(prefix);
            ctx.mark(&id, r.start);
            let sentences = split_sentences(&id, content, v, ctx);
            out.push(Block::Para(Paragraph { id, sentences }));
        }
        RawBlock::Heading(_, v, r) => {
            // Only reachable inside containers (quotes, items): keep as a paragraph.
            let id = n.para(prefix);
            ctx.mark(&id, r.start);
            let content = inline::trim(inline::convert(v));
            let sid = ids::sentence(&id, 1);
            out.push(Block::Para(Paragraph { id, sentences: vec![Sentence { id: sid, content }] }));
        }
        RawBlock::List(ordered, items, r) => {
            if as_bibl(role, items) {
                let id = n.bibls(prefix);
                ctx.mark(&id, r.start);
                // Each item's text is converted once, for the list's
                // language and for its entry.
                let mut texts = Vec::new();
                item_texts(items, &mut texts);
                let list_lang = list_language(&texts, ctx.sure_lang.as_ref());
                let sure_lang = ctx.sure_lang.clone();
                let langs = ListLangs {
                    list: list_lang.as_ref(),
                    candidates: &lang::candidates([sure_lang.as_ref(), list_lang.as_ref()]),
                };
                let entries = collect_entries(texts, &id, role, &langs, ctx);
                out.push(Block::Bibls(ListBibl { id, role, entries }));
            } else {
                let id = n.list(prefix);
                ctx.mark(&id, r.start);
                let sure_lang = ctx.sure_lang.clone();
                let cands = lang::candidates([sure_lang.as_ref()]);
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(k, it)| {
                        let iid = ids::item(&id, k + 1);
                        ctx.mark(&iid, it.range.start);
                        let (content, rest) = split_item(it);
                        let content = mention::annotate_sentence(content, &ctx.subject, ctx.lang.as_ref(), &cands);
                        let content = number_titles(content, &iid);
                        let blocks = convert_blocks(rest, &ids::inside(&iid), role, ctx);
                        Item { id: iid, content, blocks }
                    })
                    .collect();
                out.push(Block::List(List { id, ordered: *ordered, items }));
            }
        }
        RawBlock::Quote(bs, r) => {
            let id = n.quote(prefix);
            ctx.mark(&id, r.start);
            let blocks = convert_blocks(bs, &ids::inside(&id), role, ctx);
            out.push(Block::Quote(Quote { id, blocks }));
        }
        RawBlock::Code(text, r) => {
            let id = n.code(prefix);
            ctx.mark(&id, r.start);
            out.push(Block::Code(Code { id, text: text.trim_end_matches('\n').to_string() }));
        }
    }
}

fn first_para(it: &crate::read::RawItem) -> Option<Vec<Inline>> {
    match it.blocks.first() {
        Some(RawBlock::Para(v, _)) => Some(inline::trim(inline::convert(v))),
        _ => None,
    }
}

/// An item's own text (its first paragraph) and the blocks after it.
fn split_item(it: &crate::read::RawItem) -> (Vec<Inline>, &[RawBlock]) {
    match it.blocks.split_first() {
        Some((RawBlock::Para(v, _), rest)) => (inline::trim(inline::convert(v)), rest),
        _ => (Vec::new(), &it.blocks[..]),
    }
}

/// Each item's own text (its first paragraph) with where the item starts,
/// items of nested lists after their parent's, in the order they are
/// written.
fn item_texts(items: &[crate::read::RawItem], out: &mut Vec<(usize, Vec<Inline>)>) {
    for it in items {
        let (content, rest) = split_item(it);
        out.push((it.range.start, content));
        for b in rest {
            if let RawBlock::List(_, sub, _) = b {
                item_texts(sub, out);
            }
        }
    }
}

/// The language of a bibliographic list's titles (each item's leading
/// marked-up span, nested lists included), detected on all of them at once.
fn list_language(texts: &[(usize, Vec<Inline>)], sure_lang: Option<&Lang>) -> Option<Lang> {
    let titles: Vec<String> = texts
        .iter()
        .filter_map(|(_, content)| bibl::lead(content))
        .filter(|lead| matches!(lead, Inline::Hi { .. } | Inline::Ref { .. }))
        .map(|lead| plain_text(std::slice::from_ref(lead)))
        .collect();
    if titles.len() < 2 {
        return None;
    }
    let joined = titles.join(". ");
    // Titles in another language than the known ones (Polish originals):
    // theirs is among the candidates, from the page or from their letters.
    let foreign = lang::foreign_titles(&joined);
    lang::detect(&joined, &lang::candidates([sure_lang, foreign.as_ref()]), None)
}

/// The languages of a bibliographic list: its titles' taken together, and
/// those each title is weighed among.
struct ListLangs<'a> {
    list: Option<&'a Lang>,
    candidates: &'a [&'a str],
}

/// Entries of a bibliographic list from its items' texts ([`item_texts`]):
/// items of nested lists are entries of their own; an item without text
/// is none.
fn collect_entries(
    texts: Vec<(usize, Vec<Inline>)>,
    list_id: &str,
    role: SectionRole,
    langs: &ListLangs<'_>,
    ctx: &mut Ctx<'_>,
) -> Vec<BiblEntry> {
    let mut out = Vec::with_capacity(texts.len());
    for (start, content) in texts.into_iter().filter(|(_, c)| !c.is_empty()) {
        let id = ids::entry(list_id, out.len() + 1);
        ctx.mark(&id, start);
        let ectx = bibl::EntryContext {
            role,
            page_lang: ctx.lang.as_ref(),
            list_lang: langs.list,
            candidates: langs.candidates,
        };
        out.push(BiblEntry { id, content: bibl::annotate(content, &ectx) });
    }
    out
}

fn split_sentences(para_id: &str, content: Vec<Inline>, md: &[RawInline], ctx: &mut Ctx<'_>) -> Vec<Sentence> {
    let (plain, spans) = inline::plain_with_spans(&content);
    let ranges = ctx.seg.split(&plain, &spans);
    let mut out = Vec::with_capacity(ranges.len());
    let sure_lang = ctx.sure_lang.clone();
    let cands = lang::candidates([sure_lang.as_ref()]);
    for r in ranges {
        let part = inline::trim(inline::slice(&content, r.clone()));
        if part.is_empty() {
            continue;
        }
        let id = ids::sentence(para_id, out.len() + 1);
        if ctx.positions.is_some() {
            if let Some(off) = inline::source_offset(md, r.start) {
                ctx.mark(&id, off);
            }
        }
        let part = mention::annotate_sentence(part, &ctx.subject, ctx.lang.as_ref(), &cands);
        let part = number_titles(part, &id);
        out.push(Sentence { id, content: part });
    }
    out
}

/// Give each title in running text an id under its sentence or item, in
/// place (the tree is not rebuilt around them); a title's own content is
/// not searched.
fn number_titles(mut content: Vec<Inline>, owner: &str) -> Vec<Inline> {
    fn rec(content: &mut [Inline], owner: &str, k: &mut usize) {
        for node in content {
            match node {
                Inline::Title { id, .. } => {
                    *k += 1;
                    *id = Some(ids::title(owner, *k));
                }
                Inline::Hi { content, .. }
                | Inline::Name { content, .. }
                | Inline::Ref { content, .. }
                | Inline::Field { content, .. } => rec(content, owner, k),
                Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
            }
        }
    }
    let mut k = 0;
    rec(&mut content, owner, &mut k);
    content
}
