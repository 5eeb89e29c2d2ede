//! Alignment output formats: beads (the benchmark's), TSV, XCES
//! (`cesAlign`, as OPUS distributes), TMX 1.4b, TEI (`standOff` with
//! `linkGrp`), and Moses-style plain parallel text.

pub mod json;
pub mod tei;
pub mod text;
pub mod tmx;
pub mod xces;

use std::io::Write;

use crate::align::{Alignment, Segment};
use crate::error::Result;

/// An alignment together with the texts it links.
pub struct Aligned<'a> {
    /// The alignment.
    pub alignment: &'a Alignment,
    /// Source segments, indexed by the links.
    pub src: &'a [Segment],
    /// Target segments, indexed by the links.
    pub tgt: &'a [Segment],
    /// Name of the source document (file name), for XCES `fromDoc`.
    pub src_name: &'a str,
    /// Name of the target document, for XCES `toDoc`.
    pub tgt_name: &'a str,
    /// Why segments were left unaligned, when known, in link order (the
    /// JSON output carries it for review).
    pub unaligned: &'a [crate::align::Unaligned],
    /// The words that anchored each link, in link order, when known (the
    /// JSON output and the review page show them).
    pub anchors: &'a [Vec<crate::align::anchors::Anchor>],
    /// What whoever uses the alignment must know of how it was made
    /// (see [`crate::jobs::align::Done::warnings`]): every format that can
    /// hold a note carries them.
    pub warnings: &'a [String],
    /// What a person did to each link in review, in link order; empty
    /// when no one has reviewed it (a fresh alignment).
    pub marks: &'a [Marks],
}

/// What a person did to one link in review (the alignment JSON's
/// `checked`, `flagged` and `edited`). TMX, TEI, TSV and the text view
/// carry them, so that a reviewer's work survives the export; beads,
/// Moses and XCES have no place for them (`convert` says so).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// A person confirmed the link.
    pub checked: bool,
    /// A person marked it to come back to.
    pub flagged: bool,
    /// A person changed it (its sides or a text in it).
    pub edited: bool,
}

impl Marks {
    /// The marks' names, in a fixed order: `checked`, `flagged`, `edited`
    /// (the JSON's field names, and the values TSV and TMX write).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [(self.checked, "checked"), (self.flagged, "flagged"), (self.edited, "edited")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
    }

    /// Whether a person did anything to the link.
    pub fn any(self) -> bool {
        self.checked || self.flagged || self.edited
    }
}

/// The marks of link `k`, none when the alignment carries none.
pub(crate) fn marks_of(x: &Aligned<'_>, k: usize) -> Marks {
    x.marks.get(k).copied().unwrap_or_default()
}

/// What a text that is not the file a reader expected holds, by its
/// first characters, in words ("a TMX file"), for the reader's error:
/// `convert out.tmx` said "1:1: expected value", `eval --test out.tmx`
/// "expected '['", which named neither the file's kind nor the one due.
/// `None` when it is none of the formats the tool writes or reads.
pub fn sniff(text: &str) -> Option<&'static str> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        // The root element follows the XML declaration, a DOCTYPE or a
        // comment: the first 2,000 characters hold it.
        let head: String = t.chars().take(2000).collect::<String>().to_ascii_lowercase();
        let kinds = [
            ("<!doctype html", "an HTML page"),
            ("<html", "an HTML page"),
            ("<tmx", "a TMX file"),
            ("<cesalign", "an XCES alignment"),
            ("<teicorpus", "a TEI file"),
            ("<tei", "a TEI file"),
            ("<cesdoc", "an XCES sentence file"),
        ];
        return Some(kinds.iter().find(|(tag, _)| head.contains(tag)).map_or("an XML file", |(_, what)| *what));
    }
    // The `# warning:` lines a TSV opens with when the evidence was
    // reduced hid it: `convert out.tsv` said only "it is not JSON".
    let first = t.lines().find(|l| !l.starts_with("# ")).unwrap_or("").trim();
    // Beads: `[0, 1]:[2]`, with an optional `:score` (checked here, not
    // by the beads reader in `eval`, which itself reads alignment JSON).
    let ids = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ');
    let bead = first
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .and_then(|(a, r)| Some((a, r.trim_start().strip_prefix(':')?.trim_start().strip_prefix('[')?)))
        .and_then(|(a, r)| r.split_once(']').map(|(b, _)| ids(a) && ids(b)));
    if bead == Some(true) {
        return Some("beads");
    }
    if first.contains('\t') {
        return Some("a TSV file");
    }
    None
}

/// Output format names as the CLI takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[0, 1]:[2]:0.931` per line (0-based ids), the benchmark's format.
    Beads,
    /// source text, target text, confidence.
    Tsv,
    /// XCES cesAlign, as OPUS uses.
    Xces,
    /// TMX 1.4b translation memory.
    Tmx,
    /// TEI P5 with both texts and a standOff linkGrp.
    Tei,
    /// Moses-style plain parallel text: PREFIX.SRC and PREFIX.TGT, line by line.
    Moses,
    /// Both texts and the links as JSON (what the review page exports).
    Json,
    /// The review page: one self-contained HTML file to check and correct the alignment.
    Html,
    /// Both texts side by side, a block per link numbered from 1, for a
    /// person at a terminal (the default there).
    Text,
}

impl Format {
    /// Its name, as `--format` takes it (the CLI's list of formats is
    /// built from it, so messages and flags never disagree).
    pub const fn name(self) -> &'static str {
        match self {
            Format::Beads => "beads",
            Format::Tsv => "tsv",
            Format::Xces => "xces",
            Format::Tmx => "tmx",
            Format::Tei => "tei",
            Format::Moses => "moses",
            Format::Json => "json",
            Format::Html => "html",
            Format::Text => "text",
        }
    }

    /// Whether this format shows the words that anchored each link (JSON,
    /// and the review page built on it): only then are they looked up,
    /// which costs a fifth of aligning a long text.
    pub fn shows_anchors(self) -> bool {
        matches!(self, Format::Json | Format::Html)
    }
}

/// Write beads: `[src ids]:[tgt ids]:confidence`, ids 0-based and ascending.
pub fn write_beads(a: &Alignment, out: &mut dyn Write) -> Result<()> {
    let mut buf = String::new();
    for l in &a.links {
        buf.push_str(&format!("{:?}:{:?}:{:.3}\n", l.src, l.tgt, l.confidence));
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(())
}

/// The text of several segments on one line, joined with `sep`.
pub(crate) fn joined_with(segs: &[Segment], ids: &[usize], sep: &str) -> String {
    let mut s = String::new();
    for &i in ids {
        if let Some(seg) = segs.get(i) {
            if !s.is_empty() {
                s.push_str(sep);
            }
            s.push_str(&seg.text);
        }
    }
    one_line(&s)
}

/// The text of several segments joined with spaces, on one line.
pub fn joined(segs: &[Segment], ids: &[usize]) -> String {
    joined_with(segs, ids, " ")
}

/// Between the sentences of one side of a TSV row, as hunalign writes it.
pub const TSV_SENTENCE_SEP: &str = " ~~~ ";

/// The prefixes that keep the two texts' ids apart in one document (TEI)
/// and name the sentence files (XCES): the language codes, or `src`/`tgt`
/// when both texts are in one language.
pub(crate) fn side_names(a: &Alignment) -> (String, String) {
    if a.src_lang.code() == a.tgt_lang.code() {
        ("src".into(), "tgt".into())
    } else {
        (a.src_lang.code().to_string(), a.tgt_lang.code().to_string())
    }
}

/// The id a segment has in outputs that hold both texts (TEI) or point
/// into sentence files (XCES): `SIDE.ID`, the same in both.
pub(crate) fn sentence_id(side: &str, seg: &Segment) -> String {
    format!("{side}.{}", seg.id)
}

pub use crate::text::one_line;

/// Write TSV: source text, target text, confidence; a header line first.
/// A side of several sentences keeps their boundaries as ` ~~~ `. A
/// reviewed alignment has a fourth column, `review`: the link's marks
/// (`checked,edited`), empty for a link no one marked.
pub fn write_tsv(x: &Aligned<'_>, out: &mut dyn Write) -> Result<()> {
    let a = x.alignment;
    let reviewed = x.marks.iter().any(|m| m.any());
    // Comment lines first, as the titles TSV has them.
    let mut buf: String = x.warnings.iter().map(|w| format!("# warning: {}\n", one_line(w))).collect();
    buf.push_str(&format!("{}\t{}\tconfidence{}\n", a.src_lang, a.tgt_lang, if reviewed { "\treview" } else { "" }));
    for (k, l) in a.links.iter().enumerate() {
        buf.push_str(&format!(
            "{}\t{}\t{:.3}",
            joined_with(x.src, &l.src, TSV_SENTENCE_SEP),
            joined_with(x.tgt, &l.tgt, TSV_SENTENCE_SEP),
            l.confidence
        ));
        if reviewed {
            buf.push('\t');
            buf.push_str(&marks_of(x, k).names().collect::<Vec<_>>().join(","));
        }
        buf.push('\n');
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(())
}

/// Write one side of Moses-style parallel text: line k holds link k's text
/// on that side (empty for a null link).
pub(crate) fn write_moses_side(x: &Aligned<'_>, source_side: bool, out: &mut dyn Write) -> Result<()> {
    let mut buf = String::new();
    for l in &x.alignment.links {
        let (segs, ids) = if source_side { (x.src, &l.src) } else { (x.tgt, &l.tgt) };
        buf.push_str(&joined(segs, ids));
        buf.push('\n');
        if buf.len() > 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(())
}
