//! Reports on title alignments: per-title and per-original views, catalogue
//! checks, coverage; as text, TSV, JSON and a self-contained HTML page.

pub mod grammar;
mod html;

pub use html::{HtmlWriter, PART_PAGES, render_html};

use std::path::Path;

use crate::data::{DataConfig, LexiconCache, Provenance};
use crate::error::Result;
use crate::lexicon::hunspell::Morphology;
use crate::titles::{self, TitleAlignment};

/// Parse a page and align its titles, loading the lexicon for its
/// languages (and the French morphology for French originals); `note`
/// hears what was used.
pub fn titles_for_page(
    page: &Path,
    syntax: Option<crate::read::Syntax>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<TitleAlignment> {
    let parsed = parse_page(page, syntax, note)?;
    TitleAligner::new(cfg).align(page, &parsed.doc, note)
}

/// Parse a page, passing on what the reader noted, under the page's name.
fn parse_page(
    path: &Path,
    syntax: Option<crate::read::Syntax>,
    note: &mut dyn FnMut(&str),
) -> Result<crate::parse::Parsed> {
    let parsed = crate::parse::page_file_as(path, syntax)?;
    for n in &parsed.notes {
        note(&format!("{}: {n}", path.display()));
    }
    Ok(parsed)
}

/// [`titles_for_page`] for many pages, loading each lexicon and the
/// morphology once.
pub fn titles_for_pages(
    pages: &[std::path::PathBuf],
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<Vec<TitleAlignment>> {
    let aligner = TitleAligner::new(cfg);
    pages
        .iter()
        .map(|page| {
            let parsed = parse_page(page, None, note)?;
            aligner.align(page, &parsed.doc, note)
        })
        .collect()
}

/// Aligns the titles of one page after another, loading each lexicon and
/// the French morphology once, when a page first needs them.
struct TitleAligner<'a> {
    cfg: &'a DataConfig,
    lexicons: LexiconCache,
    morph: std::cell::OnceCell<crate::data::LoadedMorphology>,
    /// What each lexicon loaded so far is, in words.
    used: std::cell::RefCell<Vec<String>>,
}

impl<'a> TitleAligner<'a> {
    fn new(cfg: &'a DataConfig) -> Self {
        TitleAligner {
            cfg,
            lexicons: LexiconCache::default(),
            morph: std::cell::OnceCell::new(),
            used: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The French morphology, looked up the first time it is asked for.
    fn french(&self, note: &mut dyn FnMut(&str)) -> Result<&crate::data::LoadedMorphology> {
        if self.morph.get().is_none() {
            let fr = crate::Lang::new("fr").ok_or_else(|| crate::Error::invalid("'fr' is not a language code"))?;
            let loaded = self.cfg.morphology(&fr)?;
            note(&loaded.note);
            self.used.borrow_mut().push(loaded.note.clone());
            let _ = self.morph.set(loaded);
        }
        self.morph.get().ok_or_else(|| crate::Error::invalid("morphology not loaded"))
    }

    fn align(&self, page: &Path, doc: &crate::model::Document, note: &mut dyn FnMut(&str)) -> Result<TitleAlignment> {
        let (translations, originals, tl, ol) = titles::collect(doc);
        check_lists(page, translations.len(), originals.len(), note)?;
        let lex = self.lexicons.get_loaded(self.cfg, &tl, &ol, |l| {
            note(&l.route);
            self.used.borrow_mut().push(format!("{tl} → {ol}; {}", l.note));
        })?;
        let mut data = lex.provenance();
        // titles::align uses the morphology for French originals only: read
        // it only when a page has them.
        let morph: Option<&Morphology> = if ol.primary() == "fr" {
            let m = self.french(note)?;
            match (&m.morphology, &m.used) {
                (Some(morph), Some(u)) => {
                    data.used.push(u.clone());
                    Some(morph)
                }
                _ => {
                    data.reduced_evidence.push(m.note.clone());
                    None
                }
            }
        } else {
            None
        };
        let res = titles::Resources { lex: lex.lexicon.as_ref(), morph };
        Ok(titles::align(doc, &res, &lex.note, data))
    }
}

/// A page needs a list of texts or a bibliography to say anything about titles.
fn check_lists(page: &Path, translations: usize, originals: usize, note: &mut dyn FnMut(&str)) -> Result<()> {
    match (translations, originals) {
        (0, 0) => Err(crate::Error::new(crate::ErrorKind::Structure(
            "no translated titles and no originals: the page has no list of texts (\"Teksten\") and no bibliography (\"Bibliografie\")".into(),
        ))
        .in_file(page)),
        (_, 0) => {
            note(&format!("{}: no originals listed (no \"Bibliografie\"): every title is reported without an original", page.display()));
            Ok(())
        }
        (0, _) => {
            note(&format!("{}: no translated titles (no \"Teksten\" and none named in the text): every original is untranslated", page.display()));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The JSON contract of `transalign titles --format json`.
pub fn titles_json(a: &TitleAlignment) -> Result<String> {
    let mut s = serde_json::to_string_pretty(&titles::to_json(a)).map_err(|e| crate::Error::invalid(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// `# warning:` lines heading a TSV, one per piece of missing evidence.
fn reduced_comments(reduced: &[String]) -> String {
    reduced.iter().map(|w| format!("# warning: reduced evidence: {}\n", crate::formats::one_line(w))).collect()
}

fn cell(s: &str) -> String {
    crate::formats::one_line(s)
}

/// TSV: one row per translated title.
pub fn titles_tsv(a: &TitleAlignment) -> String {
    let (t, o) = (a.translation_lang.code(), a.original_lang.code());
    let mut s = reduced_comments(&a.data.reduced_evidence);
    s.push_str(&format!("{t}\t{t}_year\t{o}\t{o}_year\tscore\tflags\tevidence\n"));
    let opt = |x: Option<i32>| x.map(|y| y.to_string()).unwrap_or_default();
    for l in &a.links {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            cell(&l.translation.title),
            opt(l.translation.year),
            cell(l.original.as_ref().map_or("", |x| x.title.as_str())),
            opt(l.original.as_ref().and_then(|x| x.year)),
            l.score.map(|x| format!("{x:.3}")).unwrap_or_default(),
            cell(&l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            cell(&l.evidence.join("; ")),
        ));
    }
    s
}

/// Plain text for a person.
pub fn titles_text(a: &TitleAlignment) -> String {
    let mut s = format!("{} — {} translated titles, {} originals\n\n", a.page, a.links.len(), a.originals.len());
    for w in &a.data.reduced_evidence {
        s.push_str(&format!("WARNING: reduced evidence, fewer and weaker links than usual: {w}\n\n"));
    }
    for l in &a.links {
        let year = |y: Option<i32>| y.map(|y| format!(" ({y})")).unwrap_or_default();
        match &l.original {
            Some(o) => s.push_str(&format!(
                "{}{}\n  → {}{}   score {:.2}\n",
                l.translation.title,
                year(l.translation.year),
                o.title,
                year(o.year),
                l.score.unwrap_or(0.0)
            )),
            None => s.push_str(&format!("{}{}\n  → (no original)\n", l.translation.title, year(l.translation.year))),
        }
        for e in &l.evidence {
            s.push_str(&format!("    · {e}\n"));
        }
        if !l.flags.is_empty() {
            s.push_str(&format!(
                "    flags: {}\n",
                l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some(n) = &l.nearest {
            s.push_str(&format!("    nearest: {} (score {:.2}): not linked: {}\n", n.title, n.score, n.reason));
            for e in &n.evidence {
                s.push_str(&format!("      · {e}\n"));
            }
        }
    }
    s.push_str("\nNot translated:\n");
    for u in &a.untranslated {
        s.push_str(&format!("  {}{}\n", u.title, u.year.map(|y| format!(" ({y})")).unwrap_or_default()));
    }
    s.push_str(&format!(
        "\nCoverage: {} of {} originals translated ({:.1}%)\n",
        a.coverage.translated,
        a.coverage.originals,
        100.0 * a.coverage.ratio
    ));
    s
}

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
pub fn page_files(args: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut v = crate::read::page_files_in(a)?;
            out.append(&mut v);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// Build the report page by page, handing each to `each` as soon as it is
/// made, so memory holds one page at a time, however many there are.
/// `note` hears which resources were used.
pub fn stream(
    paths: &[std::path::PathBuf],
    syntax: Option<crate::read::Syntax>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
    each: &mut dyn FnMut(PageReport) -> Result<()>,
) -> Result<Summary> {
    let aligner = TitleAligner::new(cfg);
    let mut sum = Summary::default();
    for path in paths {
        let parsed = parse_page(path, syntax, note)?;
        let doc = &parsed.doc;
        let t = aligner.align(path, doc, note)?;
        sum.data.merge(&t.data);
        let has_french = doc.bibls().iter().any(|b| b.lang.as_ref().map(crate::Lang::primary) == Some("fr"));
        let morph = if has_french { aligner.french(note)?.morphology.as_ref() } else { None };
        if has_french && morph.is_none() {
            let why = format!("French agreement checks (gender, number) did not run: {}", aligner.french(note)?.note);
            if !sum.not_run.contains(&why) {
                sum.not_run.push(why);
            }
        }
        let issues = catalogue_issues(doc, &parsed.positions, &t, morph);
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let ids = t.links.iter().map(|l| &l.translation.id).chain(t.originals.iter().map(|o| &o.id));
        let lines = ids
            .filter_map(|id| {
                // A prose title's id is under its sentence's ("d1.p2.s3.t1").
                let owner = id.split(".t").next().unwrap_or(id);
                let pos = parsed.positions.get(id.as_str()).or_else(|| parsed.positions.get(owner))?;
                Some((id.clone(), pos.line))
            })
            .collect();
        let page = PageReport { path: path.clone(), file, titles: t, issues, lines };
        sum.pages += 1;
        sum.total.originals += page.titles.coverage.originals;
        sum.total.translated += page.titles.coverage.translated;
        let f = page_findings(&page);
        sum.findings.mismatches += f.mismatches;
        sum.findings.untranslated += f.untranslated;
        each(page)?;
    }
    sum.total.ratio =
        if sum.total.originals == 0 { 0.0 } else { sum.total.translated as f64 / sum.total.originals as f64 };
    sum.notes = aligner.used.take();
    Ok(sum)
}

/// Build the whole report in memory.
pub fn build(
    paths: &[std::path::PathBuf],
    syntax: Option<crate::read::Syntax>,
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
    if let Some(m) = morph {
        for b in doc.bibls() {
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
    // The same original listed twice.
    let mut seen: std::collections::HashMap<String, &titles::Title> = Default::default();
    for o in &t.originals {
        let key = crate::lexicon::fold(&o.title)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match seen.get(&key) {
            Some(first) => out.push(Issue {
                id: o.id.clone(),
                title: o.title.clone(),
                kind: "duplicate".into(),
                message: format!("listed twice: also at {}", first.id),
                line: line(&o.id),
            }),
            None => {
                seen.insert(key, o);
            }
        }
    }
    for l in &t.links {
        for f in &l.flags {
            if let titles::Flag::DuplicateOf(first) = f {
                out.push(Issue {
                    id: l.translation.id.clone(),
                    title: l.translation.title.clone(),
                    kind: "duplicate".into(),
                    message: format!("listed twice: same as '{first}'"),
                    line: line(&l.translation.id),
                });
            }
        }
    }
    out
}

/// What a report found, counted for `--fail-on`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Findings {
    /// Titles without original, year conflicts, variants and duplicates,
    /// catalogue problems.
    pub mismatches: usize,
    /// Originals without a translation.
    pub untranslated: usize,
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
                            | titles::Flag::YearConflict(..)
                            | titles::Flag::VariantOf(_)
                            | titles::Flag::DuplicateOf(_)
                    )
                })
            })
            .count();
    Findings { mismatches, untranslated: p.titles.untranslated.len() }
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
    s.push_str(&format!(
        "Originals ({} listed, {} translated, coverage {}):\n",
        t.coverage.originals,
        t.coverage.translated,
        pct(t.coverage.ratio)
    ));
    for o in &t.originals {
        let tr = translations_of(t, o);
        if tr.is_empty() {
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
        let target = l.original.as_ref().map_or("no original listed".to_string(), |o| format!("→ {}", o.title));
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
        s.push_str(&format!("  {} ({when}) {}{}\n", l.translation.title, target, flags));
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
    for w in &r.data.reduced_evidence {
        s.push_str(&format!("WARNING: reduced evidence, fewer and weaker links than usual: {w}\n"));
    }
    if !r.not_run.is_empty() {
        s.push_str("Checks not run:\n");
        for w in &r.not_run {
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
        let body = serde_json::to_string_pretty(&json_page(p)).map_err(|e| crate::Error::invalid(e.to_string()))?;
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
        let tail = serde_json::to_string_pretty(&json_summary(r)).map_err(|e| crate::Error::invalid(e.to_string()))?;
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

/// The TSV report's header line.
pub const TSV_HEADER: &str = "page\tid\ttranslation\tyear\toriginal\toriginal_year\tscore\tflags\n";

/// One page's TSV rows: one per translated title.
pub fn tsv_page(p: &PageReport) -> String {
    let mut s = String::new();
    for l in &p.titles.links {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
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
        s.push_str(&format!("# checks not run: {}\n", crate::formats::one_line(w)));
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
