//! The server's copy of the work under review: the two texts and the links
//! as counts, changed only by splices that keep the invariants (the same
//! splices and checks as the page's edit model, `model.js`), with the undo
//! and redo history and a revision counter so that two tabs on one file
//! cannot overwrite each other's work.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Pos, Result};
use crate::formats::json::{AlignmentFile, JsonEvidence, JsonLink, JsonSegment, JsonWhy, Side};

/// Entries kept in the undo history (the oldest go first); the page keeps
/// the same number.
pub const MAX_HISTORY: usize = 10_000;

fn is_false(b: &bool) -> bool {
    !*b
}

/// A link as counts: the next `n[0]` source and `n[1]` target segments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WorkLink {
    /// Source and target segments it holds.
    pub n: [usize; 2],
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// A person confirmed it.
    #[serde(default)]
    pub checked: bool,
    /// A person flagged it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
    /// A person changed it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
    /// Why the aligner left its segment out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unaligned: Option<JsonWhy>,
    /// What anchored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<JsonEvidence>,
}

/// Segments removed and inserted at one place of a text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SegSplice {
    /// Where.
    pub i: usize,
    /// How many segments go.
    pub rm: usize,
    /// The segments that come in.
    pub add: Vec<JsonSegment>,
}

/// One edit: links removed and inserted at link `k`, and segments at a
/// place of either text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Splice {
    /// Where.
    pub k: usize,
    /// How many links go.
    pub rm: usize,
    /// The links that come in.
    pub add: Vec<WorkLink>,
    /// Source segments changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<SegSplice>,
    /// Target segments changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tgt: Option<SegSplice>,
}

/// An edit in the history: what it did and what undoes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// What a person would call it ("merge").
    pub label: String,
    /// The link selected after it.
    pub sel: usize,
    /// The edit.
    #[serde(rename = "do")]
    pub redo: Splice,
    /// Its inverse.
    pub undo: Splice,
}

/// The review state kept in the alignment file's `review` field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Review {
    /// Edits saved so far (each edit, undo and redo adds one).
    #[serde(default)]
    pub revision: u64,
    /// The selected link.
    #[serde(default)]
    pub sel: usize,
    /// Edits that can be undone, oldest first.
    #[serde(default)]
    pub undo: Vec<Entry>,
    /// Edits that can be redone, the next one last.
    #[serde(default)]
    pub redo: Vec<Entry>,
}

impl Review {
    /// Read the `review` field of an alignment file.
    pub fn from_value(v: &serde_json::Value) -> Result<Review> {
        Review::deserialize(v).map_err(|e| bad(format!("its review history: {e}")))
    }
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::Syntax { pos: Pos { line: 1, col: 1 }, msg })
}

/// What a page asks the server to do.
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    /// The revision the page has: the edit applies only to that one.
    pub rev: u64,
    /// `do`, `undo` or `redo`.
    pub kind: String,
    /// For `do`: the edit.
    #[serde(default)]
    pub splice: Option<Splice>,
    /// For `do`: its name.
    #[serde(default)]
    pub label: Option<String>,
    /// For `do`: the link selected after it.
    #[serde(default)]
    pub sel: usize,
}

/// Why a request was not applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The page's revision is not the file's: another tab or window saved
    /// in between.
    Conflict {
        /// The page's.
        page: u64,
        /// The file's.
        file: u64,
    },
    /// The edit would break the alignment (a bug in the page, or a forged
    /// request): nothing changed.
    Invalid(String),
}

/// The work under review.
#[derive(Debug, Clone)]
pub struct Work {
    src: Side,
    tgt: Side,
    links: Vec<WorkLink>,
    /// How the alignment was made, as its file says (see
    /// [`AlignmentFile::warnings`]); kept through every save.
    warnings: Vec<String>,
    /// The history and revision.
    pub review: Review,
}

impl Work {
    /// The work in an alignment file (checked by
    /// [`crate::formats::json::to_alignment`] first).
    pub fn from_file(f: &AlignmentFile) -> Result<Work> {
        crate::formats::json::to_alignment(f)?;
        let review = match &f.review {
            Some(v) => Review::from_value(v)?,
            None => Review::default(),
        };
        let links = f
            .links
            .iter()
            .map(|l| WorkLink {
                n: [l.src.len(), l.tgt.len()],
                confidence: l.confidence,
                checked: l.checked,
                flagged: l.flagged,
                edited: l.edited,
                unaligned: l.unaligned.clone(),
                evidence: l.evidence.clone(),
            })
            .collect();
        Ok(Work { src: f.src.clone(), tgt: f.tgt.clone(), links, warnings: f.warnings.clone(), review })
    }

    /// The alignment file of the work, with its review state.
    pub fn to_file(&self) -> AlignmentFile {
        let (mut i, mut j) = (0, 0);
        let links = self
            .links
            .iter()
            .map(|l| {
                let src = (i..i + l.n[0]).collect();
                let tgt = (j..j + l.n[1]).collect();
                (i, j) = (i + l.n[0], j + l.n[1]);
                JsonLink {
                    src,
                    tgt,
                    confidence: (l.confidence * 1000.0).round() / 1000.0,
                    checked: l.checked,
                    unaligned: l.unaligned.clone(),
                    flagged: l.flagged,
                    edited: l.edited,
                    evidence: l.evidence.clone(),
                }
            })
            .collect();
        AlignmentFile {
            format: crate::formats::json::FORMAT.into(),
            version: crate::formats::json::VERSION,
            src: self.src.clone(),
            tgt: self.tgt.clone(),
            links,
            warnings: self.warnings.clone(),
            review: serde_json::to_value(&self.review).ok(),
        }
    }

    /// Apply a splice if it keeps the invariants (every segment in exactly
    /// one link, in order; no empty link; unique ids; no empty or
    /// multi-line text); returns its inverse.
    pub fn apply(&mut self, sp: &Splice) -> std::result::Result<Splice, String> {
        let out = |what: &str| Err(format!("{what} out of range"));
        if sp.k.checked_add(sp.rm).is_none_or(|e| e > self.links.len()) {
            return out("links");
        }
        let mut delta = [0i64; 2];
        for l in &sp.add {
            if l.n[0] + l.n[1] == 0 {
                return Err("an empty link".into());
            }
            if !(0.0..=1.0).contains(&l.confidence) {
                return Err(format!("confidence {} is not in [0, 1]", l.confidence));
            }
            delta[0] += l.n[0] as i64;
            delta[1] += l.n[1] as i64;
        }
        for l in &self.links[sp.k..sp.k + sp.rm] {
            delta[0] -= l.n[0] as i64;
            delta[1] -= l.n[1] as i64;
        }
        for (s, (p, side)) in [(&sp.src, &self.src), (&sp.tgt, &self.tgt)].into_iter().enumerate() {
            let change = match p {
                Some(p) => {
                    if p.i.checked_add(p.rm).is_none_or(|e| e > side.segments.len()) {
                        return out("segments");
                    }
                    for g in &p.add {
                        if g.id.is_empty() || g.text.trim().is_empty() || g.text.contains(['\n', '\r']) {
                            return Err(format!("segment {:?}: no id, or an empty or multi-line text", g.id));
                        }
                    }
                    p.add.len() as i64 - p.rm as i64
                }
                None => 0,
            };
            if delta[s] != change {
                return Err("the links would not hold every segment once".into());
            }
        }
        // Ids stay unique: checked on a copy of the changed text's ids.
        for (p, side) in [(&sp.src, &self.src), (&sp.tgt, &self.tgt)] {
            if let Some(p) = p {
                let mut seen = std::collections::HashSet::with_capacity(side.segments.len());
                let kept = side.segments[..p.i].iter().chain(&side.segments[p.i + p.rm..]);
                for id in kept.chain(&p.add).map(|g| g.id.as_str()) {
                    if !seen.insert(id) {
                        return Err(format!("id {id:?} twice"));
                    }
                }
            }
        }
        let removed: Vec<WorkLink> = self.links.splice(sp.k..sp.k + sp.rm, sp.add.iter().cloned()).collect();
        let mut inv = Splice { k: sp.k, rm: sp.add.len(), add: removed, src: None, tgt: None };
        if let Some(p) = &sp.src {
            let gone = self.src.segments.splice(p.i..p.i + p.rm, p.add.iter().cloned()).collect();
            inv.src = Some(SegSplice { i: p.i, rm: p.add.len(), add: gone });
        }
        if let Some(p) = &sp.tgt {
            let gone = self.tgt.segments.splice(p.i..p.i + p.rm, p.add.iter().cloned()).collect();
            inv.tgt = Some(SegSplice { i: p.i, rm: p.add.len(), add: gone });
        }
        Ok(inv)
    }

    /// Carry out a page's request: an edit, an undo or a redo, at the
    /// revision the page has. The revision goes up by one.
    pub fn request(&mut self, r: &Request) -> std::result::Result<u64, Refused> {
        if r.rev != self.review.revision {
            return Err(Refused::Conflict { page: r.rev, file: self.review.revision });
        }
        match r.kind.as_str() {
            "do" => {
                let sp = r.splice.as_ref().ok_or_else(|| Refused::Invalid("no splice".into()))?;
                let undo = self.apply(sp).map_err(Refused::Invalid)?;
                let label = r.label.clone().unwrap_or_default();
                self.review.undo.push(Entry { label, sel: r.sel, redo: sp.clone(), undo });
                if self.review.undo.len() > MAX_HISTORY {
                    self.review.undo.remove(0);
                }
                self.review.redo.clear();
                self.review.sel = r.sel;
            }
            "undo" => {
                let e = self.review.undo.pop().ok_or_else(|| Refused::Invalid("nothing to undo".into()))?;
                if let Err(why) = self.apply(&e.undo) {
                    self.review.undo.push(e);
                    return Err(Refused::Invalid(why));
                }
                self.review.sel = e.sel;
                self.review.redo.push(e);
            }
            "redo" => {
                let e = self.review.redo.pop().ok_or_else(|| Refused::Invalid("nothing to redo".into()))?;
                if let Err(why) = self.apply(&e.redo) {
                    self.review.redo.push(e);
                    return Err(Refused::Invalid(why));
                }
                self.review.sel = e.sel;
                self.review.undo.push(e);
            }
            k => return Err(Refused::Invalid(format!("unknown request {k:?}"))),
        }
        self.review.revision += 1;
        Ok(self.review.revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> AlignmentFile {
        let seg = |id: &str| JsonSegment {
            id: id.into(),
            text: format!("text {id}"),
            kind: "sentence".into(),
            block: false,
            section: false,
            edited: false,
        };
        let link = |src: Vec<usize>, tgt: Vec<usize>| JsonLink {
            src,
            tgt,
            confidence: 0.5,
            checked: false,
            unaligned: None,
            flagged: false,
            edited: false,
            evidence: None,
        };
        AlignmentFile {
            format: crate::formats::json::FORMAT.into(),
            version: 2,
            src: Side { lang: "nl".into(), file: "a".into(), segments: vec![seg("s1"), seg("s2")] },
            tgt: Side { lang: "fr".into(), file: "b".into(), segments: vec![seg("t1")] },
            links: vec![link(vec![0], vec![0]), link(vec![1], vec![])],
            warnings: Vec::new(),
            review: None,
        }
    }

    fn wl(n: [usize; 2]) -> WorkLink {
        WorkLink { n, confidence: 1.0, checked: true, flagged: false, edited: true, unaligned: None, evidence: None }
    }

    #[test]
    fn splices_that_break_the_alignment_are_refused_and_undo_is_exact() {
        let mut w = Work::from_file(&file()).unwrap();
        let before = w.to_file();
        // An empty link, a lost sentence, a duplicate id: refused, nothing changed.
        assert!(w.apply(&Splice { k: 0, rm: 1, add: vec![wl([1, 1]), wl([0, 0])], src: None, tgt: None }).is_err());
        assert!(w.apply(&Splice { k: 0, rm: 2, add: vec![wl([1, 1])], src: None, tgt: None }).is_err());
        let dup = JsonSegment { id: "s2".into(), ..before.src.segments[0].clone() };
        let sp = Splice {
            k: 0,
            rm: 1,
            add: vec![wl([2, 1])],
            src: Some(SegSplice { i: 0, rm: 0, add: vec![dup] }),
            tgt: None,
        };
        assert!(w.apply(&sp).is_err());
        assert_eq!(w.to_file(), before);
        // A merge, then its undo: back exactly; a stale revision is a conflict.
        let merge = Request {
            rev: 0,
            kind: "do".into(),
            splice: Some(Splice { k: 0, rm: 2, add: vec![wl([2, 1])], src: None, tgt: None }),
            label: Some("merge".into()),
            sel: 0,
        };
        assert_eq!(w.request(&merge), Ok(1));
        assert_eq!(w.to_file().links.len(), 1);
        assert_eq!(w.request(&merge), Err(Refused::Conflict { page: 0, file: 1 }));
        let undo = Request { rev: 1, kind: "undo".into(), splice: None, label: None, sel: 0 };
        assert_eq!(w.request(&undo), Ok(2));
        let (mut back, mut before) = (w.to_file(), before);
        (back.review, before.review) = (None, None);
        assert_eq!(back, before);
        // The file with its history reads back to the same work.
        let again = Work::from_file(&w.to_file()).unwrap();
        assert_eq!(again.review, w.review);
    }
}
