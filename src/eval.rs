//! Strict and lax precision/recall/F1 of sentence alignments, as Sennrich &
//! Volk (2011) defined them and vecalign's `score.py` computes them
//! (re-implemented from the description in the benchmark README, not copied).
//!
//! Beads are compared as written (id lists in ascending order). Counts are
//! summed over all document pairs before P, R and F1 are computed (micro
//! average).
//!
//! ```
//! use transalign::eval::{parse_beads, score_all};
//!
//! let gold = parse_beads("[0]:[0]\n[1]:[1, 2]\n")?;
//! let test = parse_beads("[0]:[0]:0.9\n[1]:[1]:0.5\n[]:[2]:0.4\n")?;
//! let s = score_all(&[(gold, test)]);
//! assert_eq!((s.strict.precision, s.strict.recall), (1.0 / 3.0, 0.5));
//! assert_eq!(s.lax.recall, 1.0);
//! # Ok::<(), transalign::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Pos, Result};

/// One bead: source ids and target ids.
pub type Bead = (Vec<usize>, Vec<usize>);

/// Read beads in the benchmark format: `[0, 1]:[2]` per line, with an
/// optional `:score` third field; errors name the line and column.
pub fn parse_beads(text: &str) -> Result<Vec<Bead>> {
    Ok(parse_scored_beads(text)?.into_iter().map(|(b, _)| b).collect())
}

/// [`parse_beads`], keeping each bead's score when the line has one.
pub fn parse_scored_beads(text: &str) -> Result<Vec<(Bead, Option<f64>)>> {
    let mut out = Vec::new();
    // The line each segment id was first linked on, per side: a segment in
    // two links is no alignment (an alignment JSON saying so is refused),
    // and was scored as if it were one.
    let mut linked: [std::collections::HashMap<usize, usize>; 2] = Default::default();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let err = |col: usize, msg: &str| {
            Error::new(ErrorKind::Syntax { pos: Pos { line: line_no, col }, msg: msg.to_string() })
        };
        let mut rest = l;
        let mut sides = Vec::new();
        // The column each id list starts at.
        let mut starts = Vec::new();
        for side in 0..2 {
            rest = rest.trim_start();
            if side == 1 {
                rest = rest
                    .strip_prefix(':')
                    .ok_or_else(|| err(l.len() - rest.len() + 1, "expected ':' between the two id lists"))?;
                rest = rest.trim_start();
            }
            let body = rest.strip_prefix('[').ok_or_else(|| err(l.len() - rest.len() + 1, "expected '['"))?;
            let close = body.find(']').ok_or_else(|| err(l.len(), "expected ']'"))?;
            let mut ids = Vec::new();
            for part in body[..close].split(',').map(str::trim).filter(|p| !p.is_empty()) {
                ids.push(
                    part.parse::<usize>()
                        .map_err(|_| err(l.len() - body.len() + 1, &format!("not a segment id: {part:?}")))?,
                );
            }
            starts.push(l.len() - body.len() + 1);
            sides.push(ids);
            rest = &body[close + 1..];
        }
        let rest = rest.trim();
        let mut score = None;
        if !rest.is_empty() {
            let parsed = rest.strip_prefix(':').map(str::trim).and_then(|s| s.parse::<f64>().ok());
            match parsed {
                Some(x) if x.is_finite() => score = Some(x),
                _ => return Err(err(l.len() - rest.len() + 1, "expected nothing or ':score' after the beads")),
            }
        }
        let tgt = sides.pop().unwrap_or_default();
        let src = sides.pop().unwrap_or_default();
        // The same bead again is the same link (scored once).
        if seen.insert((src.clone(), tgt.clone())) {
            for (side, ids) in [&src, &tgt].into_iter().enumerate() {
                for &id in ids {
                    if let Some(first) = linked[side].insert(id, line_no) {
                        let which = if side == 0 { "source" } else { "target" };
                        let said = if first == line_no {
                            "twice in this link".to_string()
                        } else {
                            format!("also in the link on line {first}")
                        };
                        let col = starts.get(side).copied().unwrap_or(1);
                        return Err(err(
                            col,
                            &format!("{which} segment {id} is {said}: a segment belongs to one link"),
                        ));
                    }
                }
            }
        }
        out.push(((src, tgt), score));
    }
    Ok(out)
}

/// Read a bead file; errors name the file. An empty file is an error: it
/// is a run that wrote nothing, not an alignment of nothing.
pub fn read_beads(path: &Path) -> Result<Vec<Bead>> {
    let text = crate::io::read_content(path)?;
    parse_beads(&text).map_err(|e| e.in_file(path))
}

/// Read an alignment as beads: a bead file, or an alignment JSON file
/// (what the review page exports); errors name the file, and an empty
/// file is one (`eval` scored it 0 links and exited 0).
pub fn read_alignment(path: &Path) -> Result<Vec<Bead>> {
    read_alignment_texts(path).map(|(beads, _)| beads)
}

/// What an alignment file says of the texts it links, when it holds them
/// (an alignment JSON, a pair out of a multi-alignment): `eval` compares
/// a test's with its gold's, since beads alone cannot tell a swapped or
/// other pair of texts of the same length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// The source text's language code.
    pub src_lang: String,
    /// The target text's language code.
    pub tgt_lang: String,
    /// Source segments.
    pub src_len: usize,
    /// Target segments.
    pub tgt_len: usize,
}

impl Texts {
    /// The texts of an alignment and its segment counts.
    pub fn of(a: &crate::align::Alignment, src_len: usize, tgt_len: usize) -> Texts {
        Texts { src_lang: a.src_lang.code().to_string(), tgt_lang: a.tgt_lang.code().to_string(), src_len, tgt_len }
    }
}

/// An alignment's beads with the texts its file describes (`None` for beads).
pub type Described = (Vec<Bead>, Option<Texts>);

/// [`read_alignment`], with the texts the file describes (`None` for beads).
pub fn read_alignment_texts(path: &Path) -> Result<Described> {
    let text = crate::io::read_content(path)?;
    if crate::formats::json::looks_like(&text) {
        let (s, t, a) = crate::formats::json::parse(&text).map_err(|e| e.in_file(path))?;
        let texts = Texts::of(&a, s.len(), t.len());
        return Ok((a.links.into_iter().map(|l| (l.src, l.tgt)).collect(), Some(texts)));
    }
    refuse_other_format(&text).map_err(|e| e.in_file(path))?;
    Ok((parse_beads(&text).map_err(|e| e.in_file(path))?, None))
}

/// A file of another format than beads or alignment JSON (a TMX, TEI or
/// TSV output), named as such: the beads reader said "expected '['".
fn refuse_other_format(text: &str) -> Result<()> {
    match crate::formats::sniff(text) {
        Some(kind) if kind != "beads" => Err(Error::new(ErrorKind::Syntax {
            pos: Pos { line: 1, col: 1 },
            msg: format!(
                "not beads or an alignment JSON: it is {kind}; give beads or the alignment JSON (align --format json writes it)"
            ),
        })),
        _ => Ok(()),
    }
}

/// The links of an alignment file (beads, with their scores as
/// confidence, or alignment JSON) for texts of `n` and `m` segments,
/// checked: every segment once, in order; errors name the file.
pub fn read_links(path: &Path, n: usize, m: usize) -> Result<Vec<crate::align::Link>> {
    let text = crate::io::read_content(path)?;
    let scored: Vec<(Bead, Option<f64>)> = if crate::formats::json::looks_like(&text) {
        let (_, _, a) = crate::formats::json::parse(&text).map_err(|e| e.in_file(path))?;
        a.links.into_iter().map(|l| ((l.src, l.tgt), Some(l.confidence))).collect()
    } else {
        refuse_other_format(&text).map_err(|e| e.in_file(path))?;
        let scored = parse_scored_beads(&text).map_err(|e| e.in_file(path))?;
        refuse_other_scores(&text, &scored).map_err(|e| e.in_file(path))?;
        scored
    };
    crate::align::check_cover(scored.iter().map(|((s, t), _)| (&s[..], &t[..])), n, m).map_err(|e| match e {
        crate::align::CoverError::Misplaced { link, .. } => {
            Error::new(ErrorKind::Syntax { pos: Pos { line: link + 1, col: 1 }, msg: e.to_string() }).in_file(path)
        }
        crate::align::CoverError::Short { .. } => Error::new(ErrorKind::Mismatch(e.to_string())).in_file(path),
    })?;
    Ok(scored
        .into_iter()
        .map(|((src, tgt), score)| crate::align::Link { src, tgt, confidence: score.unwrap_or(1.0).clamp(0.0, 1.0) })
        .collect())
}

/// A beads file whose scores are not confidences (vecalign writes a cost,
/// 0 best; hunalign a score above 1): `review --alignment` clamped them
/// into [0, 1] and showed a cost of 2.3 as a certain link, exit 0. A
/// score outside [0, 1] is refused with its line; `eval`, which reads no
/// score, takes any.
fn refuse_other_scores(text: &str, scored: &[(Bead, Option<f64>)]) -> Result<()> {
    let Some((n, x)) =
        scored.iter().enumerate().find_map(|(n, (_, s))| s.filter(|x| !(0.0..=1.0).contains(x)).map(|x| (n, x)))
    else {
        return Ok(());
    };
    // The line of the n-th bead (blank lines are skipped by the reader).
    let line = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).nth(n).map_or(n + 1, |(i, _)| i + 1);
    Err(Error::new(ErrorKind::Syntax {
        pos: Pos { line, col: 1 },
        msg: format!(
            "link {}: score {x} is not a confidence in [0, 1] (a vecalign cost or a hunalign score is not one): give beads whose third field is a confidence, or none",
            n + 1
        ),
    }))
}

/// Raw counts for one or more document pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// System beads that are gold beads.
    pub strict_tp: usize,
    /// System beads overlapping some gold bead on both sides (includes strict).
    pub lax_tp: usize,
    /// Distinct non-empty system beads.
    pub test_beads: usize,
    /// Gold beads (both sides non-empty) found exactly.
    pub strict_found: usize,
    /// Gold beads (both sides non-empty) overlapped by some system bead.
    pub lax_found: usize,
    /// Distinct gold beads with both sides non-empty.
    pub gold_beads: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.strict_tp += o.strict_tp;
        self.lax_tp += o.lax_tp;
        self.test_beads += o.test_beads;
        self.strict_found += o.strict_found;
        self.lax_found += o.lax_found;
        self.gold_beads += o.gold_beads;
    }
}

/// Precision, recall and F1 under one measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// Strict and lax scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Exact bead matches.
    pub strict: Prf,
    /// Overlapping bead matches.
    pub lax: Prf,
    /// The counts behind them.
    pub counts: Counts,
}

fn overlaps(a: &Bead, b: &Bead) -> bool {
    a.0.iter().any(|x| b.0.contains(x)) && a.1.iter().any(|x| b.1.contains(x))
}

/// Beads by source id, so that "some bead overlapping this one" looks only
/// at beads sharing a source id (linear, not quadratic, in the beads).
struct BySource<'a> {
    beads: Vec<&'a Bead>,
    index: HashMap<usize, Vec<usize>>,
}

impl<'a> BySource<'a> {
    fn new(beads: impl IntoIterator<Item = &'a Bead>) -> BySource<'a> {
        let beads: Vec<&Bead> = beads.into_iter().collect();
        let mut index: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, b) in beads.iter().enumerate() {
            for &s in &b.0 {
                index.entry(s).or_default().push(k);
            }
        }
        BySource { beads, index }
    }

    fn any_overlap(&self, b: &Bead) -> bool {
        b.0.iter().filter_map(|s| self.index.get(s)).flatten().any(|&k| overlaps(b, self.beads[k]))
    }
}

fn dedup(beads: &[Bead]) -> Vec<Bead> {
    let mut seen = HashSet::new();
    beads
        .iter()
        .filter(|b| !(b.0.is_empty() && b.1.is_empty()))
        .filter(|b| seen.insert((*b).clone()))
        .cloned()
        .collect()
}

/// Count agreement of one system alignment with its gold alignment.
pub fn count(gold: &[Bead], test: &[Bead]) -> Counts {
    let gold_all = dedup(gold);
    let test_all = dedup(test);
    let gold_set: HashSet<&Bead> = gold_all.iter().collect();
    let mut c = Counts { test_beads: test_all.len(), ..Counts::default() };
    let gold_index = BySource::new(&gold_all);
    for t in &test_all {
        if gold_set.contains(t) {
            c.strict_tp += 1;
            c.lax_tp += 1;
        } else if gold_index.any_overlap(t) {
            c.lax_tp += 1;
        }
    }
    // Recall ignores beads with an empty side, in both gold and test.
    let gold_full: Vec<&Bead> = gold_all.iter().filter(|b| !b.0.is_empty() && !b.1.is_empty()).collect();
    let test_full: Vec<&Bead> = test_all.iter().filter(|b| !b.0.is_empty() && !b.1.is_empty()).collect();
    let test_set: HashSet<&Bead> = test_full.iter().copied().collect();
    c.gold_beads = gold_full.len();
    let test_index = BySource::new(test_full.iter().copied());
    for g in gold_full {
        if test_set.contains(g) {
            c.strict_found += 1;
            c.lax_found += 1;
        } else if test_index.any_overlap(g) {
            c.lax_found += 1;
        }
    }
    c
}

fn prf(tp: usize, n_test: usize, found: usize, n_gold: usize) -> Prf {
    let p = if n_test == 0 { 0.0 } else { tp as f64 / n_test as f64 };
    let r = if n_gold == 0 { 0.0 } else { found as f64 / n_gold as f64 };
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    Prf { precision: p, recall: r, f1 }
}

/// Scores from summed counts.
pub fn scores(c: Counts) -> Scores {
    Scores {
        strict: prf(c.strict_tp, c.test_beads, c.strict_found, c.gold_beads),
        lax: prf(c.lax_tp, c.test_beads, c.lax_found, c.gold_beads),
        counts: c,
    }
}

/// Score several document pairs at once (micro average).
pub fn score_all(pairs: &[(Vec<Bead>, Vec<Bead>)]) -> Scores {
    let mut total = Counts::default();
    for (g, t) in pairs {
        total += count(g, t);
    }
    scores(total)
}

impl Scores {
    /// The 2×3 table the reference scorer prints.
    pub fn table(&self) -> String {
        format!(
            " ---------------------------------\n|             |  Strict |    Lax  |\n| Precision   |   {:.3} |   {:.3} |\n| Recall      |   {:.3} |   {:.3} |\n| F1          |   {:.3} |   {:.3} |\n ---------------------------------\n",
            self.strict.precision, self.lax.precision, self.strict.recall, self.lax.recall, self.strict.f1, self.lax.f1
        )
    }
}
