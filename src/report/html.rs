//! The report as one self-contained HTML page to navigate: contents with a
//! link to each page's section, per-page counts (conflicts first), a legend
//! of the flags (each styled apart), sortable and filterable tables, source
//! lines linked and TEI ids shown; readable at phone width (tables become
//! cards). Inline styles and a small script; no network.

use std::fmt::Write as _;
use std::path::Path;

use super::{PageReport, Report, Summary, gap, pct, translations_of, year};
use crate::titles::{self, Flag};

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Text and attribute values: the shared HTML escaping (`& < > " '`).
fn esc(s: &str) -> String {
    crate::xml::html_text(s)
}

/// A link to a file, relative to the report: a percent-encoded `./…` URL,
/// never a raw path (a file named `javascript:…` stays a file).
fn file_href(target: &str) -> String {
    crate::xml::html_attr(&crate::xml::file_url(target))
}

fn bar(ratio: f64) -> String {
    format!(
        "<div class=\"bar\" role=\"img\" aria-label=\"{p} translated\"><div style=\"width:{w:.1}%\"></div><span>{p}</span></div>",
        p = pct(ratio),
        w = 100.0 * ratio
    )
}

/// A flag as a pill naming its kind (the legend's key, its class), its
/// details after it in plain text, so that a long original's title wraps
/// like any text instead of widening the page.
fn flag_html(f: &Flag) -> String {
    let kind = f.kind();
    let full = f.to_string();
    let detail = full.strip_prefix(kind).unwrap_or("");
    let meaning = Flag::LEGEND.iter().find(|(k, _)| *k == kind).map_or("", |(_, m)| m);
    let detail =
        if detail.is_empty() { String::new() } else { format!("<span class=\"flag-detail\">{}</span>", esc(detail)) };
    format!("<span class=\"flag {kind}\" title=\"{}\">{kind}</span>{detail} ", esc(meaning))
}

/// A page's anchor: its file name, made an id.
fn anchor(p: &PageReport) -> String {
    let stem = p.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id: String = stem.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("page-{id}")
}

/// Counts shown at the top of a page's section.
struct Stats {
    conflicts: usize,
    no_original: usize,
    variants: usize,
    low: usize,
}

fn stats(p: &PageReport) -> Stats {
    let count = |pred: &dyn Fn(&Flag) -> bool| p.titles.links.iter().filter(|l| l.flags.iter().any(pred)).count();
    Stats {
        conflicts: count(&|f| matches!(f, Flag::YearConflict(..))),
        no_original: count(&|f| matches!(f, Flag::NoOriginalListed | Flag::NotLinked(..))),
        variants: count(&|f| matches!(f, Flag::VariantOf(_))),
        low: count(&|f| matches!(f, Flag::LowConfidence)),
    }
}

/// The link to a line of the page's source: to that line in the page's
/// source excerpt ([`source_view`]), which the report carries, since a
/// browser cannot open a text file at a line.
fn line_link(p: &PageReport, line: Option<usize>) -> String {
    let Some(n) = line else { return String::new() };
    format!("<a class=\"line\" href=\"#{}-L{n}\">line {n}</a>", anchor(p))
}

/// Lines of context shown around each line the report refers to.
const CONTEXT: usize = 2;

/// The lines of the page's source the report refers to, with a little
/// context, numbered and each with its own id: what the line links open.
/// Read again through the door (EPUB and DOCX as the HTML their lines
/// count in); `None` when the source cannot be read again (standard input).
fn source_view(p: &PageReport) -> Option<String> {
    let input = crate::load::Input::open(&p.path, None).ok()?;
    let lines: Vec<&str> = input.text.lines().collect();
    let mut wanted: Vec<usize> = p.lines.values().copied().chain(p.issues.iter().filter_map(|i| i.line)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return None;
    }
    let mut shown = std::collections::BTreeSet::new();
    for &n in &wanted {
        for k in n.saturating_sub(CONTEXT).max(1)..=(n + CONTEXT).min(lines.len()) {
            shown.insert(k);
        }
    }
    let id = anchor(p);
    let mut h = format!(
        "<details class=\"source\" id=\"{id}-source\"><summary>Source lines of {} ({} referred to, of {})</summary><pre>",
        esc(&p.file),
        wanted.len(),
        lines.len()
    );
    let mut last = 0;
    for k in shown {
        if last != 0 && k != last + 1 {
            h.push_str("<span class=\"gap\">…</span>\n");
        }
        let text = lines.get(k - 1).copied().unwrap_or("");
        let class = if wanted.binary_search(&k).is_ok() { " class=\"ref\"" } else { "" };
        let _ = writeln!(h, "<span id=\"{id}-L{k}\"{class}><span class=\"ln\">{k:>5}</span> {}</span>", esc(text));
        last = k;
    }
    h.push_str("</pre></details>\n");
    Some(h)
}

/// "1 year conflict", "2 year conflicts".
fn count(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

fn teiid(id: &str) -> String {
    format!("<code class=\"teiid\">{}</code>", esc(id))
}

fn filter_box(table: &str, what: &str) -> String {
    format!(
        "<input class=\"filter\" type=\"search\" data-table=\"{table}\" placeholder=\"filter {what}…\" aria-label=\"filter {what}\">"
    )
}

/// Pages per file of a paginated report: a report over more pages is an
/// index (contents and totals) and parts of this many pages each.
pub const PART_PAGES: usize = 200;

/// A contents entry.
struct TocEntry {
    anchor: String,
    title: String,
    translated: usize,
    originals: usize,
    ratio: f64,
    conflicts: usize,
    part: usize,
}

fn head(h: &mut String, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src {}\">\n\
<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        crate::xml::script_hash(&format!("\n{JS}")),
        esc(title)
    );
}

fn legend(h: &mut String) {
    h.push_str("<section class=\"legend\" aria-label=\"Flags\"><strong>Flags:</strong><dl>");
    for (class, what) in Flag::LEGEND {
        let _ = write!(h, "<dt><span class=\"flag {class}\">{class}</span></dt><dd>{}</dd>", esc(what));
    }
    h.push_str("<dt><span class=\"flag check\">catalogue</span></dt><dd>a problem in an entry itself (agreement, spelling, duplicate)</dd></dl>");
    h.push_str("<p>A <span class=\"flag not-linked\">not-linked</span> flag names the rules that refused the link: ");
    let rules: Vec<String> = Flag::RULES.iter().map(|(r, what)| format!("<b>{r}</b>: {}", esc(what))).collect();
    h.push_str(&rules.join("; "));
    h.push_str(".</p>");
    // One filter over every page's titles.
    h.push_str("<label>Show only titles flagged <select id=\"flag-filter\" aria-label=\"show only titles with this flag\"><option value=\"\">(any or none)</option>");
    for (class, _) in Flag::LEGEND {
        let _ = write!(h, "<option value=\"{class}\">{class}</option>");
    }
    h.push_str("</select></label> <span id=\"flag-count\" class=\"muted\"></span></section>\n");
}

fn foot(h: &mut String, notes: &[String]) {
    let _ = write!(
        h,
        "<p class=\"muted\">Made by transalign {}. {}</p>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        notes.iter().map(|n| esc(n)).collect::<Vec<_>>().join(" · ")
    );
}

/// Writes the HTML report page by page. Up to [`PART_PAGES`] pages it is
/// one file; beyond, the sections go to part files beside the report
/// (`NAME-part-001.html`, …, written as they fill) and the report itself
/// becomes the index, so memory holds one part at a time.
pub struct HtmlWriter {
    out_path: Option<std::path::PathBuf>,
    out_dir: Option<std::path::PathBuf>,
    sections: String,
    in_part: usize,
    toc: Vec<TocEntry>,
    parts: Vec<std::path::PathBuf>,
}

impl HtmlWriter {
    /// A writer for a report that will be at `out_path` (`None`: standard
    /// output, which cannot take parts: a longer report is refused).
    pub fn new(out_path: Option<&Path>) -> HtmlWriter {
        HtmlWriter {
            out_path: out_path.map(Path::to_path_buf),
            out_dir: out_path.and_then(Path::parent).map(Path::to_path_buf),
            sections: String::new(),
            in_part: 0,
            toc: Vec::new(),
            parts: Vec::new(),
        }
    }

    fn part_path(&self, k: usize) -> crate::Result<std::path::PathBuf> {
        let out = self.out_path.as_ref().ok_or_else(|| {
            crate::Error::invalid(format!(
                "an HTML report over more than {PART_PAGES} pages is an index and parts: give -o FILE"
            ))
        })?;
        let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
        Ok(out.with_file_name(format!("{stem}-part-{k:03}.html")))
    }

    fn index_name(&self) -> String {
        self.out_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "report.html".into(), |n| n.to_string_lossy().into_owned())
    }

    /// Write the sections gathered so far as the next part file.
    fn flush_part(&mut self) -> crate::Result<()> {
        let k = self.parts.len() + 1;
        let path = self.part_path(k)?;
        let mut h = String::with_capacity(self.sections.len() + 16 * 1024);
        head(&mut h, &format!("transalign report, part {k}"));
        let _ = writeln!(
            h,
            "<header><h1>Translation coverage report, part {k}</h1><p><a href=\"{}\">← contents and totals</a></p></header>",
            file_href(&self.index_name())
        );
        legend(&mut h);
        h.push_str(&self.sections);
        foot(&mut h, &[]);
        crate::io::write_atomic(&path, |w| Ok(w.write_all(h.as_bytes())?))?;
        self.parts.push(path);
        self.sections.clear();
        self.in_part = 0;
        Ok(())
    }

    /// Remove the part files an earlier, longer report at the same path
    /// left beyond this one's: a report over fewer pages left them in
    /// place, unlinked, with pages that are no longer reported.
    fn remove_stale_parts(&self) -> crate::Result<()> {
        if self.out_path.is_none() {
            return Ok(());
        }
        for k in self.parts.len() + 1.. {
            let stale = self.part_path(k)?;
            if !stale.is_file() {
                break;
            }
            std::fs::remove_file(&stale).map_err(|e| crate::Error::from(e).in_file(&stale))?;
        }
        Ok(())
    }

    /// Add a page.
    pub fn page(&mut self, p: &PageReport) -> crate::Result<()> {
        if self.in_part == PART_PAGES {
            self.flush_part()?;
        }
        self.add(p);
        Ok(())
    }

    /// Add a page to the current part and to the contents.
    fn add(&mut self, p: &PageReport) {
        self.toc.push(TocEntry {
            anchor: anchor(p),
            title: p.titles.page.clone(),
            translated: p.titles.coverage.translated,
            originals: p.titles.coverage.originals,
            ratio: p.titles.coverage.ratio,
            conflicts: stats(p).conflicts,
            part: self.parts.len() + 1,
        });
        page(&mut self.sections, p, self.out_dir.as_deref());
        self.in_part += 1;
    }

    /// The parts written (empty for a one-file report).
    pub fn parts(&self) -> &[std::path::PathBuf] {
        &self.parts
    }

    /// Finish: the whole report, or the index of a paginated one, and the
    /// part files written (empty for a one-file report).
    pub fn finish(mut self, r: &Summary) -> crate::Result<(String, Vec<std::path::PathBuf>)> {
        let paginated = !self.parts.is_empty();
        if paginated && !self.sections.is_empty() {
            self.flush_part()?;
        }
        self.remove_stale_parts()?;
        let mut h = String::with_capacity(self.sections.len() + 64 * 1024);
        head(&mut h, "transalign report");
        h.push_str("<header>\n<h1>Translation coverage report</h1>\n");
        let _ = writeln!(
            h,
            "<p>{}: <strong>{} of {} originals translated</strong></p>\n{}",
            count(r.pages, "page"),
            r.total.translated,
            r.total.originals,
            bar(r.total.ratio)
        );
        for w in &r.data.reduced_evidence {
            let _ = writeln!(
                h,
                "<p class=\"warning\" role=\"alert\"><strong>Reduced evidence:</strong> {}. Fewer and weaker links than usual; coverage is understated.</p>",
                esc(w)
            );
        }
        if !r.not_run.is_empty() {
            h.push_str("<section class=\"warning\"><h2>Checks not run</h2><ul>\n");
            for w in &r.not_run {
                let _ = writeln!(h, "<li>{}</li>", esc(w));
            }
            h.push_str("</ul></section>\n");
        }
        if !r.failed.is_empty() {
            let _ = writeln!(
                h,
                "<section class=\"warning\" role=\"alert\"><h2>Pages not reported ({})</h2><ul>",
                r.failed.len()
            );
            for w in &r.failed {
                let _ = writeln!(h, "<li>{}</li>", esc(w));
            }
            h.push_str("</ul></section>\n");
        }
        h.push_str("</header>\n<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong>");
        if paginated {
            let _ = write!(h, " ({} pages in {} parts of {PART_PAGES})", self.toc.len(), self.parts.len());
            h.push_str(&format!("\n{}\n", filter_box("contents", "pages")));
            h.push_str("<table id=\"contents\" class=\"sortable contents\"><thead><tr><th>Page</th><th>Translated</th><th>Originals</th><th>Coverage</th><th>Year conflicts</th></tr></thead><tbody>\n");
        } else {
            h.push_str("<ol>\n");
        }
        for e in &self.toc {
            let href = if paginated {
                let name =
                    self.parts[e.part - 1].file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                format!("{}#{}", crate::xml::file_url(&name), e.anchor)
            } else {
                format!("#{}", e.anchor)
            };
            if paginated {
                let _ = writeln!(
                    h,
                    "<tr><td data-label=\"Page\"><a href=\"{}\">{}</a></td><td data-label=\"Translated\">{}</td><td data-label=\"Originals\">{}</td><td data-label=\"Coverage\" data-sort=\"{:.4}\">{}</td><td data-label=\"Year conflicts\">{}</td></tr>",
                    esc(&href),
                    esc(&e.title),
                    e.translated,
                    e.originals,
                    e.ratio,
                    pct(e.ratio),
                    e.conflicts
                );
            } else {
                let _ = writeln!(
                    h,
                    "<li><a href=\"{}\">{}</a> — {} of {} ({}){}</li>",
                    esc(&href),
                    esc(&e.title),
                    e.translated,
                    e.originals,
                    pct(e.ratio),
                    if e.conflicts > 0 {
                        format!(", <span class=\"warn\">{}</span>", count(e.conflicts, "year conflict"))
                    } else {
                        String::new()
                    }
                );
            }
        }
        h.push_str(if paginated { "</tbody></table></nav>\n" } else { "</ol></nav>\n" });
        legend(&mut h);
        h.push_str(&self.sections);
        foot(&mut h, &r.notes);
        Ok((h, self.parts))
    }
}

/// The report as HTML, in one file; `out_dir` is where the file will be,
/// so that links to the pages' sources are relative to it.
pub fn render_html(r: &Report, out_dir: Option<&Path>) -> String {
    let mut w = HtmlWriter::new(None);
    w.out_dir = out_dir.map(Path::to_path_buf);
    for p in &r.pages {
        // Unpaginated: a writer without a file holds every page.
        w.add(p);
    }
    // Without parts, finishing writes no file and cannot fail.
    w.finish(&r.summary).map(|(h, _)| h).unwrap_or_default()
}

fn page(h: &mut String, p: &PageReport, out_dir: Option<&Path>) {
    let t = &p.titles;
    let id = anchor(p);
    let s = stats(p);
    let line = |id: &str| p.lines.get(id).copied();
    let source = source_view(p);
    let line_link = |p: &PageReport, n: Option<usize>| {
        if source.is_some() { line_link(p, n) } else { n.map(|n| format!("line {n}")).unwrap_or_default() }
    };
    let src_link = match out_dir {
        Some(d) => crate::io::relative_to(&p.path, d),
        None => p.path.display().to_string(),
    };
    let _ = writeln!(
        h,
        "<section id=\"{id}\">\n<h2>{}</h2>\n<p class=\"muted\"><a href=\"{}\">{}</a></p>",
        esc(&t.page),
        file_href(&src_link),
        esc(&p.file)
    );
    let _ = writeln!(
        h,
        "<div class=\"page-stats\"><span>{} of {} originals translated</span><span class=\"conflicts{}\">{}</span><span>{} without original</span><span>{}</span><span>{}</span><span>{}</span></div>\n{}",
        t.coverage.translated,
        t.coverage.originals,
        if s.conflicts > 0 { " some" } else { "" },
        count(s.conflicts, "year conflict"),
        count(s.no_original, "title"),
        if s.variants == 1 {
            "1 variant or duplicate".to_string()
        } else {
            format!("{} variants or duplicates", s.variants)
        },
        count(s.low, "low-confidence link"),
        count(p.issues.len(), "catalogue problem"),
        bar(t.coverage.ratio)
    );
    // Originals.
    let table = format!("{id}-originals");
    let _ = writeln!(
        h,
        "<h3>Originals</h3>\n{}\n<table id=\"{table}\" class=\"sortable originals\"><thead><tr><th>Original</th><th>Year</th><th>Translated as</th><th>Source</th></tr></thead><tbody>",
        filter_box(&table, "originals")
    );
    for o in &t.originals {
        let tr = translations_of(t, o);
        let cell = if tr.is_empty() && !t.data.reduced_evidence.is_empty() {
            // Without a dictionary an untranslated-looking original may
            // be translated: not a finding (see the text report).
            "<span class=\"warn\">no translation found without a dictionary</span>".to_string()
        } else if tr.is_empty() {
            "<span class=\"no\">not translated</span>".to_string()
        } else {
            tr.iter()
                .map(|l| {
                    let before = l.flags.iter().any(|f| matches!(f, Flag::YearConflict(..)));
                    let mark = if before {
                        "<span class=\"warn\" title=\"dated before the original\">⚠</span>"
                    } else {
                        "<span class=\"ok\">✓</span>"
                    };
                    format!("{mark} {} ({})", esc(&l.translation.title), esc(&gap(l, o.year)))
                })
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let class = if tr.is_empty() { " class=\"none\"" } else { "" };
        let _ = writeln!(
            h,
            "<tr{class}><td data-label=\"Original\"><i>{}</i></td><td data-label=\"Year\" class=\"year\" data-sort=\"{}\">{}</td><td data-label=\"Translated as\" data-sort=\"{}\">{cell}</td><td data-label=\"Source\">{} {}</td></tr>",
            esc(&o.title),
            o.year.map(|y| y.to_string()).unwrap_or_default(),
            year(o.year),
            tr.len(),
            line_link(p, line(&o.id)),
            teiid(&o.id)
        );
    }
    h.push_str("</tbody></table>\n");
    // Translated titles.
    let table = format!("{id}-titles");
    let _ = writeln!(
        h,
        "<h3>Translated titles</h3>\n{}\n<table id=\"{table}\" class=\"sortable titles\"><thead><tr><th>Title</th><th>Year</th><th>Original</th><th>Score</th><th>Flags and evidence</th><th>Source</th></tr></thead><tbody>",
        filter_box(&table, "titles")
    );
    for l in &t.links {
        let flags: String = l.flags.iter().map(flag_html).collect();
        let also = if l.also.is_empty() {
            String::new()
        } else {
            format!(
                "<div class=\"also\">also {}</div>",
                esc(&titles::output::also(&l.also, |id| p.lines.get(id).copied()))
            )
        };
        let ev = if l.evidence.is_empty() {
            String::new()
        } else {
            format!(
                "<ul class=\"ev\">{}</ul>",
                l.evidence.iter().map(|e| format!("<li>{}</li>", esc(e))).collect::<String>()
            )
        };
        let orig =
            l.original.as_ref().map_or("—".to_string(), |o| format!("<i>{}</i> ({})", esc(&o.title), year(o.year)));
        let class = if l.original.is_none() { " class=\"none\"" } else { "" };
        let (when, sort) = if l.translation.origin == titles::Origin::Prose {
            ("in text".to_string(), String::new())
        } else {
            (year(l.translation.year), l.translation.year.map(|y| y.to_string()).unwrap_or_default())
        };
        let _ = writeln!(
            h,
            "<tr{class}><td data-label=\"Title\">{}{also}</td><td data-label=\"Year\" class=\"year\" data-sort=\"{sort}\">{when}</td><td data-label=\"Original\">{orig}</td><td data-label=\"Score\" data-sort=\"{}\">{}</td><td data-label=\"Flags\">{flags}{ev}</td><td data-label=\"Source\">{} {}</td></tr>",
            esc(&l.translation.title),
            l.score.map(|s| format!("{s:.3}")).unwrap_or_default(),
            l.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            line_link(p, line(&l.translation.id)),
            teiid(&l.translation.id)
        );
    }
    h.push_str("</tbody></table>\n");
    if !p.issues.is_empty() {
        let table = format!("{id}-checks");
        let _ = writeln!(
            h,
            "<h3>Catalogue checks</h3>\n<table id=\"{table}\" class=\"sortable checks\"><thead><tr><th>Entry</th><th>Check</th><th>Finding</th><th>Source</th></tr></thead><tbody>"
        );
        for i in &p.issues {
            let _ = writeln!(
                h,
                "<tr><td data-label=\"Entry\"><i>{}</i></td><td data-label=\"Check\"><span class=\"flag check\">{}</span></td><td data-label=\"Finding\">{}</td><td data-label=\"Source\">{} {}</td></tr>",
                esc(&i.title),
                esc(&i.kind),
                esc(&i.message),
                line_link(p, i.line),
                teiid(&i.id)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if let Some(s) = source {
        h.push_str(&s);
    }
    h.push_str("</section>\n");
}
