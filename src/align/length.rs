//! Gale–Church length model: the length of a translation is the length of
//! its source times a ratio, with variance growing linearly in length.

/// `-ln erfc(x)` for x ≥ 0, from a table with linear interpolation (the
/// aligner calls this for every candidate bead; libm's erfc dominated).
/// Absolute error below 1e-4 nats on [0, 8]; exact formula beyond.
pub(crate) fn neg_ln_erfc_fast(x: f64) -> f64 {
    const STEP: f64 = 1.0 / 256.0;
    const N: usize = 8 * 256;
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| (0..=N).map(|i| neg_ln_erfc(i as f64 * STEP)).collect());
    let pos = x / STEP;
    // NaN and out-of-table arguments take the exact path.
    if pos.is_nan() || pos < 0.0 || pos >= N as f64 {
        return neg_ln_erfc(x.max(0.0));
    }
    let i = pos as usize;
    let f = pos - i as f64;
    t[i] + (t[i + 1] - t[i]) * f
}

/// `-ln erfc(x)` for x ≥ 0, without underflow for large x.
pub(crate) fn neg_ln_erfc(x: f64) -> f64 {
    if x < 5.0 {
        -libm::erfc(x).ln()
    } else {
        // erfc(x) ~ exp(-x²) / (x √π) (1 - 1/(2x²)).
        x * x + (x * std::f64::consts::PI.sqrt()).ln() - (1.0 - 0.5 / (x * x)).ln()
    }
}

/// The length model for one text pair.
#[derive(Debug, Clone, Copy)]
pub struct LengthModel {
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance per character (Gale & Church: 6.8).
    pub var: f64,
}

impl LengthModel {
    /// Fit the ratio on the two texts' total lengths.
    pub fn fit(src_total: f64, tgt_total: f64) -> LengthModel {
        let ratio = if src_total > 0.0 && tgt_total > 0.0 { (tgt_total / src_total).clamp(0.2, 5.0) } else { 1.0 };
        LengthModel { ratio, var: 6.8 }
    }

    /// A lower bound of [`LengthModel::cost`] that needs neither a square
    /// root nor the error function: −ln erfc(x) ≥ x² for x ≥ 0 (erfc(x) ≤
    /// e^(−x²)), less a margin far above the rounding of either.
    #[inline(always)]
    pub fn floor(&self, ls: f64, lt: f64) -> f64 {
        let twice_mean_var = (ls + lt / self.ratio) * self.var;
        if twice_mean_var > 0.0 {
            let d = lt - ls * self.ratio;
            (d * d / twice_mean_var) * (1.0 - 1e-9) - 1e-9
        } else {
            0.0
        }
    }

    /// Cost in nats that `ls` source characters translate as `lt` target
    /// characters: −ln P(|δ| ≥ observed), two-sided.
    pub fn cost(&self, ls: f64, lt: f64) -> f64 {
        if ls == 0.0 && lt == 0.0 {
            return 0.0;
        }
        let mean = (ls + lt / self.ratio) / 2.0;
        let delta = (lt - ls * self.ratio) / (mean * self.var).sqrt();
        neg_ln_erfc_fast(delta.abs() / std::f64::consts::SQRT_2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_below_the_cost_everywhere() {
        let model = LengthModel::fit(1000.0, 1170.0);
        for ls in [0.0, 1.0, 3.0, 17.0, 80.0, 250.0, 1200.0, 9000.0] {
            for lt in [0.0, 1.0, 2.0, 20.0, 95.0, 300.0, 1400.0, 20000.0] {
                let (floor, cost) = (model.floor(ls, lt), model.cost(ls, lt));
                assert!(floor <= cost, "{ls} {lt}: floor {floor} > cost {cost}");
                // Tight enough to be worth it where the cost is high.
                assert!(cost < 5.0 || floor > 0.5 * cost, "{ls} {lt}: floor {floor}, cost {cost}");
            }
        }
    }
}
