//! How well a translated title and an original match: word by word
//! (dictionary, inflection, compounds, derivation, look-alikes, names,
//! numbers), then as a Dice coefficient of matched weight and the share of
//! each title's weight explained.

use super::PIVOT_WEIGHT;
use super::collect::variant_key;
use super::forms::long_common_prefix;
use super::words::{Prepared, Side, Via, Word, translation_words};
use crate::lexicon::{cognate_skeletons, translit_skeleton};

/// The evidence for one (translation, original) pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairScore {
    /// Dice coefficient of matched weight.
    pub score: f64,
    /// Share of the translation's weight explained.
    pub cov_t: f64,
    /// Share of the original's weight explained.
    pub cov_o: f64,
    /// Some evidence is more than words that merely look alike.
    pub strong: bool,
    /// Content words of the translated title, and how many matched.
    pub content: usize,
    /// Content words of the translated title that matched.
    pub matched: usize,
    /// The two titles are the same but for case, accents and punctuation.
    pub identical: bool,
    /// Why, word by word.
    pub evidence: Vec<String>,
    /// Which content words of the translated title matched (bit i: word i).
    pub matched_words: u64,
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

/// The best match between a word of a translated title and a word of an
/// original, if any.
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
    let not_name = orig.reduced || !(t.name || o.name);
    // Skeletons are made once per word (`Word::skeleton`), here only for
    // the parts of compounds.
    let cognate_o = |a: &str, skeleton: Option<&str>| match skeleton {
        _ if a == o.folded => 1.0,
        Some(s) => cognate_skeletons(s, &o.skeleton),
        None => cognate_skeletons(&translit_skeleton(a), &o.skeleton),
    };
    let looks_like = |a: &str| cognate_o(a, None) >= 0.8 || same_root(a, &o.folded);
    let look_alike = not_name && (cognate_o(&t.folded, Some(&t.skeleton)) >= 0.8 || same_root(&t.folded, &o.folded));
    // The original word's stem is computed once, with the word (the same
    // stemmer): stemming it again for every translation of every word of
    // every title was a sixth of `titles`.
    let o_stem = orig.stemmer.is_real().then_some(o.stem.as_str());
    for (k, (tr, via)) in t.trans.iter().enumerate() {
        let stems = t.trans_stems.get(k);
        for (x, tw) in translation_words(tr).enumerate() {
            let stem_same = |s: &str| match stems.and_then(|v| v.get(x)) {
                Some(stem) => stem == s,
                None => orig.stemmer.stem(tw) == s,
            };
            let same = tw == o.folded || o.lemmas.iter().any(|l| l == tw) || o_stem.is_some_and(stem_same);
            let close = !same && long_common_prefix(tw, &o.folded);
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
            // A compound's part that looks like the word it translates
            // ("oktober|revolutie" ~ "révolution") is as cheap as a whole
            // word that does.
            let part = if let Via::Part(p, _) = via { Some(p.clone()) } else { None };
            let look_alike = look_alike || (not_name && part.as_deref().is_some_and(looks_like));
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
            let c = cognate_o(part, None);
            if c >= 0.8 {
                let n = t.parts.1.max(1) as f64;
                let why = format!("compound part: {tl}~{ol} ({part}~{}, {c:.2})", o.folded);
                consider(Match { for_t: c / n, for_o: c, look_alike: true, why, part: Some(part.clone()) });
            }
        }
    }
    if t.folded.chars().count() >= 4 && o.folded.chars().count() >= 4 {
        let c = cognate_o(&t.folded, Some(&t.skeleton));
        if c >= 0.8 {
            // A transliterated name is as good as a dictionary entry.
            let s = if t.name || o.name { 1.0 } else { c };
            let kind = if t.name || o.name { "name" } else { "cognate" };
            consider(Match { for_t: s, for_o: s, look_alike, why: format!("{kind}: {tl}~{ol} ({c:.2})"), part: None });
        }
    }
    best
}

/// What each word of a pair matched: per translation word and per original
/// word, how much of it is explained; per translation word, why and
/// whether only by look.
struct WordMatches {
    m_t: Vec<f64>,
    m_o: Vec<f64>,
    why_t: Vec<Option<(String, bool)>>,
}

/// Score a translated title against an original (or its main title).
pub(crate) fn score_pair(t: &Prepared, o: &Prepared, orig: &Side<'_>) -> PairScore {
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
    tally(t, o, &match_words(t, o, orig))
}

/// Match every word of the translated title against every word of the
/// original, keeping each word's best.
fn match_words(t: &Prepared, o: &Prepared, orig: &Side<'_>) -> WordMatches {
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
    WordMatches { m_t, m_o, why_t }
}

/// A word's weight in a pair: content-bearing function words ("onze",
/// "zonder") count a little, and only when they match.
fn pair_weight(w: &Word, m: f64) -> f64 {
    if w.ignore {
        0.0
    } else if w.function {
        if m > 0.0 { 0.5 } else { 0.0 }
    } else {
        w.weight
    }
}

/// Add up the matched weight of both titles into the pair's score.
fn tally(t: &Prepared, o: &Prepared, wm: &WordMatches) -> PairScore {
    let WordMatches { m_t, m_o, why_t } = wm;
    let (mut den_t, mut got_t, mut den_o, mut got_o) = (0.0, 0.0, 0.0, 0.0);
    let mut evidence = Vec::new();
    let mut strong = false;
    let content = t.words.iter().filter(|w| !w.ignore && !w.function).count();
    let matched = t.words.iter().zip(m_t).filter(|(w, m)| !w.ignore && !w.function && **m > 0.0).count();
    for (i, w) in t.words.iter().enumerate() {
        let wt = pair_weight(w, m_t[i]);
        den_t += wt;
        got_t += wt * m_t[i];
        if let (true, Some((why, look_alike))) = (wt > 0.0 && m_t[i] > 0.0, &why_t[i]) {
            evidence.push(why.clone());
            strong |= !look_alike && !w.function;
        }
    }
    for (j, w) in o.words.iter().enumerate() {
        let wt = pair_weight(w, m_o[j]);
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
            .zip(m_t)
            .enumerate()
            .filter(|(k, (w, m))| *k < 64 && !w.ignore && !w.function && **m > 0.0)
            .fold(0u64, |acc, (k, _)| acc | (1 << k)),
    }
}
