//! Sentence (segment) alignment of a text and its translation.
//!
//! Model: Gale–Church length costs plus lexical evidence (dictionary
//! translations, cognates and names after folding, identical numbers),
//! with an expected-by-chance correction so that merging segments is not
//! rewarded for accidental matches. Bead types 1-1, 1-0, 0-1, 2-1, 1-2,
//! 2-2, 1-3, 3-1.
//!
//! Search: multi-resolution banded dynamic programming. Both texts are
//! merged pairwise until small, aligned there in full, and the path is
//! projected down one level at a time into a narrow band, so time and
//! memory grow linearly with the texts. Paragraph and heading boundaries
//! (when the input has them) are aligned first and never crossed.
//! Confidence: the posterior probability of each bead (forward–backward
//! over the final band).

pub mod dp;
pub mod features;
pub mod input;
pub mod length;
pub mod run;

use serde::Serialize;

use crate::lexicon::Lexicon;
use crate::model::Lang;
use dp::{Band, Bead, BeadType, Model};
use features::{Feats, Keyer};
use length::LengthModel;

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
}

impl Segment {
    /// A segment with no block boundary before it.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Segment {
        Segment { id: id.into(), text: text.into(), starts_block: false, starts_section: false }
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
}

impl Default for Config {
    fn default() -> Config {
        Config { lambda: 1.0, radius: 5, full_cells: 250_000, temperature: 1.0 }
    }
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

/// Features of both texts.
pub fn featurize(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
) -> (Feats, Feats) {
    let mut k = Keyer::new(src_lang, tgt_lang, lex);
    let mut fs = Feats::default();
    for s in src {
        let (keys, n) = k.source(&s.text);
        fs.len.push(s.text.chars().count() as f32);
        fs.words.push(n);
        fs.keys.push(keys);
    }
    let mut ft = Feats::default();
    for t in tgt {
        let (keys, n) = k.target(&t.text);
        ft.len.push(t.text.chars().count() as f32);
        ft.words.push(n);
        ft.keys.push(keys);
    }
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
    let step = (n / 2000).max(1);
    for i in (0..n).step_by(step) {
        let j = i * m / n;
        for off in [m / 3, 2 * m / 3] {
            let jj = (j + off) % m;
            s += features::shared_weighted(&fs.keys[i], &ft.keys[jj], weights) as f64;
            w += fs.words[i] as f64 * ft.words[jj] as f64;
        }
    }
    if w == 0.0 { 0.002 } else { (s / w).clamp(1e-4, 0.05) }
}

/// Build the model for a text pair from its features.
pub fn model_for(fs: &Feats, ft: &Feats, cfg: &Config) -> Model {
    let weights = features::key_weights(fs, ft);
    Model {
        length: LengthModel::fit(fs.len.iter().map(|x| *x as f64).sum(), ft.len.iter().map(|x| *x as f64).sum()),
        beads: default_beads(),
        lambda: cfg.lambda,
        p0: chance_rate(fs, ft, &weights),
        temperature: cfg.temperature,
        weights,
    }
}

/// Keys kept per merged unit at coarse levels.
const COARSE_KEYS: usize = 96;

/// Align two feature sequences; recursion on pairwise-merged units keeps
/// the search to a band of constant width.
pub fn align_feats(fs: &Feats, ft: &Feats, model: &Model, cfg: &Config, posteriors: bool) -> Vec<Bead> {
    let (n, m) = (fs.n(), ft.n());
    if n == 0 || m == 0 {
        let mut v: Vec<Bead> = (0..n).map(|i| Bead { i, a: 1, j: m, b: 0, p: 1.0 }).collect();
        v.extend((0..m).map(|j| Bead { i: n, a: 0, j, b: 1, p: 1.0 }));
        return v;
    }
    if n.saturating_mul(m) <= cfg.full_cells || n.min(m) < 4 {
        return dp::solve(fs, ft, &Band::full(n, m), model, posteriors);
    }
    let coarse = align_feats(
        &fs.downsample_capped(2, &model.weights, COARSE_KEYS),
        &ft.downsample_capped(2, &model.weights, COARSE_KEYS),
        model,
        cfg,
        false,
    );
    let mut radius = cfg.radius;
    loop {
        let band = Band::around(&coarse, 2, n, m, radius);
        let beads = dp::solve(fs, ft, &band, model, posteriors);
        // A path pressed against the band's edge may have been cut off:
        // widen and search again (rarely needed).
        let touches = beads.iter().any(|b| {
            let (i, j) = (b.i, b.j);
            (band.lo[i] > 0 && j == band.lo[i]) || (band.hi[i] < m && j == band.hi[i])
        });
        if !touches || radius >= 8 * cfg.radius {
            return beads;
        }
        radius *= 2;
    }
}

/// Ranges of `segs[range]` that start where `starts` says.
fn groups(
    segs: &[Segment],
    range: std::ops::Range<usize>,
    starts: impl Fn(&Segment) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        if i > range.start && starts(&segs[i]) {
            out.push(start..i);
            start = i;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// The levels of structure, coarsest first; each is aligned inside the
/// groups the level above aligned, so no link crosses a section or a
/// paragraph boundary that the alignment of the level above kept apart.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Section,
    Block,
    Sentence,
}

struct Hier<'a> {
    src: &'a [Segment],
    tgt: &'a [Segment],
    fs: &'a Feats,
    ft: &'a Feats,
    model: &'a Model,
    cfg: &'a Config,
}

impl Hier<'_> {
    fn align(
        &self,
        sr: std::ops::Range<usize>,
        tr: std::ops::Range<usize>,
        level: Level,
        out: &mut Vec<Bead>,
        prob: f64,
    ) {
        let (next, starts): (Level, fn(&Segment) -> bool) = match level {
            Level::Section => (Level::Block, |s| s.starts_section),
            Level::Block => (Level::Sentence, |s| s.starts_block || s.starts_section),
            Level::Sentence => {
                // Whole texts (no structure) are aligned in place, without a copy.
                let whole = |f: &Feats, r: &std::ops::Range<usize>| r.start == 0 && r.end == f.n();
                let (fs, ft);
                let (fs, ft) = if whole(self.fs, &sr) && whole(self.ft, &tr) {
                    (self.fs, self.ft)
                } else {
                    fs = self.fs.slice(sr.clone());
                    ft = self.ft.slice(tr.clone());
                    (&fs, &ft)
                };
                let inner = align_feats(fs, ft, self.model, self.cfg, true);
                out.extend(inner.into_iter().map(|b| Bead {
                    i: b.i + sr.start,
                    j: b.j + tr.start,
                    p: b.p * prob,
                    ..b
                }));
                return;
            }
        };
        let (gs, gt) = (groups(self.src, sr.clone(), starts), groups(self.tgt, tr.clone(), starts));
        if gs.len() < 2 || gt.len() < 2 {
            return self.align(sr, tr, next, out, prob);
        }
        let fs = self.fs.slice(sr.clone()).group(&shift(&gs, sr.start));
        let ft = self.ft.slice(tr.clone()).group(&shift(&gt, tr.start));
        for gb in align_feats(&fs, &ft, self.model, self.cfg, true) {
            let span = |g: &[std::ops::Range<usize>], i: usize, a: usize, end: usize| {
                if a == 0 {
                    let at = g.get(i).map_or(end, |r| r.start);
                    at..at
                } else {
                    g[i].start..g[i + a - 1].end
                }
            };
            let (s2, t2) = (span(&gs, gb.i, gb.a, sr.end), span(&gt, gb.j, gb.b, tr.end));
            self.align(s2, t2, next, out, prob * gb.p);
        }
    }
}

fn shift(rs: &[std::ops::Range<usize>], by: usize) -> Vec<std::ops::Range<usize>> {
    rs.iter().map(|r| r.start - by..r.end - by).collect()
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
    let (fs, ft) = featurize(src, tgt, src_lang, tgt_lang, lex);
    let model = model_for(&fs, &ft, cfg);
    let h = Hier { src, tgt, fs: &fs, ft: &ft, model: &model, cfg };
    let mut beads: Vec<Bead> = Vec::new();
    h.align(0..src.len(), 0..tgt.len(), Level::Section, &mut beads, 1.0);
    let links = beads
        .into_iter()
        .map(|b| Link { src: (b.i..b.i + b.a).collect(), tgt: (b.j..b.j + b.b).collect(), confidence: b.p })
        .collect();
    Alignment { src_lang: src_lang.clone(), tgt_lang: tgt_lang.clone(), links }
}
