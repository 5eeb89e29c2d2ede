//! Texts to align: the segments of a document (headings, sentences, list
//! items, entries, with block and section boundaries as anchors), or one
//! segment per line (`--segmented`). No I/O: documents come through
//! [`crate::load`].

use super::{SegKind, Segment};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Block, Document, Lang, LangSource, plain_text};

/// A text ready for alignment.
#[derive(Debug, Clone)]
pub struct Text {
    /// Its segments, in order.
    pub segments: Vec<Segment>,
    /// Its language, as given or detected.
    pub lang: Option<Lang>,
    /// Whether it was read from TEI (so its ids are the file's `xml:id`s).
    pub is_tei: bool,
    /// How its language was settled.
    pub lang_source: LangSource,
    /// What reading it changed or left out, for the person.
    pub notes: Vec<String>,
}

/// Segments of a document: headings, sentences, list items and entries,
/// each block starting a new paragraph group.
pub fn segments_of(doc: &Document) -> Vec<Segment> {
    let mut out = Vec::new();
    fn opening(id: &str, text: String, kind: SegKind) -> Segment {
        Segment { starts_block: true, kind, ..Segment::new(id, text) }
    }
    fn sec(s: &crate::model::Section, out: &mut Vec<Segment>) {
        let head = opening(&crate::model::ids::head(&s.id), plain_text(&s.head), SegKind::Head(s.level.max(1)));
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

/// A text to align from a document: its segments ([`segments_of`]), in
/// the document's language, settled as `lang_source` says. `is_tei` says
/// the ids are the file's own `xml:id`s. A document without text is an
/// error.
pub fn from_document(doc: &Document, lang_source: LangSource, is_tei: bool) -> Result<Text> {
    let segments = segments_of(doc);
    if segments.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(Text { segments, lang: doc.lang.clone(), is_tei, lang_source, notes: Vec::new() })
}

/// A text given one segment per line (blank lines included, so line k is
/// segment k, id `sK`); its language detected when not given.
pub fn from_lines(text: &str, lang: Option<Lang>) -> Text {
    let bad = text.chars().filter(|&c| !crate::xml::is_xml_char(c)).count();
    let notes = if bad > 0 { vec![crate::xml::replaced_note(bad)] } else { Vec::new() };
    let segments: Vec<Segment> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Segment::new(format!("s{}", i + 1), crate::xml::xml_safe(l.trim_end_matches('\r')).into_owned()))
        .collect();
    let (lang, lang_source) = match lang {
        Some(l) => (Some(l), LangSource::Given),
        None => match crate::lang::detect_scored(&sample(text)) {
            Some(d) => {
                let source = d.source();
                (Some(d.lang), source)
            }
            None => (None, LangSource::Unknown),
        },
    };
    Text { segments, lang, is_tei: false, lang_source, notes }
}

fn sample(text: &str) -> String {
    let mut end = text.len().min(crate::lang::SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
