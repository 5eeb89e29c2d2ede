//! Bibliographic records read off the model: [`Bibl`] from an entry's
//! marked-up text or a title in prose, and the walk over a document's
//! blocks that finds them.

use serde::Serialize;

use super::*;

/// Where an entry sits: the headings above it, outermost first.
pub type HeadingPath = Vec<String>;

/// A bibliographic record, read off a [`BiblEntry`] (or a title in prose).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Bibl {
    /// Identifier of the entry (or of the sentence holding a prose mention).
    pub id: String,
    /// The role of the list it is in, or `None` for a prose mention.
    pub role: Option<SectionRole>,
    /// What the main title names.
    pub kind: Option<TitleKind>,
    /// Main title.
    pub title: String,
    /// Language of the main title.
    pub lang: Option<Lang>,
    /// Year of publication.
    pub year: Option<i32>,
    /// Full ISO date when more than a year is known.
    pub date: Option<String>,
    /// The date as written ("onbekend" included).
    pub date_text: Option<String>,
    /// The date doubts its year ("ca. 1905", "1930?"): good to a few years.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub year_doubted: bool,
    /// Place of publication.
    pub pub_place: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Periodical the work appeared in.
    pub periodical: Option<String>,
    /// Issue or volume ("n°11").
    pub scope: Option<String>,
    /// Authors named in the entry.
    pub authors: Vec<String>,
    /// Co-authors ("samen met L. Trotsky").
    pub coauthors: Vec<String>,
    /// Pseudonym the work appeared under.
    pub pseudonym: Option<String>,
    /// Other notes, as written ("Boek, roman").
    pub notes: Vec<String>,
    /// The headings above the entry.
    pub section: HeadingPath,
}

impl BiblEntry {
    /// The typed record for this entry; `role` and `section` come from its list.
    pub fn bibl(&self, role: SectionRole, section: &[String]) -> Bibl {
        let mut b = Bibl { id: self.id.clone(), role: Some(role), section: section.to_vec(), ..Bibl::default() };
        collect_fields(&self.content, &mut b, None);
        b
    }
}

fn collect_fields(content: &[Inline], b: &mut Bibl, note_kind: Option<&str>) {
    for i in content {
        match i {
            Inline::Title { kind, lang, content, .. } => {
                let text = plain_text(content);
                if *kind == TitleKind::Periodical && !b.title.is_empty() {
                    b.periodical.get_or_insert(text);
                } else if b.title.is_empty() {
                    b.title = text;
                    b.kind = Some(*kind);
                    b.lang = lang.clone();
                }
            }
            Inline::Field { field, content } => {
                let text = plain_text(content);
                match field {
                    Field::PubPlace => {
                        b.pub_place.get_or_insert(text);
                    }
                    Field::Publisher => {
                        b.publisher.get_or_insert(text);
                    }
                    Field::Date { when, doubted, .. } => {
                        if b.date_text.is_none() {
                            b.year = when.as_deref().and_then(|w| w.get(..4)).and_then(|y| y.parse().ok());
                            b.year_doubted = *doubted;
                            b.date = when.clone().filter(|w| w.len() > 4);
                            b.date_text = Some(text);
                        }
                    }
                    Field::Scope { .. } => {
                        b.scope.get_or_insert(text);
                    }
                    Field::Author => match note_kind {
                        Some("coauthor") => b.coauthors.push(text),
                        _ => b.authors.push(text),
                    },
                    Field::Note { kind } => {
                        if kind == "pseudonym" || kind == "coauthor" {
                            collect_fields(content, b, Some(kind));
                        }
                        b.notes.push(text);
                    }
                }
            }
            Inline::Name { kind: NameKind::Person, content, .. } if note_kind == Some("pseudonym") => {
                b.pseudonym.get_or_insert(plain_text(content));
            }
            Inline::Name { kind: NameKind::Person, content, .. } if note_kind == Some("coauthor") => {
                b.coauthors.push(plain_text(content));
            }
            other => {
                if let Some(children) = other.children() {
                    collect_fields(children, b, note_kind);
                }
            }
        }
    }
}

/// A visitor over every block of a document, with the heading path and the
/// section role it sits under.
pub fn walk_blocks<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Block, &[String], SectionRole)) {
    fn rec<'a>(
        blocks: &'a [Block],
        path: &mut Vec<String>,
        role: SectionRole,
        f: &mut dyn FnMut(&'a Block, &[String], SectionRole),
    ) {
        for b in blocks {
            f(b, path, role);
            match b {
                Block::Quote(q) => rec(&q.blocks, path, role, f),
                Block::List(l) => {
                    for it in &l.items {
                        rec(&it.blocks, path, role, f);
                    }
                }
                _ => {}
            }
        }
    }
    fn sec<'a>(s: &'a Section, path: &mut Vec<String>, f: &mut dyn FnMut(&'a Block, &[String], SectionRole)) {
        path.push(plain_text(&s.head));
        rec(&s.blocks, path, s.role, f);
        for sub in &s.sections {
            sec(sub, path, f);
        }
        path.pop();
    }
    let mut path = Vec::new();
    rec(&doc.front, &mut path, SectionRole::Prose, f);
    for s in &doc.sections {
        sec(s, &mut path, f);
    }
}

impl Document {
    /// Every bibliographic entry of the page as a typed record, in page order.
    pub fn bibls(&self) -> Vec<Bibl> {
        let mut out = Vec::new();
        walk_blocks(self, &mut |b, path, _| {
            if let Block::Bibls(lb) = b {
                for e in &lb.entries {
                    out.push(e.bibl(lb.role, path));
                }
            }
        });
        out
    }

    /// Every title mentioned in running text (sentences), in page order; the
    /// record's id is the title's own id (or its sentence's, if it has none).
    pub fn mentions(&self) -> Vec<Bibl> {
        let mut out = Vec::new();
        walk_blocks(self, &mut |b, path, _| {
            if let Block::Para(p) = b {
                for s in &p.sentences {
                    find_titles(&s.content, &s.id, path, &mut out);
                }
            }
        });
        out
    }
}

/// The year of a mention written as "*Title* (1947)" or "*Title* (1947, roman)".
fn year_in_parentheses(next: &Inline) -> Option<i32> {
    let Inline::Text(t) = next else { return None };
    let rest = t.trim_start().strip_prefix('(')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    (digits.len() == 4 && matches!(after, Some(')' | ','))).then(|| digits.parse().ok()).flatten()
}

fn find_titles(content: &[Inline], id: &str, path: &[String], out: &mut Vec<Bibl>) {
    for (k, i) in content.iter().enumerate() {
        match i {
            Inline::Title { id: tid, kind, lang, content: inner, .. } => out.push(Bibl {
                id: tid.clone().unwrap_or_else(|| id.to_string()),
                role: None,
                kind: Some(*kind),
                title: plain_text(inner),
                lang: lang.clone(),
                section: path.to_vec(),
                year: content.get(k + 1).and_then(year_in_parentheses),
                ..Bibl::default()
            }),
            other => {
                if let Some(c) = other.children() {
                    find_titles(c, id, path, out);
                }
            }
        }
    }
}
