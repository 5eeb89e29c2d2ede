//! What the aligner knows about each segment: its length, and the lexical
//! keys it carries. Target segments offer keys for their own words; source
//! segments offer keys for their words' translations (from the lexicon),
//! so a key shared by a source and a target segment is a translation,
//! cognate or number they have in common.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::cues::{self, Cue, Cues, Model};
use super::dp::Band;
use super::learn::Learned;
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
        let mut ws: Vec<f32> = Vec::new();
        self.grouped(bounds.windows(2).map(|b| b[0]..b[1]), |keys| {
            if cap == 0 {
                keys.clear();
            } else if keys.len() > cap {
                // The `cap` heaviest keys (the lowest ids among equal
                // weights), kept in their sorted order: the weight of the
                // last one kept is found on the weights alone, and the
                // keys are filtered by it, with no sort of the keys after.
                use std::cmp::Ordering::{Equal, Greater};
                ws.clear();
                ws.extend(keys.iter().map(w));
                let theta = *ws.select_nth_unstable_by(cap - 1, |a, b| b.total_cmp(a)).1;
                let above = keys.iter().filter(|k| w(k).total_cmp(&theta) == Greater).count();
                let mut ties = cap - above;
                keys.retain(|k| match w(k).total_cmp(&theta) {
                    Greater => true,
                    Equal if ties > 0 => {
                        ties -= 1;
                        true
                    }
                    _ => false,
                });
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
        let (mut keys, mut merged) = (Vec::new(), Vec::new());
        for g in groups {
            keys.clear();
            if g.len() <= MERGE_UNITS {
                // Each unit's keys are sorted and distinct: merged one unit
                // at a time, they stay so (the union a sort and a dedup
                // give, without the sort's buffer).
                for u in g.clone() {
                    merge_sorted(&keys, self.keys(u), &mut merged);
                    std::mem::swap(&mut keys, &mut merged);
                }
            } else {
                keys.extend_from_slice(&self.key_ids[self.key_at[g.start]..self.key_at[g.end]]);
                // Each unit's keys are sorted already: the stable sort finds
                // those runs and merges them, where an unstable sort starts
                // over (it was half the cost of merging units).
                keys.sort();
                keys.dedup();
            }
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

/// Units up to which a group's keys are merged list by list rather than
/// sorted: each merge passes over all the keys so far.
const MERGE_UNITS: usize = 4;

/// The union of two sorted lists of distinct keys into `out`, sorted and
/// distinct.
fn merge_sorted(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

// --- What the cues read in a sentence (see [`cues::MARKS`]) ---------------

/// Whether a segment opens a line of dialogue or a quotation: it starts
/// with a quotation mark or a dash (`"`, `“`, `«`, `„`, `‘`, `'`, `—`,
/// `–`, `-`). A translator keeps who speaks even where sentences are cut
/// differently, so a link whose first sentence opens a line on one side
/// but not on the other is suspect.
pub(crate) fn opens_dialogue(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        // A hyphen opens a line of dialogue in subtitles and in some
        // editions ("-Difficult?", "- Ah bien !"), but not a negative number.
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => ['"', '“', '”', '«', '»', '„', '‘', '’', '\'', '‹', '›', '—', '–', '「', '『'].contains(&c),
        None => false,
    }
}

/// Whether a segment closes a quotation: it ends with a closing quotation
/// mark (`"`, `”`, `»`, `’`, `'`, and `“`, `«` for languages that close
/// with them). Where both translations quote, a line of dialogue ends on
/// both sides at once.
pub(crate) fn closes_quote(text: &str) -> bool {
    text.trim_end().ends_with(['"', '”', '»', '’', '\'', '›', '“', '«'])
}

/// The marks of a sentence's type by which the sentences of a link are
/// compared, each on its own: an exclamation and a question. (Colons,
/// semicolons and ellipses are typography more than meaning: where a
/// splitter cuts at them varies, and in OCR text they are often debris.)
pub const END_MARKS: [char; 2] = ['!', '?'];

/// Which of [`END_MARKS`] a segment ends with, past closing quotation
/// marks and brackets ("Bathilde! \"" ends with "!").
pub fn end_mark(text: &str) -> Option<char> {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"”»’'›“«)]".contains(c));
    t.chars().next_back().filter(|c| END_MARKS.contains(c))
}

pub(crate) fn ends_exclaiming(text: &str) -> bool {
    end_mark(text) == Some('!')
}

pub(crate) fn ends_asking(text: &str) -> bool {
    end_mark(text) == Some('?')
}

/// Whether a segment reads as the continuation of a sentence: its first
/// letter, past quotes, dashes and other punctuation, is lower case (a
/// digit first means no). Scripts without case never continue.
pub fn starts_lower(text: &str) -> bool {
    text.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

/// Share of segments above which lower-case starts are a text's
/// convention (a lowercased corpus), not continuations.
const CONT_MAX_SHARE: f32 = 0.3;

/// The continuation flags of a side's segments, given as (text, whether it
/// opens a paragraph or heading), or none when so many segments start in
/// lower case that it says nothing. A segment that opens a paragraph
/// continues nothing, whatever its case (the clauses of a preamble, each
/// its own paragraph: "da die Anerkennung …").
pub fn continuations<'t>(segments: impl Iterator<Item = (&'t str, bool)>) -> Vec<bool> {
    let flags: Vec<bool> = segments.map(|(t, opens)| !opens && starts_lower(t)).collect();
    let share = flags.iter().filter(|&&f| f).count() as f32 / flags.len().max(1) as f32;
    if share > CONT_MAX_SHARE { vec![false; flags.len()] } else { flags }
}

/// Segment count at which a key found once gets full weight.
const WEIGHT_SCALE: f64 = 1000.0;

/// Weight of each key: how specific it is to few segments,
/// ln(N/df) / ln(min(N, 1000)) clamped to [0, 1], over both texts. A name repeated in thirty sentences says
/// little about which of them correspond; a word in one sentence per side
/// says a lot.
pub(crate) fn key_weights(src: &Feats, tgt: &Feats) -> Vec<f32> {
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
pub(crate) fn key_mass(keys: &[u32], w: &[f32]) -> f32 {
    keys.iter().map(|&k| w.get(k as usize).copied().unwrap_or(0.0)).sum()
}

/// Summed weight of the keys two sorted lists share.
pub(crate) fn shared_weighted(a: &[u32], b: &[u32], w: &[f32]) -> f32 {
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
    /// Source stem → translations, for inflected forms the lexicon lacks
    /// (empty when the lexicon answers stem lookups itself: `lex_stems`).
    by_stem: Cow<'a, HashMap<String, Vec<String>>>,
    /// The lexicon's own stems are this keyer's (same language, a real
    /// stemmer): ask it per stem ([`Lexicon::stem_translations`]) instead of
    /// stemming every headword up front, which was most of a short run.
    lex_stems: bool,
    interner: FxHashMap<String, u32>,
    /// Cache of target-side keys of a translation word.
    tgt_word_keys: FxHashMap<String, u32>,
    /// Each distinct token's place in `memo`, per side: one hash per
    /// token seen again, the common case.
    src_memo: FxHashMap<String, usize>,
    tgt_memo: FxHashMap<String, usize>,
    /// Keys per distinct token (`None`: not a content word).
    memo: Vec<Option<Vec<u32>>>,
    /// The cues in use: keys of the others are not made.
    uses: Cues,
    /// Translations learned from the text pair ([`Cue::Learned`]).
    learned: Option<&'a Learned>,
}

/// Prefix length of the cognate key: long enough to be specific, short
/// enough to ignore inflection ("expedition"/"expédition", "himalaya"/"himalayenne").
const COGNATE_PREFIX: usize = 5;

impl<'a> Keyer<'a> {
    /// A keyer for a pair; `lex` goes from `src` to `tgt`; only keys of
    /// the cues in `uses` are made.
    pub fn new(src: &Lang, tgt: &Lang, lex: Option<&'a Lexicon>, uses: Cues) -> Keyer<'a> {
        let src_stem = Stemmer::new(src);
        let lex_stems = |l: &Lexicon| src_stem.is_real() && l.src.primary() == src.primary();
        let lex_stems_here = lex.is_some_and(lex_stems);
        let by_stem = match lex {
            // The lexicon's own index, built once per lexicon, is the same
            // map when its stemmer is this one.
            Some(l) if lex_stems(l) => Cow::Owned(HashMap::new()),
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
            lex_stems: lex_stems_here,
            interner: FxHashMap::default(),
            tgt_word_keys: FxHashMap::default(),
            src_memo: FxHashMap::default(),
            tgt_memo: FxHashMap::default(),
            memo: Vec::new(),
            uses,
            learned: None,
        }
    }

    /// This keyer, giving source words the keys of their translations in
    /// `learned` too.
    pub fn with_learned(mut self, learned: Option<&'a Learned>) -> Keyer<'a> {
        self.learned = learned;
        self
    }

    /// A word's stem as keys are made of it (folded, lower case).
    pub fn stem_of(&self, word: &str, source_side: bool) -> String {
        let folded = fold(&word.to_lowercase());
        stem_or_prefix(if source_side { &self.src_stem } else { &self.tgt_stem }, &folded)
    }

    /// The content words of a text, as (folded form, stem), in order: the
    /// words that make lexical keys (no function words, numbers or single
    /// letters).
    pub fn content_words(&self, text: &str, source_side: bool) -> Vec<(String, String)> {
        let lang = if source_side { &self.src_lang } else { &self.tgt_lang };
        let stemmer = if source_side { &self.src_stem } else { &self.tgt_stem };
        let mut out = Vec::new();
        crate::text::for_each_word(text, |raw| {
            let folded = fold(&raw.to_lowercase());
            if folded.chars().count() < 2
                || folded.chars().any(|c| c.is_ascii_digit())
                || Self::is_stopword(lang, &folded)
            {
                return;
            }
            let stem = stem_or_prefix(stemmer, &folded);
            out.push((folded, stem));
        });
        out
    }

    /// The keys a source word gets (its dictionary translations among them).
    pub fn dict_keys(&mut self, folded: &str) -> Vec<u32> {
        self.token_keys(folded, true).map(<[u32]>::to_vec).unwrap_or_default()
    }

    /// The id of a key, if it was made.
    pub fn key_of(&self, key: &str) -> Option<u32> {
        self.interner.get(key).copied()
    }

    fn intern(&mut self, key: String) -> u32 {
        let n = self.interner.len() as u32;
        *self.interner.entry(key).or_insert(n)
    }

    /// [`Keyer::intern`] for a key most often seen before: no string is
    /// built to look it up.
    fn intern_str(&mut self, key: &str) -> u32 {
        match self.interner.get(key) {
            Some(&k) => k,
            None => self.intern(key.to_string()),
        }
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
        let seen = if source_side { &self.src_memo } else { &self.tgt_memo };
        let at = match seen.get(raw) {
            Some(&at) => at,
            None => {
                let keys = self.compute_token_keys(raw, source_side);
                self.memo.push(keys);
                let at = self.memo.len() - 1;
                let seen = if source_side { &mut self.src_memo } else { &mut self.tgt_memo };
                seen.insert(raw.to_string(), at);
                at
            }
        };
        self.memo[at].as_deref()
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
        let mut translated = false;
        if !numeric && self.uses.has(Cue::Lexical) {
            if !source_side {
                let k = self.word_key(&folded);
                keys.push(k);
            } else if let Some(lex) = self.lex {
                // Borrowed from the lexicon, which outlives this keyer.
                let mut trans: Cow<'a, [String]> = Cow::Borrowed(lex.get(&folded));
                if trans.is_empty() {
                    let stem = stem_or_prefix(&self.src_stem, &folded);
                    trans = if self.lex_stems {
                        Cow::Borrowed(lex.stem_translations(&stem))
                    } else {
                        Cow::Owned(self.by_stem.get(&stem).cloned().unwrap_or_default())
                    };
                }
                if trans.is_empty() {
                    // Through English, only for words the direct dictionary lacks.
                    trans = Cow::Borrowed(lex.pivot(&folded));
                }
                translated = !trans.is_empty();
                for t in trans.iter() {
                    for w in t.split([' ', '\'', '-']) {
                        if w.chars().count() >= 2 && !Self::is_stopword(&self.tgt_lang, w) {
                            let k = self.word_key(w);
                            keys.push(k);
                        }
                    }
                }
            }
        }
        // Learned translations fill the dictionary's gaps: where it has an
        // answer, it is the better one.
        if source_side && !numeric && !translated && self.uses.has(Cue::Learned) {
            if let Some(learned) = self.learned {
                let stem = stem_or_prefix(&self.src_stem, &folded);
                for t in learned.stem_translations(&stem) {
                    let k = self.intern(format!("w:{t}"));
                    keys.push(k);
                }
            }
        }
        self.shared_keys(raw, &folded, &mut keys);
        Some(keys)
    }

    fn segment(&mut self, text: &str, source_side: bool, keys: &mut Vec<u32>) -> f32 {
        keys.clear();
        let mut n = 0.0;
        if self.uses.has(Cue::Shapes) {
            for k in shape_keys(text) {
                let id = self.intern_str(k);
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
        n
    }

    /// Keys and content-word count of a target segment.
    pub fn target(&mut self, text: &str) -> (Vec<u32>, f32) {
        let mut keys = Vec::new();
        let n = self.segment(text, false, &mut keys);
        (keys, n)
    }

    /// Keys and content-word count of a source segment.
    pub fn source(&mut self, text: &str) -> (Vec<u32>, f32) {
        let mut keys = Vec::new();
        let n = self.segment(text, true, &mut keys);
        (keys, n)
    }

    /// [`Keyer::source`] (`source_side`) or [`Keyer::target`], the keys
    /// written to `keys`: a buffer kept across segments, not one grown
    /// afresh for each.
    pub fn keys_into(&mut self, text: &str, source_side: bool, keys: &mut Vec<u32>) -> f32 {
        self.segment(text, source_side, keys)
    }
}

/// Weighted shared keys of every (source unit, target unit) pair near a
/// band: row i holds target units `lo[i]..lo[i] + len[i]`.
pub struct Shared {
    pub(crate) lo: Vec<usize>,
    pub(crate) off: Vec<usize>,
    pub(crate) len: Vec<usize>,
    pub(crate) val: Vec<f32>,
    /// Prefix sums of each source and target unit's largest shared weight.
    pub(crate) row_best: Vec<f64>,
    pub(crate) col_best: Vec<f64>,
}

impl Shared {
    /// The table for the units of one search near `band`.
    pub fn new(src: &Feats, tgt: &Feats, band: &Band, model: &Model, n: usize, m: usize) -> Shared {
        let (ma, mb) = (model.max_a(), model.max_b());
        let mut lo = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n);
        let mut len = Vec::with_capacity(n);
        let mut total = 0;
        for i in 0..n {
            let l = band.lo[i.saturating_sub(ma)].saturating_sub(mb);
            let h = band.hi[(i + 1 + ma).min(n)].min(m);
            let w = h.saturating_sub(l);
            lo.push(l);
            off.push(total);
            len.push(w);
            total += w;
        }
        let mut val = vec![0f32; total];
        // One slice of `val` per source row, filled on all cores.
        let mut rows: Vec<(usize, &mut [f32])> = Vec::with_capacity(n);
        let mut rest = val.as_mut_slice();
        for (i, &w) in len.iter().enumerate() {
            let (row, tail) = rest.split_at_mut(w);
            rows.push((i, row));
            rest = tail;
        }
        let weight = |k: u32| model.weights.get(k as usize).copied().unwrap_or(0.0);
        use rayon::prelude::*;
        let max_key = tgt.all_keys().iter().copied().max().map_or(0, |k| k as usize + 1);
        if total.saturating_mul(8) < max_key + tgt.all_keys().len() {
            // A few pairs (the window around one unaligned unit): each by
            // merging the two sorted key lists, which adds the shared
            // weights in the same order as the index below.
            for (i, row) in rows {
                for (x, v) in row.iter_mut().enumerate() {
                    *v = shared_weighted(src.keys(i), tgt.keys(lo[i] + x), &model.weights);
                }
            }
        } else {
            // An inverted index over the target units, flat: the units
            // having key k are `units[start[k]..start[k + 1]]`, ascending.
            let mut start = vec![0u32; max_key + 1];
            for &k in tgt.all_keys() {
                start[k as usize + 1] += 1;
            }
            for k in 0..max_key {
                start[k + 1] += start[k];
            }
            let mut units = vec![0u32; tgt.all_keys().len()];
            let mut fill = start.clone();
            for j in 0..m {
                for &k in tgt.keys(j) {
                    units[fill[k as usize] as usize] = j as u32;
                    fill[k as usize] += 1;
                }
            }
            rows.into_par_iter().with_min_len(64).for_each(|(i, row)| {
                let (l, w) = (lo[i], row.len());
                for &k in src.keys(i) {
                    let Some(list) =
                        start.get(k as usize..k as usize + 2).map(|s| &units[s[0] as usize..s[1] as usize])
                    else {
                        continue;
                    };
                    let wk = weight(k);
                    let first = list.partition_point(|&j| (j as usize) < l);
                    for &j in list[first..].iter().take_while(|&&j| (j as usize) < l + w) {
                        row[j as usize - l] += wk;
                    }
                }
            });
        }
        // Each unit's best partner: what a bead's shared weight is bounded by.
        let mut row_best = Vec::with_capacity(n + 1);
        let mut col = vec![0f32; m];
        let mut acc = 0.0;
        row_best.push(acc);
        for i in 0..n {
            let row = &val[off[i]..off[i] + len[i]];
            let mut best = 0f32;
            for (x, &v) in row.iter().enumerate() {
                best = best.max(v);
                col[lo[i] + x] = col[lo[i] + x].max(v);
            }
            acc += best as f64;
            row_best.push(acc);
        }
        let col_best = prefix(&col);
        Shared { lo, off, len, val, row_best, col_best }
    }
}

/// Prefix sums, in f64.
pub fn prefix(v: &[f32]) -> Vec<f64> {
    let mut p = Vec::with_capacity(v.len() + 1);
    p.push(0.0);
    let mut acc = 0.0;
    for x in v {
        acc += *x as f64;
        p.push(acc);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_units_keep_their_heaviest_keys_lowest_ids_first_in_order() {
        // Weights with many ties, and units whose keys overlap.
        let weights: Vec<f32> = (0..60).map(|k| ((k * 7) % 5) as f32).collect();
        let mut f = Feats::default();
        for u in 0..12u32 {
            let keys: Vec<u32> = (0..60).filter(|k| (k + u) % 3 != 0 && (k * u) % 7 != 1).collect();
            f.push(10.0, keys.len() as f32, &keys, 0);
        }
        let bounds = [0, 2, 5, 6, 12];
        for cap in [0, 1, 7, 20, 40, 200] {
            let m = f.merged(&bounds, &weights, cap);
            for (g, b) in bounds.windows(2).enumerate() {
                // The rule spelled out: every key of the group once, the
                // heaviest first and the lowest id among equals, `cap` of
                // them, in id order.
                let mut all: Vec<u32> = (b[0]..b[1]).flat_map(|i| f.keys(i).to_vec()).collect();
                all.sort_unstable();
                all.dedup();
                all.sort_by(|x, y| weights[*y as usize].total_cmp(&weights[*x as usize]).then(x.cmp(y)));
                all.truncate(cap);
                all.sort_unstable();
                assert_eq!(m.keys(g), all.as_slice(), "group {g}, cap {cap}");
            }
        }
    }
}
