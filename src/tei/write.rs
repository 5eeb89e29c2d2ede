//! Document → TEI P5. The output validates against tei_all; see
//! `tests/it/tei.rs`. Layout: block elements one per line, indented; inline
//! content (inside `s`, `head`, `item`, `bibl`) written exactly, so that
//! [`crate::read::tei`] gets back the same model and a second write is
//! byte-identical.

use std::collections::BTreeSet;
use std::io::{Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};
use crate::model::*;

use crate::xml::XmlWriter;

pub use crate::read::tei::TEI_NS;

/// Write a document as one TEI file.
pub fn write(doc: &Document, out: &mut dyn Write) -> Result<()> {
    let mut body = Vec::new();
    let langs = {
        let mut b = Body::new(&mut body, doc.subject.as_ref().map(|p| p.id.clone()));
        b.blocks(&doc.front);
        for s in &doc.sections {
            b.section(s);
            b.x.maybe_flush()?;
        }
        b.finish()?
    };
    let head = Head {
        title: doc.title.clone(),
        lang: doc.lang.clone(),
        source: doc.source.clone(),
        subject: doc.subject.clone(),
        front: Vec::new(),
        lang_source: LangSource::Unknown,
    };
    assemble(&head, langs, &mut body.as_slice(), out)
}

/// A TEI body written to an anonymous temporary file, one section at a
/// time, so that memory stays near one section's worth whatever the page's
/// size: the header lists the languages used, known only after the body.
/// [`StreamedBody::finish`] writes the whole file.
pub struct StreamedBody {
    tmp: std::fs::File,
    langs: BTreeSet<String>,
}

/// Write the body of a page given as its front matter and a stream of
/// sections (see [`StreamedBody`]); the output is identical to [`fn@write`]'s
/// for the same document.
pub fn write_body<I>(subject_id: Option<String>, front: &[Block], sections: I) -> Result<StreamedBody>
where
    I: Iterator<Item = Result<Section>>,
{
    let mut tmp = tempfile::tempfile()?;
    // Sections are written on a thread of their own while the caller's
    // thread reads and converts the next ones: writing them on the
    // reader's thread left the conversion threads idle meanwhile. The
    // writer takes the results in the order they came, errors included,
    // so it stops at the first failure, reading's or its own, as before.
    let langs = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Section>>(WRITE_AHEAD);
        let tmp = &mut tmp;
        let writer = scope.spawn(move || -> Result<BTreeSet<String>> {
            let mut sink = std::io::BufWriter::new(tmp);
            let mut b = Body::new(&mut sink, subject_id);
            b.blocks(front);
            for s in rx {
                b.section(&s?);
                b.x.maybe_flush()?;
            }
            let langs = b.finish()?;
            sink.flush()?;
            Ok(langs)
        });
        for s in sections {
            let failed = s.is_err();
            // A closed channel: the writer failed, and says why on joining.
            if tx.send(s).is_err() || failed {
                break;
            }
        }
        drop(tx);
        writer.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    })?;
    tmp.seek(SeekFrom::Start(0))?;
    Ok(StreamedBody { tmp, langs })
}

/// Sections the reader may convert ahead of the writer: a batch of them
/// ([`crate::parse`] converts up to 64 at once), so that the reader goes
/// on to the next batch while the writer writes this one.
const WRITE_AHEAD: usize = 64;

impl StreamedBody {
    /// Write the whole TEI file: the header from `head`, then the body.
    pub fn finish(mut self, head: &Head, out: &mut dyn Write) -> Result<()> {
        assemble(head, self.langs, &mut self.tmp, out)
    }
}

fn assemble(head: &Head, mut langs: BTreeSet<String>, body: &mut dyn Read, out: &mut dyn Write) -> Result<()> {
    if let Some(p) = &head.subject {
        for n in &p.names {
            if let Some(l) = &n.lang {
                langs.insert(l.code().to_string());
            }
        }
    }
    let mut x = XmlWriter::new(out, 0);
    x.decl();
    let doc_lang = head.lang.as_ref().map(|l| l.code().to_string());
    let mut root_attrs = vec![("xmlns", TEI_NS)];
    if let Some(l) = &doc_lang {
        root_attrs.push(("xml:lang", l.as_str()));
    }
    x.open("TEI", &root_attrs);
    header(&mut x, head, &langs);
    x.open("text", &[]);
    x.open("body", &[]);
    if let Some(t) = &head.title {
        // Heads carry ids too, so that alignments can point at them.
        x.leaf("head", &[("xml:id", "title"), ("type", "page")], t);
    }
    x.flush()?;
    let copied = std::io::copy(body, x.sink())?;
    if copied == 0 && head.title.is_none() {
        x.empty_line("p", &[]);
    }
    x.close("body");
    x.close("text");
    x.close("TEI");
    x.raw("\n");
    x.flush()?;
    Ok(())
}

/// `encodingDesc` naming this tool and its version (shared with the
/// alignment TEI in [`crate::formats::tei`]).
pub(crate) fn encoding_desc(x: &mut XmlWriter<'_>) {
    encoding_desc_with(x, "", &[]);
}

/// [`encoding_desc`] with a `classDecl` holding one taxonomy: `id` and its
/// categories as (`xml:id`, description), which elements point at with
/// `@ana` (none: no `classDecl`).
pub(crate) fn encoding_desc_with(x: &mut XmlWriter<'_>, id: &str, categories: &[(&str, &str)]) {
    x.open("encodingDesc", &[]);
    x.open("appInfo", &[]);
    x.open("application", &[("ident", "transalign"), ("version", env!("CARGO_PKG_VERSION"))]);
    x.leaf("label", &[], "transalign");
    x.close("application");
    x.close("appInfo");
    if !categories.is_empty() {
        x.open("classDecl", &[]);
        x.open("taxonomy", &[("xml:id", id)]);
        for (cat, desc) in categories {
            x.open("category", &[("xml:id", cat)]);
            x.leaf("catDesc", &[], desc);
            x.close("category");
        }
        x.close("taxonomy");
        x.close("classDecl");
    }
    x.close("encodingDesc");
}

fn header(x: &mut XmlWriter<'_>, head: &Head, langs: &BTreeSet<String>) {
    x.open("teiHeader", &[]);
    x.open("fileDesc", &[]);
    x.open("titleStmt", &[]);
    x.leaf("title", &[], head.title.as_deref().unwrap_or(""));
    x.close("titleStmt");
    x.open("publicationStmt", &[]);
    // Whatever the input syntax was: the sourceDesc says where it came from.
    x.leaf("p", &[], "Converted to TEI by transalign.");
    x.close("publicationStmt");
    x.open("sourceDesc", &[]);
    let s = &head.source;
    if s.site.is_none() && s.site_url.is_none() && s.permalink.is_none() && s.updated_text.is_none() {
        x.leaf("p", &[], "No source information was given on the page.");
    } else {
        x.open("bibl", &[]);
        if let Some(t) = &head.title {
            x.leaf("title", &[], t);
        }
        if let Some(site) = &s.site {
            x.leaf("publisher", &[], site);
        }
        if let Some(u) = &s.site_url {
            x.empty_line("ptr", &[("type", "site"), ("target", u)]);
        }
        if let Some(u) = &s.permalink {
            x.empty_line("ptr", &[("type", "permalink"), ("target", u)]);
        }
        if let Some(t) = &s.updated_text {
            let mut attrs = vec![("type", "last-update")];
            if let Some(w) = &s.updated {
                attrs.push(("when", w));
            }
            x.leaf("date", &attrs, t);
        }
        x.close("bibl");
    }
    x.close("sourceDesc");
    x.close("fileDesc");
    encoding_desc(x);
    x.open("profileDesc", &[]);
    x.open("langUsage", &[]);
    let mut ordered: Vec<&String> = Vec::new();
    if let Some(l) = &head.lang {
        ordered.extend(langs.iter().filter(|c| c.as_str() == l.code()));
        if !langs.contains(l.code()) {
            // Always declare the document's own language.
            x.leaf("language", &[("ident", l.code())], l.name());
        }
    }
    ordered.extend(langs.iter().filter(|c| head.lang.as_ref().is_none_or(|l| l.code() != c.as_str())));
    for code in ordered {
        let name = Lang::new(code).map_or("other", |l| l.name());
        x.leaf("language", &[("ident", code)], name);
    }
    x.close("langUsage");
    if let Some(p) = &head.subject {
        x.open("particDesc", &[]);
        x.open("listPerson", &[]);
        x.open("person", &[("xml:id", &p.id)]);
        for n in &p.names {
            let mut attrs = vec![("type", n.kind.as_str())];
            if let Some(l) = &n.lang {
                attrs.push(("xml:lang", l.code()));
            }
            x.leaf("persName", &attrs, &n.name);
        }
        for (name, ev) in [("birth", &p.birth), ("death", &p.death)] {
            if let Some(ev) = ev {
                x.line(name, &[]);
                if let Some(t) = &ev.date_text {
                    match &ev.when {
                        Some(w) => x.start("date", &[("when", w)]),
                        None => x.start("date", &[]),
                    }
                    x.text(t);
                    x.end("date");
                }
                if let Some(pl) = &ev.place {
                    x.start("placeName", &[]);
                    x.text(pl);
                    x.end("placeName");
                }
                x.end(name);
            }
        }
        x.close("person");
        x.close("listPerson");
        x.close("particDesc");
    }
    x.close("profileDesc");
    x.close("teiHeader");
}

/// Writes body content and notes the languages used.
struct Body<'w> {
    x: XmlWriter<'w>,
    langs: BTreeSet<String>,
    subject_id: Option<String>,
}

impl<'w> Body<'w> {
    fn new(out: &'w mut dyn Write, subject_id: Option<String>) -> Body<'w> {
        Body { x: XmlWriter::new(out, 3), langs: BTreeSet::new(), subject_id }
    }

    fn finish(mut self) -> Result<BTreeSet<String>> {
        self.x.flush().map_err(Error::from)?;
        Ok(self.langs)
    }

    fn section(&mut self, s: &Section) {
        self.x.open("div", &[("xml:id", &s.id), ("type", s.role.as_str())]);
        let rend = format!("h{}", s.level);
        let head_id = format!("{}.head", s.id);
        self.x.line("head", &[("xml:id", &head_id), ("rend", &rend)]);
        self.inlines(&s.head);
        self.x.end("head");
        self.blocks(&s.blocks);
        for sub in &s.sections {
            self.section(sub);
        }
        self.x.close("div");
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Para(p) => {
                self.x.open("p", &[("xml:id", &p.id)]);
                for s in &p.sentences {
                    self.x.line("s", &[("xml:id", &s.id)]);
                    self.inlines(&s.content);
                    self.x.end("s");
                }
                self.x.close("p");
            }
            Block::List(l) => {
                self.x.open("list", &[("xml:id", &l.id), ("rend", if l.ordered { "numbered" } else { "bulleted" })]);
                for it in &l.items {
                    self.x.line("item", &[("xml:id", &it.id)]);
                    self.inlines(&it.content);
                    if !it.blocks.is_empty() {
                        // Nested blocks sit inside the item, indented; the reader
                        // drops the whitespace between them.
                        self.x.indent();
                        self.blocks(&it.blocks);
                        self.x.dedent();
                    }
                    self.x.end("item");
                }
                self.x.close("list");
            }
            Block::Bibls(lb) => {
                self.x.open("listBibl", &[("xml:id", &lb.id), ("type", lb.role.as_str())]);
                for e in &lb.entries {
                    self.x.line("bibl", &[("xml:id", &e.id)]);
                    self.inlines(&e.content);
                    self.x.end("bibl");
                }
                self.x.close("listBibl");
            }
            Block::Quote(q) => {
                self.x.open("quote", &[("xml:id", &q.id)]);
                self.blocks(&q.blocks);
                self.x.close("quote");
            }
            Block::Code(c) => {
                self.x.line("eg", &[("xml:id", &c.id), ("xml:space", "preserve")]);
                self.x.text(&c.text);
                self.x.end("eg");
            }
        }
    }

    fn inlines(&mut self, content: &[Inline]) {
        for i in content {
            self.inline(i);
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => self.x.text(t),
            Inline::Code(t) => {
                self.x.start("code", &[]);
                self.x.text(t);
                self.x.end("code");
            }
            Inline::Break => self.x.empty("lb", &[]),
            Inline::Hi { rend, content } => self.wrap("hi", &[("rend", rend.as_str())], content),
            Inline::Title { id, kind, lang, rend, content } => {
                // In place, not a vector per title; the language is copied
                // into the set only the first time it is seen.
                let mut attrs = [("", ""); 5];
                let mut n = 0;
                if let Some(id) = id {
                    attrs[n] = ("xml:id", id.as_str());
                    n += 1;
                }
                attrs[n] = ("type", kind.as_str());
                attrs[n + 1] = ("level", kind.level());
                n += 2;
                if let Some(l) = lang {
                    if !self.langs.contains(l.code()) {
                        self.langs.insert(l.code().to_string());
                    }
                    attrs[n] = ("xml:lang", l.code());
                    n += 1;
                }
                if let Some(r) = rend {
                    attrs[n] = ("rend", r.as_str());
                    n += 1;
                }
                self.wrap("title", &attrs[..n], content);
            }
            Inline::Name { kind, subject, rend, content } => {
                let name = match kind {
                    NameKind::Person => "persName",
                    NameKind::Org => "orgName",
                    NameKind::Place => "placeName",
                };
                let pointer = self.subject_id.as_ref().filter(|_| *subject).map(|id| format!("#{id}"));
                let mut attrs: Vec<(&str, &str)> = Vec::new();
                if let Some(p) = &pointer {
                    attrs.push(("ref", p));
                }
                if let Some(r) = rend {
                    attrs.push(("rend", r.as_str()));
                }
                self.wrap(name, &attrs, content);
            }
            Inline::Ref { target, content } => match target {
                Some(t) => self.wrap("ref", &[("target", t)], content),
                None => self.wrap("ref", &[], content),
            },
            Inline::Field { field, content } => match field {
                Field::PubPlace => self.wrap("pubPlace", &[], content),
                Field::Publisher => self.wrap("publisher", &[], content),
                Field::Date { when: Some(w), to: Some(t), .. } => self.wrap("date", &[("from", w), ("to", t)], content),
                Field::Date { when: Some(w), to: None, doubted: true } => {
                    self.wrap("date", &[("when", w.as_str()), ("cert", "low")], content)
                }
                Field::Date { when: Some(w), to: None, doubted: false } => {
                    self.wrap("date", &[("when", w.as_str())], content)
                }
                Field::Date { when: None, .. } => self.wrap("date", &[], content),
                Field::Scope { unit, n } => self.wrap("biblScope", &[("unit", unit), ("n", n)], content),
                Field::Author => self.wrap("author", &[], content),
                Field::Note { kind } => self.wrap("note", &[("type", kind)], content),
            },
        }
    }

    fn wrap(&mut self, name: &str, attrs: &[(&str, &str)], content: &[Inline]) {
        self.x.start(name, attrs);
        self.inlines(content);
        self.x.end(name);
    }
}
