//! Sentence (segment) alignment of a text and its translation.
//!
//! Model: Gale–Church length costs plus lexical evidence (dictionary
//! translations, cognates and names after folding, identical numbers),
//! with an expected-by-chance correction so that merging segments is not
//! rewarded for accidental matches. Bead types 1-1, 1-0, 0-1, 2-1, 1-2,
//! 2-2, 1-3, 3-1.
//!
//! Search: multi-resolution banded dynamic programming. Both texts are
//! merged, three segments to a unit, until small, aligned there in full,
//! and the path is projected down one level at a time into a narrow band,
//! so time and memory grow linearly with the texts. Paragraph and heading
//! boundaries (when the input has them) are aligned first and never
//! crossed.
//! Confidence: the posterior probability of each bead (forward–backward
//! over the final band).
//!
//! A first pass measures what this text pair is like, and a second pass
//! uses it: how much linked segments share, how often a link starts at a
//! cut sentence, opens or closes a line of dialogue, or differs in its
//! questions and exclamations on one side only, and whether unaligned
//! segments come in runs.

pub mod anchors;
mod blank;
mod cover;
pub mod cues;
pub mod dp;
pub mod features;
pub mod input;
pub mod learn;
pub mod length;
mod posterior;
pub mod scorer;
mod search;

use serde::Serialize;

use crate::lexicon::Lexicon;
use crate::model::Lang;
pub use cover::{CoverError, Side, Unaligned, check_cover};
pub use cues::{Cue, Cues};
use dp::{Bead, BeadType, Model};
use features::{Feats, Keyer};
pub use learn::{Learned, Learner};
use length::LengthModel;
use search::{Hier, Level};
pub use search::{align_feats, align_near};

/// One unit to align (usually a sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Identifier (an `xml:id` for TEI input, else a made-up one).
    pub id: String,
    /// The text.
    pub text: String,
    /// A paragraph or heading boundary comes before this segment.
    pub starts_block: bool,
    /// A heading comes before (or is) this segment: a section starts here.
    pub starts_section: bool,
    /// What the segment is in its document, for outputs that keep the
    /// document's structure (TEI).
    pub kind: SegKind,
}

/// The place of a segment in its document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SegKind {
    /// The document's title.
    Title,
    /// A section heading, at this level (1 = top).
    Head(u8),
    /// A sentence of a paragraph (or a line of a segmented text).
    #[default]
    Sentence,
    /// A list item, at this nesting depth (1 = top).
    Item(u8),
    /// An entry of a bibliographic list.
    Entry,
    /// Preformatted text.
    Code,
}

impl Segment {
    /// A sentence with no block boundary before it.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Segment {
        Segment {
            id: id.into(),
            text: text.into(),
            starts_block: false,
            starts_section: false,
            kind: SegKind::Sentence,
        }
    }
}

/// A link between source and target segments (by index), with confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Source segment indices, ascending (empty for 0-1).
    pub src: Vec<usize>,
    /// Target segment indices, ascending (empty for 1-0).
    pub tgt: Vec<usize>,
    /// Posterior probability of this link under the model, in [0, 1].
    pub confidence: f64,
}

/// The result of aligning two texts.
#[derive(Debug, Clone, Serialize)]
pub struct Alignment {
    /// Source language.
    pub src_lang: Lang,
    /// Target language.
    pub tgt_lang: Lang,
    /// Links in order; every segment of both texts is in exactly one link.
    pub links: Vec<Link>,
}

/// Aligner settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Reward in nats per lexical key shared beyond chance.
    pub lambda: f64,
    /// Target units of band around the projected coarse path.
    pub radius: usize,
    /// Texts with at most this many cells are aligned without a band.
    pub full_cells: usize,
    /// Scale of costs for confidences.
    pub temperature: f64,
    /// The bead types allowed, as (source, target) counts; all of
    /// [`default_beads`] when empty.
    pub beads: Vec<(usize, usize)>,
    /// Cues switched off (see [`Cue`]): to measure what each is worth.
    pub without: Vec<Cue>,
    /// When to learn a lexicon from the text pair and realign with it.
    pub learn: Learn,
    /// A lexicon learned beforehand (over a batch of pairs of the same
    /// languages): the second pass reads it, and none is learned per pair.
    pub learned: Option<std::sync::Arc<Learned>>,
}

/// When the aligner learns a lexicon from the text pair ([`Cue::Learned`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Learn {
    /// Where it helps: with no dictionary at all, between two languages
    /// (measured: see the README's "Sentence alignment").
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never (`--no-learn`).
    Never,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lambda: 1.0,
            radius: 3,
            full_cells: 250_000,
            temperature: 1.0,
            beads: Vec::new(),
            without: Vec::new(),
            learn: Learn::Auto,
            learned: None,
        }
    }
}

impl Config {
    /// Whether to learn a lexicon from a `src`–`tgt` text pair aligned with `lex`.
    pub fn learns(&self, src: &Lang, tgt: &Lang, lex: Option<&Lexicon>) -> bool {
        self.cues().has(Cue::Learned)
            && self.learned.is_none()
            && match self.learn {
                Learn::Always => true,
                Learn::Never => false,
                // Texts in one language have no dictionary either, but
                // their words are their own translations: learning them
                // costs memory (910 MB on a 50 MB line) and adds nothing.
                Learn::Auto => lacks_dictionary(src, tgt, lex),
            }
    }

    /// The cues in use.
    pub fn cues(&self) -> Cues {
        Cues::without(&self.without)
    }

    /// The bead types this configuration allows, with their priors.
    pub fn bead_types(&self) -> Vec<BeadType> {
        let all = default_beads();
        if self.beads.is_empty() {
            return all;
        }
        all.into_iter().filter(|b| self.beads.contains(&(b.a, b.b))).collect()
    }
}

/// Whether a text pair in two languages has no dictionary at all (none
/// given, an empty one, no route, not even through a pivot): where the
/// first pass is weak, a lexicon is learned by default and the first
/// pass's links are weighed by their confidence.
fn lacks_dictionary(src: &Lang, tgt: &Lang, lex: Option<&Lexicon>) -> bool {
    src.primary() != tgt.primary() && lex.is_none_or(|l| l.is_empty() && l.pivot_len() == 0)
}

/// Gale & Church's bead priors (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2
/// .011), plus rarer 1-3/3-1 and 1-4/4-1 beads: one long sentence against
/// several short ones, which translations and inconsistent sentence
/// splitting (OCR text, abbreviations) produce.
pub fn default_beads() -> Vec<BeadType> {
    let p = |a, b, prob: f64| BeadType { a, b, cost: -prob.ln() };
    vec![
        p(1, 1, 0.89),
        p(1, 0, 0.0099 / 2.0),
        p(0, 1, 0.0099 / 2.0),
        p(2, 1, 0.089 / 2.0),
        p(1, 2, 0.089 / 2.0),
        p(2, 2, 0.011),
        p(3, 1, 0.005),
        p(1, 3, 0.005),
        p(4, 1, 0.002),
        p(1, 4, 0.002),
    ]
}

/// Features of both texts, with the keys and marks of the cues `uses`.
pub(crate) fn featurize(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    uses: Cues,
) -> (Feats, Feats) {
    featurize_with(src, tgt, src_lang, tgt_lang, lex, None, uses)
}

/// [`featurize`], source words also keyed by their translations in `learned`.
pub(crate) fn featurize_with(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    learned: Option<&Learned>,
    uses: Cues,
) -> (Feats, Feats) {
    fn side(segs: &[Segment], uses: Cues, mut keys_of: impl FnMut(&str, &mut Vec<u32>) -> f32) -> Feats {
        let opens_block = |s: &Segment| s.starts_block || s.starts_section;
        let cont = cues::continuations(segs.iter().map(|s| (s.text.as_str(), opens_block(s))));
        let mut f = Feats::default();
        let mut keys = Vec::new();
        for (s, cont) in segs.iter().zip(cont) {
            let n = keys_of(&s.text, &mut keys);
            let mut marks = cues::marks(&s.text);
            if cont && uses.has(Cue::CutSentence) {
                marks |= cues::CONTINUES;
            }
            f.push(s.text.chars().count() as f32, n, &keys, marks);
        }
        f
    }
    let mut k = Keyer::new(src_lang, tgt_lang, lex, uses).with_learned(learned);
    let fs = side(src, uses, |t, keys| k.keys_into(t, true, keys));
    let ft = side(tgt, uses, |t, keys| k.keys_into(t, false, keys));
    (fs, ft)
}

/// Shared keys expected between unrelated segments, per pair of content
/// words, measured on pairs far off the diagonal (a default for short texts).
fn chance_rate(fs: &Feats, ft: &Feats, weights: &[f32]) -> f64 {
    let (n, m) = (fs.n(), ft.n());
    if n < 40 || m < 40 {
        return 0.002;
    }
    let (mut s, mut w) = (0.0, 0.0);
    // Rows picked by a multiplicative hash, not a fixed stride: a stride
    // can fall in step with a text that repeats itself and sample the same
    // few lines again and again. (2654435761 is prime, so a text of up to
    // 2000 rows has each row sampled once.)
    for t in 0..n.min(2000) {
        let i = ((t as u64).wrapping_mul(2_654_435_761) % n as u64) as usize;
        let j = i * m / n;
        for off in [m / 3, 2 * m / 3] {
            let jj = (j + off) % m;
            s += features::shared_weighted(fs.keys(i), ft.keys(jj), weights) as f64;
            w += fs.words[i] as f64 * ft.words[jj] as f64;
        }
    }
    if w == 0.0 { 0.002 } else { (s / w).clamp(1e-4, 0.05) }
}

/// Build the model for a text pair from its features, before the first
/// pass.
pub(crate) fn model_for(fs: &Feats, ft: &Feats, cfg: &Config) -> Model {
    let weights = features::key_weights(fs, ft);
    let length = LengthModel::fit(fs.len.iter().map(|x| *x as f64).sum(), ft.len.iter().map(|x| *x as f64).sum());
    let p0 = chance_rate(fs, ft, &weights);
    let mut model = Model::first(cfg.cues(), cfg.bead_types(), length, cfg.lambda, p0, weights);
    model.temperature = cfg.temperature;
    model
}

/// Align a text with its translation.
pub fn align(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    cfg: &Config,
) -> Alignment {
    if let Some(c) = blank::Compacted::new(src, tgt) {
        let a = align(&c.src, &c.tgt, src_lang, tgt_lang, lex, cfg);
        return c.expand(a, Vec::new()).0;
    }
    let solved = solve(src, tgt, src_lang, tgt_lang, lex, cfg);
    alignment(solved.beads, src_lang, tgt_lang)
}

/// [`align`], and for every segment left unaligned the evidence why.
pub fn align_explained(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    cfg: &Config,
) -> (Alignment, Vec<Unaligned>) {
    if let Some(c) = blank::Compacted::new(src, tgt) {
        let (a, unaligned) = align_explained(&c.src, &c.tgt, src_lang, tgt_lang, lex, cfg);
        return c.expand(a, unaligned);
    }
    let Solved { beads, fs, ft, model, expected_share } = solve(src, tgt, src_lang, tgt_lang, lex, cfg);
    let unaligned = (0..beads.len())
        .filter_map(|k| {
            let ev = dp::null_evidence(&fs, &ft, &beads, k, &model)?;
            let b = beads[k];
            Some(Unaligned {
                link: k,
                side: if b.a == 1 { Side::Source } else { Side::Target },
                segment: if b.a == 1 { b.i } else { b.j },
                confidence: b.p,
                share: ev.share,
                expected_share,
                join_before: ev.glue_before,
                join_after: ev.glue_after,
                in_run: (k > 0 && beads[k - 1].state() == b.state() && model.null_run < 0.0).then_some(-model.null_run),
                stated: None,
            })
        })
        .collect();
    (alignment(beads, src_lang, tgt_lang), unaligned)
}

/// A finished search: its beads, the features and the model that found them.
struct Solved {
    beads: Vec<Bead>,
    fs: Feats,
    ft: Feats,
    model: Model,
    expected_share: Option<f64>,
}

/// The two passes of the search.
fn solve(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    cfg: &Config,
) -> Solved {
    let (fs, ft) = featurize(src, tgt, src_lang, tgt_lang, lex, cfg.cues());
    let mut model = model_for(&fs, &ft, cfg);
    let pass = |fs: &Feats, ft: &Feats, model: &Model, near: Option<&[Bead]>, posteriors: bool| {
        let mut beads = Vec::new();
        Hier { src, tgt, fs, ft, model, cfg, near, posteriors }.align(
            0..src.len(),
            0..tgt.len(),
            Level::Section,
            &mut beads,
            1.0,
        );
        beads
    };
    // The first pass's sentence links need confidences only where they are
    // weak: with no dictionary, between two languages, only the confident
    // ones tell what linked sentences share and what the text pair
    // translates a word as. With a dictionary the best path's links say it
    // as well or better (measured: README, "Sentence alignment"), and the
    // forward–backward pass was a seventh of the run.
    let weak = lacks_dictionary(src_lang, tgt_lang, lex);
    // Without a dictionary, length and cognates alone cannot tell a 1-3,
    // 3-1 or 2-2 link from its neighbours, and the first pass's links
    // serve only to measure the text pair and to learn from (its 1-1, 2-1
    // and 1-2 ones): the first pass allows links of at most three
    // segments, the second all of them (measured: README, "Sentence
    // alignment").
    let first = if weak { Some(model.simple()) } else { None };
    let mut beads = pass(&fs, &ft, first.as_ref().unwrap_or(&model), None, weak);
    let expected_share = cues::shared_share(&beads, &fs, &ft, &model.weights);
    // The second pass reads, with the learned lexicon (where one is
    // learned), each source word's translations found in the first pass's
    // confident links as well as the dictionary's. The share linked
    // sentences are expected to have stays the one measured without them:
    // measured on the very links they were learned from, it would be
    // inflated, and every other link would fall short of it.
    let learned = match &cfg.learned {
        Some(given) if cfg.cues().has(Cue::Learned) => Some(std::borrow::Cow::Borrowed(given.as_ref())),
        _ => cfg.learns(src_lang, tgt_lang, lex).then(|| {
            let mut learner = Learner::new(src_lang, tgt_lang, lex);
            learner.add_beads(src, tgt, &beads);
            let enough = learner.gathered() >= learn::MIN_PAIRS;
            std::borrow::Cow::Owned(if enough { learner.finish() } else { Learned::default() })
        }),
    };
    let (fs, ft) = match learned.as_deref().filter(|l| !l.is_empty()) {
        Some(l) => {
            let (fs, ft) = featurize_with(src, tgt, src_lang, tgt_lang, lex, Some(l), cfg.cues());
            model = model_for(&fs, &ft, cfg);
            (fs, ft)
        }
        None => (fs, ft),
    };
    // A second pass that knows, from the first, what this text pair is
    // like (see [`cues::Model::learn`]): how much linked segments share (a
    // bead sharing much less than that is evidence against it, and leaving
    // a sentence unaligned can win), what a bead starting at a cut
    // sentence or a mark on one side only costs here, whether unaligned
    // segments come in runs.
    if model.learn(&beads, &fs, &ft, expected_share) || first.is_some() {
        beads = pass(&fs, &ft, &model, Some(&beads), true);
    }
    Solved { beads, fs, ft, model, expected_share }
}

fn alignment(beads: Vec<Bead>, src_lang: &Lang, tgt_lang: &Lang) -> Alignment {
    let links = beads
        .into_iter()
        .map(|b| Link { src: (b.i..b.i + b.a).collect(), tgt: (b.j..b.j + b.b).collect(), confidence: b.p })
        .collect();
    Alignment { src_lang: src_lang.clone(), tgt_lang: tgt_lang.clone(), links }
}
