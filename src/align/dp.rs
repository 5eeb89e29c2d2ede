//! Banded dynamic programming over bead sequences, with forward–backward
//! posteriors for the confidence of each bead.
//!
//! Cells are alignment boundaries (i, j): the first i source units and the
//! first j target units are aligned. Each cell has three states, reached by
//! a link, a 1-0 or a 0-1 bead, so that unaligned units can come in runs on
//! one side (see [`Model::null_run`]) and seldom on both sides at one place
//! (see [`Model::null_cross`]). Only cells inside a [`Band`] are visited, so
//! time and memory are O(n · width).

pub use super::cues::Model;
use super::cues::Scorer;
use super::features::Feats;
use super::posterior::bead_posteriors;

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

    /// The state of the cell a bead of this type ends in: [`LINKED`],
    /// [`SRC_LEFT`] or [`TGT_LEFT`].
    #[inline]
    pub fn state(&self) -> usize {
        state_of(self.a, self.b)
    }
}

/// States of a cell: the last bead was a link (or there is none yet)…
pub const LINKED: usize = 0;
/// …a 1-0 bead (a source unit left out)…
pub const SRC_LEFT: usize = 1;
/// …or a 0-1 bead.
pub const TGT_LEFT: usize = 2;
/// Number of states per cell.
pub const STATES: usize = 3;

#[inline]
fn state_of(a: usize, b: usize) -> usize {
    if b == 0 {
        SRC_LEFT
    } else if a == 0 {
        TGT_LEFT
    } else {
        LINKED
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

    /// The state of the cell this bead ends in (see [`BeadType::state`]).
    pub fn state(&self) -> usize {
        state_of(self.a, self.b)
    }
}

pub(super) struct Grid<'a> {
    pub(super) band: &'a Band,
    pub(super) off: Vec<usize>,
}

impl<'a> Grid<'a> {
    pub(super) fn new(band: &'a Band) -> Grid<'a> {
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
    pub(super) fn idx(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (self.band.lo[i], self.band.hi[i]);
        (j >= lo && j <= hi).then(|| self.off[i] + j - lo)
    }

    pub(super) fn size(&self) -> usize {
        *self.off.last().unwrap_or(&0)
    }

    pub(super) fn rows(&self) -> usize {
        self.band.lo.len()
    }

    pub(super) fn width(&self, i: usize) -> usize {
        self.band.width(i)
    }
}

/// The cheapest way into a bead from a cell whose best costs per state are
/// `from`, `enter` being what entering the bead from each state adds (see
/// [`Model::enter`]): the state it comes from, and that cost plus what the
/// transition adds (ties go to the lower state).
#[inline]
fn entry(from: &[f64], enter: &[f64; STATES]) -> (usize, f64) {
    let mut best = (LINKED, from[LINKED]);
    for s in [SRC_LEFT, TGT_LEFT] {
        let c = from[s] + enter[s];
        if c < best.1 {
            best = (s, c);
        }
    }
    best
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
pub(crate) fn null_evidence(src: &Feats, tgt: &Feats, beads: &[Bead], k: usize, model: &Model) -> Option<NullEvidence> {
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
    let band = Band::full(ls.n(), lt.n());
    let scorer = Scorer::new(&ls, &lt, &band, model);
    let kind = |a: usize, b: usize| model.beads.iter().find(|t| t.a == a && t.b == b).copied();
    // Cost of a bead covering local units [i, i+a) × [j, j+b).
    let cost =
        |a: usize, b: usize, i: usize, j: usize| -> Option<f64> { kind(a, b).map(|t| scorer.cost(&t, i + a, j + b)) };
    let (bi, bj) = (bead.i - i0, bead.j - j0);
    let alone = cost(bead.a, bead.b, bi, bj)?;
    let glue = |nb: &Bead, joined_first: bool| -> Option<f64> {
        let (ni, nj) = (nb.i - i0, nb.j - j0);
        let apart = cost(nb.a, nb.b, ni, nj)? + alone;
        let (gi, gj) = if joined_first { (ni, nj) } else { (bi, bj) };
        Some(cost(nb.a + bead.a, nb.b + bead.b, gi, gj)? - apart)
    };
    // Leaving the unit out also decides what entering its unaligned
    // neighbours costs (see `Model::enter`): joining it to the link before
    // makes an unaligned unit after it start afresh, and joining it to the
    // link after takes away what it paid for following the one before.
    let entered = |from: Option<&Bead>, to: Option<&Bead>| match (from, to) {
        (Some(f), Some(t)) if t.is_null() => model.enter_state(t.state(), f.state()),
        _ => 0.0,
    };
    let previous = k.checked_sub(1).and_then(|p| beads.get(p));
    let (enter_next, enter_own) = (entered(Some(bead), beads.get(k + 1)), entered(previous, Some(bead)));
    let glue_before = before.and_then(|b| glue(b, true)).map(|d| d - enter_next);
    let glue_after = after.and_then(|b| glue(b, false)).map(|d| d - enter_own);
    // Measured as `expect` is: shared weight over the smaller side's, with
    // the partner that shares the most.
    let (ms, mt) = (|i: usize| scorer.src_mass(i), |j: usize| scorer.tgt_mass(j));
    let partners: Vec<(f64, f64)> = if bead.a == 1 {
        (0..lt.n()).map(|j| (scorer.shared(bi, j), ms(bi).min(mt(j)))).collect()
    } else {
        (0..ls.n()).map(|i| (scorer.shared(i, bj), ms(i).min(mt(bj)))).collect()
    };
    let share = partners
        .iter()
        .copied()
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map_or(0.0, |(shared, cap)| if cap > 0.0 { shared / cap } else { 0.0 });
    Some(NullEvidence { share: share.min(1.0), glue_before, glue_after })
}

/// A bead type as [`solve`] reads it.
struct Kind {
    a: usize,
    b: usize,
    /// The state of the cell it ends in.
    to: usize,
    /// A 1-0 or 0-1 bead.
    null: bool,
    /// What entering it from each state adds (see [`Model::enter`]).
    enter: [f64; STATES],
}

/// Most bead types a model may have.
pub const MAX_BEADS: usize = 16;

/// Bits of a back pointer that hold the bead type (`MAX_BEADS` fits); the
/// state it came from is above them.
const TYPE_BITS: u32 = 4;
const TYPE_MASK: u8 = (1 << TYPE_BITS) - 1;
// The bead type and the state fit a byte, below the u8::MAX that marks none.
const _: () = assert!(MAX_BEADS <= 1 << TYPE_BITS && (STATES - 1) << TYPE_BITS | (MAX_BEADS - 1) < u8::MAX as usize);

/// Target units on each side of the best path searched for posteriors.
/// Beads further off carry no weight that shows: with 2 instead of 3, the
/// confidences of the en–fr dev novels moved by at most 0.001, and those
/// of the de–fr dev text ×10 not at all (to the three decimals written).
const POSTERIOR_RADIUS: usize = 2;

/// Find the cheapest bead sequence inside the band; with `posteriors`, also
/// the posterior probability of each chosen bead (forward–backward).
pub(crate) fn solve(src: &Feats, tgt: &Feats, band: &Band, model: &Model, posteriors: bool) -> Vec<Bead> {
    let (n, m) = (src.n(), tgt.n());
    let grid = Grid::new(band);
    let scorer = Scorer::new(src, tgt, band, model);
    // Three states per cell (see [`STATES`]): an unaligned unit after
    // another costs what [`Model::enter`] says.
    let mut best = vec![f64::INFINITY; STATES * grid.size()];
    // Bead type in the low bits, the state it came from above them.
    let mut back = vec![u8::MAX; STATES * grid.size()];
    if let Some(k) = grid.idx(0, 0) {
        best[STATES * k] = 0.0;
    }
    // Each bead type as the search reads it, once per search: its units,
    // the state it ends in, and what entering it from each state adds.
    let kinds: Vec<Kind> = model
        .beads
        .iter()
        .take(MAX_BEADS)
        .map(|bt| Kind {
            a: bt.a,
            b: bt.b,
            to: bt.state(),
            null: bt.is_null(),
            enter: std::array::from_fn(|s| model.enter(bt, s)),
        })
        .collect();
    let max_a = kinds.iter().map(|kd| kd.a).max().unwrap_or(0);
    // The band's cells of rows i - a, a = 0..=max_a, as (lo, hi, offset):
    // a bead of a source units starts in row i - a. (An empty range, lo >
    // hi, before the first row.)
    let mut rows = vec![(1usize, 0usize, 0usize); max_a + 1];
    for i in 0..=n {
        for (a, r) in rows.iter_mut().enumerate() {
            *r = if a <= i { (band.lo[i - a], band.hi[i - a], grid.off[i - a]) } else { (1, 0, 0) };
        }
        let (lo, hi, off) = rows[0];
        for j in lo..=hi {
            let k = off + (j - lo);
            if i == 0 && j == 0 {
                continue;
            }
            let mut b = [f64::INFINITY; STATES];
            let mut arg = [u8::MAX; STATES];
            // Each bead's way in and the cheap part of its cost first; the
            // bead that looks best is finished first, so that the others
            // can be dropped when even their cheap part costs more. Ties go
            // to the first bead type, as in a plain scan.
            let mut cand = [(0u8, 0.0f64, 0.0f64); MAX_BEADS];
            let mut nc = 0;
            let mut first = [usize::MAX; STATES];
            for (t, kd) in kinds.iter().enumerate() {
                if kd.b > j {
                    continue;
                }
                let (plo, phi, poff) = rows[kd.a];
                let pj = j - kd.b;
                if pj < plo || pj > phi {
                    continue;
                }
                let prev = poff + (pj - plo);
                let (from, p) = entry(&best[STATES * prev..STATES * prev + STATES], &kd.enter);
                if !p.is_finite() {
                    continue;
                }
                let bt = &model.beads[t];
                let lb = p + if kd.null { scorer.null_cost(bt, i, j) } else { scorer.quick(bt, i, j) };
                let to = kd.to;
                if first[to] == usize::MAX || lb < cand[first[to]].2 {
                    first[to] = nc;
                }
                cand[nc] = (t as u8 | ((from as u8) << TYPE_BITS), p, lb);
                nc += 1;
            }
            let order = first.into_iter().filter(|&x| x != usize::MAX).chain(0..nc);
            // The shared weights of this cell's beads, read when the first
            // link gets past its quick bound.
            let mut near = None;
            for x in order {
                let (tag, p, lb) = cand[x];
                let t = (tag & TYPE_MASK) as usize;
                let (bt, kd) = (&model.beads[t], &kinds[t]);
                let to = kd.to;
                let taken = arg[to] != u8::MAX;
                let before = |t: usize| !taken || t < (arg[to] & TYPE_MASK) as usize;
                let loses = |lb: f64| lb > b[to] || (lb == b[to] && !before(t));
                // A bead whose lower bound already costs more than the best
                // way into this cell found so far cannot win: the rest of
                // its cost is not computed. (Bounds never exceed the cost,
                // rounding included, so the result is the same.)
                if arg[to] == tag || loses(lb) {
                    continue;
                }
                let c = if kd.null {
                    lb
                } else {
                    let part = scorer.part_near(bt, i, j, Some(near.get_or_insert_with(|| scorer.near(i, j))));
                    if loses(p + scorer.bound(part, bt, i, j)) {
                        continue;
                    }
                    p + scorer.rest(part, bt, i, j)
                };
                if c < b[to] || (c == b[to] && before(t)) {
                    b[to] = c;
                    arg[to] = tag;
                }
            }
            best[STATES * k..STATES * k + STATES].copy_from_slice(&b);
            back[STATES * k..STATES * k + STATES].copy_from_slice(&arg);
        }
    }
    // Trace back from the cheapest state of the last cell.
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut state = grid.idx(n, m).map_or(LINKED, |k| {
        let end = &best[STATES * k..STATES * k + STATES];
        (0..STATES).fold(LINKED, |s, x| if end[x] < end[s] { x } else { s })
    });
    while i > 0 || j > 0 {
        let Some(k) = grid.idx(i, j) else { break };
        let t = back[STATES * k + state];
        if t == u8::MAX {
            break;
        }
        let bt = model.beads[(t & TYPE_MASK) as usize];
        beads.push(Bead { i: i - bt.a, a: bt.a, j: j - bt.b, b: bt.b, p: 1.0 });
        i -= bt.a;
        j -= bt.b;
        state = usize::from(t >> TYPE_BITS);
    }
    beads.reverse();
    if posteriors {
        set_posteriors(src, tgt, &mut beads, model);
    }
    beads
}

/// The posterior probability of each bead of `beads`, a path through the
/// whole of `src` × `tgt`, written to its `p`: forward–backward over a
/// narrow band around the path, where the alternatives that compete with
/// a bead lie (a few cells per row).
pub(crate) fn set_posteriors(src: &Feats, tgt: &Feats, beads: &mut [Bead], model: &Model) {
    if beads.is_empty() {
        return;
    }
    let (n, m) = (src.n(), tgt.n());
    let near = Band::around(beads, |i| i, |j| j, n, m, POSTERIOR_RADIUS);
    let near_grid = Grid::new(&near);
    let near_scorer = Scorer::new(src, tgt, &near, model);
    let probs = bead_posteriors(beads, &near_grid, &near_scorer, model, n, m);
    for (bd, p) in beads.iter_mut().zip(probs) {
        bd.p = p;
    }
}

/// [`set_posteriors`] for `beads`, a piece of a path in the whole texts'
/// coordinates, from its first bead's start to its last bead's end.
pub(crate) fn set_posteriors_between(src: &Feats, tgt: &Feats, beads: &mut [Bead], model: &Model) {
    let (Some(first), Some(last)) = (beads.first().copied(), beads.last().copied()) else { return };
    let (i0, j0) = (first.i, first.j);
    let (ls, lt) = (src.slice(i0..last.i + last.a), tgt.slice(j0..last.j + last.b));
    let mut local: Vec<Bead> = beads.iter().map(|b| Bead { i: b.i - i0, j: b.j - j0, ..*b }).collect();
    set_posteriors(&ls, &lt, &mut local, model);
    for (b, l) in beads.iter_mut().zip(local) {
        b.p = l.p;
    }
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
pub(crate) fn solve_in_pieces(src: &Feats, tgt: &Feats, band: &Band, model: &Model, posteriors: bool) -> Vec<Bead> {
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
pub(crate) fn solve_between(
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
