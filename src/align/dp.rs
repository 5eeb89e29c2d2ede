//! Banded dynamic programming over bead sequences, with forward–backward
//! posteriors for the confidence of each bead.
//!
//! Cells are alignment boundaries (i, j): the first i source units and the
//! first j target units are aligned. Each cell has two states, reached by
//! a link or by a 1-0/0-1 bead, so that unaligned units can come in runs
//! (see [`Model::null_run`]). Only cells inside a [`Band`] are visited, so
//! time and memory are O(n · width).

use super::features::{Feats, key_mass};
use super::length::LengthModel;

/// A kind of bead: `a` source units with `b` target units, and its prior cost.
#[derive(Debug, Clone, Copy)]
pub struct BeadType {
    /// Source units.
    pub a: usize,
    /// Target units.
    pub b: usize,
    /// −ln prior probability.
    pub cost: f64,
}

impl BeadType {
    /// A 1-0 or 0-1 bead (or 0-0, which no model allows): a unit left
    /// without a counterpart.
    pub fn is_null(&self) -> bool {
        self.a == 0 || self.b == 0
    }
}

/// Scoring parameters.
#[derive(Debug, Clone)]
pub struct Model {
    /// Length model.
    pub length: LengthModel,
    /// Allowed bead types.
    pub beads: Vec<BeadType>,
    /// Reward in nats per shared lexical key beyond chance.
    pub lambda: f64,
    /// Shared keys expected by chance per pair of content words.
    pub p0: f64,
    /// Scale of costs for posteriors (1 = the model's own nats).
    pub temperature: f64,
    /// Weight of each lexical key (see [`super::features::key_weights`]).
    pub weights: Vec<f32>,
    /// Share of the smaller side's key weight that linked segments of this
    /// text pair share (measured on a first pass; 0 before it).
    pub expect: f64,
    /// Cost in nats per unit of key weight a bead shares less than `expect` predicts.
    pub shortfall: f64,
    /// Charge 1-0 and 0-1 beads the length cost too: for units that stand
    /// for many sentences (merged units of the coarse search, paragraphs,
    /// sections), where leaving one out drops a lot of text.
    pub null_lengths: bool,
    /// Cost in nats of starting a bead, on either side, at a unit that
    /// continues the one before it.
    pub continuation: f64,
    /// Nats added to a 1-0 or 0-1 bead that directly follows another one
    /// (≤ 0): what a translator leaves out or adds tends to come in runs
    /// (a caption block, a paragraph), so the second unaligned unit in a row
    /// is likelier than the first.
    pub null_run: f64,
    /// Cost in nats of a link whose first unit opens a line of dialogue
    /// on one side and not on the other.
    pub dialogue: f64,
    /// Cost in nats of a link whose last unit closes a quotation on one
    /// side and not on the other.
    pub closing: f64,
    /// Cost in nats per sentence by which a link's sides differ in how
    /// many end with each of [`super::features::END_MARKS`].
    pub end_marks: [f64; END_MARK_COUNT],
}

/// Number of end marks the model weighs.
pub const END_MARK_COUNT: usize = super::features::END_MARKS.len();

impl Model {
    /// Largest number of source units in a bead.
    pub fn max_a(&self) -> usize {
        self.beads.iter().map(|b| b.a).max().unwrap_or(1)
    }

    /// Largest number of target units in a bead.
    pub fn max_b(&self) -> usize {
        self.beads.iter().map(|b| b.b).max().unwrap_or(1)
    }
}

/// The cells searched: for each source boundary i (0..=n), target
/// boundaries `lo[i]..=hi[i]`.
#[derive(Debug, Clone)]
pub struct Band {
    /// Lowest target boundary per source boundary.
    pub lo: Vec<usize>,
    /// Highest target boundary per source boundary.
    pub hi: Vec<usize>,
}

impl Band {
    /// Every cell.
    pub fn full(n: usize, m: usize) -> Band {
        Band { lo: vec![0; n + 1], hi: vec![m; n + 1] }
    }

    /// The cells near a path found at a coarser scale, widened by `radius`
    /// target units; coarse boundary g is fine boundary `src_at(g)` on the
    /// source side and `tgt_at(g)` on the target side.
    pub fn around(
        coarse: &[Bead],
        src_at: impl Fn(usize) -> usize,
        tgt_at: impl Fn(usize) -> usize,
        n: usize,
        m: usize,
        radius: usize,
    ) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0usize; n + 1];
        for bd in coarse {
            let (i0, i1) = (src_at(bd.i).min(n), src_at(bd.i + bd.a).min(n));
            let (j0, j1) = (tgt_at(bd.j).min(m), tgt_at(bd.j + bd.b).min(m));
            for i in i0..=i1 {
                lo[i] = lo[i].min(j0);
                hi[i] = hi[i].max(j1);
            }
        }
        // Widen, spreading each row's range to its neighbours too.
        let mut wlo = vec![0; n + 1];
        let mut whi = vec![m; n + 1];
        for i in 0..=n {
            let a = i.saturating_sub(radius);
            let b = (i + radius).min(n);
            let l = (a..=b).map(|r| lo[r]).min().unwrap_or(0);
            let h = (a..=b).map(|r| hi[r]).max().unwrap_or(m);
            wlo[i] = if l == usize::MAX { 0 } else { l.saturating_sub(radius) };
            whi[i] = (h + radius).min(m);
        }
        wlo[0] = 0;
        whi[n] = m;
        Band { lo: wlo, hi: whi }
    }

    /// Widen rows within `extra` of each of `rows` by `extra` target units
    /// on both sides.
    pub fn widen_near(&mut self, rows: &[usize], extra: usize, m: usize) {
        let n = self.lo.len() - 1;
        // Rows are ascending (they come from a path), so the windows can be
        // merged into disjoint runs and each row touched once.
        let mut next = 0;
        for &r in rows {
            let (a, b) = (r.saturating_sub(extra).max(next), (r + extra).min(n));
            for i in a..=b {
                self.lo[i] = self.lo[i].saturating_sub(extra);
                self.hi[i] = (self.hi[i] + extra).min(m);
            }
            next = next.max(b + 1);
        }
    }

    fn width(&self, i: usize) -> usize {
        self.hi[i] + 1 - self.lo[i]
    }

    /// Total number of cells.
    pub fn cells(&self) -> usize {
        (0..self.lo.len()).map(|i| self.width(i)).sum()
    }
}

/// One bead of a solution: source units `i..i+a`, target units `j..j+b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bead {
    /// First source unit.
    pub i: usize,
    /// Number of source units.
    pub a: usize,
    /// First target unit.
    pub j: usize,
    /// Number of target units.
    pub b: usize,
    /// Posterior probability of this bead (1.0 when not computed).
    pub p: f64,
}

impl Bead {
    /// A 1-0 or 0-1 bead: a unit left without a counterpart.
    pub fn is_null(&self) -> bool {
        self.a == 0 || self.b == 0
    }
}

/// Lexical reward of every (source unit, target unit) pair near the band.
/// Weighted shared keys of every (source unit, target unit) pair near the
/// band, and prefix sums of content words for the chance correction.
struct Pairs<'a> {
    /// The units themselves, for their marks (dialogue, end marks).
    src: &'a Feats,
    tgt: &'a Feats,
    lo: Vec<usize>,
    off: Vec<usize>,
    len: Vec<usize>,
    val: Vec<f32>,
    ws: Vec<f64>,
    wt: Vec<f64>,
    /// Prefix sums of each unit's key weight: the most it could share.
    ks: Vec<f64>,
    kt: Vec<f64>,
    /// Cost of a bead starting at each source or target unit.
    starts: Vec<f32>,
    startt: Vec<f32>,
}

impl<'a> Pairs<'a> {
    fn new(src: &'a Feats, tgt: &'a Feats, band: &Band, model: &Model) -> Pairs<'a> {
        let n = src.n();
        let m = tgt.n();
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
        // Shared keys by an inverted index over the target units: for each
        // key of source unit i, the target units near i that have it.
        let max_key = tgt.keys.iter().flatten().copied().max().map_or(0, |k| k as usize + 1);
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); max_key];
        for (j, keys) in tgt.keys.iter().enumerate() {
            for &k in keys {
                postings[k as usize].push(j as u32);
            }
        }
        use rayon::prelude::*;
        let rows: Vec<Vec<f32>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (l, w) = (lo[i], len[i]);
                let mut shared = vec![0f32; w];
                for &k in &src.keys[i] {
                    let Some(list) = postings.get(k as usize) else { continue };
                    let weight = model.weights.get(k as usize).copied().unwrap_or(0.0);
                    let start = list.partition_point(|&j| (j as usize) < l);
                    for &j in list[start..].iter().take_while(|&&j| (j as usize) < l + w) {
                        shared[j as usize - l] += weight;
                    }
                }
                shared
            })
            .collect();
        let mut val = Vec::with_capacity(total);
        for r in rows {
            val.extend(r);
        }
        let mass = |f: &Feats| -> Vec<f32> { f.keys.iter().map(|ks| key_mass(ks, &model.weights)).collect() };
        Pairs {
            src,
            tgt,
            lo,
            off,
            len,
            val,
            ws: prefix(&src.words),
            wt: prefix(&tgt.words),
            ks: prefix(&mass(src)),
            kt: prefix(&mass(tgt)),
            starts: (0..n).map(|i| (model.continuation as f32) * src.continues(i)).collect(),
            startt: (0..m).map(|j| (model.continuation as f32) * tgt.continues(j)).collect(),
        }
    }

    #[inline]
    fn get(&self, i: usize, j: usize) -> f64 {
        let lo = self.lo[i];
        if j < lo || j >= lo + self.len[i] {
            return 0.0;
        }
        self.val[self.off[i] + j - lo] as f64
    }
}

struct Grid<'a> {
    band: &'a Band,
    off: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn new(band: &'a Band) -> Grid<'a> {
        let mut off = Vec::with_capacity(band.lo.len() + 1);
        let mut t = 0;
        for i in 0..band.lo.len() {
            off.push(t);
            t += band.width(i);
        }
        off.push(t);
        Grid { band, off }
    }

    #[inline]
    fn idx(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (self.band.lo[i], self.band.hi[i]);
        (j >= lo && j <= hi).then(|| self.off[i] + j - lo)
    }

    fn size(&self) -> usize {
        *self.off.last().unwrap_or(&0)
    }
}

/// Cost of one bead ending at boundary (i, j).
#[inline]
fn bead_cost(bt: &BeadType, i: usize, j: usize, ps: &[f64], pt: &[f64], pairs: &Pairs<'_>, model: &Model) -> f64 {
    let (i0, j0) = (i - bt.a, j - bt.b);
    let ls = ps[i] - ps[i0];
    let lt = pt[j] - pt[j0];
    // A bead should not begin with the second half of a cut sentence,
    // unless both sides are cut there alike (at the same ";" or ":").
    let (cs, ct) =
        (if bt.a > 0 { pairs.starts[i0] as f64 } else { 0.0 }, if bt.b > 0 { pairs.startt[j0] as f64 } else { 0.0 });
    let start = if bt.a > 0 && bt.b > 0 { (cs - ct).abs() } else { cs + ct };
    // A sentence with no counterpart has no translation whose length could
    // fit or not: its bead costs its prior alone. (Gale & Church charge it
    // the length of a translation of zero characters, which made leaving
    // out a long sentence dearer than gluing it to a neighbour, and the
    // alignment then slid out of step.) Units that stand for many
    // sentences keep that charge: leaving one out drops a lot of text.
    if bt.is_null() {
        return start + if model.null_lengths { bt.cost + model.length.cost(ls, lt) } else { bt.cost };
    }
    let (fs, ft) = (pairs.src, pairs.tgt);
    let dialogue = model.dialogue * (fs.opens(i0) - ft.opens(j0)).abs() as f64
        + model.closing * (fs.closes(i - 1) - ft.closes(j - 1)).abs() as f64
        + end_mismatch(fs.end_marks(i0..i), ft.end_marks(j0..j), model);
    let mut c = start + dialogue + bt.cost + model.length.cost(ls, lt);
    // Shared keys: each unit counts with its best partner inside the bead,
    // so that two sentence pairs merged into a 2-2 bead earn what they
    // would apart, not also the words both sentences happen to share.
    let shared = if bt.a == 1 && bt.b == 1 {
        pairs.get(i0, j0)
    } else {
        let mut s = 0.0;
        for si in i0..i {
            s += (j0..j).map(|tj| pairs.get(si, tj)).fold(0.0, f64::max);
        }
        for tj in j0..j {
            s += (i0..i).map(|si| pairs.get(si, tj)).fold(0.0, f64::max);
        }
        s / 2.0
    };
    // …minus what chance gives between that many words on each side. It
    // grows with the product of the sides' words, but can never exceed
    // what the smaller side could share at all: it saturates there, or two
    // long identical paragraphs would look less alike than two strangers.
    let linear = model.p0 * (pairs.ws[i] - pairs.ws[i0]) * (pairs.wt[j] - pairs.wt[j0]);
    let cap = (pairs.ks[i] - pairs.ks[i0]).min(pairs.kt[j] - pairs.kt[j0]);
    let chance = if cap > 0.0 { cap * -(-linear / cap).exp_m1() } else { 0.0 };
    c -= model.lambda * (shared - chance);
    // Segments that translate each other share about `expect` of their
    // keys; sharing much less is evidence they do not.
    if model.shortfall > 0.0 {
        c += model.shortfall * (model.expect * cap - shared).max(0.0);
    }
    c
}

/// Cost of a link whose source units end with marks `es` and target units
/// with `et` (see [`super::features::end_mark`]): for each mark, by how
/// many sentences the two sides differ. Counted over every sentence of the
/// link, merging two links never hides a mismatch; it only pays off where
/// a mark has moved across a sentence boundary.
#[inline]
fn end_mismatch(es: &[u8], et: &[u8], model: &Model) -> f64 {
    let mut diff = [0i32; END_MARK_COUNT];
    for (marks, sign) in [(es, 1), (et, -1)] {
        for &e in marks {
            if let Some(d) = (e as usize).checked_sub(1).and_then(|k| diff.get_mut(k)) {
                *d += sign;
            }
        }
    }
    diff.iter().zip(&model.end_marks).map(|(d, w)| f64::from(d.abs()) * w).sum()
}

/// The cheaper way into a bead of type `bt` from a cell whose best costs
/// are `linked` (last bead linked) and `null` (last bead 1-0/0-1): the
/// state it comes from, and that cost plus what the transition adds.
#[inline]
fn entry(linked: f64, null: f64, bt: &BeadType, model: &Model) -> (usize, f64) {
    let null = if bt.is_null() { null + model.null_run } else { null };
    if null < linked { (1, null) } else { (0, linked) }
}

fn prefix(v: &[f32]) -> Vec<f64> {
    let mut p = Vec::with_capacity(v.len() + 1);
    p.push(0.0);
    let mut acc = 0.0;
    for x in v {
        acc += *x as f64;
        p.push(acc);
    }
    p
}

/// The evidence for one 1-0 or 0-1 bead of a solution: how much its unit
/// shares with the other text nearby, and what the two alternatives that
/// compete with it (joining the unit to the bead before or after) cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NullEvidence {
    /// The most of the unit's key weight that it shares with any one unit
    /// on the other side of the neighbouring beads, in [0, 1].
    pub share: f64,
    /// Extra cost in nats of joining the unit to the bead before it rather
    /// than leaving it out; `None` at the start, after another 1-0/0-1 bead,
    /// or when the joined link would not be an allowed bead type.
    pub glue_before: Option<f64>,
    /// The same, joining it to the bead after it.
    pub glue_after: Option<f64>,
}

/// How many beads away [`null_evidence`] looks for the nearest links.
const NULL_REACH: usize = 8;

/// [`NullEvidence`] for bead `k` of `beads` (a solution over `src`/`tgt`),
/// or `None` when that bead is not 1-0 or 0-1. Scores only the few units
/// around it, in the whole text's coordinates.
pub fn null_evidence(src: &Feats, tgt: &Feats, beads: &[Bead], k: usize, model: &Model) -> Option<NullEvidence> {
    let bead = beads.get(k)?;
    if bead.a + bead.b != 1 {
        return None;
    }
    let linked = |b: &&Bead| !b.is_null();
    let before = k.checked_sub(1).and_then(|p| beads.get(p)).filter(linked);
    let after = beads.get(k + 1).filter(linked);
    // The segments facing it: up to the nearest links on each side, past
    // other unaligned segments.
    let first = beads[k.saturating_sub(NULL_REACH)..k].iter().rev().find(linked).unwrap_or(bead);
    let last = beads.iter().skip(k + 1).take(NULL_REACH).find(linked).unwrap_or(bead);
    let (i0, j0) = (first.i, first.j);
    let (i1, j1) = (last.i + last.a, last.j + last.b);
    let (ls, lt) = (src.slice(i0..i1), tgt.slice(j0..j1));
    let pairs = Pairs::new(&ls, &lt, &Band::full(ls.n(), lt.n()), model);
    let (ps, pt) = (prefix(&ls.len), prefix(&lt.len));
    let kind = |a: usize, b: usize| model.beads.iter().find(|t| t.a == a && t.b == b).copied();
    // Cost of a bead covering local units [i, i+a) × [j, j+b).
    let cost = |a: usize, b: usize, i: usize, j: usize| -> Option<f64> {
        kind(a, b).map(|t| bead_cost(&t, i + a, j + b, &ps, &pt, &pairs, model))
    };
    let (bi, bj) = (bead.i - i0, bead.j - j0);
    let alone = cost(bead.a, bead.b, bi, bj)?;
    let glue = |nb: &Bead, joined_first: bool| -> Option<f64> {
        let (ni, nj) = (nb.i - i0, nb.j - j0);
        let apart = cost(nb.a, nb.b, ni, nj)? + alone;
        let (gi, gj) = if joined_first { (ni, nj) } else { (bi, bj) };
        Some(cost(nb.a + bead.a, nb.b + bead.b, gi, gj)? - apart)
    };
    // Leaving the unit out also decides whether its unaligned neighbours
    // continue a run (see `Model::null_run`): joining it to the link
    // before makes an unaligned unit after it start a run of its own, and
    // joining it to the link after takes away its own place in a run.
    let null_at = |p: Option<usize>| p.and_then(|p| beads.get(p)).is_some_and(Bead::is_null);
    let (run_before, run_after) = (null_at(k.checked_sub(1)), null_at(Some(k + 1)));
    let glue_before = before.and_then(|b| glue(b, true)).map(|d| d - if run_after { model.null_run } else { 0.0 });
    let glue_after = after.and_then(|b| glue(b, false)).map(|d| d - if run_before { model.null_run } else { 0.0 });
    // Measured as `expect` is: shared weight over the smaller side's, with
    // the partner that shares the most.
    let (ms, mt) = (|i: usize| pairs.ks[i + 1] - pairs.ks[i], |j: usize| pairs.kt[j + 1] - pairs.kt[j]);
    let partners: Vec<(f64, f64)> = if bead.a == 1 {
        (0..lt.n()).map(|j| (pairs.get(bi, j), ms(bi).min(mt(j)))).collect()
    } else {
        (0..ls.n()).map(|i| (pairs.get(i, bj), ms(i).min(mt(bj)))).collect()
    };
    let share = partners
        .iter()
        .copied()
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map_or(0.0, |(shared, cap)| if cap > 0.0 { shared / cap } else { 0.0 });
    Some(NullEvidence { share: share.min(1.0), glue_before, glue_after })
}

/// Target units on each side of the best path searched for posteriors.
const POSTERIOR_RADIUS: usize = 3;

/// Find the cheapest bead sequence inside the band; with `posteriors`, also
/// the posterior probability of each chosen bead (forward–backward).
pub fn solve(src: &Feats, tgt: &Feats, band: &Band, model: &Model, posteriors: bool) -> Vec<Bead> {
    let (n, m) = (src.n(), tgt.n());
    let grid = Grid::new(band);
    let pairs = Pairs::new(src, tgt, band, model);
    let (ps, pt) = (prefix(&src.len), prefix(&tgt.len));
    // Two states per cell: the last bead was linked (or none yet), or it
    // was a 1-0/0-1 bead, whose successor of the same kind costs
    // `null_run` more (see [`Model::null_run`]).
    let mut best = vec![f64::INFINITY; 2 * grid.size()];
    // Bead type, and the state it came from in the top bit.
    let mut back = vec![u8::MAX; 2 * grid.size()];
    if let Some(k) = grid.idx(0, 0) {
        best[2 * k] = 0.0;
    }
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let Some(k) = grid.idx(i, j) else { continue };
            if i == 0 && j == 0 {
                continue;
            }
            let mut b = [f64::INFINITY; 2];
            let mut arg = [u8::MAX; 2];
            for (t, bt) in model.beads.iter().enumerate() {
                if bt.a > i || bt.b > j {
                    continue;
                }
                let Some(prev) = grid.idx(i - bt.a, j - bt.b) else { continue };
                let to = usize::from(bt.is_null());
                let (from, p) = entry(best[2 * prev], best[2 * prev + 1], bt, model);
                if !p.is_finite() {
                    continue;
                }
                let c = p + bead_cost(bt, i, j, &ps, &pt, &pairs, model);
                if c < b[to] {
                    b[to] = c;
                    arg[to] = t as u8 | ((from as u8) << 7);
                }
            }
            best[2 * k..2 * k + 2].copy_from_slice(&b);
            back[2 * k..2 * k + 2].copy_from_slice(&arg);
        }
    }
    // Trace back.
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut state = grid.idx(n, m).map_or(0, |k| usize::from(best[2 * k + 1] < best[2 * k]));
    while i > 0 || j > 0 {
        let Some(k) = grid.idx(i, j) else { break };
        let t = back[2 * k + state];
        if t == u8::MAX {
            break;
        }
        let bt = model.beads[(t & 0x7f) as usize];
        beads.push(Bead { i: i - bt.a, a: bt.a, j: j - bt.b, b: bt.b, p: 1.0 });
        i -= bt.a;
        j -= bt.b;
        state = usize::from(t >> 7);
    }
    beads.reverse();
    if posteriors && !beads.is_empty() {
        // Posteriors over a narrow band around the best path: the
        // alternatives that compete with a bead lie next to it, and this
        // keeps the forward–backward pass to a few cells per row.
        let near = Band::around(&beads, |i| i, |j| j, n, m, POSTERIOR_RADIUS);
        let near_grid = Grid::new(&near);
        let near_pairs = Pairs::new(src, tgt, &near, model);
        let probs = bead_posteriors(&beads, &near_grid, &near, &near_pairs, &ps, &pt, model, n, m);
        for (bd, p) in beads.iter_mut().zip(probs) {
            bd.p = p;
        }
    }
    beads
}

/// Source rows per piece when a long band is searched in pieces.
const PIECE_ROWS: usize = 16_384;

/// Rows by which neighbouring pieces overlap: their paths meet in there.
const PIECE_OVERLAP: usize = 512;

/// [`solve`] on all cores: a long band is cut into overlapping pieces of
/// fixed size (so the result does not depend on the number of threads),
/// each piece is searched from and to the middle of its band, and the
/// pieces are joined where the paths of two neighbours meet, near the
/// middle of their overlap, far from the ends that were guessed. Paths from
/// different starts merge within a few dozen rows in practice; when two
/// never meet, the whole band is searched at once instead.
pub fn solve_in_pieces(src: &Feats, tgt: &Feats, band: &Band, model: &Model, posteriors: bool) -> Vec<Bead> {
    let (n, m) = (src.n(), tgt.n());
    if n < 2 * PIECE_ROWS {
        return solve(src, tgt, band, model, posteriors);
    }
    let pieces = n.div_ceil(PIECE_ROWS);
    use rayon::prelude::*;
    let solved: Vec<Option<Vec<Bead>>> = (0..pieces)
        .into_par_iter()
        .map(|p| {
            let a = (p * PIECE_ROWS).saturating_sub(PIECE_OVERLAP);
            let b = ((p + 1) * PIECE_ROWS + PIECE_OVERLAP).min(n);
            let ja = if a == 0 { 0 } else { (band.lo[a] + band.hi[a]) / 2 };
            let jb = if b == n { m } else { (band.lo[b] + band.hi[b]) / 2 };
            if jb < ja {
                return None;
            }
            let beads = solve_between(src, tgt, band, (a, ja), (b, jb), model, posteriors);
            is_path(&beads, (a, ja), (b, jb)).then_some(beads)
        })
        .collect();
    let mut solved = solved.into_iter();
    let Some(Some(mut out)) = solved.next() else { return solve(src, tgt, band, model, posteriors) };
    for (p, next) in solved.enumerate() {
        let Some(next) = next else { return solve(src, tgt, band, model, posteriors) };
        let split = (p + 1) * PIECE_ROWS;
        let window = split.saturating_sub(PIECE_OVERLAP / 2)..=split + PIECE_OVERLAP / 2;
        let ours: std::collections::HashMap<(usize, usize), usize> = out
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, b)| b.i >= *window.start())
            .filter(|(_, b)| window.contains(&b.i))
            .map(|(k, b)| ((b.i, b.j), k))
            .collect();
        let meet = next
            .iter()
            .enumerate()
            .filter_map(|(k, b)| ours.get(&(b.i, b.j)).map(|&o| (b.i.abs_diff(split), o, k)))
            .min();
        let Some((_, o, k)) = meet else { return solve(src, tgt, band, model, posteriors) };
        out.truncate(o);
        out.extend_from_slice(&next[k..]);
    }
    out
}

/// [`solve`] on the part of `band` between boundaries `from` and `to`
/// (the path must start and end there), in the whole text's coordinates.
pub fn solve_between(
    src: &Feats,
    tgt: &Feats,
    band: &Band,
    from: (usize, usize),
    to: (usize, usize),
    model: &Model,
    posteriors: bool,
) -> Vec<Bead> {
    let ((i0, j0), (i1, j1)) = (from, to);
    let mut sub = Band {
        lo: (i0..=i1).map(|r| band.lo[r].clamp(j0, j1) - j0).collect(),
        hi: (i0..=i1).map(|r| band.hi[r].clamp(j0, j1) - j0).collect(),
    };
    sub.lo[0] = 0;
    if let Some(h) = sub.hi.last_mut() {
        *h = j1 - j0;
    }
    let beads = solve(&src.slice(i0..i1), &tgt.slice(j0..j1), &sub, model, posteriors);
    beads.into_iter().map(|bd| Bead { i: bd.i + i0, j: bd.j + j0, ..bd }).collect()
}

/// Whether `beads` run without a gap from boundary `from` to `to`.
fn is_path(beads: &[Bead], from: (usize, usize), to: (usize, usize)) -> bool {
    let mut at = from;
    for b in beads {
        if (b.i, b.j) != at {
            return false;
        }
        at = (b.i + b.a, b.j + b.b);
    }
    at == to
}

/// ln Σ exp(x) over a few terms, with one exp per term.
#[inline]
fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

#[allow(clippy::too_many_arguments)]
fn bead_posteriors(
    beads: &[Bead],
    grid: &Grid<'_>,
    band: &Band,
    pairs: &Pairs<'_>,
    ps: &[f64],
    pt: &[f64],
    model: &Model,
    n: usize,
    m: usize,
) -> Vec<f64> {
    let t = model.temperature.max(1e-6);
    // Log-weight of entering a bead of type `bt` from each state (see
    // [`solve`]).
    let run = |bt: &BeadType| if bt.is_null() { -model.null_run / t } else { 0.0 };
    // The forward and backward passes are independent: run them side by side.
    let forward = || {
        let mut alpha = vec![f64::NEG_INFINITY; 2 * grid.size()];
        if let Some(k) = grid.idx(0, 0) {
            alpha[2 * k] = 0.0;
        }
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i] {
                let Some(k) = grid.idx(i, j) else { continue };
                if i == 0 && j == 0 {
                    continue;
                }
                let mut terms = [[f64::NEG_INFINITY; 32]; 2];
                let mut nt = [0; 2];
                for bt in &model.beads {
                    if bt.a > i || bt.b > j {
                        continue;
                    }
                    let Some(prev) = grid.idx(i - bt.a, j - bt.b) else { continue };
                    let (linked, null) = (alpha[2 * prev], alpha[2 * prev + 1] + run(bt));
                    let to = usize::from(bt.is_null());
                    if linked.max(null) == f64::NEG_INFINITY || nt[to] + 2 > terms[to].len() {
                        continue;
                    }
                    let c = bead_cost(bt, i, j, ps, pt, pairs, model) / t;
                    terms[to][nt[to]] = linked - c;
                    terms[to][nt[to] + 1] = null - c;
                    nt[to] += 2;
                }
                for s in 0..2 {
                    alpha[2 * k + s] = log_sum_exp(&terms[s][..nt[s]]);
                }
            }
        }
        alpha
    };
    let backward = || {
        let mut beta = vec![f64::NEG_INFINITY; 2 * grid.size()];
        if let Some(k) = grid.idx(n, m) {
            beta[2 * k] = 0.0;
            beta[2 * k + 1] = 0.0;
        }
        for i in (0..=n).rev() {
            for j in (band.lo[i]..=band.hi[i]).rev() {
                let Some(k) = grid.idx(i, j) else { continue };
                if i == n && j == m {
                    continue;
                }
                let mut terms = [[f64::NEG_INFINITY; 16]; 2];
                let mut nt = 0;
                for bt in &model.beads {
                    if i + bt.a > n || j + bt.b > m {
                        continue;
                    }
                    let Some(next) = grid.idx(i + bt.a, j + bt.b) else { continue };
                    let after = beta[2 * next + usize::from(bt.is_null())];
                    if after == f64::NEG_INFINITY || nt == terms[0].len() {
                        continue;
                    }
                    let c = after - bead_cost(bt, i + bt.a, j + bt.b, ps, pt, pairs, model) / t;
                    terms[0][nt] = c;
                    terms[1][nt] = c + run(bt);
                    nt += 1;
                }
                for s in 0..2 {
                    beta[2 * k + s] = log_sum_exp(&terms[s][..nt]);
                }
            }
        }
        beta
    };
    let (alpha, beta) = rayon::join(forward, backward);
    let z = grid.idx(n, m).map_or(f64::NEG_INFINITY, |k| log_sum_exp(&alpha[2 * k..2 * k + 2]));
    beads
        .iter()
        .map(|bd| {
            let bt = BeadType {
                a: bd.a,
                b: bd.b,
                cost: model.beads.iter().find(|x| x.a == bd.a && x.b == bd.b).map_or(0.0, |x| x.cost),
            };
            let (Some(s), Some(e)) = (grid.idx(bd.i, bd.j), grid.idx(bd.i + bd.a, bd.j + bd.b)) else { return 0.0 };
            let c = bead_cost(&bt, bd.i + bd.a, bd.j + bd.b, ps, pt, pairs, model) / t;
            let into = log_sum_exp(&[alpha[2 * s], alpha[2 * s + 1] + run(&bt)]);
            let lp = into - c + beta[2 * e + usize::from(bt.is_null())] - z;
            lp.exp().clamp(0.0, 1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Config, model_for};

    #[test]
    fn merging_links_never_hides_an_end_mark_mismatch() {
        let mut model = model_for(&Feats::default(), &Feats::default(), &Config::default());
        model.end_marks = [1.0, 2.0];
        let (excl, quest) = (1, 2);
        // "Yeah..." / "I can ask him." against "Jú," / "ég get alveg spurt hann.".
        assert_eq!(end_mismatch(&[0, 0], &[0, 0], &model), 0.0);
        // "I guess so." / "You know it." against "Já er það ekki bara?" / "Jú.":
        // the question costs the same split or merged.
        let split = end_mismatch(&[0], &[quest], &model) + end_mismatch(&[0], &[0], &model);
        assert_eq!(split, 2.0);
        assert_eq!(end_mismatch(&[0, 0], &[quest, 0], &model), split);
        // A mark that moved across a sentence boundary: merged, it matches.
        let moved = end_mismatch(&[excl], &[0], &model) + end_mismatch(&[0], &[excl], &model);
        assert_eq!(moved, 2.0);
        assert_eq!(end_mismatch(&[excl, 0], &[0, excl], &model), 0.0);
    }
}
