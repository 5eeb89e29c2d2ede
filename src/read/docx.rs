//! DOCX → one HTML text: the paragraphs of `word/document.xml` in order,
//! headings by their style (styles.xml's "heading N" and "Title", whatever
//! the style's id in the document's language), list paragraphs by their
//! numbering (bullets or numbers, nested by level), italic, bold and
//! struck runs, tables as rows. The HTML reader then reads it.

use std::collections::HashMap;

use super::zipped::Container;
use crate::error::{Error, Result};
use crate::syntax::Syntax;
use crate::xml::{Elem, Node};

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    crate::xml::escape_text(s, &mut o);
    o
}

/// Heading level of each paragraph style, from styles.xml.
fn heading_styles(styles: Option<&Elem>) -> HashMap<String, u8> {
    let mut m = HashMap::new();
    let Some(styles) = styles else { return m };
    for s in styles.elems().filter(|e| e.local() == "style") {
        let Some(id) = s.attr("w:styleId") else { continue };
        let name = s.child("name").and_then(|n| n.attr("w:val")).unwrap_or("").to_lowercase();
        let outline = s
            .child("pPr")
            .and_then(|p| p.child("outlineLvl"))
            .and_then(|o| o.attr("w:val"))
            .and_then(|v| v.parse::<u8>().ok());
        let level = if name == "title" {
            Some(1)
        } else if let Some(n) = name.strip_prefix("heading ") {
            n.trim().parse::<u8>().ok()
        } else {
            outline.map(|o| o + 1)
        };
        if let Some(l) = level.filter(|l| (1..=6).contains(l)) {
            m.insert(id.to_string(), l);
        }
    }
    m
}

/// Whether each (numId, level) numbers its items (else bullets), from numbering.xml.
fn numbering(num: Option<&Elem>) -> HashMap<(String, String), bool> {
    let mut out = HashMap::new();
    let Some(num) = num else { return out };
    let mut abstracts: HashMap<String, HashMap<String, bool>> = HashMap::new();
    for a in num.elems().filter(|e| e.local() == "abstractNum") {
        let Some(id) = a.attr("w:abstractNumId") else { continue };
        let levels = a
            .elems()
            .filter(|e| e.local() == "lvl")
            .filter_map(|l| {
                let fmt = l.child("numFmt").and_then(|f| f.attr("w:val")).unwrap_or("bullet");
                Some((l.attr("w:ilvl")?.to_string(), fmt != "bullet" && fmt != "none"))
            })
            .collect();
        abstracts.insert(id.to_string(), levels);
    }
    for n in num.elems().filter(|e| e.local() == "num") {
        let (Some(id), Some(abs)) = (n.attr("w:numId"), n.child("abstractNumId").and_then(|a| a.attr("w:val"))) else {
            continue;
        };
        if let Some(levels) = abstracts.get(abs) {
            for (lvl, ordered) in levels {
                out.insert((id.to_string(), lvl.clone()), *ordered);
            }
        }
    }
    out
}

fn on(props: Option<&Elem>, name: &str) -> bool {
    props.and_then(|p| p.child(name)).is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false" | "none")))
}

/// The runs of a paragraph (or hyperlink) as HTML.
fn runs(e: &Elem, out: &mut String) {
    for c in e.elems() {
        match c.local() {
            "r" => {
                let props = c.child("rPr");
                let mut text = String::new();
                for t in c.elems() {
                    match t.local() {
                        "t" => text.push_str(&esc(&t.text())),
                        "tab" => text.push(' '),
                        "br" | "cr" => text.push_str("<br>"),
                        "noBreakHyphen" => text.push('-'),
                        _ => {}
                    }
                }
                if text.is_empty() {
                    continue;
                }
                let (i, b, s) = (on(props, "i"), on(props, "b"), on(props, "strike") || on(props, "dstrike"));
                let wrapped = match (i, b) {
                    (true, true) => format!("<strong><em>{text}</em></strong>"),
                    (true, false) => format!("<em>{text}</em>"),
                    (false, true) => format!("<strong>{text}</strong>"),
                    _ => text,
                };
                out.push_str(&if s { format!("<del>{wrapped}</del>") } else { wrapped });
            }
            "hyperlink" | "ins" | "smartTag" | "fldSimple" | "sdt" | "sdtContent" => runs(c, out),
            _ => {}
        }
    }
}

/// Close open lists (each with its open item) down to `to` levels; `open`
/// holds whether each open list is numbered.
fn close_lists(open: &mut Vec<bool>, to: usize, out: &mut String) {
    while open.len() > to {
        let ordered = open.pop().unwrap_or(false);
        out.push_str(if ordered { "</li></ol>\n" } else { "</li></ul>\n" });
    }
}

fn body(body: &Elem, heads: &HashMap<String, u8>, nums: &HashMap<(String, String), bool>, out: &mut String) {
    let mut open: Vec<bool> = Vec::new();
    for c in &body.children {
        let Node::Elem(e) = c else { continue };
        match e.local() {
            "p" => {
                let ppr = e.child("pPr");
                let style = ppr.and_then(|p| p.child("pStyle")).and_then(|s| s.attr("w:val")).unwrap_or("");
                let num = ppr.and_then(|p| p.child("numPr"));
                let mut inner = String::new();
                runs(e, &mut inner);
                if let Some(level) = heads.get(style) {
                    close_lists(&mut open, 0, out);
                    out.push_str(&format!("<h{level}>{inner}</h{level}>\n"));
                } else if let Some(n) = num {
                    let id = n.child("numId").and_then(|x| x.attr("w:val")).unwrap_or("0").to_string();
                    let lvl = n.child("ilvl").and_then(|x| x.attr("w:val")).unwrap_or("0").to_string();
                    let depth = lvl.parse::<usize>().unwrap_or(0).min(8) + 1;
                    let ordered = nums.get(&(id, lvl)).copied().unwrap_or(false);
                    if open.len() >= depth {
                        close_lists(&mut open, depth, out);
                        out.push_str("</li>\n");
                    }
                    // Deeper: new lists inside the open item.
                    while open.len() < depth {
                        out.push_str(if ordered { "<ol>\n" } else { "<ul>\n" });
                        open.push(ordered);
                        if open.len() < depth {
                            out.push_str("<li>");
                        }
                    }
                    out.push_str(&format!("<li>{inner}"));
                } else {
                    close_lists(&mut open, 0, out);
                    if !inner.trim().is_empty() {
                        out.push_str(&format!("<p>{inner}</p>\n"));
                    }
                }
            }
            "tbl" => {
                close_lists(&mut open, 0, out);
                out.push_str("<table>\n");
                for tr in e.elems().filter(|x| x.local() == "tr") {
                    out.push_str("<tr>");
                    for tc in tr.elems().filter(|x| x.local() == "tc") {
                        let mut cell = String::new();
                        for p in tc.elems().filter(|x| x.local() == "p") {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            runs(p, &mut cell);
                        }
                        out.push_str(&format!("<td>{cell}</td>"));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            "sdt" => {
                if let Some(content) = e.child("sdtContent") {
                    close_lists(&mut open, 0, out);
                    self::body(content, heads, nums, out);
                }
            }
            _ => {}
        }
    }
    close_lists(&mut open, 0, out);
}

/// The document's body as one HTML document.
pub(crate) fn to_html(bytes: &[u8]) -> Result<String> {
    let mut c = Container::open(bytes, Syntax::Docx)?;
    let doc = c.xml("word/document.xml")?;
    let styles = if c.has("word/styles.xml") { Some(c.xml("word/styles.xml")?) } else { None };
    let num = if c.has("word/numbering.xml") { Some(c.xml("word/numbering.xml")?) } else { None };
    let heads = heading_styles(styles.as_ref());
    let nums = numbering(num.as_ref());
    let b = doc.child("body").ok_or_else(|| Error::container(Syntax::Docx, "word/document.xml has no w:body"))?;
    let mut out = String::from("<!DOCTYPE html>\n<html><body>\n");
    body(b, &heads, &nums, &mut out);
    out.push_str("</body></html>\n");
    Ok(out)
}
