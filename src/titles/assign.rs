//! The one-to-one assignment of works to originals.

use super::score::PairScore;

/// One-to-one assignment maximising total score over eligible pairs
/// (Hungarian algorithm, pathfinding's Kuhn–Munkres).
pub(crate) fn assign(scores: &[Vec<PairScore>], eligible: &dyn Fn(&PairScore) -> bool) -> Vec<Option<usize>> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    // Kuhn–Munkres needs rows <= columns: pad with zero-weight columns.
    let width = cols.max(rows);
    let mut data = Vec::with_capacity(rows * width);
    for r in scores {
        for c in 0..width {
            let w = r.get(c).filter(|s| eligible(s)).map_or(0, |s| (s.score * 1_000_000.0) as i64);
            data.push(w);
        }
    }
    let Ok(m) = pathfinding::matrix::Matrix::from_vec(rows, width, data) else { return vec![None; rows] };
    let (_, cols_of) = pathfinding::kuhn_munkres::kuhn_munkres(&m);
    cols_of.into_iter().enumerate().map(|(r, c)| (c < cols && m[(r, c)] > 0).then_some(c)).collect()
}
