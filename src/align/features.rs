//! What the aligner knows about each segment: its length, and the lexical
//! keys it carries. Target segments offer keys for their own words; source
//! segments offer keys for their words' translations (from the lexicon),
//! so a key shared by a source and a target segment is a translation,
//! cognate or number they have in common.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::cues::{self, Cue, Cues};
use crate::lexicon::{Lexicon, Stemmer, fold, translit_skeleton};
use crate::model::Lang;

/// Features of a run of units (segments, or runs of them merged), in flat
/// arrays: one entry per unit, and the units' keys end to end.
#[derive(Debug, Clone, Default)]
pub struct Feats {
    /// Length in characters.
    pub len: Vec<f32>,
    /// Number of content words.
    pub words: Vec<f32>,
    /// Unit i's keys are `key_ids[key_at[i]..key_at[i + 1]]`, sorted and
    /// distinct.
    key_at: Vec<usize>,
    key_ids: Vec<u32>,
    /// What the cues read in each unit: [`cues::CONTINUES`] and the bits of
    /// [`cues::MARKS`].
    pub marks: Vec<u8>,
}

impl Feats {
    /// Number of units.
    pub fn n(&self) -> usize {
        self.len.len()
    }

    /// Add a unit; `keys` sorted and distinct.
    pub fn push(&mut self, len: f32, words: f32, keys: &[u32], marks: u8) {
        if self.key_at.is_empty() {
            self.key_at.push(0);
        }
        self.len.push(len);
        self.words.push(words);
        self.key_ids.extend_from_slice(keys);
        self.key_at.push(self.key_ids.len());
        self.marks.push(marks);
    }

    /// The keys of unit `i`.
    #[inline]
    pub fn keys(&self, i: usize) -> &[u32] {
        &self.key_ids[self.key_at[i]..self.key_at[i + 1]]
    }

    /// Every unit's keys, end to end.
    pub fn all_keys(&self) -> &[u32] {
        &self.key_ids
    }

    /// Merge units `bounds[g]..bounds[g + 1]` into unit g, keeping at most
    /// `cap` keys per unit, the most specific ones by `weights`: merged
    /// units would otherwise carry thousands of keys at the coarsest levels.
    ///
    /// `words` becomes the number of keys kept, so that the chance term
    /// (rate × words × words) grows with what can be shared, not with the
    /// merged text: counted in words it would grow quadratically while the
    /// shared keys stay capped, and at the coarsest levels every pairing
    /// would look worse than leaving both units unaligned.
    pub fn merged(&self, bounds: &[usize], weights: &[f32], cap: usize) -> Feats {
        let w = |x: &u32| weights.get(*x as usize).copied().unwrap_or(0.0);
        self.grouped(bounds.windows(2).map(|b| b[0]..b[1]), |keys| {
            if keys.len() > cap {
                keys.select_nth_unstable_by(cap, |a, b| w(b).total_cmp(&w(a)).then(a.cmp(b)));
                keys.truncate(cap);
                keys.sort_unstable();
            }
            Some(keys.len() as f32)
        })
    }

    /// Merge units by explicit groups (ranges), e.g. sentences into paragraphs.
    pub fn group(&self, groups: &[std::ops::Range<usize>]) -> Feats {
        self.grouped(groups.iter().cloned(), |_| None)
    }

    /// Merge units by groups; `trim` may cut a group's keys and give its
    /// word count.
    fn grouped(
        &self,
        groups: impl Iterator<Item = std::ops::Range<usize>>,
        mut trim: impl FnMut(&mut Vec<u32>) -> Option<f32>,
    ) -> Feats {
        let mut out = Feats::default();
        let mut keys = Vec::new();
        for g in groups {
            keys.clear();
            keys.extend_from_slice(&self.key_ids[self.key_at[g.start]..self.key_at[g.end]]);
            keys.sort_unstable();
            keys.dedup();
            let words = trim(&mut keys).unwrap_or_else(|| self.words[g.clone()].iter().sum());
            let marks = match (self.marks.get(g.start), g.end.checked_sub(1).and_then(|l| self.marks.get(l))) {
                (Some(&first), Some(&last)) if g.end > g.start => cues::merged_marks(first, last),
                _ => 0,
            };
            out.push(self.len[g].iter().sum(), words, &keys, marks);
        }
        out
    }

    /// The units in `range` as their own feature set.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Feats {
        let base = self.key_at.get(range.start).copied().unwrap_or(0);
        let key_at = if range.is_empty() && self.key_at.is_empty() {
            Vec::new()
        } else {
            self.key_at[range.start..=range.end].iter().map(|k| k - base).collect()
        };
        let key_end = self.key_at.get(range.end).copied().unwrap_or(0);
        Feats {
            len: self.len[range.clone()].to_vec(),
            words: self.words[range.clone()].to_vec(),
            key_at,
            key_ids: self.key_ids[base..key_end].to_vec(),
            marks: self.marks[range].to_vec(),
        }
    }
}

/// Segment count at which a key found once gets full weight.
const WEIGHT_SCALE: f64 = 1000.0;

/// Weight of each key: how specific it is to few segments,
/// ln(N/df) / ln(min(N, 1000)) clamped to [0, 1], over both texts. A name repeated in thirty sentences says
/// little about which of them correspond; a word in one sentence per side
/// says a lot.
pub fn key_weights(src: &Feats, tgt: &Feats) -> Vec<f32> {
    let max = src.all_keys().iter().chain(tgt.all_keys()).copied().max().map_or(0, |k| k as usize + 1);
    let mut df = vec![0u32; max];
    for k in src.all_keys().iter().chain(tgt.all_keys()) {
        df[*k as usize] += 1;
    }
    let n = (src.n() + tgt.n()).max(2) as f64;
    // Normalised by a fixed scale rather than by ln(n), so that the same
    // text gets the same weights however long the document around it is.
    let scale = n.min(WEIGHT_SCALE).ln();
    df.iter().map(|&d| if d == 0 { 0.0 } else { ((n / d as f64).ln() / scale).clamp(0.0, 1.0) as f32 }).collect()
}

/// Summed weight of a unit's keys: the most it could share with anything.
pub fn key_mass(keys: &[u32], w: &[f32]) -> f32 {
    keys.iter().map(|&k| w.get(k as usize).copied().unwrap_or(0.0)).sum()
}

/// Summed weight of the keys two sorted lists share.
pub fn shared_weighted(a: &[u32], b: &[u32], w: &[f32]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += w.get(a[i] as usize).copied().unwrap_or(0.0);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Letters kept of a word in a language without a stemmer.
const PREFIX_STEM: usize = 4;

/// A word's Snowball stem, or for a language without one (Icelandic) its
/// first letters: inflection is mostly at the end of the word, so a prefix
/// meets the inflected forms of a dictionary's lemma.
fn stem_or_prefix(stemmer: &Stemmer, word: &str) -> String {
    if stemmer.is_real() { stemmer.stem(word) } else { word.chars().take(PREFIX_STEM).collect() }
}

/// Keys for the shape of a sentence that translations keep: a question,
/// an exclamation, a colon announcing what follows, an ellipsis. (Not a
/// line of dialogue: languages mark it differently, English with quotes,
/// French with a dash or guillemets, and such a key lowered en–fr.)
fn shape_keys(text: &str) -> Vec<&'static str> {
    let t = text.trim();
    let mut out = Vec::new();
    let end = t.trim_end_matches(['"', '\'', '»', '”', '’', ')', ' ']);
    match end.chars().last() {
        Some('?') => out.push("s:?"),
        Some('!') => out.push("s:!"),
        Some(':') => out.push("s::"),
        Some('…') => out.push("s:…"),
        _ if end.ends_with("...") => out.push("s:…"),
        _ => {}
    }
    out
}

/// Builds keys for both sides of one language pair.
pub struct Keyer<'a> {
    src_lang: Lang,
    tgt_lang: Lang,
    lex: Option<&'a Lexicon>,
    src_stem: Stemmer,
    tgt_stem: Stemmer,
    /// Source stem → translations, for inflected forms the lexicon lacks.
    by_stem: Cow<'a, HashMap<String, Vec<String>>>,
    interner: HashMap<String, u32>,
    /// Cache of target-side keys of a translation word.
    tgt_word_keys: HashMap<String, u32>,
    /// Keys per distinct token, per side.
    src_memo: FxHashMap<String, Option<Vec<u32>>>,
    tgt_memo: FxHashMap<String, Option<Vec<u32>>>,
    /// The cues in use: keys of the others are not made.
    uses: Cues,
}

/// Prefix length of the cognate key: long enough to be specific, short
/// enough to ignore inflection ("expedition"/"expédition", "himalaya"/"himalayenne").
const COGNATE_PREFIX: usize = 5;

impl<'a> Keyer<'a> {
    /// A keyer for a pair; `lex` goes from `src` to `tgt`; only keys of
    /// the cues in `uses` are made.
    pub fn new(src: &Lang, tgt: &Lang, lex: Option<&'a Lexicon>, uses: Cues) -> Keyer<'a> {
        let src_stem = Stemmer::new(src);
        let by_stem = match lex {
            // The lexicon's own index, built once per lexicon, is the same
            // map when its stemmer is this one.
            Some(l) if src_stem.is_real() && l.src.primary() == src.primary() => Cow::Borrowed(&l.headwords().by_stem),
            Some(l) => {
                let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
                // In headword order: the same translations in the same order
                // on every run.
                for word in &l.headwords().sorted {
                    let e = by_stem.entry(stem_or_prefix(&src_stem, word)).or_default();
                    for t in l.get(word) {
                        if !e.contains(t) {
                            e.push(t.clone());
                        }
                    }
                }
                Cow::Owned(by_stem)
            }
            None => Cow::Owned(HashMap::new()),
        };
        Keyer {
            src_lang: src.clone(),
            tgt_lang: tgt.clone(),
            lex,
            src_stem,
            tgt_stem: Stemmer::new(tgt),
            by_stem,
            interner: HashMap::new(),
            tgt_word_keys: HashMap::new(),
            src_memo: FxHashMap::default(),
            tgt_memo: FxHashMap::default(),
            uses,
        }
    }

    fn intern(&mut self, key: String) -> u32 {
        let n = self.interner.len() as u32;
        *self.interner.entry(key).or_insert(n)
    }

    fn word_key(&mut self, tgt_word: &str) -> u32 {
        if let Some(k) = self.tgt_word_keys.get(tgt_word) {
            return *k;
        }
        let k = format!("w:{}", stem_or_prefix(&self.tgt_stem, tgt_word));
        let id = self.intern(k);
        self.tgt_word_keys.insert(tgt_word.to_string(), id);
        id
    }

    /// Keys common to both sides: numbers and cognate skeletons.
    fn shared_keys(&mut self, raw: &str, folded: &str, out: &mut Vec<u32>) {
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            if (digits.len() >= 2 || folded.len() == 1) && self.uses.has(Cue::Numbers) {
                let k = self.intern(format!("n:{digits}"));
                out.push(k);
            }
            return;
        }
        if !self.uses.has(Cue::Names) {
            return;
        }
        let skel = translit_skeleton(folded);
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        if skel.chars().count() >= COGNATE_PREFIX {
            let prefix: String = skel.chars().take(COGNATE_PREFIX).collect();
            let k = self.intern(format!("c:{prefix}"));
            out.push(k);
        } else if capital && skel.chars().count() >= 2 {
            // Short names ("Cho", "Oyu", "K2") match whole.
            let k = self.intern(format!("c:{skel}"));
            out.push(k);
        }
    }

    fn is_stopword(lang: &Lang, w: &str) -> bool {
        crate::lang::is_function_word(lang.primary(), w)
    }

    /// Keys of one token on one side (`None` for function words and
    /// noise), computed once per distinct token.
    fn token_keys(&mut self, raw: &str, source_side: bool) -> Option<&[u32]> {
        let cached = if source_side { self.src_memo.contains_key(raw) } else { self.tgt_memo.contains_key(raw) };
        if !cached {
            let keys = self.compute_token_keys(raw, source_side);
            let memo = if source_side { &mut self.src_memo } else { &mut self.tgt_memo };
            memo.insert(raw.to_string(), keys);
        }
        let memo = if source_side { &self.src_memo } else { &self.tgt_memo };
        memo.get(raw).and_then(|k| k.as_deref())
    }

    fn compute_token_keys(&mut self, raw: &str, source_side: bool) -> Option<Vec<u32>> {
        let folded = fold(&raw.to_lowercase());
        let numeric = folded.chars().any(|c| c.is_ascii_digit());
        if folded.chars().count() < 2 && !numeric {
            return None;
        }
        let lang = if source_side { &self.src_lang } else { &self.tgt_lang };
        if Self::is_stopword(lang, &folded) {
            return None;
        }
        let mut keys = Vec::new();
        if !numeric && self.uses.has(Cue::Lexical) {
            if !source_side {
                let k = self.word_key(&folded);
                keys.push(k);
            } else if let Some(lex) = self.lex {
                let mut trans: Vec<String> = lex.get(&folded).to_vec();
                if trans.is_empty() {
                    trans = self.by_stem.get(&stem_or_prefix(&self.src_stem, &folded)).cloned().unwrap_or_default();
                }
                if trans.is_empty() {
                    // Through English, only for words the direct dictionary lacks.
                    trans = lex.pivot(&folded).to_vec();
                }
                for t in trans {
                    for w in t.split([' ', '\'', '-']) {
                        if w.chars().count() >= 2 && !Self::is_stopword(&self.tgt_lang, w) {
                            let k = self.word_key(w);
                            keys.push(k);
                        }
                    }
                }
            }
        }
        self.shared_keys(raw, &folded, &mut keys);
        Some(keys)
    }

    fn segment(&mut self, text: &str, source_side: bool) -> (Vec<u32>, f32) {
        let mut keys = Vec::new();
        let mut n = 0.0;
        if self.uses.has(Cue::Shapes) {
            for k in shape_keys(text) {
                let id = self.intern(k.to_string());
                keys.push(id);
            }
        }
        crate::text::for_each_word(text, |raw| {
            if let Some(k) = self.token_keys(raw, source_side) {
                n += 1.0;
                keys.extend_from_slice(k);
            }
        });
        keys.sort_unstable();
        keys.dedup();
        (keys, n)
    }

    /// Keys and content-word count of a target segment.
    pub fn target(&mut self, text: &str) -> (Vec<u32>, f32) {
        self.segment(text, false)
    }

    /// Keys and content-word count of a source segment.
    pub fn source(&mut self, text: &str) -> (Vec<u32>, f32) {
        self.segment(text, true)
    }
}
