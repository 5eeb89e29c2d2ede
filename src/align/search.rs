//! The search over a whole text pair: both texts merged, three units to
//! one, until small, aligned there, and the path projected down into
//! a band; headings, then paragraphs, aligned before sentences; a second
//! pass searched near the first pass's path.

use super::dp::{self, Band, Bead, Model};
use super::features::Feats;
use super::{Config, Segment, chance_rate};

/// Keys kept per merged unit at coarse levels.
const COARSE_KEYS: usize = 96;

/// Cells below which a coarse level (of merged units) is searched whole:
/// far fewer than [`Config::full_cells`], which is for sentences. Merged
/// units are dear (each shares up to [`COARSE_KEYS`] keys with its
/// neighbours), and a whole search of 293 × 293 of them was a fifth of
/// `align` on 5,000 sentences a side. Going down to a few dozen units and
/// banding from there also aligns abridged translations better: measured
/// with `cargo bench --bench eval -- --settings`, en–fr abridged with an
/// empty dictionary went 0.813 → 0.839 strict F1, every other row the same.
const COARSE_FULL_CELLS: usize = 4_000;

/// Segments of the shorter side merged into one unit of the next coarser
/// level. Three, not two: one level in three fewer, for the same
/// alignments (measured: de–fr ×10 and ×100 the same bytes, en–fr ×3 the
/// same links with and without a dictionary; ×10 1.92 G → 1.83 G
/// instructions, ×1000 peak memory 718 → 598 MB, F1 unchanged). Four moved
/// 65 links of en–fr ×3 without a dictionary (strict F1 0.908 → 0.900).
const UNITS_MERGED: usize = 3;

/// Target units on each side of the first pass's path that the second
/// pass searches: wider than the band around a coarse path
/// ([`Config::radius`]), since the second pass's model moves the path by
/// whole runs of omitted sentences (measured: with 3 instead of 5, de–fr
/// strict F1 fell 0.878 → 0.861 and its omission recall 0.88 → 0.54).
const NEAR_RADIUS: usize = 5;

/// Align two feature sequences; recursion on merged units keeps
/// the search to a band of constant width.
pub fn align_feats(fs: &Feats, ft: &Feats, model: &Model, cfg: &Config, posteriors: bool) -> Vec<Bead> {
    search(fs, ft, model, cfg, posteriors, cfg.full_cells)
}

/// [`align_feats`], searching whole texts of up to `full` cells.
fn search(fs: &Feats, ft: &Feats, model: &Model, cfg: &Config, posteriors: bool, full: usize) -> Vec<Bead> {
    let (n, m) = (fs.n(), ft.n());
    if n == 0 || m == 0 {
        let mut v: Vec<Bead> = (0..n).map(|i| Bead { i, a: 1, j: m, b: 0, p: 1.0 }).collect();
        v.extend((0..m).map(|j| Bead { i: n, a: 0, j, b: 1, p: 1.0 }));
        return v;
    }
    if n.saturating_mul(m) <= full || n.min(m) < 4 {
        return dp::solve(fs, ft, &Band::full(n, m), model, posteriors);
    }
    // Both sides are merged into the same number of units, about
    // [`UNITS_MERGED`] a unit on the shorter side. Merging each side by a
    // fixed number would leave units of unequal length whenever one text
    // has more segments than the other, and the length cost would then be
    // blind to drift: every bead costs about the same wherever it falls, so
    // the coarse path could wander by whole pages at no cost.
    let g = n.min(m).div_ceil(UNITS_MERGED);
    let (bs, bt) = (split_points(n, g), split_points(m, g));
    let (cs, ct) = (fs.merged(&bs, &model.weights, COARSE_KEYS), ft.merged(&bt, &model.weights, COARSE_KEYS));
    // The chance rate per key pair differs from the rate per word pair of
    // the finest level: measure it again on the merged units. The expected
    // share was measured on sentences; merged units share differently, and
    // charging them a shortfall let a periodic text slip out of step.
    // Links of at most three merged units: the coarse path only places the
    // band, which is wide enough for a 1-3 or 2-2 link of the finer level
    // to lie inside (measured: the same alignments of de–fr ×10 and ×100
    // and en–fr ×3, with and without a dictionary, the eval table
    // unchanged; 6 % fewer instructions on ×10).
    let coarse_model =
        Model { p0: chance_rate(&cs, &ct, &model.weights), null_lengths: true, shortfall: 0.0, ..model.simple() };
    let coarse = search(&cs, &ct, &coarse_model, cfg, false, COARSE_FULL_CELLS.min(cfg.full_cells));
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
    let band = Band::around(near, |i| i, |j| j, n, m, NEAR_RADIUS.max(cfg.radius));
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
    // Source rows searched again, first and last (inclusive).
    let mut redone: Vec<(usize, usize)> = Vec::new();
    while extra <= 8 * cfg.radius {
        let touching = touching_rows(&beads, &band, m);
        if touching.is_empty() {
            break;
        }
        band.widen_near(&touching, extra, m);
        beads = resolve_near(fs, ft, &band, &beads, &touching, 2 * extra, model, &mut redone);
        extra *= 2;
    }
    if posteriors {
        posteriors_again(fs, ft, &mut beads, &mut redone, model);
    }
    beads
}

/// Source rows on each side of a stretch searched again over which its
/// posteriors are computed again (see [`posteriors_again`]).
const POSTERIOR_MARGIN: usize = 64;

/// The posteriors of the beads starting in the stretches of source rows
/// `redone` (first and last), computed again over the new path there.
/// Searched again between two points of the old path, a stretch's own
/// posteriors would be those of paths forced through both points: with
/// the second pass's band narrowed to 4, 50 confidences of the de–fr ×10
/// bench moved by up to 0.41 from those of the wider band's search, the
/// links the same. The forward–backward pass runs [`POSTERIOR_MARGIN`]
/// rows past each end, where forcing the path no longer shows: the
/// confidences then came out as the wider band's, to the last digit
/// written.
fn posteriors_again(fs: &Feats, ft: &Feats, beads: &mut [Bead], redone: &mut [(usize, usize)], model: &Model) {
    let n = fs.n();
    redone.sort_unstable();
    // The stretches, disjoint…
    let mut exact: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in redone.iter() {
        match exact.last_mut() {
            Some(w) if a <= w.1 + 1 => w.1 = w.1.max(b),
            _ => exact.push((a, b)),
        }
    }
    let was_redone = |i: usize| {
        let k = exact.partition_point(|r| r.0 <= i);
        k > 0 && i <= exact[k - 1].1
    };
    // …and the windows computed again: each with its margins.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in &exact {
        let (a, b) = (a.saturating_sub(POSTERIOR_MARGIN), (b + POSTERIOR_MARGIN).min(n));
        match windows.last_mut() {
            Some(w) if a <= w.1 => w.1 = w.1.max(b),
            _ => windows.push((a, b)),
        }
    }
    for (a, b) in windows {
        // From the last bead starting at or before row a to the first
        // starting at or after row b.
        let k0 = beads.partition_point(|bd| bd.i <= a).saturating_sub(1);
        let k1 = beads.partition_point(|bd| bd.i < b);
        let mut piece = beads[k0..k1].to_vec();
        dp::set_posteriors_between(fs, ft, &mut piece, model);
        for (bd, p) in beads[k0..k1].iter_mut().zip(piece) {
            if was_redone(bd.i) {
                bd.p = p.p;
            }
        }
    }
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
/// between two points of the old path, so the pieces join up. The new
/// beads have no posteriors; the source rows each window spans (first and
/// last) are added to `redone`.
#[allow(clippy::too_many_arguments)]
fn resolve_near(
    fs: &Feats,
    ft: &Feats,
    band: &Band,
    beads: &[Bead],
    rows: &[usize],
    reach: usize,
    model: &Model,
    redone: &mut Vec<(usize, usize)>,
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
        out.extend(dp::solve_between(fs, ft, band, (i0, j0), end, model, false));
        redone.push((i0, end.0));
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
pub(super) enum Level {
    Section,
    Block,
    Sentence,
}

pub(super) struct Hier<'a> {
    pub(super) src: &'a [Segment],
    pub(super) tgt: &'a [Segment],
    pub(super) fs: &'a Feats,
    pub(super) ft: &'a Feats,
    pub(super) model: &'a Model,
    pub(super) cfg: &'a Config,
    /// A first pass's beads: the second pass searches near them.
    pub(super) near: Option<&'a [Bead]>,
    /// Whether the sentence-level beads get posteriors (else confidence 1
    /// times their block's).
    pub(super) posteriors: bool,
}

impl Hier<'_> {
    pub(super) fn align(
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
                    Some(path) => align_near(fs, ft, &path, self.model, self.cfg, self.posteriors),
                    None => align_feats(fs, ft, self.model, self.cfg, self.posteriors),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::model_for;

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
        let again = resolve_near(&fs, &ft, &band, &whole, &[10, 11, 120, 190], 6, &model, &mut Vec::new());
        assert_eq!(again.len(), whole.len());
        let mut next = (0, 0);
        for b in &again {
            assert_eq!((b.i, b.j), next, "beads do not join up");
            next = (b.i + b.a, b.j + b.b);
        }
        assert_eq!(next, (fs.n(), ft.n()));
    }

    #[test]
    fn a_stretch_searched_again_gets_the_posteriors_of_the_whole_search() {
        // 600 sentences against the same with 8 extra ones in the middle:
        // a band of radius 1 around the coarse path is too narrow there,
        // and that stretch is searched again between two points of the old
        // path. Its confidences must be those of the whole search, not of
        // paths forced through both points.
        let lens = |k: usize| 40.0 + ((k * 37) % 23) as f32 * 6.0;
        let (mut fs, mut ft) = (Feats::default(), Feats::default());
        for k in 0..600 {
            fs.push(lens(k), 8.0, &[k as u32], 0);
            if k == 300 {
                for x in 0..8 {
                    ft.push(lens(1000 + x) * 1.1, 8.0, &[10_000 + x as u32], 0);
                }
            }
            ft.push(lens(k) * 1.1, 8.0, &[k as u32], 0);
        }
        let model = model_for(&fs, &ft, &Config::default());
        let cfg = Config { full_cells: 1_000, ..Config::default() };
        let banded = align_feats(&fs, &ft, &model, &cfg, true);
        let whole = dp::solve(&fs, &ft, &Band::full(fs.n(), ft.n()), &model, true);
        assert_eq!(banded.len(), whole.len());
        for (b, w) in banded.iter().zip(&whole) {
            assert_eq!((b.i, b.a, b.j, b.b), (w.i, w.a, w.j, w.b));
            assert!((b.p - w.p).abs() < 0.01, "bead at {} {}: confidence {} against {}", b.i, b.j, b.p, w.p);
        }
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
