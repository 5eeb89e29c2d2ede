//! The translation-to-translation check. Two translations that share a
//! language, or that a dictionary links, are aligned directly; the direct
//! links are compared with the rows the pivot gives them. A direct link
//! that spans several rows (it pairs a sentence of one row with one of
//! another), or a row where both translations have text but the direct
//! aligner links none of it, is a disagreement: the rows it touches are
//! flagged, with the direct aligner's confidence.
//!
//! [`repair`] goes one step further, where asked: in each block of rows
//! between two places all three alignments agree on, the pair whose links
//! are least confident (pivot–A, pivot–B or A–B) is the odd one out, and a
//! pivot pair that is odd is replaced there by the composition of the
//! other two. Whether that helps is measured (`benches/multi.rs`, the
//! README); `multi` runs it only when asked (`--repair`).

use std::ops::Range;

use super::{Row, Version};
use crate::align::Link;

/// For each segment of version `v`, the row it is in.
fn rows_of(rows: &[Row], v: usize, len: usize) -> Vec<usize> {
    let mut out = vec![0; len];
    for (r, row) in rows.iter().enumerate() {
        for &s in &row.cells[v].segments {
            if let Some(slot) = out.get_mut(s) {
                *slot = r;
            }
        }
    }
    out
}

/// The rows a direct link touches, first and last.
fn span(l: &Link, row_a: &[usize], row_b: &[usize]) -> (usize, usize) {
    let rows = l.src.iter().filter_map(|&i| row_a.get(i)).chain(l.tgt.iter().filter_map(|&j| row_b.get(j)));
    rows.fold((usize::MAX, 0), |(lo, hi), &r| (lo.min(r), hi.max(r)))
}

/// The rows where the direct alignment of translations `a` and `b`
/// (`direct`: `src` = `a`'s segments) disagrees with the rows, each with
/// the confidence of the direct links that disagree: the most confident
/// link spanning the row, or for a row whose text the direct aligner left
/// unlinked on both sides, the mean confidence of those unlinked segments.
/// Rows where neither translation has text are not flagged.
pub(crate) fn disagreements(rows: &[Row], a: usize, b: usize, direct: &[Link]) -> Vec<(usize, f64)> {
    let len = |side: &dyn Fn(&Link) -> &[usize]| direct.iter().flat_map(side).max().map_or(0, |m| m + 1);
    let (row_a, row_b) = (rows_of(rows, a, len(&|l| &l.src)), rows_of(rows, b, len(&|l| &l.tgt)));
    let mut spanned: Vec<Option<f64>> = vec![None; rows.len()];
    // Per row, whether any direct link with both sides touches it, and the
    // confidences of the null links that do.
    let mut linked = vec![false; rows.len()];
    let mut nulls: Vec<Vec<f64>> = vec![Vec::new(); rows.len()];
    for l in direct {
        let (lo, hi) = span(l, &row_a, &row_b);
        if lo > hi {
            continue;
        }
        if lo < hi {
            for s in &mut spanned[lo..=hi] {
                *s = Some(s.map_or(l.confidence, |c: f64| c.max(l.confidence)));
            }
        }
        if l.src.is_empty() || l.tgt.is_empty() {
            nulls[lo].push(l.confidence);
        } else {
            for x in &mut linked[lo..=hi] {
                *x = true;
            }
        }
    }
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let (ta, tb) = (!row.cells[a].segments.is_empty(), !row.cells[b].segments.is_empty());
        if !ta && !tb {
            continue;
        }
        if let Some(c) = spanned[r] {
            out.push((r, c));
        } else if ta && tb && !linked[r] && !nulls[r].is_empty() {
            out.push((r, nulls[r].iter().sum::<f64>() / nulls[r].len() as f64));
        }
    }
    out
}

/// How the check may change the pairwise links.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repair {
    /// A pivot pair is replaced only when its mean link confidence in the
    /// block is below both others' by more than this.
    pub margin: f64,
}

impl Default for Repair {
    fn default() -> Repair {
        Repair { margin: 0.0 }
    }
}

/// The cut points of a chain of links starting at `start`: the position
/// on each side after each link.
fn chain(links: &[&Link], start: (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = vec![start];
    let (mut x, mut y) = start;
    for l in links {
        x += l.src.len();
        y += l.tgt.len();
        out.push((x, y));
    }
    out
}

/// The composition of an X–Y and a Y–Z alignment of one block (starting
/// at `x0`, `y0`, `z0`), as X–Z links: boundaries where both have one on
/// Y; X segments that only face a gap come out as 1-0 links, Z segments as
/// 0-1, each with `confidence`.
pub(crate) fn compose(xy: &[&Link], yz: &[&Link], x0: usize, y0: usize, z0: usize, confidence: f64) -> Vec<Link> {
    use std::collections::BTreeMap;
    let mut xs: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (x, y) in chain(xy, (x0, y0)) {
        let e = xs.entry(y).or_insert((x, x));
        e.0 = e.0.min(x);
        e.1 = e.1.max(x);
    }
    let mut zs: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (y, z) in chain(yz, (y0, z0)) {
        let e = zs.entry(y).or_insert((z, z));
        e.0 = e.0.min(z);
        e.1 = e.1.max(z);
    }
    let mut points: Vec<(usize, usize)> = Vec::new();
    for (y, &(xmin, xmax)) in &xs {
        if let Some(&(zmin, zmax)) = zs.get(y) {
            for p in [(xmin, zmin), (xmax, zmin), (xmax, zmax)] {
                if points.last() != Some(&p) {
                    points.push(p);
                }
            }
        }
    }
    let mut out = Vec::new();
    for w in points.windows(2) {
        let ((xa, za), (xb, zb)) = (w[0], w[1]);
        if xb > xa && zb > za {
            out.push(Link { src: (xa..xb).collect(), tgt: (za..zb).collect(), confidence });
        } else {
            out.extend((xa..xb).map(|x| Link { src: vec![x], tgt: vec![], confidence }));
            out.extend((za..zb).map(|z| Link { src: vec![], tgt: vec![z], confidence }));
        }
    }
    out
}

fn mean(ls: &[&Link]) -> f64 {
    if ls.is_empty() { 1.0 } else { ls.iter().map(|l| l.confidence).sum::<f64>() / ls.len() as f64 }
}

/// One block of the two translations' rows between places where all three
/// alignments agree: link index ranges of each pivot pair, the direct
/// links in it, and where it starts on each text.
struct Block {
    pa: Range<usize>,
    pb: Range<usize>,
    ab: Vec<usize>,
    start: (usize, usize, usize),
}

/// Use the direct alignment of translations `a` and `b` (indices into
/// `versions`, whose first is the pivot) to repair their links with the
/// pivot, as the module documentation says. Returns how many blocks were
/// repaired.
pub fn repair(versions: &mut [Version], a: usize, b: usize, direct: &[Link], how: Repair) -> usize {
    let n = versions[0].segments.len();
    let (la, lb) = (versions[a].links.clone(), versions[b].links.clone());
    let shape = super::join(n, &[&la, &lb]);
    // Each row's segments of a and b, and where each row starts.
    let mut row_a = vec![0; versions[a].segments.len()];
    let mut row_b = vec![0; versions[b].segments.len()];
    let mut starts = Vec::with_capacity(shape.len() + 1);
    let (mut pa_pos, mut pb_pos) = (0, 0);
    let (mut a_pos, mut b_pos) = (0, 0);
    for (r, (pivot, per)) in shape.iter().enumerate() {
        starts.push((pivot.start, a_pos, b_pos, pa_pos, pb_pos));
        for &k in &per[0] {
            for &s in &la[k].tgt {
                row_a[s] = r;
            }
            a_pos += la[k].tgt.len();
        }
        for &k in &per[1] {
            for &s in &lb[k].tgt {
                row_b[s] = r;
            }
            b_pos += lb[k].tgt.len();
        }
        pa_pos += per[0].len();
        pb_pos += per[1].len();
    }
    starts.push((n, a_pos, b_pos, pa_pos, pb_pos));
    // Boundaries a direct link crosses; rows whose text it leaves unlinked.
    let mut crossed = vec![false; shape.len() + 1];
    let mut linked = vec![false; shape.len()];
    let mut direct_row = Vec::with_capacity(direct.len());
    for l in direct {
        let (lo, hi) = span(l, &row_a, &row_b);
        direct_row.push(lo.min(hi));
        if lo > hi {
            continue;
        }
        for c in &mut crossed[lo + 1..=hi] {
            *c = true;
        }
        if !l.src.is_empty() && !l.tgt.is_empty() {
            for x in &mut linked[lo..=hi] {
                *x = true;
            }
        }
    }
    let anchors: Vec<usize> = (0..=shape.len()).filter(|&k| !crossed[k]).collect();
    let mut blocks = Vec::new();
    for w in anchors.windows(2) {
        let (k0, k1) = (w[0], w[1]);
        let both = |r: usize| !shape[r].1[0].is_empty() && !shape[r].1[1].is_empty();
        let has_text = |r: usize| {
            shape[r].1[0].iter().any(|&k| !la[k].tgt.is_empty()) && shape[r].1[1].iter().any(|&k| !lb[k].tgt.is_empty())
        };
        let disagree = k1 - k0 > 1 || (both(k0) && has_text(k0) && !linked[k0]);
        if !disagree {
            continue;
        }
        let (p0, a0, b0, i0, j0) = starts[k0];
        let (_, _, _, i1, j1) = starts[k1];
        let ab: Vec<usize> = (0..direct.len()).filter(|&d| (k0..k1).contains(&direct_row[d])).collect();
        blocks.push(Block { pa: i0..i1, pb: j0..j1, ab, start: (p0, a0, b0) });
    }
    let mut repaired = 0;
    // From the last block back, so earlier link indices stay valid.
    for bl in blocks.iter().rev() {
        let pa: Vec<&Link> = la[bl.pa.clone()].iter().collect();
        let pb: Vec<&Link> = lb[bl.pb.clone()].iter().collect();
        let ab: Vec<&Link> = bl.ab.iter().map(|&d| &direct[d]).collect();
        let (s_pa, s_pb, s_ab) = (mean(&pa), mean(&pb), mean(&ab));
        let (p0, a0, b0) = bl.start;
        if s_pb + how.margin < s_pa.min(s_ab) {
            let new = compose(&pa, &ab, p0, a0, b0, s_pa.min(s_ab));
            replace(&mut versions[b], bl.pb.clone(), new);
            repaired += 1;
        } else if s_pa + how.margin < s_pb.min(s_ab) {
            let ba: Vec<Link> =
                ab.iter().map(|l| Link { src: l.tgt.clone(), tgt: l.src.clone(), confidence: l.confidence }).collect();
            let ba: Vec<&Link> = ba.iter().collect();
            let new = compose(&pb, &ba, p0, b0, a0, s_pb.min(s_ab));
            replace(&mut versions[a], bl.pa.clone(), new);
            repaired += 1;
        }
    }
    repaired
}

fn replace(v: &mut Version, range: Range<usize>, new: Vec<Link>) {
    let k = new.len();
    v.links.splice(range.clone(), new);
    v.repaired.splice(range, std::iter::repeat_n(true, k));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(src: &[usize], tgt: &[usize], c: f64) -> Link {
        Link { src: src.to_vec(), tgt: tgt.to_vec(), confidence: c }
    }

    #[test]
    fn composition_keeps_boundaries_both_sides_share() {
        // X–Y: 1-1 1-1; Y–Z: 2-1. X–Z: one 2-1 link.
        let xy = [l(&[0], &[0], 1.0), l(&[1], &[1], 1.0)];
        let yz = [l(&[0, 1], &[0], 1.0)];
        let got = compose(&xy.iter().collect::<Vec<_>>(), &yz.iter().collect::<Vec<_>>(), 0, 0, 0, 0.5);
        assert_eq!(got, [l(&[0, 1], &[0], 0.5)]);
        // A gap on Y: X 0 dropped (1-0), Z 0 inserted (0-1).
        let xy = [l(&[0], &[], 1.0), l(&[1], &[0], 1.0)];
        let yz = [l(&[], &[0], 1.0), l(&[0], &[1], 1.0)];
        let got = compose(&xy.iter().collect::<Vec<_>>(), &yz.iter().collect::<Vec<_>>(), 0, 0, 0, 0.5);
        assert_eq!(got, [l(&[0], &[], 0.5), l(&[], &[0], 0.5), l(&[1], &[1], 0.5)]);
    }
}
