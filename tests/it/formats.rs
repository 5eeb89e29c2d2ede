//! Every input syntax gives the same document: the same page written in
//! Markdown, DokuWiki, MediaWiki and HTML (by hand, by pandoc, and by
//! DokuWiki's own renderer) gives the same title links and equivalent TEI;
//! EPUB and DOCX documents align as their Markdown sources do; OPUS's
//! `opus_read` reads our XCES; bad input in each syntax names its place.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use transalign::data::DataConfig;
use transalign::syntax::Syntax;

/// (translation, original, flags) of each title link, in page order.
type Links = Vec<(String, String, String)>;

/// The title links of a page and its coverage (originals, translated);
/// quotes typeset by a converter are made straight.
fn title_links(page: &Path) -> (Links, (usize, usize)) {
    let a = transalign::titles::titles_for_page(page, None, &DataConfig::default(), &mut |_| {})
        .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let straight = |s: &str| s.replace(['’', '‘'], "'").replace(['“', '”'], "\"");
    let links = a
        .links
        .iter()
        .map(|l| {
            (
                straight(&l.translation.title),
                straight(l.original.as_ref().map_or("-", |o| o.title.as_str())),
                l.flags.iter().map(ToString::to_string).map(|f| straight(&f)).collect::<Vec<_>>().join(", "),
            )
        })
        .collect();
    (links, (a.coverage.originals, a.coverage.translated))
}

/// The TEI of a page, reduced to what must not depend on the syntax: every
/// id with the plain text of its element (link targets and inline markup
/// aside), in document order. The Markdown export carries DokuWiki's
/// breadcrumb links as literal `[[start]] » [[page_name]]`, which DokuWiki
/// syntax turns into links: wiki link brackets and underscores do not count.
fn tei_skeleton(xml: &str) -> Vec<(String, String)> {
    let root = transalign::xml::parse(xml).unwrap();
    let mut out = Vec::new();
    fn rec(e: &transalign::xml::Elem, out: &mut Vec<(String, String)>) {
        if let Some(id) = e.attr("xml:id") {
            if ["s", "item", "bibl", "head"].contains(&e.local()) {
                let text = e.text().replace(['’', '‘'], "'").replace(['“', '”'], "\"");
                let text = text.replace("[[", "").replace("]]", "").replace('_', " ");
                out.push((id.to_string(), text.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
        for c in e.elems() {
            rec(c, out);
        }
    }
    rec(&root, &mut out);
    out
}

fn tei_of(page: &Path) -> String {
    let input = transalign::load::Input::open(page, None).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let mut v = Vec::new();
    input.write_tei(&mut v).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    String::from_utf8(v).unwrap()
}

/// Run a converter, failing (not skipping) when it is missing.
fn run(cmd: &mut Command, what: &str) -> Vec<u8> {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {what} ({e}); scripts/test installs it"));
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// DokuWiki's own XHTML renderer (Debian's dokuwiki package).
fn dokuwiki_render(src: &Path, out: &Path) {
    let render = "/usr/share/dokuwiki/bin/render.php";
    let input = std::fs::File::open(src).unwrap();
    let html = run(Command::new("php").arg(render).arg("-r").arg("xhtml").stdin(input), "php dokuwiki/bin/render.php");
    std::fs::write(out, html).unwrap();
}

fn assert_same_document(reference: &Path, others: &[PathBuf]) {
    let (links, cov) = title_links(reference);
    assert!(!links.is_empty());
    let skeleton = tei_skeleton(&tei_of(reference));
    let dir = common::tempdir();
    let mut valid = Vec::new();
    for p in others {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let (l, c) = title_links(p);
        assert_eq!(l, links, "{name}: title links differ from {}", reference.display());
        assert_eq!(c, cov, "{name}: coverage");
        let xml = tei_of(p);
        common::assert_ids_sound(&xml, &name);
        assert_eq!(tei_skeleton(&xml), skeleton, "{name}: TEI ids or texts differ");
        let f = dir.path().join(format!("{name}.xml"));
        std::fs::write(&f, xml).unwrap();
        valid.push(f);
    }
    common::jing_validate(&valid);
}

#[test]
fn one_page_written_in_four_syntaxes_is_one_document() {
    let d = common::root().join("tests/data/formats");
    let tmp = common::tempdir();
    let rendered = tmp.path().join("elisee-reclus.rendered.html");
    dokuwiki_render(&d.join("elisee-reclus.dokuwiki"), &rendered);
    let others: Vec<PathBuf> =
        ["dokuwiki", "wiki", "html"].iter().map(|e| d.join(format!("elisee-reclus.{e}"))).chain([rendered]).collect();
    assert_same_document(&d.join("elisee-reclus.md"), &others);
    // What each reader had to find: the DokuWiki footer line in Dutch,
    // footnotes gathered at the end, MediaWiki's title from the bold lead.
    for p in &others[..3] {
        let doc = transalign::load::page(p).unwrap().doc;
        assert_eq!(doc.title.as_deref(), Some("Élisée Reclus"), "{}", p.display());
        assert!(doc.source.updated.is_some(), "{}: last update read from the footer", p.display());
        let last = doc.sections.last().unwrap();
        assert_eq!(transalign::model::plain_text(&last.head), "Notes", "{}", p.display());
    }
    let wiki = transalign::load::page(&d.join("elisee-reclus.wiki")).unwrap();
    assert_eq!(wiki.notes, ["2 templates skipped: templates need the wiki to expand them"]);
}

/// The shipped pages, converted by pandoc to DokuWiki, MediaWiki and HTML,
/// and the DokuWiki version rendered again by DokuWiki itself.
#[test]
fn shipped_pages_converted_by_pandoc_and_dokuwiki_read_alike() {
    let tmp = common::tempdir();
    for page in common::corpus_pages().into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let mut others = Vec::new();
        for (to, ext) in [("dokuwiki", "dokuwiki"), ("mediawiki", "wiki"), ("html", "html")] {
            let out = tmp.path().join(format!("{name}.{ext}"));
            run(
                Command::new("pandoc").args(["-f", "markdown-smart", "-t", to, "-s"]).arg(&page).arg("-o").arg(&out),
                "pandoc",
            );
            others.push(out);
        }
        let rendered = tmp.path().join(format!("{name}.dokuwiki.html"));
        dokuwiki_render(&others[0], &rendered);
        others.push(rendered);
        assert_same_document(&page, &others);
    }
}

#[test]
fn syntax_is_told_from_name_and_content() {
    let sniff = |s: &str| Syntax::sniff(s.as_bytes());
    assert_eq!(sniff("====== Naam ======\n\n  * //Titel//, 1920\n"), Syntax::DokuWiki);
    assert_eq!(sniff("'''Naam''' was een schrijver.\n\n== Werken ==\n* ''Titel''\n"), Syntax::MediaWiki);
    assert_eq!(sniff("# Naam\n\n## Werken\n\n- *Titel*, 1920\n"), Syntax::Markdown);
    assert_eq!(sniff("<!DOCTYPE html><html><body><h1>x</h1></body></html>"), Syntax::Html);
    assert_eq!(sniff("<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">"), Syntax::Tei);
    assert_eq!(sniff("Gewoon een tekst.\n\nNog een alinea.\n"), Syntax::Text);
    // The shipped files, by content alone.
    let root = common::root();
    let bytes = |p: &str| std::fs::read(root.join(p)).unwrap();
    assert_eq!(Syntax::sniff(&bytes("corpora/nl/victor-serge.md")), Syntax::Markdown);
    assert_eq!(Syntax::sniff(&bytes("corpora/nl/elisee-reclus.dokuwiki")), Syntax::DokuWiki);
    assert_eq!(Syntax::sniff(&bytes("tests/data/formats/elisee-reclus.wiki")), Syntax::MediaWiki);
    assert_eq!(Syntax::sniff(&bytes("corpora/udhr/nld.epub")), Syntax::Epub);
    assert_eq!(Syntax::sniff(&bytes("corpora/udhr/nld.docx")), Syntax::Docx);
    // A .txt holding DokuWiki (as DokuWiki stores pages) is read as such.
    let tmp = common::tempdir();
    let p = tmp.path().join("elisee_reclus.txt");
    std::fs::copy(root.join("corpora/nl/elisee-reclus.dokuwiki"), &p).unwrap();
    assert_eq!(title_links(&p), title_links(&root.join("corpora/nl/elisee-reclus.dokuwiki")));
}

/// EPUB and DOCX (made from the Markdown with pandoc) align row for row as
/// the Markdown does.
#[test]
fn epub_and_docx_align_like_their_source() {
    let dir = common::root().join("corpora/udhr");
    let tsv = |s: &str, t: &str| -> String {
        let (sp, tp) = (dir.join(s), dir.join(t));
        let (a, b, sl, tl) = transalign::jobs::align::read_pair(&sp, &tp, &Default::default()).unwrap();
        let lex = common::lexicon(sl.code(), tl.code());
        let done = transalign::jobs::align::align_texts(a, b, &sl, &tl, Some(&lex), &Default::default());
        let mut out = Vec::new();
        let x = transalign::formats::Aligned {
            alignment: &done.alignment,
            src: &done.src.segments,
            tgt: &done.tgt.segments,
            src_name: s,
            tgt_name: t,
            unaligned: &done.unaligned,
            anchors: &done.anchors,
            warnings: &done.warnings,
            marks: &done.marks,
        };
        transalign::formats::write_tsv(&x, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    for (s, t) in [("nld", "fra"), ("deu", "fra")] {
        let md = tsv(&format!("{s}.md"), &format!("{t}.md"));
        assert!(md.lines().count() > 90);
        for ext in ["epub", "docx"] {
            assert_eq!(tsv(&format!("{s}.{ext}"), &format!("{t}.{ext}")), md, "{s}-{t}.{ext}");
        }
    }
}

/// opus_read (PyPI opustools) reads the shipped XCES with its sentence
/// files, and every pair of texts it prints is ours.
#[test]
fn opus_read_reads_our_xces() {
    let dir = common::root().join("alignments/udhr");
    let tmp = common::tempdir();
    let out = tmp.path().join("pairs.txt");
    run(
        Command::new("opus_read")
            .current_dir(tmp.path())
            .args(["-d", "udhr", "-s", "nl", "-t", "fr", "-p", "raw", "-wm", "moses", "-af"])
            .arg(dir.join("nld-fra.xces.xml"))
            .arg("-dl")
            .arg(&dir)
            .arg("-w")
            .arg(&out),
        "opus_read",
    );
    let theirs = common::read(&out);
    let (nl, fr) = (common::read(&dir.join("nld-fra.nl")), common::read(&dir.join("nld-fra.fr")));
    let ours: Vec<String> = nl.lines().zip(fr.lines()).map(|(a, b)| format!("{a}\t{b}")).collect();
    let theirs: Vec<&str> = theirs.lines().collect();
    assert_eq!(theirs.len(), ours.len());
    for (t, o) in theirs.iter().zip(&ours) {
        assert_eq!(t.trim(), o.trim());
    }
}

/// Bad input in each syntax: exit 2 and the file with the line and column.
#[test]
fn bad_input_in_each_syntax_names_the_place() {
    let tmp = common::tempdir();
    let fails = |name: &str, bytes: &[u8]| -> String {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = assert_cmd::Command::cargo_bin("transalign").unwrap().arg("tei").arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}: wrote output");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = fails("open.dokuwiki", b"====== T ======\n\n===== S =====\n\n  * //Ville conquise, 1932\n");
    assert!(e.contains("open.dokuwiki:5:5: italics opened with '//' is never closed"), "{e}");
    let e = fails("link.dokuwiki", b"====== T ======\n\nZie [[personen:x|x\n");
    assert!(e.contains("link.dokuwiki:3:5: link opened with '[[' is never closed"), "{e}");
    let e = fails("latin1.wiki", b"== S ==\n\nCaf\xe9\n");
    assert!(e.contains("latin1.wiki:3:4: not valid UTF-8"), "{e}");
    let e = fails("nohead.wiki", b"Alleen tekst, geen kop.\n");
    assert!(e.contains("nohead.wiki:1:1: no heading found"), "{e}");
    let e = fails("empty.html", b"<html><body></body></html>");
    assert!(e.contains("empty.html"), "{e}");
    let e = fails("broken.epub", b"PK\x03\x04 not really a zip");
    assert!(e.contains("broken.epub: EPUB: not a readable zip file"), "{e}");
    let e = fails("nodoc.docx", &zip_with(&[("word/other.xml", "<x/>")]));
    assert!(e.contains("nodoc.docx: DOCX: no readable entry word/document.xml"), "{e}");
    let e = fails("badxml.docx", &zip_with(&[("word/document.xml", "<w:document>\n<w:body>\n</w:document>")]));
    assert!(e.contains("badxml.docx: DOCX: word/document.xml:3:"), "{e}");
    let e = fails(
        "nospine.epub",
        &zip_with(&[("mimetype", "application/epub+zip"), ("META-INF/container.xml", "<container/>")]),
    );
    assert!(e.contains("nospine.epub: EPUB: META-INF/container.xml names no rootfile"), "{e}");
}

/// A zip with these entries (stored, uncompressed).
fn zip_with(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn every_format_that_can_hold_a_note_says_the_evidence_was_reduced() {
    let dir = common::tempdir();
    let d = dir.path();
    let (src, tgt) = (common::root().join("corpora/udhr/fra.md"), common::root().join("corpora/udhr/nld.md"));
    let run = |args: &[&str]| {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("transalign"))
            .arg("align")
            .arg(&src)
            .arg(&tgt)
            .args(args)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let said = "reduced evidence, fewer and weaker links than usual: no dictionary (--no-dict)";
    for (format, file, expect) in [
        ("text", "a.txt", format!("WARNING: {said}\n")),
        ("tsv", "a.tsv", format!("# warning: {said}\nfr\tnl\tconfidence\n")),
        ("json", "a.json", format!("\"warnings\": [\n    \"{said}\"\n  ]")),
        ("tmx", "a.tmx", format!("<note>warning: {said}</note>\n  </header>")),
        ("tei", "a.tei.xml", format!("<notesStmt>\n        <note type=\"warning\">{said}</note>")),
        // A comment cannot hold "--".
        (
            "xces",
            "a.xces.xml",
            format!("<cesAlign version=\"1.0\">\n  <!-- warning: {} -->", said.replace("--", "- -")),
        ),
        ("html", "a.html", format!("<p class=\"warning\"><strong>Warning:</strong> {said}</p>")),
    ] {
        run(&["--no-dict", "-q", "--format", format, "-o", file]);
        let text = common::read(&d.join(file));
        assert!(text.contains(&expect), "{format}: {}", &text[..text.len().min(1500)]);
    }
    // Valid still, where a schema says what may hold a note.
    common::jing_validate(&[d.join("a.tei.xml")]);
    crate::multi::xmllint_valid(&d.join("a.tmx"));
    // convert keeps them, and the review page's JSON export does too (model.js).
    let conv = std::process::Command::new(assert_cmd::cargo::cargo_bin("transalign"))
        .args(["convert", "a.json", "--format", "tsv"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&conv.stdout).starts_with(&format!("# warning: {said}\n")));
    // Bare beads and Moses files cannot hold them: convert says them on
    // standard error, as align does (it once said nothing).
    for (format, out) in [("beads", "c.beads"), ("moses", "c")] {
        let conv = std::process::Command::new(assert_cmd::cargo::cargo_bin("transalign"))
            .args(["-q", "convert", "a.json", "--format", format, "-o", out])
            .current_dir(d)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&conv.stderr);
        assert!(conv.status.success() && err.contains(&format!("warning: a.json: {said}")), "{format}: {err}");
    }
    assert!(common::read(&common::root().join("src/review/model.js")).contains("f.warnings = doc.warnings"));
    // With the bundled dictionary and plain languages, nothing to say.
    run(&["-q", "--format", "json", "-o", "b.json"]);
    run(&["-q", "--format", "tsv", "-o", "b.tsv"]);
    assert!(!common::read(&d.join("b.json")).contains("\"warnings\""));
    assert!(common::read(&d.join("b.tsv")).starts_with("fr\tnl\tconfidence\n"));
}
