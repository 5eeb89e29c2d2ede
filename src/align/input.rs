//! Reading texts to align: one segment per line (`--segmented`), or a
//! document (TEI, wiki Markdown or plain text) segmented by the parser.

use std::path::Path;

use super::{SegKind, Segment};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Block, Document, Lang, plain_text};
use crate::read::Syntax;

/// A text ready for alignment.
#[derive(Debug, Clone)]
pub struct Text {
    /// Its segments, in order.
    pub segments: Vec<Segment>,
    /// Its language, as given or detected.
    pub lang: Option<Lang>,
    /// Whether it was read from TEI (so its ids are the file's `xml:id`s).
    pub is_tei: bool,
}

/// Segments of a document: headings, sentences, list items and entries,
/// each block starting a new paragraph group.
pub fn segments_of(doc: &Document) -> Vec<Segment> {
    let mut out = Vec::new();
    fn opening(id: &str, text: String, kind: SegKind) -> Segment {
        Segment { starts_block: true, kind, ..Segment::new(id, text) }
    }
    fn sec(s: &crate::model::Section, out: &mut Vec<Segment>) {
        let head = opening(&format!("{}.head", s.id), plain_text(&s.head), SegKind::Head(s.level.max(1)));
        out.push(Segment { starts_section: true, ..head });
        blocks(&s.blocks, 1, out);
        for sub in &s.sections {
            sec(sub, out);
        }
    }
    fn blocks(bs: &[Block], depth: u8, out: &mut Vec<Segment>) {
        for b in bs {
            match b {
                Block::Para(p) => {
                    for (k, s) in p.sentences.iter().enumerate() {
                        out.push(Segment { starts_block: k == 0, ..Segment::new(&s.id, plain_text(&s.content)) });
                    }
                }
                Block::List(l) => {
                    for it in &l.items {
                        out.push(opening(&it.id, plain_text(&it.content), SegKind::Item(depth)));
                        blocks(&it.blocks, depth.saturating_add(1), out);
                    }
                }
                Block::Bibls(lb) => {
                    out.extend(lb.entries.iter().map(|e| opening(&e.id, plain_text(&e.content), SegKind::Entry)))
                }
                Block::Quote(q) => blocks(&q.blocks, depth, out),
                Block::Code(c) => out.push(opening(&c.id, c.text.clone(), SegKind::Code)),
            }
        }
    }
    if let Some(t) = &doc.title {
        out.push(Segment { starts_section: true, ..opening("title", t.clone(), SegKind::Title) });
    }
    blocks(&doc.front, 1, &mut out);
    for s in &doc.sections {
        sec(s, &mut out);
    }
    out.retain(|s| !s.text.trim().is_empty());
    out
}

/// Read a text to align. With `segmented`, each line is one segment (blank
/// lines included, so line k is segment k). Otherwise the file is read in
/// its syntax (given, or detected from its name and content: Markdown,
/// DokuWiki, MediaWiki, HTML, plain text, TEI, EPUB, DOCX) and segmented
/// into sentences, its headings and paragraphs kept as anchors.
pub fn read(path: &Path, segmented: bool, lang: Option<Lang>, syntax: Option<Syntax>) -> Result<Text> {
    if segmented {
        let text = crate::io::read_text(path)?;
        crate::io::require_content(&text, Some(path))?;
        return from_str(&text, true, lang).map_err(|e| e.in_file(path));
    }
    let loaded = crate::read::load(path, syntax)?;
    crate::io::require_content(&loaded.text, Some(path))?;
    from_syntax(&loaded.text, loaded.syntax, lang).map_err(|e| e.in_file(path))
}

/// A document in memory in a given syntax, segmented into sentences.
pub fn from_syntax(text: &str, syntax: Syntax, lang: Option<Lang>) -> Result<Text> {
    if syntax == Syntax::Tei {
        let doc = crate::tei::read(text)?;
        let lang = lang.or_else(|| doc.lang.clone());
        let segments = segments_of(&doc);
        if segments.is_empty() {
            return Err(Error::new(ErrorKind::Empty));
        }
        return Ok(Text { segments, lang, is_tei: true });
    }
    let opts = crate::parse::Options { lang, author_page: false, syntax, ..crate::parse::Options::default() };
    let parsed = crate::parse::parse_with(text, &opts)?;
    let segments = segments_of(&parsed.doc);
    if segments.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(Text { segments, lang: parsed.doc.lang, is_tei: false })
}

/// [`read`] on text in memory.
pub fn from_str(text: &str, segmented: bool, lang: Option<Lang>) -> Result<Text> {
    if segmented {
        let segments: Vec<Segment> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                Segment::new(format!("s{}", i + 1), crate::xml::xml_safe(l.trim_end_matches('\r')).into_owned())
            })
            .collect();
        let lang = lang.or_else(|| crate::lang::detect_text(&sample(text)));
        return Ok(Text { segments, lang, is_tei: false });
    }
    from_syntax(text, crate::read::Syntax::sniff(text.as_bytes()), lang)
}

fn sample(text: &str) -> String {
    let mut end = text.len().min(20_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
