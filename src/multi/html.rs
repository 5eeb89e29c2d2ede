//! The multi-alignment as one self-contained HTML page: every version side
//! by side, a row per multi-alignment row, each version's cell with its
//! sentences, the kind of its links and its weakest confidence, gaps where
//! a version dropped the pivot's text; the row's flags. Above it, each
//! version's coverage of the pivot (present, kept, merged, split,
//! regrouped, dropped, inserted) and the translation-to-translation
//! checks; filters show only the rows some version dropped, the rows the
//! versions merged or split differently, those where translations
//! disagree, and so on; below, each version's dropped sentences, listed.
//! Warnings (a language guessed, reduced evidence) are boxes at the top,
//! as in the review page.
//!
//! No network, no libraries: the styles and the script are inside, and the
//! Content-Security-Policy allows exactly those two by their SHA-256
//! hashes. Every value from the texts is escaped.

use std::io::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::coverage;
use super::{FlagKind, LinkKind, MultiAlignment};
use crate::error::Result;

const CSS: &str = include_str!("multi.css");
const JS: &str = include_str!("multi.js");

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    crate::xml::escape_text(s, &mut o);
    o
}

fn attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    crate::xml::escape_attr(s, &mut o);
    o
}

/// The CSP source of an inline element's content: `'sha256-…'`.
pub(crate) fn csp_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Write the page.
pub fn write(m: &MultiAlignment, out: &mut dyn Write) -> Result<()> {
    let names: Vec<String> = m.versions.iter().map(|v| format!("{} ({})", v.file, v.lang)).collect();
    let title = format!("Multi-alignment: {}", names.join(", "));
    let counts = m.flag_counts();
    let mut h = String::with_capacity(1 << 16);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; img-src data:\">\n",
        csp_hash(CSS),
        csp_hash(JS)
    ));
    h.push_str(&format!("<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n", esc(&title)));
    h.push_str(&format!("<header>\n<h1>{}</h1>\n", esc(&title)));
    h.push_str(&format!(
        "<p class=\"note\">Pivot: {} ({}), {} segments; {} rows. A row is the smallest span of pivot sentences that no version's link crosses.</p>\n",
        esc(&m.pivot().file),
        esc(m.pivot().lang.code()),
        m.pivot().segments.len(),
        m.rows.len()
    ));
    // A warning box each, as the review page has them.
    for w in m.warnings() {
        h.push_str(&format!("<p class=\"warning\"><strong>Warning:</strong> {}</p>\n", esc(&w)));
    }
    h.push_str("</header>\n");

    // Coverage per version.
    h.push_str("<section id=\"coverage\">\n<h2>Coverage of the pivot by each version</h2>\n<table class=\"coverage\">\n<thead><tr><th>version</th><th>present</th>");
    for k in LinkKind::ALL {
        h.push_str(&format!("<th>{}</th>", k.as_str()));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let covs: Vec<coverage::Coverage> = (1..m.versions.len()).map(|v| coverage::of(m, v)).collect();
    for c in &covs {
        let v = &m.versions[c.version];
        h.push_str(&format!(
            "<tr data-version=\"{}\"><td>{} <span class=\"id\">{}</span></td><td class=\"present\"><meter min=\"0\" max=\"1\" value=\"{:.3}\"></meter> {}</td>",
            attr(&v.name),
            esc(&v.file),
            esc(v.lang.code()),
            c.present_share(),
            pct(c.present_share())
        ));
        for k in LinkKind::ALL {
            let n = c.count(k);
            let share = if k == LinkKind::Inserted { String::new() } else { format!(" ({})", pct(c.share(k))) };
            h.push_str(&format!("<td class=\"{}\">{n}{share}</td>", k.as_str()));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    h.push_str("<p class=\"note\">Counts are pivot sentences, by the kind of link they are in (kept 1-1; merged: more pivot than version sentences; split: fewer; regrouped: as many, two or more); inserted counts the version's own sentences without pivot counterpart.</p>\n");
    if m.checks.is_empty() {
        h.push_str("<p class=\"note\">Translation-to-translation checks: none (no two translations share a language or a dictionary).</p>\n");
    } else {
        h.push_str("<ul class=\"checks\">\n");
        for c in &m.checks {
            let flagged = m
                .rows
                .iter()
                .filter(|r| r.flags.iter().any(|f| f.kind == FlagKind::Disagree && f.versions == [c.a, c.b]))
                .count();
            h.push_str(&format!(
                "<li>Check {} ↔ {} ({}): {flagged} rows disagree{}</li>\n",
                esc(&m.versions[c.a].name),
                esc(&m.versions[c.b].name),
                esc(&c.why),
                if c.repaired > 0 { format!(", {} blocks repaired", c.repaired) } else { String::new() }
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");

    // Filters.
    h.push_str("<section id=\"filters\">\n<fieldset><legend>Show</legend>\n");
    h.push_str(&format!(
        "<label><input type=\"radio\" name=\"filter\" value=\"all\" checked> all rows ({})</label>\n",
        m.rows.len()
    ));
    for (k, label) in [
        (FlagKind::Dropped, "rows some version dropped"),
        (FlagKind::Regrouped, "rows versions merged or split differently"),
        (FlagKind::Disagree, "rows where translations disagree"),
        (FlagKind::Inserted, "rows with insertions"),
        (FlagKind::LowConfidence, "low-confidence rows"),
    ] {
        h.push_str(&format!(
            "<label title=\"{}\"><input type=\"radio\" name=\"filter\" value=\"{}\"> {label} ({})</label>\n",
            attr(k.meaning()),
            k.as_str(),
            counts.get(&k).copied().unwrap_or(0)
        ));
    }
    h.push_str("<span id=\"shown\" aria-live=\"polite\"></span>\n</fieldset>\n</section>\n");

    // Rows.
    h.push_str("<main>\n<table id=\"rows\">\n<thead><tr><th class=\"n\">row</th>");
    for (i, v) in m.versions.iter().enumerate() {
        h.push_str(&format!(
            "<th lang=\"en\">{} <span class=\"id\">{}{}</span></th>",
            esc(&v.name),
            esc(v.lang.code()),
            if i == 0 { ", pivot" } else { "" }
        ));
    }
    h.push_str("<th class=\"flags\">flags</th></tr></thead>\n<tbody>\n");
    out.write_all(h.as_bytes())?;
    h.clear();
    for (r, row) in m.rows.iter().enumerate() {
        let mut kinds: Vec<&str> = row.flags.iter().map(|f| f.kind.as_str()).collect();
        kinds.dedup();
        h.push_str(&format!(
            "<tr id=\"r{n}\" data-row=\"{n}\" data-flags=\"{}\"><td class=\"n\"><a href=\"#r{n}\">{n}</a></td>",
            kinds.join(" "),
            n = r + 1
        ));
        for (v, cell) in row.cells.iter().enumerate() {
            let ver = &m.versions[v];
            let ks = if v == 0 { Vec::new() } else { super::json::cell_kinds(m, v, &cell.links) };
            let class: Vec<&str> = ks.iter().filter(|k| **k != LinkKind::Kept).map(|k| k.as_str()).collect();
            h.push_str(&format!(
                "<td lang=\"{}\" data-v=\"{}\" class=\"{}\">",
                attr(ver.lang.code()),
                attr(&ver.name),
                class.join(" ")
            ));
            for &s in &cell.segments {
                let seg = &ver.segments[s];
                h.push_str(&format!("<span class=\"s\" title=\"{}\">{}</span>", attr(&seg.id), esc(&seg.text)));
            }
            if v > 0 {
                if cell.segments.is_empty() && !row.pivot().is_empty() {
                    h.push_str("<span class=\"gap\">— dropped —</span>");
                }
                if !ks.is_empty() {
                    let names: Vec<&str> = ks.iter().map(|k| k.as_str()).collect();
                    let conf = cell.confidence.map(|c| format!(" · {c:.3}")).unwrap_or_default();
                    let fixed = if cell.links.iter().any(|&k| ver.repaired[k]) { " · repaired" } else { "" };
                    h.push_str(&format!("<span class=\"meta\" lang=\"en\">{}{conf}{fixed}</span>", names.join(", ")));
                }
            }
            h.push_str("</td>");
        }
        h.push_str("<td class=\"flags\" lang=\"en\">");
        for f in &row.flags {
            let who: Vec<&str> = f.versions.iter().map(|&v| m.versions[v].name.as_str()).collect();
            let conf = f.confidence.map(|c| format!(" ({c:.2})")).unwrap_or_default();
            let sep = if f.kind == FlagKind::Disagree { " ↔ " } else { ", " };
            h.push_str(&format!(
                "<span class=\"flag {}\" title=\"{}\">{}: {}{conf}</span>",
                f.kind.as_str(),
                attr(f.kind.meaning()),
                f.kind.as_str(),
                esc(&who.join(sep))
            ));
        }
        h.push_str("</td></tr>\n");
        if h.len() > 1 << 16 {
            out.write_all(h.as_bytes())?;
            h.clear();
        }
    }
    h.push_str("</tbody>\n</table>\n</main>\n");

    // Dropped sentences per version.
    h.push_str("<section id=\"dropped\">\n<h2>Dropped sentences, per version</h2>\n");
    let p = m.pivot();
    for c in &covs {
        let v = &m.versions[c.version];
        h.push_str(&format!(
            "<h3 id=\"dropped-{}\">{} ({}): {} of {} pivot sentences dropped</h3>\n",
            attr(&v.name),
            esc(&v.file),
            esc(v.lang.code()),
            c.dropped.len(),
            c.pivot_segments
        ));
        if c.dropped.is_empty() {
            h.push_str("<p class=\"note\">None.</p>\n");
            continue;
        }
        h.push_str(&format!("<ol class=\"dropped-list\" data-version=\"{}\">\n", attr(&v.name)));
        for d in &c.dropped {
            let seg = &p.segments[d.segment];
            h.push_str(&format!(
                "<li data-segment=\"{}\"><a href=\"#r{r}\">row {r}</a> <span class=\"id\">{}</span> <span lang=\"{}\">{}</span>",
                d.segment,
                esc(&seg.id),
                attr(p.lang.code()),
                esc(&seg.text),
                r = d.row + 1
            ));
            if let Some(why) = &d.why {
                h.push_str(&format!("<span class=\"why\">why: {}</span>", esc(why)));
            }
            h.push_str("</li>\n");
            if h.len() > 1 << 16 {
                out.write_all(h.as_bytes())?;
                h.clear();
            }
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n");
    h.push_str(&format!("<script>{JS}</script>\n</body>\n</html>\n"));
    out.write_all(h.as_bytes())?;
    Ok(())
}
