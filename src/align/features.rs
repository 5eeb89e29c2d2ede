//! What the aligner knows about each segment: its length, and the lexical
//! keys it carries. Target segments offer keys for their own words; source
//! segments offer keys for their words' translations (from the lexicon),
//! so a key shared by a source and a target segment is a translation,
//! cognate or number they have in common.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::lexicon::{Lexicon, Stemmer, fold, translit_skeleton};
use crate::model::Lang;

/// Features of a run of segments (one segment, or several merged).
#[derive(Debug, Clone, Default)]
pub struct Feats {
    /// Length in characters.
    pub len: Vec<f32>,
    /// Number of content words.
    pub words: Vec<f32>,
    /// Sorted, distinct lexical keys.
    pub keys: Vec<Vec<u32>>,
    /// 1 where the unit starts as the continuation of the one before it
    /// (its first letter is lower case: a splitter cut after "!" or "?"
    /// inside a quotation, "« Comment ! » / s'écria-t-il"); empty when not
    /// known, which reads as 0.
    pub cont: Vec<f32>,
    /// 1 where the unit opens a line of dialogue (see [`opens_dialogue`]);
    /// empty when not known, which reads as 0.
    pub open: Vec<f32>,
    /// 1 where the unit closes a quotation (see [`closes_quote`]); empty
    /// when not known, which reads as 0.
    pub close: Vec<f32>,
    /// The mark the unit ends with (see [`end_mark`]); empty when not
    /// known, which reads as 0.
    pub end: Vec<u8>,
}

impl Feats {
    /// Number of units.
    pub fn n(&self) -> usize {
        self.len.len()
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
        let groups: Vec<std::ops::Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
        let mut out = self.group(&groups);
        for keys in out.keys.iter_mut() {
            if keys.len() > cap {
                let w = |x: &u32| weights.get(*x as usize).copied().unwrap_or(0.0);
                keys.select_nth_unstable_by(cap, |a, b| w(b).total_cmp(&w(a)).then(a.cmp(b)));
                keys.truncate(cap);
                keys.sort_unstable();
            }
        }
        out.words = out.keys.iter().map(|k| k.len() as f32).collect();
        out
    }

    /// Merge units by explicit groups (ranges), e.g. sentences into paragraphs.
    pub fn group(&self, groups: &[std::ops::Range<usize>]) -> Feats {
        let mut out = Feats::default();
        for g in groups {
            // A group continues what came before when its first unit does.
            out.cont.push(self.cont.get(g.start).copied().unwrap_or(0.0));
            out.open.push(self.open.get(g.start).copied().unwrap_or(0.0));
            out.close.push(if g.end > g.start { self.close.get(g.end - 1).copied().unwrap_or(0.0) } else { 0.0 });
            out.end.push(if g.end > g.start { self.end.get(g.end - 1).copied().unwrap_or(0) } else { 0 });
            out.len.push(self.len[g.clone()].iter().sum());
            out.words.push(self.words[g.clone()].iter().sum());
            let mut keys: Vec<u32> = self.keys[g.clone()].iter().flatten().copied().collect();
            keys.sort_unstable();
            keys.dedup();
            out.keys.push(keys);
        }
        out
    }

    /// The units in `range` as their own feature set.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Feats {
        Feats {
            len: self.len[range.clone()].to_vec(),
            words: self.words[range.clone()].to_vec(),
            keys: self.keys[range.clone()].to_vec(),
            cont: self.cont.get(range.clone()).map(<[f32]>::to_vec).unwrap_or_default(),
            open: self.open.get(range.clone()).map(<[f32]>::to_vec).unwrap_or_default(),
            close: self.close.get(range.clone()).map(<[f32]>::to_vec).unwrap_or_default(),
            end: self.end.get(range).map(<[u8]>::to_vec).unwrap_or_default(),
        }
    }

    /// Whether unit `i` continues the unit before it.
    pub fn continues(&self, i: usize) -> f32 {
        self.cont.get(i).copied().unwrap_or(0.0)
    }

    /// Whether unit `i` closes a quotation.
    pub fn closes(&self, i: usize) -> f32 {
        self.close.get(i).copied().unwrap_or(0.0)
    }

    /// The mark unit `i` ends with (see [`end_mark`]).
    pub fn ends(&self, i: usize) -> u8 {
        self.end.get(i).copied().unwrap_or(0)
    }

    /// The marks the units in `range` end with; empty (no marks) when not
    /// known.
    pub fn end_marks(&self, range: std::ops::Range<usize>) -> &[u8] {
        self.end.get(range).unwrap_or(&[])
    }

    /// Whether unit `i` opens a line of dialogue.
    pub fn opens(&self, i: usize) -> f32 {
        self.open.get(i).copied().unwrap_or(0.0)
    }
}

/// Whether a segment opens a line of dialogue or a quotation: it starts
/// with a quotation mark or a dash (`"`, `“`, `«`, `„`, `‘`, `'`, `—`,
/// `–`, `-`). A translator keeps who speaks even where sentences
/// are cut differently, so a link whose first sentence opens a line on
/// one side but not on the other is suspect.
/// The marks of a sentence's type by which the sentences of a link are
/// compared, each on its own: an exclamation and a question. (Colons,
/// semicolons and ellipses are typography more than meaning: where a
/// splitter cuts at them varies, and in OCR text they are often debris.)
pub const END_MARKS: [char; 2] = ['!', '?'];

/// Which of [`END_MARKS`] a segment ends with, past closing quotation
/// marks and brackets ("Bathilde! \"" ends with "!"), as 1 + its index; 0
/// for any other ending.
pub fn end_mark(text: &str) -> u8 {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"”»’'›“«)]".contains(c));
    t.chars().next_back().and_then(|c| END_MARKS.iter().position(|&m| m == c)).map_or(0, |k| k as u8 + 1)
}

/// Whether a segment closes a quotation: it ends with a closing quotation
/// mark (`"`, `”`, `»`, `’`, `'`, and `“`, `«` for languages that close
/// with them). Where both translations quote, a line of dialogue ends on
/// both sides at once.
pub fn closes_quote(text: &str) -> bool {
    text.trim_end().ends_with(['"', '”', '»', '’', '\'', '›', '“', '«'])
}

pub fn opens_dialogue(text: &str) -> bool {
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
pub fn continuations<'t>(segments: impl Iterator<Item = (&'t str, bool)>) -> Vec<f32> {
    let flags: Vec<f32> = segments.map(|(t, opens)| if !opens && starts_lower(t) { 1.0 } else { 0.0 }).collect();
    let share = flags.iter().sum::<f32>() / flags.len().max(1) as f32;
    if share > CONT_MAX_SHARE { vec![0.0; flags.len()] } else { flags }
}

/// Segment count at which a key found once gets full weight.
const WEIGHT_SCALE: f64 = 1000.0;

/// Weight of each key: how specific it is to few segments,
/// ln(N/df) / ln(min(N, 1000)) clamped to [0, 1], over both texts. A name repeated in thirty sentences says
/// little about which of them correspond; a word in one sentence per side
/// says a lot.
pub fn key_weights(src: &Feats, tgt: &Feats) -> Vec<f32> {
    let max = src.keys.iter().chain(&tgt.keys).flatten().copied().max().map_or(0, |k| k as usize + 1);
    let mut df = vec![0u32; max];
    for k in src.keys.iter().chain(&tgt.keys).flatten() {
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
    by_stem: HashMap<String, Vec<String>>,
    interner: HashMap<String, u32>,
    /// Cache of target-side keys of a translation word.
    tgt_word_keys: HashMap<String, u32>,
    /// Keys per distinct token, per side.
    src_memo: FxHashMap<String, Option<Vec<u32>>>,
    tgt_memo: FxHashMap<String, Option<Vec<u32>>>,
}

/// Prefix length of the cognate key: long enough to be specific, short
/// enough to ignore inflection ("expedition"/"expédition", "himalaya"/"himalayenne").
const COGNATE_PREFIX: usize = 5;

impl<'a> Keyer<'a> {
    /// A keyer for a pair; `lex` goes from `src` to `tgt`.
    pub fn new(src: &Lang, tgt: &Lang, lex: Option<&'a Lexicon>) -> Keyer<'a> {
        let src_stem = Stemmer::new(src);
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(l) = lex {
            // In headword order: the same translations in the same order on
            // every run.
            for word in &l.headwords().sorted {
                let e = by_stem.entry(stem_or_prefix(&src_stem, word)).or_default();
                for t in l.get(word) {
                    if !e.contains(t) {
                        e.push(t.clone());
                    }
                }
            }
        }
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
            if digits.len() >= 2 || folded.len() == 1 {
                let k = self.intern(format!("n:{digits}"));
                out.push(k);
            }
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
        if !numeric {
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
        for k in shape_keys(text) {
            let id = self.intern(k.to_string());
            keys.push(id);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialogue_opens_with_a_quote_or_a_dash_not_a_negative_number() {
        for t in [
            "\" Bathilde!",
            "« Comment ! »",
            "— Oui.",
            "-Difficult?",
            "- Ah bien!",
            "-- Quel bruit!",
            "„Já“",
            "' Dear me!",
        ] {
            assert!(opens_dialogue(t), "{t}");
        }
        for t in ["Il dit: « non ».", "-5 degrees at night.", "", "Moi seul."] {
            assert!(!opens_dialogue(t), "{t}");
        }
    }

    #[test]
    fn end_marks_are_read_past_closing_quotes() {
        let mark = |t: &str| match end_mark(t) {
            0 => None,
            k => Some(END_MARKS[k as usize - 1]),
        };
        assert_eq!(mark("And yet, as soon as I heard her \" Bathilde!"), Some('!'));
        assert_eq!(mark("Come in! \" "), Some('!'));
        assert_eq!(mark("« Comment ? »"), Some('?'));
        assert_eq!(mark("This means that the student:"), None);
        assert_eq!(mark("et puis..."), None);
        assert_eq!(mark("(il détacha ce mot.)"), None);
        assert_eq!(mark("Moi seul."), None);
        assert_eq!(mark(""), None);
    }

    #[test]
    fn a_quotation_closes_with_a_closing_mark_at_the_end() {
        for t in ["« Viens me dire bonsoir »", "I will come. \"", "„Já“", "Il dit « oui ».  »"] {
            assert!(closes_quote(t), "{t}");
        }
        for t in ["Il dit « oui ».", "\" Bathilde!", "", "Moi seul."] {
            assert!(!closes_quote(t), "{t}");
        }
    }

    #[test]
    fn continuations_are_lower_case_starts_unless_the_text_is_lower_cased() {
        let texts = ["« Quel bruit !", "» s'écria-t-il.", "-- et puis ?", "Oui.", "42 ans.", "Il part.", "Fin."];
        let inline = |t: &'static str| (t, false);
        assert_eq!(continuations(texts.into_iter().map(inline)), [0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        // A paragraph of its own continues nothing.
        assert_eq!(continuations([("Le matin.", true), ("et puis le soir.", true)].into_iter()), [0.0, 0.0]);
        // Past the share a real text has, lower case is the corpus's habit.
        let lowered: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        assert!(continuations(lowered.iter().map(|t| (t.as_str(), false))).iter().all(|&c| c == 0.0));
        // Scripts without case never continue.
        assert_eq!(continuations(["他说。", "好。"].into_iter().map(inline)), [0.0, 0.0]);
    }
}
