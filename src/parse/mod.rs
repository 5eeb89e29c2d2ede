//! The page layer: a reader tree, whatever its syntax, → [`Document`] with
//! ids. Callers come in through the door ([`crate::load`]), which reads an
//! author page (it must have headings) or any text to align. A [`SourceMap`]
//! keeps every id's line and column, so reports and errors can point into
//! the file. [`Reader`] does the work one top-level section at a time, so a
//! large page can be turned into TEI without holding its whole model in
//! memory.

pub mod bibl;
mod convert;
pub mod cues;
pub mod date;
mod footer;
pub mod inline;
pub mod mention;

use convert::{convert_blocks, convert_section};
use footer::take_footer;

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
    /// How the document's language was settled.
    pub lang_source: LangSource,
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
    /// The title of a page without one of its own (no level-1 heading
    /// before its sections): its file's name. A MediaWiki export leaves
    /// the page's name out of the text, and such a page got an empty
    /// `<title>` and an empty page name in `titles`, exit 0.
    pub file_title: Option<String>,
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
            file_title: None,
        }
    }
}

/// Parse with explicit options into a whole document.
pub(crate) fn parse_with(src: &str, opts: &Options) -> Result<Parsed> {
    let mut reader = Reader::new(src, opts)?;
    let mut sections = Vec::new();
    for s in reader.by_ref() {
        sections.push(s?);
    }
    let (head, positions, notes) = reader.finish();
    let lang_source = head.lang_source;
    let doc = Document {
        title: head.title,
        lang: head.lang,
        source: head.source,
        subject: head.subject,
        front: head.front,
        sections,
    };
    Ok(Parsed { doc, positions, notes, lang_source })
}

/// A section before conversion: heading and raw blocks.
struct Draft {
    level: u8,
    head: Vec<RawInline>,
    start: usize,
    blocks: Vec<RawBlock>,
    subs: Vec<Draft>,
    /// Reader-tree nodes in it and its subsections (counted on the top one).
    nodes: usize,
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
    /// The page's language where it was given or found for sure: titles
    /// are weighed among the known languages and it.
    sure_lang: Option<Lang>,
    subject: Arc<mention::SubjectNames>,
    seg: Arc<dyn Segmenter>,
    positions: Option<SourceMap>,
    /// Line starts of `src`, when positions are recorded.
    lines: Option<Arc<crate::error::LineIndex>>,
}

impl Ctx<'_> {
    fn mark(&mut self, id: &str, offset: usize) {
        if let (Some(p), Some(lines)) = (self.positions.as_mut(), &self.lines) {
            p.insert(id.to_string(), lines.pos(self.src, offset));
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
/// A batch also stops at this many nodes of the reader tree: dense markup
/// costs about 1.6 KB of model per node, whatever its bytes.
const BATCH_NODES: usize = 250_000;
/// Most nodes (texts, marks, links, blocks) one top-level section may
/// hold: it is converted whole, so this bounds the memory a page can take
/// (a long book chapter holds about 50 000).
pub const MAX_SECTION_NODES: usize = 500_000;

/// Nodes of a reader-tree block, itself included.
fn nodes(b: &RawBlock) -> usize {
    fn inl(v: &[RawInline]) -> usize {
        v.iter()
            .map(|i| {
                1 + match i {
                    RawInline::Emph(c, _)
                    | RawInline::Strong(c, _)
                    | RawInline::Strike(c, _)
                    | RawInline::Link(_, c, _) => inl(c),
                    _ => 0,
                }
            })
            .sum()
    }
    1 + match b {
        RawBlock::Heading(_, v, _) | RawBlock::Para(v, _) | RawBlock::Row(_, v, _) => inl(v),
        RawBlock::List(_, items, _) => items.iter().map(|it| it.blocks.iter().map(nodes).sum::<usize>()).sum(),
        RawBlock::Quote(bs, _) => bs.iter().map(nodes).sum(),
        RawBlock::Code(..) => 0,
    }
}

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
    author_page: bool,
    syntax: Syntax,
    /// Languages of the titles in lists of translations, counted: a page
    /// whose prose does not tell its language takes theirs.
    list_langs: BTreeMap<Lang, usize>,
    count: usize,
    failed: bool,
}

impl<'s> Reader<'s> {
    /// Start reading: parses the title, front matter, subject and footer.
    pub fn new(src: &'s str, opts: &Options) -> Result<Reader<'s>> {
        crate::io::require_content(src, None)?;
        let mut source = Source::default();
        let mut footer_start = src.len();
        let mut yaml_title = None;
        let (chunks, mut pending, notes, sample) = if opts.syntax == Syntax::Markdown {
            // YAML front matter (a static site's page, an Obsidian note)
            // was read as text and a setext heading: its `title:` the
            // page's first section, its keys a paragraph.
            let mut notes = Vec::new();
            let skip = match yaml_front_matter(src) {
                Some((end, title, lines)) => {
                    notes.push(format!("YAML front matter (lines 1–{lines}) left out of the text"));
                    yaml_title = title;
                    end
                }
                None => 0,
            };
            let chunks: Vec<Range<usize>> =
                split_chunks(&src[skip..]).into_iter().map(|r| r.start + skip..r.end + skip).collect();
            // The footer sits at the end, but the header needs it: read it first.
            if let Some(last) = chunks.last() {
                let mut blocks = markdown::parse_range(src, last.clone())?;
                if let Some((at, s)) = take_footer(&mut blocks) {
                    footer_start = at;
                    source = s;
                }
            }
            (chunks, VecDeque::new(), notes, prose_sample(&src[skip..], lang::SAMPLE_BYTES))
        } else {
            let (mut blocks, notes) = crate::read::blocks(src, opts.syntax)?;
            if let Some((_, s)) = take_footer(&mut blocks) {
                source = s;
            }
            let sample = blocks_sample(&blocks, lang::SAMPLE_BYTES);
            (Vec::new(), VecDeque::from(blocks), notes, sample)
        };
        // The segmenter and title detection work with the best guess; the
        // document's own language is only what was given or found for sure.
        let detected = if opts.lang.is_some() { None } else { lang::detect_scored(&sample) };
        let (lang, lang_source) = match (&opts.lang, &detected) {
            (Some(l), _) => (Some(l.clone()), LangSource::Given),
            (None, Some(d)) => (Some(d.lang.clone()), d.source()),
            (None, None) => (None, LangSource::Unknown),
        };
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
                sure_lang: lang
                    .clone()
                    .filter(|_| matches!(lang_source, LangSource::Given | LangSource::Detected { .. })),
                subject: Arc::new(mention::SubjectNames::default()),
                seg,
                positions: opts.positions.then(SourceMap::new),
                lines: opts.positions.then(|| Arc::new(crate::error::LineIndex::new(src))),
            },
            prefix: opts.id_prefix.clone(),
            head: Head { lang, source, lang_source, ..Head::default() },
            author_page: opts.author_page,
            syntax: opts.syntax,
            list_langs: BTreeMap::new(),
            count: 0,
            failed: false,
        };
        reader.read_front(opts, yaml_title)?;
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

    /// The head, the source positions gathered so far, and the reader's
    /// notes. An author page whose running text did not tell its language
    /// for sure takes the language of its lists of translated titles, or
    /// none (`und` in TEI): never a guess.
    pub fn finish(mut self) -> (Head, SourceMap, Vec<String>) {
        if self.author_page && matches!(self.head.lang_source, LangSource::Guessed { .. } | LangSource::Unknown) {
            let most = self.list_langs.iter().max_by_key(|(l, n)| (**n, std::cmp::Reverse((*l).clone())));
            (self.head.lang, self.head.lang_source) = match most {
                Some((l, _)) => (Some(l.clone()), LangSource::Lists),
                None => (Some(Lang::und()), LangSource::Unknown),
            };
        }
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

    /// `given_title`: the page's front matter's, when it has one.
    fn read_front(&mut self, opts: &Options, given_title: Option<String>) -> Result<()> {
        let mut front: Vec<RawBlock> = Vec::new();
        loop {
            // The first heading is the page title when it is level 1, even
            // after a line or two of text (breadcrumbs, captions).
            let can_take_title = self.head.title.is_none();
            let title_here = match self.peek()? {
                // A blank heading before any title ("# ", "## ") opens no
                // section: a page of such headings has no text, and got a
                // TEI of empty <title> and <head>, exit 0.
                Some(b @ RawBlock::Heading(..)) if can_take_title && is_blank(b) => false,
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
        if self.head.title.is_none() {
            if let Some(t) = given_title.filter(|t| !t.is_empty()) {
                self.head.title = Some(t);
            } else if let Some(t) = opts.file_title.as_ref().filter(|t| has_section && !t.is_empty()) {
                self.notes
                    .push(format!("no title heading before the sections: the page is titled after its file, {t:?}"));
                self.head.title = Some(t.clone());
            }
        }
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
        let mut draft = Draft { level, head, start: r.start, blocks: Vec::new(), subs: Vec::new(), nodes: 1 };
        loop {
            match self.peek()? {
                None => break,
                Some(RawBlock::Heading(l, _, _)) if *l <= draft.level => break,
                Some(_) => {}
            }
            match self.pop()? {
                Some(RawBlock::Heading(l, head, r)) => {
                    let sub = Draft { level: l, head, start: r.start, blocks: Vec::new(), subs: Vec::new(), nodes: 0 };
                    draft.parent_for(l).subs.push(sub);
                    draft.nodes += 1;
                }
                Some(b) => {
                    draft.nodes += nodes(&b);
                    if draft.nodes > MAX_SECTION_NODES {
                        return Err(Error::new(ErrorKind::Markup {
                            syntax: self.syntax,
                            pos: Pos::of_offset(self.ctx.src, b.range().start),
                            msg: format!(
                                "this section holds more than {MAX_SECTION_NODES} texts and marks; split it with headings"
                            ),
                        }));
                    }
                    draft.deepest().blocks.push(b)
                }
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
            let mut batch_nodes = 0;
            while drafts.len() < BATCH_SECTIONS
                && self.last_end - batch_start < BATCH_BYTES
                && batch_nodes < BATCH_NODES
            {
                let Some(d) = self.next_draft()? else { break };
                batch_nodes += d.nodes;
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
                count_list_langs(&s, &mut self.list_langs);
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
                RawBlock::Heading(_, v, _) | RawBlock::Para(v, _) | RawBlock::Row(_, v, _) => {
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
    matches!(b, RawBlock::Para(v, _) | RawBlock::Heading(_, v, _) if plain_text(&inline::convert(v)).trim().is_empty())
}

/// YAML front matter opening a Markdown page: a `---` line, lines of
/// `key: value` (with indented or `- ` continuations and `#` comments) and
/// a closing `---` or `...` line. Its end (the offset after the closing
/// line), its `title:` and its number of lines; `None` unless every line
/// looks so (a page opening with a rule and a setext heading is not).
fn yaml_front_matter(src: &str) -> Option<(usize, Option<String>, usize)> {
    let mut lines = src.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut end = first.len();
    let (mut title, mut keys) = (None, 0);
    for (k, line) in lines.enumerate().take(200) {
        end += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return (keys > 0).then_some((end, title, k + 2));
        }
        if l.is_empty() || l.starts_with([' ', '\t', '#']) || l.starts_with("- ") {
            continue;
        }
        let (key, value) = l.split_once(':')?;
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
        if !is_key || !(value.is_empty() || value.starts_with(' ')) {
            return None;
        }
        keys += 1;
        if key.trim().eq_ignore_ascii_case("title") {
            let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
            title = Some(v.to_string()).filter(|v| !v.is_empty());
        }
    }
    None
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

/// Count the languages of the titles in a section's lists of translations.
fn count_list_langs(s: &Section, out: &mut BTreeMap<Lang, usize>) {
    for b in &s.blocks {
        if let Block::Bibls(lb) = b {
            if lb.role == SectionRole::Translations {
                for e in &lb.entries {
                    if let Some(l) = e.bibl(lb.role, &[]).lang {
                        *out.entry(l).or_default() += 1;
                    }
                }
            }
        }
    }
    for sub in &s.sections {
        count_list_langs(sub, out);
    }
}
