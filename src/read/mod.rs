//! Readers: one per input syntax, each turning a file into the reader tree
//! ([`tree`]); nothing here knows about author pages. [`Syntax::detect`]
//! picks the reader from the file name and its first bytes; `--input-format`
//! overrides it.
//!
//! EPUB and DOCX are zip containers of XML: their readers turn them into
//! one HTML text first (the spine in reading order; the body's paragraphs,
//! headings and lists), which the HTML reader then reads, so positions in
//! messages refer to that text.

pub mod charset;
pub mod cite;
pub mod docx;
pub mod dokuwiki;
pub mod epub;
pub mod html;
pub mod markdown;
pub mod mediawiki;
pub mod tei;
pub mod text;
pub mod tree;
pub mod zipped;

pub use crate::syntax::Syntax;
pub use tree::{CELL_SEPARATOR, RawBlock, RawInline, RawItem};

use crate::error::{Error, Result};

/// The text of a file's bytes in `syntax`, the syntax to read that text
/// in, and a note when it was not UTF-8: UTF-8 text as it is (a BOM
/// skipped), HTML and XML that are not in the encoding they declare
/// ([`charset`]), EPUB and DOCX as the HTML made from them. Errors give the
/// place (line and byte of a bad byte).
pub fn decode(bytes: Vec<u8>, syntax: Syntax) -> Result<(String, Syntax, Option<String>)> {
    Ok(match syntax {
        Syntax::Epub => (epub::to_html(&bytes)?, Syntax::Html, None),
        Syntax::Docx => (docx::to_html(&bytes)?, Syntax::Html, None),
        Syntax::Html | Syntax::Tei => match crate::io::try_utf8(bytes) {
            Ok(text) => (text, syntax, None),
            Err(bytes) => match charset::decode_declared(&bytes) {
                Some((text, note)) => (text, syntax, Some(note)),
                None => return Err(crate::io::utf8_error(&bytes)),
            },
        },
        _ => (crate::io::decode_utf8(bytes)?, syntax, None),
    })
}

/// Read a whole text in `syntax` into blocks, with notes on what the
/// reader left out (MediaWiki's templates). TEI is read by
/// [`tei::read`], not here.
pub fn blocks(src: &str, syntax: Syntax) -> Result<(Vec<RawBlock>, Vec<String>)> {
    let (mut blocks, notes) = match syntax {
        // The Markdown reader makes its blocks XML-safe itself: the page
        // layer also calls it directly, one section at a time.
        Syntax::Markdown => return Ok((markdown::parse(src)?, Vec::new())),
        Syntax::DokuWiki => (dokuwiki::parse(src)?, Vec::new()),
        Syntax::MediaWiki => mediawiki::parse(src)?,
        Syntax::Html | Syntax::Epub | Syntax::Docx => (html::parse(src)?, Vec::new()),
        Syntax::Text => (text::parse(src), Vec::new()),
        Syntax::Tei => return Err(Error::invalid("TEI is read by read::tei, which gives a document, not blocks")),
    };
    tree::make_xml_safe(&mut blocks);
    Ok((blocks, notes))
}

/// What an alignment file given where a text is read is, in words, when
/// the text is one of the alignments this tool writes: TMX, an XCES
/// `cesAlign`, beads, an alignment or multi-alignment JSON, a pairwise or
/// multi TSV (its header ends in a confidence column), a TEI alignment
/// (texts in a `group`, a `linkGrp type="alignment"`). `align out.tmx
/// it.txt` read the TMX as HTML and aligned its markup, exit 0; an XCES
/// file was refused for an unclosed DokuWiki italic. `None` for a text
/// (an XCES sentence file is one). The writers' own sniffing
/// (`formats::sniff`) lives above the readers; this one must not.
pub fn alignment_kind(text: &str) -> Option<&'static str> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        let head: String = t.chars().take(2000).collect::<String>().to_ascii_lowercase();
        if head.contains("<!doctype html") || head.contains("<html") {
            return None;
        }
        if head.contains("<tmx") {
            return Some("a TMX file");
        }
        if head.contains("<cesalign") {
            return Some("an XCES cesAlign file");
        }
        // A TEI alignment as this tool writes it (the TEI reader refused
        // it for "no <text><body>", which named no alignment).
        let raw: String = t.chars().take(4000).collect();
        if head.contains("<tei") && raw.contains("<group>") && t.contains("<linkGrp type=\"alignment\"") {
            return Some("a TEI file of aligned texts");
        }
        return None;
    }
    if t.starts_with('{') {
        let head: String = t.chars().take(200).collect();
        return if head.contains("\"transalign-multi\"") {
            Some("a multi-alignment JSON")
        } else if head.contains("\"transalign-alignment\"") {
            Some("an alignment JSON")
        } else {
            None
        };
    }
    // Past the `# warning:` lines a TSV opens with.
    let first = t.lines().find(|l| !l.starts_with("# ")).unwrap_or("").trim_end();
    // Beads: `[0, 1]:[2]`, with an optional `:score`.
    let ids = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ');
    let bead = first
        .trim_start()
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .and_then(|(a, r)| Some((a, r.trim_start().strip_prefix(':')?.trim_start().strip_prefix('[')?)))
        .and_then(|(a, r)| r.split_once(']').map(|(b, _)| ids(a) && ids(b)));
    if bead == Some(true) {
        return Some("a file of beads");
    }
    if first.contains('\t') && first.ends_with("\tconfidence") {
        return Some("an alignment TSV");
    }
    if first.starts_with("row\t") && first.contains(" confidence\t") {
        return Some("a multi-alignment TSV");
    }
    None
}

/// Byte offset of the first occurrence of `needle` in `hay` at or after
/// `from` (on a char boundary), for readers whose parser gives no source
/// positions: blocks are found in order, so the search moves forward.
pub(crate) fn find_from(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let mut from = from.min(hay.len());
    while !hay.is_char_boundary(from) {
        from -= 1;
    }
    if needle.is_empty() {
        return None;
    }
    hay[from..].find(needle).map(|i| i + from)
}
