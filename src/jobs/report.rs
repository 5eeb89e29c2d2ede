//! `report`: pages read one by one, their titles aligned, written page by
//! page in the chosen format, so a report over thousands of pages never
//! holds them all; and which findings fail a pipeline.

use std::path::{Path, PathBuf};

use super::Feedback;
use crate::data::DataConfig;
use crate::error::Result;
use crate::report::{self, ReportFormat, Summary};
use crate::syntax::Syntax;

/// What a report is asked to fail on (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// A title without original, a year conflict, a variant or duplicate,
    /// a catalogue problem.
    Mismatch,
    /// An original without translation.
    Untranslated,
}

/// A report written.
#[derive(Debug)]
pub struct Reported {
    /// Totals, data used, checks not run.
    pub summary: Summary,
    /// Part files beside an HTML report split into an index and parts.
    pub parts: Vec<PathBuf>,
}

/// Write the report over `files` (see [`report::page_files`]) in `format`
/// to `output` (standard output when `None` or `-`).
pub fn report(
    files: &[PathBuf],
    syntax: Option<Syntax>,
    lang: Option<&crate::Lang>,
    data: &DataConfig,
    format: ReportFormat,
    output: Option<&Path>,
    fb: &mut dyn Feedback,
) -> Result<Reported> {
    let out_path = output.filter(|o| !crate::io::is_stdio(o));
    let mut parts = Vec::new();
    let summary = crate::io::write_output(output, |w| {
        let mut sink = report::sink(format, w, out_path)?;
        // Both callbacks speak to the person; they never run at once.
        let fb = std::cell::RefCell::new(&mut *fb);
        let s = report::stream_in(files, syntax, lang, data, &mut |n| fb.borrow_mut().note(n), &mut |p| {
            if let Some(w) = super::titles::lang_overruled(&p.path, lang, &p.titles) {
                fb.borrow_mut().warn(&w);
            }
            fb.borrow_mut().step();
            sink.page(&p)
        })?;
        parts = sink.finish(&s)?;
        Ok(s)
    })?;
    if !parts.is_empty() {
        fb.note(&format!("{} pages: the report is an index with {} part files beside it", summary.pages, parts.len()));
    }
    for w in summary.data.reduced_evidence.iter().chain(&summary.not_run) {
        fb.warn(w);
    }
    Ok(Reported { summary, parts })
}

/// What a report found of what it was asked to fail on, in words (empty:
/// nothing, the run succeeds).
pub fn failing(summary: &Summary, fail_on: &[Finding]) -> Vec<String> {
    let counts = summary.findings;
    let mut found = Vec::new();
    if fail_on.contains(&Finding::Mismatch) && counts.mismatches > 0 {
        found.push(format!("{} mismatches", counts.mismatches));
    }
    if fail_on.contains(&Finding::Untranslated) && counts.untranslated > 0 {
        // Without a dictionary an original no title met may be
        // translated: said, since the report itself does not call them
        // untranslated ("findings: 3 untranslated originals" where it
        // read "? no translation found without a dictionary").
        let unsure = match counts.untranslated_unsure {
            0 => String::new(),
            n if n == counts.untranslated => {
                " (none of them certain: no dictionary for the pair, so a translation may have gone unseen; give --dict)"
                    .to_string()
            }
            n => format!(" ({n} of them uncertain: no dictionary for the pair, so a translation may have gone unseen)"),
        };
        found.push(format!("{} untranslated originals{unsure}", counts.untranslated));
    }
    found
}
