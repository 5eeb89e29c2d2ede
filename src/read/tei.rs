//! TEI P5 → Document, for files this tool wrote (exactly) and for similar
//! TEI (leniently: unknown inline elements give their text, missing ids are
//! made up in the parser's scheme).

use crate::error::{Error, Result};
use crate::model::ids::{self, BlockIds};
use crate::model::*;
use crate::xml::{self, Elem, Node};

/// The TEI namespace.
pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// Read a TEI document.
pub fn read(text: &str) -> Result<Document> {
    let root = xml::parse(text)?;
    if root.local() != "TEI" {
        return Err(Error::xml(
            text,
            root.offset,
            format!("not a TEI document: the root element is <{}>, expected <TEI>", root.name),
        ));
    }
    if let Some(ns) = root.attr("xmlns") {
        if ns != TEI_NS {
            return Err(Error::xml(text, root.offset, format!("<TEI> is in namespace {ns}, expected {TEI_NS}")));
        }
    }
    // The language of the TEI, else of its <text> (TEI from elsewhere
    // often declares it there, and was read as of no language).
    let text_elem = root.child("text");
    let lang = root.attr("xml:lang").or_else(|| text_elem.and_then(|t| t.attr("xml:lang")));
    let mut doc = Document { lang: lang.and_then(Lang::new), ..Document::default() };
    let header = root.child("teiHeader");
    if let Some(h) = header {
        read_header(h, &mut doc);
    }
    let t = text_elem
        .filter(|t| t.child("body").is_some())
        .ok_or_else(|| Error::xml(text, root.offset, "<TEI> has no <text><body>"))?;
    let subject_ref = doc.subject.as_ref().map(|p| format!("#{}", p.id));
    let r = Ctx { subject_ref };
    let mut n = BlockIds::default();
    // The front and back matter are text too (a preface, an appendix):
    // read in order with the body, where they were dropped unsaid.
    for part in t.elems().filter(|e| matches!(e.local(), "front" | "body" | "back")) {
        for e in part.elems() {
            match e.local() {
                "head" if e.attr("type") == Some("page") => {}
                d if is_div(d) => {
                    let id = e.attr("xml:id").map_or_else(|| ids::section("", doc.sections.len() + 1), str::to_string);
                    doc.sections.push(r.section(e, id, 2));
                }
                // Before the first section, blocks open the page; after
                // one, they are the last section's (ids stay in order).
                _ => match doc.sections.last_mut() {
                    None => r.blocks(e, "", &mut n, &mut doc.front),
                    Some(last) => {
                        // Ids of their own under the section's, which
                        // numbered its blocks already.
                        let prefix = ids::inside(&format!("{}.after", last.id));
                        let mut extra = Vec::new();
                        r.blocks(e, &prefix, &mut n, &mut extra);
                        last.blocks.extend(extra);
                    }
                },
            }
        }
    }
    Ok(doc)
}

/// TEI's divisions: `div`, and the numbered `div1` to `div7` of older TEI
/// (read as nothing at all before).
fn is_div(local: &str) -> bool {
    local == "div" || local.strip_prefix("div").is_some_and(|n| matches!(n, "1" | "2" | "3" | "4" | "5" | "6" | "7"))
}

fn read_header(h: &Elem, doc: &mut Document) {
    let file = h.child("fileDesc");
    doc.title = file
        .and_then(|f| f.child("titleStmt"))
        .and_then(|t| t.child("title"))
        .map(|t| t.text())
        .filter(|t| !t.trim().is_empty());
    if let Some(b) = file.and_then(|f| f.child("sourceDesc")).and_then(|s| s.child("bibl")) {
        for e in b.elems() {
            match (e.local(), e.attr("type")) {
                ("publisher", _) => doc.source.site = Some(e.text()),
                ("ptr", Some("site")) => doc.source.site_url = e.attr("target").map(str::to_string),
                ("ptr", Some("permalink")) => doc.source.permalink = e.attr("target").map(str::to_string),
                ("date", Some("last-update")) => {
                    doc.source.updated_text = Some(e.text());
                    doc.source.updated = e.attr("when").map(str::to_string);
                }
                _ => {}
            }
        }
    }
    let person = h
        .child("profileDesc")
        .and_then(|p| p.child("particDesc"))
        .and_then(|p| p.child("listPerson"))
        .and_then(|l| l.child("person"));
    if let Some(p) = person {
        let mut person = Person { id: p.attr("xml:id").unwrap_or("subject").to_string(), ..Person::default() };
        for e in p.elems() {
            match e.local() {
                "persName" => person.names.push(PersonName {
                    name: e.text(),
                    kind: e.attr("type").unwrap_or("full").to_string(),
                    lang: e.attr("xml:lang").and_then(Lang::new),
                }),
                "birth" | "death" => {
                    let date = e.child("date");
                    let ev = Event {
                        when: date.and_then(|d| d.attr("when")).or(e.attr("when")).map(str::to_string),
                        date_text: date.map(|d| d.text()),
                        place: e.child("placeName").map(|p| p.text()),
                    };
                    if e.local() == "birth" {
                        person.birth = Some(ev);
                    } else {
                        person.death = Some(ev);
                    }
                }
                _ => {}
            }
        }
        doc.subject = Some(person);
    }
}

struct Ctx {
    subject_ref: Option<String>,
}

fn id_or(e: &Elem, make: impl FnOnce() -> String) -> String {
    e.attr("xml:id").map_or_else(make, str::to_string)
}

impl Ctx {
    fn section(&self, e: &Elem, id: String, default_level: u8) -> Section {
        let role = e.attr("type").and_then(SectionRole::parse).unwrap_or(SectionRole::Prose);
        let mut head = Vec::new();
        let mut level = default_level;
        let mut blocks = Vec::new();
        let mut sections = Vec::new();
        let mut n = BlockIds::default();
        let prefix = ids::inside(&id);
        for c in e.elems() {
            match c.local() {
                "head" => {
                    level = c
                        .attr("rend")
                        .and_then(|r| r.strip_prefix('h'))
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(default_level);
                    head = self.inlines(&c.children);
                }
                d if is_div(d) => {
                    let sid = id_or(c, || ids::subsection(&id, sections.len() + 1));
                    sections.push(self.section(c, sid, level.saturating_add(1)));
                }
                _ => self.blocks(c, &prefix, &mut n, &mut blocks),
            }
        }
        Section { id, level, head, role, blocks, sections }
    }

    /// The blocks an element of a division gives: the blocks this tool
    /// writes ([`Ctx::block`]); verse (`lg`, a segment per line `l`);
    /// and, of TEI from elsewhere, any other element's (`sp`, `table`,
    /// `figure`, `floatingText`, …): the blocks inside it, or its text as
    /// a paragraph. Such elements were dropped unsaid, a play's speeches,
    /// a poem's lines, exit 0.
    fn blocks(&self, e: &Elem, prefix: &str, n: &mut BlockIds, out: &mut Vec<Block>) {
        if is_block(e.local()) {
            out.extend(self.block(e, prefix, n));
            return;
        }
        match e.local() {
            // Metadata and page furniture, not text.
            "pb" | "milestone" | "anchor" | "gap" | "fw" | "figDesc" | "graphic" | "media" | "binaryObject" => {}
            "lg" => {
                let id = id_or(e, || n.para(prefix));
                let mut lines = Vec::new();
                verse_lines(e, &mut lines);
                let sentences: Vec<Sentence> = lines
                    .into_iter()
                    .map(|l| trim(self.inlines(&l.children)))
                    .filter(|c| !c.is_empty())
                    .enumerate()
                    .map(|(k, content)| Sentence { id: ids::sentence(&id, k + 1), content })
                    .collect();
                if !sentences.is_empty() {
                    out.push(Block::Para(Paragraph { id, sentences }));
                }
            }
            _ if e.elems().any(|c| !is_inline(c.local())) => {
                // A container: its inline runs are paragraphs of their own
                // (a speaker, a cell), its blocks blocks.
                let mut run: Vec<&Node> = Vec::new();
                let flush = |run: &mut Vec<&Node>, n: &mut BlockIds, out: &mut Vec<Block>| {
                    let nodes: Vec<Node> = run.drain(..).cloned().collect();
                    self.one_sentence(&nodes, prefix, n, out);
                };
                for c in &e.children {
                    match c {
                        Node::Elem(x) if !is_inline(x.local()) => {
                            flush(&mut run, n, out);
                            if is_div(x.local()) {
                                // A division inside a container (a
                                // floatingText's body): its blocks, in order.
                                for y in x.elems() {
                                    self.blocks(y, prefix, n, out);
                                }
                            } else {
                                self.blocks(x, prefix, n, out);
                            }
                        }
                        _ => run.push(c),
                    }
                }
                flush(&mut run, n, out);
            }
            _ => self.one_sentence(&e.children, prefix, n, out),
        }
    }

    /// A paragraph of one sentence, the text of `nodes`, unless it is blank.
    fn one_sentence(&self, nodes: &[Node], prefix: &str, n: &mut BlockIds, out: &mut Vec<Block>) {
        let content = trim(self.inlines(nodes));
        if !content.is_empty() {
            let id = n.para(prefix);
            out.push(Block::Para(Paragraph { sentences: vec![Sentence { id: ids::sentence(&id, 1), content }], id }));
        }
    }

    fn block(&self, e: &Elem, prefix: &str, n: &mut BlockIds) -> Option<Block> {
        Some(match e.local() {
            "p" | "ab" => {
                let id = id_or(e, || n.para(prefix));
                let has_s = e.elems().any(|c| c.local() == "s");
                let sentences = if has_s {
                    e.elems()
                        .filter(|c| c.local() == "s")
                        .enumerate()
                        .map(|(k, s)| Sentence {
                            id: id_or(s, || ids::sentence(&id, k + 1)),
                            content: self.inlines(&s.children),
                        })
                        .collect()
                } else {
                    let content = trim(self.inlines(&e.children));
                    if content.is_empty() {
                        return None;
                    }
                    vec![Sentence { id: ids::sentence(&id, 1), content }]
                };
                Block::Para(Paragraph { id, sentences })
            }
            "list" => {
                let id = id_or(e, || n.list(prefix));
                let items = e
                    .elems()
                    .filter(|c| c.local() == "item")
                    .enumerate()
                    .map(|(k, it)| {
                        let iid = id_or(it, || ids::item(&id, k + 1));
                        self.item(it, iid)
                    })
                    .collect();
                Block::List(List { id, ordered: e.attr("rend") == Some("numbered"), items })
            }
            "listBibl" => {
                let id = id_or(e, || n.bibls(prefix));
                let role = e.attr("type").and_then(SectionRole::parse).unwrap_or(SectionRole::Originals);
                let entries = e
                    .elems()
                    .filter(|c| c.local() == "bibl")
                    .enumerate()
                    .map(|(k, b)| BiblEntry {
                        id: id_or(b, || ids::entry(&id, k + 1)),
                        content: self.inlines(&b.children),
                    })
                    .collect();
                Block::Bibls(ListBibl { id, role, entries })
            }
            "quote" => {
                let id = id_or(e, || n.quote(prefix));
                let mut inner = BlockIds::default();
                let qp = ids::inside(&id);
                let mut blocks = Vec::new();
                for c in e.elems() {
                    self.blocks(c, &qp, &mut inner, &mut blocks);
                }
                Block::Quote(Quote { id, blocks })
            }
            "eg" => {
                let id = id_or(e, || n.code(prefix));
                Block::Code(Code { id, text: e.text() })
            }
            _ => return None,
        })
    }

    fn item(&self, it: &Elem, id: String) -> Item {
        // Inline content runs up to the first block child; the whitespace
        // the writer puts before nested blocks is not content.
        let split = it
            .children
            .iter()
            .position(|c| matches!(c, Node::Elem(e) if is_block(e.local())))
            .unwrap_or(it.children.len());
        let mut content = self.inlines(&it.children[..split]);
        if let Some(Inline::Text(t)) = content.last_mut() {
            *t = t.trim_end().to_string();
        }
        let content = normalize(content);
        let mut n = BlockIds::default();
        let prefix = ids::inside(&id);
        let blocks = it.children[split..]
            .iter()
            .filter_map(|c| match c {
                Node::Elem(e) => self.block(e, &prefix, &mut n),
                Node::Text(_) => None,
            })
            .collect();
        Item { id, content, blocks }
    }

    fn inlines(&self, nodes: &[Node]) -> Vec<Inline> {
        let mut out = Vec::new();
        for n in nodes {
            match n {
                Node::Text(t) => out.push(Inline::Text(t.clone())),
                Node::Elem(e) => self.inline(e, &mut out),
            }
        }
        normalize(out)
    }

    fn inline(&self, e: &Elem, out: &mut Vec<Inline>) {
        let content = || self.inlines(&e.children);
        let rend = e.attr("rend").and_then(Rend::parse);
        let node = match e.local() {
            "hi" => Inline::Hi { rend: rend.unwrap_or(Rend::Italic), content: content() },
            "title" => Inline::Title {
                id: e.attr("xml:id").map(str::to_string),
                kind: e.attr("type").and_then(TitleKind::parse).unwrap_or(TitleKind::Unclassified),
                lang: e.attr("xml:lang").and_then(Lang::new),
                rend,
                content: content(),
            },
            "persName" | "orgName" | "placeName" | "name" => {
                let kind = match e.local() {
                    "orgName" => NameKind::Org,
                    "placeName" => NameKind::Place,
                    _ => NameKind::Person,
                };
                let subject =
                    kind == NameKind::Person && e.attr("ref").is_some() && e.attr("ref") == self.subject_ref.as_deref();
                Inline::Name { kind, subject, rend, content: content() }
            }
            "ref" | "ptr" => Inline::Ref { target: e.attr("target").map(str::to_string), content: content() },
            "code" => Inline::Code(e.text()),
            "lb" => Inline::Break,
            "pubPlace" => Inline::Field { field: Field::PubPlace, content: content() },
            "publisher" => Inline::Field { field: Field::Publisher, content: content() },
            "date" => {
                // A range is written from/to; its start stands for it.
                let to = e.attr("to").filter(|_| e.attr("when").is_none()).map(str::to_string);
                let when = e.attr("when").or(to.as_ref().and(e.attr("from"))).map(str::to_string);
                let doubted = e.attr("cert") == Some("low");
                Inline::Field { field: Field::Date { when, to, doubted }, content: content() }
            }
            "biblScope" => Inline::Field {
                field: Field::Scope {
                    unit: e.attr("unit").unwrap_or("issue").to_string(),
                    n: e.attr("n").unwrap_or("").to_string(),
                },
                content: content(),
            },
            "author" => Inline::Field { field: Field::Author, content: content() },
            "note" => Inline::Field {
                field: Field::Note { kind: e.attr("type").unwrap_or("note").to_string() },
                content: content(),
            },
            // Anything else: keep its text and inline markup.
            _ => {
                out.extend(content());
                return;
            }
        };
        out.push(node);
    }
}

/// The lines of a verse group, nested groups (stanzas) included, in order.
fn verse_lines<'e>(e: &'e Elem, out: &mut Vec<&'e Elem>) {
    for c in e.elems() {
        match c.local() {
            "l" => out.push(c),
            "lg" => verse_lines(c, out),
            _ => {}
        }
    }
}

/// The inline elements [`Ctx::inline`] reads, and the phrase-level ones of
/// TEI from elsewhere whose text it keeps: anything else inside a
/// division is a block (or holds blocks).
fn is_inline(local: &str) -> bool {
    matches!(
        local,
        "hi" | "title"
            | "persName"
            | "orgName"
            | "placeName"
            | "name"
            | "ref"
            | "ptr"
            | "code"
            | "lb"
            | "pubPlace"
            | "publisher"
            | "date"
            | "biblScope"
            | "author"
            | "note"
            | "foreign"
            | "emph"
            | "term"
            | "gloss"
            | "mentioned"
            | "soCalled"
            | "q"
            | "said"
            | "rs"
            | "num"
            | "measure"
            | "abbr"
            | "expan"
            | "choice"
            | "sic"
            | "corr"
            | "orig"
            | "reg"
            | "add"
            | "del"
            | "unclear"
            | "supplied"
            | "seg"
            | "w"
            | "pc"
            | "c"
            | "s"
            | "pb"
            | "milestone"
            | "anchor"
            | "gap"
            | "space"
            | "time"
            | "geogName"
            | "roleName"
            | "forename"
            | "surname"
            | "addName"
            | "genName"
            | "nameLink"
            | "bibl"
    )
}

fn is_block(local: &str) -> bool {
    matches!(local, "p" | "ab" | "list" | "listBibl" | "quote" | "eg")
}
