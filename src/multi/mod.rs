//! Many translations at once: a pivot text (usually the original) and
//! each of its translations aligned pairwise, joined into one
//! multi-alignment whose rows are anchored on the pivot.
//!
//! **Rows.** A row is the smallest span of pivot segments that no
//! version's link crosses: where one translation merged two pivot
//! sentences into one (a 2-1 link) and another kept them apart, both
//! sentences are one row, and each version's own links inside it are kept
//! (so a pair projected out of the rows is exactly its pairwise alignment).
//! A translation's insertions (0-1 links) at a place where every version
//! has a boundary get a row with an empty pivot; those of several versions
//! at the same place share it. A version with no segment in a row with a
//! pivot dropped that pivot text there.
//!
//! **Flags** on a row: `dropped` (some version left pivot segments of the
//! row without counterpart), `inserted` (some version added segments),
//! `regrouped` (the versions merged or split the row's sentences
//! differently), `low-confidence` (a version's weakest link in the row is
//! below [`LOW_CONFIDENCE`]) and `disagree` (the translation-to-translation
//! check, [`check`], aligned two translations directly and found a link
//! that crosses the row, or no link where the row pairs them; with the
//! direct aligner's confidence).
//!
//! **Coverage** of the pivot by each version ([`coverage`]): pivot
//! segments kept (1-1), merged (more pivot than version segments in one
//! link), split (fewer), regrouped (as many, two or more), dropped, and
//! version segments inserted.
//!
//! Outputs: the JSON contract ([`json`]), TSV ([`tsv`]), TMX ([`tmx`]), TEI
//! ([`tei`]), the side-by-side HTML view ([`html`]) and the coverage report
//! ([`coverage`]).

pub mod check;
pub mod coverage;
pub mod html;
pub mod json;
pub mod tei;
pub mod tmx;
pub mod tsv;

use std::collections::BTreeMap;

use crate::align::{Alignment, Link, Segment};
use crate::error::{Error, ErrorKind, Result};
use crate::model::Lang;

/// A version's weakest link in a row below this flags the row.
pub const LOW_CONFIDENCE: f64 = 0.5;

/// One text of a multi-alignment: the pivot, or a translation with its
/// alignment to the pivot.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// Unique short name (the file stem), used in every output.
    pub name: String,
    /// The file it was read from, as given.
    pub file: String,
    /// Its language.
    pub lang: Lang,
    /// Its segments, in order.
    pub segments: Vec<Segment>,
    /// For a translation, its links with the pivot (`src` = pivot
    /// segments, `tgt` = this version's), covering both texts once, in
    /// order; empty for the pivot.
    pub links: Vec<Link>,
    /// For each link, whether the translation-to-translation check
    /// replaced it (same length as `links`).
    pub repaired: Vec<bool>,
    /// Why the pairwise aligner left pivot segments without counterpart,
    /// by pivot segment index (known when aligned, not when read back
    /// from outputs other than the JSON).
    pub dropped_why: BTreeMap<usize, String>,
    /// What data the pairwise alignment used, in a line.
    pub data: String,
    /// What whoever uses this version must know of how it was read and
    /// aligned, as [`crate::jobs::align::Done::warnings`] says it for a
    /// pair: its language only guessed or contradicting `--langs`, and for
    /// a translation, reduced evidence in its alignment to the pivot.
    pub warnings: Vec<String>,
}

impl Version {
    /// A version with no links yet (the pivot, or a translation before
    /// its alignment is known).
    pub fn new(name: impl Into<String>, file: impl Into<String>, lang: Lang, segments: Vec<Segment>) -> Version {
        Version {
            name: name.into(),
            file: file.into(),
            lang,
            segments,
            links: Vec::new(),
            repaired: Vec::new(),
            dropped_why: BTreeMap::new(),
            data: String::new(),
            warnings: Vec::new(),
        }
    }

    /// Give a translation its alignment to the pivot.
    pub fn with_links(mut self, links: Vec<Link>) -> Version {
        self.repaired = vec![false; links.len()];
        self.links = links;
        self
    }
}

/// What one link of a translation does to the pivot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// One pivot segment, one version segment.
    Kept,
    /// More pivot segments than version segments (2-1, 3-2, …).
    Merged,
    /// Fewer pivot segments than version segments (1-2, 2-3, …).
    Split,
    /// As many on both sides, two or more (2-2).
    Regrouped,
    /// Pivot segments without counterpart (1-0).
    Dropped,
    /// Version segments without counterpart in the pivot (0-1).
    Inserted,
}

impl LinkKind {
    /// The kind of a link (`src` = pivot side).
    pub fn of(l: &Link) -> LinkKind {
        let (np, nv) = (l.src.len(), l.tgt.len());
        match (np, nv) {
            (_, 0) => LinkKind::Dropped,
            (0, _) => LinkKind::Inserted,
            (1, 1) => LinkKind::Kept,
            _ if np > nv => LinkKind::Merged,
            _ if np < nv => LinkKind::Split,
            _ => LinkKind::Regrouped,
        }
    }

    /// Its name in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Kept => "kept",
            LinkKind::Merged => "merged",
            LinkKind::Split => "split",
            LinkKind::Regrouped => "regrouped",
            LinkKind::Dropped => "dropped",
            LinkKind::Inserted => "inserted",
        }
    }

    /// Every kind, in the order outputs list them.
    pub const ALL: [LinkKind; 6] =
        [LinkKind::Kept, LinkKind::Merged, LinkKind::Split, LinkKind::Regrouped, LinkKind::Dropped, LinkKind::Inserted];
}

/// One version's part of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its segments in the row (for the pivot: the row's pivot segments).
    pub segments: Vec<usize>,
    /// Its links in the row (indices into [`Version::links`]; empty for the pivot).
    pub links: Vec<usize>,
    /// Its weakest link's confidence (`None` for the pivot, and for a
    /// version with no link in the row).
    pub confidence: Option<f64>,
}

/// What a row flag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    /// Some version left pivot segments of the row without counterpart.
    Dropped,
    /// Some version added segments the pivot does not have.
    Inserted,
    /// The versions merged or split the row's sentences differently.
    Regrouped,
    /// A version's weakest link in the row is below [`LOW_CONFIDENCE`].
    LowConfidence,
    /// Two translations aligned directly disagree with the row.
    Disagree,
}

impl FlagKind {
    /// Its name in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Dropped => "dropped",
            FlagKind::Inserted => "inserted",
            FlagKind::Regrouped => "regrouped",
            FlagKind::LowConfidence => "low-confidence",
            FlagKind::Disagree => "disagree",
        }
    }

    /// The kind of a name.
    pub fn parse(s: &str) -> Option<FlagKind> {
        FlagKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Every flag, in the order outputs list them.
    pub const ALL: [FlagKind; 5] =
        [FlagKind::Dropped, FlagKind::Inserted, FlagKind::Regrouped, FlagKind::LowConfidence, FlagKind::Disagree];

    /// What the flag means, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            FlagKind::Dropped => "a version has no counterpart for some of the row's pivot text",
            FlagKind::Inserted => "a version adds text the pivot does not have",
            FlagKind::Regrouped => "the versions merged or split the row's sentences differently",
            FlagKind::LowConfidence => "a version's weakest link in the row has confidence below 0.5",
            FlagKind::Disagree => {
                "two translations aligned directly disagree with the row (confidence: the direct aligner's)"
            }
        }
    }
}

/// A row flag: what, which versions (indices into
/// [`MultiAlignment::versions`]), and for `disagree` the confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// What it says.
    pub kind: FlagKind,
    /// The versions concerned.
    pub versions: Vec<usize>,
    /// How sure the check that raised it is (for `disagree`).
    pub confidence: Option<f64>,
}

/// One row: pivot segments and each version's segments for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One cell per version, in [`MultiAlignment::versions`] order; cell 0
    /// holds the row's pivot segments (none in a row of insertions).
    pub cells: Vec<Cell>,
    /// What is notable about the row.
    pub flags: Vec<Flag>,
}

impl Row {
    /// The row's pivot segments.
    pub fn pivot(&self) -> &[usize] {
        &self.cells[0].segments
    }

    /// Whether it carries a flag of this kind.
    pub fn has(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|f| f.kind == kind)
    }
}

/// A translation-to-translation check: two translations aligned directly.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The first translation (index into [`MultiAlignment::versions`]).
    pub a: usize,
    /// The second.
    pub b: usize,
    /// Why they could be checked: a shared language, or the dictionary used.
    pub why: String,
    /// Their direct alignment (`src` = `a`'s segments, `tgt` = `b`'s).
    pub links: Vec<Link>,
    /// Blocks of rows where the check replaced one pair's links by the
    /// composition of the other two (0 when it only flags).
    pub repaired: usize,
}

/// A pivot text and its translations, joined into rows.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiAlignment {
    /// The pivot first, then the translations.
    pub versions: Vec<Version>,
    /// The rows, in pivot order.
    pub rows: Vec<Row>,
    /// The translation-to-translation checks that ran.
    pub checks: Vec<Check>,
}

fn mismatch(msg: String) -> Error {
    Error::new(ErrorKind::Mismatch(msg))
}

/// The rows' structure: which links of which version fall in each row.
/// `links[t]` are translation t's links with the pivot (`src` = pivot);
/// every one must cover the `n` pivot segments once, in order. Returns
/// for each row its pivot range and, per translation, its link indices.
pub fn join(n: usize, links: &[&[Link]]) -> Vec<(std::ops::Range<usize>, Vec<Vec<usize>>)> {
    // Pivot positions where every version has a link boundary.
    let mut common = vec![true; n + 1];
    for ls in links {
        let mut cut = vec![false; n + 1];
        cut[0] = true;
        let mut p = 0;
        for l in *ls {
            p += l.src.len();
            if p <= n {
                cut[p] = true;
            }
        }
        for (c, k) in common.iter_mut().zip(cut) {
            *c &= k;
        }
    }
    // Row of each pivot segment; insertion rows keyed by position.
    let starts: Vec<usize> = (0..=n).filter(|&p| common[p]).collect();
    let mut row_at = vec![0usize; n + 1];
    let mut inserts_at: BTreeMap<usize, ()> = BTreeMap::new();
    for ls in links {
        let mut p = 0;
        for l in *ls {
            if l.src.is_empty() && common[p.min(n)] {
                inserts_at.insert(p, ());
            }
            p += l.src.len();
        }
    }
    // Order: at each common position, its insertion row, then the pivot
    // row that starts there.
    let mut rows: Vec<(std::ops::Range<usize>, Vec<Vec<usize>>)> = Vec::new();
    let mut insert_row: BTreeMap<usize, usize> = BTreeMap::new();
    for w in 0..starts.len() {
        let p = starts[w];
        if inserts_at.contains_key(&p) {
            insert_row.insert(p, rows.len());
            rows.push((p..p, vec![Vec::new(); links.len()]));
        }
        if let Some(&end) = starts.get(w + 1) {
            for slot in &mut row_at[p..end] {
                *slot = rows.len();
            }
            rows.push((p..end, vec![Vec::new(); links.len()]));
        }
    }
    for (t, ls) in links.iter().enumerate() {
        let mut p = 0;
        for (k, l) in ls.iter().enumerate() {
            let r = match l.src.first() {
                Some(&first) => row_at[first.min(n.saturating_sub(1))],
                None => match insert_row.get(&p) {
                    Some(&r) => r,
                    None => row_at[p.min(n.saturating_sub(1))],
                },
            };
            if let Some(row) = rows.get_mut(r) {
                row.1[t].push(k);
            }
            p += l.src.len();
        }
    }
    rows
}

impl MultiAlignment {
    /// Join the versions (the pivot first, then each translation with its
    /// links to the pivot) into rows, flag them, and add the flags of the
    /// translation-to-translation checks. Errors when a translation's
    /// links do not cover both texts once, in order.
    pub fn new(mut versions: Vec<Version>, mut checks: Vec<Check>) -> Result<MultiAlignment> {
        // Confidences as every output writes them, so that a file read back
        // gives the same rows and flags.
        for l in versions
            .iter_mut()
            .flat_map(|v| v.links.iter_mut())
            .chain(checks.iter_mut().flat_map(|c| c.links.iter_mut()))
        {
            l.confidence = json::round3(l.confidence);
        }
        if versions.len() < 2 {
            return Err(Error::usage("a multi-alignment needs a pivot and at least one translation"));
        }
        let n = versions[0].segments.len();
        for v in &versions[1..] {
            crate::align::check_cover(v.links.iter().map(|l| (&l.src[..], &l.tgt[..])), n, v.segments.len())
                .map_err(|e| mismatch(format!("version {}: its links with the pivot: {e}", v.name)))?;
            if v.repaired.len() != v.links.len() {
                return Err(mismatch(format!("version {}: one repaired mark per link expected", v.name)));
            }
        }
        for c in &checks {
            let (Some(a), Some(b)) = (versions.get(c.a), versions.get(c.b)) else {
                return Err(mismatch(format!("a check names versions {} and {}, which do not exist", c.a, c.b)));
            };
            if c.a == 0 || c.b == 0 || c.a == c.b {
                return Err(mismatch("a check pairs two different translations, not the pivot".into()));
            }
            crate::align::check_cover(
                c.links.iter().map(|l| (&l.src[..], &l.tgt[..])),
                a.segments.len(),
                b.segments.len(),
            )
            .map_err(|e| mismatch(format!("check {} ↔ {}: {e}", a.name, b.name)))?;
        }
        let link_sets: Vec<&[Link]> = versions[1..].iter().map(|v| &v.links[..]).collect();
        let shape = join(n, &link_sets);
        let mut rows = Vec::with_capacity(shape.len());
        for (pivot, per) in shape {
            let mut cells = vec![Cell { segments: pivot.collect(), links: Vec::new(), confidence: None }];
            for (t, ks) in per.into_iter().enumerate() {
                let v = &versions[t + 1];
                let mut segments: Vec<usize> = ks.iter().flat_map(|&k| v.links[k].tgt.iter().copied()).collect();
                segments.sort_unstable();
                let confidence = ks.iter().map(|&k| v.links[k].confidence).reduce(f64::min);
                cells.push(Cell { segments, links: ks, confidence });
            }
            let flags = row_flags(&versions, &cells);
            rows.push(Row { cells, flags });
        }
        let mut m = MultiAlignment { versions, rows, checks };
        for c in 0..m.checks.len() {
            let (a, b) = (m.checks[c].a, m.checks[c].b);
            for (r, confidence) in check::disagreements(&m.rows, a, b, &m.checks[c].links) {
                m.rows[r].flags.push(Flag {
                    kind: FlagKind::Disagree,
                    versions: vec![a, b],
                    confidence: Some(confidence),
                });
            }
        }
        Ok(m)
    }

    /// The pivot.
    pub fn pivot(&self) -> &Version {
        &self.versions[0]
    }

    /// The version a name means: a version's name (file stem), its file
    /// name, or a language code only one version has.
    pub fn find(&self, name: &str) -> Result<usize> {
        if let Some(i) = self.versions.iter().position(|v| v.name == name || v.file == name) {
            return Ok(i);
        }
        let by_lang: Vec<usize> = match Lang::new(name) {
            Some(l) => (0..self.versions.len()).filter(|&i| self.versions[i].lang == l).collect(),
            None => Vec::new(),
        };
        let list = || self.versions.iter().map(|v| format!("{} ({})", v.name, v.lang)).collect::<Vec<_>>().join(", ");
        match by_lang[..] {
            [i] => Ok(i),
            [] => Err(Error::usage(format!("no version {name:?} in this multi-alignment; it has {}", list()))),
            _ => Err(Error::usage(format!(
                "{} versions are in {name}; name one by its file stem: {}",
                by_lang.len(),
                list()
            ))),
        }
    }

    /// Two versions projected out as a pairwise alignment (`x` as source).
    /// The pivot with a translation gives that translation's own links
    /// (repaired ones included); two translations give, for each place
    /// where both have a link boundary, one link between their segments
    /// there, and their segments facing only the other's gaps as 1-0 and
    /// 0-1 links.
    pub fn project(&self, x: usize, y: usize) -> Result<Alignment> {
        let nv = self.versions.len();
        if x >= nv || y >= nv || x == y {
            return Err(Error::usage("--pair needs two different versions"));
        }
        let (vx, vy) = (&self.versions[x], &self.versions[y]);
        let links = if x == 0 {
            vy.links.clone()
        } else if y == 0 {
            vx.links.iter().map(|l| Link { src: l.tgt.clone(), tgt: l.src.clone(), confidence: l.confidence }).collect()
        } else {
            compose_through_pivot(self.versions[0].segments.len(), &vx.links, &vy.links)
        };
        Ok(Alignment { src_lang: vx.lang.clone(), tgt_lang: vy.lang.clone(), links })
    }

    /// Every version's warnings, the pivot's first (what the multi
    /// formats carry: a JSON keeps them per version).
    pub fn warnings(&self) -> Vec<String> {
        self.versions.iter().flat_map(|v| v.warnings.iter().cloned()).collect()
    }

    /// The warnings that concern the pair [`project`](Self::project) makes
    /// of versions `x` and `y`: theirs, and the pivot's when the pair is
    /// composed through it (two translations), in version order.
    pub fn pair_warnings(&self, x: usize, y: usize) -> Vec<String> {
        (0..self.versions.len())
            .filter(|&v| v == x || v == y || (v == 0 && x != 0 && y != 0))
            .flat_map(|v| self.versions[v].warnings.iter().cloned())
            .collect()
    }

    /// How many rows carry each flag.
    pub fn flag_counts(&self) -> BTreeMap<FlagKind, usize> {
        let mut out = BTreeMap::new();
        for r in &self.rows {
            let mut seen: Vec<FlagKind> = r.flags.iter().map(|f| f.kind).collect();
            seen.dedup();
            for k in seen {
                *out.entry(k).or_insert(0) += 1;
            }
        }
        out
    }
}

/// Two translations' links with the pivot composed into one alignment
/// between them (`x` as source), as [`MultiAlignment::project`] says.
pub fn compose_through_pivot(n: usize, x: &[Link], y: &[Link]) -> Vec<Link> {
    let mut out = Vec::new();
    for (_, per) in join(n, &[x, y]) {
        let segs = |ls: &[Link], ks: &[usize]| -> Vec<usize> {
            let mut v: Vec<usize> = ks.iter().flat_map(|&k| ls[k].tgt.iter().copied()).collect();
            v.sort_unstable();
            v
        };
        let conf = |ls: &[Link], ks: &[usize]| ks.iter().map(|&k| ls[k].confidence).reduce(f64::min);
        let (sx, sy) = (segs(x, &per[0]), segs(y, &per[1]));
        let (cx, cy) = (conf(x, &per[0]), conf(y, &per[1]));
        let both = match (cx, cy) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 1.0,
        };
        if !sx.is_empty() && !sy.is_empty() {
            out.push(Link { src: sx, tgt: sy, confidence: both });
        } else {
            out.extend(sx.into_iter().map(|i| Link { src: vec![i], tgt: vec![], confidence: both }));
            out.extend(sy.into_iter().map(|j| Link { src: vec![], tgt: vec![j], confidence: both }));
        }
    }
    out
}

/// The flags a row's cells show by themselves (the checks add theirs).
fn row_flags(versions: &[Version], cells: &[Cell]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let kinds =
        |t: usize| -> Vec<LinkKind> { cells[t].links.iter().map(|&k| LinkKind::of(&versions[t].links[k])).collect() };
    let with = |pred: &dyn Fn(usize) -> bool| -> Vec<usize> { (1..cells.len()).filter(|&t| pred(t)).collect() };
    let dropped = with(&|t| kinds(t).contains(&LinkKind::Dropped));
    if !dropped.is_empty() {
        flags.push(Flag { kind: FlagKind::Dropped, versions: dropped, confidence: None });
    }
    let inserted = with(&|t| kinds(t).contains(&LinkKind::Inserted));
    if !inserted.is_empty() {
        flags.push(Flag { kind: FlagKind::Inserted, versions: inserted, confidence: None });
    }
    // Regrouped: the versions' linked (non-null) links do not all have the
    // same shape over the same pivot segments (a version that dropped the
    // text has none), and some are not 1-1.
    let shape = |t: usize| -> Shape {
        cells[t]
            .links
            .iter()
            .map(|&k| &versions[t].links[k])
            .filter(|l| !l.src.is_empty() && !l.tgt.is_empty())
            .map(|l| (l.src[0], l.src.len(), l.tgt.len()))
            .collect()
    };
    type Shape = Vec<(usize, usize, usize)>;
    let shapes: Vec<(usize, Shape)> = (1..cells.len()).map(|t| (t, shape(t))).collect();
    let differ = shapes.windows(2).any(|w| w[0].1 != w[1].1);
    let uneven: Vec<usize> =
        shapes.iter().filter(|(_, s)| s.iter().any(|&(_, np, nv)| (np, nv) != (1, 1))).map(|(t, _)| *t).collect();
    if differ && !uneven.is_empty() {
        flags.push(Flag { kind: FlagKind::Regrouped, versions: uneven, confidence: None });
    }
    let low = with(&|t| cells[t].confidence.is_some_and(|c| c < LOW_CONFIDENCE));
    if !low.is_empty() {
        flags.push(Flag { kind: FlagKind::LowConfidence, versions: low, confidence: None });
    }
    flags
}

/// Unique names for versions read from these files: the file stems, with
/// `-2`, `-3`, … after a stem already taken.
pub fn version_names(files: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in files {
        let base = std::path::Path::new(f)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "text".into());
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}-{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(src: &[usize], tgt: &[usize]) -> Link {
        Link { src: src.to_vec(), tgt: tgt.to_vec(), confidence: 0.9 }
    }

    #[test]
    fn a_row_is_the_smallest_pivot_span_no_link_crosses() {
        // A: 1-1 1-1 1-1; B: 2-1 (merges pivot 0 and 1) 0-1 (insertion) 1-0 (drops pivot 2).
        let a = vec![l(&[0], &[0]), l(&[1], &[1]), l(&[2], &[2])];
        let b = vec![l(&[0, 1], &[0]), l(&[], &[1]), l(&[2], &[])];
        let rows = join(3, &[&a, &b]);
        let pivots: Vec<_> = rows.iter().map(|r| r.0.clone()).collect();
        assert_eq!(pivots, [0..2, 2..2, 2..3]);
        assert_eq!(rows[0].1, [vec![0, 1], vec![0]]);
        assert_eq!(rows[1].1, [vec![], vec![1]], "the insertion has its own row, pivot empty");
        assert_eq!(rows[2].1, [vec![2], vec![2]]);
    }

    #[test]
    fn an_insertion_inside_another_versions_link_stays_in_its_row() {
        let a = vec![l(&[0, 1], &[0])];
        let b = vec![l(&[0], &[0]), l(&[], &[1]), l(&[1], &[2])];
        let rows = join(2, &[&a, &b]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1[1], [0, 1, 2]);
    }

    #[test]
    fn two_translations_compose_through_the_pivot() {
        let a = vec![l(&[0], &[0]), l(&[1], &[1]), l(&[2], &[2])];
        let b = vec![l(&[0, 1], &[0]), l(&[], &[1]), l(&[2], &[])];
        let ab = compose_through_pivot(3, &a, &b);
        let pairs: Vec<_> = ab.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect();
        assert_eq!(pairs, [(vec![0, 1], vec![0]), (vec![], vec![1]), (vec![2], vec![])]);
    }

    #[test]
    fn names_are_stems_made_unique() {
        let names = version_names(&["a/x.md".into(), "b/x.md".into(), "y.txt".into(), "c/x.epub".into()]);
        assert_eq!(names, ["x", "x-2", "y", "x-3"]);
    }
}
