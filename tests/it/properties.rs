//! Invariants checked on generated input (proptest): alignments cover every
//! segment once, in order; a page in any syntax survives page → TEI →
//! model → TEI byte for byte; every XML output is well formed with unique
//! ids and pointers that resolve; title links are one-to-one; and output
//! does not depend on the number of threads.

use crate::common;

use proptest::prelude::*;
use transalign::Lang;
use transalign::align::{self, Config, Segment};
use transalign::syntax::Syntax;

fn lang(c: &str) -> Lang {
    Lang::new(c).unwrap()
}

const WORDS: &[&str] = &[
    "de",
    "stad",
    "la",
    "ville",
    "1932",
    "Gent",
    "huis",
    "maison",
    "x",
    "Toulaev",
    "!!!",
    "revolutie",
    "révolution",
    "het",
    "brood",
    "pain",
    "é",
    "ĳs",
    "<&>",
    "\"q\"",
];

fn segments() -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec(
        (prop::collection::vec(prop::sample::select(WORDS), 0..12), any::<bool>(), prop::bool::weighted(0.06)),
        0..70,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (words, block, section))| {
                let mut s = Segment::new(format!("s{}", i + 1), words.join(" "));
                s.starts_block = block;
                s.starts_section = section;
                s
            })
            .collect()
    })
}

/// A generated author page: its title, its sections (heading, paragraphs,
/// list items), written in one syntax.
#[derive(Debug, Clone)]
struct Page {
    title: String,
    sections: Vec<(String, Vec<String>, Vec<String>)>,
}

fn phrase(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&WORDS[..12]), n).prop_map(|w| w.join(" "))
}

fn page() -> impl Strategy<Value = Page> {
    let section = (
        prop::sample::select(&["Teksten", "Bibliografie", "Leven", "Werken", "Noten"][..]),
        prop::collection::vec(phrase(1..14).prop_map(|s| format!("{s}.")), 0..3),
        prop::collection::vec(phrase(1..5), 0..5),
    );
    (phrase(1..3), prop::collection::vec(section, 1..5)).prop_map(|(title, sections)| Page {
        title: title.replace(['!', '<', '&', '>', '"'], "").trim().to_string() + " Naam",
        sections: sections.into_iter().map(|(h, p, l)| (h.to_string(), p, l)).collect(),
    })
}

/// Escape what is markup in a syntax, so generated text stays text.
fn esc(s: &str, syntax: Syntax) -> String {
    match syntax {
        Syntax::Html => s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"),
        Syntax::DokuWiki => format!("%%{s}%%"),
        Syntax::MediaWiki => format!("<nowiki>{s}</nowiki>"),
        _ => s.replace('\\', "\\\\").replace('<', "\\<").replace('&', "\\&").replace('!', "\\!"),
    }
}

fn render(p: &Page, syntax: Syntax) -> String {
    let mut s = String::new();
    let e = |t: &str| esc(t, syntax);
    match syntax {
        Syntax::Markdown => s.push_str(&format!("# {}\n\n", p.title)),
        Syntax::DokuWiki => s.push_str(&format!("====== {} ======\n\n", p.title)),
        Syntax::MediaWiki => s.push_str(&format!("= {} =\n\n", p.title)),
        _ => s.push_str(&format!("<html><body><h1>{}</h1>\n", p.title)),
    }
    for (head, paras, items) in &p.sections {
        match syntax {
            Syntax::Markdown => s.push_str(&format!("## {head}\n\n")),
            Syntax::DokuWiki => s.push_str(&format!("===== {head} =====\n\n")),
            Syntax::MediaWiki => s.push_str(&format!("== {head} ==\n\n")),
            _ => s.push_str(&format!("<h2>{head}</h2>\n")),
        }
        for para in paras {
            match syntax {
                Syntax::Html => s.push_str(&format!("<p>{}</p>\n", e(para))),
                _ => s.push_str(&format!("{}\n\n", e(para))),
            }
        }
        if !items.is_empty() {
            if syntax == Syntax::Html {
                s.push_str("<ul>\n");
            }
            for (k, it) in items.iter().enumerate() {
                let year = 1900 + k;
                match syntax {
                    Syntax::Markdown => s.push_str(&format!("- *{}*, {year}\n", e(it))),
                    Syntax::DokuWiki => s.push_str(&format!("  * //{}//, {year}\n", e(it))),
                    Syntax::MediaWiki => s.push_str(&format!("* ''{}'', {year}\n", e(it))),
                    _ => s.push_str(&format!("<li><em>{}</em>, {year}</li>\n", e(it))),
                }
            }
            s.push_str(if syntax == Syntax::Html { "</ul>\n" } else { "\n" });
        }
    }
    if syntax == Syntax::Html {
        s.push_str("</body></html>\n");
    }
    s
}

fn tei_bytes(doc: &transalign::Document) -> Vec<u8> {
    let mut v = Vec::new();
    transalign::tei::write(doc, &mut v).unwrap();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn every_segment_is_in_exactly_one_link_in_order(src in segments(), tgt in segments()) {
        let a = align::align(&src, &tgt, &lang("nl"), &lang("fr"), None, &Config::default());
        let (mut i, mut j) = (0, 0);
        for l in &a.links {
            prop_assert!(!(l.src.is_empty() && l.tgt.is_empty()), "an empty link");
            for &x in &l.src { prop_assert_eq!(x, i); i += 1; }
            for &y in &l.tgt { prop_assert_eq!(y, j); j += 1; }
            prop_assert!(l.confidence.is_finite() && (0.0..=1.0).contains(&l.confidence));
        }
        prop_assert_eq!((i, j), (src.len(), tgt.len()));
    }

    #[test]
    fn a_page_in_any_syntax_round_trips_through_tei(p in page()) {
        let mut entries = None;
        for syntax in [Syntax::Markdown, Syntax::DokuWiki, Syntax::MediaWiki, Syntax::Html] {
            let src = render(&p, syntax);
            let parsed = transalign::load::page_str(&src, Some(syntax))
                .map_err(|e| TestCaseError::fail(format!("{syntax}: {e}\n{src}")))?;
            let xml = tei_bytes(&parsed.doc);
            let back = transalign::read::tei::read(std::str::from_utf8(&xml).unwrap())
                .map_err(|e| TestCaseError::fail(format!("{syntax}: {e}")))?;
            prop_assert!(back == parsed.doc, "{}: model changed through TEI\n{}", syntax, src);
            prop_assert_eq!(tei_bytes(&back), xml.clone(), "{}: TEI bytes changed", syntax);
            common::assert_ids_sound(std::str::from_utf8(&xml).unwrap(), "page");
            // The bibliographic entries are the same in every syntax.
            let titles: Vec<String> = parsed.doc.bibls().into_iter().map(|b| b.title).collect();
            match &entries {
                None => entries = Some(titles),
                Some(t) => prop_assert_eq!(&titles, t, "{}: entries differ\n{}", syntax, src),
            }
        }
    }

    #[test]
    fn alignment_xml_is_well_formed_with_resolving_ids(src in segments(), tgt in segments()) {
        prop_assume!(!src.is_empty() && !tgt.is_empty());
        use transalign::formats::Format;
        let a = align::align(&src, &tgt, &lang("nl"), &lang("fr"), None, &Config::default());
        let a_len = a.links.len();
        let done = transalign::jobs::align::Done {
            alignment: a,
            src: transalign::align::input::Text { segments: src, lang: Some(lang("nl")), is_tei: false, lang_source: Default::default(), notes: Vec::new() },
            tgt: transalign::align::input::Text { segments: tgt, lang: Some(lang("fr")), is_tei: false, lang_source: Default::default(), notes: Vec::new() },
            unaligned: Vec::new(),
            anchors: Vec::new(),
            // A note no comment or element may hold as it is.
            warnings: vec!["a -- b --> <c> & \u{1}-".into(), "-".into()],
            // Review marks of every combination, as a reviewed file has them.
            marks: (0..a_len).map(|k| transalign::formats::Marks { checked: k % 2 == 0, flagged: k % 3 == 0, edited: k % 5 == 0 }).collect(),
        };
        let dir = common::tempdir();
        let (sp, tp) = (dir.path().join("a.nl"), dir.path().join("b.fr"));
        for f in [Format::Tei, Format::Xces, Format::Tmx] {
            let out = dir.path().join(format!("out.{}", transalign::jobs::output::extension(f)));
            let written = transalign::jobs::output::write(&done, &sp, &tp, f, Some(&out)).unwrap();
            for w in &written {
                let xml = common::read(w);
                transalign::xml::parse(&xml).map_err(|e| TestCaseError::fail(format!("{}: {e}", w.display())))?;
                common::assert_ids_sound(&xml, &w.display().to_string());
            }
            if f == Format::Xces {
                // Every xtarget is an s id of the sentence files.
                let mut ids = std::collections::HashSet::new();
                for w in &written[..2] {
                    let root = transalign::xml::parse(&common::read(w)).unwrap();
                    for p in root.elems() {
                        for s in p.elems() {
                            ids.insert(s.attr("id").unwrap().to_string());
                        }
                    }
                }
                let root = transalign::xml::parse(&common::read(&written[2])).unwrap();
                for l in root.child("linkGrp").unwrap().elems() {
                    for id in l.attr("xtargets").unwrap().split([' ', ';']).filter(|x| !x.is_empty()) {
                        prop_assert!(ids.contains(id), "xtarget {} resolves nowhere", id);
                    }
                }
            }
        }
    }

    #[test]
    fn title_links_are_one_to_one(
        trans in prop::collection::vec(phrase(1..4), 1..8),
        origs in prop::collection::vec(prop::collection::vec(prop::sample::select(&["ville", "maison", "pain", "la", "révolution", "Toulaev", "Gent"][..]), 1..4), 1..8),
    ) {
        let mut src = String::from("# Iemand\n\n## Teksten\n\n");
        for t in &trans { src.push_str(&format!("- *{t}*, 1950\n")); }
        src.push_str("\n## Bibliografie\n\n");
        for o in &origs { src.push_str(&format!("- *{}*, Paris, 1930\n", o.join(" "))); }
        let Ok(p) = common::md_page(&src) else { return Ok(()) };
        let lex = common::lexicon("nl", "fr");
        let a = transalign::titles::align(&p.doc, &transalign::titles::Resources { lex: Some(&lex), morph: None }, "", Default::default());
        // Each original goes with one work: titles linked to it are one
        // title, however spelled.
        let key = |t: &str| transalign::text::fold(t).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        let mut by_original: std::collections::HashMap<String, String> = Default::default();
        for l in &a.links {
            if let Some(o) = &l.original {
                let k = key(&l.translation.title);
                let prev = by_original.entry(o.id.clone()).or_insert_with(|| k.clone());
                prop_assert_eq!(&*prev, &k, "two works linked to {}", o.title);
            }
        }
        prop_assert!(a.coverage.translated <= a.coverage.originals);
    }
}

/// The same input gives the same bytes with 1, 2 and 8 threads.
#[test]
fn output_does_not_depend_on_threads() {
    let root = common::root();
    let run = |threads: &str, args: &[&str]| -> Vec<u8> {
        let out = assert_cmd::Command::cargo_bin("transalign")
            .unwrap()
            .current_dir(&root)
            .env("RAYON_NUM_THREADS", threads)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let jobs: [&[&str]; 3] = [
        &["tei", "corpora/nl/victor-serge.md"],
        &["align", "corpora/udhr/deu.md", "corpora/udhr/fra.md", "--format", "tei"],
        &["report", "corpora/nl/victor-serge.md", "corpora/nl/elisee-reclus.dokuwiki", "--format", "json"],
    ];
    for args in jobs {
        let one = run("1", args);
        assert!(!one.is_empty());
        for t in ["2", "8"] {
            assert!(run(t, args) == one, "{args:?} differs with {t} threads");
        }
    }
}
