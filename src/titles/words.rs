//! A title's words and what is known about each: its folded form, stem
//! and lemmas, whether it is a name or a function word, its translations
//! (and how they were found), the parts of a compound, the base of a
//! prefixed word, and its weight among the page's titles.

use std::collections::HashMap;

use super::forms::{derivation_bases, lemma_candidates};
use crate::lexicon::hunspell::Morphology;
use crate::lexicon::{Lexicon, Stemmer, fold, numbers, translit_skeleton};
use crate::model::Lang;

/// One word of a title, with what is known about it.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// As written.
    pub raw: String,
    /// Lower case, without diacritics.
    pub folded: String,
    /// Snowball stem of the folded form.
    pub stem: String,
    /// Transliteration skeleton of the folded form, compared for cognates
    /// with every word of every title on the other side.
    pub skeleton: String,
    /// Dictionary forms from the morphology (original side).
    pub lemmas: Vec<String>,
    /// A function word with some content (possessive, negation): counts a
    /// little, and only when it matches.
    pub function: bool,
    /// Articles, "of", "and", the subject's own name: never evidence.
    pub ignore: bool,
    /// A name: a capitalised word inside a title that no dictionary knows.
    pub name: bool,
    /// How specific it is among its side's titles (see [`weigh`]).
    pub weight: f64,
    /// Translations into the other language (translation side only), with
    /// how they were found.
    pub trans: Vec<(String, Via)>,
    /// The stems of each translation's words ([`translation_words`]), by
    /// the original side's stemmer: made once per page (`page::score_works`),
    /// not for every pair of words compared; empty until then.
    pub trans_stems: Vec<Vec<String>>,
    /// Parts of a compound compared by their look ("kanaken" in
    /// "kanakenlegenden" ~ "canaques").
    pub parts: LookParts,
    /// Original side: the base of a prefixed word and the prefix's senses
    /// ("entraide" → "aide", with "réciproque" for "entr-").
    pub bases: Vec<String>,
}

/// A compound's parts compared by their look, and how many content parts
/// it has.
pub(crate) type LookParts = (Vec<String>, usize);

/// How a word's translation was found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Via {
    /// The word itself is in the dictionary.
    Exact,
    /// An inflected form, through this dictionary form.
    Stem(String),
    /// A longer headword it begins ("gevangen" → "gevangenis").
    Prefix(String),
    /// The base of a derived word ("vreemdeling" → "vreemd").
    Derived(String),
    /// A part of a compound, and how many content parts it has.
    Part(String, usize),
    /// Through English: weaker than a direct entry.
    Pivot(String),
}

/// One language's side of the page: how its words are stemmed and
/// analysed.
pub(crate) struct Side<'a> {
    /// The side's language.
    pub lang: Lang,
    /// Its Snowball stemmer.
    pub stemmer: Stemmer,
    /// Its morphology (French originals only).
    pub morph: Option<&'a Morphology>,
    /// No dictionary: a capitalised word is not known to be a name, so a
    /// name match is only a look-alike.
    pub reduced: bool,
}

/// A title ready to be scored: its words, and its value when it is a number.
pub(crate) struct Prepared {
    /// Its words.
    pub words: Vec<Word>,
    /// The whole title read as a number ("Drieënnegentig" = 93).
    pub number: Option<u64>,
    /// The title as written.
    pub text: String,
}

/// The words of a translation (which may be a phrase) that can match an
/// original's word: any of them.
pub(crate) fn translation_words(tr: &str) -> impl Iterator<Item = &str> {
    tr.split([' ', '\'', '-']).filter(|x| x.chars().count() >= 2)
}

/// What the translation side looks a word up in: the dictionary, asked
/// per word, per stem ([`Lexicon::stem_translations`]) and per prefix
/// ([`Lexicon::heads_with_prefix`]); building its whole stem index and
/// headword list was a third of `titles` on a page.
pub(crate) struct Lookup<'a> {
    /// Translation language → original language.
    pub lex: &'a Lexicon,
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
        "pt" => &["o", "a", "os", "as", "um", "uma", "e", "de", "do", "da", "dos", "das", "em", "no", "na", "ao"],
        _ => &[],
    };
    list.contains(&folded)
}

/// The main title, before a subtitle ("La Commune, histoire et souvenirs").
pub(crate) fn main_title(title: &str) -> Option<&str> {
    [", ", ": ", ". ", " - ", " – "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .map(|i| title[..i].trim())
        .filter(|m| !m.is_empty())
}

impl Side<'_> {
    /// A title's words with what is known about each; `lookup` (translation
    /// side only) finds their translations; words of `subject` (the page's
    /// own name) are never evidence.
    pub fn prepare(&self, title: &str, lookup: Option<&Lookup<'_>>, subject: &[String]) -> Prepared {
        let raws = split_words(title);
        let refs: Vec<&str> = raws.iter().map(String::as_str).collect();
        // The whole title, or its one-word parts, may be a number.
        let number = numbers::value(self.lang.primary(), &refs);
        let (first, title_case) = self.capitals(&raws);
        let mut words = Vec::new();
        for (k, raw) in raws.iter().enumerate() {
            let folded = fold(&raw.to_lowercase());
            let ignore = is_trivial(self.lang.primary(), &folded) || subject.contains(&folded);
            let function = !ignore && crate::lang::is_function_word(self.lang.primary(), &folded);
            let lemmas: Vec<String> =
                self.morph.map(|m| m.analyze(raw).into_iter().map(|a| fold(&a.lemma)).collect()).unwrap_or_default();
            let lex = lookup.map(|l| l.lex);
            let in_dict =
                lex.is_some_and(|l| !l.get(&folded).is_empty() || !l.pivot(&folded).is_empty()) || !lemmas.is_empty();
            // A capitalised word inside a title that no dictionary knows is a name.
            let name =
                k > first && !title_case && raw.chars().next().is_some_and(char::is_uppercase) && !in_dict && !function;
            let (trans, parts) = match lookup {
                Some(l) => self.translations(&folded, function, l),
                None => (Vec::new(), (Vec::new(), 0)),
            };
            let bases = if lex.is_none() && !function { self.prefix_bases(&folded) } else { Vec::new() };
            words.push(Word {
                raw: raw.clone(),
                stem: self.stemmer.stem(&folded),
                skeleton: translit_skeleton(&folded),
                folded,
                lemmas,
                function,
                ignore,
                name,
                weight: 1.0,
                trans,
                trans_stems: Vec::new(),
                parts,
                bases,
            });
        }
        Prepared { words, number, text: title.to_string() }
    }

    /// Where capitals mark nothing: the first word that is not a function
    /// word (capitalised by position), and whether the title is written in
    /// title case ("De Opkomst van onze Kracht"), where no capital marks a
    /// name; in sentence case a capital inside does.
    fn capitals(&self, raws: &[String]) -> (usize, bool) {
        let is_fw = |r: &str| crate::lang::is_function_word(self.lang.primary(), &fold(&r.to_lowercase()));
        let first = raws.iter().position(|r| !is_fw(r)).unwrap_or(0);
        let inner: Vec<&String> =
            raws.iter().skip(first + 1).filter(|r| r.chars().count() > 2 && !is_fw(r.as_str())).collect();
        let capitalised = inner.iter().filter(|r| r.chars().next().is_some_and(char::is_uppercase)).count();
        (first, inner.len() >= 2 && capitalised * 2 > inner.len())
    }

    /// A word's translations, and the parts of a compound to compare by
    /// their look: the first way that finds any (the word, its dictionary
    /// forms, its stem, a longer headword, its compound parts), then
    /// senses through English and a derived word's base on top.
    fn translations(&self, folded: &str, function: bool, l: &Lookup<'_>) -> (Vec<(String, Via)>, LookParts) {
        let mut trans = Vec::new();
        let mut parts = (Vec::new(), 0);
        for t in l.lex.get(folded) {
            trans.push((t.clone(), Via::Exact));
        }
        if trans.is_empty() {
            // Inflected forms: dictionary forms that an ending-swap gives
            // ("veroverde" → "veroveren"), then the Snowball stem.
            for cand in lemma_candidates(self.lang.primary(), folded) {
                for t in l.lex.get(&cand) {
                    trans.push((t.clone(), Via::Stem(cand.clone())));
                }
                if !trans.is_empty() {
                    break;
                }
            }
        }
        if trans.is_empty() {
            for t in l.lex.stem_translations(&self.stemmer.stem(folded)) {
                trans.push((t.clone(), Via::Stem(folded.to_string())));
            }
        }
        if trans.is_empty() && folded.chars().count() >= 6 {
            // "gevangen" → "gevangenis", "gevangene".
            for h in l.lex.heads_with_prefix(folded, 8) {
                for t in l.lex.get(&h) {
                    trans.push((t.clone(), Via::Prefix(h.clone())));
                }
            }
        }
        if trans.is_empty() && !function {
            let (t, unknown) = self.compound_parts(folded, l);
            trans.extend(t);
            parts = unknown;
        }
        if !function {
            self.add_pivot(folded, l.lex, &mut trans);
            // A derived word's base, even when the word itself is
            // listed: FreeDict gives "vreemdeling" only "inconnu",
            // its base "vreemd" gives "étranger".
            for base in derivation_bases(self.lang.primary(), folded) {
                for t in l.lex.get(&base) {
                    if !trans.iter().any(|(x, _)| x == t) {
                        trans.push((t.clone(), Via::Derived(base.clone())));
                    }
                }
            }
        }
        (trans, parts)
    }

    /// Through English, for words the direct dictionary lacks and for
    /// senses it lacks ("balling" is only "banni" in FreeDict; "exile"
    /// gives "exiler"): the word's first form the pivot knows.
    fn add_pivot(&self, folded: &str, lex: &Lexicon, trans: &mut Vec<(String, Via)>) {
        let forms = std::iter::once(folded.to_string()).chain(lemma_candidates(self.lang.primary(), folded));
        for form in forms {
            let before = trans.len();
            for t in lex.pivot(&form) {
                if !trans.iter().any(|(x, _)| x == t) {
                    trans.push((t.clone(), Via::Pivot(form.clone())));
                }
            }
            if trans.len() > before || !lex.pivot(&form).is_empty() {
                break;
            }
        }
    }

    /// Split a compound into parts ("klassenstrijd" → "klassen" + "strijd",
    /// "inbezitneming" → "in" + "bezit" + "neming"): two or three parts, a
    /// linking -s-/-en- allowed, a separable particle ("in", "op", …) at the
    /// start counting as no part, and one part no dictionary knows kept to
    /// be compared by its look. Returns the known parts' translations and
    /// the parts to compare by their look.
    fn compound_parts(&self, w: &str, l: &Lookup<'_>) -> (Vec<(String, Via)>, LookParts) {
        let particles = crate::parse::cues::list(&format!("titles.{}-particles", self.lang.primary()));
        let mut best: Option<Split> = None;
        for split in cuts(w) {
            let Some(read) = self.read_split(&split, &particles, l) else { continue };
            if best.as_ref().is_none_or(|b| read.rank < b.rank) {
                best = Some(read);
            }
        }
        let Some(Split { known, unknown, content, .. }) = best else { return (Vec::new(), (Vec::new(), 0)) };
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

    /// One way of cutting a compound, read: which parts a dictionary knows;
    /// `None` when it is no good (a part under three letters, no known
    /// part, two unknown, a single content part, or three parts one of
    /// which is under four letters: three-letter words fit almost
    /// anywhere, "kan|aken|legenden").
    fn read_split(&self, split: &[String], particles: &[&str], l: &Lookup<'_>) -> Option<Split> {
        let last = split.len() - 1;
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        let mut content = 0;
        for (k, part) in split.iter().enumerate() {
            if k == 0 && last > 0 && particles.contains(&part.as_str()) {
                continue;
            }
            if part.chars().count() < 3 {
                return None;
            }
            content += 1;
            // A part before the head may carry a linking -s- or -en-.
            let forms: Vec<String> = if k < last {
                vec![part.clone(), part.trim_end_matches('s').to_string(), part.trim_end_matches("en").to_string()]
            } else {
                vec![part.clone()]
            };
            match forms
                .iter()
                .filter(|f| f.chars().count() >= 3)
                .map(|f| self.part_translations(f, l))
                .find(|t| !t.is_empty())
            {
                Some(ts) => known.push((part.clone(), ts)),
                None => unknown.push(part.clone()),
            }
        }
        let shortest =
            split.iter().skip(usize::from(content < split.len())).map(|p| p.chars().count()).min().unwrap_or(0);
        if known.is_empty() || unknown.len() > 1 || content < 2 || (content > 2 && shortest < 4) {
            return None;
        }
        let rank = (unknown.len(), content, std::cmp::Reverse(shortest));
        Some(Split { known, unknown, content, rank })
    }

    /// A compound part's translations: its own or its dictionary forms',
    /// its stem's, else through English ("legende" → "legend" → "légende").
    fn part_translations(&self, s: &str, l: &Lookup<'_>) -> Vec<String> {
        let forms: Vec<String> =
            std::iter::once(s.to_string()).chain(lemma_candidates(self.lang.primary(), s)).collect();
        for f in &forms {
            let direct = l.lex.get(f);
            if !direct.is_empty() {
                return direct.to_vec();
            }
        }
        let by_stem = l.lex.stem_translations(&self.stemmer.stem(s));
        if !by_stem.is_empty() {
            return by_stem.to_vec();
        }
        for f in &forms {
            let pivot = l.lex.pivot(f);
            if !pivot.is_empty() {
                return pivot.to_vec();
            }
        }
        Vec::new()
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

/// Inverse title frequency of each word stem among one side's titles.
pub(crate) fn weigh(titles: &mut [Prepared]) {
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

/// A compound cut into parts and read: the known parts' translations, the
/// unknown parts, how many parts carry content, and its rank (fewest
/// unknown parts, then fewest parts, then the longest shortest part).
struct Split {
    known: Vec<(String, Vec<String>)>,
    unknown: Vec<String>,
    content: usize,
    rank: (usize, usize, std::cmp::Reverse<usize>),
}

/// Every way of cutting a word into 2 or 3 parts, the first at least two
/// letters, the others at least three.
fn cuts(w: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let mut splits: Vec<Vec<String>> = Vec::new();
    for c1 in 2..n.saturating_sub(2) {
        splits.push(vec![piece(0, c1), piece(c1, n)]);
        for c2 in c1 + 3..n.saturating_sub(2) {
            splits.push(vec![piece(0, c1), piece(c1, c2), piece(c2, n)]);
        }
    }
    splits
}
