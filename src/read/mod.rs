//! Readers: one per input syntax, each turning a file into the reader tree
//! ([`tree`]); nothing here knows about author pages. [`Syntax::detect`]
//! picks the reader from the file name and its first bytes; `--input-format`
//! overrides it.
//!
//! EPUB and DOCX are zip containers of XML: their readers turn them into
//! one HTML text first (the spine in reading order; the body's paragraphs,
//! headings and lists), which the HTML reader then reads, so positions in
//! messages refer to that text.

pub mod docx;
pub mod dokuwiki;
pub mod epub;
pub mod html;
pub mod markdown;
pub mod mediawiki;
pub mod text;
pub mod tree;
pub mod zipped;

use std::path::Path;

pub use crate::syntax::Syntax;
pub use tree::{RawBlock, RawInline, RawItem};

use crate::error::{Error, ErrorKind, Result};

/// A file read for the page layer: its text (for zip containers, the HTML
/// made from them) and the syntax to read that text in.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The text the reader tree's ranges refer to.
    pub text: String,
    /// The syntax of `text` (HTML for EPUB and DOCX).
    pub syntax: Syntax,
    /// The syntax of the file itself.
    pub file_syntax: Syntax,
}

/// Read a file, detecting its syntax unless `given`. Text files must be
/// UTF-8; errors name the file and the place.
pub fn load(path: &Path, given: Option<Syntax>) -> Result<Loaded> {
    let bytes = crate::io::read_bytes(path)?;
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty).in_file(path));
    }
    let syntax = given.unwrap_or_else(|| Syntax::detect(path, &bytes));
    let text = match syntax {
        Syntax::Epub => epub::to_html(&bytes).map_err(|e| e.in_file(path))?,
        Syntax::Docx => docx::to_html(&bytes).map_err(|e| e.in_file(path))?,
        _ => crate::io::decode_utf8(bytes).map_err(|e| e.in_file(path))?,
    };
    let read_as = if syntax.is_binary() { Syntax::Html } else { syntax };
    Ok(Loaded { text, syntax: read_as, file_syntax: syntax })
}

/// Read a whole text in `syntax` into blocks, with notes on what the
/// reader left out (MediaWiki's templates). TEI is read by
/// [`mod@crate::tei::read`], not here.
pub fn blocks(src: &str, syntax: Syntax) -> Result<(Vec<RawBlock>, Vec<String>)> {
    Ok(match syntax {
        Syntax::Markdown => (markdown::parse(src)?, Vec::new()),
        Syntax::DokuWiki => (dokuwiki::parse(src)?, Vec::new()),
        Syntax::MediaWiki => mediawiki::parse(src)?,
        Syntax::Html | Syntax::Epub | Syntax::Docx => (html::parse(src)?, Vec::new()),
        Syntax::Text => (text::parse(src), Vec::new()),
        Syntax::Tei => return Err(Error::invalid("TEI is read by tei::read, not as blocks")),
    })
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

/// Whether a file is a wiki page by its extension: Markdown, DokuWiki
/// (`.txt` is DokuWiki's own), MediaWiki or HTML.
pub fn is_page(p: &Path) -> bool {
    let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "md" | "txt" | "dokuwiki" | "wiki" | "mediawiki" | "html" | "htm" | "xhtml")
}

/// The page files directly in a directory, sorted by name.
pub fn page_files_in(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| Error::from(e).in_file(dir))? {
        let p = e.map_err(|e| Error::from(e).in_file(dir))?.path();
        if p.is_file() && is_page(&p) {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}
