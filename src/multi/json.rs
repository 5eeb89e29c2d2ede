//! The multi-alignment as JSON. The contract, version 1:
//!
//! ```json
//! {
//!   "format": "transalign-multi", "version": 1,
//!   "pivot": "fra",
//!   "versions": [
//!     {"name": "fra", "file": "fra.md", "lang": "fr", "role": "pivot",
//!      "segments": [{"id": "title", "text": "…", "kind": "title", "block": true, "section": true}]},
//!     {"name": "nld", "file": "nld.md", "lang": "nl", "role": "translation",
//!      "data": "data: freedict-nld-fra 2022.04.21-1 (bundled …)",
//!      "warnings": ["nld.md: --langs says de (German), but the text reads as nl (Dutch), …"],
//!      "segments": […],
//!      "links": [{"pivot": [0], "version": [0], "confidence": 0.998},
//!                {"pivot": [5], "version": [], "confidence": 0.71, "repaired": true}],
//!      "coverage": {"pivot_segments": 162, "kept": 150, "merged": 4, "split": 3,
//!                   "regrouped": 0, "dropped": 5, "inserted": 1, "present_share": 0.969,
//!                   "dropped_segments": [{"segment": 5, "id": "d1.p2.s1", "row": 4,
//!                                         "text": "…", "why": "shares 0% of its words …"}]}}
//!   ],
//!   "rows": [
//!     {"pivot": {"segments": [0], "ids": ["title"]},
//!      "cells": [{"version": "nld", "segments": [0], "ids": ["title"], "links": [0],
//!                 "kinds": ["kept"], "confidence": 0.998}, …],
//!      "flags": [{"flag": "dropped", "versions": ["deu"]},
//!                {"flag": "disagree", "versions": ["nld", "deu"], "confidence": 0.93}]}
//!   ],
//!   "checks": [{"versions": ["nld", "deu"], "why": "a dictionary links them: …",
//!               "rows_disagreeing": 3, "repaired_blocks": 0,
//!               "links": [{"a": [0], "b": [0], "confidence": 0.99}]}]
//! }
//! ```
//!
//! `versions` holds the pivot first, then the translations, each with its
//! segments (fields as in the alignment JSON, [`crate::formats::json`]).
//! A version's `warnings` (written only when there are some) say what its
//! user must know of how it was read and aligned: its language only
//! guessed or contradicting `--langs`, reduced evidence in a translation's
//! alignment to the pivot; a pair projected out carries those of its two
//! versions (and the pivot's, for two translations).
//! A translation's `links` are its alignment to the pivot: `pivot` and
//! `version` are 0-based segment indices, ascending; every segment of both
//! texts is in exactly one link, links in text order; `repaired` marks a
//! link the translation-to-translation check replaced. The rows follow
//! from the links: a row is the smallest span of pivot segments that no
//! version's link crosses; insertions (links with an empty `pivot`) at a
//! place where every version has a boundary get a row with an empty pivot.
//! `cells` has one cell per translation in `versions` order, with its
//! segments (indices and ids), its links in the row (indices into its
//! `links`), their kinds (`kept` 1-1, `merged` more pivot than version
//! segments, `split` fewer, `regrouped` as many, two or more, `dropped`
//! 1-0, `inserted` 0-1) and its weakest link's confidence (`null` when it
//! has no link in the row). Row flags: `dropped`, `inserted`, `regrouped`
//! (the versions merged or split the row differently), `low-confidence`
//! (a version's weakest link below 0.5), `disagree` (a translation-to-
//! translation check; `confidence` is the direct aligner's). `checks` lists
//! the translation pairs aligned directly, with their direct links (`a`,
//! `b`: segment indices of the two). Confidences have three decimals.
//!
//! A reader ([`parse`]) checks the format and version, the links' cover,
//! and that the rows and flags are the ones the links give, naming the
//! version, link or row that breaks it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Check, Flag, FlagKind, LinkKind, MultiAlignment, Version};
use crate::align::{Link, SegKind, Segment};
use crate::error::{Error, ErrorKind, Pos, Result};
use crate::model::Lang;

/// Name of the format, in its `format` field.
pub const FORMAT: &str = crate::formats::json::MULTI_FORMAT;

/// The contract's version.
pub const VERSION: u32 = 1;

/// A whole multi-alignment file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MultiFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Contract version ([`VERSION`]).
    pub version: u32,
    /// The pivot's name.
    pub pivot: String,
    /// The pivot, then the translations.
    pub versions: Vec<JsonVersion>,
    /// The rows, in pivot order.
    pub rows: Vec<JsonRow>,
    /// The translation-to-translation checks.
    #[serde(default)]
    pub checks: Vec<JsonCheck>,
}

/// One version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonVersion {
    /// Its name.
    pub name: String,
    /// Its file, as given.
    #[serde(default)]
    pub file: String,
    /// Its language code.
    pub lang: String,
    /// `pivot` or `translation`.
    pub role: String,
    /// The data its pairwise alignment used.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data: String,
    /// What whoever uses it must know of how it was read and aligned (a
    /// language guessed or contradicting `--langs`, reduced evidence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Its segments.
    pub segments: Vec<JsonSegment>,
    /// Its links with the pivot (translations only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<JsonLink>,
    /// Its coverage of the pivot (translations only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<JsonCoverage>,
}

/// One segment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonSegment {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// What it is in its document (`title`, `head:N`, `sentence`, `item:N`, `entry`, `code`).
    #[serde(default = "sentence")]
    pub kind: String,
    /// A paragraph or heading boundary comes before it.
    #[serde(default)]
    pub block: bool,
    /// A section starts here.
    #[serde(default)]
    pub section: bool,
}

fn sentence() -> String {
    "sentence".into()
}

/// One link of a translation with the pivot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonLink {
    /// Pivot segment indices.
    pub pivot: Vec<usize>,
    /// This version's segment indices.
    pub version: Vec<usize>,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// The translation-to-translation check replaced it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
}

/// A version's coverage of the pivot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonCoverage {
    /// Pivot segments.
    pub pivot_segments: usize,
    /// Pivot segments in 1-1 links.
    pub kept: usize,
    /// Pivot segments in links with fewer version segments.
    pub merged: usize,
    /// Pivot segments in links with more version segments.
    pub split: usize,
    /// Pivot segments in links with as many (two or more) version segments.
    pub regrouped: usize,
    /// Pivot segments without counterpart.
    pub dropped: usize,
    /// Version segments without pivot counterpart.
    pub inserted: usize,
    /// The share of pivot segments with a counterpart.
    pub present_share: f64,
    /// The dropped pivot segments.
    pub dropped_segments: Vec<JsonDropped>,
}

/// A dropped pivot segment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonDropped {
    /// Its pivot index.
    pub segment: usize,
    /// Its id.
    pub id: String,
    /// Its row (0-based).
    pub row: usize,
    /// Its text.
    pub text: String,
    /// Why the aligner left it out, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonRow {
    /// The pivot's segments in it.
    pub pivot: JsonPivot,
    /// One cell per translation.
    pub cells: Vec<JsonCell>,
    /// Its flags.
    #[serde(default)]
    pub flags: Vec<JsonFlag>,
}

/// The pivot's part of a row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonPivot {
    /// Segment indices.
    pub segments: Vec<usize>,
    /// Segment ids.
    pub ids: Vec<String>,
}

/// A translation's part of a row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonCell {
    /// The translation's name.
    pub version: String,
    /// Segment indices.
    pub segments: Vec<usize>,
    /// Segment ids.
    pub ids: Vec<String>,
    /// Its links in the row (indices into the version's `links`).
    pub links: Vec<usize>,
    /// The kinds of those links, each once, in the order of [`LinkKind::ALL`].
    pub kinds: Vec<String>,
    /// Its weakest link's confidence.
    pub confidence: Option<f64>,
}

/// A row flag.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonFlag {
    /// What it says.
    pub flag: String,
    /// The versions concerned, by name.
    pub versions: Vec<String>,
    /// For `disagree`: the direct aligner's confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A translation-to-translation check.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonCheck {
    /// The two translations, by name.
    pub versions: Vec<String>,
    /// Why they could be checked.
    pub why: String,
    /// Rows flagged `disagree` by it.
    pub rows_disagreeing: usize,
    /// Blocks of rows it repaired.
    pub repaired_blocks: usize,
    /// Their direct links.
    pub links: Vec<JsonPairLink>,
}

/// A direct link between two translations.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonPairLink {
    /// The first translation's segment indices.
    pub a: Vec<usize>,
    /// The second's.
    pub b: Vec<usize>,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// Three decimals, as every output writes confidences.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn kind_name(k: SegKind) -> String {
    match k {
        SegKind::Title => "title".into(),
        SegKind::Head(n) => format!("head:{n}"),
        SegKind::Sentence => "sentence".into(),
        SegKind::Item(n) => format!("item:{n}"),
        SegKind::Entry => "entry".into(),
        SegKind::Code => "code".into(),
    }
}

fn kind_of(s: &str) -> Option<SegKind> {
    let (name, n) = match s.split_once(':') {
        Some((a, b)) => (a, b.parse::<u8>().ok()?),
        None => (s, 1),
    };
    Some(match name {
        "title" => SegKind::Title,
        "head" => SegKind::Head(n),
        "sentence" => SegKind::Sentence,
        "item" => SegKind::Item(n),
        "entry" => SegKind::Entry,
        "code" => SegKind::Code,
        _ => return None,
    })
}

fn ids(v: &Version, segs: &[usize]) -> Vec<String> {
    segs.iter().filter_map(|&i| v.segments.get(i)).map(|s| s.id.clone()).collect()
}

fn names(m: &MultiAlignment, vs: &[usize]) -> Vec<String> {
    vs.iter().map(|&v| m.versions[v].name.clone()).collect()
}

/// The cell kinds of a row's cell, each once, in [`LinkKind::ALL`] order.
pub fn cell_kinds(m: &MultiAlignment, v: usize, links: &[usize]) -> Vec<LinkKind> {
    let mut ks: Vec<LinkKind> = links.iter().map(|&k| LinkKind::of(&m.versions[v].links[k])).collect();
    ks.sort();
    ks.dedup();
    ks
}

/// The file of a multi-alignment.
pub fn to_file(m: &MultiAlignment) -> MultiFile {
    let versions = m
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| JsonVersion {
            name: v.name.clone(),
            file: v.file.clone(),
            lang: v.lang.code().to_string(),
            role: if i == 0 { "pivot".into() } else { "translation".into() },
            data: v.data.clone(),
            warnings: v.warnings.clone(),
            segments: v
                .segments
                .iter()
                .map(|s| JsonSegment {
                    id: s.id.clone(),
                    text: s.text.clone(),
                    kind: kind_name(s.kind),
                    block: s.starts_block,
                    section: s.starts_section,
                })
                .collect(),
            links: v
                .links
                .iter()
                .zip(&v.repaired)
                .map(|(l, &r)| JsonLink {
                    pivot: l.src.clone(),
                    version: l.tgt.clone(),
                    confidence: round3(l.confidence),
                    repaired: r,
                })
                .collect(),
            coverage: (i > 0).then(|| {
                let c = super::coverage::of(m, i);
                JsonCoverage {
                    pivot_segments: c.pivot_segments,
                    kept: c.count(LinkKind::Kept),
                    merged: c.count(LinkKind::Merged),
                    split: c.count(LinkKind::Split),
                    regrouped: c.count(LinkKind::Regrouped),
                    dropped: c.count(LinkKind::Dropped),
                    inserted: c.count(LinkKind::Inserted),
                    present_share: round3(c.present_share()),
                    dropped_segments: c
                        .dropped
                        .iter()
                        .map(|d| JsonDropped {
                            segment: d.segment,
                            id: m.pivot().segments[d.segment].id.clone(),
                            row: d.row,
                            text: m.pivot().segments[d.segment].text.clone(),
                            why: d.why.clone(),
                        })
                        .collect(),
                }
            }),
        })
        .collect();
    let rows = m
        .rows
        .iter()
        .map(|r| JsonRow {
            pivot: JsonPivot { segments: r.pivot().to_vec(), ids: ids(m.pivot(), r.pivot()) },
            cells: r.cells[1..]
                .iter()
                .enumerate()
                .map(|(t, c)| JsonCell {
                    version: m.versions[t + 1].name.clone(),
                    segments: c.segments.clone(),
                    ids: ids(&m.versions[t + 1], &c.segments),
                    links: c.links.clone(),
                    kinds: cell_kinds(m, t + 1, &c.links).iter().map(|k| k.as_str().to_string()).collect(),
                    confidence: c.confidence.map(round3),
                })
                .collect(),
            flags: r
                .flags
                .iter()
                .map(|f| JsonFlag {
                    flag: f.kind.as_str().into(),
                    versions: names(m, &f.versions),
                    confidence: f.confidence.map(round3),
                })
                .collect(),
        })
        .collect();
    let checks = m
        .checks
        .iter()
        .map(|c| JsonCheck {
            versions: names(m, &[c.a, c.b]),
            why: c.why.clone(),
            rows_disagreeing: m
                .rows
                .iter()
                .filter(|r| r.flags.iter().any(|f| f.kind == FlagKind::Disagree && f.versions == [c.a, c.b]))
                .count(),
            repaired_blocks: c.repaired,
            links: c
                .links
                .iter()
                .map(|l| JsonPairLink { a: l.src.clone(), b: l.tgt.clone(), confidence: round3(l.confidence) })
                .collect(),
        })
        .collect();
    MultiFile { format: FORMAT.into(), version: VERSION, pivot: m.pivot().name.clone(), versions, rows, checks }
}

/// Write the multi-alignment as JSON.
pub fn write(m: &MultiAlignment, out: &mut dyn std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_file(m)).map_err(|e| Error::invalid(e.to_string()))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The JSON text of a multi-alignment.
pub fn to_string(m: &MultiAlignment) -> Result<String> {
    let mut v = Vec::new();
    write(m, &mut v)?;
    String::from_utf8(v).map_err(|e| Error::invalid(e.to_string()))
}

fn err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Syntax { pos: Pos { line: 1, col: 1 }, msg: msg.into() })
}

/// Whether a text looks like a multi-alignment file (rather than a
/// pairwise alignment JSON or beads).
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    head.trim_start().starts_with('{') && head.contains(&format!("\"{FORMAT}\""))
}

/// Read a multi-alignment from its text and check it: the format and
/// version, languages and kinds, each translation's links covering both
/// texts once in order, and the rows and flags the links give. Errors name
/// the version, link or row.
pub fn parse(text: &str) -> Result<MultiAlignment> {
    // Beads ("[0]:[0]") start like a JSON array, and serde then said
    // "invalid type: integer `0`, expected a string" at 1:2.
    if !text.trim_start().starts_with('{') {
        let what = crate::formats::sniff(text).map_or("not a JSON object".to_string(), |k| format!("it is {k}"));
        return Err(err(format!("not a {FORMAT} file: {what}; give the JSON that `multi` writes")));
    }
    let f: MultiFile =
        serde_json::from_str(text).map_err(|e| match crate::formats::json::other_format(text, FORMAT) {
            Some(what) => err(format!("not a {FORMAT} file: {what}")),
            None => Error::new(ErrorKind::Syntax {
                pos: Pos { line: e.line(), col: e.column().max(1) },
                msg: crate::formats::json::serde_message(&e),
            }),
        })?;
    if f.format != FORMAT || f.version != VERSION {
        return Err(err(format!(
            "not a {FORMAT} file of version {VERSION} (format {:?}, version {})",
            f.format, f.version
        )));
    }
    if f.versions.len() < 2 {
        return Err(err("a multi-alignment has a pivot and at least one translation"));
    }
    if f.versions[0].name != f.pivot || f.versions[0].role != "pivot" {
        return Err(err(format!("the first version must be the pivot {:?}", f.pivot)));
    }
    let mut versions = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, jv) in f.versions.iter().enumerate() {
        if !seen.insert(jv.name.as_str()) {
            return Err(err(format!("version {:?} is named twice", jv.name)));
        }
        if i > 0 && jv.role != "translation" {
            return Err(err(format!("version {}: role {:?}, expected \"translation\"", jv.name, jv.role)));
        }
        let lang = Lang::new(&jv.lang)
            .ok_or_else(|| err(format!("version {}: {:?} is not a language code", jv.name, jv.lang)))?;
        let segments = jv
            .segments
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let kind = kind_of(&s.kind)
                    .ok_or_else(|| err(format!("version {}, segment {k}: unknown kind {:?}", jv.name, s.kind)))?;
                Ok(Segment {
                    id: s.id.clone(),
                    text: s.text.clone(),
                    starts_block: s.block,
                    starts_section: s.section,
                    kind,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut links = Vec::with_capacity(jv.links.len());
        let mut repaired = Vec::with_capacity(jv.links.len());
        // Counted from 1, as the cover check and the rows are counted.
        for (k, l) in (1..).zip(&jv.links) {
            if l.pivot.is_empty() && l.version.is_empty() {
                return Err(err(format!("version {}, link {k} is empty", jv.name)));
            }
            if !(0.0..=1.0).contains(&l.confidence) {
                return Err(err(format!(
                    "version {}, link {k}: confidence {} is not in [0, 1]",
                    jv.name, l.confidence
                )));
            }
            links.push(Link { src: l.pivot.clone(), tgt: l.version.clone(), confidence: l.confidence });
            repaired.push(l.repaired);
        }
        if i == 0 && !links.is_empty() {
            return Err(err("the pivot has no links of its own"));
        }
        let dropped_why: BTreeMap<usize, String> = jv
            .coverage
            .iter()
            .flat_map(|c| &c.dropped_segments)
            .filter_map(|d| d.why.clone().map(|w| (d.segment, w)))
            .collect();
        let mut v = Version::new(jv.name.clone(), jv.file.clone(), lang, segments);
        v.links = links;
        v.repaired = repaired;
        v.dropped_why = dropped_why;
        v.data = jv.data.clone();
        v.warnings = jv.warnings.clone();
        versions.push(v);
    }
    let index = |name: &str| {
        versions.iter().position(|v| v.name == name).ok_or_else(|| err(format!("no version named {name:?}")))
    };
    let mut checks = Vec::new();
    for (k, c) in f.checks.iter().enumerate() {
        let [a, b] = &c.versions[..] else {
            return Err(err(format!("check {k}: two versions expected")));
        };
        checks.push(Check {
            a: index(a)?,
            b: index(b)?,
            why: c.why.clone(),
            links: c
                .links
                .iter()
                .map(|l| Link { src: l.a.clone(), tgt: l.b.clone(), confidence: l.confidence })
                .collect(),
            repaired: c.repaired_blocks,
        });
    }
    let m = MultiAlignment::new(versions, checks).map_err(|e| err(e.to_string()))?;
    // The rows are what the links give.
    if m.rows.len() != f.rows.len() {
        return Err(err(format!("{} rows, but the links give {}", f.rows.len(), m.rows.len())));
    }
    let want = to_file(&m);
    for (r, (got, due)) in f.rows.iter().zip(&want.rows).enumerate() {
        let same_cells = got.cells.len() == due.cells.len()
            && got.cells.iter().zip(&due.cells).all(|(g, d)| g.version == d.version && g.segments == d.segments);
        if got.pivot.segments != due.pivot.segments || !same_cells {
            return Err(err(format!("row {}: its segments are not what the versions' links give", r + 1)));
        }
        let flags = |fs: &[JsonFlag]| fs.iter().map(|f| (f.flag.clone(), f.versions.clone())).collect::<Vec<_>>();
        if flags(&got.flags) != flags(&due.flags) {
            return Err(err(format!(
                "row {}: flags {:?}, but the links give {:?}",
                r + 1,
                flags(&got.flags),
                flags(&due.flags)
            )));
        }
    }
    Ok(m)
}

/// A flag's text in TSV and the coverage report: `dropped(deu)`,
/// `disagree(nld,deu:0.93)`.
pub fn flag_text(m: &MultiAlignment, f: &Flag) -> String {
    let mut s = format!("{}({}", f.kind.as_str(), names(m, &f.versions).join(","));
    if let Some(c) = f.confidence {
        s.push_str(&format!(":{c:.2}"));
    }
    s.push(')');
    s
}

impl FlagKind {
    /// The flags of a row as one line.
    pub fn line(m: &MultiAlignment, flags: &[Flag]) -> String {
        flags.iter().map(|f| flag_text(m, f)).collect::<Vec<_>>().join(" ")
    }
}
