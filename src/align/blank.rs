//! Blank segments (the empty lines of a `--segmented` text) carry no
//! evidence: the search leaves them out, and each joins the link of the
//! segment before it (blank lines opening a text, the link after them).
//! Searched as text, a blank line cost a link its prior: an extra one on
//! one side pulled its neighbours into wrong links and halved the
//! confidence of the right ones.

use super::{Alignment, Segment, Unaligned};

/// The texts without their blank segments, and where each kept one was.
pub(super) struct Compacted {
    pub(super) src: Vec<Segment>,
    pub(super) tgt: Vec<Segment>,
    src_at: Vec<usize>,
    tgt_at: Vec<usize>,
    n: usize,
    m: usize,
}

fn is_blank(s: &Segment) -> bool {
    s.text.trim().is_empty()
}

impl Compacted {
    /// `None` when neither text has a blank segment (the common case:
    /// documents never do).
    pub(super) fn new(src: &[Segment], tgt: &[Segment]) -> Option<Compacted> {
        if !src.iter().chain(tgt).any(is_blank) {
            return None;
        }
        let keep = |segs: &[Segment]| -> (Vec<Segment>, Vec<usize>) {
            segs.iter().enumerate().filter(|(_, s)| !is_blank(s)).map(|(k, s)| (s.clone(), k)).unzip()
        };
        let ((src_kept, src_at), (tgt_kept, tgt_at)) = (keep(src), keep(tgt));
        Some(Compacted { src: src_kept, tgt: tgt_kept, src_at, tgt_at, n: src.len(), m: tgt.len() })
    }

    /// An alignment of the kept segments, and its unaligned ones, in the
    /// whole texts' numbering, every blank segment in a link.
    pub(super) fn expand(&self, mut a: Alignment, mut unaligned: Vec<Unaligned>) -> (Alignment, Vec<Unaligned>) {
        if a.links.is_empty() {
            // Both texts blank: one link holds them all.
            a.links.push(super::Link { src: (0..self.n).collect(), tgt: (0..self.m).collect(), confidence: 1.0 });
            return (a, unaligned);
        }
        let owners = |at: &[usize], total: usize, side: fn(&super::Link) -> &Vec<usize>| {
            let mut owner: Vec<Option<usize>> = vec![None; total];
            for (l, link) in a.links.iter().enumerate() {
                for &k in side(link) {
                    owner[at[k]] = Some(l);
                }
            }
            // Forward: a blank joins the link before it; then backward for
            // the blanks opening the text; a side with nothing but blanks
            // joins the first link.
            for k in 1..total {
                if owner[k].is_none() {
                    owner[k] = owner[k - 1];
                }
            }
            for k in (0..total.saturating_sub(1)).rev() {
                if owner[k].is_none() {
                    owner[k] = owner[k + 1];
                }
            }
            owner
        };
        let src_owner = owners(&self.src_at, self.n, |l| &l.src);
        let tgt_owner = owners(&self.tgt_at, self.m, |l| &l.tgt);
        for link in &mut a.links {
            link.src.clear();
            link.tgt.clear();
        }
        for (k, o) in src_owner.iter().enumerate() {
            a.links[o.unwrap_or(0)].src.push(k);
        }
        for (k, o) in tgt_owner.iter().enumerate() {
            a.links[o.unwrap_or(0)].tgt.push(k);
        }
        for u in &mut unaligned {
            let at = match u.side {
                super::Side::Source => &self.src_at,
                super::Side::Target => &self.tgt_at,
            };
            u.segment = at[u.segment];
        }
        (a, unaligned)
    }
}
