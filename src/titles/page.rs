//! One page's titles aligned: prepare both sides, score every work against
//! every original, assign, let the rules decide, and say it per title.

use std::collections::HashMap;

use super::CONFIDENT;
use super::assign::assign;
use super::collect::{Groups, collect};
use super::model::{Coverage, Flag, Origin, Title, TitleAlignment, TitleLink};
use super::refuse::{self, Decision, Rules};
use super::score::{PairScore, score_pair};
use super::words::{Lookup, Prepared, Side, main_title, translation_words, weigh};
use crate::data::Provenance;
use crate::lexicon::hunspell::Morphology;
use crate::lexicon::{Lexicon, Stemmer, fold};
use crate::model::{Document, Lang};

/// Years a doubted date ("ca. 1880", "1885?") may be off by before a
/// translation dated before its original is a conflict.
const DOUBTED_YEARS: i32 = 5;

/// The resources title matching uses.
pub struct Resources<'a> {
    /// Translation language → original language.
    pub lex: Option<&'a Lexicon>,
    /// Morphology of the original language (lemmas).
    pub morph: Option<&'a Morphology>,
}

/// Align the translated titles of a page with its originals.
pub fn align(doc: &Document, res: &Resources<'_>, lexicon_note: &str, data: Provenance) -> TitleAlignment {
    let (translations, originals, tl, ol) = collect(doc);
    let reduced = res.lex.is_none();
    let groups = Groups::new(&translations);
    let scores = score_works(doc, res, &translations, &originals, &groups, (&tl, &ol));
    let assignment = assign(&scores, &|s| refuse::eligible(s, reduced));
    let works: Vec<(&str, Option<i32>)> = groups
        .members
        .iter()
        .zip(&groups.canonical)
        .map(|(m, &c)| (translations[c].title.as_str(), m.iter().filter_map(|&i| translations[i].year).min()))
        .collect();
    let decisions = Rules::new(&scores, &assignment, &originals, &works, reduced).decide_all();
    let links = links(&translations, &originals, &groups, &scores, &decisions);
    let mut linked = vec![false; originals.len()];
    for d in &decisions {
        if let Decision::Link(j, _) = d {
            linked[*j] = true;
        }
    }
    let untranslated: Vec<Title> =
        originals.iter().zip(&linked).filter(|(_, l)| !**l).map(|(o, _)| o.clone()).collect();
    let translated = linked.iter().filter(|x| **x).count();
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

/// Every work's score against every original: the best of its members
/// against the original whole or, when it has a subtitle, by its main
/// title alone (translations often drop subtitles).
fn score_works(
    doc: &Document,
    res: &Resources<'_>,
    translations: &[Title],
    originals: &[Title],
    groups: &Groups,
    (tl, ol): (&Lang, &Lang),
) -> Vec<Vec<PairScore>> {
    let reduced = res.lex.is_none();
    let trans_side = Side { lang: tl.clone(), stemmer: Stemmer::new(tl), morph: None, reduced };
    let orig_side = Side {
        lang: ol.clone(),
        stemmer: Stemmer::new(ol),
        morph: res.morph.filter(|_| ol.primary() == "fr"),
        reduced,
    };
    let subject = subject_words(doc);
    let lookup = res.lex.map(|lex| Lookup { lex });
    let mut tp: Vec<Prepared> =
        translations.iter().map(|t| trans_side.prepare(&t.title, lookup.as_ref(), &subject)).collect();
    if orig_side.stemmer.is_real() {
        for w in tp.iter_mut().flat_map(|p| p.words.iter_mut()) {
            w.trans_stems = w
                .trans
                .iter()
                .map(|(tr, _)| translation_words(tr).map(|tw| orig_side.stemmer.stem(tw)).collect())
                .collect();
        }
    }
    let mut op: Vec<Prepared> = originals.iter().map(|o| orig_side.prepare(&o.title, None, &subject)).collect();
    let main_of: Vec<Option<usize>> = originals
        .iter()
        .map(|o| {
            main_title(&o.title).map(|m| {
                op.push(orig_side.prepare(m, None, &subject));
                op.len() - 1
            })
        })
        .collect();
    weigh(&mut tp);
    weigh(&mut op);
    groups
        .members
        .iter()
        .map(|members| {
            (0..originals.len())
                .map(|j| {
                    members
                        .iter()
                        .flat_map(|&i| std::iter::once(j).chain(main_of[j]).map(move |k| (i, k)))
                        .map(|(i, k)| score_pair(&tp[i], &op[k], &orig_side))
                        .max_by(|a, b| a.score.total_cmp(&b.score))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// The subject's own name, word by word: in a title ("Mémoires de Louise
/// Michel") it is expected, not evidence.
fn subject_words(doc: &Document) -> Vec<String> {
    let mut subject: Vec<String> = Vec::new();
    let names = doc.subject.iter().flat_map(|p| p.names.iter().map(|n| n.name.clone())).chain(doc.title.clone());
    for n in names {
        crate::text::for_each_word(&n, |w| subject.push(fold(&w.to_lowercase())));
    }
    subject
}

/// One entry per title, in page order: the same title letter for letter
/// is one entry (the first list entry, else the first mention, noting the
/// others), with its work's decision, its own flags and years.
fn links(
    translations: &[Title],
    originals: &[Title],
    groups: &Groups,
    scores: &[Vec<PairScore>],
    decisions: &[Decision],
) -> Vec<TitleLink> {
    let mut links = Vec::with_capacity(translations.len());
    for (i, also) in same_titles(translations) {
        let t = &translations[i];
        let g = groups.group_of[i];
        let mut flags = Vec::new();
        if t.origin == Origin::List && t.year.is_none() {
            flags.push(Flag::NoDate);
        }
        let first = &translations[groups.canonical[g]];
        if first.title != t.title {
            flags.push(Flag::VariantOf(first.title.clone()));
        }
        let (original, score, evidence, nearest) = match &decisions[g] {
            Decision::Link(j, settled) => {
                let s = &scores[g][*j];
                let o = originals[*j].clone();
                if let (Some(ty), Some(oy)) = (t.year, o.year) {
                    // "ca. 1880" for a translation of an 1881 original is no
                    // conflict: a doubted year is good to a few years.
                    let slack = if t.year_doubted || o.year_doubted { DOUBTED_YEARS } else { 0 };
                    if ty + slack < oy {
                        flags.push(Flag::YearConflict(ty, oy));
                    }
                }
                if s.score < CONFIDENT {
                    flags.push(Flag::LowConfidence);
                }
                let mut ev = s.evidence.clone();
                ev.extend(years_evidence(t.year, o.year));
                ev.extend(settled.clone());
                (Some(o), Some((s.score * 1000.0).round() / 1000.0), ev, None)
            }
            Decision::Refused(nearest) => {
                flags.push(match nearest {
                    Some(n) => Flag::NotLinked(n.title.clone(), n.rules.clone()),
                    None => Flag::NoOriginalListed,
                });
                (None, None, Vec::new(), nearest.clone())
            }
        };
        flags.sort_by_key(Flag::rank);
        let also = also.iter().map(|&k| translations[k].clone()).collect();
        links.push(TitleLink { translation: t.clone(), original, score, evidence, flags, nearest, also });
    }
    links
}

/// The titles of a page with the same title letter for letter merged:
/// each title's first list entry (else its first mention) with the other
/// occurrences, in page order of the entries kept.
fn same_titles(translations: &[Title]) -> Vec<(usize, Vec<usize>)> {
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in translations.iter().enumerate() {
        by_title.entry(t.title.as_str()).or_default().push(i);
    }
    let mut rows: Vec<(usize, Vec<usize>)> = by_title
        .into_values()
        .map(|all| {
            let keep = all.iter().copied().find(|&i| translations[i].origin == Origin::List).unwrap_or(all[0]);
            (keep, all.into_iter().filter(|&i| i != keep).collect())
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    rows
}

/// How many years after its original a translation came out, when it did
/// not come out before it.
fn years_evidence(translation: Option<i32>, original: Option<i32>) -> Option<String> {
    let (ty, oy) = (translation?, original?);
    (ty >= oy).then(|| {
        let n = ty - oy;
        format!("years: {ty} is {n} year{} after {oy}", if n == 1 { "" } else { "s" })
    })
}
