//! What the title aligner says: titles, links, refusals, flags, coverage.

use serde::Serialize;

use crate::data::Provenance;
use crate::model::{Bibl, Lang};

/// Where a translated title was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A list of texts ("Teksten").
    List,
    /// Running text.
    Prose,
}

/// A title as the aligner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Title {
    /// Id of the entry or mention.
    pub id: String,
    /// The title.
    pub title: String,
    /// Year, if the page gives one.
    pub year: Option<i32>,
    /// The date as written (e.g. "onbekend"), if any.
    pub date_text: Option<String>,
    /// List entry or prose mention.
    pub origin: Origin,
}

impl Title {
    /// A bibliographic entry or prose mention as a title.
    pub(crate) fn from_bibl(b: &Bibl, origin: Origin) -> Title {
        Title { id: b.id.clone(), title: b.title.clone(), year: b.year, date_text: b.date_text.clone(), origin }
    }
}

/// Something worth a reader's attention about one translated title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// No original on the page matches it well enough.
    NoOriginalListed,
    /// A list entry with no (or an unknown) date.
    NoDate,
    /// Dated before its original: (translation year, original year).
    YearConflict(i32, i32),
    /// The same title spelled otherwise (case, diacritics, spacing) elsewhere
    /// on the page; the canonical spelling is the first list entry.
    VariantOf(String),
    /// A list entry repeating an earlier one letter for letter.
    DuplicateOf(String),
    /// Linked, but on thin evidence.
    LowConfidence,
}

impl Flag {
    /// Where the flag stands among a title's flags: the contract lists them
    /// in this order.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Flag::NoOriginalListed => 0,
            Flag::NoDate => 1,
            Flag::YearConflict(..) => 2,
            Flag::VariantOf(_) | Flag::DuplicateOf(_) => 3,
            Flag::LowConfidence => 4,
        }
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flag::NoOriginalListed => write!(f, "no-original-listed"),
            Flag::NoDate => write!(f, "no-date"),
            Flag::YearConflict(a, b) => write!(f, "year-conflict({a}<{b})"),
            Flag::VariantOf(t) => write!(f, "variant-of({t})"),
            Flag::DuplicateOf(t) => write!(f, "duplicate-of({t})"),
            Flag::LowConfidence => write!(f, "low-confidence"),
        }
    }
}

/// The decision for one translated title.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleLink {
    /// The translated title.
    pub translation: Title,
    /// Its original, if linked.
    pub original: Option<Title>,
    /// Score of the link.
    pub score: Option<f64>,
    /// Why, in words.
    pub evidence: Vec<String>,
    /// Flags.
    pub flags: Vec<Flag>,
    /// For a refusal: the closest original and why it was not linked.
    pub nearest: Option<Nearest>,
}

/// The original a refused title came closest to, and why that was not
/// enough: what a reviewer needs to confirm or overrule the refusal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nearest {
    /// The original's title.
    pub title: String,
    /// Its score with the translated title.
    pub score: f64,
    /// The words that matched.
    pub evidence: Vec<String>,
    /// Why it was not linked, in words.
    pub reason: String,
}

/// Translation coverage of the originals.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Coverage {
    /// Originals listed.
    pub originals: usize,
    /// Originals with at least one translation.
    pub translated: usize,
    /// translated / originals (0 when none are listed).
    pub ratio: f64,
}

/// The title alignment of one page.
#[derive(Debug, Clone)]
pub struct TitleAlignment {
    /// Page title.
    pub page: String,
    /// Language of the translations (the page's).
    pub translation_lang: Lang,
    /// Language of the originals.
    pub original_lang: Lang,
    /// One entry per translated title, in page order.
    pub links: Vec<TitleLink>,
    /// Originals no title links to.
    pub untranslated: Vec<Title>,
    /// Every original, in page order.
    pub originals: Vec<Title>,
    /// Coverage.
    pub coverage: Coverage,
    /// What lexicon was used, in words.
    pub lexicon_note: String,
    /// The data files used, and the evidence the run had to do without.
    pub data: Provenance,
}
