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
    /// The date doubts its year ("ca. 1905", "1930?").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub year_doubted: bool,
    /// List entry or prose mention.
    pub origin: Origin,
}

impl Title {
    /// A bibliographic entry or prose mention as a title.
    pub(crate) fn from_bibl(b: &Bibl, origin: Origin) -> Title {
        Title {
            id: b.id.clone(),
            title: b.title.clone(),
            year: b.year,
            date_text: b.date_text.clone(),
            year_doubted: b.year_doubted,
            origin,
        }
    }
}

/// Something worth a reader's attention about one translated title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// Not linked, and no original on the page shares any evidence with it
    /// (one word that merely looks alike is none).
    NoOriginalListed,
    /// Not linked, though an original shares evidence with it: the nearest
    /// such original, and the rules that refused the link (see
    /// [`Flag::RULES`]).
    NotLinked(String, Vec<&'static str>),
    /// A list entry with no (or an unknown) date.
    NoDate,
    /// Dated before its original: (translation year, original year).
    YearConflict(i32, i32),
    /// The same title spelled otherwise (case, diacritics, spacing) elsewhere
    /// on the page; the canonical spelling is the first list entry.
    VariantOf(String),
    /// Linked, but on thin evidence.
    LowConfidence,
}

impl Flag {
    /// Every kind of flag and its meaning, in the order a title lists them:
    /// the legend of every output.
    pub const LEGEND: &'static [(&'static str, &'static str)] = &[
        (
            "no-original-listed",
            "not linked: no original on the page shares any evidence with it (one look-alike word is none)",
        ),
        (
            "not-linked",
            "not linked, though an original shares evidence with it: not-linked(NEAREST: RULES) names the nearest original and the rules that refused the link",
        ),
        ("no-date", "a list entry without a date (or with an unknown one)"),
        ("year-conflict", "year-conflict(T<O): the translation is dated before its original"),
        (
            "variant-of",
            "variant-of(T): the same work spelled otherwise (case, accents, spacing) elsewhere on the page; T is its first list entry",
        ),
        ("low-confidence", "linked, on thin evidence (score below 0.65)"),
    ];

    /// The refusal rules a `not-linked` flag names, and their meaning.
    pub const RULES: &'static [(&'static str, &'static str)] = &[
        (
            "ambiguous",
            "another original scores as well, or matches the same words: the evidence does not tell them apart",
        ),
        ("taken", "the original went to another title that fits it better"),
        ("low-score", "score below 0.5 (0.6 when all the evidence is look-alike words)"),
        ("low-coverage", "less than 40% of one of the two titles explained"),
        ("one-look-alike", "the only evidence is one word that merely looks alike"),
        ("assignment", "the one-to-one assignment found better pairs"),
    ];

    /// The flag's kind, without its details: its [`Flag::LEGEND`] key.
    pub fn kind(&self) -> &'static str {
        match self {
            Flag::NoOriginalListed => "no-original-listed",
            Flag::NotLinked(..) => "not-linked",
            Flag::NoDate => "no-date",
            Flag::YearConflict(..) => "year-conflict",
            Flag::VariantOf(_) => "variant-of",
            Flag::LowConfidence => "low-confidence",
        }
    }

    /// Where the flag stands among a title's flags: the contract lists them
    /// in this order.
    pub(crate) fn rank(&self) -> usize {
        let kind = self.kind();
        Flag::LEGEND.iter().position(|(k, _)| *k == kind).unwrap_or(usize::MAX)
    }

    /// The legend of the flag kinds among `kinds`, one line each (and,
    /// under `not-linked`, the rules), in legend order; empty when there
    /// are none.
    pub fn legend<'a>(kinds: impl IntoIterator<Item = &'a str>) -> String {
        let mut s = String::new();
        let kinds: Vec<&str> = kinds.into_iter().collect();
        for (kind, meaning) in Flag::LEGEND.iter().filter(|(k, _)| kinds.contains(k)) {
            s.push_str(&format!("  {kind}: {meaning}\n"));
            if *kind == "not-linked" {
                for (rule, what) in Flag::RULES {
                    s.push_str(&format!("    {rule}: {what}\n"));
                }
            }
        }
        s
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flag::NoOriginalListed => write!(f, "no-original-listed"),
            Flag::NotLinked(o, rules) => write!(f, "not-linked({o}: {})", rules.join(", ")),
            Flag::NoDate => write!(f, "no-date"),
            Flag::YearConflict(a, b) => write!(f, "year-conflict({a}<{b})"),
            Flag::VariantOf(t) => write!(f, "variant-of({t})"),
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
    /// The same title, letter for letter, elsewhere on the page (a prose
    /// mention of a listed work, a list entry given twice), in page order:
    /// one title is one entry.
    pub also: Vec<Title>,
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
    /// The refusal rules that refused it (see [`Flag::RULES`]).
    pub rules: Vec<&'static str>,
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
