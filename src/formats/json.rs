//! The alignment as JSON: both texts and the links, so it can be reviewed,
//! corrected (the review page saves and exports it) and read back
//! (`convert`, `eval`, `review --alignment`). The contract, version 2:
//!
//! ```json
//! {
//!   "format": "transalign-alignment", "version": 2,
//!   "src": {"lang": "nl", "file": "a.md",
//!           "segments": [{"id": "d1.p1.s1", "text": "…", "kind": "sentence",
//!                         "block": true, "section": false}]},
//!   "tgt": {"lang": "fr", "file": "b.md", "segments": […]},
//!   "links": [{"src": [0], "tgt": [0, 1], "confidence": 0.93, "checked": false,
//!              "evidence": "dictionary: stad → ville · number: 1948 → 1948"}],
//!   "review": {…}
//! }
//! ```
//!
//! `src`/`tgt` in a link are 0-based indices into the segments, ascending;
//! every segment is in exactly one link and links are in text order (a
//! reader checks this and names the link that breaks it); no link is
//! empty; segment ids are unique within their text. `lang` is a BCP 47
//! tag. `kind` is `title`, `head:N`, `sentence`, `item:N`, `entry` or
//! `code`; `checked` says a person confirmed the link. A link without
//! `confidence` (or with `null`) was not scored, a person wrote it (a gold
//! file, a hand-made alignment): it reads as certain, 1, as a beads line
//! without a score does.
//!
//! Optional, written only when true or present:
//! * a segment's `edited`: a person changed its text or segmentation;
//! * a link's `flagged` (a person marked it to come back to) and `edited`
//!   (a person changed it: its `confidence` is then 1);
//! * a link's `unaligned` (a 1-0 or 0-1 link the aligner made: why it left
//!   the segment out, see [`JsonWhy`]) and `evidence` (the words of both
//!   sides that anchored it, in one line, see [`JsonEvidence`]);
//! * `review`: the review page's own state (its `revision`, and the undo
//!   and redo history as splices of links and segments); readers other
//!   than the review page ignore it.
//!
//! **Ids after corrections.** A sentence whose text is edited keeps its id.
//! Splitting a sentence keeps its id for the first part and gives the
//! second `ID.N`, the smallest N ≥ 1 not used in that text (`d1.p2.s3` →
//! `d1.p2.s3` and `d1.p2.s3.1`; splitting `d1.p2.s3.1` again gives
//! `d1.p2.s3.1.1`). Joining two sentences keeps the first one's id. Every
//! output `convert` writes (TMX, TEI, XCES, TSV, …) carries the corrected
//! texts under these ids.
//!
//! Version 1 (the same without `edited`, `flagged`, `evidence` and
//! `review`) is still read.

use serde::{Deserialize, Serialize};

use super::Aligned;
use crate::align::{Alignment, Link, SegKind, Segment};
use crate::error::{Error, ErrorKind, Pos, Result};
use crate::model::Lang;

/// Name of the format, in its `format` field.
pub const FORMAT: &str = "transalign-alignment";

/// The `format` of a multi-alignment file (the `multi` module uses
/// this name), known here so that either file given for the other is
/// named for what it is.
pub const MULTI_FORMAT: &str = "transalign-multi";

/// One text of an alignment file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Side {
    /// Language code.
    pub lang: String,
    /// The file it was read from, as given.
    #[serde(default)]
    pub file: String,
    /// Its segments, in order.
    pub segments: Vec<JsonSegment>,
}

/// One segment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonSegment {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// What it is in its document.
    #[serde(default = "sentence")]
    pub kind: String,
    /// A paragraph or heading boundary comes before it.
    #[serde(default)]
    pub block: bool,
    /// A section starts here.
    #[serde(default)]
    pub section: bool,
    /// A person changed its text or segmentation.
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn sentence() -> String {
    "sentence".into()
}

/// The confidence of a link that gives none: certain (see [`JsonLink`]).
pub const UNSCORED: f64 = 1.0;

fn certain() -> f64 {
    UNSCORED
}

fn confidence_or_certain<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(UNSCORED))
}

/// One link. Its fields are closed: a misspelt mark in a hand-edited
/// file (`"checkd": true`) was read as no mark, and lost without a word.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonLink {
    /// Source segment indices.
    pub src: Vec<usize>,
    /// Target segment indices.
    pub tgt: Vec<usize>,
    /// Confidence in [0, 1]. Absent (or `null`): the link was not scored,
    /// a person wrote it (a gold file, a hand-made alignment), and it is
    /// certain, 1, as a beads line without a score is to `eval`. Read as 0,
    /// such links came out all doubtful (`--review-below`, the review
    /// page's filter) and their confidence 0.000 in every `convert` output.
    #[serde(default = "certain", deserialize_with = "confidence_or_certain")]
    pub confidence: f64,
    /// A person confirmed it.
    #[serde(default)]
    pub checked: bool,
    /// For a 1-0 or 0-1 link the aligner made: why it left the segment
    /// unaligned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unaligned: Option<JsonWhy>,
    /// A person flagged it, to come back to.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
    /// A person changed it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
    /// What anchored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<JsonEvidence>,
}

/// The evidence for a link: the words of its two sides that the aligner
/// matched, by kind, in one line: `dictionary: stad → ville, huis →
/// maison · cognate: Paris → Paris · number: 1948 → 1948` (at most
/// [`crate::align::anchors::MAX_PER_LINK`] pairs; words hold no `,`, `→`
/// or `·`). A line, not nested lists: a page of 100 000 links carries them
/// all, and a string costs the browser a tenth of the parsing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct JsonEvidence(pub String);

impl JsonEvidence {
    /// The anchors of a link, by kind.
    pub fn of(anchors: &[crate::align::anchors::Anchor]) -> JsonEvidence {
        use crate::align::anchors::AnchorKind;
        let mut parts = Vec::new();
        for (kind, name) in
            [(AnchorKind::Dictionary, "dictionary"), (AnchorKind::Cognate, "cognate"), (AnchorKind::Number, "number")]
        {
            let pairs: Vec<String> =
                anchors.iter().filter(|a| a.kind == kind).map(|a| format!("{} → {}", a.src, a.tgt)).collect();
            if !pairs.is_empty() {
                parts.push(format!("{name}: {}", pairs.join(", ")));
            }
        }
        JsonEvidence(parts.join(" · "))
    }
}

/// The evidence for leaving a segment unaligned (see [`crate::align::Unaligned`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JsonWhy {
    /// In a sentence.
    pub reason: String,
    /// The most of its lexical evidence shared with any segment facing it.
    pub share: f64,
    /// What linked segments of the pair share.
    #[serde(default)]
    pub expected_share: Option<f64>,
    /// Extra cost in nats of joining it to the link before.
    #[serde(default)]
    pub join_before: Option<f64>,
    /// Extra cost in nats of joining it to the link after.
    #[serde(default)]
    pub join_after: Option<f64>,
    /// Nats its place in a run of unaligned segments saved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_run: Option<f64>,
}

/// A whole alignment file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlignmentFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Contract version ([`VERSION`]; 1 is read too).
    pub version: u32,
    /// Source text.
    pub src: Side,
    /// Target text.
    pub tgt: Side,
    /// The links, in text order.
    pub links: Vec<JsonLink>,
    /// What whoever uses the alignment must know of how it was made
    /// (reduced evidence, a language guessed or contradicting its flag).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The review page's own state (revision, undo history); opaque here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<serde_json::Value>,
}

/// The contract version written.
pub const VERSION: u32 = 2;

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

fn side(segs: &[Segment], lang: &Lang, file: &str) -> Side {
    Side {
        lang: lang.code().to_string(),
        file: file.to_string(),
        segments: segs
            .iter()
            .map(|s| JsonSegment {
                id: s.id.clone(),
                text: s.text.clone(),
                kind: kind_name(s.kind),
                block: s.starts_block,
                section: s.starts_section,
                edited: false,
            })
            .collect(),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What a person did to each link of `f`, in link order.
pub fn marks(f: &AlignmentFile) -> Vec<super::Marks> {
    f.links.iter().map(|l| super::Marks { checked: l.checked, flagged: l.flagged, edited: l.edited }).collect()
}

/// The alignment file of an aligned pair.
pub fn to_file(x: &Aligned<'_>) -> AlignmentFile {
    let a = x.alignment;
    AlignmentFile {
        format: FORMAT.into(),
        version: VERSION,
        src: side(x.src, &a.src_lang, x.src_name),
        tgt: side(x.tgt, &a.tgt_lang, x.tgt_name),
        links: a
            .links
            .iter()
            .enumerate()
            .map(|(k, l)| (k, l, super::marks_of(x, k)))
            .map(|(k, l, marks)| JsonLink {
                src: l.src.clone(),
                tgt: l.tgt.clone(),
                confidence: round3(l.confidence),
                checked: marks.checked,
                // `unaligned` is in link order.
                unaligned: x.unaligned.binary_search_by_key(&k, |u| u.link).ok().map(|i| &x.unaligned[i]).map(|u| {
                    JsonWhy {
                        reason: u.reason(),
                        share: round3(u.share),
                        expected_share: u.expected_share.map(round3),
                        join_before: u.join_before.map(round3),
                        join_after: u.join_after.map(round3),
                        in_run: u.in_run.map(round3),
                    }
                }),
                flagged: marks.flagged,
                edited: marks.edited,
                evidence: x.anchors.get(k).filter(|a| !a.is_empty()).map(|a| JsonEvidence::of(a)),
            })
            .collect(),
        warnings: x.warnings.to_vec(),
        review: None,
    }
}

/// Write the alignment as JSON.
pub fn write(x: &Aligned<'_>, out: &mut dyn std::io::Write) -> Result<()> {
    let f = to_file(x);
    serde_json::to_writer_pretty(&mut *out, &f).map_err(|e| Error::invalid(e.to_string()))?;
    out.write_all(b"\n")?;
    Ok(())
}

fn err(line: usize, col: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Syntax { pos: Pos { line, col }, msg: msg.into() })
}

/// Read an alignment file from its text, checking it: right format and
/// version, known kinds and languages, every segment in exactly one link,
/// links in order. The texts and the alignment come back as segments and
/// an [`Alignment`].
pub fn parse(text: &str) -> Result<(Vec<Segment>, Vec<Segment>, Alignment)> {
    let f = parse_file(text)?;
    to_alignment_in(&f, text)
}

/// Read an alignment file from its text as it is (format and version
/// checked, nothing else: see [`to_alignment`]), its language tags in
/// BCP 47's canonical case (a file written before they were, or by hand,
/// may say `pt-br`: whatever is made of it says `pt-BR`).
pub fn parse_file(text: &str) -> Result<AlignmentFile> {
    let mut f: AlignmentFile = serde_json::from_str(text).map_err(|e| {
        // Another kind of JSON (a multi-alignment, a titles or report
        // file) is said to be one, not reported as a field it lacks.
        match other_format(text, FORMAT) {
            Some(what) => err(1, 1, format!("not a {FORMAT} file: {what}")),
            // Another of the tool's outputs (TMX, TEI, beads, …) is named
            // too: serde's "expected value" at 1:1 said neither what it is
            // nor what is due.
            None => {
                let kind = super::sniff(text)
                    .map(|k| format!("it is {k}"))
                    .or_else(|| (!text.trim_start().starts_with(['{', '['])).then(|| "it is not JSON".to_string()));
                match kind {
                    Some(kind) => err(
                        1,
                        1,
                        format!("not a {FORMAT} file: {kind}; give the alignment JSON (align --format json writes it)"),
                    ),
                    None => err(e.line(), e.column().max(1), serde_message(&e)),
                }
            }
        }
    })?;
    if f.format != FORMAT || !(1..=VERSION).contains(&f.version) {
        return Err(err(
            1,
            1,
            format!("not a {FORMAT} file of version 1 or {VERSION} (format {:?}, version {})", f.format, f.version),
        ));
    }
    for side in [&mut f.src, &mut f.tgt] {
        // A tag that is not one is left for `to_alignment` to name.
        if let Some(l) = Lang::new(&side.lang) {
            side.lang = l.code().to_string();
        }
    }
    Ok(f)
}

/// serde_json's message without the place it appends ("at line 2 column
/// 0"): our errors give the place first, 1-based, as every other does.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    m.rsplit_once(" at line ").map_or(m.clone(), |(msg, _)| msg.to_string())
}

/// What a JSON text is when its `format` is not `expected`, in words with
/// what to do; `None` when it is `expected` or not JSON at all.
pub(crate) fn other_format(text: &str, expected: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_str(text).ok()?;
    match probe.format.as_ref().and_then(|f| f.as_str()) {
        Some(f) if f == expected => None,
        Some(MULTI_FORMAT) => Some(
            "it is a multi-alignment; take two of its versions out with --pair A B (convert, eval), \
             or convert it in a multi format"
                .into(),
        ),
        Some(FORMAT) => Some("it is a pairwise alignment; convert it without --pair".into()),
        Some(f) => Some(format!("its format is {f:?}")),
        None => Some("it has no \"format\" field (titles and report JSON are not alignments)".into()),
    }
}

/// Check an alignment file (see [`parse`]) and make its segments and links.
/// Errors name the link or segment at 1:1; [`to_alignment_in`], given the
/// file's text, puts them where it is.
pub fn to_alignment(f: &AlignmentFile) -> Result<(Vec<Segment>, Vec<Segment>, Alignment)> {
    check(f).map_err(|(_, msg)| err(1, 1, msg))
}

/// [`to_alignment`] for a file read from `text`: an error's place is the
/// line and column of the link, segment or language it names. Every one
/// said 1:1, which in a file `align --format json` writes (one field a
/// line) sent a person editing link 93 of thousands to the first line.
pub fn to_alignment_in(f: &AlignmentFile, text: &str) -> Result<(Vec<Segment>, Vec<Segment>, Alignment)> {
    check(f).map_err(|(at, msg)| {
        let (line, col) = place(text, &at);
        err(line, col, msg)
    })
}

/// Where in an alignment file a fault lies, as a path of object keys and
/// array indices; `end` for the closing bracket of the container there.
struct At {
    path: Vec<Step>,
    end: bool,
}

enum Step {
    Key(&'static str),
    Index(usize),
}

impl At {
    fn link(k: usize) -> At {
        At { path: vec![Step::Key("links"), Step::Index(k)], end: false }
    }
    fn segment(side: &'static str, i: usize) -> At {
        At { path: vec![Step::Key(side), Step::Key("segments"), Step::Index(i)], end: false }
    }
}

/// A fault and where it lies.
type Fault = (At, String);

fn check(f: &AlignmentFile) -> std::result::Result<(Vec<Segment>, Vec<Segment>, Alignment), Fault> {
    let segs = |s: &Side, which: &str, key: &'static str| -> std::result::Result<Vec<Segment>, Fault> {
        let mut seen = std::collections::HashSet::with_capacity(s.segments.len());
        if let Some((i, j)) = s.segments.iter().enumerate().find(|(_, j)| !seen.insert(j.id.as_str())) {
            return Err((At::segment(key, i), format!("{which} segment {i}: id {:?} is used twice", j.id)));
        }
        s.segments
            .iter()
            .enumerate()
            .map(|(i, j)| {
                let kind = kind_of(&j.kind)
                    .ok_or_else(|| (At::segment(key, i), format!("{which} segment {i}: unknown kind {:?}", j.kind)))?;
                Ok(Segment {
                    id: j.id.clone(),
                    text: j.text.clone(),
                    starts_block: j.block,
                    starts_section: j.section,
                    kind,
                })
            })
            .collect()
    };
    let (src, tgt) = (segs(&f.src, "source", "src")?, segs(&f.tgt, "target", "tgt")?);
    // Checked as the CLI checks --src-lang: a file's "xx-invalid" was
    // written into the TMX as its srclang.
    let lang = |c: &str, which: &str, key: &'static str| {
        crate::lang::parse_code(c).map_err(|why| {
            (At { path: vec![Step::Key(key), Step::Key("lang")], end: false }, format!("{which} language {c:?}: {why}"))
        })
    };
    let (sl, tl) = (lang(&f.src.lang, "source", "src")?, lang(&f.tgt.lang, "target", "tgt")?);
    let mut links = Vec::with_capacity(f.links.len());
    // Links are counted from 1 in messages, as `check_cover` counts them:
    // "link 0 is empty" and "link 1: … where 0 was due" named one link.
    for (k, l) in (1..).zip(&f.links) {
        if l.src.is_empty() && l.tgt.is_empty() {
            return Err((At::link(k - 1), format!("link {k} is empty (links counted from 1)")));
        }
        if !(0.0..=1.0).contains(&l.confidence) {
            return Err((
                At::link(k - 1),
                format!("link {k}: confidence {} is not in [0, 1] (links counted from 1)", l.confidence),
            ));
        }
        links.push(Link { src: l.src.clone(), tgt: l.tgt.clone(), confidence: l.confidence });
    }
    crate::align::check_cover(links.iter().map(|l| (&l.src[..], &l.tgt[..])), src.len(), tgt.len()).map_err(|e| {
        let at = match e {
            crate::align::CoverError::Misplaced { link, .. } => At::link(link),
            // Links missing at the end: where the list of links closes.
            crate::align::CoverError::Short { .. } => At { path: vec![Step::Key("links")], end: true },
        };
        (at, e.to_string())
    })?;
    Ok((src, tgt, Alignment { src_lang: sl, tgt_lang: tl, links }))
}

/// The line and column (1-based) of `at` in a JSON text; 1:1 when it is
/// not found. A scan of the text's structure: strings are skipped whole,
/// keys compared as written (the file's keys are plain ASCII).
fn place(text: &str, at: &At) -> (usize, usize) {
    let offset = find(text, at).unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The byte offset of `at` in `text`, if the text has it.
fn find(text: &str, at: &At) -> Option<usize> {
    // One frame per open container: an object's current key, or an
    // array's current index.
    enum Frame<'t> {
        Obj(Option<&'t str>),
        Arr(usize),
    }
    let matches = |stack: &[Frame<'_>]| {
        stack.len() == at.path.len()
            && stack.iter().zip(&at.path).all(|(f, s)| match (f, s) {
                (Frame::Obj(Some(k)), Step::Key(want)) => k == want,
                (Frame::Arr(i), Step::Index(want)) => i == want,
                _ => false,
            })
    };
    let b = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    // In an object, whether the next string is a key.
    let mut want_key = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            b',' => match stack.last_mut() {
                Some(Frame::Arr(n)) => *n += 1,
                Some(Frame::Obj(_)) => want_key = true,
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if want_key {
                    if let Some(Frame::Obj(k)) = stack.last_mut() {
                        *k = text.get(start + 1..i.min(b.len()));
                    }
                    want_key = false;
                } else if !at.end && matches(&stack) {
                    return Some(start);
                }
            }
            b'{' | b'[' => {
                if !at.end && matches(&stack) {
                    return Some(i);
                }
                stack.push(if c == b'{' { Frame::Obj(None) } else { Frame::Arr(0) });
                want_key = c == b'{';
            }
            b'}' | b']' => {
                if at.end && matches(&stack[..stack.len().saturating_sub(1)]) && !stack.is_empty() {
                    return Some(i);
                }
                stack.pop();
                want_key = false;
            }
            _ => {
                // A number, true, false or null.
                if !at.end && matches(&stack) {
                    return Some(i);
                }
                while i + 1 < b.len() && !b",]} \t\r\n".contains(&b[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether a text looks like an alignment JSON file (rather than beads).
pub fn looks_like(text: &str) -> bool {
    text.trim_start().starts_with('{')
}
