//! What a bead costs: every cue of the table ([`super::cues`]) summed over
//! the units of one search, in two steps so that a search can drop a bead
//! that cannot win before paying for the costly part.

use super::cues::{CONTINUES, Cue, MARKS, Model, Scope, mark_bit};
use super::dp::{Band, BeadType};
use super::features::{Feats, Shared, key_mass, prefix};

/// Everything a bead's cost needs about the units of one search, computed
/// once: prefix sums of lengths, words, key weight and marks, each unit's
/// start cost, and the shared key weight of the unit pairs near the band.
pub struct Scorer<'a> {
    model: &'a Model,
    src: &'a Feats,
    tgt: &'a Feats,
    ps: Vec<f64>,
    pt: Vec<f64>,
    ws: Vec<f64>,
    wt: Vec<f64>,
    /// Prefix sums of each unit's key weight: the most it could share.
    ks: Vec<f64>,
    kt: Vec<f64>,
    /// Cost of a bead starting at each source or target unit.
    starts: Vec<f32>,
    startt: Vec<f32>,
    /// Prefix counts of each [`Scope::All`] mark (zero for the others).
    cs: Vec<[i32; MARKS.len()]>,
    ct: Vec<[i32; MARKS.len()]>,
    /// Prefix counts of the units with any mark of [`MARKS`].
    anys: Vec<u32>,
    anyt: Vec<u32>,
    shared: Shared,
    /// Whether any mark costs something.
    marks: bool,
}

/// Most units on a side of the beads that [`Near`] serves.
const NEAR: usize = 4;

/// The shared key weights of the unit pairs that the beads ending at one
/// cell (i, j) hold, read once for all of them: most bead types are a
/// column or a row of pairs (n-1, 1-n) or a square of four (2-2).
#[derive(Debug, Clone, Copy, Default)]
pub struct Near {
    /// `up[k]`: source unit i - 1 - k with target unit j - 1.
    up: [f32; NEAR],
    /// `left[k]`: source unit i - 1 with target unit j - 1 - k.
    left: [f32; NEAR],
    /// Source unit i - 2 with target unit j - 2.
    diag: f32,
}

impl Near {
    /// [`Scorer::bead_shared`] of an `a`-`b` bead, for the shapes held
    /// here: each unit's best partner, the source units' then the target
    /// units' in order, added up as there (so the sum is the same to the
    /// last bit; the maxima are exact whatever their order).
    #[inline]
    fn bead_shared(&self, a: usize, b: usize) -> Option<f64> {
        let most = |v: &[f32]| v.iter().fold(0f32, |m, &x| if x > m { x } else { m });
        let (up, left) = (&self.up, &self.left);
        let s = match (a, b) {
            (1, 1) => return Some(f64::from(up[0])),
            (a, 1) if a <= NEAR => {
                // Source units i - a..i, each against target unit j - 1…
                let mut s = 0.0;
                for k in (0..a).rev() {
                    s += f64::from(up[k]);
                }
                // …and that unit's best among them.
                s + f64::from(most(&up[..a]))
            }
            (1, b) if b <= NEAR => {
                let mut s = f64::from(most(&left[..b]));
                for k in (0..b).rev() {
                    s += f64::from(left[k]);
                }
                s
            }
            (2, 2) => {
                let rows = [most(&[self.diag, up[1]]), most(&[left[1], left[0]])];
                let cols = [most(&[self.diag, left[1]]), most(&[up[1], up[0]])];
                rows.iter().chain(&cols).fold(0.0, |s, &x| s + f64::from(x))
            }
            _ => return None,
        };
        Some(s / 2.0)
    }
}

/// A bead's cost in two steps, so that a search can drop a link that
/// cannot win before paying for the costly part of its cost (the length
/// cost's error function, the chance term's exponential).
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// A 1-0/0-1 bead's whole cost.
    Whole(f64),
    /// A link's prior, start and mark costs, and the key weight it shares.
    Link {
        /// Prior, start and mark costs.
        base: f64,
        /// Shared key weight.
        shared: f64,
    },
}

impl<'a> Scorer<'a> {
    /// The scorer for beads inside `band` (and reaching into it).
    pub fn new(src: &'a Feats, tgt: &'a Feats, band: &Band, model: &'a Model) -> Scorer<'a> {
        let (n, m) = (src.n(), tgt.n());
        let mass = |f: &Feats| -> Vec<f32> { (0..f.n()).map(|i| key_mass(f.keys(i), &model.weights)).collect() };
        let start = |f: &Feats| -> Vec<f32> {
            f.marks.iter().map(|&b| (model.continuation as f32) * f32::from(b & CONTINUES)).collect()
        };
        Scorer {
            model,
            src,
            tgt,
            ps: prefix(&src.len),
            pt: prefix(&tgt.len),
            ws: prefix(&src.words),
            wt: prefix(&tgt.words),
            ks: prefix(&mass(src)),
            kt: prefix(&mass(tgt)),
            starts: start(src),
            startt: start(tgt),
            cs: mark_counts(src),
            ct: mark_counts(tgt),
            anys: marked_counts(src),
            anyt: marked_counts(tgt),
            shared: Shared::new(src, tgt, band, model, n, m),
            marks: model.marks.iter().any(|&w| w != 0.0),
        }
    }

    /// Shared key weight of source unit `i` and target unit `j` (0 outside
    /// the band).
    #[inline]
    pub fn shared(&self, i: usize, j: usize) -> f64 {
        f64::from(self.shared_f32(i, j))
    }

    /// [`Scorer::shared`], as stored.
    #[inline]
    fn shared_f32(&self, i: usize, j: usize) -> f32 {
        let s = &self.shared;
        let lo = s.lo[i];
        if j < lo || j >= lo + s.len[i] {
            return 0.0;
        }
        s.val[s.off[i] + j - lo]
    }

    /// Key weight of source unit `i`: the most it could share.
    pub fn src_mass(&self, i: usize) -> f64 {
        self.ks[i + 1] - self.ks[i]
    }

    /// Key weight of target unit `j`.
    pub fn tgt_mass(&self, j: usize) -> f64 {
        self.kt[j + 1] - self.kt[j]
    }

    /// Cost in nats of a bead of type `bt` ending at boundary (i, j).
    #[inline]
    pub fn cost(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        match self.part(bt, i, j) {
            Part::Whole(c) => c,
            part @ Part::Link { .. } => self.rest(part, bt, i, j),
        }
    }

    /// [`Scorer::cost`], reading shared weights from `near` (that of the
    /// cell (i, j)).
    #[inline]
    pub fn cost_near(&self, bt: &BeadType, i: usize, j: usize, near: &Near) -> f64 {
        match self.part_near(bt, i, j, Some(near)) {
            Part::Whole(c) => c,
            part @ Part::Link { .. } => self.rest(part, bt, i, j),
        }
    }

    /// The shared weights that the beads ending at cell (i, j) read.
    #[inline]
    pub fn near(&self, i: usize, j: usize) -> Near {
        let mut near = Near::default();
        if i > 0 && j > 0 {
            for (k, v) in near.up.iter_mut().enumerate().take(i) {
                *v = self.shared_f32(i - 1 - k, j - 1);
            }
            // Row i - 1's stored pairs, read as one slice.
            let s = &self.shared;
            let (lo, row) = (s.lo[i - 1], &s.val[s.off[i - 1]..s.off[i - 1] + s.len[i - 1]]);
            for (k, v) in near.left.iter_mut().enumerate().take(j) {
                *v = (j - 1 - k).checked_sub(lo).and_then(|x| row.get(x)).copied().unwrap_or(0.0);
            }
            if i > 1 && j > 1 {
                near.diag = self.shared_f32(i - 2, j - 2);
            }
        }
        near
    }

    /// A bead's cost, or for a link the part that is cheap to compute
    /// (see [`Part`]).
    #[inline]
    pub fn part(&self, bt: &BeadType, i: usize, j: usize) -> Part {
        self.part_near(bt, i, j, None)
    }

    /// [`Scorer::part`], reading shared weights from `near` when given
    /// (that of the cell (i, j)).
    #[inline]
    pub fn part_near(&self, bt: &BeadType, i: usize, j: usize, near: Option<&Near>) -> Part {
        // Omission: a sentence with no counterpart has no translation whose
        // length could fit or not, so its bead costs its prior alone. (Gale
        // & Church charge it the length of a translation of zero
        // characters, which made leaving out a long sentence dearer than
        // gluing it to a neighbour, and the alignment then slid out of
        // step.) Units that stand for many sentences keep that charge:
        // leaving one out drops a lot of text.
        if bt.is_null() {
            return Part::Whole(self.null_cost(bt, i, j));
        }
        let (i0, j0) = (i - bt.a, j - bt.b);
        // Cut sentences: a bead should not begin with the second half of a
        // cut sentence, unless both sides are cut there alike (at the same
        // ";" or ":").
        let start = (self.starts[i0] as f64 - self.startt[j0] as f64).abs();
        // (Before the first pass has measured them, the marks cost nothing.)
        let base = if self.marks { start + self.mark_costs(i0..i, j0..j) + bt.cost } else { start + bt.cost };
        let shared = match near.and_then(|nr| nr.bead_shared(bt.a, bt.b)) {
            Some(s) => s,
            None => self.bead_shared(bt, i, j),
        };
        Part::Link { base, shared }
    }

    /// The whole cost of a 1-0 or 0-1 bead `bt` ending at (i, j): its
    /// start's cost and its prior (see [`Scorer::part`]).
    #[inline(always)]
    pub fn null_cost(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        let (i0, j0) = (i - bt.a, j - bt.b);
        let cs = if bt.a > 0 { self.starts[i0] as f64 } else { 0.0 };
        let ct = if bt.b > 0 { self.startt[j0] as f64 } else { 0.0 };
        let prior = if self.model.null_lengths { bt.cost + self.length(i0..i, j0..j) } else { bt.cost };
        (cs + ct) + prior
    }

    /// A lower bound of the cost of a bead of type `bt` ending at (i, j),
    /// cheaper still than [`Scorer::part`]: no marks, and the shared weight
    /// bounded by each unit's best partner. A 1-0/0-1 bead's cost exactly.
    // Always inlined, with `bound` and `null_cost`: the search calls it for
    // every candidate bead (1.6 M times on the ×10 bench), and as calls
    // they cost 3 % of `align` (callgrind).
    #[inline(always)]
    pub fn quick(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        if bt.is_null() {
            return self.null_cost(bt, i, j);
        }
        let (i0, j0) = (i - bt.a, j - bt.b);
        let (cs, ct) = (self.starts[i0] as f64, self.startt[j0] as f64);
        let base = (cs - ct).abs() + bt.cost;
        let shared = if bt.a == 1 && bt.b == 1 {
            self.shared(i0, j0)
        } else {
            let s = &self.shared;
            ((s.row_best[i] - s.row_best[i0]) + (s.col_best[j] - s.col_best[j0])) / 2.0
        };
        self.bound(Part::Link { base, shared }, bt, i, j)
    }

    /// A lower bound of the cost of a bead of type `bt` ending at (i, j)
    /// whose cheap part is `part`: the rest never lowers it when λ ≥ 0
    /// (chance and shortfall only add, rounding included), and the length
    /// cost is at least [`super::length::LengthModel::floor`].
    #[inline(always)]
    pub fn bound(&self, part: Part, bt: &BeadType, i: usize, j: usize) -> f64 {
        match part {
            Part::Whole(c) => c,
            Part::Link { base, shared } if self.model.lambda >= 0.0 => {
                let reward = self.model.lambda * shared;
                let floor = if self.model.uses.has(Cue::Length) {
                    let ls = self.ps[i] - self.ps[i - bt.a];
                    let lt = self.pt[j] - self.pt[j - bt.b];
                    self.model.length.floor(ls, lt).max(0.0)
                } else {
                    0.0
                };
                // The shortfall is cheap once the shared weight is known (and
                // only lower for an upper bound of it).
                let model = self.model;
                let short = if model.shortfall > 0.0 {
                    let (i0, j0) = (i - bt.a, j - bt.b);
                    let cap = (self.ks[i] - self.ks[i0]).min(self.kt[j] - self.kt[j0]);
                    model.shortfall * (model.expect * cap - shared).max(0.0)
                } else {
                    0.0
                };
                // Less a margin far above what rounding the terms in another
                // order could change.
                base - reward + floor + short - 1e-9 * (1.0 + base.abs() + reward.abs() + floor + short)
            }
            Part::Link { .. } => f64::NEG_INFINITY,
        }
    }

    /// The whole cost of a bead from its [`Part`].
    #[inline]
    pub fn rest(&self, part: Part, bt: &BeadType, i: usize, j: usize) -> f64 {
        let Part::Link { base, shared } = part else {
            return self.bound(part, bt, i, j);
        };
        let model = self.model;
        let (i0, j0) = (i - bt.a, j - bt.b);
        let mut c = base + self.length(i0..i, j0..j);
        // Lexical cues: less λ per unit of key weight the link shares beyond
        // what chance gives between that many words on each side. Chance
        // grows with the product of the sides' words, but can never exceed
        // what the smaller side could share at all: it saturates there, or
        // two long identical paragraphs would look less alike than two
        // strangers.
        let linear = model.p0 * (self.ws[i] - self.ws[i0]) * (self.wt[j] - self.wt[j0]);
        let cap = (self.ks[i] - self.ks[i0]).min(self.kt[j] - self.kt[j0]);
        let chance = if cap > 0.0 { cap * -(-linear / cap).exp_m1() } else { 0.0 };
        c -= model.lambda * (shared - chance);
        // Shortfall: segments that translate each other share about
        // `expect` of their keys; sharing much less is evidence they do not.
        if model.shortfall > 0.0 {
            c += model.shortfall * (model.expect * cap - shared).max(0.0);
        }
        c
    }

    /// The length cue of units `src` against `tgt`.
    #[inline]
    fn length(&self, src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> f64 {
        if !self.model.uses.has(Cue::Length) {
            return 0.0;
        }
        let ls = self.ps[src.end] - self.ps[src.start];
        let lt = self.pt[tgt.end] - self.pt[tgt.start];
        self.model.length.cost(ls, lt)
    }

    /// Shared key weight of a link: each unit counts with its best partner
    /// inside the bead, so that two sentence pairs merged into a 2-2 bead
    /// earn what they would apart, not also the words both sentences
    /// happen to share.
    #[inline]
    fn bead_shared(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        let (i0, j0) = (i - bt.a, j - bt.b);
        if bt.a == 1 && bt.b == 1 {
            return self.shared(i0, j0);
        }
        let mut s = 0.0;
        for si in i0..i {
            s += (j0..j).map(|tj| self.shared(si, tj)).fold(0.0, f64::max);
        }
        for tj in j0..j {
            s += (i0..i).map(|si| self.shared(si, tj)).fold(0.0, f64::max);
        }
        s / 2.0
    }

    /// Dialogue, closing and end marks: what a link pays for the marks
    /// its two sides do not share. Counted over every sentence of the link
    /// ([`Scope::All`]), merging two links never hides a mismatch; it only
    /// pays off where a mark has moved across a sentence boundary.
    #[inline]
    pub(crate) fn mark_costs(&self, src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> f64 {
        // Most links have no mark on either side: each term below is then
        // a weight times zero, and the sum +0.0.
        if self.anys[src.end] == self.anys[src.start] && self.anyt[tgt.end] == self.anyt[tgt.start] {
            return 0.0;
        }
        let (fs, ft) = (self.src, self.tgt);
        let (mut ends, mut counted) = (0.0, 0.0);
        for (k, m) in MARKS.iter().enumerate() {
            let w = self.model.marks[k];
            let bit = mark_bit(k);
            let on = |f: &Feats, i: usize| i32::from(f.marks[i] & bit != 0);
            let d = match m.scope {
                Scope::First => on(fs, src.start) - on(ft, tgt.start),
                Scope::Last => on(fs, src.end - 1) - on(ft, tgt.end - 1),
                Scope::All => {
                    let d =
                        (self.cs[src.end][k] - self.cs[src.start][k]) - (self.ct[tgt.end][k] - self.ct[tgt.start][k]);
                    counted += w * f64::from(d.abs());
                    continue;
                }
            };
            ends += w * f64::from(d.abs());
        }
        ends + counted
    }
}

/// Prefix counts of the units having any of [`MARKS`].
fn marked_counts(f: &Feats) -> Vec<u32> {
    let any = (0..MARKS.len()).fold(0u8, |b, k| b | mark_bit(k));
    let mut out = Vec::with_capacity(f.n() + 1);
    let mut acc = 0u32;
    out.push(acc);
    for &b in &f.marks {
        acc += u32::from(b & any != 0);
        out.push(acc);
    }
    out
}

/// Prefix counts of the [`Scope::All`] marks of each unit.
fn mark_counts(f: &Feats) -> Vec<[i32; MARKS.len()]> {
    let mut out = Vec::with_capacity(f.n() + 1);
    let mut acc = [0i32; MARKS.len()];
    out.push(acc);
    for &b in &f.marks {
        for (k, m) in MARKS.iter().enumerate() {
            if m.scope == Scope::All && b & mark_bit(k) != 0 {
                acc[k] += 1;
            }
        }
        out.push(acc);
    }
    out
}
