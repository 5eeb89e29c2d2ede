//! Which translated title renders which original.
//!
//! For every (translation, original) pair on a page, word-level evidence is
//! gathered: bilingual dictionary entries (FreeDict, both directions, and
//! through English for words and senses the direct dictionary lacks),
//! inflection through Snowball stems, Hunspell lemmas, Dutch spelling before
//! 1947 and shared prefixes, Dutch compounds split into up to three parts
//! (a separable particle, known words, one part compared by its look),
//! French prefixed words by their base and the prefix's sense ("entr|aide"),
//! cognates and transliterated names (Jaro–Winkler on transliteration
//! skeletons), and number words. Words
//! weigh by how specific they are among the page's titles (inverse title
//! frequency), names and numbers double, function words only count when
//! they match. The pair score is a Dice coefficient of matched weight; a
//! global one-to-one assignment (Hungarian algorithm) picks the links, and a
//! link is made only when the score and the coverage of *both* titles pass
//! thresholds, and no other free original has as good a claim: a wrong
//! link is worse than a missing one. A refusal names its nearest original
//! and why it was not linked.

mod aligner;
pub mod eval;
pub(crate) mod output;

pub use aligner::{TitleAligner, read_page, titles_for_page, titles_for_pages};
pub use output::{titles_json, titles_text, titles_tsv};

use std::collections::HashMap;

use serde::Serialize;

use crate::data::Provenance;
use crate::lexicon::hunspell::Morphology;
use crate::lexicon::{Lexicon, Stemmer, cognate, fold, numbers};
use crate::model::{Bibl, Document, Lang, SectionRole, TitleKind};

/// Links need at least this Dice score…
pub const MIN_SCORE: f64 = 0.5;
/// …or this much when all the evidence is words that look alike in both
/// languages ("revolutie"/"révolution"): such words are cheap evidence.
pub const MIN_SCORE_LOOK_ALIKE: f64 = 0.6;
/// …and at least this share of each title's weight explained.
pub const MIN_COVERAGE: f64 = 0.4;
/// Links scoring below this are flagged `low-confidence`.
pub const CONFIDENT: f64 = 0.65;
/// A link is refused when another original nobody else takes scores within
/// this much of it: the evidence does not tell the two apart ("Arbeid" is
/// "work", and both "L'Œuvre" and "Travail" are "work").
pub const AMBIGUITY_MARGIN: f64 = 0.05;
/// A word matched through English counts this much of a direct dictionary
/// match: two dictionaries' senses compose, and so do their errors.
pub const PIVOT_WEIGHT: f64 = 0.8;

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
    fn from_bibl(b: &Bibl, origin: Origin) -> Title {
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

/// The translated titles and originals of a page, in page order.
pub fn collect(doc: &Document) -> (Vec<Title>, Vec<Title>, Lang, Lang) {
    let page_lang = doc.lang.clone().unwrap_or_else(Lang::und);
    let bibls = doc.bibls();
    let originals: Vec<Title> = bibls
        .iter()
        .filter(|b| b.role == Some(SectionRole::Originals))
        .map(|b| Title::from_bibl(b, Origin::List))
        .collect();
    // The originals' language: the most common among them.
    let mut counts: HashMap<Lang, usize> = HashMap::new();
    for b in bibls.iter().filter(|b| b.role == Some(SectionRole::Originals)) {
        if let Some(l) = &b.lang {
            *counts.entry(l.clone()).or_default() += 1;
        }
    }
    let majority = |counts: HashMap<Lang, usize>| {
        counts.into_iter().max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone()))).map(|x| x.0)
    };
    let original_lang = majority(counts).unwrap_or_else(|| page_lang.clone());
    // The translations' language: the most common among the listed texts,
    // else the page's.
    let mut counts: HashMap<Lang, usize> = HashMap::new();
    for b in bibls.iter().filter(|b| b.role == Some(SectionRole::Translations)) {
        if let Some(l) = &b.lang {
            *counts.entry(l.clone()).or_default() += 1;
        }
    }
    let page_lang = majority(counts).unwrap_or(page_lang);
    // Translations: list entries, and prose mentions of the subject's own works
    // in the page's language, in the order they appear.
    let mut items: Vec<(String, Title)> = Vec::new();
    for b in bibls.iter().filter(|b| b.role == Some(SectionRole::Translations)) {
        items.push((b.id.clone(), Title::from_bibl(b, Origin::List)));
    }
    for m in doc.mentions() {
        if m.kind == Some(TitleKind::OwnWork) && m.lang.as_ref() == Some(&page_lang) {
            items.push((m.id.clone(), Title::from_bibl(&m, Origin::Prose)));
        }
    }
    let order = page_order(doc);
    items.sort_by_key(|(id, _)| order.get(id.split(".t").next().unwrap_or(id)).copied().unwrap_or(usize::MAX));
    (items.into_iter().map(|x| x.1).collect(), originals, page_lang, original_lang)
}

/// Position of every block-level id in document order.
fn page_order(doc: &Document) -> HashMap<String, usize> {
    use crate::model::Block;
    let mut order = HashMap::new();
    crate::model::walk_blocks(doc, &mut |b, _, _| match b {
        Block::Para(p) => {
            for s in &p.sentences {
                let n = order.len();
                order.insert(s.id.clone(), n);
            }
        }
        Block::Bibls(lb) => {
            for e in &lb.entries {
                let n = order.len();
                order.insert(e.id.clone(), n);
            }
        }
        Block::List(l) => {
            for it in &l.items {
                let n = order.len();
                order.insert(it.id.clone(), n);
            }
        }
        _ => {}
    });
    order
}

/// Titles that differ only in case, diacritics, spacing or punctuation.
fn variant_key(t: &str) -> String {
    fold(t).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// One word of a title, with what is known about it.
#[derive(Debug, Clone)]
struct Word {
    raw: String,
    folded: String,
    stem: String,
    lemmas: Vec<String>,
    /// A function word with some content (possessive, negation): counts a
    /// little, and only when it matches.
    function: bool,
    /// Articles, "of", "and", the subject's own name: never evidence.
    ignore: bool,
    name: bool,
    weight: f64,
    /// Translations into the other language (translation side only), with
    /// how they were found.
    trans: Vec<(String, Via)>,
    /// Parts of a compound compared by their look ("kanaken" in
    /// "kanakenlegenden" ~ "canaques").
    parts: LookParts,
    /// Original side: the base of a prefixed word and the prefix's senses
    /// ("entraide" → "aide", with "réciproque" for "entr-").
    bases: Vec<String>,
}

/// A compound's parts compared by their look, and how many content parts
/// it has.
type LookParts = (Vec<String>, usize);

#[derive(Debug, Clone, PartialEq)]
enum Via {
    Exact,
    Stem(String),
    Prefix(String),
    Derived(String),
    Part(String, usize),
    /// Through English: weaker than a direct entry.
    Pivot(String),
}

/// The resources title matching uses.
pub struct Resources<'a> {
    /// Translation language → original language.
    pub lex: Option<&'a Lexicon>,
    /// Morphology of the original language (lemmas).
    pub morph: Option<&'a Morphology>,
}

struct Side<'a> {
    lang: Lang,
    stemmer: Stemmer,
    morph: Option<&'a Morphology>,
    /// No dictionary: a capitalised word is not known to be a name, so a
    /// name match is only a look-alike.
    reduced: bool,
}

fn stems_equal(stemmer: &Stemmer, a: &str, b: &str) -> bool {
    a == b || (stemmer.is_real() && stemmer.stem(a) == stemmer.stem(b))
}

/// Two folded forms of one word: same stem, or a long common prefix (for
/// inflections Snowball splits differently: "conquise"/"conquerir").
fn inflected_same(stemmer: &Stemmer, a: &str, b: &str) -> bool {
    if stems_equal(stemmer, a, b) {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 5 && common as f64 >= 0.6 * shorter as f64
}

struct Prepared {
    words: Vec<Word>,
    number: Option<u64>,
    text: String,
}

/// Words of a title; hyphenated words also count by their parts
/// ("Notre-Dame" meets "Notre Dame").
fn split_words(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    crate::text::for_each_word(title, |w| out.extend(w.split('-').filter(|p| !p.is_empty()).map(str::to_string)));
    out
}

/// Articles and the commonest particles ("of", "and", "in"): they match
/// between any two titles and so are no evidence.
fn is_trivial(lang: &str, folded: &str) -> bool {
    let list: &[&str] = match lang {
        "nl" => &["de", "het", "een", "'t", "t", "der", "den", "des", "van", "en", "in", "op", "te", "aan", "bij"],
        "fr" => &["le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "a", "au", "aux", "en", "dans"],
        "de" => &[
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "und", "von", "vom", "zu",
            "zum", "zur", "im", "in", "an", "am", "auf",
        ],
        "en" => &["the", "a", "an", "of", "and", "in", "on", "to", "at"],
        "es" => &["el", "la", "los", "las", "un", "una", "y", "de", "del", "en", "a", "al"],
        "it" => &["il", "lo", "la", "gli", "le", "un", "una", "e", "di", "del", "della", "in", "a"],
        _ => &[],
    };
    list.contains(&folded)
}

/// The main title, before a subtitle ("La Commune, histoire et souvenirs").
fn main_title(title: &str) -> Option<&str> {
    [", ", ": ", ". ", " - ", " – "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .map(|i| title[..i].trim())
        .filter(|m| !m.is_empty())
}

impl Side<'_> {
    fn prepare(
        &self,
        title: &str,
        lex: Option<&Lexicon>,
        stem_index: &HashMap<String, Vec<String>>,
        heads: &[String],
        subject: &[String],
    ) -> Prepared {
        let raws = split_words(title);
        let refs: Vec<&str> = raws.iter().map(String::as_str).collect();
        // The whole title, or its one-word parts, may be a number.
        let number = numbers::value(self.lang.primary(), &refs);
        // In a title written in title case ("De Opkomst van onze Kracht")
        // capitals mark nothing; in sentence case a capital inside marks a name.
        // The first word that is not a function word (article, elided "L'")
        // is capitalised by position.
        let is_fw = |r: &str| crate::lang::is_function_word(self.lang.primary(), &fold(&r.to_lowercase()));
        let first = raws.iter().position(|r| !is_fw(r)).unwrap_or(0);
        let inner: Vec<&String> = raws
            .iter()
            .skip(first + 1)
            .filter(|r| {
                r.chars().count() > 2 && !crate::lang::is_function_word(self.lang.primary(), &fold(&r.to_lowercase()))
            })
            .collect();
        let capitalised = inner.iter().filter(|r| r.chars().next().is_some_and(char::is_uppercase)).count();
        let title_case = inner.len() >= 2 && capitalised * 2 > inner.len();
        let mut words = Vec::new();
        for (k, raw) in raws.iter().enumerate() {
            let folded = fold(&raw.to_lowercase());
            let ignore = is_trivial(self.lang.primary(), &folded) || subject.contains(&folded);
            let function = !ignore && crate::lang::is_function_word(self.lang.primary(), &folded);
            let lemmas: Vec<String> =
                self.morph.map(|m| m.analyze(raw).into_iter().map(|a| fold(&a.lemma)).collect()).unwrap_or_default();
            let in_dict =
                lex.is_some_and(|l| !l.get(&folded).is_empty() || !l.pivot(&folded).is_empty()) || !lemmas.is_empty();
            // A capitalised word inside a title that no dictionary knows is a name.
            let name =
                k > first && !title_case && raw.chars().next().is_some_and(char::is_uppercase) && !in_dict && !function;
            let mut trans = Vec::new();
            let mut parts = (Vec::new(), 0);
            if let Some(l) = lex {
                for t in l.get(&folded) {
                    trans.push((t.clone(), Via::Exact));
                }
                if trans.is_empty() {
                    // Inflected forms: dictionary forms that an ending-swap gives
                    // ("veroverde" → "veroveren"), then the Snowball stem.
                    for cand in lemma_candidates(self.lang.primary(), &folded) {
                        for t in l.get(&cand) {
                            trans.push((t.clone(), Via::Stem(cand.clone())));
                        }
                        if !trans.is_empty() {
                            break;
                        }
                    }
                }
                if trans.is_empty() {
                    if let Some(ts) = stem_index.get(&self.stemmer.stem(&folded)) {
                        for t in ts {
                            trans.push((t.clone(), Via::Stem(folded.clone())));
                        }
                    }
                }
                if trans.is_empty() && folded.chars().count() >= 6 {
                    // "gevangen" → "gevangenis", "gevangene".
                    let from = heads.partition_point(|h| h.as_str() < folded.as_str());
                    for h in heads[from..].iter().take_while(|h| h.starts_with(&folded)).take(8) {
                        for t in l.get(h) {
                            trans.push((t.clone(), Via::Prefix(h.clone())));
                        }
                    }
                }
                if trans.is_empty() && !function {
                    let (t, unknown) = self.compound_parts(&folded, l, stem_index);
                    trans.extend(t);
                    parts = unknown;
                }
                if !function {
                    // Through English, for words the direct dictionary
                    // lacks and for senses it lacks ("balling" is only
                    // "banni" in FreeDict; "exile" gives "exiler").
                    let forms = std::iter::once(folded.clone()).chain(lemma_candidates(self.lang.primary(), &folded));
                    for form in forms {
                        let before = trans.len();
                        for t in l.pivot(&form) {
                            if !trans.iter().any(|(x, _)| x == t) {
                                trans.push((t.clone(), Via::Pivot(form.clone())));
                            }
                        }
                        if trans.len() > before || !l.pivot(&form).is_empty() {
                            break;
                        }
                    }
                }
                if !function {
                    // A derived word's base, even when the word itself is
                    // listed: FreeDict gives "vreemdeling" only "inconnu",
                    // its base "vreemd" gives "étranger".
                    for base in derivation_bases(self.lang.primary(), &folded) {
                        for t in l.get(&base) {
                            if !trans.iter().any(|(x, _)| x == t) {
                                trans.push((t.clone(), Via::Derived(base.clone())));
                            }
                        }
                    }
                }
            }
            let bases = if lex.is_none() && !function { self.prefix_bases(&folded) } else { Vec::new() };
            words.push(Word {
                raw: raw.clone(),
                stem: self.stemmer.stem(&folded),
                folded,
                lemmas,
                function,
                ignore,
                name,
                weight: 1.0,
                trans,
                parts,
                bases,
            });
        }
        Prepared { words, number, text: title.to_string() }
    }

    /// Split a compound into parts ("klassenstrijd" → "klassen" + "strijd",
    /// "inbezitneming" → "in" + "bezit" + "neming"): two or three parts, a
    /// linking -s-/-en- allowed, a separable particle ("in", "op", …) at the
    /// start counting as no part, and one part no dictionary knows kept to
    /// be compared by its look. Returns the known parts' translations and
    /// the parts to compare by their look.
    fn compound_parts(
        &self,
        w: &str,
        lex: &Lexicon,
        stem_index: &HashMap<String, Vec<String>>,
    ) -> (Vec<(String, Via)>, LookParts) {
        let lang = self.lang.primary();
        let lookup = |s: &str| -> (String, Vec<String>) {
            let forms: Vec<String> = std::iter::once(s.to_string()).chain(lemma_candidates(lang, s)).collect();
            for f in &forms {
                let direct = lex.get(f);
                if !direct.is_empty() {
                    return (f.clone(), direct.to_vec());
                }
            }
            if let Some(ts) = stem_index.get(&self.stemmer.stem(s)) {
                return (s.to_string(), ts.clone());
            }
            // Through English ("legende" → "legend" → "légende").
            for f in &forms {
                let pivot = lex.pivot(f);
                if !pivot.is_empty() {
                    return (f.clone(), pivot.to_vec());
                }
            }
            (s.to_string(), Vec::new())
        };
        let particles = crate::parse::cues::list(&format!("titles.{lang}-particles"));
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        // Candidate cuts: 2 or 3 parts, each at least 3 letters.
        let mut splits: Vec<Vec<String>> = Vec::new();
        for c1 in 2..n.saturating_sub(2) {
            splits.push(vec![piece(0, c1), piece(c1, n)]);
            for c2 in c1 + 3..n.saturating_sub(2) {
                splits.push(vec![piece(0, c1), piece(c1, c2), piece(c2, n)]);
            }
        }
        // (known parts' translations, unknown parts, content parts, rank):
        // fewest unknown parts, then fewest parts, then the longest
        // shortest part.
        type Split = (Vec<(String, Vec<String>)>, Vec<String>, usize, (usize, usize, std::cmp::Reverse<usize>));
        let mut best: Option<Split> = None;
        for split in splits {
            let last = split.len() - 1;
            let mut known = Vec::new();
            let mut unknown = Vec::new();
            let mut content = 0;
            let mut ok = true;
            for (k, part) in split.iter().enumerate() {
                if k == 0 && last > 0 && particles.contains(&part.as_str()) {
                    continue;
                }
                if part.chars().count() < 3 {
                    ok = false;
                    break;
                }
                content += 1;
                // A part before the head may carry a linking -s- or -en-.
                let forms: Vec<String> = if k < last {
                    vec![part.clone(), part.trim_end_matches('s').to_string(), part.trim_end_matches("en").to_string()]
                } else {
                    vec![part.clone()]
                };
                match forms.iter().filter(|f| f.chars().count() >= 3).map(|f| lookup(f)).find(|(_, t)| !t.is_empty()) {
                    Some((_, ts)) => known.push((part.clone(), ts)),
                    None => unknown.push(part.clone()),
                }
            }
            // At least one known part, at most one unknown; three parts
            // only when each has four letters or more (three-letter words
            // fit almost anywhere: "kan|aken|legenden").
            let shortest =
                split.iter().skip(usize::from(content < split.len())).map(|p| p.chars().count()).min().unwrap_or(0);
            if !ok || known.is_empty() || unknown.len() > 1 || content < 2 || (content > 2 && shortest < 4) {
                continue;
            }
            let rank = (unknown.len(), content, std::cmp::Reverse(shortest));
            if best.as_ref().is_none_or(|b| rank < b.3) {
                best = Some((known, unknown, content, rank));
            }
        }
        let Some((known, unknown, content, _)) = best else { return (Vec::new(), (Vec::new(), 0)) };
        let mut out = Vec::new();
        // Every part may also match by its look: a dictionary's sense for
        // "kanaken" need not be the one the title means.
        let mut by_look: Vec<String> = unknown;
        for (part, ts) in known {
            by_look.push(part.clone());
            out.extend(ts.into_iter().map(|t| (t, Via::Part(part.clone(), content))));
        }
        by_look.retain(|u| u.chars().count() >= 4);
        (out, (by_look, content))
    }

    /// The base of a prefixed word of the original's language and the
    /// prefix's senses, from the data (`titles.LANG-prefix` cues): French
    /// "entraide" → "aide" with "réciproque", "mutuel".
    fn prefix_bases(&self, folded: &str) -> Vec<String> {
        let Some(morph) = self.morph else { return Vec::new() };
        let lang = self.lang.primary();
        let mut out = Vec::new();
        for entry in crate::parse::cues::list(&format!("titles.{lang}-prefixes")) {
            let mut f = entry.split(' ');
            let Some(prefix) = f.next() else { continue };
            let Some(base) = folded.strip_prefix(prefix) else { continue };
            if base.chars().count() < 4 || morph.analyze(base).is_empty() {
                continue;
            }
            out.push(base.to_string());
            out.extend(morph.analyze(base).into_iter().map(|a| fold(&a.lemma)));
            out.extend(f.map(str::to_string));
            break;
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Dictionary forms an inflected word may come from, by swapping endings:
/// Dutch and German past tenses and participles ("veroverde" → "veroveren"),
/// plurals and adjective endings ("ellendigen" → "ellendig").
/// Bases of a derived noun by its suffix ("vreemdeling" → "vreemd",
/// "vriendschap" → "vriend"), at least four letters long.
fn derivation_bases(lang: &str, w: &str) -> Vec<String> {
    let suffixes: &[&str] = match lang {
        "nl" => &["eling", "ling", "heid", "schap", "dom"],
        "de" => &["ling", "heit", "keit", "schaft", "tum"],
        _ => &[],
    };
    suffixes
        .iter()
        .filter_map(|suf| w.strip_suffix(suf))
        .filter(|b| b.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

fn lemma_candidates(lang: &str, w: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Dutch before the 1947 spelling reform ("menschelijke", "visschen",
    // "paarden"): the modern form, and its dictionary forms.
    if lang == "nl" {
        if let Some(modern) = modern_dutch(w) {
            out.push(modern.clone());
            out.extend(ending_swaps(lang, &modern));
        }
    }
    out.extend(ending_swaps(lang, w));
    out
}

/// The modern spelling of a word in Dutch spelling before 1947: a "sch"
/// after the first letter is "s" ("mensch" → "mens", "menschelijk" →
/// "menselijk"), "ae" is "aa" ("paerd" → "paard"). `None` when nothing
/// changes.
fn modern_dutch(w: &str) -> Option<String> {
    let mut m = String::with_capacity(w.len());
    if let Some(first) = w.chars().next() {
        m.push(first);
        m.push_str(&w[first.len_utf8()..].replace("sch", "s"));
    }
    let m = m.replace("ae", "aa");
    (m != w).then_some(m)
}

fn ending_swaps(lang: &str, w: &str) -> Vec<String> {
    let swaps: &[(&str, &str)] = match lang {
        "nl" => &[
            // A noun in -ing names its verb's action ("verovering" → "veroveren").
            ("ing", "en"),
            ("den", "en"),
            ("ten", "en"),
            ("de", "en"),
            ("te", "en"),
            ("d", "en"),
            ("t", "en"),
            ("en", ""),
            ("en", "e"),
            ("e", ""),
            ("s", ""),
            ("'s", ""),
        ],
        "de" => &[
            ("ten", "en"),
            ("te", "en"),
            ("t", "en"),
            ("en", ""),
            ("en", "e"),
            ("e", ""),
            ("er", ""),
            ("es", ""),
            ("s", ""),
            ("n", ""),
        ],
        _ => &[],
    };
    let mut out = Vec::new();
    for (end, repl) in swaps {
        if let Some(stem) = w.strip_suffix(end) {
            if stem.chars().count() >= 3 {
                let c = format!("{stem}{repl}");
                // Doubled vowels reappear in open syllables ("jaren" → "jaar").
                let undoubled = undouble(stem).map(|s| format!("{s}{repl}"));
                out.push(c);
                out.extend(undoubled);
                if lang == "nl" {
                    out.extend(dutch_spelling(stem).into_iter().map(|s| format!("{s}{repl}")));
                }
            }
        }
    }
    out
}

/// Dutch spelling changes between a stem and its inflected forms: a plural
/// voices a final f or s ("brieven" → "brief", "huizen" → "huis") and
/// doubles a consonant after a short vowel ("bekentenissen" →
/// "bekentenis"); a past tense drops that doubling ("ontsnapte" →
/// "ontsnappen").
fn dutch_spelling(stem: &str) -> Vec<String> {
    let cs: Vec<char> = stem.chars().collect();
    let n = cs.len();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut out = Vec::new();
    match cs.last() {
        Some('v') => out.push(format!("{}f", &stem[..stem.len() - 1])),
        Some('z') => out.push(format!("{}s", &stem[..stem.len() - 1])),
        _ => {}
    }
    if n >= 3 && cs[n - 1] == cs[n - 2] && !vowel(cs[n - 1]) {
        out.push(cs[..n - 1].iter().collect());
    }
    // One short vowel before one consonant: the infinitive doubles it.
    if n >= 3 && !vowel(cs[n - 1]) && vowel(cs[n - 2]) && !vowel(cs[n - 3]) {
        out.push(format!("{stem}{}", cs[n - 1]));
    }
    out
}

/// Dutch open-syllable spelling: "jar" → "jaar", "mog" → "moog".
fn undouble(stem: &str) -> Option<String> {
    let cs: Vec<char> = stem.chars().collect();
    let n = cs.len();
    if n >= 2
        && matches!(cs[n - 2], 'a' | 'e' | 'o' | 'u')
        && !matches!(cs[n - 1], 'a' | 'e' | 'i' | 'o' | 'u')
        && (n < 3 || !matches!(cs[n - 3], 'a' | 'e' | 'i' | 'o' | 'u'))
    {
        let mut s: String = cs[..n - 1].iter().collect();
        s.push(cs[n - 2]);
        s.push(cs[n - 1]);
        return Some(s);
    }
    None
}

/// Inverse title frequency of each word stem among one side's titles.
fn weigh(titles: &mut [Prepared]) {
    let n = titles.len().max(4) as f64;
    let mut df: HashMap<String, usize> = HashMap::new();
    for t in titles.iter() {
        let mut seen: Vec<&str> = t.words.iter().map(|w| w.stem.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *df.entry(s.to_string()).or_default() += 1;
        }
    }
    for t in titles.iter_mut() {
        for w in t.words.iter_mut() {
            let d = df.get(&w.stem).copied().unwrap_or(1) as f64;
            let idf = ((n / d).ln() / n.ln()).clamp(0.3, 1.0);
            w.weight = if w.function || w.ignore {
                0.0
            } else if w.name {
                2.0 * idf
            } else {
                idf
            };
        }
    }
}

struct PairScore {
    score: f64,
    cov_t: f64,
    cov_o: f64,
    /// Some evidence is more than words that merely look alike.
    strong: bool,
    /// Content words of the translated title, and how many matched.
    content: usize,
    matched: usize,
    /// The two titles are the same but for case, accents and punctuation.
    identical: bool,
    evidence: Vec<String>,
    /// Which content words of the translated title matched (bit i: word i).
    matched_words: u64,
}

/// How two words match: strength for each side (a compound part explains
/// half of the compound but all of the word it translates), whether the
/// match is only a look-alike of a non-name (cheap evidence: "revolutie" ~
/// "révolution"), and why.
struct Match {
    for_t: f64,
    for_o: f64,
    look_alike: bool,
    why: String,
    /// The compound part it explains: a compound's parts add up.
    part: Option<String>,
}

/// Two words sharing a root ("anarchistisch"/"anarchie"): a common start
/// of five letters or more, covering most of the shorter word.
fn same_root(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 5 && common * 2 >= a.chars().count().min(b.chars().count())
}

fn word_match(t: &Word, o: &Word, orig: &Side<'_>) -> Option<Match> {
    let mut best: Option<Match> = None;
    let mut consider = |m: Match| {
        if best.as_ref().is_none_or(|b| m.for_t + m.for_o > b.for_t + b.for_o) {
            best = Some(m);
        }
    };
    let (tl, ol) = (t.raw.to_lowercase(), o.raw.to_lowercase());
    // Words that look alike across the languages are cheap evidence even
    // when a dictionary lists them, unless they are names.
    let look_alike = (orig.reduced || !(t.name || o.name))
        && (cognate(&t.folded, &o.folded) >= 0.8 || same_root(&t.folded, &o.folded));
    for (tr, via) in &t.trans {
        // A translation may be a phrase: any of its words can match.
        for tw in tr.split([' ', '\'', '-']).filter(|x| x.chars().count() >= 2) {
            let same = tw == o.folded || o.lemmas.iter().any(|l| l == tw) || stems_equal(&orig.stemmer, tw, &o.folded);
            let close = !same && inflected_same(&orig.stemmer, tw, &o.folded);
            if !(same || close) {
                continue;
            }
            let base = if same { 1.0 } else { 0.9 };
            let (for_t, for_o, why) = match via {
                Via::Exact => (base, base, format!("lexicon: {tl}~{ol} ({}→{tr})", t.folded)),
                Via::Stem(f) => (0.95 * base, 0.95 * base, format!("lexicon+inflection: {tl}~{ol} ({f}→{tr})")),
                Via::Prefix(h) => (0.85 * base, 0.85 * base, format!("prefix: {tl}~{ol} (via {h}→{tr})")),
                Via::Derived(b) => (0.85 * base, 0.85 * base, format!("derivation: {tl}~{ol} (via {b}→{tr})")),
                Via::Part(p, n) => (base / *n as f64, base, format!("compound: {tl}~{ol} ({p}→{tr})")),
                Via::Pivot(f) => {
                    (PIVOT_WEIGHT * base, PIVOT_WEIGHT * base, format!("pivot via English: {tl}~{ol} ({f}→{tr})"))
                }
            };
            let part = if let Via::Part(p, _) = via { Some(p.clone()) } else { None };
            consider(Match { for_t, for_o, look_alike, why, part });
        }
    }
    // A prefixed original word by its base and the prefix's senses
    // ("hulp" = "aide" in "entraide", "wederzijds" = "réciproque" = "entr-").
    for (tr, _) in &t.trans {
        for tw in tr.split([' ', '\'', '-']).filter(|x| x.chars().count() >= 2) {
            if o.bases.iter().any(|b| b == tw) {
                let why = format!("derivation: {tl}~{ol} ({}→{tr}, a part of {})", t.folded, o.folded);
                consider(Match { for_t: 0.85, for_o: 0.85 / 2.0, look_alike: false, why, part: None });
            }
        }
    }
    // A compound's part no dictionary knows, by its look.
    for part in &t.parts.0 {
        if o.folded.chars().count() >= 4 {
            let c = cognate(part, &o.folded);
            if c >= 0.8 {
                let n = t.parts.1.max(1) as f64;
                let why = format!("compound part: {tl}~{ol} ({part}~{}, {c:.2})", o.folded);
                consider(Match { for_t: c / n, for_o: c, look_alike: true, why, part: Some(part.clone()) });
            }
        }
    }
    if t.folded.chars().count() >= 4 && o.folded.chars().count() >= 4 {
        let c = cognate(&t.folded, &o.folded);
        if c >= 0.8 {
            // A transliterated name is as good as a dictionary entry.
            let s = if t.name || o.name { 1.0 } else { c };
            let kind = if t.name || o.name { "name" } else { "cognate" };
            consider(Match { for_t: s, for_o: s, look_alike, why: format!("{kind}: {tl}~{ol} ({c:.2})"), part: None });
        }
    }
    best
}

fn score_pair(t: &Prepared, o: &Prepared, orig: &Side<'_>) -> PairScore {
    // Whole-title numbers ("Drieënnegentig" / "Quatre-vingt-treize").
    if let (Some(a), Some(b)) = (t.number, o.number) {
        if a == b {
            return PairScore {
                score: 1.0,
                cov_t: 1.0,
                cov_o: 1.0,
                strong: true,
                content: 1,
                matched: 1,
                identical: false,
                evidence: vec![format!("number: {}~{} ({a})", t.text, o.text)],
                matched_words: 1,
            };
        }
    }
    let mut m_t = vec![0.0f64; t.words.len()];
    let mut m_o = vec![0.0f64; o.words.len()];
    let mut why_t: Vec<Option<(String, bool)>> = vec![None; t.words.len()];
    for (i, tw) in t.words.iter().enumerate().filter(|(_, w)| !w.ignore) {
        // A compound's parts may each match another word ("kanaken" ~
        // "canaques", "legenden" = "légendes"): the parts add up.
        let mut parts: Vec<(String, f64, String, bool)> = Vec::new();
        for (j, ow) in o.words.iter().enumerate().filter(|(_, w)| !w.ignore) {
            let Some(m) = word_match(tw, ow, orig) else { continue };
            m_o[j] = m_o[j].max(m.for_o);
            if let Some(p) = &m.part {
                match parts.iter_mut().find(|x| &x.0 == p) {
                    Some(x) if x.1 >= m.for_t => {}
                    Some(x) => *x = (p.clone(), m.for_t, m.why.clone(), m.look_alike),
                    None => parts.push((p.clone(), m.for_t, m.why.clone(), m.look_alike)),
                }
            }
            if m.for_t > m_t[i] {
                m_t[i] = m.for_t;
                why_t[i] = Some((m.why.clone(), m.look_alike));
            }
        }
        let sum: f64 = parts.iter().map(|x| x.1).sum();
        if parts.len() > 1 && sum > m_t[i] {
            m_t[i] = sum.min(1.0);
            let why = parts.iter().map(|x| x.2.clone()).collect::<Vec<_>>().join("; ");
            why_t[i] = Some((why, parts.iter().all(|x| x.3)));
        }
    }
    let weight = |w: &Word, m: f64| -> f64 {
        if w.ignore {
            0.0
        } else if w.function {
            // Content-bearing function words ("onze", "zonder") count a
            // little, and only when they match.
            if m > 0.0 { 0.5 } else { 0.0 }
        } else {
            w.weight
        }
    };
    let (mut den_t, mut got_t, mut den_o, mut got_o) = (0.0, 0.0, 0.0, 0.0);
    let mut evidence = Vec::new();
    let mut strong = false;
    let content = t.words.iter().filter(|w| !w.ignore && !w.function).count();
    let matched = t.words.iter().zip(&m_t).filter(|(w, m)| !w.ignore && !w.function && **m > 0.0).count();
    for (i, w) in t.words.iter().enumerate() {
        let wt = weight(w, m_t[i]);
        den_t += wt;
        got_t += wt * m_t[i];
        if let (true, Some((why, look_alike))) = (wt > 0.0 && m_t[i] > 0.0, &why_t[i]) {
            evidence.push(why.clone());
            strong |= !look_alike && !w.function;
        }
    }
    for (j, w) in o.words.iter().enumerate() {
        let wt = weight(w, m_o[j]);
        den_o += wt;
        got_o += wt * m_o[j];
    }
    let den = den_t + den_o;
    PairScore {
        score: if den > 0.0 { (got_t + got_o) / den } else { 0.0 },
        cov_t: if den_t > 0.0 { got_t / den_t } else { 0.0 },
        cov_o: if den_o > 0.0 { got_o / den_o } else { 0.0 },
        strong,
        content,
        matched,
        identical: variant_key(&t.text) == variant_key(&o.text),
        evidence,
        matched_words: t
            .words
            .iter()
            .zip(&m_t)
            .enumerate()
            .filter(|(k, (w, m))| *k < 64 && !w.ignore && !w.function && **m > 0.0)
            .fold(0u64, |acc, (k, _)| acc | (1 << k)),
    }
}

/// Align the translated titles of a page with its originals.
pub fn align(doc: &Document, res: &Resources<'_>, lexicon_note: &str, data: Provenance) -> TitleAlignment {
    let (translations, originals, tl, ol) = collect(doc);
    let reduced = res.lex.is_none();
    let trans_side = Side { lang: tl.clone(), stemmer: Stemmer::new(&tl), morph: None, reduced };
    let orig_side = Side {
        lang: ol.clone(),
        stemmer: Stemmer::new(&ol),
        morph: res.morph.filter(|_| ol.primary() == "fr"),
        reduced,
    };
    let no_headwords = crate::lexicon::Headwords::default();
    let hw = res.lex.map_or(&no_headwords, |l| l.headwords());
    // The subject's own name in a title ("Mémoires de Louise Michel") is
    // expected, not evidence.
    let mut subject: Vec<String> = Vec::new();
    let names = doc.subject.iter().flat_map(|p| p.names.iter().map(|n| n.name.clone())).chain(doc.title.clone());
    for n in names {
        crate::text::for_each_word(&n, |w| subject.push(fold(&w.to_lowercase())));
    }
    let empty = HashMap::new();
    let mut tp: Vec<Prepared> =
        translations.iter().map(|t| trans_side.prepare(&t.title, res.lex, &hw.by_stem, &hw.sorted, &subject)).collect();
    // Originals are scored whole and, when they have a subtitle, by their
    // main title alone: translations often drop subtitles.
    let mut op: Vec<Prepared> =
        originals.iter().map(|o| orig_side.prepare(&o.title, None, &empty, &[], &subject)).collect();
    let main_of: Vec<Option<usize>> = originals
        .iter()
        .map(|o| {
            main_title(&o.title).map(|m| {
                op.push(orig_side.prepare(m, None, &empty, &[], &subject));
                op.len() - 1
            })
        })
        .collect();
    weigh(&mut tp);
    weigh(&mut op);

    // Variant groups: one work, spelled several ways; the first list entry
    // (else the first mention) is the canonical spelling.
    let mut group_of: Vec<usize> = Vec::with_capacity(translations.len());
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, t) in translations.iter().enumerate() {
        let g = *by_key.entry(variant_key(&t.title)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        group_of.push(g);
    }
    let canonical: Vec<usize> = groups
        .iter()
        .map(|members| members.iter().copied().find(|&i| translations[i].origin == Origin::List).unwrap_or(members[0]))
        .collect();

    // Scores per (group, original): the group's best member.
    let scores: Vec<Vec<PairScore>> = groups
        .iter()
        .map(|members| {
            (0..originals.len())
                .map(|j| {
                    members
                        .iter()
                        .flat_map(|&i| std::iter::once(j).chain(main_of[j]).map(move |k| (i, k)))
                        .map(|(i, k)| score_pair(&tp[i], &op[k], &orig_side))
                        .max_by(|a, b| a.score.total_cmp(&b.score))
                        .unwrap_or(PairScore {
                            score: 0.0,
                            cov_t: 0.0,
                            cov_o: 0.0,
                            strong: false,
                            content: 0,
                            matched: 0,
                            identical: false,
                            evidence: Vec::new(),
                            matched_words: 0,
                        })
                })
                .collect()
        })
        .collect();
    let eligible = |s: &PairScore| {
        // Look-alike words alone ("anarchisme"~"anarchistes") need a higher
        // score and must not be a single shared word of a longer title.
        // Without a dictionary, never on one look-alike word (name or
        // cognate) unless the whole title is the same.
        let look_alike_ok = s.matched >= 2 || (s.content == 1 && (!reduced || s.identical));
        let needed = if s.strong { MIN_SCORE } else { MIN_SCORE_LOOK_ALIKE };
        s.score >= needed && s.cov_t.min(s.cov_o) >= MIN_COVERAGE && (s.strong || look_alike_ok)
    };
    let mut assignment = assign(&scores, &eligible);
    let taken: Vec<Option<usize>> = {
        let mut t = vec![None; originals.len()];
        for (g, a) in assignment.iter().enumerate() {
            if let Some(j) = a {
                t[*j] = Some(g);
            }
        }
        t
    };
    let mut ambiguous: Vec<Option<(usize, usize)>> = vec![None; assignment.len()];
    for g in 0..assignment.len() {
        let Some(j) = assignment[g] else { continue };
        let best = scores[g][j].score;
        let s = &scores[g][j];
        let rival = (0..originals.len()).find(|&k| {
            let r = &scores[g][k];
            let close = eligible(r) && r.score >= best - AMBIGUITY_MARGIN;
            // The same words matched, and each title has words left over
            // ("Brieven van een balling": "Lettres" or "Lettres d'un
            // exilé"?): the longer original may hold what the translation's
            // unexplained word says; nothing here tells.
            let same_words = s.matched_words != 0
                && r.matched_words & s.matched_words == s.matched_words
                && s.cov_t < 0.999
                && r.cov_o < 0.999;
            k != j && taken[k].is_none() && (close || same_words)
        });
        if let Some(k) = rival {
            assignment[g] = None;
            ambiguous[g] = Some((j, k));
        }
    }
    // Why each refused group was refused, against its closest original.
    let nearest: Vec<Option<Nearest>> = (0..assignment.len())
        .map(|g| {
            if assignment[g].is_some() {
                return None;
            }
            let k = (0..originals.len()).max_by(|&a, &b| scores[g][a].score.total_cmp(&scores[g][b].score))?;
            let s = &scores[g][k];
            if s.score <= 0.0 {
                return None;
            }
            let needed = if s.strong { MIN_SCORE } else { MIN_SCORE_LOOK_ALIKE };
            let mut why = Vec::new();
            if let Some((j, r)) = ambiguous[g] {
                let other = if k == j { r } else { j };
                why.push(format!(
                    "\"{}\" scores as well: the evidence does not tell them apart",
                    originals[other].title
                ));
            }
            if let Some(h) = taken[k] {
                why.push(format!("it went to \"{}\", which fits it better", translations[canonical[h]].title));
            }
            if s.score < needed {
                why.push(format!("score {:.2} below {needed}", s.score));
            }
            if s.cov_t.min(s.cov_o) < MIN_COVERAGE {
                why.push(format!(
                    "explains {:.0}% of the translation and {:.0}% of the original (at least {:.0}% of each needed)",
                    100.0 * s.cov_t,
                    100.0 * s.cov_o,
                    100.0 * MIN_COVERAGE
                ));
            }
            if !s.strong && !(s.matched >= 2 || (s.content == 1 && (!reduced || s.identical))) {
                why.push("only one word that merely looks alike".into());
            }
            if why.is_empty() {
                why.push("the one-to-one assignment found better pairs".into());
            }
            Some(Nearest {
                title: originals[k].title.clone(),
                score: (s.score * 1000.0).round() / 1000.0,
                evidence: s.evidence.clone(),
                reason: why.join("; "),
            })
        })
        .collect();

    let mut links = Vec::with_capacity(translations.len());
    let mut linked_originals = vec![false; originals.len()];
    for (i, t) in translations.iter().enumerate() {
        let g = group_of[i];
        let mut flags = Vec::new();
        if t.origin == Origin::List && t.year.is_none() {
            flags.push(Flag::NoDate);
        }
        let first = &translations[canonical[g]];
        if canonical[g] != i {
            if first.title != t.title {
                flags.push(Flag::VariantOf(first.title.clone()));
            } else if t.origin == Origin::List {
                flags.push(Flag::DuplicateOf(first.title.clone()));
            }
        }
        let (original, score, evidence) = match assignment[g] {
            Some(j) => {
                let s = &scores[g][j];
                linked_originals[j] = true;
                let o = originals[j].clone();
                if let (Some(ty), Some(oy)) = (t.year, o.year) {
                    if ty < oy {
                        flags.push(Flag::YearConflict(ty, oy));
                    }
                }
                if s.score < CONFIDENT {
                    flags.push(Flag::LowConfidence);
                }
                let mut ev = s.evidence.clone();
                if let (Some(ty), Some(oy)) = (t.year, o.year) {
                    if ty >= oy {
                        let n = ty - oy;
                        ev.push(format!("years: {ty} is {n} year{} after {oy}", if n == 1 { "" } else { "s" }));
                    }
                }
                (Some(o), Some((s.score * 1000.0).round() / 1000.0), ev)
            }
            None => {
                flags.push(Flag::NoOriginalListed);
                (None, None, Vec::new())
            }
        };
        // Stable order of flags: the contract lists them this way.
        flags.sort_by_key(|f| match f {
            Flag::NoOriginalListed => 0,
            Flag::NoDate => 1,
            Flag::YearConflict(..) => 2,
            Flag::VariantOf(_) | Flag::DuplicateOf(_) => 3,
            Flag::LowConfidence => 4,
        });
        let nearest = nearest[g].clone();
        links.push(TitleLink { translation: t.clone(), original, score, evidence, flags, nearest });
    }
    let untranslated: Vec<Title> =
        originals.iter().zip(&linked_originals).filter(|(_, l)| !**l).map(|(o, _)| o.clone()).collect();
    let translated = linked_originals.iter().filter(|x| **x).count();
    let coverage = Coverage {
        originals: originals.len(),
        translated,
        ratio: if originals.is_empty() { 0.0 } else { translated as f64 / originals.len() as f64 },
    };
    TitleAlignment {
        page: doc.title.clone().unwrap_or_default(),
        translation_lang: tl,
        original_lang: ol,
        links,
        untranslated,
        originals,
        coverage,
        lexicon_note: lexicon_note.to_string(),
        data,
    }
}

/// One-to-one assignment maximising total score over eligible pairs
/// (Hungarian algorithm, pathfinding's Kuhn–Munkres).
fn assign(scores: &[Vec<PairScore>], eligible: &dyn Fn(&PairScore) -> bool) -> Vec<Option<usize>> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    // Kuhn–Munkres needs rows <= columns: pad with zero-weight columns.
    let width = cols.max(rows);
    let mut data = Vec::with_capacity(rows * width);
    for r in scores {
        for c in 0..width {
            let w = r.get(c).filter(|s| eligible(s)).map_or(0, |s| (s.score * 1_000_000.0) as i64);
            data.push(w);
        }
    }
    let Ok(m) = pathfinding::matrix::Matrix::from_vec(rows, width, data) else { return vec![None; rows] };
    let (_, cols_of) = pathfinding::kuhn_munkres::kuhn_munkres(&m);
    cols_of.into_iter().enumerate().map(|(r, c)| (c < cols && m[(r, c)] > 0).then_some(c)).collect()
}

/// The JSON contract: `{"page", "links": [{nl, nl_year, fr, fr_year, score,
/// evidence, flags}], "untranslated": [{fr, fr_year}], "coverage"}`, with
/// the two languages' codes as keys.
pub fn to_json(a: &TitleAlignment) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let (t, o) = (a.translation_lang.code(), a.original_lang.code());
    let links: Vec<Value> = a
        .links
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert(t.to_string(), json!(l.translation.title));
            m.insert(format!("{t}_year"), json!(l.translation.year));
            m.insert(o.to_string(), json!(l.original.as_ref().map(|x| &x.title)));
            m.insert(format!("{o}_year"), json!(l.original.as_ref().and_then(|x| x.year)));
            m.insert("score".into(), json!(l.score));
            m.insert("evidence".into(), json!(l.evidence));
            m.insert("flags".into(), json!(l.flags.iter().map(ToString::to_string).collect::<Vec<_>>()));
            m.insert(format!("{t}_id"), json!(l.translation.id));
            m.insert(format!("{o}_id"), json!(l.original.as_ref().map(|x| &x.id)));
            m.insert("source".into(), json!(l.translation.origin));
            if let Some(n) = &l.nearest {
                m.insert("nearest".into(), json!(n));
            }
            Value::Object(m)
        })
        .collect();
    let untranslated: Vec<Value> = a
        .untranslated
        .iter()
        .map(|u| {
            let mut m = Map::new();
            m.insert(o.to_string(), json!(u.title));
            m.insert(format!("{o}_year"), json!(u.year));
            m.insert(format!("{o}_id"), json!(u.id));
            Value::Object(m)
        })
        .collect();
    let mut top = Map::new();
    top.insert("page".into(), json!(a.page));
    top.insert("links".into(), Value::Array(links));
    top.insert("untranslated".into(), Value::Array(untranslated));
    top.insert(
        "coverage".into(),
        json!({"originals": a.coverage.originals, "translated": a.coverage.translated, "ratio": a.coverage.ratio}),
    );
    top.insert("languages".into(), json!({"translations": t, "originals": o}));
    top.insert("lexicon".into(), json!(a.lexicon_note));
    top.insert("data".into(), json!(a.data));
    Value::Object(top)
}
