//! The multi-alignment as TEI P5: every version a `text` of one `group`
//! (the pivot first, each with its structure, every segment an `s` whose
//! `xml:id` is `NAME.ID`), and a `standOff` with
//!
//! * one `linkGrp type="alignment"` per translation (`corresp` names the
//!   pivot's and the translation's texts): its pairwise links, pivot side
//!   first, `cert` the confidence; its 1-0 and 0-1 links are `span`s of a
//!   `spanGrp type="unaligned"` with the same `corresp`;
//! * one `linkGrp type="rows"`: a multi-target `link` per row, one pointer
//!   per version with text there (the pivot first), `ana` pointing at the
//!   row's flags, which an `interpGrp type="flags"` defines; a row where
//!   only one version has text is a `span` of a `spanGrp type="rows"`;
//! * a `joinGrp` for every side of several sentences, which the pointers
//!   above name instead of the sentences.
//!
//! Its warnings (every version's, see [`MultiAlignment::warnings`]) are
//! `note type="warning"` in a `notesStmt`, as in the pairwise TEI. Valid
//! against tei_all (tested with jing).

use std::collections::BTreeMap;
use std::io::Write;

use super::{FlagKind, MultiAlignment};
use crate::error::Result;
use crate::tei::TEI_NS;
use crate::xml::XmlWriter;

/// The prefix of a version's ids: its name, made an NCName.
fn side_names(m: &MultiAlignment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in &m.versions {
        let mut s: String =
            v.name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        if !s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') {
            s.insert(0, 'v');
        }
        while out.contains(&s) {
            s.push('_');
        }
        out.push(s);
    }
    out
}

/// Pointers to several sentences of one version: one `s`, or a `join`.
struct Joins<'a> {
    sides: &'a [String],
    m: &'a MultiAlignment,
    joins: BTreeMap<(usize, usize, usize), String>,
}

impl Joins<'_> {
    fn pointer(&mut self, v: usize, segs: &[usize]) -> String {
        let ver = &self.m.versions[v];
        match segs {
            [] => String::new(),
            [one] => format!("#{}.{}", self.sides[v], ver.segments[*one].id),
            [first, .., last] => {
                let id = format!("join.{}.{}-{}", self.sides[v], first + 1, last + 1);
                self.joins.entry((v, *first, *last)).or_insert_with(|| id.clone());
                format!("#{id}")
            }
        }
    }
}

/// Write the multi-alignment as one TEI document.
pub fn write(m: &MultiAlignment, out: &mut dyn Write) -> Result<()> {
    let sides = side_names(m);
    let mut w = XmlWriter::new(out, 0);
    w.decl();
    w.open("TEI", &[("xmlns", TEI_NS)]);
    w.open("teiHeader", &[]);
    w.open("fileDesc", &[]);
    w.open("titleStmt", &[]);
    let what: Vec<String> = m.versions.iter().map(|v| format!("{} ({})", v.file, v.lang)).collect();
    w.leaf("title", &[], &format!("Multi-alignment of {}", what.join(", ")));
    w.close("titleStmt");
    w.open("publicationStmt", &[]);
    w.leaf("p", &[], "Sentence alignment of a pivot text and its translations, made by transalign.");
    w.close("publicationStmt");
    // As the pairwise TEI says them.
    let warnings = m.warnings();
    if !warnings.is_empty() {
        w.open("notesStmt", &[]);
        for note in &warnings {
            w.leaf("note", &[("type", "warning")], note);
        }
        w.close("notesStmt");
    }
    w.open("sourceDesc", &[]);
    w.open("listBibl", &[]);
    for (i, v) in m.versions.iter().enumerate() {
        let corresp = format!("#{}", sides[i]);
        w.line("bibl", &[("type", if i == 0 { "pivot" } else { "translation" }), ("corresp", &corresp)]);
        w.start("title", &[]);
        w.text(&v.file);
        w.end("title");
        w.end("bibl");
    }
    w.close("listBibl");
    w.close("sourceDesc");
    w.close("fileDesc");
    crate::tei::write::encoding_desc(&mut w);
    w.open("profileDesc", &[]);
    w.open("langUsage", &[]);
    let mut langs: Vec<&crate::Lang> = Vec::new();
    for v in &m.versions {
        if !langs.contains(&&v.lang) {
            langs.push(&v.lang);
        }
    }
    for l in langs {
        w.leaf("language", &[("ident", l.code())], l.name());
    }
    w.close("langUsage");
    w.close("profileDesc");
    w.close("teiHeader");

    w.open("text", &[]);
    w.open("group", &[]);
    for (i, v) in m.versions.iter().enumerate() {
        crate::formats::tei::write_text(&mut w, &sides[i], &v.segments, &v.lang)?;
    }
    w.close("group");
    w.close("text");

    // The standOff's groups, gathered first so the joins they use can
    // come before them.
    let mut joins = Joins { sides: &sides, m, joins: BTreeMap::new() };
    let mut groups: Vec<String> = Vec::new();
    for v in 1..m.versions.len() {
        let corresp = format!("#{} #{}", sides[0], sides[v]);
        let mut links = String::new();
        let mut spans = String::new();
        for (k, l) in m.versions[v].links.iter().enumerate() {
            let id = format!("{}.l{}", sides[v], k + 1);
            let cert = format!("{:.3}", l.confidence);
            let kind = format!("{}-{}", l.src.len(), l.tgt.len());
            if l.src.is_empty() || l.tgt.is_empty() {
                let target = if l.src.is_empty() { joins.pointer(v, &l.tgt) } else { joins.pointer(0, &l.src) };
                spans.push_str(&element(
                    "span",
                    &[("xml:id", &id), ("type", &kind), ("target", &target), ("cert", &cert)],
                ));
            } else {
                let target = format!("{} {}", joins.pointer(0, &l.src), joins.pointer(v, &l.tgt));
                links.push_str(&element(
                    "link",
                    &[("xml:id", &id), ("type", &kind), ("target", &target), ("cert", &cert)],
                ));
            }
        }
        if !links.is_empty() {
            groups.push(group("linkGrp", &[("type", "alignment"), ("corresp", &corresp)], &links));
        }
        if !spans.is_empty() {
            groups.push(group("spanGrp", &[("type", "unaligned"), ("corresp", &corresp)], &spans));
        }
    }
    let mut row_links = String::new();
    let mut row_spans = String::new();
    for (r, row) in m.rows.iter().enumerate() {
        let ptrs: Vec<String> = (0..row.cells.len())
            .filter(|&v| !row.cells[v].segments.is_empty())
            .map(|v| joins.pointer(v, &row.cells[v].segments))
            .collect();
        let mut kinds: Vec<FlagKind> = row.flags.iter().map(|f| f.kind).collect();
        kinds.dedup();
        let ana: Vec<String> = kinds.iter().map(|k| format!("#flag.{}", k.as_str())).collect();
        let id = format!("row.{}", r + 1);
        let mut attrs = vec![("xml:id", id.as_str())];
        let (target, ana) = (ptrs.join(" "), ana.join(" "));
        attrs.push(("target", &target));
        if !ana.is_empty() {
            attrs.push(("ana", &ana));
        }
        match ptrs.len() {
            0 => {}
            1 => row_spans.push_str(&element("span", &attrs)),
            _ => row_links.push_str(&element("link", &attrs)),
        }
    }
    w.open("standOff", &[]);
    w.open("interpGrp", &[("type", "flags")]);
    for k in FlagKind::ALL {
        w.leaf("interp", &[("xml:id", &format!("flag.{}", k.as_str()))], k.meaning());
    }
    w.close("interpGrp");
    if !joins.joins.is_empty() {
        w.open("joinGrp", &[("result", "s")]);
        for (&(v, first, last), id) in &joins.joins {
            let ptrs: Vec<String> =
                (first..=last).map(|i| format!("#{}.{}", sides[v], m.versions[v].segments[i].id)).collect();
            w.empty_line("join", &[("xml:id", id), ("target", &ptrs.join(" "))]);
            w.maybe_flush()?;
        }
        w.close("joinGrp");
    }
    for g in &groups {
        w.raw(g);
        w.maybe_flush()?;
    }
    if !row_links.is_empty() {
        w.raw(&group("linkGrp", &[("type", "rows")], &row_links));
    }
    if !row_spans.is_empty() {
        w.raw(&group("spanGrp", &[("type", "rows")], &row_spans));
    }
    w.close("standOff");
    w.close("TEI");
    w.raw("\n");
    w.flush()?;
    Ok(())
}

/// An empty element on its own line, at the standOff groups' depth.
fn element(name: &str, attrs: &[(&str, &str)]) -> String {
    let mut s = format!("\n      <{name}");
    for (k, v) in attrs {
        s.push_str(&format!(" {k}=\""));
        crate::xml::escape_attr(v, &mut s);
        s.push('"');
    }
    s.push_str("/>");
    s
}

/// A group element around elements made by [`element`].
fn group(name: &str, attrs: &[(&str, &str)], inner: &str) -> String {
    let mut s = format!("\n    <{name}");
    for (k, v) in attrs {
        s.push_str(&format!(" {k}=\""));
        crate::xml::escape_attr(v, &mut s);
        s.push('"');
    }
    s.push('>');
    s.push_str(inner);
    s.push_str(&format!("\n    </{name}>"));
    s
}
