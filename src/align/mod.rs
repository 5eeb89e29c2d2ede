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
//!
//! A first pass measures what this text pair is like, and a second pass
//! uses it: how much linked segments share, how often a link starts at a
//! cut sentence, opens or closes a line of dialogue, or differs in its
//! questions and exclamations on one side only, and whether unaligned
//! segments come in runs.

pub mod anchors;
pub mod cues;
pub mod dp;
pub mod features;
pub mod input;
pub mod length;

use serde::Serialize;

use crate::lexicon::Lexicon;
use crate::model::Lang;
pub use cues::{Cue, Cues};
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
}

impl Default for Config {
    fn default() -> Config {
        Config { lambda: 1.0, radius: 5, full_cells: 250_000, temperature: 1.0, beads: Vec::new(), without: Vec::new() }
    }
}

impl Config {
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
pub fn featurize(
    src: &[Segment],
    tgt: &[Segment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    uses: Cues,
) -> (Feats, Feats) {
    fn side(segs: &[Segment], uses: Cues, mut keys_of: impl FnMut(&str) -> (Vec<u32>, f32)) -> Feats {
        let opens_block = |s: &Segment| s.starts_block || s.starts_section;
        let cont = cues::continuations(segs.iter().map(|s| (s.text.as_str(), opens_block(s))));
        let mut f = Feats::default();
        for (s, cont) in segs.iter().zip(cont) {
            let (keys, n) = keys_of(&s.text);
            let mut marks = cues::marks(&s.text);
            if cont && uses.has(Cue::CutSentence) {
                marks |= cues::CONTINUES;
            }
            f.push(s.text.chars().count() as f32, n, &keys, marks);
        }
        f
    }
    let mut k = Keyer::new(src_lang, tgt_lang, lex, uses);
    let fs = side(src, uses, |t| k.source(t));
    let ft = side(tgt, uses, |t| k.target(t));
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
pub fn model_for(fs: &Feats, ft: &Feats, cfg: &Config) -> Model {
    let weights = features::key_weights(fs, ft);
    let length = LengthModel::fit(fs.len.iter().map(|x| *x as f64).sum(), ft.len.iter().map(|x| *x as f64).sum());
    let p0 = chance_rate(fs, ft, &weights);
    let mut model = Model::first(cfg.cues(), cfg.bead_types(), length, cfg.lambda, p0, weights);
    model.temperature = cfg.temperature;
    model
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
    // Both sides are merged into the same number of units, about two a
    // unit on the shorter side. Merging each side by two would leave units
    // of unequal length whenever one text has more segments than the other,
    // and the length cost would then be blind to drift: every bead costs
    // about the same wherever it falls, so the coarse path could wander by
    // whole pages at no cost.
    let g = n.min(m).div_ceil(2);
    let (bs, bt) = (split_points(n, g), split_points(m, g));
    let (cs, ct) = (fs.merged(&bs, &model.weights, COARSE_KEYS), ft.merged(&bt, &model.weights, COARSE_KEYS));
    // The chance rate per key pair differs from the rate per word pair of
    // the finest level: measure it again on the merged units. The expected
    // share was measured on sentences; merged units share differently, and
    // charging them a shortfall let a periodic text slip out of step.
    let coarse_model =
        Model { p0: chance_rate(&cs, &ct, &model.weights), null_lengths: true, shortfall: 0.0, ..model.clone() };
    let coarse = align_feats(&cs, &ct, &coarse_model, cfg, false);
    let band = Band::around(&coarse, |x| bs[x], |x| bt[x], n, m, cfg.radius);
    refine(fs, ft, band, model, cfg, posteriors)
}

/// [`align_feats`] for a second pass, near the path `near` that the first
/// pass found over the same units: that path, not a coarse search again,
/// decides the band. Small texts are searched whole, as in the first pass.
pub fn align_near(fs: &Feats, ft: &Feats, near: &[Bead], model: &Model, cfg: &Config, posteriors: bool) -> Vec<Bead> {
    let (n, m) = (fs.n(), ft.n());
    if n == 0 || m == 0 || n.saturating_mul(m) <= cfg.full_cells || n.min(m) < 4 {
        return align_feats(fs, ft, model, cfg, posteriors);
    }
    let band = Band::around(near, |i| i, |j| j, n, m, cfg.radius);
    refine(fs, ft, band, model, cfg, posteriors)
}

/// The best path inside `band`, widened where the path runs along its edge.
fn refine(fs: &Feats, ft: &Feats, mut band: Band, model: &Model, cfg: &Config, posteriors: bool) -> Vec<Bead> {
    let m = ft.n();
    let mut beads = dp::solve_in_pieces(fs, ft, &band, model, posteriors);
    // A path pressed against the band's edge may have been cut off: widen
    // the band there and search again, there only. Searching the whole text
    // again would make one stubborn spot in half a million segments cost as
    // much as the text itself.
    let mut extra = cfg.radius;
    while extra <= 8 * cfg.radius {
        let touching = touching_rows(&beads, &band, m);
        if touching.is_empty() {
            break;
        }
        band.widen_near(&touching, extra, m);
        beads = resolve_near(fs, ft, &band, &beads, &touching, 2 * extra, model, posteriors);
        extra *= 2;
    }
    beads
}

/// Boundaries splitting `n` units into `g` runs of near-equal size.
fn split_points(n: usize, g: usize) -> Vec<usize> {
    (0..=g).map(|x| x * n / g.max(1)).collect()
}

/// Source rows where the path runs along the band's edge.
fn touching_rows(beads: &[Bead], band: &Band, m: usize) -> Vec<usize> {
    beads
        .iter()
        .filter(|b| (band.lo[b.i] > 0 && b.j == band.lo[b.i]) || (band.hi[b.i] < m && b.j == band.hi[b.i]))
        .map(|b| b.i)
        .collect()
}

/// Search again inside `band`, in windows of `reach` source rows around
/// each of `rows` (ascending), keeping the path elsewhere: each window runs
/// between two points of the old path, so the pieces join up.
#[allow(clippy::too_many_arguments)]
fn resolve_near(
    fs: &Feats,
    ft: &Feats,
    band: &Band,
    beads: &[Bead],
    rows: &[usize],
    reach: usize,
    model: &Model,
    posteriors: bool,
) -> Vec<Bead> {
    let (n, m) = (fs.n(), ft.n());
    // Disjoint windows of source rows.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &r in rows {
        let (a, b) = (r.saturating_sub(reach), (r + reach).min(n));
        match windows.last_mut() {
            Some(w) if a <= w.1 => w.1 = w.1.max(b),
            _ => windows.push((a, b)),
        }
    }
    let mut out = Vec::with_capacity(beads.len());
    let mut k = 0;
    for (a, b) in windows {
        // The window starts at the last bead starting at or before row a…
        while k + 1 < beads.len() && beads[k + 1].i <= a {
            out.push(beads[k]);
            k += 1;
        }
        if k >= beads.len() {
            break;
        }
        let (i0, j0) = (beads[k].i, beads[k].j);
        // …and ends where the first bead starting at or after row b starts.
        let mut e = k;
        while e < beads.len() && beads[e].i < b {
            e += 1;
        }
        let end = if e < beads.len() { (beads[e].i, beads[e].j) } else { (n, m) };
        out.extend(dp::solve_between(fs, ft, band, (i0, j0), end, model, posteriors));
        k = e;
    }
    out.extend_from_slice(&beads[k.min(beads.len())..]);
    out
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
    /// A first pass's beads: the second pass searches near them.
    near: Option<&'a [Bead]>,
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
                let inner = match self.near.and_then(|near| path_inside(near, &sr, &tr)) {
                    Some(path) => align_near(fs, ft, &path, self.model, self.cfg, true),
                    None => align_feats(fs, ft, self.model, self.cfg, true),
                };
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
        let grouped = Model { null_lengths: true, ..self.model.clone() };
        for gb in align_feats(&fs, &ft, &grouped, self.cfg, true) {
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

/// The part of path `beads` from (sr.start, tr.start) to (sr.end, tr.end),
/// in coordinates relative to that start, if the path runs through both.
fn path_inside(beads: &[Bead], sr: &std::ops::Range<usize>, tr: &std::ops::Range<usize>) -> Option<Vec<Bead>> {
    let first = beads.partition_point(|b| (b.i, b.j) < (sr.start, tr.start));
    let mut at = (sr.start, tr.start);
    let mut out = Vec::new();
    for b in &beads[first..] {
        if at == (sr.end, tr.end) {
            break;
        }
        if (b.i, b.j) != at || b.i + b.a > sr.end || b.j + b.b > tr.end {
            return None;
        }
        out.push(Bead { i: b.i - sr.start, j: b.j - tr.start, ..*b });
        at = (b.i + b.a, b.j + b.b);
    }
    (at == (sr.end, tr.end)).then_some(out)
}

fn shift(rs: &[std::ops::Range<usize>], by: usize) -> Vec<std::ops::Range<usize>> {
    rs.iter().map(|r| r.start - by..r.end - by).collect()
}

/// Which text of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source text.
    Source,
    /// The target text.
    Target,
}

/// How a list of links fails to cover two texts once each, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverError {
    /// Link `link` names segment `found` of `side` where `due` came next,
    /// or a segment past the side's `len`.
    Misplaced {
        /// Index of the link.
        link: usize,
        /// The text.
        side: Side,
        /// The segment it names.
        found: usize,
        /// The segment that was due.
        due: usize,
        /// Number of segments of that text.
        len: usize,
    },
    /// The links end before the texts do: segments covered on each side.
    Short {
        /// Source segments covered, of `n`.
        src: usize,
        /// Target segments covered, of `m`.
        tgt: usize,
        /// Source segments.
        n: usize,
        /// Target segments.
        m: usize,
    },
}

impl std::fmt::Display for CoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            CoverError::Misplaced { link, side, found, due, len } => {
                let which = if side == Side::Source { "source" } else { "target" };
                // Messages count links from 1, like lines; segment indices
                // are quoted as the file writes them, from 0.
                let nth = link + 1;
                if found == due {
                    write!(
                        f,
                        "link {nth}: {which} segment index {found} does not exist ({len} segments, indices from 0)"
                    )
                } else {
                    write!(
                        f,
                        "link {nth}: {which} segment index {found} where {due} was due (indices from 0): every segment must be in exactly one link, in order"
                    )
                }
            }
            CoverError::Short { src, tgt, n, m } => {
                write!(f, "the links leave segments out: source {src} of {n}, target {tgt} of {m} covered")
            }
        }
    }
}

/// Check the invariant every alignment keeps: each of the `n` source and
/// `m` target segments is in exactly one link, and links go in text order.
pub fn check_cover<'a>(
    links: impl IntoIterator<Item = (&'a [usize], &'a [usize])>,
    n: usize,
    m: usize,
) -> Result<(), CoverError> {
    let (mut i, mut j) = (0, 0);
    for (link, (src, tgt)) in links.into_iter().enumerate() {
        for (ids, next, len, side) in [(src, &mut i, n, Side::Source), (tgt, &mut j, m, Side::Target)] {
            for &found in ids {
                if found != *next || found >= len {
                    return Err(CoverError::Misplaced { link, side, found, due: *next, len });
                }
                *next += 1;
            }
        }
    }
    if (i, j) != (n, m) {
        return Err(CoverError::Short { src: i, tgt: j, n, m });
    }
    Ok(())
}

/// A segment the aligner left without a counterpart (a 1-0 or 0-1 link),
/// with the evidence for that decision, for a person to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unaligned {
    /// Index of its link in [`Alignment::links`].
    pub link: usize,
    /// The text it is in.
    pub side: Side,
    /// Its index among that text's segments.
    pub segment: usize,
    /// Posterior probability that it has no counterpart.
    pub confidence: f64,
    /// The most of its lexical evidence it shares with any segment facing
    /// it (the other side of the links before and after), in [0, 1].
    pub share: f64,
    /// What linked segments of this text pair share, measured the same way
    /// (`None` when too few confident links to say).
    pub expected_share: Option<f64>,
    /// How much costlier (nats) joining it to the link before would be
    /// than leaving it out; `None` when there is no such alternative.
    pub join_before: Option<f64>,
    /// The same for the link after.
    pub join_after: Option<f64>,
    /// How much likelier (nats) it is for following another unaligned
    /// segment, in a text pair where they come in runs; `None` when it
    /// follows a link or the pair shows no runs.
    pub in_run: Option<f64>,
}

impl Unaligned {
    /// Why it was judged unaligned, in a sentence.
    pub fn reason(&self) -> String {
        let mut why = format!("shares {:.0}% of its words with any sentence facing it", self.share * 100.0);
        if let Some(e) = self.expected_share {
            why.push_str(&format!(" (linked sentences here share {:.0}%)", e * 100.0));
        }
        let join = |d: Option<f64>, which: &str| match d {
            Some(d) if d >= 0.0 => format!("joining it to the link {which} costs {d:.1} more"),
            // The search kept paragraphs and sections apart.
            Some(d) => {
                format!("joining it to the link {which} would cost {:.1} less, but that link is in another block", -d)
            }
            None => format!("no link {which} it could join"),
        };
        let mut why = format!("{why}; {}; {}", join(self.join_before, "before"), join(self.join_after, "after"));
        if let Some(r) = self.in_run {
            why.push_str(&format!("; it continues a run of unaligned sentences, which costs {r:.1} less in this text"));
        }
        why
    }
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
                in_run: (k > 0 && beads[k - 1].is_null() && model.null_run < 0.0).then_some(-model.null_run),
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
    let pass = |model: &Model, near: Option<&[Bead]>| {
        let mut beads = Vec::new();
        Hier { src, tgt, fs: &fs, ft: &ft, model, cfg, near }.align(
            0..src.len(),
            0..tgt.len(),
            Level::Section,
            &mut beads,
            1.0,
        );
        beads
    };
    let mut beads = pass(&model, None);
    // A second pass that knows, from the first, what this text pair is
    // like (see [`cues::Model::learn`]): how much linked segments share (a
    // bead sharing much less than that is evidence against it, and leaving
    // a sentence unaligned can win), what a bead starting at a cut
    // sentence or a mark on one side only costs here, whether unaligned
    // segments come in runs.
    let expected_share = cues::shared_share(&beads, &fs, &ft, &model.weights);
    if model.learn(&beads, &fs, &ft, expected_share) {
        beads = pass(&model, Some(&beads));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_check_names_the_first_misplaced_segment() {
        let links = |v: &[(&'static [usize], &'static [usize])]| v.to_vec();
        assert_eq!(check_cover(links(&[(&[0], &[0, 1]), (&[1], &[]), (&[], &[2])]), 2, 3), Ok(()));
        let skip = check_cover(links(&[(&[0], &[0]), (&[2], &[1])]), 3, 2);
        assert_eq!(skip, Err(CoverError::Misplaced { link: 1, side: Side::Source, found: 2, due: 1, len: 3 }));
        let past = check_cover(links(&[(&[0], &[0]), (&[1], &[1])]), 2, 1);
        assert!(
            past.as_ref().is_err_and(|e| e.to_string().contains("link 2: target segment index 1 does not exist")),
            "{past:?}"
        );
        let short = check_cover(links(&[(&[0], &[0])]), 2, 1);
        assert_eq!(short, Err(CoverError::Short { src: 1, tgt: 1, n: 2, m: 1 }));
    }

    /// A text pair that repeats itself, `src_period` segments against
    /// `tgt_period` (about the same text), with one lexical key a segment.
    fn periodic(src_period: usize, tgt_period: usize, copies: usize) -> (Feats, Feats) {
        let side = |period: usize, total: f32| {
            let mut f = Feats::default();
            for _ in 0..copies {
                for p in 0..period {
                    // Uneven lengths that add up to `total` per period.
                    let w = 1.0 + (p % 3) as f32;
                    let sum: f32 = (0..period).map(|q| 1.0 + (q % 3) as f32).sum();
                    // The same few words in every period: a shift by whole
                    // periods is lexically free.
                    f.push(total * w / sum, 1.0, &[(p * 7 / period) as u32], 0);
                }
            }
            f
        };
        (side(src_period, 1000.0), side(tgt_period, 1100.0))
    }

    fn max_drift(beads: &[Bead], n: usize, m: usize) -> f64 {
        beads.iter().map(|b| (b.j as f64 - b.i as f64 * m as f64 / n as f64).abs()).fold(0.0, f64::max)
    }

    #[test]
    fn coarse_levels_do_not_drift_when_segment_counts_differ() {
        // 7 source against 9 target segments per period, searched from a
        // grid of units of hundreds of segments: nothing but the length
        // model keeps the coarse path from sliding by whole periods. (The
        // drift this guards against showed on the benchmark repeated 1000
        // times; `bench_align --check` runs that case.)
        let (fs, ft) = periodic(7, 9, 3000);
        let model = model_for(&fs, &ft, &Config::default());
        let cfg = Config { full_cells: 2_000, ..Config::default() };
        let beads = align_feats(&fs, &ft, &model, &cfg, false);
        let drift = max_drift(&beads, fs.n(), ft.n());
        assert!(drift <= 9.0, "path drifted {drift} target segments from the diagonal");
    }

    #[test]
    fn local_search_again_joins_the_path_up() {
        let (fs, ft) = periodic(5, 6, 40);
        let model = model_for(&fs, &ft, &Config::default());
        let band = Band::full(fs.n(), ft.n());
        let whole = dp::solve(&fs, &ft, &band, &model, false);
        // Searching again around a few rows inside the same band finds the
        // same optimum there and keeps the rest.
        let again = resolve_near(&fs, &ft, &band, &whole, &[10, 11, 120, 190], 6, &model, false);
        assert_eq!(again.len(), whole.len());
        let mut next = (0, 0);
        for b in &again {
            assert_eq!((b.i, b.j), next, "beads do not join up");
            next = (b.i + b.a, b.j + b.b);
        }
        assert_eq!(next, (fs.n(), ft.n()));
    }

    #[test]
    fn pieces_find_the_same_path_as_one_search() {
        // Long enough to be cut into four pieces.
        let (fs, ft) = periodic(7, 9, 7500);
        let (n, m) = (fs.n(), ft.n());
        let model = model_for(&fs, &ft, &Config::default());
        let band = Band {
            lo: (0..=n).map(|i| if i == 0 { 0 } else { (i * m / n).saturating_sub(12) }).collect(),
            hi: (0..=n).map(|i| if i == n { m } else { (i * m / n + 12).min(m) }).collect(),
        };
        let one = dp::solve(&fs, &ft, &band, &model, true);
        let pieces = dp::solve_in_pieces(&fs, &ft, &band, &model, true);
        assert_eq!(one.len(), pieces.len());
        for (a, b) in one.iter().zip(&pieces) {
            assert_eq!((a.i, a.a, a.j, a.b), (b.i, b.a, b.j, b.b));
            assert!((a.p - b.p).abs() < 1e-6, "posterior {} vs {}", a.p, b.p);
        }
    }
}
