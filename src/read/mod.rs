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

pub use tree::{RawBlock, RawInline, RawItem};

use crate::error::{Error, ErrorKind, Result};

/// An input syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    /// CommonMark with tables and strikethrough (the wiki's Markdown export).
    Markdown,
    /// DokuWiki's own wiki syntax (`====== Title ======`, `//italic//`).
    #[value(name = "dokuwiki")]
    DokuWiki,
    /// MediaWiki wikitext (`== Section ==`, `''italic''`).
    #[value(name = "mediawiki")]
    MediaWiki,
    /// HTML or XHTML (DokuWiki's export, saved wiki pages, any page).
    Html,
    /// Plain text: paragraphs at blank lines.
    Text,
    /// TEI P5 XML.
    Tei,
    /// EPUB 2 or 3 (zip with an OPF spine of XHTML documents).
    Epub,
    /// Word DOCX (zip with `word/document.xml`).
    Docx,
}

impl std::fmt::Display for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Syntax::Markdown => "Markdown",
            Syntax::DokuWiki => "DokuWiki",
            Syntax::MediaWiki => "MediaWiki",
            Syntax::Html => "HTML",
            Syntax::Text => "plain text",
            Syntax::Tei => "TEI",
            Syntax::Epub => "EPUB",
            Syntax::Docx => "DOCX",
        })
    }
}

impl Syntax {
    /// The syntax a file name promises, when its extension is specific.
    /// `.txt` is not: DokuWiki stores pages as `.txt`, and so do exports.
    pub fn from_extension(path: &Path) -> Option<Syntax> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" | "mdown" => Syntax::Markdown,
            "dokuwiki" | "dw" => Syntax::DokuWiki,
            "wiki" | "mediawiki" | "wikitext" | "mw" => Syntax::MediaWiki,
            "html" | "htm" | "xhtml" => Syntax::Html,
            "tei" => Syntax::Tei,
            "epub" => Syntax::Epub,
            "docx" => Syntax::Docx,
            _ => return None,
        })
    }

    /// The syntax of a file's content, from its first bytes and its lines.
    pub fn sniff(bytes: &[u8]) -> Syntax {
        if bytes.starts_with(b"PK\x03\x04") {
            let head = &bytes[..bytes.len().min(200)];
            let is_epub = head.windows(20).any(|w| w == b"application/epub+zip");
            return if is_epub { Syntax::Epub } else { Syntax::Docx };
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        let lower: String = trimmed.chars().take(4096).collect::<String>().to_ascii_lowercase();
        if lower.starts_with('<') {
            if lower.contains("<tei") {
                return Syntax::Tei;
            }
            if lower.contains("<html")
                || lower.starts_with("<!doctype")
                || lower.contains("<body")
                || lower.contains("<div")
            {
                return Syntax::Html;
            }
        }
        wiki_syntax(&head)
    }

    /// The syntax of a file: its extension when specific, else its content.
    pub fn detect(path: &Path, bytes: &[u8]) -> Syntax {
        match Syntax::from_extension(path) {
            // An .xml file may be TEI or XHTML.
            None => Syntax::sniff(bytes),
            Some(s) => s,
        }
    }

    /// Whether files in this syntax are zip containers, not text.
    pub fn is_binary(self) -> bool {
        matches!(self, Syntax::Epub | Syntax::Docx)
    }
}

/// Which lightweight markup a text is in, by counting each syntax's
/// unmistakable lines and marks. Plain text when none shows.
fn wiki_syntax(text: &str) -> Syntax {
    let (mut md, mut dw, mut mw) = (0usize, 0usize, 0usize);
    for line in text.lines().take(2000) {
        let t = line.trim_end();
        let eqs_left = t.len() - t.trim_start_matches('=').len();
        let eqs_right = t.len() - t.trim_end_matches('=').len();
        if eqs_left >= 2 && eqs_right >= 2 && t.len() > eqs_left + eqs_right {
            // DokuWiki's top levels use 5 and 6; MediaWiki's 2 to 4.
            if eqs_left >= 5 {
                dw += 3
            } else {
                mw += 1;
                dw += 1
            }
        }
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            md += 3;
        }
        if t.starts_with("  * ") || t.starts_with("  - ") || t.starts_with("    * ") {
            dw += 2;
        }
        if (t.starts_with("* ") || t.starts_with("- ")) && !t.starts_with("**") {
            md += 1;
        }
        if t.starts_with('*') && !t.starts_with("**") || t.starts_with('#') && !t.starts_with("# ") {
            mw += 1;
        }
        dw += t.matches("//").count().saturating_sub(t.matches("://").count()) / 2;
        mw += t.matches("'''").count() + t.matches("''").count() / 2 + t.matches("{{").count();
        md += t.matches("](").count() * 2;
        if t.contains(" · ") && t.contains(".txt") {
            dw += 2;
        }
    }
    let best = md.max(dw).max(mw);
    if best == 0 {
        Syntax::Text
    } else if md == best {
        Syntax::Markdown
    } else if dw == best {
        Syntax::DokuWiki
    } else {
        Syntax::MediaWiki
    }
}

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
