//! Reports on title alignments: per-title and per-original views, catalogue
//! checks, coverage; as text, TSV, JSON and a self-contained HTML page.

pub mod grammar;
mod html;
mod sink;

pub use html::{HtmlWriter, PART_PAGES, render_html};
pub use sink::{PageSink, ReportFormat, sink};

use crate::data::{DataConfig, Provenance};
use crate::error::{Error, Result};
use crate::lexicon::hunspell::Morphology;
use crate::titles::output::{cell, reduced_comments};
use crate::titles::{self, TitleAligner, TitleAlignment};

/// A catalogue problem in one entry of a page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Issue {
    /// Id of the entry.
    pub id: String,
    /// The entry's title.
    pub title: String,
    /// "agreement", "spelling" or "duplicate".
    pub kind: String,
    /// What is wrong.
    pub message: String,
    /// Source line of the entry, when known.
    pub line: Option<usize>,
}

/// Everything the report says about one page.
#[derive(Debug, Clone)]
pub struct PageReport {
    /// The page file.
    pub path: std::path::PathBuf,
    /// Its file name, as reports show it.
    pub file: String,
    /// Its title alignment.
    pub titles: TitleAlignment,
    /// Catalogue problems.
    pub issues: Vec<Issue>,
    /// Source line of each title (translations and originals), by id.
    pub lines: std::collections::BTreeMap<String, usize>,
}

/// What a report says beyond its pages: totals, data used, checks not run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Number of pages.
    pub pages: usize,
    /// Totals over all pages.
    pub total: titles::Coverage,
    /// Which lexicons were used, in words.
    pub notes: Vec<String>,
    /// The data used over all pages, and the evidence some page lacked.
    pub data: Provenance,
    /// Checks that could not run, and why.
    pub not_run: Vec<String>,
    /// Mismatches and untranslated originals, counted.
    pub findings: Findings,
    /// The kinds of flag raised on any page, for the legend.
    pub flag_kinds: Vec<&'static str>,
    /// Pages of a report over several that could not be read or reported
    /// on, each with why ("file: …"); the report covers the others.
    pub failed: Vec<String>,
}

/// A report over one or more pages, held whole (see [`stream`] for many pages).
#[derive(Debug, Clone)]
pub struct Report {
    /// Per page, in the order given.
    pub pages: Vec<PageReport>,
    /// Totals, data used, checks not run.
    pub summary: Summary,
}

/// The pages a report reads from its arguments: files as given, and the
/// page files (Markdown, DokuWiki, MediaWiki, HTML) of directories, sorted.
///
/// A directory with no page file directly in it is an error that says what
/// it holds instead: a report over nothing would pass `--fail-on` having
/// checked nothing.
pub fn page_files(args: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut v = crate::load::page_files_in(a)?;
            if v.is_empty() {
                return Err(Error::invalid(format!(
                    "no page files in it ({}); {}",
                    crate::load::PAGE_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" "),
                    what_else(a)
                ))
                .in_file(a));
            }
            out.append(&mut v);
        } else {
            out.push(a.clone());
        }
    }
    // A page named twice (a.wiki ./a.wiki, or in a directory given too)
    // is reported once: the totals count pages, not names.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| crate::io::file_key(p).is_none_or(|k| seen.insert(k)));
    Ok(out)
}

/// What a directory without page files holds: its sub-directories (not
/// read: a report reads the pages directly in a directory it is given)
/// and the kinds of other files.
fn what_else(dir: &std::path::Path) -> String {
    let (mut subdirs, mut others) = (Vec::new(), std::collections::BTreeSet::new());
    for p in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            subdirs.push(name);
        } else {
            others.insert(p.extension().map_or_else(|| name.clone(), |e| format!(".{}", e.to_string_lossy())));
        }
    }
    subdirs.sort();
    let list = |v: Vec<String>| {
        let n = v.len();
        let mut shown: Vec<String> = v.into_iter().take(5).collect();
        if n > 5 {
            shown.push(format!("and {} more", n - 5));
        }
        shown.join(", ")
    };
    match (subdirs.is_empty(), others.is_empty()) {
        (true, true) => "it is empty".to_string(),
        (false, _) => format!(
            "sub-directories are not read, give them as arguments: {}{}",
            list(subdirs),
            if others.is_empty() {
                String::new()
            } else {
                format!("; other files: {}", list(others.into_iter().collect()))
            }
        ),
        (true, false) => {
            format!("it holds only {}; name such files to read them as pages", list(others.into_iter().collect()))
        }
    }
}

/// The report on one page already read, with the aligner shared by all
/// pages of a run (each lexicon and the morphology loaded once).
pub fn page_report(
    aligner: &TitleAligner<'_>,
    path: &std::path::Path,
    parsed: &crate::parse::Parsed,
    note: &mut dyn FnMut(&str),
) -> Result<(PageReport, Vec<String>)> {
    let doc = &parsed.doc;
    let t = aligner.align(path, doc, note)?;
    let has_french = doc.bibls().iter().any(|b| b.lang.as_ref().map(crate::Lang::primary) == Some("fr"));
    let morph = if has_french { aligner.french(note)?.morphology.as_ref() } else { None };
    let mut not_run = Vec::new();
    if has_french && morph.is_none() {
        not_run.push(format!("French agreement checks (gender, number) did not run: {}", aligner.french(note)?.note));
    }
    let issues = catalogue_issues(doc, &parsed.positions, &t, morph);
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let ids = t
        .links
        .iter()
        .flat_map(|l| std::iter::once(&l.translation).chain(&l.also))
        .map(|x| &x.id)
        .chain(t.originals.iter().map(|o| &o.id));
    let lines = ids
        .filter_map(|id| {
            // A prose title's id is under its sentence's ("d1.p2.s3.t1").
            let owner = id.split(".t").next().unwrap_or(id);
            let pos = parsed.positions.get(id.as_str()).or_else(|| parsed.positions.get(owner))?;
            Some((id.clone(), pos.line))
        })
        .collect();
    Ok((PageReport { path: path.to_path_buf(), file, titles: t, issues, lines }, not_run))
}

impl Summary {
    /// Count a page in: its coverage, data, findings and the checks that did not run on it.
    pub fn add(&mut self, page: &PageReport, not_run: Vec<String>) {
        self.data.merge(&page.titles.data);
        for why in not_run {
            if !self.not_run.contains(&why) {
                self.not_run.push(why);
            }
        }
        self.pages += 1;
        self.total.originals += page.titles.coverage.originals;
        self.total.translated += page.titles.coverage.translated;
        for f in page.titles.links.iter().flat_map(|l| &l.flags) {
            if !self.flag_kinds.contains(&f.kind()) {
                self.flag_kinds.push(f.kind());
            }
        }
        let f = page_findings(page);
        self.findings.mismatches += f.mismatches;
        self.findings.untranslated += f.untranslated;
        self.findings.untranslated_unsure += f.untranslated_unsure;
    }

    /// Close the totals once every page is in; `used` says which data the run loaded.
    pub fn close(&mut self, used: Vec<String>) {
        let t = &mut self.total;
        t.ratio = if t.originals == 0 { 0.0 } else { t.translated as f64 / t.originals as f64 };
        self.notes = used;
    }
}

/// Build the report page by page, handing each to `each` as soon as it is
/// made, so memory holds one page at a time, however many there are.
/// `note` hears which resources were used.
pub fn stream(
    paths: &[std::path::PathBuf],
    syntax: Option<crate::syntax::Syntax>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
    each: &mut dyn FnMut(PageReport) -> Result<()>,
) -> Result<Summary> {
    stream_in(paths, syntax, None, cfg, note, each)
}

/// [`stream`] with the pages' language given (`--lang`) or, when `None`,
/// detected for each page.
pub fn stream_in(
    paths: &[std::path::PathBuf],
    syntax: Option<crate::syntax::Syntax>,
    lang: Option<&crate::Lang>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
    each: &mut dyn FnMut(PageReport) -> Result<()>,
) -> Result<Summary> {
    let aligner = TitleAligner::new(cfg);
    let mut sum = Summary::default();
    for path in paths {
        let reported = titles::read_page(path, syntax, lang, note)
            .and_then(|parsed| page_report(&aligner, path, &parsed, note))
            .map_err(|e| e.in_file(path));
        let (page, not_run) = match reported {
            Ok(r) => r,
            // One page alone fails as the page does; among several, one
            // stub or broken page must not cost the report on the rest.
            Err(e) if paths.len() > 1 => {
                note(&format!("{e}; the report goes on without it"));
                sum.failed.push(e.to_string());
                continue;
            }
            Err(e) => return Err(e),
        };
        sum.add(&page, not_run);
        each(page)?;
    }
    sum.close(aligner.used.take());
    Ok(sum)
}

/// Build the whole report in memory.
pub fn build(
    paths: &[std::path::PathBuf],
    syntax: Option<crate::syntax::Syntax>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<Report> {
    let mut pages = Vec::new();
    let summary = stream(paths, syntax, cfg, note, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    Ok(Report { pages, summary })
}

fn catalogue_issues(
    doc: &crate::Document,
    pos: &crate::parse::SourceMap,
    t: &TitleAlignment,
    morph: Option<&Morphology>,
) -> Vec<Issue> {
    let line = |id: &str| pos.get(id).map(|p| p.line);
    let mut out = Vec::new();
    let bibls = doc.bibls();
    if let Some(m) = morph {
        for b in &bibls {
            if b.lang.as_ref().map(crate::Lang::primary) != Some("fr") {
                continue;
            }
            for f in grammar::check(&b.title, m) {
                out.push(Issue {
                    id: b.id.clone(),
                    title: b.title.clone(),
                    kind: f.kind.to_string(),
                    message: f.message,
                    line: line(&b.id),
                });
            }
        }
    }
    // The same original listed twice (the page's entries: the title
    // alignment counts a work listed twice once).
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    for o in bibls.iter().filter(|b| b.role == Some(crate::model::SectionRole::Originals)) {
        let key = crate::lexicon::fold(&o.title)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match seen.get(&key) {
            Some(first) => out.push(Issue {
                message: format!("listed twice: also at {first}"),
                line: line(&o.id),
                id: o.id.clone(),
                title: o.title.clone(),
                kind: "duplicate".into(),
            }),
            None => {
                seen.insert(key, o.id.clone());
            }
        }
    }
    // A translated title listed twice is one row, noting the other entry;
    // listed again with another translator named, it is another
    // translation of the same title (Wilbour's *Les Misérables*, Hapgood's),
    // not a catalogue error. (Another year alone may be a reprint: a
    // person should look.)
    // Looked up only for a title listed twice: rare, so no index is built.
    let notes = |id: &str| bibls.iter().find(|b| b.id == id).map(|b| &b.notes);
    let retranslation = |x: &titles::Title, l: &titles::TitleLink| match (notes(&x.id), notes(&l.translation.id)) {
        (Some(a), Some(b)) => !a.is_empty() && !b.is_empty() && a != b,
        _ => false,
    };
    for l in &t.links {
        for x in l.also.iter().filter(|x| x.origin == titles::Origin::List && !retranslation(x, l)) {
            out.push(Issue {
                id: x.id.clone(),
                title: x.title.clone(),
                kind: "duplicate".into(),
                message: format!("listed twice: same as '{}'", l.translation.title),
                line: line(&x.id),
            });
        }
    }
    out
}

/// What a report found, counted for `--fail-on`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Findings {
    /// Titles without original, year conflicts, variants, catalogue
    /// problems (duplicates among them).
    pub mismatches: usize,
    /// Originals without a translation.
    pub untranslated: usize,
    /// Of those, the ones on pages without a dictionary for the pair,
    /// where a translation may have gone unseen (the report says "no
    /// translation found without a dictionary", not "not translated").
    #[serde(skip_serializing_if = "is_zero")]
    pub untranslated_unsure: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Count one page's mismatches and untranslated originals.
fn page_findings(p: &PageReport) -> Findings {
    let mismatches = p.issues.len()
        + p.titles
            .links
            .iter()
            .filter(|l| {
                l.flags.iter().any(|x| {
                    matches!(
                        x,
                        titles::Flag::NoOriginalListed
                            | titles::Flag::NotLinked(..)
                            | titles::Flag::YearConflict(..)
                            | titles::Flag::VariantOf(_)
                    )
                })
            })
            .count();
    let untranslated = p.titles.untranslated.len();
    let unsure = if p.titles.data.reduced_evidence.is_empty() { 0 } else { untranslated };
    Findings { mismatches, untranslated, untranslated_unsure: unsure }
}

/// Translations of one original, with the years between.
pub fn translations_of<'a>(t: &'a TitleAlignment, original: &titles::Title) -> Vec<&'a titles::TitleLink> {
    t.links.iter().filter(|l| l.original.as_ref().is_some_and(|o| o.id == original.id)).collect()
}

fn years(n: i32) -> String {
    if n == 1 { "1 year".into() } else { format!("{n} years") }
}

/// When a translation appeared relative to its original.
fn gap(l: &titles::TitleLink, orig: Option<i32>) -> String {
    match (l.translation.year, orig) {
        (Some(a), Some(b)) if a >= b => format!("{}, {} later", a, years(a - b)),
        (Some(a), Some(b)) => format!("{}, {} BEFORE the original", a, years(b - a)),
        (Some(a), None) => a.to_string(),
        (None, _) if l.translation.origin == titles::Origin::Prose => "named in the text".into(),
        (None, _) => "no date".into(),
    }
}

fn year(y: Option<i32>) -> String {
    y.map_or_else(|| "n.d.".into(), |y| y.to_string())
}

fn pct(r: f64) -> String {
    format!("{:.1}%", 100.0 * r)
}

/// One page of the report as text for a person.
pub fn text_page(p: &PageReport) -> String {
    let mut s = String::new();
    let t = &p.titles;
    s.push_str(&format!("== {} ({})\n\n", t.page, p.file));
    // Without a dictionary, titles meet only by names, numbers and
    // look-alikes: an original none of them met may well be translated,
    // and the coverage is what could be shown, not a finding.
    let reduced = !t.data.reduced_evidence.is_empty();
    s.push_str(&format!(
        "Originals ({} listed, {} translated, coverage {}{}):\n",
        t.coverage.originals,
        t.coverage.translated,
        pct(t.coverage.ratio),
        if reduced { " at least: no dictionary for the pair, see the warning below" } else { "" }
    ));
    for o in &t.originals {
        let tr = translations_of(t, o);
        if tr.is_empty() && reduced {
            s.push_str(&format!("  ? {} ({}) — no translation found without a dictionary\n", o.title, year(o.year)));
        } else if tr.is_empty() {
            s.push_str(&format!("  ✗ {} ({}) — not translated\n", o.title, year(o.year)));
        } else {
            s.push_str(&format!("  ✓ {} ({})\n", o.title, year(o.year)));
            for l in tr {
                s.push_str(&format!("      ← {} ({})\n", l.translation.title, gap(l, o.year)));
            }
        }
    }
    s.push_str(&format!("\nTranslated titles ({}):\n", t.links.len()));
    for l in &t.links {
        let target = match (&l.original, &l.nearest) {
            (Some(o), _) => format!("→ {}", o.title),
            (None, Some(_)) => "not linked".to_string(),
            (None, None) => "no original listed".to_string(),
        };
        let flags = if l.flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
        };
        let when = if l.translation.origin == titles::Origin::Prose {
            "in text".to_string()
        } else {
            year(l.translation.year)
        };
        let also = if l.also.is_empty() {
            String::new()
        } else {
            format!("  (also {})", titles::output::also(&l.also, |id| p.lines.get(id).copied()))
        };
        s.push_str(&format!("  {} ({when}) {}{}{also}\n", l.translation.title, target, flags));
    }
    if !p.issues.is_empty() {
        s.push_str("\nCatalogue checks:\n");
        for i in &p.issues {
            let at = i.line.map(|l| format!("line {l}: ")).unwrap_or_default();
            s.push_str(&format!("  {at}{} — {}: {}\n", i.title, i.kind, i.message));
        }
    }
    s.push('\n');
    s
}

/// The end of the text report: the total, then what the run lacked.
pub fn text_summary(r: &Summary) -> String {
    let mut s = String::new();
    if r.pages > 1 {
        s.push_str(&format!(
            "Total: {} of {} originals translated over {} pages ({})\n",
            r.total.translated,
            r.total.originals,
            r.pages,
            pct(r.total.ratio)
        ));
    }
    let legend = titles::Flag::legend(r.flag_kinds.iter().copied());
    if !legend.is_empty() {
        let gap = if r.pages > 1 { "\n" } else { "" };
        s.push_str(&format!("{gap}Flags:\n{legend}"));
    }
    for w in &r.data.reduced_evidence {
        s.push_str(&format!("WARNING: reduced evidence, fewer and weaker links than usual: {w}\n"));
    }
    if !r.not_run.is_empty() {
        s.push_str("Checks not run:\n");
        for w in &r.not_run {
            s.push_str(&format!("  {w}\n"));
        }
    }
    if !r.failed.is_empty() {
        s.push_str(&format!("Pages not reported ({}):\n", r.failed.len()));
        for w in &r.failed {
            s.push_str(&format!("  {w}\n"));
        }
    }
    s
}

/// The report as text for a person.
pub fn render_text(r: &Report) -> String {
    let mut s: String = r.pages.iter().map(text_page).collect();
    s.push_str(&text_summary(&r.summary));
    s
}

/// One page of the JSON report: its title alignment (the `titles`
/// contract) plus its catalogue issues.
pub fn json_page(p: &PageReport) -> serde_json::Value {
    let mut v = titles::to_json(&p.titles);
    if let Some(o) = v.as_object_mut() {
        o.insert("file".into(), serde_json::json!(p.file));
        o.insert("issues".into(), serde_json::json!(p.issues));
    }
    v
}

/// The JSON report's fields after `pages`.
pub fn json_summary(r: &Summary) -> serde_json::Value {
    serde_json::json!({
        "total": r.total,
        "resources": r.notes,
        "data": r.data,
        "checks_not_run": r.not_run,
        "pages_not_reported": r.failed,
        "findings": r.findings,
    })
}

/// Write the JSON report page by page: `{"pages": [...], "total": …}`.
pub struct JsonWriter<'w> {
    out: &'w mut dyn std::io::Write,
    first: bool,
}

impl<'w> JsonWriter<'w> {
    /// Start the document.
    pub fn new(out: &'w mut dyn std::io::Write) -> Result<JsonWriter<'w>> {
        out.write_all(b"{\n  \"pages\": [")?;
        Ok(JsonWriter { out, first: true })
    }

    /// Add a page.
    pub fn page(&mut self, p: &PageReport) -> Result<()> {
        let body = serde_json::to_string_pretty(&json_page(p))?;
        let indented = body.replace('\n', "\n    ");
        let sep = if self.first { "\n    " } else { ",\n    " };
        self.first = false;
        self.out.write_all(sep.as_bytes())?;
        self.out.write_all(indented.as_bytes())?;
        Ok(())
    }

    /// End the document with the summary's fields.
    pub fn finish(self, r: &Summary) -> Result<()> {
        let close = if self.first { "],\n" } else { "\n  ],\n" };
        self.out.write_all(close.as_bytes())?;
        let tail = serde_json::to_string_pretty(&json_summary(r))?;
        // The summary object's fields, inside the outer object.
        let inner = tail.trim_start_matches('{').trim_end_matches('}').trim_matches('\n');
        self.out.write_all(inner.as_bytes())?;
        self.out.write_all(b"\n}\n")?;
        Ok(())
    }
}

/// The report as JSON: each page's title alignment plus its issues, then the totals.
pub fn render_json(r: &Report) -> Result<String> {
    let mut out = Vec::new();
    let mut w = JsonWriter::new(&mut out)?;
    for p in &r.pages {
        w.page(p)?;
    }
    w.finish(&r.summary)?;
    String::from_utf8(out).map_err(|e| crate::Error::invalid(e.to_string()))
}

/// The TSV report's header line. `file` first: two pages about one author
/// (a German and a Spanish one) have the same `page` title, and their rows
/// could not be told apart.
pub const TSV_HEADER: &str = "file\tpage\tid\ttranslation\tyear\toriginal\toriginal_year\tscore\tflags\n";

/// One page's TSV rows: one per translated title.
pub fn tsv_page(p: &PageReport) -> String {
    let mut s = String::new();
    for l in &p.titles.links {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            cell(&p.file),
            cell(&p.titles.page),
            l.translation.id,
            cell(&l.translation.title),
            l.translation.year.map(|y| y.to_string()).unwrap_or_default(),
            cell(l.original.as_ref().map_or("", |o| o.title.as_str())),
            l.original.as_ref().and_then(|o| o.year).map(|y| y.to_string()).unwrap_or_default(),
            l.score.map(|x| format!("{x:.3}")).unwrap_or_default(),
            l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    s
}

/// The TSV report's closing `#` lines: what the run lacked.
pub fn tsv_summary(r: &Summary) -> String {
    let mut s = reduced_comments(&r.data.reduced_evidence);
    for w in &r.not_run {
        s.push_str(&format!("# checks not run: {}\n", crate::text::one_line(w)));
    }
    for w in &r.failed {
        s.push_str(&format!("# page not reported: {}\n", crate::text::one_line(w)));
    }
    s
}

/// The report as TSV: one row per translated title, all pages.
pub fn render_tsv(r: &Report) -> String {
    let mut s = String::from(TSV_HEADER);
    s.extend(r.pages.iter().map(tsv_page));
    s.push_str(&tsv_summary(&r.summary));
    s
}
