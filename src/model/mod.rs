//! The document model: what a wiki author page (or any text we align) says,
//! independent of Markdown or TEI. No I/O here.
//!
//! Invariants (kept by `parse` and `tei::read`, relied on by `tei::write`):
//! * every `id` is unique within a [`Document`] and is a valid XML NCName;
//! * sentences, headings and list items hold inline content with no leading
//!   or trailing whitespace and no empty `Text` nodes;
//! * bibliographic fields are annotations on the entry's own text
//!   ([`Inline::Field`], [`Inline::Title`]), so the entry text and the typed
//!   [`Bibl`] record can never disagree.

use serde::Serialize;
use std::fmt;

/// A language, as an ISO 639-1 (or 639-3 when there is no 639-1) code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// A language from a code; returns `None` unless it is a BCP 47 tag:
    /// 2–3 ASCII letters, then optionally subtags of 1–8 ASCII letters or
    /// digits after `-` (region, script, …, kept). ISO 639-3
    /// and 639-2/B codes of languages that have a 639-1 code are written
    /// with it ("fra" and "fre" become "fr"), so that one language has one
    /// name in `xml:lang` and in comparisons. The tag is written in BCP 47's
    /// canonical case (RFC 5646, 2.1.1): the language lowercase, a script
    /// in title case, a region in capitals (`PT-br` and `pt_br` are
    /// `pt-BR`, `zh-hant-tw` is `zh-Hant-TW`), and everything after a
    /// singleton (`x-`, `u-`) lowercase.
    pub fn new(code: &str) -> Option<Lang> {
        // The common case, a bare ISO 639-1 code in lowercase, without the
        // three strings the general path builds: detection makes one per title.
        if let [a, b] = code.as_bytes() {
            if a.is_ascii_lowercase() && b.is_ascii_lowercase() {
                return Some(Lang(code.to_string()));
            }
        }
        let code = code.trim().replace('_', "-");
        let (primary, rest) = match code.split_once('-') {
            Some((p, r)) => (p.to_ascii_lowercase(), Some(r)),
            None => (code.to_ascii_lowercase(), None),
        };
        let primary = primary.as_str();
        let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
        // The code reaches file names, `xml:lang` and HTML `lang`: nothing
        // but letters, digits and single hyphens.
        let subtag = |t: &str| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok || rest.is_some_and(|r| !r.split('-').all(subtag)) {
            return None;
        }
        let short = match primary.len() {
            3 => {
                let three = iso639_2b_to_3(primary).unwrap_or(primary);
                isolang::Language::from_639_3(three).and_then(|l| l.to_639_1()).unwrap_or(three)
            }
            _ => primary,
        };
        Some(Lang(match rest {
            Some(r) => format!("{short}-{}", canonical_subtags(r)),
            None => short.to_string(),
        }))
    }

    /// "und": the language is not known (ISO 639-2).
    pub fn und() -> Lang {
        Lang("und".to_string())
    }

    /// Whether this is `und`, "undetermined".
    pub fn is_und(&self) -> bool {
        // "und-Latn" is undetermined too: BCP 47 adds only the script.
        self.primary() == "und"
    }

    /// The code as written in `xml:lang`.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The primary subtag ("fr" for "fr-BE").
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The ISO 639-3 code, which FreeDict uses in its file names ("nld" for "nl").
    pub fn iso639_3(&self) -> String {
        let p = self.primary();
        match p.len() {
            2 => isolang::Language::from_639_1(p).map_or_else(|| p.to_string(), |l| l.to_639_3().to_string()),
            _ => p.to_string(),
        }
    }

    /// The English name of the language, for `langUsage` and reports.
    pub fn name(&self) -> &'static str {
        match self.primary() {
            "nl" => "Dutch",
            "fr" => "French",
            "de" => "German",
            "en" => "English",
            "es" => "Spanish",
            "it" => "Italian",
            "pt" => "Portuguese",
            "ru" => "Russian",
            "la" => "Latin",
            "und" => "other",
            _ => isolang::Language::from_639_3(&self.iso639_3()).map_or("other", |l| l.to_name()),
        }
    }
}

/// The subtags after the language, `-`-separated, in BCP 47's canonical
/// case: two letters (a region) in capitals, four (a script) in title
/// case, the rest lowercase; after a singleton (an extension or private
/// use), all lowercase.
fn canonical_subtags(rest: &str) -> String {
    let mut after_singleton = false;
    let mut out = Vec::new();
    for t in rest.split('-') {
        let lower = t.to_ascii_lowercase();
        out.push(if after_singleton || t.len() == 1 {
            after_singleton = true;
            lower
        } else if t.len() == 2 {
            t.to_ascii_uppercase()
        } else if t.len() == 4 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            let mut c = lower;
            c[..1].make_ascii_uppercase();
            c
        } else {
            lower
        });
    }
    out.join("-")
}

/// ISO 639-2/B (bibliographic) codes that differ from 639-3, as library
/// catalogues write them ("fre", "ger", "dut").
fn iso639_2b_to_3(code: &str) -> Option<&'static str> {
    const B: &[(&str, &str)] = &[
        ("alb", "sqi"),
        ("arm", "hye"),
        ("baq", "eus"),
        ("bur", "mya"),
        ("chi", "zho"),
        ("cze", "ces"),
        ("dut", "nld"),
        ("fre", "fra"),
        ("geo", "kat"),
        ("ger", "deu"),
        ("gre", "ell"),
        ("ice", "isl"),
        ("mac", "mkd"),
        ("mao", "mri"),
        ("may", "msa"),
        ("per", "fas"),
        ("rum", "ron"),
        ("slo", "slk"),
        ("tib", "bod"),
        ("wel", "cym"),
    ];
    B.iter().find(|(b, _)| *b == code).map(|(_, t)| *t)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A whole page or text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The page title (first level-1 heading), if any.
    pub title: Option<String>,
    /// The main language of the text.
    pub lang: Option<Lang>,
    /// Where the page came from (wiki footer), if it says.
    pub source: Source,
    /// The person the page is about, when the first paragraph names them.
    pub subject: Option<Person>,
    /// Blocks before the first section heading.
    pub front: Vec<Block>,
    /// Top-level sections.
    pub sections: Vec<Section>,
}

/// Provenance of a page, as its footer gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// Site name ("Anarchisme.nl").
    pub site: Option<String>,
    /// Site URL (`http://www.anarchisme.nl/`).
    pub site_url: Option<String>,
    /// Permanent link of the page.
    pub permalink: Option<String>,
    /// Last update as written on the page ("14/04/20 21:55").
    pub updated_text: Option<String>,
    /// Last update in ISO 8601 ("2020-04-14T21:55:00"), when it could be read.
    pub updated: Option<String>,
}

/// The subject of an author page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// Identifier (`xml:id` of the TEI `person`).
    pub id: String,
    /// Names as the page gives them, in order: full name first.
    pub names: Vec<PersonName>,
    /// Birth date and place, if given.
    pub birth: Option<Event>,
    /// Death date and place, if given.
    pub death: Option<Event>,
}

/// One name of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonName {
    /// The name.
    pub name: String,
    /// Its role: "full", "pseudonym", "original-script", "variant".
    pub kind: String,
    /// Its language or script, when not the page's.
    pub lang: Option<Lang>,
}

/// A dated, placed life event (birth, death).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// ISO date ("1890-12-30", or just the year).
    pub when: Option<String>,
    /// The date as written.
    pub date_text: Option<String>,
    /// The place as written.
    pub place: Option<String>,
}

/// What a section holds, decided from its heading and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionRole {
    /// Running text.
    Prose,
    /// Texts available in the page language (e.g. "Teksten"): translations.
    Translations,
    /// The author's works in their original language ("Bibliografie").
    Originals,
    /// Works about the subject ("Over Victor Serge").
    Secondary,
    /// Notes and sources ("Voetnoot").
    Notes,
}

impl SectionRole {
    /// The value used in TEI `div/@type` and `listBibl/@type`.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionRole::Prose => "section",
            SectionRole::Translations => "translations",
            SectionRole::Originals => "originals",
            SectionRole::Secondary => "secondary",
            SectionRole::Notes => "notes",
        }
    }

    /// Inverse of [`SectionRole::as_str`].
    pub fn parse(s: &str) -> Option<SectionRole> {
        Some(match s {
            "section" => SectionRole::Prose,
            "translations" => SectionRole::Translations,
            "originals" => SectionRole::Originals,
            "secondary" => SectionRole::Secondary,
            "notes" => SectionRole::Notes,
            _ => return None,
        })
    }
}

/// A headed section with its blocks and subsections.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Stable identifier.
    pub id: String,
    /// Heading level as in the source (2 for `##`).
    pub level: u8,
    /// Heading content.
    pub head: Vec<Inline>,
    /// What the section holds.
    pub role: SectionRole,
    /// Blocks before the first subsection.
    pub blocks: Vec<Block>,
    /// Subsections.
    pub sections: Vec<Section>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph split into sentences.
    Para(Paragraph),
    /// A plain list.
    List(List),
    /// A list of bibliographic entries.
    Bibls(ListBibl),
    /// A block quotation.
    Quote(Quote),
    /// Preformatted text (a code block).
    Code(Code),
}

/// A paragraph: a sequence of sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Stable identifier.
    pub id: String,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Stable identifier.
    pub id: String,
    /// Inline content.
    pub content: Vec<Inline>,
}

/// A list (bulleted or numbered).
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Stable identifier.
    pub id: String,
    /// Numbered list?
    pub ordered: bool,
    /// The items.
    pub items: Vec<Item>,
}

/// One list item: inline content, then any nested blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable identifier.
    pub id: String,
    /// The item's own text.
    pub content: Vec<Inline>,
    /// Nested lists or further paragraphs.
    pub blocks: Vec<Block>,
}

/// A list of bibliographic entries.
#[derive(Debug, Clone, PartialEq)]
pub struct ListBibl {
    /// Stable identifier.
    pub id: String,
    /// Translations, originals or secondary literature.
    pub role: SectionRole,
    /// The entries.
    pub entries: Vec<BiblEntry>,
}

/// A bibliographic entry: its text with the fields marked up inline.
#[derive(Debug, Clone, PartialEq)]
pub struct BiblEntry {
    /// Stable identifier.
    pub id: String,
    /// Annotated content; see [`BiblEntry::bibl`] for the typed record.
    pub content: Vec<Inline>,
}

/// A block quotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Stable identifier.
    pub id: String,
    /// Quoted blocks.
    pub blocks: Vec<Block>,
}

/// A preformatted block.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// Stable identifier.
    pub id: String,
    /// The text, verbatim.
    pub text: String,
}

/// How emphasis is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rend {
    /// `*x*`
    Italic,
    /// `**x**`
    Bold,
    /// `~~x~~`
    Strike,
}

impl Rend {
    /// The TEI `@rend` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Rend::Italic => "italic",
            Rend::Bold => "bold",
            Rend::Strike => "strikethrough",
        }
    }

    /// Inverse of [`Rend::as_str`].
    pub fn parse(s: &str) -> Option<Rend> {
        Some(match s {
            "italic" => Rend::Italic,
            "bold" => Rend::Bold,
            "strikethrough" => Rend::Strike,
            _ => return None,
        })
    }
}

/// What a title in running text or an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleKind {
    /// A work by the page's subject.
    OwnWork,
    /// A work by someone else (e.g. one the subject translated).
    OtherWork,
    /// A newspaper, journal or magazine.
    Periodical,
    /// An article or contribution inside a periodical or collection.
    Article,
    /// A title whose role the text does not make clear.
    Unclassified,
}

impl TitleKind {
    /// The TEI `title/@type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            TitleKind::OwnWork => "own-work",
            TitleKind::OtherWork => "other-work",
            TitleKind::Periodical => "periodical",
            TitleKind::Article => "article",
            TitleKind::Unclassified => "unclassified",
        }
    }

    /// Inverse of [`TitleKind::as_str`].
    pub fn parse(s: &str) -> Option<TitleKind> {
        Some(match s {
            "own-work" => TitleKind::OwnWork,
            "other-work" => TitleKind::OtherWork,
            "periodical" => TitleKind::Periodical,
            "article" => TitleKind::Article,
            "unclassified" => TitleKind::Unclassified,
            _ => return None,
        })
    }

    /// The TEI `title/@level`: monograph, journal or analytic.
    pub fn level(self) -> &'static str {
        match self {
            TitleKind::Periodical => "j",
            TitleKind::Article => "a",
            _ => "m",
        }
    }
}

/// What kind of name a name span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    /// A person (`persName`).
    Person,
    /// An organisation or group (`orgName`).
    Org,
    /// A place (`placeName`).
    Place,
}

/// A typed field of a bibliographic entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// Place of publication.
    PubPlace,
    /// Publisher.
    Publisher,
    /// A date; `when` is ISO 8601 when the text could be read as a date.
    Date {
        /// ISO date or year; a range's first year ("1880-1881").
        when: Option<String>,
        /// A range's last year.
        to: Option<String>,
        /// The text doubts it ("1930?", "ca. 1905", "[1890?]"): TEI
        /// `cert="low"`. A year in brackets alone was supplied, not doubted.
        doubted: bool,
    },
    /// Issue, volume or page range; `unit` is "issue", "volume", "page".
    Scope {
        /// What is counted.
        unit: String,
        /// The number.
        n: String,
    },
    /// An author of the entry.
    Author,
    /// A note; `kind` is "pseudonym", "coauthor", "genre" or "note".
    Note {
        /// The note's type.
        kind: String,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasis with no further meaning known.
    Hi {
        /// How it is rendered.
        rend: Rend,
        /// Content.
        content: Vec<Inline>,
    },
    /// A title of a work or periodical.
    Title {
        /// Identifier, given to titles mentioned in running text.
        id: Option<String>,
        /// What it names.
        kind: TitleKind,
        /// Its language, detected from its words.
        lang: Option<Lang>,
        /// Emphasis it had in the source.
        rend: Option<Rend>,
        /// Content.
        content: Vec<Inline>,
    },
    /// A name of a person, organisation or place.
    Name {
        /// What it names.
        kind: NameKind,
        /// `true` when it names the page's subject.
        subject: bool,
        /// Emphasis it had in the source.
        rend: Option<Rend>,
        /// Content.
        content: Vec<Inline>,
    },
    /// A link; `target` is `None` for links to nowhere (`[x](#)`).
    Ref {
        /// The URL.
        target: Option<String>,
        /// Content.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code(String),
    /// A bibliographic field.
    Field {
        /// Which field.
        field: Field,
        /// Content.
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

impl Inline {
    /// Child content, for the variants that have it.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Hi { content, .. }
            | Inline::Title { content, .. }
            | Inline::Name { content, .. }
            | Inline::Ref { content, .. }
            | Inline::Field { content, .. } => Some(content),
            _ => None,
        }
    }
}

/// The plain text of inline content.
pub fn plain_text(content: &[Inline]) -> String {
    // Sized first, so the text is allocated once rather than grown node by
    // node (this runs on every title, sentence and entry of a page).
    let mut out = String::with_capacity(plain_bytes(content));
    push_plain(content, &mut out);
    out
}

/// The length in bytes of [`plain_text`]'s answer.
fn plain_bytes(content: &[Inline]) -> usize {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.len(),
            Inline::Break => 1,
            other => plain_bytes(other.children().unwrap_or(&[])),
        })
        .sum()
}

fn push_plain(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Break => out.push(' '),
            other => push_plain(other.children().unwrap_or(&[]), out),
        }
    }
}

mod bibl;
pub mod ids;

pub use bibl::{Bibl, HeadingPath, walk_blocks};

/// Merge adjacent text nodes, collapse the spaces at their seams and drop
/// empty text and empty containers.
pub fn normalize(content: Vec<Inline>) -> Vec<Inline> {
    // Most content is already normal: hand it back without a new vector.
    if is_normal(&content) {
        return content;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(content.len());
    for node in content {
        match node {
            Inline::Text(t) if t.is_empty() => {}
            Inline::Text(t) => match out.last_mut() {
                Some(Inline::Text(prev)) => {
                    if prev.ends_with(' ') && t.starts_with(' ') {
                        prev.push_str(&t[1..]);
                    } else {
                        prev.push_str(&t);
                    }
                }
                _ => out.push(Inline::Text(t)),
            },
            other => {
                if other.children().is_some_and(|c| c.is_empty()) {
                    continue;
                }
                out.push(other);
            }
        }
    }
    out
}

/// Whether [`normalize`] would leave `content` as it is: no empty text, no
/// two texts side by side, no element with empty children.
fn is_normal(content: &[Inline]) -> bool {
    let mut after_text = false;
    for node in content {
        match node {
            Inline::Text(t) => {
                if t.is_empty() || after_text {
                    return false;
                }
                after_text = true;
            }
            other => {
                if other.children().is_some_and(|c| c.is_empty()) {
                    return false;
                }
                after_text = false;
            }
        }
    }
    true
}

/// Remove leading and trailing whitespace from the outermost text nodes.
pub fn trim(mut content: Vec<Inline>) -> Vec<Inline> {
    // In place: the strings keep their buffers.
    if let Some(Inline::Text(t)) = content.first_mut() {
        let cut = t.len() - t.trim_start().len();
        t.drain(..cut);
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        t.truncate(t.trim_end().len());
    }
    normalize(content)
}

/// What a page says before its first section: a [`Document`] without sections.
#[derive(Debug, Clone, Default)]
pub struct Head {
    /// Page title.
    pub title: Option<String>,
    /// Main language.
    pub lang: Option<Lang>,
    /// Footer information.
    pub source: Source,
    /// The page's subject.
    pub subject: Option<Person>,
    /// Blocks before the first section.
    pub front: Vec<Block>,
    /// How `lang` was settled.
    pub lang_source: LangSource,
}

/// How a document's language was settled, so that a person knows what to
/// trust: a guess is never passed off as a finding.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(tag = "how", rename_all = "lowercase")]
pub enum LangSource {
    /// Given by the caller (`--src-lang`).
    Given,
    /// Declared in the file (a TEI `xml:lang`).
    Declared,
    /// Detected in the text, with the detector's confidence (0–1).
    Detected {
        /// whatlang's confidence.
        confidence: f64,
    },
    /// The detector's best guess, below the confidence a finding needs: a
    /// text to align keeps it (with a warning); a page does not.
    Guessed {
        /// whatlang's confidence.
        confidence: f64,
    },
    /// A page whose running text did not tell: the language of its list of
    /// translated titles.
    Lists,
    /// Not known (`und`).
    #[default]
    Unknown,
}

#[cfg(test)]
mod lang_tests {
    use super::Lang;

    #[test]
    fn language_codes_are_bcp47_tags_or_nothing() {
        for ok in ["nl", "fra", "nl-BE", "zh-Hant-TW", "de-1996", "sr-Latn-x-private1"] {
            assert!(Lang::new(ok).is_some(), "{ok}");
        }
        assert_eq!(Lang::new("fre").map(|l| l.code().to_string()), Some("fr".into()));
        for (given, canonical) in [
            ("pt-br", "pt-BR"),
            ("PT_br", "pt-BR"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ZH-HANT", "zh-Hant"),
            ("sr-LATN-x-Private1", "sr-Latn-x-private1"),
            ("en-x-US", "en-x-us"),
            ("az-Latn-x-Latn", "az-Latn-x-latn"),
            ("de-CH-1996", "de-CH-1996"),
            ("es-419", "es-419"),
            ("zh-YUE", "zh-yue"),
            ("fre-CA", "fr-CA"),
            ("NL", "nl"),
        ] {
            assert_eq!(Lang::new(given).map(|l| l.code().to_string()), Some(canonical.into()), "{given}");
        }
        for bad in ["nl-x\" onload=\"x\"", "nl-", "nl--be", "nl-abcdefghi", "fr/../x", "nl-b\u{e9}", "n", "nl_BE.x", ""]
        {
            assert!(Lang::new(bad).is_none(), "{bad}");
        }
    }
}

#[cfg(test)]
mod inline_tests {
    use super::{Inline, Rend, normalize, trim};

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn italic(content: Vec<Inline>) -> Inline {
        Inline::Hi { rend: Rend::Italic, content }
    }

    #[test]
    fn normalizing_merges_texts_and_drops_empties_and_leaves_normal_content_alone() {
        let messy = vec![text("Le "), text(" Libertaire"), text(""), italic(vec![]), italic(vec![text("x")]), text("")];
        assert_eq!(normalize(messy), vec![text("Le Libertaire"), italic(vec![text("x")])]);
        let normal = vec![text("a "), italic(vec![text("b")]), text(" c")];
        assert_eq!(normalize(normal.clone()), normal);
        assert_eq!(normalize(vec![]), vec![]);
    }

    #[test]
    fn trimming_cuts_only_the_outer_whitespace_and_then_normalizes() {
        let got = trim(vec![text("  \u{a0}Het  "), italic(vec![text(" lied ")]), text(" van de zee \n")]);
        assert_eq!(got, vec![text("Het  "), italic(vec![text(" lied ")]), text(" van de zee")]);
        // A text that was all whitespace is gone, not left empty.
        assert_eq!(trim(vec![text("   "), italic(vec![text("x")])]), vec![italic(vec![text("x")])]);
        assert_eq!(trim(vec![text(" \t ")]), vec![]);
    }
}
