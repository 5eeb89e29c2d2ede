//! The library's enums as command-line values: names and help for each,
//! mapped here so the library itself does not depend on clap.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use transalign::formats::Format;
use transalign::jobs::multi::{CheckMode, MultiFormat};
use transalign::jobs::report::Finding;
use transalign::jobs::titles::TitlesFormat;
use transalign::report::ReportFormat;
use transalign::syntax::Syntax;

/// A value a flag takes from a fixed list.
pub trait Choice: Copy + Clone + Send + Sync + 'static {
    /// Every value, each with its name and a short help.
    const ALL: &'static [(Self, &'static str, &'static str)];
}

/// The parser of a [`Choice`] flag: lists the values in `--help` and
/// refuses any other with the list.
pub fn choice<T: Choice>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::ALL.iter().map(|(_, n, h)| PossibleValue::new(*n).help(*h)))
        .try_map(|s| T::ALL.iter().find(|(_, n, _)| *n == s).map(|(v, _, _)| *v).ok_or("not a known value"))
}

/// `convert`'s `--format`: a pairwise format, or `coverage`, the multi
/// format that no pairwise format stands for (`text` is the coverage report
/// of a multi-alignment too, but `coverage` is the name `multi` gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertFormat {
    /// A format of an alignment of two texts (a multi-alignment maps it to
    /// its own, see `jobs::multi::convert_read`).
    Pair(Format),
    /// The coverage report per version of a multi-alignment.
    Coverage,
}

/// The coverage entry of `convert --format`: the name and help `multi` gives it.
const COVERAGE: (&str, &str) = ("coverage", "a multi-alignment's coverage report per version (as multi writes it)");

/// The parser of `convert --format`: every pairwise format, then `coverage`.
pub fn convert_format() -> impl TypedValueParser<Value = ConvertFormat> {
    let pair = Format::ALL.iter().map(|(_, n, h)| PossibleValue::new(*n).help(*h));
    PossibleValuesParser::new(pair.chain([PossibleValue::new(COVERAGE.0).help(COVERAGE.1)])).try_map(|s| {
        if s == COVERAGE.0 {
            return Ok(ConvertFormat::Coverage);
        }
        Format::ALL.iter().find(|(_, n, _)| *n == s).map(|(v, _, _)| ConvertFormat::Pair(*v)).ok_or("not a known value")
    })
}

impl Choice for Syntax {
    const ALL: &'static [(Syntax, &'static str, &'static str)] = &[
        (Syntax::Markdown, "markdown", "CommonMark with tables and strikethrough (the wiki's Markdown export)"),
        (Syntax::DokuWiki, "dokuwiki", "DokuWiki's own wiki syntax (====== Title ======, //italic//)"),
        (Syntax::MediaWiki, "mediawiki", "MediaWiki wikitext (== Section ==, ''italic'')"),
        (Syntax::Html, "html", "HTML or XHTML (DokuWiki's export, saved wiki pages, any page)"),
        (Syntax::Text, "text", "plain text: paragraphs at blank lines"),
        (Syntax::Tei, "tei", "TEI P5 XML"),
        (Syntax::Epub, "epub", "EPUB 2 or 3"),
        (Syntax::Docx, "docx", "Word DOCX"),
    ];
}

impl Choice for Format {
    const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (Format::Beads, Format::Beads.name(), "[0, 1]:[2]:0.931 per line (0-based ids), the benchmark's format"),
        (Format::Tsv, Format::Tsv.name(), "source text, target text, confidence"),
        (Format::Xces, Format::Xces.name(), "XCES cesAlign, as OPUS uses, with its two sentence files"),
        (Format::Tmx, Format::Tmx.name(), "TMX 1.4b translation memory"),
        (Format::Tei, Format::Tei.name(), "TEI P5 with both texts and a standOff linkGrp"),
        (Format::Moses, Format::Moses.name(), "plain parallel text: PREFIX.SRC and PREFIX.TGT, line by line"),
        (Format::Json, Format::Json.name(), "both texts and the links as JSON (what the review page exports)"),
        (
            Format::Html,
            Format::Html.name(),
            "the review page: one self-contained HTML file to check and correct the alignment",
        ),
        (
            Format::Text,
            Format::Text.name(),
            "both texts side by side, links numbered from 1 (the default on a terminal)",
        ),
    ];
}

impl Choice for ReportFormat {
    const ALL: &'static [(ReportFormat, &'static str, &'static str)] = &[
        (ReportFormat::Text, "text", "plain text for a person"),
        (ReportFormat::Json, "json", "each page's titles and issues, then the totals"),
        (ReportFormat::Tsv, "tsv", "one row per translated title"),
        (ReportFormat::Html, "html", "a self-contained page (an index and parts past 200 pages)"),
    ];
}

impl Choice for TitlesFormat {
    const ALL: &'static [(TitlesFormat, &'static str, &'static str)] = &[
        (TitlesFormat::Text, "text", "plain text for a person"),
        (TitlesFormat::Json, "json", "the JSON contract"),
        (TitlesFormat::Tsv, "tsv", "one row per translated title"),
    ];
}

impl Choice for Finding {
    const ALL: &'static [(Finding, &'static str, &'static str)] = &[
        (
            Finding::Mismatch,
            "mismatch",
            "a title without original, a year conflict, a variant or duplicate, a catalogue problem",
        ),
        (Finding::Untranslated, "untranslated", "an original without translation"),
    ];
}

impl Choice for MultiFormat {
    const ALL: &'static [(MultiFormat, &'static str, &'static str)] = &[
        (
            MultiFormat::Json,
            "json",
            "pivot-anchored rows, per-version ids, confidence, flags (the documented contract)",
        ),
        (MultiFormat::Tmx, "tmx", "TMX 1.4b: one unit per row, one variant per version with text"),
        (MultiFormat::Tei, "tei", "TEI P5: every text, a linkGrp per translation and a multi-target link per row"),
        (MultiFormat::Html, "html", "all versions side by side, with filters and each version's coverage"),
        (MultiFormat::Tsv, "tsv", "one column per version, then confidences and flags"),
        (MultiFormat::Coverage, "coverage", "per version: kept, merged, split, dropped (listed), inserted"),
    ];
}

impl Choice for CheckMode {
    const ALL: &'static [(CheckMode, &'static str, &'static str)] = &[
        (CheckMode::Chain, "chain", "each translation against the next that shares its language or a dictionary"),
        (CheckMode::All, "all", "every pair of translations that share a language or a dictionary"),
        (CheckMode::None, "none", "no translation-to-translation check"),
    ];
}
