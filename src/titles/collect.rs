//! The titles of a page: its translated titles (list entries and prose
//! mentions) and its originals, in page order, and the spelling variants
//! among the translations that are one work.

use std::collections::HashMap;

use super::model::{Origin, Title};
use crate::lexicon::fold;
use crate::model::{Document, Lang, SectionRole, TitleKind};

/// The translated titles and originals of a page, in page order.
pub(crate) fn collect(doc: &Document) -> (Vec<Title>, Vec<Title>, Lang, Lang) {
    let page_lang = doc.lang.clone().unwrap_or_else(Lang::und);
    let bibls = doc.bibls();
    // An original listed twice letter for letter (two editions) is one
    // work, its first listing: as two, each translation of it was
    // "ambiguous" between them and both were "not translated". (The
    // report's catalogue checks still name the second listing.)
    let mut originals: Vec<Title> = Vec::new();
    for b in bibls.iter().filter(|b| b.role == Some(SectionRole::Originals)) {
        if !originals.iter().any(|o| o.title == b.title) {
            originals.push(Title::from_bibl(b, Origin::List));
        }
    }
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
    // None known: the page's, unless the originals are in another script
    // than the translations (Tolstoy's in Cyrillic on an English page),
    // which they cannot be in: not known, rather than a guess that sent
    // them through an en→en "dictionary".
    let original_lang = majority(counts).unwrap_or_else(|| {
        let latin = |t: &str| !t.chars().any(crate::text::non_latin_letter);
        let of = |role| bibls.iter().filter(move |b| b.role == Some(role)).map(|b| b.title.as_str());
        if of(SectionRole::Originals).any(|t| !latin(t)) && of(SectionRole::Translations).all(latin) {
            Lang::und()
        } else {
            page_lang.clone()
        }
    });
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
pub(crate) fn variant_key(t: &str) -> String {
    fold(t).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The translated titles grouped by work: spelling variants (case,
/// diacritics, spacing) are one work, whose canonical spelling is its
/// first list entry, else its first mention.
pub(crate) struct Groups {
    /// The group of each translated title.
    pub group_of: Vec<usize>,
    /// The translated titles of each group, in page order.
    pub members: Vec<Vec<usize>>,
    /// The canonical title of each group.
    pub canonical: Vec<usize>,
}

impl Groups {
    /// The variant groups of `translations`.
    pub fn new(translations: &[Title]) -> Groups {
        let mut group_of: Vec<usize> = Vec::with_capacity(translations.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, t) in translations.iter().enumerate() {
            let g = *by_key.entry(variant_key(&t.title)).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[g].push(i);
            group_of.push(g);
        }
        let canonical = members
            .iter()
            .map(|m| m.iter().copied().find(|&i| translations[i].origin == Origin::List).unwrap_or(m[0]))
            .collect();
        Groups { group_of, members, canonical }
    }
}
