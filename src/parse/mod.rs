//! Wiki Markdown → [`Document`].
//!
//! [`page`] reads an author page (it must have headings); [`text`] reads any
//! Markdown or plain text for alignment. Both keep a [`SourceMap`] from every
//! id to its line and column, so reports and errors can point into the file.
//! [`Reader`] does the work one top-level section at a time, so a large page
//! can be turned into TEI without holding its whole model in memory.

pub mod bibl;
pub mod cues;
pub mod date;
pub mod inline;
pub mod mention;

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;

use crate::read::{RawBlock, RawInline};
use crate::read::{Syntax, markdown};

use cues::Cues;

use crate::error::{Error, ErrorKind, Pos, Result};
use crate::lang;
pub use crate::model::Head;
use crate::model::ids::{self, BlockIds};
use crate::model::*;
use crate::segment::{Segmenter, Sentencex};

/// Where each id of a parsed document starts in the source.
pub type SourceMap = BTreeMap<String, Pos>;

/// A parsed document with the source position of each id.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub doc: Document,
    /// Source positions by id.
    pub positions: SourceMap,
    /// What the reader left out, for the user (MediaWiki templates).
    pub notes: Vec<String>,
}

/// Parsing options.
#[derive(Clone)]
pub struct Options {
    /// Language of the text; detected when `None`.
    pub lang: Option<Lang>,
    /// Prefix for every id (e.g. "src." to keep two texts apart).
    pub id_prefix: String,
    /// Sentence splitter; sentencex for the text's language when `None`.
    pub segmenter: Option<Arc<dyn Segmenter>>,
    /// Record the source position of every id (turn off for big streams).
    pub positions: bool,
    /// Read as an author page: headings required, subject recognised.
    pub author_page: bool,
    /// The syntax of the source text.
    pub syntax: Syntax,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: None,
            id_prefix: String::new(),
            segmenter: None,
            positions: true,
            author_page: true,
            syntax: Syntax::Markdown,
        }
    }
}

/// Parse with explicit options into a whole document.
pub fn parse_with(src: &str, opts: &Options) -> Result<Parsed> {
    let mut reader = Reader::new(src, opts)?;
    let mut sections = Vec::new();
    for s in reader.by_ref() {
        sections.push(s?);
    }
    let (head, positions, notes) = reader.finish();
    let doc = Document {
        title: head.title,
        lang: head.lang,
        source: head.source,
        subject: head.subject,
        front: head.front,
        sections,
    };
    Ok(Parsed { doc, positions, notes })
}

/// A section before conversion: heading and raw blocks.
struct Draft {
    level: u8,
    head: Vec<RawInline>,
    start: usize,
    blocks: Vec<RawBlock>,
    subs: Vec<Draft>,
}

impl Draft {
    /// The node on the rightmost path that a heading of `level` goes under.
    fn parent_for(&mut self, level: u8) -> &mut Draft {
        if self.subs.last().is_some_and(|s| s.level < level) {
            let last = self.subs.len() - 1;
            self.subs[last].parent_for(level)
        } else {
            self
        }
    }

    fn deepest(&mut self) -> &mut Draft {
        match self.subs.len() {
            0 => self,
            n => self.subs[n - 1].deepest(),
        }
    }
}

#[derive(Clone)]
struct Ctx<'a> {
    src: &'a str,
    lang: Option<Lang>,
    subject: Arc<mention::SubjectNames>,
    seg: Arc<dyn Segmenter>,
    positions: Option<SourceMap>,
}

impl Ctx<'_> {
    fn mark(&mut self, id: &str, offset: usize) {
        if let Some(p) = self.positions.as_mut() {
            p.insert(id.to_string(), Pos::of_offset(self.src, offset));
        }
    }

    /// A copy for converting one section on another thread.
    fn fork(&self) -> Self {
        Ctx { positions: self.positions.as_ref().map(|_| SourceMap::new()), ..self.clone() }
    }
}

/// Sections converted together on all cores; the batch also stops at
/// [`BATCH_BYTES`] of source, so memory stays bounded on huge pages.
const BATCH_SECTIONS: usize = 64;
const BATCH_BYTES: usize = 4 << 20;

/// Reads a page one top-level section at a time. A Markdown source is cut
/// into chunks at `#`/`##` heading lines outside code fences, and
/// pulldown-cmark parses each chunk on its own, so memory stays near one
/// section's worth; other syntaxes are read whole by their reader first.
pub struct Reader<'s> {
    chunks: Vec<Range<usize>>,
    notes: Vec<String>,
    next_chunk: usize,
    pending: VecDeque<RawBlock>,
    ready: VecDeque<Section>,
    last_end: usize,
    footer_start: usize,
    ctx: Ctx<'s>,
    prefix: String,
    head: Head,
    count: usize,
    failed: bool,
}

impl<'s> Reader<'s> {
    /// Start reading: parses the title, front matter, subject and footer.
    pub fn new(src: &'s str, opts: &Options) -> Result<Reader<'s>> {
        crate::io::require_content(src, None)?;
        let mut source = Source::default();
        let mut footer_start = src.len();
        let (chunks, mut pending, notes, sample) = if opts.syntax == Syntax::Markdown {
            let chunks = split_chunks(src);
            // The footer sits at the end, but the header needs it: read it first.
            if let Some(last) = chunks.last() {
                let mut blocks = markdown::parse_range(src, last.clone())?;
                if let Some((at, s)) = take_footer(&mut blocks) {
                    footer_start = at;
                    source = s;
                }
            }
            (chunks, VecDeque::new(), Vec::new(), prose_sample(src, 20_000))
        } else {
            let (mut blocks, notes) = crate::read::blocks(src, opts.syntax)?;
            if let Some((_, s)) = take_footer(&mut blocks) {
                source = s;
            }
            let sample = blocks_sample(&blocks, 20_000);
            (Vec::new(), VecDeque::from(blocks), notes, sample)
        };
        let lang = opts.lang.clone().or_else(|| lang::detect_text(&sample));
        let seg: Arc<dyn Segmenter> = match &opts.segmenter {
            Some(s) => Arc::clone(s),
            None => Arc::new(Sentencex::new(lang.as_ref().map_or("en", |l| l.primary()))),
        };
        let mut reader = Reader {
            chunks,
            notes,
            next_chunk: 0,
            pending: std::mem::take(&mut pending),
            ready: VecDeque::new(),
            last_end: 0,
            footer_start,
            ctx: Ctx {
                src,
                lang: lang.clone(),
                subject: Arc::new(mention::SubjectNames::default()),
                seg,
                positions: opts.positions.then(SourceMap::new),
            },
            prefix: opts.id_prefix.clone(),
            head: Head { lang, source, ..Head::default() },
            count: 0,
            failed: false,
        };
        reader.read_front(opts)?;
        Ok(reader)
    }

    /// The page title, language, footer, subject and front matter.
    pub fn head(&self) -> &Head {
        &self.head
    }

    /// Take the front matter out of the head (for streaming it before the sections).
    pub fn take_front(&mut self) -> Vec<Block> {
        std::mem::take(&mut self.head.front)
    }

    /// The head, the source positions gathered so far, and the reader's notes.
    pub fn finish(self) -> (Head, SourceMap, Vec<String>) {
        (self.head, self.ctx.positions.unwrap_or_default(), self.notes)
    }

    fn fill(&mut self) -> Result<bool> {
        while self.pending.is_empty() {
            let Some(chunk) = self.chunks.get(self.next_chunk).cloned() else {
                return Ok(false);
            };
            self.next_chunk += 1;
            if chunk.start >= self.footer_start {
                continue;
            }
            let end = chunk.end.min(self.footer_start);
            self.pending.extend(markdown::parse_range(self.ctx.src, chunk.start..end)?);
        }
        Ok(true)
    }

    fn peek(&mut self) -> Result<Option<&RawBlock>> {
        Ok(if self.fill()? { self.pending.front() } else { None })
    }

    fn pop(&mut self) -> Result<Option<RawBlock>> {
        let b = if self.fill()? { self.pending.pop_front() } else { None };
        if let Some(b) = &b {
            self.last_end = b.range().end;
        }
        Ok(b)
    }

    fn read_front(&mut self, opts: &Options) -> Result<()> {
        let mut front: Vec<RawBlock> = Vec::new();
        loop {
            // The first heading is the page title when it is level 1, even
            // after a line or two of text (breadcrumbs, captions).
            let can_take_title = self.head.title.is_none();
            let title_here = match self.peek()? {
                None | Some(RawBlock::Heading(2.., _, _)) => break,
                Some(RawBlock::Heading(1, _, _)) if !can_take_title => break,
                Some(RawBlock::Heading(..)) => true,
                Some(_) => false,
            };
            match self.pop()? {
                Some(RawBlock::Heading(_, inl, _)) if title_here => {
                    let t = plain_text(&inline::convert(&inl)).trim().to_string();
                    self.head.title = Some(t).filter(|t| !t.is_empty());
                }
                Some(b) => front.push(b),
                None => break,
            }
        }
        let has_section = self.peek()?.is_some();
        if opts.author_page && !has_section && self.head.title.is_none() {
            return Err(Error::new(ErrorKind::Markup {
                syntax: opts.syntax,
                pos: Pos { line: 1, col: 1 },
                msg: format!(
                    "no heading found: an author page starts with its title ({}) and has sections",
                    match opts.syntax {
                        Syntax::DokuWiki => "'====== Name ======'",
                        Syntax::MediaWiki => "'= Name =' or the name in bold, then '== Section ==' headings",
                        Syntax::Html | Syntax::Epub | Syntax::Docx => "an <h1>",
                        Syntax::Text => "plain text has no headings: give the page as Markdown, wiki or HTML",
                        Syntax::Markdown | Syntax::Tei => "'# Name', then '## ' sections",
                    }
                ),
            }));
        }
        if !has_section && self.head.title.is_none() && front.iter().all(is_blank) {
            return Err(Error::new(ErrorKind::Empty));
        }
        if opts.author_page {
            // The first paragraph that names someone in bold or gives life dates.
            let title = self.head.title.clone();
            let mut subject = front.iter().find_map(|b| match b {
                RawBlock::Para(v, _) if !is_blank(b) => mention::subject(&inline::convert(v), title.as_deref()),
                _ => None,
            });
            if subject.is_none() {
                subject = title.as_ref().map(|t| Person {
                    names: vec![PersonName { name: t.clone(), kind: "full".into(), lang: None }],
                    ..Person::default()
                });
            }
            if let Some(p) = subject.as_mut() {
                p.id = format!("{}subject", self.prefix);
            }
            self.ctx.subject = Arc::new(mention::SubjectNames::new(subject.as_ref(), title.as_deref()));
            self.head.subject = subject;
        }
        let prefix = self.prefix.clone();
        self.head.front = convert_blocks(&front, &prefix, SectionRole::Prose, &mut self.ctx);
        Ok(())
    }

    /// The next top-level section's heading and blocks, unconverted.
    fn next_draft(&mut self) -> Result<Option<Draft>> {
        let Some(RawBlock::Heading(level, head, r)) = self.pop()? else {
            return Ok(None);
        };
        let mut draft = Draft { level, head, start: r.start, blocks: Vec::new(), subs: Vec::new() };
        loop {
            match self.peek()? {
                None => break,
                Some(RawBlock::Heading(l, _, _)) if *l <= draft.level => break,
                Some(_) => {}
            }
            match self.pop()? {
                Some(RawBlock::Heading(l, head, r)) => {
                    let sub = Draft { level: l, head, start: r.start, blocks: Vec::new(), subs: Vec::new() };
                    draft.parent_for(l).subs.push(sub);
                }
                Some(b) => draft.deepest().blocks.push(b),
                None => break,
            }
        }
        Ok(Some(draft))
    }

    fn next_section(&mut self) -> Result<Option<Section>> {
        if self.ready.is_empty() {
            // Read a batch of sections, then convert them on all cores.
            let mut drafts = Vec::new();
            let batch_start = self.last_end;
            while drafts.len() < BATCH_SECTIONS && self.last_end - batch_start < BATCH_BYTES {
                let Some(d) = self.next_draft()? else { break };
                self.count += 1;
                drafts.push((d, ids::section(&self.prefix, self.count)));
            }
            use rayon::prelude::*;
            let ctx = &self.ctx;
            let converted: Vec<(Section, Option<SourceMap>)> = drafts
                .par_iter()
                .map(|(d, id)| {
                    let mut c = ctx.fork();
                    let s = convert_section(d, id, SectionRole::Prose, &mut c);
                    (s, c.positions)
                })
                .collect();
            for (s, pos) in converted {
                if let (Some(all), Some(p)) = (self.ctx.positions.as_mut(), pos) {
                    all.extend(p);
                }
                self.ready.push_back(s);
            }
        }
        Ok(self.ready.pop_front())
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Section>;

    fn next(&mut self) -> Option<Result<Section>> {
        if self.failed {
            return None;
        }
        match self.next_section() {
            Ok(s) => s.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Up to `limit` bytes of the page's running text: list items and headings
/// are left out, since on author pages they are mostly titles in other
/// languages; the whole text is used when there is no prose.
fn prose_sample(src: &str, limit: usize) -> String {
    let mut out = String::new();
    for line in src.lines() {
        let t = line.trim_start();
        let list = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if t.starts_with('#') || list {
            continue;
        }
        out.push_str(t);
        out.push('\n');
        if out.len() > limit {
            break;
        }
    }
    if out.trim().is_empty() {
        let mut end = src.len().min(limit);
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        return src[..end].to_string();
    }
    out
}

/// Up to `limit` bytes of the paragraphs' text (not headings or lists), for
/// language detection on syntaxes read whole.
fn blocks_sample(blocks: &[RawBlock], limit: usize) -> String {
    let mut out = String::new();
    for b in blocks {
        if let RawBlock::Para(v, _) = b {
            out.push_str(&plain_text(&inline::convert(v)));
            out.push('\n');
            if out.len() > limit {
                break;
            }
        }
    }
    if out.trim().is_empty() {
        // No prose: whatever text there is.
        fn all(b: &RawBlock, out: &mut String) {
            match b {
                RawBlock::Heading(_, v, _) | RawBlock::Para(v, _) => {
                    out.push_str(&plain_text(&inline::convert(v)));
                    out.push('\n');
                }
                RawBlock::List(_, items, _) => items.iter().flat_map(|i| &i.blocks).for_each(|b| all(b, out)),
                RawBlock::Quote(bs, _) => bs.iter().for_each(|b| all(b, out)),
                RawBlock::Code(..) => {}
            }
        }
        blocks.iter().take(2000).for_each(|b| all(b, &mut out));
    }
    out
}

fn is_blank(b: &RawBlock) -> bool {
    matches!(b, RawBlock::Para(v, _) if plain_text(&inline::convert(v)).trim().is_empty())
}

/// Cut the source before every `#` or `##` heading line outside code fences.
fn split_chunks(src: &str) -> Vec<Range<usize>> {
    let mut cuts = vec![0];
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            let b = trimmed.as_bytes();
            if let Some(c) = b.first().copied().filter(|c| *c == b'`' || *c == b'~') {
                let n = b.iter().take_while(|x| **x == c).count();
                if n >= 3 {
                    match fence {
                        None => fence = Some((c, n)),
                        Some((fc, fnn)) if fc == c && n >= fnn && trimmed[n..].trim().is_empty() => fence = None,
                        _ => {}
                    }
                }
            }
            let heading = ["# ", "## ", "#\n", "##\n", "#\r\n", "##\r\n"].iter().any(|p| line.starts_with(p));
            if fence.is_none() && indent == 0 && heading && offset > 0 {
                cuts.push(offset);
            }
        }
        offset += line.len();
    }
    (0..cuts.len()).map(|i| cuts[i]..cuts.get(i + 1).copied().unwrap_or(src.len())).collect()
}

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

fn convert_section(d: &Draft, id: &str, parent_role: SectionRole, ctx: &mut Ctx<'_>) -> Section {
    let head = inline::trim(inline::convert(&d.head));
    let (own, genre_only) = heading_role(&plain_text(&head));
    let bibliographic =
        |r: SectionRole| matches!(r, SectionRole::Translations | SectionRole::Originals | SectionRole::Secondary);
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

fn convert_blocks(blocks: &[RawBlock], prefix: &str, role: SectionRole, ctx: &mut Ctx<'_>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut n = BlockIds::default();
    for b in blocks {
        match b {
            RawBlock::Para(v, r) => {
                let content = inline::trim(inline::convert(v));
                // Blank text in marks ("<em> </em>") is no paragraph either.
                if plain_text(&content).trim().is_empty() {
                    continue;
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
                let as_bibl = match role {
                    SectionRole::Translations | SectionRole::Originals => true,
                    SectionRole::Secondary => {
                        let titled = items
                            .iter()
                            .filter(|it| first_para(it).is_some_and(|c| bibl::starts_with_title(&c)))
                            .count();
                        titled * 2 >= items.len()
                    }
                    _ => false,
                };
                if as_bibl {
                    let id = n.bibls(prefix);
                    ctx.mark(&id, r.start);
                    let mut entries = Vec::new();
                    let list_lang = list_language(items);
                    collect_entries(items, &id, role, list_lang.as_ref(), ctx, &mut entries);
                    out.push(Block::Bibls(ListBibl { id, role, entries }));
                } else {
                    let id = n.list(prefix);
                    ctx.mark(&id, r.start);
                    let items = items
                        .iter()
                        .enumerate()
                        .map(|(k, it)| {
                            let iid = ids::item(&id, k + 1);
                            ctx.mark(&iid, it.range.start);
                            let (content, rest) = split_item(it);
                            let content = mention::annotate_sentence(content, &ctx.subject, ctx.lang.as_ref());
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
    out
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

/// The language of a bibliographic list's titles (each item's leading
/// marked-up span, nested lists included), detected on all of them at once.
fn list_language(items: &[crate::read::RawItem]) -> Option<Lang> {
    fn gather(items: &[crate::read::RawItem], out: &mut Vec<String>) {
        for it in items {
            let (content, rest) = split_item(it);
            if let Some(lead) = bibl::lead(&content) {
                if matches!(lead, Inline::Hi { .. } | Inline::Ref { .. }) {
                    out.push(plain_text(std::slice::from_ref(lead)));
                }
            }
            for b in rest {
                if let RawBlock::List(_, sub, _) = b {
                    gather(sub, out);
                }
            }
        }
    }
    let mut titles = Vec::new();
    gather(items, &mut titles);
    if titles.len() < 2 {
        return None;
    }
    lang::detect(&titles.join(". "), lang::KNOWN, None)
}

/// Entries of a bibliographic list; items of nested lists become entries of their own.
fn collect_entries(
    items: &[crate::read::RawItem],
    list_id: &str,
    role: SectionRole,
    list_lang: Option<&Lang>,
    ctx: &mut Ctx<'_>,
    out: &mut Vec<BiblEntry>,
) {
    for it in items {
        let (content, rest) = split_item(it);
        if !content.is_empty() {
            let id = ids::entry(list_id, out.len() + 1);
            ctx.mark(&id, it.range.start);
            let ectx = bibl::EntryContext { role, page_lang: ctx.lang.as_ref(), list_lang };
            out.push(BiblEntry { id, content: bibl::annotate(content, &ectx) });
        }
        for b in rest {
            if let RawBlock::List(_, sub, _) = b {
                collect_entries(sub, list_id, role, list_lang, ctx, out);
            }
        }
    }
}

fn split_sentences(para_id: &str, content: Vec<Inline>, md: &[RawInline], ctx: &mut Ctx<'_>) -> Vec<Sentence> {
    let (plain, spans) = inline::plain_with_spans(&content);
    let ranges = ctx.seg.split(&plain, &spans);
    let mut out = Vec::with_capacity(ranges.len());
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
        let part = mention::annotate_sentence(part, &ctx.subject, ctx.lang.as_ref());
        let part = number_titles(part, &id);
        out.push(Sentence { id, content: part });
    }
    out
}

/// Give each title in running text an id under its sentence or item.
fn number_titles(content: Vec<Inline>, owner: &str) -> Vec<Inline> {
    let mut k = 0;
    fn rec(content: Vec<Inline>, owner: &str, k: &mut usize) -> Vec<Inline> {
        content
            .into_iter()
            .map(|node| match node {
                Inline::Title { kind, lang, rend, content, .. } => {
                    *k += 1;
                    Inline::Title { id: Some(ids::title(owner, *k)), kind, lang, rend, content }
                }
                other => match other.children() {
                    Some(c) => {
                        let c = rec(c.to_vec(), owner, k);
                        inline::with_children(&other, c)
                    }
                    None => other,
                },
            })
            .collect()
    }
    rec(content, owner, &mut k)
}

/// Remove the DokuWiki export footer ("From: … Permanent link: … Last update: …",
/// or the page template's "page.txt · Last modified: 2021/03/02 10:11 by admin")
/// and return where it starts and what it says.
fn take_footer(blocks: &mut Vec<RawBlock>) -> Option<(usize, Source)> {
    let mut source = Source::default();
    let text_of = |b: &RawBlock| match b {
        RawBlock::Para(v, _) => Some(plain_text(&inline::convert(v)).trim().to_string()),
        _ => None,
    };
    // The footer is the run of trailing paragraphs starting at "From:" or
    // "Last update:": at the very end, or before the notes a reader
    // gathered at the end (a heading it made, with no source range).
    let notes = match blocks.iter().rposition(|b| matches!(b, RawBlock::Heading(_, _, r) if r.is_empty())) {
        Some(h) if blocks[h + 1..].iter().all(|b| matches!(b, RawBlock::Para(..))) => Some(h),
        _ => None,
    };
    let footer_run = |end: usize| {
        let mut start = end;
        for i in (0..end).rev() {
            let Some(t) = text_of(&blocks[i]) else { break };
            let l = t.to_lowercase();
            if l == "from:" || l.starts_with("last update:") || l == "permanent link:" || last_modified(&t).is_some() {
                start = i;
            }
            if l == "from:" {
                break;
            }
        }
        (start < end).then_some((start, end))
    };
    let (start, end) = footer_run(blocks.len()).or_else(|| notes.and_then(footer_run))?;
    let at = blocks[start].range().start;
    let footer: Vec<RawBlock> = blocks.drain(start..end).collect();
    let mut expect: Option<&str> = None;
    for b in &footer {
        let RawBlock::Para(v, _) = b else { continue };
        let t = plain_text(&inline::convert(v)).trim().to_string();
        let l = t.to_lowercase();
        if l == "from:" {
            expect = Some("from");
            continue;
        }
        if l == "permanent link:" {
            expect = Some("permalink");
            continue;
        }
        if let Some(rest) = t.strip_prefix("Last update:").or_else(|| t.strip_prefix("last update:")) {
            let when = rest.trim().to_string();
            source.updated = date::footer_timestamp(&when);
            source.updated_text = Some(when).filter(|w| !w.is_empty());
            continue;
        }
        if let Some(when) = last_modified(&t) {
            source.updated = date::footer_timestamp(when);
            source.updated_text = Some(when.to_string()).filter(|w| !w.is_empty());
            continue;
        }
        let link = first_link(v);
        match expect.take() {
            Some("from") => {
                source.site_url = link;
                source.site = strong_text(v).or_else(|| Some(t.clone()));
            }
            Some("permalink") => source.permalink = link.or(Some(t.clone())),
            _ => {}
        }
    }
    Some((at, source))
}

/// The date of a "… Last modified: 2021/03/02 10:11 by admin" line, when
/// the line is one.
fn last_modified(t: &str) -> Option<&str> {
    static MODIFIED: Cues = Cues::new(|| cues::list("footer.last-modified"));
    static BY: Cues = Cues::new(|| cues::list("footer.by"));
    let lower = t.to_lowercase();
    // Lowercasing can change byte lengths: only trust offsets when it did not.
    if lower.len() != t.len() {
        return None;
    }
    let (at, cue) = MODIFIED.iter().find_map(|c| lower.find(c).map(|i| (i, *c)))?;
    let rest = t[at + cue.len()..].trim();
    let when = BY.iter().find_map(|b| rest.split_once(b).map(|x| x.0)).unwrap_or(rest).trim();
    // Only a line that ends in a date is a footer, not prose that mentions one.
    date::footer_timestamp(when).map(|_| when)
}

fn first_link(v: &[RawInline]) -> Option<String> {
    v.iter().find_map(|n| match n {
        RawInline::Link(d, _, _) => Some(d.clone()),
        RawInline::Emph(c, _) | RawInline::Strong(c, _) => first_link(c),
        _ => None,
    })
}

fn strong_text(v: &[RawInline]) -> Option<String> {
    v.iter().find_map(|n| match n {
        RawInline::Strong(c, _) => Some(plain_text(&inline::convert(c)).trim().to_string()),
        _ => None,
    })
}
