//! Typed errors of the library. Every error that comes from input names the
//! file (when there is one) and the place in it (line and column, 1-based).

use std::fmt;
use std::path::PathBuf;

use crate::syntax::Syntax;

/// A position in a text file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub col: usize,
}

impl Pos {
    /// Position of byte offset `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// Where each line of a text starts, so that many offsets turn into
/// positions in logarithmic time each ([`Pos::of_offset`] counts from the
/// start of the text every time: quadratic over a long text's ids).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    /// The position of byte offset `offset` in `text` (the text indexed),
    /// the same as [`Pos::of_offset`].
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        Pos { line, col: text[start..offset].chars().count() + 1 }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// What went wrong; see [`Error`] for the file it happened in.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The file could not be opened, read or written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The path names a directory where a file was expected.
    #[error("is a directory, expected a file")]
    IsDirectory,
    /// The bytes are not UTF-8; `pos` is where the first bad byte sits.
    #[error("{pos}: not valid UTF-8 (byte 0x{byte:02x}); convert the file to UTF-8 first ({hint})")]
    Encoding {
        /// Where the first invalid byte is.
        pos: Pos,
        /// The first invalid byte.
        byte: u8,
        /// How to convert it: what the bytes look like.
        hint: &'static str,
    },
    /// The input holds no text at all.
    #[error("no text in the file (it is empty, or blank)")]
    Empty,
    /// A page in a markup syntax (Markdown, DokuWiki, MediaWiki, HTML) is
    /// malformed in a way that would silently change its meaning, or lacks
    /// what the command needs (an author page without headings).
    #[error("{pos}: {msg}")]
    Markup {
        /// The syntax the page was read in.
        syntax: Syntax,
        /// Where the problem starts.
        pos: Pos,
        /// What is wrong.
        msg: String,
    },
    /// A zip container (EPUB, DOCX) that cannot be read: not a zip, a
    /// missing or oversized entry, an entry that is not XML.
    #[error("{syntax}: {msg}")]
    Container {
        /// EPUB or DOCX.
        syntax: Syntax,
        /// What is wrong.
        msg: String,
    },
    /// The language of a text could not be told and was not given.
    #[error("cannot tell its language; pass {flag}")]
    UnknownLanguage {
        /// The option that sets it (`--src-lang`).
        flag: String,
    },
    /// A language code that is not one.
    #[error("{code}: {why}")]
    LanguageCode {
        /// The code as given.
        code: String,
        /// Why it was refused, with the nearest known code when there is one.
        why: String,
    },
    /// Options that do not go together or do not parse (`--shard 0/2`,
    /// `--format moses` without `-o`).
    #[error("{0}")]
    Usage(String),
    /// The data a command needs (dictionaries, morphology) is missing or
    /// does not match its manifest.
    #[error("{0}")]
    Data(String),
    /// A file over the size this tool reads into memory.
    #[error("larger than {limit_mb} MB, the most this tool reads into memory; split it (one document per file)")]
    TooLarge {
        /// The limit in MB.
        limit_mb: u64,
    },
    /// Two inputs that must agree do not: a gold file and the page or
    /// alignment it scores, an alignment and the texts it links.
    #[error("{0}")]
    Mismatch(String),
    /// JSON that could not be written or read.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// The page lacks a structure the command needs.
    #[error("{0}")]
    Structure(String),
    /// The XML is not well-formed or not the TEI this tool reads.
    #[error("{pos}: {msg}")]
    Xml {
        /// Where the problem was found.
        pos: Pos,
        /// What is wrong.
        msg: String,
    },
    /// A dictionary file could not be understood.
    #[error("{pos}: {msg}")]
    Dictionary {
        /// Where the problem was found.
        pos: Pos,
        /// What is wrong.
        msg: String,
    },
    /// A line of a text format (beads, manifests) that does not parse.
    #[error("{pos}: {msg}")]
    Syntax {
        /// Where the problem was found.
        pos: Pos,
        /// What is wrong.
        msg: String,
    },
    /// Any other input that does not have the expected shape.
    #[error("{0}")]
    Invalid(String),
    /// An alignment (one this tool writes: TMX, XCES, beads, alignment
    /// JSON or TSV, a TEI alignment) given where a text is read: read as
    /// a text, its markup and ids were aligned, exit 0.
    #[error(
        "not a text: it is {what}, an alignment; give the texts it aligns (convert, eval and review --alignment read alignments; --input-format reads it as a text all the same)"
    )]
    AlignmentNotText {
        /// What the file is, in words ("a TMX file").
        what: &'static str,
    },
}

/// An error with the file it concerns.
#[derive(Debug)]
pub struct Error {
    /// The file the error concerns, if any.
    pub path: Option<PathBuf>,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error without a file (e.g. text given in memory).
    pub fn new(kind: ErrorKind) -> Error {
        Error { path: None, kind }
    }

    /// Attach the file the error concerns, keeping an existing one.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }

    /// Shorthand for an [`ErrorKind::Invalid`] error.
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invalid(msg.into()))
    }

    /// Shorthand for an [`ErrorKind::Usage`] error.
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage(msg.into()))
    }

    /// Shorthand for an [`ErrorKind::Markup`] error at a byte offset of `text`.
    pub fn markup(syntax: Syntax, text: &str, offset: usize, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Markup { syntax, pos: Pos::of_offset(text, offset), msg: msg.into() })
    }

    /// Shorthand for an [`ErrorKind::Container`] error.
    pub fn container(syntax: Syntax, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Container { syntax, msg: msg.into() })
    }

    /// Shorthand for an [`ErrorKind::Xml`] error at a byte offset of `text`.
    pub fn xml(text: &str, offset: usize, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Xml { pos: Pos::of_offset(text, offset), msg: msg.into() })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let positional = matches!(
            self.kind,
            ErrorKind::Encoding { .. }
                | ErrorKind::Markup { .. }
                | ErrorKind::Xml { .. }
                | ErrorKind::Dictionary { .. }
                | ErrorKind::Syntax { .. }
        );
        match &self.path {
            // "file:line:col: message", the shape editors and grep users jump to.
            Some(p) if positional => write!(f, "{}:{}", p.display(), self.kind),
            Some(p) => write!(f, "{}: {}", p.display(), self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::new(ErrorKind::Json(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_gives_what_counting_gives() {
        let text = "ab\ncé\n\nxyz";
        let idx = LineIndex::new(text);
        for off in 0..=text.len() + 2 {
            assert_eq!(idx.pos(text, off), Pos::of_offset(text, off), "offset {off}");
        }
    }
}
