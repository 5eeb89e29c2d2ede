//! Forward–backward over a band: the posterior probability of each bead
//! of a path, in scaled probabilities where they stay in range, else in
//! logarithms.

use super::cues::Scorer;
use super::dp::{Bead, Grid, MAX_BEADS, Model, STATES};

/// The least a cell of the path may hold, against the largest of its row,
/// for the posteriors in scaled probabilities: far above the subnormal
/// numbers (below 1e-308), whose few digits would show in its sums.
const PATH_FLOOR: f64 = 1e-250;

/// ln Σ exp(x) over a few terms, with one exp per term.
#[inline]
fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

/// `f` of every bead's cost in `grid`, by the cell it ends in: `nb` per
/// cell, `outside` where the bead would start outside the band.
fn bead_table(
    grid: &Grid<'_>,
    scorer: &Scorer<'_>,
    model: &Model,
    f: impl Fn(f64) -> f64 + Sync,
    outside: f64,
) -> Vec<f64> {
    use rayon::prelude::*;
    let nb = model.beads.len();
    let mut table = vec![outside; grid.size() * nb];
    // One slice per row, filled on all cores.
    let mut rows: Vec<(usize, &mut [f64])> = Vec::with_capacity(grid.rows());
    let mut rest = table.as_mut_slice();
    for i in 0..grid.rows() {
        let (row, tail) = rest.split_at_mut(grid.width(i) * nb);
        rows.push((i, row));
        rest = tail;
    }
    rows.into_par_iter().with_min_len(64).for_each(|(i, row)| {
        let lo = grid.band.lo[i];
        for (x, cell) in row.chunks_exact_mut(nb).enumerate() {
            let j = lo + x;
            let near = scorer.near(i, j);
            for (bt, c) in model.beads.iter().zip(cell) {
                if bt.a <= i && bt.b <= j && grid.idx(i - bt.a, j - bt.b).is_some() {
                    *c = f(scorer.cost_near(bt, i, j, &near));
                }
            }
        }
    });
    table
}

/// Every bead's cost over the temperature `t` (infinite outside the band).
fn cost_table(grid: &Grid<'_>, scorer: &Scorer<'_>, model: &Model, t: f64) -> Vec<f64> {
    bead_table(grid, scorer, model, |c| c / t, f64::INFINITY)
}

/// The posterior probability of each of `beads` (a path through `grid`):
/// forward–backward over the three states of every cell.
pub(super) fn bead_posteriors(
    beads: &[Bead],
    grid: &Grid<'_>,
    scorer: &Scorer<'_>,
    model: &Model,
    n: usize,
    m: usize,
) -> Vec<f64> {
    let t = model.temperature.max(1e-6);
    // Each bead's weight, e^-(cost / t), once for both directions; the
    // costs themselves only when the weights leave the range of doubles
    // (one table instead of two: a piece of a long text kept both, 23 MB
    // each).
    let weight = bead_table(grid, scorer, model, |c| (-(c / t)).exp(), 0.0);
    let sums = Sums { grid, model, scorer, n, m, t };
    sums.scaled(&weight, beads).unwrap_or_else(|| sums.logs(&cost_table(grid, scorer, model, t), beads))
}

/// What forward–backward sums over: the band's cells, and what a bead
/// ending in each costs.
struct Sums<'a> {
    grid: &'a Grid<'a>,
    model: &'a Model,
    scorer: &'a Scorer<'a>,
    n: usize,
    m: usize,
    t: f64,
}

impl Sums<'_> {
    /// Forward–backward in probabilities, each row rescaled to its largest
    /// value (its scale kept as a logarithm): one exponential per bead
    /// cost, none per sum. `None` when a term that matters falls out of
    /// range (a bead of the path costing over 700 nats, a cell of the path
    /// far below the rest of its row): then [`Sums::logs`] does it in
    /// logarithms.
    fn scaled(&self, weight: &[f64], beads: &[Bead]) -> Option<Vec<f64>> {
        let (grid, model, n, m) = (self.grid, self.model, self.n, self.m);
        let band = grid.band;
        let nb = model.beads.len();
        // The weight of entering each bead type from each state.
        let enter: Vec<[f64; STATES]> =
            model.beads.iter().map(|bt| std::array::from_fn(|s| (-model.enter(bt, s) / self.t).exp())).collect();
        let into = |alpha: &[f64], prev: usize, x: usize| -> f64 {
            (0..STATES).map(|s| alpha[STATES * prev + s] * enter[x][s]).sum()
        };
        let max_a = model.max_a();
        let forward = || {
            let mut alpha = vec![0.0f64; STATES * grid.size()];
            let mut scale = vec![0.0f64; n + 1];
            if let Some(k) = grid.idx(0, 0) {
                alpha[STATES * k] = 1.0;
            }
            for i in 0..=n {
                // Row i is summed at the scale of row i - 1, then rescaled.
                let base = if i == 0 { 0.0 } else { scale[i - 1] };
                let mut up = [1.0f64; MAX_BEADS];
                for (a, f) in up.iter_mut().enumerate().take(max_a + 1).skip(1) {
                    *f = if a <= i { (scale[i - a] - base).exp() } else { 0.0 };
                }
                let mut top = if i == 0 { 1.0f64 } else { 0.0 };
                for j in band.lo[i]..=band.hi[i] {
                    let Some(k) = grid.idx(i, j) else { continue };
                    if i == 0 && j == 0 {
                        continue;
                    }
                    let mut sum = [0.0f64; STATES];
                    for (x, bt) in model.beads.iter().enumerate() {
                        if bt.a > i || bt.b > j {
                            continue;
                        }
                        let Some(prev) = grid.idx(i - bt.a, j - bt.b) else { continue };
                        sum[bt.state()] += weight[k * nb + x] * into(&alpha, prev, x) * up[bt.a];
                    }
                    alpha[STATES * k..STATES * k + STATES].copy_from_slice(&sum);
                    top = sum.iter().fold(top, |t, v| t.max(*v));
                }
                scale[i] = base;
                if top > 0.0 && top.is_finite() {
                    let (lo, hi) = (grid.off[i], grid.off[i + 1]);
                    alpha[STATES * lo..STATES * hi].iter_mut().for_each(|v| *v /= top);
                    scale[i] = base + top.ln();
                }
            }
            (alpha, scale)
        };
        let backward = || {
            let mut beta = vec![0.0f64; STATES * grid.size()];
            let mut scale = vec![0.0f64; n + 1];
            if let Some(k) = grid.idx(n, m) {
                beta[STATES * k..STATES * k + STATES].fill(1.0);
            }
            for i in (0..=n).rev() {
                let base = if i == n { 0.0 } else { scale[i + 1] };
                let mut down = [1.0f64; MAX_BEADS];
                for (a, f) in down.iter_mut().enumerate().take(max_a + 1).skip(1) {
                    *f = if i + a <= n { (scale[i + a] - base).exp() } else { 0.0 };
                }
                let mut top = if i == n { 1.0f64 } else { 0.0 };
                for j in (band.lo[i]..=band.hi[i]).rev() {
                    let Some(k) = grid.idx(i, j) else { continue };
                    if i == n && j == m {
                        continue;
                    }
                    let mut sum = [0.0f64; STATES];
                    for (x, bt) in model.beads.iter().enumerate() {
                        if i + bt.a > n || j + bt.b > m {
                            continue;
                        }
                        let Some(next) = grid.idx(i + bt.a, j + bt.b) else { continue };
                        let after = beta[STATES * next + bt.state()] * weight[next * nb + x] * down[bt.a];
                        for (s, v) in sum.iter_mut().enumerate() {
                            *v += after * enter[x][s];
                        }
                    }
                    beta[STATES * k..STATES * k + STATES].copy_from_slice(&sum);
                    top = sum.iter().fold(top, |t, v| t.max(*v));
                }
                scale[i] = base;
                if top > 0.0 && top.is_finite() {
                    let (lo, hi) = (grid.off[i], grid.off[i + 1]);
                    beta[STATES * lo..STATES * hi].iter_mut().for_each(|v| *v /= top);
                    scale[i] = base + top.ln();
                }
            }
            (beta, scale)
        };
        let ((alpha, fs), (beta, bs)) = rayon::join(forward, backward);
        let end = grid.idx(n, m)?;
        let z: f64 = alpha[STATES * end..STATES * end + STATES].iter().sum();
        if !(z > 0.0 && z.is_finite()) {
            return None;
        }
        let log_z = z.ln() + fs[n];
        beads
            .iter()
            .map(|bd| {
                let x = model.beads.iter().position(|bt| bt.a == bd.a && bt.b == bd.b)?;
                let (s, e) = (grid.idx(bd.i, bd.j)?, grid.idx(bd.i + bd.a, bd.j + bd.b)?);
                let into = into(&alpha, s, x);
                let out = beta[STATES * e + bd.state()];
                let c = self.scorer.cost(&model.beads[x], bd.i + bd.a, bd.j + bd.b) / self.t;
                // Rows are scaled to their largest cell: a cell of the path
                // far below it (where the sums reach subnormal numbers and
                // lose digits) is left to the logarithms.
                let fine = |v: f64| (PATH_FLOOR..=f64::MAX).contains(&v);
                if !(fine(into) && fine(out) && c.is_finite()) {
                    return None;
                }
                let lp = into.ln() + fs[bd.i] - c + out.ln() + bs[bd.i + bd.a] - log_z;
                Some(lp.exp().clamp(0.0, 1.0))
            })
            .collect()
    }

    /// [`Sums::scaled`] in logarithms, whatever the range of the costs.
    fn logs(&self, costs: &[f64], beads: &[Bead]) -> Vec<f64> {
        let (grid, model, n, m, t) = (self.grid, self.model, self.n, self.m, self.t);
        let band = grid.band;
        // Log-weight of entering each bead type from each state (see
        // [`super::dp::solve`]).
        let enter: Vec<[f64; STATES]> =
            model.beads.iter().map(|bt| std::array::from_fn(|s| -model.enter(bt, s) / t)).collect();
        let nb = model.beads.len();
        // The forward and backward passes are independent: run them side by side.
        let forward = || {
            let mut alpha = vec![f64::NEG_INFINITY; STATES * grid.size()];
            if let Some(k) = grid.idx(0, 0) {
                alpha[STATES * k] = 0.0;
            }
            for i in 0..=n {
                for j in band.lo[i]..=band.hi[i] {
                    let Some(k) = grid.idx(i, j) else { continue };
                    if i == 0 && j == 0 {
                        continue;
                    }
                    let mut terms = [[f64::NEG_INFINITY; STATES * MAX_BEADS]; STATES];
                    let mut nt = [0; STATES];
                    for (x, bt) in model.beads.iter().enumerate().take(MAX_BEADS) {
                        if bt.a > i || bt.b > j {
                            continue;
                        }
                        let Some(prev) = grid.idx(i - bt.a, j - bt.b) else { continue };
                        let from: [f64; STATES] = std::array::from_fn(|s| alpha[STATES * prev + s] + enter[x][s]);
                        if from.iter().all(|v| *v == f64::NEG_INFINITY) {
                            continue;
                        }
                        let (to, c) = (bt.state(), costs[k * nb + x]);
                        for v in from {
                            terms[to][nt[to]] = v - c;
                            nt[to] += 1;
                        }
                    }
                    for s in 0..STATES {
                        alpha[STATES * k + s] = log_sum_exp(&terms[s][..nt[s]]);
                    }
                }
            }
            alpha
        };
        let backward = || {
            let mut beta = vec![f64::NEG_INFINITY; STATES * grid.size()];
            if let Some(k) = grid.idx(n, m) {
                beta[STATES * k..STATES * k + STATES].fill(0.0);
            }
            for i in (0..=n).rev() {
                for j in (band.lo[i]..=band.hi[i]).rev() {
                    let Some(k) = grid.idx(i, j) else { continue };
                    if i == n && j == m {
                        continue;
                    }
                    let mut terms = [[f64::NEG_INFINITY; MAX_BEADS]; STATES];
                    let mut nt = 0;
                    for (x, bt) in model.beads.iter().enumerate().take(MAX_BEADS) {
                        if i + bt.a > n || j + bt.b > m {
                            continue;
                        }
                        let Some(next) = grid.idx(i + bt.a, j + bt.b) else { continue };
                        let after = beta[STATES * next + bt.state()];
                        if after == f64::NEG_INFINITY {
                            continue;
                        }
                        let c = after - costs[next * nb + x];
                        for (s, t) in terms.iter_mut().enumerate() {
                            t[nt] = c + enter[x][s];
                        }
                        nt += 1;
                    }
                    for s in 0..STATES {
                        beta[STATES * k + s] = log_sum_exp(&terms[s][..nt]);
                    }
                }
            }
            beta
        };
        let (alpha, beta) = rayon::join(forward, backward);
        let z = grid.idx(n, m).map_or(f64::NEG_INFINITY, |k| log_sum_exp(&alpha[STATES * k..STATES * k + STATES]));
        beads
            .iter()
            .map(|bd| {
                let Some(x) = model.beads.iter().position(|bt| bt.a == bd.a && bt.b == bd.b) else { return 0.0 };
                let bt = &model.beads[x];
                let (Some(s), Some(e)) = (grid.idx(bd.i, bd.j), grid.idx(bd.i + bd.a, bd.j + bd.b)) else { return 0.0 };
                let c = costs[e * nb + x];
                let from: [f64; STATES] = std::array::from_fn(|st| alpha[STATES * s + st] + enter[x][st]);
                let lp = log_sum_exp(&from) - c + beta[STATES * e + bt.state()] - z;
                lp.exp().clamp(0.0, 1.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::dp::{Band, solve};
    use crate::align::features::Feats;
    use crate::align::{Config, model_for};

    fn side(lens: &[f32]) -> Feats {
        let mut f = Feats::default();
        for (k, &l) in lens.iter().enumerate() {
            f.push(l, 1.0, &[k as u32 % 5], 0);
        }
        f
    }

    fn sums_of(fs: &Feats, ft: &Feats, cfg: &Config) -> (Vec<f64>, Option<Vec<f64>>) {
        sums_with(fs, ft, &model_for(fs, ft, cfg))
    }

    fn sums_with(fs: &Feats, ft: &Feats, model: &Model) -> (Vec<f64>, Option<Vec<f64>>) {
        let band = Band::full(fs.n(), ft.n());
        let beads = solve(fs, ft, &band, model, false);
        let (grid, scorer) = (Grid::new(&band), Scorer::new(fs, ft, &band, model));
        let costs = cost_table(&grid, &scorer, model, 1.0);
        let weight: Vec<f64> = costs.iter().map(|c| (-c).exp()).collect();
        let sums = Sums { grid: &grid, model, scorer: &scorer, n: fs.n(), m: ft.n(), t: 1.0 };
        (sums.logs(&costs, &beads), sums.scaled(&weight, &beads))
    }

    #[test]
    fn posteriors_in_scaled_probabilities_are_those_in_logarithms() {
        let fs = side(&[30.0, 40.0, 12.0, 55.0, 20.0, 31.0, 8.0, 44.0, 60.0, 3.0]);
        let ft = side(&[33.0, 38.0, 15.0, 50.0, 10.0, 12.0, 30.0, 9.0, 40.0, 70.0]);
        let (logs, scaled) = sums_of(&fs, &ft, &Config::default());
        let scaled = scaled.expect("in range");
        assert!(logs.iter().any(|&p| p < 0.99), "some doubt to compare: {logs:?}");
        for (a, b) in logs.iter().zip(&scaled) {
            assert!((a - b).abs() < 1e-12, "{a} against {b}");
        }
    }

    /// Every bead sequence from (0, 0) to (n, m), with its cost: the
    /// beads' own costs and what entering each from the state before it
    /// adds (see `Model::enter`).
    fn every_path(fs: &Feats, ft: &Feats, model: &Model) -> Vec<(Vec<Bead>, f64)> {
        let band = Band::full(fs.n(), ft.n());
        let scorer = Scorer::new(fs, ft, &band, model);
        let mut out = Vec::new();
        let mut stack = vec![(Vec::new(), 0.0)];
        while let Some((path, cost)) = stack.pop() {
            let last: Option<&Bead> = path.last();
            let (i, j) = last.map_or((0, 0), |b| (b.i + b.a, b.j + b.b));
            if (i, j) == (fs.n(), ft.n()) {
                out.push((path, cost));
                continue;
            }
            let from = last.map_or(crate::align::dp::LINKED, Bead::state);
            for bt in model.beads.iter().filter(|bt| i + bt.a <= fs.n() && j + bt.b <= ft.n()) {
                let c = cost + scorer.cost(bt, i + bt.a, j + bt.b) + model.enter(bt, from);
                let mut next = path.clone();
                next.push(Bead { i, a: bt.a, j, b: bt.b, p: 1.0 });
                stack.push((next, c));
            }
        }
        out
    }

    #[test]
    fn the_search_and_its_posteriors_are_those_of_every_path_counted_out() {
        // Lengths that leave units out on both sides, in runs and at one
        // place, with runs cheap and a change of side dear (and the other
        // way round): the three states of a cell must keep them apart.
        let fs = side(&[30.0, 4.0, 90.0, 3.0, 41.0, 52.0]);
        let ft = side(&[31.0, 60.0, 2.0, 40.0, 50.0]);
        for (run, cross) in [(-2.0, 2.5), (0.0, 0.0), (-1.0, -3.0)] {
            let mut model = model_for(&fs, &ft, &Config::default());
            (model.null_run, model.null_cross) = (run, cross);
            let paths = every_path(&fs, &ft, &model);
            let (best, best_cost) =
                paths.iter().min_by(|a, b| a.1.total_cmp(&b.1)).map(|(p, c)| (p.clone(), *c)).expect("paths");
            let found = solve(&fs, &ft, &Band::full(fs.n(), ft.n()), &model, false);
            let cost_of = |beads: &[Bead]| paths.iter().find(|(p, _)| p == beads).map(|(_, c)| *c);
            assert_eq!(cost_of(&found), Some(best_cost), "run {run}, cross {cross}: {found:?} against {best:?}");
            let z: f64 = paths.iter().map(|(_, c)| (-c).exp()).sum();
            let (logs, scaled) = sums_with(&fs, &ft, &model);
            for (k, b) in found.iter().enumerate() {
                let with: f64 = paths.iter().filter(|(p, _)| p.contains(b)).map(|(_, c)| (-c).exp()).sum();
                let counted = with / z;
                assert!((logs[k] - counted).abs() < 1e-9, "{b:?}: {} against {counted}", logs[k]);
                let scaled = scaled.as_ref().expect("in range")[k];
                assert!((scaled - counted).abs() < 1e-9, "{b:?}: {scaled} against {counted}");
            }
        }
    }

    #[test]
    fn a_bead_out_of_the_range_of_probabilities_is_left_to_the_logarithms() {
        // One link allowed, of a million characters against five: its
        // cost (thousands of nats) underflows as a probability.
        let cfg = Config { beads: vec![(1, 1)], ..Config::default() };
        let (logs, scaled) = sums_of(&side(&[1e6]), &side(&[5.0]), &cfg);
        assert_eq!(scaled, None);
        assert_eq!(logs, [1.0]);
    }
}
