//! TEI export: validity against tei_all (jing), ids and pointers, round trip,
//! streaming equivalence, escaping, the shipped files, and pandoc as a peer.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use transalign::model::*;
use transalign::tei;

fn tei_of(doc: &Document) -> String {
    let mut v = Vec::new();
    tei::write(doc, &mut v).expect("TEI writes");
    String::from_utf8(v).expect("UTF-8")
}

#[test]
fn every_corpus_page_validates_and_round_trips() {
    let dir = common::tempdir();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pages = common::corpus_pages();
    pages.push(common::root().join("tests/data/quirky.md"));
    for page in pages {
        let parsed = transalign::load::page(&page).unwrap();
        let xml = tei_of(&parsed.doc);
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        common::assert_ids_sound(&xml, &name);

        // md -> TEI -> model -> TEI: same model, same bytes.
        let back = transalign::read::tei::read(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back == parsed.doc, "{name}: the model read back from TEI differs from the parsed one");
        assert_eq!(tei_of(&back), xml, "{name}: second TEI write differs");

        // The streaming writer (used for big pages) gives the same bytes.
        let input = transalign::load::Input::open(&page, None).unwrap();
        let mut streamed = Vec::new();
        input.write_tei(&mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), xml, "{name}: streamed TEI differs");

        let f = dir.path().join(format!("{name}.xml"));
        std::fs::write(&f, &xml).unwrap();
        files.push(f);
    }
    common::jing_validate(&files);
}

#[test]
fn seed_tei_has_the_expected_structure() {
    let doc = transalign::load::page(&common::root().join("corpora/nl/victor-serge.md")).unwrap().doc;
    let xml = tei_of(&doc);
    let root = transalign::xml::parse(&xml).unwrap();
    let header = root.child("teiHeader").unwrap();
    let bibl = header.child("fileDesc").unwrap().child("sourceDesc").unwrap().child("bibl").unwrap();
    let ptrs: Vec<(&str, &str)> = bibl
        .elems()
        .filter(|e| e.local() == "ptr")
        .map(|e| (e.attr("type").unwrap(), e.attr("target").unwrap()))
        .collect();
    assert!(ptrs.contains(&("permalink", "http://www.anarchisme.nl/namespace/victor_serge")));
    let date = bibl.child("date").unwrap();
    assert_eq!(date.attr("when"), Some("2020-04-14T21:55:00"));
    let langs: Vec<&str> = header
        .child("profileDesc")
        .unwrap()
        .child("langUsage")
        .unwrap()
        .elems()
        .filter_map(|e| e.attr("ident"))
        .collect();
    assert!(langs.starts_with(&["nl"]) && langs.contains(&"fr"), "{langs:?}");

    // Bibliographic entries: title with xml:lang, pubPlace, date/@when.
    let mut bibls = Vec::new();
    fn collect<'a>(e: &'a transalign::xml::Elem, out: &mut Vec<&'a transalign::xml::Elem>) {
        if e.local() == "bibl" && e.attr("xml:id").is_some() {
            out.push(e);
        }
        for c in e.elems() {
            collect(c, out);
        }
    }
    collect(root.child("text").unwrap(), &mut bibls);
    assert_eq!(bibls.len(), 25);
    let ville = bibls.iter().find(|b| b.text().starts_with("Ville conquise")).unwrap();
    let title = ville.child("title").unwrap();
    assert_eq!(title.attr("xml:lang"), Some("fr"));
    assert_eq!(ville.child("pubPlace").unwrap().text(), "Parijs");
    assert_eq!(ville.child("date").unwrap().attr("when"), Some("1932"));
    // The subject is a person with names, and the text points at him.
    assert!(xml.contains("<person xml:id=\"subject\">"));
    assert!(xml.contains("<persName ref=\"#subject\" rend=\"bold\">Viktor Lvovitsj Kibaltsjitsj</persName>"));
}

#[test]
fn xml_special_characters_are_escaped() {
    let src = "# Tom & \"Jerry\"\n\n**Tom & Jerry** (Gent, 1901 - Luik, 1970) was een schrijver.\n\n## Bibliografie\n\n- *Kat & muis <1>: \"spel\"*, Parijs & Lyon, 1930 (met A. & B.)\n- *L'<autre> & 'lui'*, 1931\n\n## Tekst\n\nHij schreef *Kat & muis <1>* in 1930. Een link: [a&b](http://x.org/?a=1&b=\"2\").\n";
    let doc = common::md_page(src).unwrap().doc;
    let xml = tei_of(&doc);
    assert!(xml.contains("Kat &amp; muis &lt;1&gt;: \"spel\""));
    assert!(xml.contains("target=\"http://x.org/?a=1&amp;b=&quot;2&quot;\""));
    let back = transalign::read::tei::read(&xml).unwrap();
    assert!(back == doc);
    let titles: Vec<String> = back.bibls().into_iter().map(|b| b.title).collect();
    assert_eq!(titles, ["Kat & muis <1>: \"spel\"", "L'<autre> & 'lui'"]);
    let dir = common::tempdir();
    let f = dir.path().join("special.xml");
    std::fs::write(&f, &xml).unwrap();
    common::jing_validate(&[f]);
}

/// Paragraph texts reduced to letters and digits, for comparing with a peer
/// whose quoting and line wrapping differ.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[test]
fn paragraph_text_agrees_with_pandoc() {
    let page = common::root().join("corpora/nl/victor-serge.md");
    let out = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "tei", "-s"])
        .arg(&page)
        .output()
        .unwrap_or_else(|e| panic!("cannot run pandoc ({e}); install it: apt-get install -y pandoc"));
    assert!(out.status.success());
    let peer = transalign::xml::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let mut theirs = Vec::new();
    fn paras(e: &transalign::xml::Elem, out: &mut Vec<String>) {
        for c in e.elems() {
            match c.local() {
                "p" => out.push(squeeze(&c.text())),
                "list" | "listBibl" => {}
                _ => paras(c, out),
            }
        }
    }
    paras(peer.child("text").unwrap(), &mut theirs);
    let doc = transalign::load::page(&page).unwrap().doc;
    let mut ours = Vec::new();
    walk_blocks(&doc, &mut |b, _, _| {
        if let Block::Para(p) = b {
            let t: Vec<String> = p.sentences.iter().map(|s| plain_text(&s.content)).collect();
            ours.push(squeeze(&t.join(" ")));
        }
    });
    // Ours are pandoc's paragraphs, in order, minus the wiki footer that we
    // move into the header.
    let mut it = theirs.iter();
    for p in &ours {
        assert!(it.any(|t| t == p), "paragraph not found in pandoc's output (in order): {p}");
    }
    assert_eq!(theirs.len() - ours.len(), 5, "pandoc keeps the 5 footer paragraphs as text");
}

/// Years as catalogues write them: a range, a year the cataloguer supplied
/// ("[1890]") or doubted ("1930?", "ca. 1883"). Each is a date with its
/// year (a range from/to; a doubted one `cert="low"`), valid against tei_all
/// and read back; the years reach the report, which flags a translation
/// dated before its original, by more than five years when a year is
/// doubted. They were once "no date", and those conflicts went unreported;
/// "ca. 1880" was once the text "ca. " before an exact date.
#[test]
fn ranges_and_doubted_years_are_dates() {
    let src = "# Test Auteur\n\n**Test Auteur** (Gent, 1850 - Luik, 1920) was een schrijver.\n\n\
               ## Nederlandse vertalingen\n\n- [De Commune](#), 1880-1881\n- [Het boek van de honger](#), [1890]\n\
               - [De vrouwen](#), 1930?\n- [De zee](#), 1905-06\n- [Germinal](#), ca. 1883\n\n\
               ## Bibliografie\n\n- *La Commune*, Parijs, 1898\n- *Le Livre de la faim*, Parijs, 1898\n\
               - *Les Femmes*, Parijs, 1898-1902\n- *La Mer*, Parijs, 1861\n- *Germinal*, Parijs, 1885\n";
    let doc = common::md_page(src).unwrap().doc;
    let year = |t: &str| doc.bibls().into_iter().find(|b| b.title == t).and_then(|b| b.year);
    assert_eq!(
        ["De Commune", "Het boek van de honger", "De vrouwen", "De zee", "Les Femmes"].map(year),
        [Some(1880), Some(1890), Some(1930), Some(1905), Some(1898)]
    );
    let xml = tei_of(&doc);
    for d in [
        "<date from=\"1880\" to=\"1881\">1880-1881</date>",
        "<date when=\"1890\">[1890]</date>",
        "<date when=\"1930\" cert=\"low\">1930?</date>",
        "<date when=\"1883\" cert=\"low\">ca. 1883</date>",
        "<date from=\"1905\" to=\"1906\">1905-06</date>",
        "<date from=\"1898\" to=\"1902\">1898-1902</date>",
    ] {
        assert!(xml.contains(d), "{d} in\n{xml}");
    }
    assert!(transalign::read::tei::read(&xml).unwrap() == doc);
    let dir = common::tempdir();
    let f = dir.path().join("dates.md");
    std::fs::write(&f, src).unwrap();
    let x = dir.path().join("dates.xml");
    std::fs::write(&x, &xml).unwrap();
    common::jing_validate(&[x]);
    let cfg = transalign::data::DataConfig::default();
    let r = transalign::report::build(&[f], None, &cfg, &mut |_| {}).unwrap();
    let text = transalign::report::render_text(&r);
    for t in [
        "De Commune (1880) → La Commune",
        "Het boek van de honger (1890)",
        "De vrouwen (1930)",
        "Germinal (1883) → Germinal",
    ] {
        assert!(text.contains(t), "{t} in\n{text}");
    }
    // Not 1883 < 1885: "ca. 1883" is good to a few years.
    assert_eq!(text.matches("year-conflict(1").count(), 2, "1880 < 1898 and 1890 < 1898:\n{text}");
}
