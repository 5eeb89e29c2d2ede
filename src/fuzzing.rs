//! The checks the fuzz targets run (`fuzz/`), here so that the crashes they
//! find run again as regression tests in the normal suite
//! (`tests/data/fuzz/TARGET/*`). Each takes arbitrary bytes; it may refuse
//! them with an error, and panics only when an invariant breaks.

use crate::read::Syntax;

/// The names of the targets, as `fuzz/fuzz_targets/NAME.rs` and `run` know them.
pub const TARGETS: &[&str] = &[
    "markdown",
    "dokuwiki",
    "mediawiki",
    "html",
    "text",
    "epub",
    "docx",
    "tei",
    "dictd",
    "lexicons",
    "beads",
    "align_input",
    "review",
    "convert",
];

/// Run the check of target `name` on `data` (unknown names do nothing).
pub fn run(name: &str, data: &[u8]) {
    let text = std::str::from_utf8(data).ok();
    match name {
        "markdown" => text.into_iter().for_each(|s| page(s, Syntax::Markdown)),
        "dokuwiki" => text.into_iter().for_each(|s| page(s, Syntax::DokuWiki)),
        "mediawiki" => text.into_iter().for_each(|s| page(s, Syntax::MediaWiki)),
        "html" => text.into_iter().for_each(|s| page(s, Syntax::Html)),
        "text" => text.into_iter().for_each(plain_text),
        "epub" => {
            if let Ok(html) = crate::read::epub::to_html(data) {
                page(&html, Syntax::Html);
            }
        }
        "docx" => {
            if let Ok(html) = crate::read::docx::to_html(data) {
                page(&html, Syntax::Html);
            }
        }
        "tei" => text.into_iter().for_each(tei),
        "dictd" => dictd(data),
        "lexicons" => lexicons(data),
        "beads" => {
            if let Some(s) = text {
                let _ = crate::eval::parse_beads(s);
                let _ = crate::formats::json::parse(s);
            }
        }
        "align_input" => align_input(data),
        "review" => text.into_iter().for_each(review),
        "convert" => text.into_iter().for_each(convert),
        _ => {}
    }
}

/// Parse a page in a syntax; when it parses, its TEI reads back to the same model.
pub fn page(s: &str, syntax: Syntax) {
    if let Ok(p) = crate::load::page_str(s, Some(syntax)) {
        let mut out = Vec::new();
        crate::tei::write(&p.doc, &mut out).expect("writing a parsed page");
        let xml = String::from_utf8(out).expect("TEI is UTF-8");
        let back = crate::read::tei::read(&xml).expect("reading our own TEI");
        assert!(back == p.doc, "page -> TEI -> model changed the document");
    }
}

fn plain_text(s: &str) {
    let nl = crate::Lang::new("nl");
    if let Ok(t) = crate::jobs::align::text_from_str(s, false, nl.clone(), Some(Syntax::Text)) {
        let l = nl.unwrap_or_else(crate::Lang::und);
        let a = crate::align::align(&t.segments, &t.segments, &l, &l, None, &Default::default());
        well_formed(&a, t.segments.len(), t.segments.len());
    }
}

fn tei(s: &str) {
    if let Ok(doc) = crate::read::tei::read(s) {
        let mut out = Vec::new();
        crate::tei::write(&doc, &mut out).expect("writing a read document");
        let again = crate::read::tei::read(std::str::from_utf8(&out).expect("UTF-8")).expect("reading our own TEI");
        assert!(again == doc, "TEI round trip changed the document");
    }
}

fn dictd(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    if let Ok(idx) = std::str::from_utf8(&data[..cut]) {
        let rest = data.get(cut + 1..).unwrap_or(&[]);
        let _ = crate::lexicon::dictd::parse_pairs(idx, rest, std::path::Path::new("fuzz.index"));
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = crate::lexicon::dictd::translations(s);
    }
}

fn lexicons(data: &[u8]) {
    let p = std::path::Path::new("fuzz");
    if let (Ok(s), Some(nl), Some(fr)) = (std::str::from_utf8(data), crate::Lang::new("nl"), crate::Lang::new("fr")) {
        let mut l = crate::lexicon::Lexicon::new(nl, fr);
        let _ = l.add_hunalign_text(s, p);
        let _ = crate::lexicon::bundle::parse(s, p);
        let (aff, dic) = s.split_once("\n\n").unwrap_or((s, ""));
        if let Ok(m) = crate::lexicon::hunspell::Morphology::from_hunspell(aff, p, dic, p) {
            for w in dic.split_whitespace().take(20) {
                let _ = m.analyze(w);
            }
        }
    }
    if let Ok(m) = crate::lexicon::hunspell::Morphology::read_bundle(p, data) {
        let _ = m.analyze("conquise");
    }
}

fn align_input(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (a, b) = (&data[..cut], data.get(cut + 1..).unwrap_or(&[]));
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else { return };
    let (Some(nl), Some(fr)) = (crate::Lang::new("nl"), crate::Lang::new("fr")) else { return };
    let s = crate::align::input::from_lines(a, Some(nl.clone()));
    let t = crate::align::input::from_lines(b, Some(fr.clone()));
    let (al, why) = crate::align::align_explained(&s.segments, &t.segments, &nl, &fr, None, &Default::default());
    well_formed(&al, s.segments.len(), t.segments.len());
    // The evidence for each unaligned segment belongs to a 1-0/0-1 link.
    for u in &why {
        let link = &al.links[u.link];
        assert_eq!(link.src.len() + link.tgt.len(), 1, "evidence for link {} which is not unaligned", u.link);
        assert!((0.0..=1.0).contains(&u.share), "share {}", u.share);
        assert!(u.in_run.is_none_or(|r| r > 0.0), "run saving {:?}", u.in_run);
        assert!(!u.reason().is_empty());
    }
}

/// The review page's data path: an alignment file that reads becomes a page
/// whose only scripts are its own three elements, whose embedded data has
/// no `<`, `>` or `&` (nothing can close the element or open a comment) and
/// reads back to the same file; the server's copy of it writes the same
/// file back.
fn review(s: &str) {
    let Ok(f) = crate::formats::json::parse_file(s) else { return };
    if crate::formats::json::to_alignment(&f).is_err() {
        return;
    }
    let mut out = Vec::new();
    crate::review::write_file(&f, &crate::review::PageOptions::default(), &mut out).expect("writing a review page");
    let html = String::from_utf8(out).expect("the page is UTF-8");
    assert_eq!(html.matches("<script").count(), 3, "a script element from the data");
    let open = "<script type=\"application/json\" id=\"alignment-data\">";
    let start = html.find(open).expect("the data element") + open.len();
    let len = html[start..].find("</script>").expect("the data element closes");
    let data = &html[start..start + len];
    assert!(!data.contains(['<', '>', '&']), "raw < > & in the embedded data");
    let back: crate::formats::json::AlignmentFile = serde_json::from_str(data).expect("the embedded data is JSON");
    assert!(back == f, "the embedded data differs from the file");
    if f.review.is_none() {
        let w = crate::review::work::Work::from_file(&f).expect("a checked file is work");
        let again = w.to_file();
        assert!(again.links.len() == f.links.len(), "the server's copy lost links");
        crate::formats::json::to_alignment(&again).expect("the server writes a file that reads");
    }
}

/// `convert`: an alignment file that reads is written in every format
/// without a panic, and its JSON reads back to the same alignment.
fn convert(s: &str) {
    let Ok(f) = crate::formats::json::parse_file(s) else { return };
    let Ok((src, tgt, a)) = crate::formats::json::to_alignment(&f) else { return };
    let x = crate::formats::Aligned {
        alignment: &a,
        src: &src,
        tgt: &tgt,
        src_name: &f.src.file,
        tgt_name: &f.tgt.file,
        unaligned: &[],
        anchors: &[],
        warnings: &f.warnings,
        marks: &crate::formats::json::marks(&f),
    };
    let mut out: Vec<u8> = Vec::new();
    crate::formats::write_beads(&a, &mut out).expect("beads");
    crate::formats::write_tsv(&x, &mut out).expect("tsv");
    crate::formats::write_moses_side(&x, true, &mut out).expect("moses");
    crate::formats::tmx::write(&x, &mut out).expect("tmx");
    crate::formats::tei::write(&x, &crate::formats::tei::Texts::Embedded, &mut out).expect("tei");
    crate::formats::xces::write(&x, "a.xml", "b.xml", &mut out).expect("xces");
    crate::formats::xces::write_sentences(&src, "s", a.src_lang.code(), &mut out).expect("xces sentences");
    let mut json = Vec::new();
    crate::formats::json::write(&x, &mut json).expect("json");
    let (s2, t2, a2) =
        crate::formats::json::parse(std::str::from_utf8(&json).expect("UTF-8")).expect("our JSON reads back");
    assert!(s2 == src && t2 == tgt, "the texts changed through JSON");
    assert!(a2.links.iter().map(|l| (&l.src, &l.tgt)).eq(a.links.iter().map(|l| (&l.src, &l.tgt))), "links changed");
}

/// Every segment in exactly one link, in order; confidences in [0, 1].
fn well_formed(a: &crate::align::Alignment, n: usize, m: usize) {
    for k in &a.links {
        assert!(!(k.src.is_empty() && k.tgt.is_empty()), "an empty link");
        assert!((0.0..=1.0).contains(&k.confidence), "confidence {}", k.confidence);
    }
    if let Err(e) = crate::align::check_cover(a.links.iter().map(|l| (&l.src[..], &l.tgt[..])), n, m) {
        panic!("{e}");
    }
}
