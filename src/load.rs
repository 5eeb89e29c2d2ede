//! The one door from a file, bytes or text to a [`Document`] with ids.
//!
//! Every command and the library come in here: [`Input`] reads a file (or
//! standard input, or bytes, or a string) and tells its syntax; its
//! [`Input::document`] reads it into the model, through the syntax's reader
//! ([`crate::read`]) and the page layer ([`crate::parse`]), or through the
//! TEI reader ([`crate::read::tei`]), which already gives a document. Ids
//! follow one scheme whichever way ([`crate::model::ids`]). Errors name the
//! file and the place.
//!
//! ```
//! use transalign::load::{Input, Options, Role};
//! use transalign::syntax::Syntax;
//!
//! let page = "# Victor Serge\n\n## Teksten\n\n* *De veroverde stad* (1967)\n";
//! let parsed = Input::from_text(page, Some(Syntax::Markdown)).document(&Options::default())?;
//! assert_eq!(parsed.doc.title.as_deref(), Some("Victor Serge"));
//! assert_eq!(parsed.doc.bibls()[0].title, "De veroverde stad");
//!
//! // A text to align needs no headings.
//! let text = Input::from_text("Eén zin. Nog een zin.", None);
//! let parsed = text.document(&Options { role: Role::Text, ..Options::default() })?;
//! assert_eq!(parsed.doc.front.len(), 1);
//! # Ok::<(), transalign::Error>(())
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Document, Lang, LangSource};
use crate::parse;
use crate::syntax::Syntax;

pub use crate::parse::{Parsed, SourceMap};

/// What a document is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// An author page: it must have headings; its subject is recognised.
    #[default]
    Page,
    /// Any text, e.g. one to align: headings optional, no subject.
    Text,
}

/// How to read a document.
#[derive(Debug, Clone)]
pub struct Options {
    /// Its language; detected when `None`.
    pub lang: Option<Lang>,
    /// Page or text.
    pub role: Role,
    /// Record where each id starts in the source (off for big streams).
    pub positions: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { lang: None, role: Role::Page, positions: true }
    }
}

/// The start of a TEI document's text (its paragraphs' sentences), as
/// the detector reads an undeclared text.
fn tei_sample(doc: &Document) -> String {
    let mut sample = String::new();
    crate::model::walk_blocks(doc, &mut |b, _, _| {
        if let crate::model::Block::Para(p) = b {
            for s in &p.sentences {
                if sample.len() <= crate::lang::SAMPLE_BYTES {
                    sample.push_str(&crate::model::plain_text(&s.content));
                    sample.push('\n');
                }
            }
        }
    });
    sample
}

/// An input read into memory: the text to read and the syntax to read it in.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file it came from (for messages), if any.
    pub name: Option<PathBuf>,
    /// The text the readers' positions refer to (for EPUB and DOCX, the
    /// HTML made from them).
    pub text: String,
    /// The syntax of `text` (HTML for EPUB and DOCX).
    pub syntax: Syntax,
    /// The syntax of the file itself.
    pub file_syntax: Syntax,
    /// What reading it changed, for the person (characters replaced).
    pub notes: Vec<String>,
}

impl Input {
    /// Read a file (`-` is standard input), detecting its syntax from its
    /// name and content unless `given`. Text must be UTF-8 (a BOM is
    /// skipped), or HTML or XML in the encoding it declares; errors name
    /// the file and the place.
    pub fn open(path: &Path, given: Option<Syntax>) -> Result<Input> {
        let bytes = crate::io::read_bytes(path)?;
        Input::from_bytes(Some(path), bytes, given)
    }

    /// An input from bytes, named `name` in messages.
    pub fn from_bytes(name: Option<&Path>, bytes: Vec<u8>, given: Option<Syntax>) -> Result<Input> {
        let named = |e: Error| match name {
            Some(n) => e.in_file(n),
            None => e,
        };
        if bytes.is_empty() {
            return Err(named(Error::new(ErrorKind::Empty)));
        }
        let file_syntax = given.unwrap_or_else(|| match name {
            Some(n) => Syntax::detect(n, &bytes),
            None => Syntax::sniff(&bytes),
        });
        let (text, syntax, read_as) = crate::read::decode(bytes, file_syntax).map_err(named)?;
        // An alignment is not a text, whatever its name (`out.tmx`, a
        // `.txt` of beads); `--input-format` reads it as one all the same.
        if given.is_none()
            && let Some(what) = crate::read::alignment_kind(&text)
        {
            return Err(named(Error::new(ErrorKind::AlignmentNotText { what })));
        }
        let notes = read_as.into_iter().collect();
        let mut input = Input { name: name.map(Path::to_path_buf), text, syntax, file_syntax, notes };
        input.unify_line_ends();
        input.replace_non_xml();
        Ok(input)
    }

    /// An input from text in memory, in `given` syntax or the one its content shows.
    pub fn from_text(text: &str, given: Option<Syntax>) -> Input {
        let syntax = given.unwrap_or_else(|| Syntax::sniff(text.as_bytes()));
        // Zip containers come as bytes; their text is already HTML.
        let syntax_of_text = if syntax.is_binary() { Syntax::Html } else { syntax };
        let mut input = Input {
            name: None,
            text: text.to_string(),
            syntax: syntax_of_text,
            file_syntax: syntax,
            notes: Vec::new(),
        };
        input.unify_line_ends();
        input.replace_non_xml();
        input
    }

    /// Windows line ends (CR LF) become LF, as an XML parser makes them:
    /// the wikitext parser reads "== Leben ==\r" as no heading at all, and
    /// a file saved on Windows must read as the same file saved elsewhere.
    /// Lines and columns of every message stay those of the file.
    fn unify_line_ends(&mut self) {
        if self.text.contains("\r\n") {
            self.text = self.text.replace("\r\n", "\n");
        }
    }

    /// Characters XML cannot hold (NUL and other control characters) become
    /// U+FFFD, so that every output made from the input is XML; a note says
    /// how many and where the first was. TEI is left to its reader, which
    /// refuses them with their place.
    fn replace_non_xml(&mut self) {
        if self.syntax == Syntax::Tei || crate::xml::all_xml_chars(&self.text) {
            return;
        }
        let first = self.text.char_indices().find(|(_, c)| !crate::xml::is_xml_char(*c)).map_or(0, |(i, _)| i);
        let pos = crate::error::Pos::of_offset(&self.text, first);
        let n = self.text.chars().filter(|&c| !crate::xml::is_xml_char(c)).count();
        self.text = crate::xml::xml_safe(&self.text).into_owned();
        self.notes.push(format!("{} (the first at {pos})", crate::xml::replaced_note(n)));
    }

    /// Whether the input is TEI (so its ids are the file's own `xml:id`s).
    pub fn is_tei(&self) -> bool {
        self.syntax == Syntax::Tei
    }

    fn named(&self, e: Error) -> Error {
        match &self.name {
            Some(n) => e.in_file(n),
            None => e,
        }
    }

    /// Read the input into a document with ids.
    pub fn document(&self, opts: &Options) -> Result<Parsed> {
        crate::io::require_content(&self.text, None).map_err(|e| self.named(e))?;
        if self.is_tei() {
            let mut doc = crate::read::tei::read(&self.text).map_err(|e| self.named(e))?;
            let lang_source = match (&opts.lang, &doc.lang) {
                (Some(_), _) => LangSource::Given,
                (None, Some(_)) => LangSource::Declared,
                // A TEI declaring no language is told by its text, as any
                // other input is ("cannot tell its language" for a TEI of
                // plain Spanish prose).
                (None, None) => match crate::lang::detect_scored(&tei_sample(&doc)) {
                    Some(d) => {
                        let source = d.source();
                        // A page keeps only a language found for sure, as
                        // the parser does for other syntaxes.
                        if d.confident() || opts.role != Role::Page {
                            doc.lang = Some(d.lang);
                        }
                        source
                    }
                    None => LangSource::Unknown,
                },
            };
            return Ok(Parsed { doc, positions: SourceMap::new(), notes: self.notes.clone(), lang_source });
        }
        let mut parsed = parse::parse_with(&self.text, &self.parse_options(opts)).map_err(|e| self.named(e))?;
        parsed.notes.splice(0..0, self.notes.iter().cloned());
        Ok(parsed)
    }

    fn parse_options(&self, opts: &Options) -> parse::Options {
        parse::Options {
            lang: opts.lang.clone(),
            positions: opts.positions,
            author_page: opts.role == Role::Page,
            syntax: self.syntax,
            file_title: self.name.as_deref().filter(|n| !crate::io::is_stdio(n)).and_then(title_of_file),
            ..parse::Options::default()
        }
    }

    /// Write the input's TEI, one section at a time (a page of any size in
    /// about one section's memory); the bytes equal
    /// `tei::write(&self.document(..)?.doc)`'s. Returns the page's
    /// language, how it was settled, and what reading it noticed.
    pub fn write_tei(&self, out: &mut dyn Write) -> Result<TeiWritten> {
        self.write_tei_in(None, out)
    }

    /// [`Input::write_tei`] for a page in `lang` when given (else detected).
    pub fn write_tei_in(&self, lang: Option<Lang>, out: &mut dyn Write) -> Result<TeiWritten> {
        if self.is_tei() {
            let parsed = self.document(&Options { lang, ..Options::default() })?;
            crate::tei::write(&parsed.doc, out).map_err(|e| self.named(e))?;
            return Ok(TeiWritten { lang: parsed.doc.lang, lang_source: parsed.lang_source, notes: parsed.notes });
        }
        let opts = self.parse_options(&Options { lang, positions: false, ..Options::default() });
        let mut write = || -> Result<TeiWritten> {
            let mut reader = parse::Reader::new(&self.text, &opts)?;
            let subject_id = reader.head().subject.as_ref().map(|p| p.id.clone());
            let front = reader.take_front();
            let body = crate::tei::write_body(subject_id, &front, reader.by_ref())?;
            let (head, _, read_notes) = reader.finish();
            body.finish(&head, out)?;
            // The reader's notes (templates skipped, a title taken from the
            // file's name) were dropped here: `tei` said nothing of them.
            let notes = self.notes.iter().cloned().chain(read_notes).collect();
            Ok(TeiWritten { lang: head.lang, lang_source: head.lang_source, notes })
        };
        write().map_err(|e| self.named(e))
    }
}

/// What writing a page's TEI settled and noticed.
#[derive(Debug, Clone)]
pub struct TeiWritten {
    /// The page's language, as given or detected.
    pub lang: Option<Lang>,
    /// How it was settled.
    pub lang_source: LangSource,
    /// What reading changed, left out or assumed, for the person.
    pub notes: Vec<String>,
}

/// A page's title from its file's name, as wikis name their pages:
/// `Victor_Serge.wiki` is "Victor Serge".
fn title_of_file(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    let t = stem.replace('_', " ");
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Read an author page from a file in any syntax (detected from its name
/// and content); errors name the file.
pub fn page(path: &Path) -> Result<Parsed> {
    page_as(path, None)
}

/// [`page`] with the syntax given (`--input-format`) or detected.
pub fn page_as(path: &Path, syntax: Option<Syntax>) -> Result<Parsed> {
    page_in(path, syntax, None)
}

/// [`page_as`] with the page's language given (`--lang`) or detected.
pub fn page_in(path: &Path, syntax: Option<Syntax>, lang: Option<Lang>) -> Result<Parsed> {
    Input::open(path, syntax)?.document(&Options { lang, ..Options::default() })
}

/// Read an author page from text in memory, in `syntax` or the one its content shows.
pub fn page_str(text: &str, syntax: Option<Syntax>) -> Result<Parsed> {
    Input::from_text(text, syntax).document(&Options::default())
}

/// Read any text (headings optional) from memory, for alignment.
pub fn text_str(text: &str, syntax: Option<Syntax>, lang: Option<Lang>) -> Result<Document> {
    let opts = Options { lang, role: Role::Text, positions: false };
    Ok(Input::from_text(text, syntax).document(&opts)?.doc)
}

/// Whether a file is a wiki page by its extension: Markdown, DokuWiki
/// (`.txt` is DokuWiki's own), MediaWiki or HTML.
pub fn is_page(p: &Path) -> bool {
    let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    PAGE_EXTENSIONS.contains(&ext.as_str())
}

/// The extensions of files a directory is read for (see [`is_page`]):
/// every one that names a wiki or HTML syntax, so that no page a file name
/// would be read by (`.markdown`, `.wikitext`, …) is left out of a report
/// over its directory without a word.
pub const PAGE_EXTENSIONS: [&str; 13] =
    ["md", "txt", "dokuwiki", "wiki", "mediawiki", "html", "htm", "xhtml", "markdown", "mdown", "dw", "wikitext", "mw"];

/// The page files directly in a directory, sorted by name.
pub fn page_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
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
