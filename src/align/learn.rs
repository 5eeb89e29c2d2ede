//! A lexicon learned from the text pair itself: IBM Model 1 (a few rounds
//! of EM) over the confident 1-1, 2-1 and 1-2 links of a first alignment,
//! in both directions, on the same stems the keyer makes keys of, with a
//! frequency cut-off and the dictionary (where there is one) as a prior.
//! The second pass then gives each source word the dictionary lacks the
//! keys of its learned translations ([`super::Cue::Learned`]), as a
//! dictionary's translations would be.
//!
//! Near-linear: at most twice [`MAX_PAIRS`] sentence pairs are learned from
//! (taken evenly through the text), each of a bounded number of words.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::dp::Bead;
use super::features::Keyer;
use super::{Cues, Link, Segment};
use crate::error::Result;
use crate::lexicon::Lexicon;
use crate::model::Lang;

/// Most sentence pairs learned from: beyond this, more text changes the
/// lexicon little and would only cost time.
pub const MAX_PAIRS: usize = 20_000;

/// Most sentences of a link learned from (both sides): 1-1, 2-1, 1-2.
const MAX_SPAN: usize = 3;

/// Least posterior of a link learned from.
const CONFIDENT: f64 = 0.8;

/// Fewest confident links a text pair must have for the aligner to learn
/// from it alone: on a few dozen sentences, co-occurrence is mostly chance
/// (a 25-line subtitle file lost 0.1 strict F1 to it).
pub const MIN_PAIRS: usize = 100;

/// Fewest confident links a lexicon is saved from (`--save-lexicon`),
/// below [`MIN_PAIRS`] because a saved lexicon is read by a person and
/// reused as a dictionary, not mixed into this alignment: the UDHR's 85
/// links teach droit ↔ recht and homme ↔ mens, a 16-line story taught
/// "poisson @ am". Between the two the CLI warns.
pub const MIN_SAVE: usize = 50;

/// Content words kept per sentence: a very long sentence says little about
/// which word translates which.
const MAX_WORDS: usize = 40;

/// Least number of training pairs a stem must occur in (both sides).
const MIN_COUNT: u32 = 2;

/// Rounds of EM per direction.
const ITERATIONS: usize = 5;

/// Least geometric mean of the two directions' probabilities for a pair
/// to be kept.
const MIN_SCORE: f32 = 0.3;

/// Translations kept per source stem.
const MAX_TRANSLATIONS: usize = 3;

/// How much more likely a dictionary pair starts than any other pair.
const PRIOR_BOOST: f32 = 4.0;

/// One learned word pair.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedPair {
    /// The source word, in its commonest form in the training links.
    pub src: String,
    /// The target word, likewise.
    pub tgt: String,
    /// The source stem (as the keyer makes it).
    pub src_stem: String,
    /// The target stem.
    pub tgt_stem: String,
    /// √(t(tgt | src) · t(src | tgt)) after EM, in (0, 1].
    pub score: f32,
    /// Training pairs in which both occur.
    pub count: u32,
}

/// A lexicon learned from aligned text.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    /// Source stem → target stems, best first.
    by_stem: FxHashMap<String, Vec<String>>,
    /// Every pair kept, by source stem then score.
    pairs: Vec<LearnedPair>,
    /// Sentence pairs learned from.
    pub trained_on: usize,
}

impl Learned {
    /// Learn from one aligned text pair (`links` of an alignment of `src`
    /// with `tgt`); `lex` is the prior.
    pub fn from_links(
        src: &[Segment],
        tgt: &[Segment],
        links: &[Link],
        src_lang: &Lang,
        tgt_lang: &Lang,
        lex: Option<&Lexicon>,
    ) -> Learned {
        let mut l = Learner::new(src_lang, tgt_lang, lex);
        l.add_links(src, tgt, links);
        l.finish()
    }

    /// The learned translations (target stems) of a source stem.
    pub fn stem_translations(&self, src_stem: &str) -> &[String] {
        self.by_stem.get(src_stem).map_or(&[], Vec::as_slice)
    }

    /// Every pair kept.
    pub fn pairs(&self) -> &[LearnedPair] {
        &self.pairs
    }

    /// Whether nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether a source word (any form) has a target word (any form) among
    /// its learned translations, compared by stem.
    pub fn has(&self, src_lang: &Lang, tgt_lang: &Lang, src_word: &str, tgt_word: &str) -> bool {
        let k = Keyer::new(src_lang, tgt_lang, None, Cues::all());
        let (s, t) = (k.stem_of(src_word, true), k.stem_of(tgt_word, false));
        self.stem_translations(&s).contains(&t)
    }

    /// Write as a dictionary `--dict` reads back: hunalign's `target @
    /// source` lines, or the bundled format when `path` ends in `.tsv.gz`
    /// (gzip, a header saying what it is).
    pub fn save(&self, path: &Path, src_lang: &Lang, tgt_lang: &Lang) -> Result<()> {
        let mut buf = Vec::new();
        if path.to_string_lossy().ends_with(".tsv.gz") {
            let mut pairs: Vec<(String, String)> = self.pairs.iter().map(|p| (p.src.clone(), p.tgt.clone())).collect();
            pairs.sort();
            pairs.dedup();
            let header = vec![
                ("name".to_string(), format!("learned-{}-{}", src_lang.primary(), tgt_lang.primary())),
                (
                    "source".to_string(),
                    format!("learned from {} aligned sentence pairs (IBM Model 1)", self.trained_on),
                ),
                ("src".to_string(), src_lang.to_string()),
                ("tgt".to_string(), tgt_lang.to_string()),
            ];
            crate::lexicon::bundle::write(&header, &pairs, &mut buf)?;
        } else {
            let mut seen = FxHashSet::default();
            for p in &self.pairs {
                if seen.insert((&p.src, &p.tgt)) {
                    writeln!(buf, "{} @ {}", p.tgt, p.src)?;
                }
            }
        }
        crate::io::write_atomic(path, |w| Ok(w.write_all(&buf)?))
    }
}

/// Sentence pairs gathered for learning, as stem ids.
pub struct Learner<'a> {
    keyer: Keyer<'a>,
    has_lex: bool,
    src_ids: FxHashMap<String, u32>,
    tgt_ids: FxHashMap<String, u32>,
    /// Per stem id, how often each form was seen.
    src_forms: Vec<FxHashMap<String, u32>>,
    tgt_forms: Vec<FxHashMap<String, u32>>,
    /// Per source stem id, the target keys its dictionary translations give.
    prior: Vec<FxHashSet<u32>>,
    sents: Vec<(Vec<u32>, Vec<u32>)>,
    /// Every `stride`-th confident link is kept (doubles when full).
    stride: usize,
    seen: usize,
}

impl<'a> Learner<'a> {
    /// A learner for a language pair; `lex` (src → tgt) is the prior.
    pub fn new(src_lang: &Lang, tgt_lang: &Lang, lex: Option<&'a Lexicon>) -> Learner<'a> {
        Learner {
            keyer: Keyer::new(src_lang, tgt_lang, lex, Cues::all()),
            has_lex: lex.is_some(),
            src_ids: FxHashMap::default(),
            tgt_ids: FxHashMap::default(),
            src_forms: Vec::new(),
            tgt_forms: Vec::new(),
            prior: Vec::new(),
            sents: Vec::new(),
            stride: 1,
            seen: 0,
        }
    }

    /// Add the confident links of an alignment of `src` with `tgt`: 1-1,
    /// and 2-1 and 1-2 with the two sentences as one.
    pub fn add_links(&mut self, src: &[Segment], tgt: &[Segment], links: &[Link]) {
        for l in links.iter().filter(|l| l.confidence >= CONFIDENT) {
            self.add_span(src, tgt, &l.src, &l.tgt);
        }
    }

    /// Add the confident beads of a search (as [`Learner::add_links`]).
    pub(crate) fn add_beads(&mut self, src: &[Segment], tgt: &[Segment], beads: &[Bead]) {
        for b in beads.iter().filter(|b| b.p >= CONFIDENT) {
            let (si, ti): (Vec<usize>, Vec<usize>) = ((b.i..b.i + b.a).collect(), (b.j..b.j + b.b).collect());
            self.add_span(src, tgt, &si, &ti);
        }
    }

    fn add_span(&mut self, src: &[Segment], tgt: &[Segment], si: &[usize], ti: &[usize]) {
        let (a, b) = (si.len(), ti.len());
        if a == 0 || b == 0 || a + b > MAX_SPAN {
            return;
        }
        let join = |segs: &[Segment], ix: &[usize]| -> Option<String> {
            let parts: Option<Vec<&str>> = ix.iter().map(|&k| segs.get(k).map(|s| s.text.as_str())).collect();
            parts.map(|p| p.join(" "))
        };
        if let (Some(s), Some(t)) = (join(src, si), join(tgt, ti)) {
            self.add_pair(&s, &t);
        }
    }

    fn add_pair(&mut self, src: &str, tgt: &str) {
        self.seen += 1;
        if !self.seen.is_multiple_of(self.stride) {
            return;
        }
        let s = self.side(src, true);
        let t = self.side(tgt, false);
        if s.is_empty() || t.is_empty() {
            return;
        }
        self.sents.push((s, t));
        if self.sents.len() >= 2 * MAX_PAIRS {
            // Keep every other pair, and from now on every other link.
            let mut k = 0;
            self.sents.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            self.stride *= 2;
        }
    }

    /// The distinct stem ids of a sentence, counting each form seen.
    fn side(&mut self, text: &str, source: bool) -> Vec<u32> {
        let words = self.keyer.content_words(text, source);
        let mut out = Vec::with_capacity(words.len().min(MAX_WORDS));
        for (form, stem) in words.into_iter().take(MAX_WORDS) {
            let (ids, forms) = if source {
                (&mut self.src_ids, &mut self.src_forms)
            } else {
                (&mut self.tgt_ids, &mut self.tgt_forms)
            };
            let n = ids.len() as u32;
            let id = *ids.entry(stem).or_insert(n);
            if id == n {
                forms.push(FxHashMap::default());
                if source {
                    self.prior.push(FxHashSet::default());
                }
            }
            if source && self.has_lex && !forms[id as usize].contains_key(&form) {
                let keys = self.keyer.dict_keys(&form);
                self.prior[id as usize].extend(keys);
            }
            *forms[id as usize].entry(form).or_insert(0) += 1;
            out.push(id);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Sentence pairs gathered so far (after thinning, see [`MAX_PAIRS`]).
    pub fn gathered(&self) -> usize {
        self.sents.len()
    }

    /// Run EM both ways and keep the pairs both directions agree on.
    pub fn finish(self) -> Learned {
        let (ns, nt) = (self.src_ids.len(), self.tgt_ids.len());
        // The frequency cut-off: a stem seen in fewer than MIN_COUNT pairs
        // is dropped from the training pairs.
        let mut cs = vec![0u32; ns];
        let mut ct = vec![0u32; nt];
        for (s, t) in &self.sents {
            s.iter().for_each(|&x| cs[x as usize] += 1);
            t.iter().for_each(|&y| ct[y as usize] += 1);
        }
        let sents: Vec<(Vec<u32>, Vec<u32>)> = self
            .sents
            .iter()
            .map(|(s, t)| {
                (
                    s.iter().copied().filter(|&x| cs[x as usize] >= MIN_COUNT).collect::<Vec<u32>>(),
                    t.iter().copied().filter(|&y| ct[y as usize] >= MIN_COUNT).collect::<Vec<u32>>(),
                )
            })
            .filter(|(s, t)| !s.is_empty() && !t.is_empty())
            .collect();
        // The target key of each target stem, for the prior.
        let tgt_key: Vec<Option<u32>> = {
            let mut v = vec![None; nt];
            for (stem, &id) in &self.tgt_ids {
                v[id as usize] = self.keyer.key_of(&format!("w:{stem}"));
            }
            v
        };
        let is_prior = |s: u32, t: u32| tgt_key[t as usize].is_some_and(|k| self.prior[s as usize].contains(&k));
        let fwd = model1(&sents, ns, is_prior);
        let swapped: Vec<(Vec<u32>, Vec<u32>)> = sents.iter().map(|(s, t)| (t.clone(), s.clone())).collect();
        let bwd = model1(&swapped, nt, |t, s| is_prior(s, t));
        let mut co: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for (s, t) in &sents {
            for &x in s {
                for &y in t {
                    *co.entry((x, y)).or_insert(0) += 1;
                }
            }
        }
        let src_stems = names(&self.src_ids);
        let tgt_stems = names(&self.tgt_ids);
        let mut by_src: BTreeMap<&str, Vec<LearnedPair>> = BTreeMap::new();
        for (&(x, y), &p) in &fwd {
            let Some(&q) = bwd.get(&(y, x)) else { continue };
            let score = (p * q).sqrt();
            let count = co.get(&(x, y)).copied().unwrap_or(0);
            if score < MIN_SCORE || count < MIN_COUNT {
                continue;
            }
            let (ss, ts) = (src_stems[x as usize], tgt_stems[y as usize]);
            by_src.entry(ss).or_default().push(LearnedPair {
                src: commonest(&self.src_forms[x as usize]),
                tgt: commonest(&self.tgt_forms[y as usize]),
                src_stem: ss.to_string(),
                tgt_stem: ts.to_string(),
                score,
                count,
            });
        }
        let mut out = Learned { trained_on: sents.len(), ..Learned::default() };
        for (stem, mut v) in by_src {
            v.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.tgt_stem.cmp(&b.tgt_stem)));
            v.truncate(MAX_TRANSLATIONS);
            out.by_stem.insert(stem.to_string(), v.iter().map(|p| p.tgt_stem.clone()).collect());
            out.pairs.extend(v);
        }
        out
    }
}

/// Stem names by id.
fn names(ids: &FxHashMap<String, u32>) -> Vec<&str> {
    let mut v = vec![""; ids.len()];
    for (s, &i) in ids {
        v[i as usize] = s.as_str();
    }
    v
}

/// The commonest form (ties: the first in order).
fn commonest(forms: &FxHashMap<String, u32>) -> String {
    forms.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(f, _)| f.clone()).unwrap_or_default()
}

/// IBM Model 1 from `e` (first of each pair) to `f`: t(f | e) for every
/// pair that co-occurs, after [`ITERATIONS`] rounds of EM with a null word
/// on the `e` side. `prior(e, f)` pairs start [`PRIOR_BOOST`] times as
/// likely.
fn model1(sents: &[(Vec<u32>, Vec<u32>)], ne: usize, prior: impl Fn(u32, u32) -> bool) -> FxHashMap<(u32, u32), f32> {
    const NULL: u32 = u32::MAX;
    // Every co-occurring (e, f) gets an index once; each sentence pair
    // becomes, per f, the run of indices of its (e, f) pairs (null first).
    let mut index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut e_of: Vec<u32> = Vec::new();
    let mut runs: Vec<u32> = Vec::new();
    let mut run_at: Vec<usize> = vec![0];
    for (es, fs) in sents {
        for &f in fs {
            for e in std::iter::once(NULL).chain(es.iter().copied()) {
                let n = index.len() as u32;
                let k = *index.entry((e, f)).or_insert(n);
                if k == n {
                    e_of.push(e);
                }
                runs.push(k);
            }
            run_at.push(runs.len());
        }
    }
    let mut t: Vec<f32> = index.iter().fold(vec![1.0; index.len()], |mut t, (&(e, f), &k)| {
        if e != NULL && prior(e, f) {
            t[k as usize] = PRIOR_BOOST;
        }
        t
    });
    let slot = |e: u32| if e == NULL { ne } else { e as usize };
    let mut count = vec![0f32; t.len()];
    let mut total = vec![0f32; ne + 1];
    for _ in 0..ITERATIONS {
        count.iter_mut().for_each(|c| *c = 0.0);
        total.iter_mut().for_each(|c| *c = 0.0);
        for w in run_at.windows(2) {
            let run = &runs[w[0]..w[1]];
            let z: f32 = run.iter().map(|&k| t[k as usize]).sum();
            if z <= 0.0 {
                continue;
            }
            for &k in run {
                let c = t[k as usize] / z;
                count[k as usize] += c;
                total[slot(e_of[k as usize])] += c;
            }
        }
        for (k, tk) in t.iter_mut().enumerate() {
            let tot = total[slot(e_of[k])];
            *tk = if tot > 0.0 { count[k] / tot } else { 0.0 };
        }
    }
    index.into_iter().filter(|((e, _), _)| *e != NULL).map(|(ef, k)| (ef, t[k as usize])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model1_finds_the_pair_that_cooccurs_everywhere() {
        // Source 0 always comes with target 0; 1 and 2 vary around it.
        let sents = vec![(vec![0, 1], vec![0, 1]), (vec![0, 2], vec![0, 2]), (vec![1, 2], vec![1, 2])];
        let t = model1(&sents, 3, |_, _| false);
        assert!(t[&(0, 0)] > t[&(0, 1)] && t[&(0, 0)] > t[&(0, 2)], "{t:?}");
        let with_prior = model1(&sents, 3, |e, f| (e, f) == (0, 1));
        assert!(with_prior[&(0, 1)] > t[&(0, 1)]);
    }
}
