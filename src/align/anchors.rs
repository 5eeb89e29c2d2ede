//! Which words anchored each link: the dictionary translations, cognates
//! and names, and numbers that its two sides share, keyed the way the
//! aligner keys them ([`Keyer`]), for a person reviewing the link.

use serde::{Deserialize, Serialize};

use super::cues::Cues;
use super::features::Keyer;
use super::{Link, Segment};
use crate::lexicon::Lexicon;
use crate::model::Lang;
use rustc_hash::FxHashMap;

/// What made two words meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    /// The dictionary translates one into the other.
    Dictionary,
    /// They look alike (a cognate or a name).
    Cognate,
    /// The same number.
    Number,
}

/// A source word and a target word of one link that share a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// What they share.
    pub kind: AnchorKind,
    /// The source word, as written.
    pub src: String,
    /// The target word, as written.
    pub tgt: String,
}

/// At most this many anchors are kept per link: enough to see why.
pub const MAX_PER_LINK: usize = 8;

/// The anchors of every link (empty for 1-0 and 0-1 links), in link order.
pub fn anchors(
    src: &[Segment],
    tgt: &[Segment],
    links: &[Link],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
) -> Vec<Vec<Anchor>> {
    // Keys with the dictionary, and without it: a pair that meets in
    // both is a cognate or a number, in the first only a translation.
    // Each distinct word is keyed once per side (a long text repeats its
    // words); the keys without the dictionary only for words that met.
    let mut with = Keyer::new(src_lang, tgt_lang, lex, Cues::all());
    let mut bare = Keyer::new(src_lang, tgt_lang, None, Cues::all());
    let mut src_keys: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut tgt_keys: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut ws: Vec<&str> = Vec::new();
    let mut wt: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(links.len());
    for l in links {
        if l.src.is_empty() || l.tgt.is_empty() {
            out.push(Vec::new());
            continue;
        }
        words(src, &l.src, &mut ws);
        words(tgt, &l.tgt, &mut wt);
        for w in &wt {
            if !tgt_keys.contains_key(*w) {
                tgt_keys.insert(w.to_string(), with.target(w).0);
            }
        }
        let mut found = Vec::new();
        'src: for w in &ws {
            if !src_keys.contains_key(*w) {
                src_keys.insert(w.to_string(), with.source(w).0);
            }
            let ks = &src_keys[*w];
            if ks.is_empty() {
                continue;
            }
            for t in &wt {
                if !shares(ks, &tgt_keys[*t]) {
                    continue;
                }
                let kind = if !shares(&bare.source(w).0, &bare.target(t).0) {
                    AnchorKind::Dictionary
                } else if w.chars().any(|c| c.is_ascii_digit()) {
                    AnchorKind::Number
                } else {
                    AnchorKind::Cognate
                };
                found.push(Anchor { kind, src: w.to_string(), tgt: t.to_string() });
                if found.len() == MAX_PER_LINK {
                    break 'src;
                }
                continue 'src;
            }
        }
        out.push(found);
    }
    out
}

/// The distinct words of some segments, in order, into `out`.
fn words<'s>(segs: &'s [Segment], ids: &[usize], out: &mut Vec<&'s str>) {
    out.clear();
    for &i in ids {
        if let Some(s) = segs.get(i) {
            crate::text::for_each_word(&s.text, |w| {
                // `for_each_word` hands out slices of the text.
                let start = w.as_ptr() as usize - s.text.as_ptr() as usize;
                let w = &s.text[start..start + w.len()];
                if !out.contains(&w) {
                    out.push(w);
                }
            });
        }
    }
}

/// Whether two sorted key lists meet.
fn shares(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_anchor_a_link_and_unrelated_words_do_not() {
        let seg = |t: &str| Segment::new("x", t);
        let src = [seg("In 1948 ging Eleanor Roosevelt naar Parijs."), seg("Niets.")];
        let tgt = [seg("En 1948, Eleanor Roosevelt alla à Paris."), seg("Rien.")];
        let links = [
            Link { src: vec![0], tgt: vec![0], confidence: 0.9 },
            Link { src: vec![1], tgt: vec![1], confidence: 0.5 },
        ];
        let (nl, fr) = (Lang::new("nl").unwrap(), Lang::new("fr").unwrap());
        let a = anchors(&src, &tgt, &links, &nl, &fr, None);
        assert!(a[0].contains(&Anchor { kind: AnchorKind::Number, src: "1948".into(), tgt: "1948".into() }), "{a:?}");
        assert!(a[0].iter().any(|x| x.kind == AnchorKind::Cognate && x.src == "Roosevelt"), "{a:?}");
        assert!(a[1].is_empty(), "{a:?}");
        // With a dictionary, a translation anchors the second link.
        let mut lex = Lexicon::new(nl.clone(), fr.clone());
        lex.add("niets", "rien");
        let a = anchors(&src, &tgt, &links, &nl, &fr, Some(&lex));
        assert_eq!(a[1], [Anchor { kind: AnchorKind::Dictionary, src: "Niets".into(), tgt: "Rien".into() }]);
    }
}
