//! How much of the pivot each version covers: pivot segments kept (1-1),
//! merged, split, regrouped and dropped, and the version's own insertions;
//! the dropped segments listed with their row and, when the aligner said
//! it, why. The text report is in the spirit of the title coverage report.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{FlagKind, LinkKind, MultiAlignment};

/// A pivot segment a version has no counterpart for.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Its index in the pivot.
    pub segment: usize,
    /// The row it is in (0-based).
    pub row: usize,
    /// Why the pairwise aligner left it out, when known.
    pub why: Option<String>,
}

/// One version's coverage of the pivot.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// The version (index into [`MultiAlignment::versions`]).
    pub version: usize,
    /// How many pivot segments there are.
    pub pivot_segments: usize,
    /// Pivot segments per kind of link they are in; for
    /// [`LinkKind::Inserted`], the version's segments without a pivot.
    pub counts: BTreeMap<LinkKind, usize>,
    /// The pivot segments it dropped, in order.
    pub dropped: Vec<Dropped>,
}

impl Coverage {
    /// How many of a kind.
    pub fn count(&self, k: LinkKind) -> usize {
        self.counts.get(&k).copied().unwrap_or(0)
    }

    /// The share of pivot segments the version has a counterpart for.
    pub fn present_share(&self) -> f64 {
        if self.pivot_segments == 0 {
            return 1.0;
        }
        1.0 - self.count(LinkKind::Dropped) as f64 / self.pivot_segments as f64
    }

    /// The share of pivot segments in links of a kind.
    pub fn share(&self, k: LinkKind) -> f64 {
        if self.pivot_segments == 0 { 0.0 } else { self.count(k) as f64 / self.pivot_segments as f64 }
    }
}

/// The coverage of the pivot by version `v` (a translation).
pub fn of(m: &MultiAlignment, v: usize) -> Coverage {
    let n = m.pivot().segments.len();
    let mut row_of = vec![0; n];
    for (r, row) in m.rows.iter().enumerate() {
        for &p in row.pivot() {
            if let Some(slot) = row_of.get_mut(p) {
                *slot = r;
            }
        }
    }
    let ver = &m.versions[v];
    let mut counts = BTreeMap::new();
    let mut dropped = Vec::new();
    for l in &ver.links {
        let kind = LinkKind::of(l);
        let k = if kind == LinkKind::Inserted { l.tgt.len() } else { l.src.len() };
        *counts.entry(kind).or_insert(0) += k;
        if kind == LinkKind::Dropped {
            for &p in &l.src {
                dropped.push(Dropped {
                    segment: p,
                    row: row_of.get(p).copied().unwrap_or(0),
                    why: ver.dropped_why.get(&p).cloned(),
                });
            }
        }
    }
    Coverage { version: v, pivot_segments: n, counts, dropped }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The coverage report for a person: per version, what it kept, merged,
/// split, regrouped, dropped and inserted, the dropped pivot segments
/// listed; then the translation-to-translation checks and the flagged rows.
/// Warnings first, a `WARNING:` line each, as the pairwise text view has
/// them.
pub fn report(m: &MultiAlignment) -> String {
    let p = m.pivot();
    let mut out: String = m.warnings().iter().map(|w| format!("WARNING: {}\n", crate::formats::one_line(w))).collect();
    let _ = writeln!(
        out,
        "Coverage of the pivot {} ({}, {} segments) by {} version{}:",
        p.file,
        p.lang,
        p.segments.len(),
        m.versions.len() - 1,
        if m.versions.len() == 2 { "" } else { "s" }
    );
    for v in 1..m.versions.len() {
        let c = of(m, v);
        let ver = &m.versions[v];
        let _ = writeln!(
            out,
            "\n  {} ({}, {} segments): present {} of {} ({})",
            ver.file,
            ver.lang,
            ver.segments.len(),
            c.pivot_segments - c.count(LinkKind::Dropped),
            c.pivot_segments,
            pct(c.present_share())
        );
        let parts: Vec<String> = LinkKind::ALL[..5]
            .iter()
            .map(|&k| format!("{} {} ({})", k.as_str(), c.count(k), pct(c.share(k))))
            .collect();
        let _ = writeln!(out, "    {}", parts.join(", "));
        let _ = writeln!(
            out,
            "    inserted: {} of its own segments have no pivot counterpart",
            c.count(LinkKind::Inserted)
        );
        let repaired = ver.repaired.iter().filter(|&&r| r).count();
        if repaired > 0 {
            let _ = writeln!(out, "    {repaired} links replaced by the translation-to-translation check");
        }
        if !ver.data.is_empty() {
            let _ = writeln!(out, "    {}", ver.data);
        }
        if c.dropped.is_empty() {
            let _ = writeln!(out, "    dropped: none");
        } else {
            let _ = writeln!(out, "    dropped ({}):", c.dropped.len());
            for d in &c.dropped {
                let seg = &p.segments[d.segment];
                let _ = writeln!(
                    out,
                    "      row {}, {} {}: {}",
                    d.row + 1,
                    p.name,
                    seg.id,
                    crate::text::one_line(&seg.text)
                );
                if let Some(why) = &d.why {
                    let _ = writeln!(out, "        why: {why}");
                }
            }
        }
    }
    if m.checks.is_empty() {
        out.push_str(
            "\nTranslation-to-translation checks: none (no two translations share a language or a dictionary)\n",
        );
    } else {
        out.push_str("\nTranslation-to-translation checks:\n");
        for c in &m.checks {
            let (a, b) = (&m.versions[c.a], &m.versions[c.b]);
            let with_text = m
                .rows
                .iter()
                .filter(|r| !r.cells[c.a].segments.is_empty() || !r.cells[c.b].segments.is_empty())
                .count();
            let flagged = m
                .rows
                .iter()
                .filter(|r| r.flags.iter().any(|f| f.kind == FlagKind::Disagree && f.versions == [c.a, c.b]))
                .count();
            let _ = writeln!(
                out,
                "  {} ↔ {} ({}): {} of {with_text} rows agree, {flagged} flagged{}",
                a.name,
                b.name,
                c.why,
                with_text - flagged,
                if c.repaired > 0 { format!(", {} blocks repaired", c.repaired) } else { String::new() }
            );
        }
    }
    let counts = m.flag_counts();
    out.push_str(&format!("\nRows: {}", m.rows.len()));
    for k in FlagKind::ALL {
        out.push_str(&format!(", {} {}", counts.get(&k).copied().unwrap_or(0), k.as_str()));
    }
    out.push_str("\n\nFlags:\n");
    for k in FlagKind::ALL {
        let _ = writeln!(out, "  {:<15} {}", k.as_str(), k.meaning());
    }
    out
}
