//! Random pages built from wiki-like pieces (and some noise): parsing never
//! panics, and whatever parses writes TEI that reads back to the same model
//! and the same bytes. A fixed-seed generator keeps runs reproducible.

use crate::common;

use transalign::tei;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "# Titel\n\n",
    "## Teksten\n\n",
    "## Bibliografie\n\n",
    "### Fictie\n\n",
    "#### Diep\n\n",
    "- [De stad](#), 1967 (Boek, roman)\n",
    "- *La Ville*, Parijs (Maspero), 1932 (samen met A. B.)\n",
    "- *Titel, met komma*, *Blad*, Gent, n°3, 18 april 1908 (onder pseudoniem X Y)\n",
    "1. genummerd item\n",
    "   - genest item\n",
    "Een zin. Nog een zin met o.a. een afkorting. En *een titel* van Iemand.\n\n",
    "**Naam Achternaam** (Gent, 1 mei 1900 - Luik, 2 juni 1980) was iemand.\n\n",
    "> citaat met **vet**\n\n",
    "```\ncode <x> & y\n```\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "Tekst met [link](http://x.org/?a=1&b=2) en `code` en ~~weg~~.\n\n",
    "Regel met harde  \nbreuk.\n\n",
    "Rare tekens: < > & \" ' é ü ĳ ß 🙂 עברית\n\n",
    "Tab\there en \\*ontsnapt\\* en snake_case.\n\n",
    "\r\n",
    "\n\n",
    "From:\n\n<http://example.org/> - **Site**\n\nPermanent link:\n\n[http://example.org/p](http://example.org/p)\n\nLast update: **01/02/21 10:00**\n",
    "***\n\n",
    "<div>html blok</div>\n\n",
    "[^1]: voetnoot\n\n",
    "* ster item\n",
    "+ plus item\n",
    "Setext kop\n---------\n\n",
];

#[test]
fn random_pages_never_panic_and_round_trip() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut parsed, mut rejected) = (0, 0);
    for _ in 0..1000 {
        let mut src = String::new();
        let n = 1 + rng.next() % 24;
        for _ in 0..n {
            src.push_str(rng.pick(PIECES));
        }
        match common::md_page(&src) {
            Ok(p) => {
                let mut a = Vec::new();
                tei::write(&p.doc, &mut a).unwrap_or_else(|e| panic!("write failed: {e}\n---\n{src}"));
                let xml = String::from_utf8(a).unwrap();
                let back = transalign::read::tei::read(&xml)
                    .unwrap_or_else(|e| panic!("read failed: {e}\n---\n{src}\n---\n{xml}"));
                assert!(back == p.doc, "model differs after TEI round trip for:\n{src}");
                let mut b = Vec::new();
                tei::write(&back, &mut b).unwrap();
                assert_eq!(b, xml.as_bytes(), "bytes differ for:\n{src}");
                let mut streamed = Vec::new();
                transalign::load::Input::from_text(&src, Some(transalign::syntax::Syntax::Markdown))
                    .write_tei(&mut streamed)
                    .unwrap();
                assert_eq!(streamed, xml.as_bytes(), "stream differs for:\n{src}");
                parsed += 1;
            }
            Err(e) => {
                // Refusals say what, and where when it is a place in the text.
                let m = e.to_string();
                if let transalign::ErrorKind::Markup { pos, .. } = &e.kind {
                    assert!(pos.line >= 1 && m.starts_with(&format!("{}:{}:", pos.line, pos.col)), "{m}");
                }
                assert!(!m.is_empty());
                rejected += 1;
            }
        }
    }
    assert!(parsed > 700, "parsed {parsed}, rejected {rejected}");
}

#[test]
fn alignment_of_random_segment_lists_is_well_formed() {
    use transalign::Lang;
    use transalign::align::{self, Config, Segment};
    let mut rng = Rng(0xA11C_0FFE_E000_0042);
    let words = ["de", "stad", "la", "ville", "1932", "Gent", "huis", "maison", "", "x", "Toulaev", "!!!"];
    for round in 0..60 {
        let mk = |rng: &mut Rng, n: u64| -> Vec<Segment> {
            (0..n)
                .map(|i| {
                    let len = rng.next() % 12;
                    let text: Vec<&str> = (0..len).map(|_| rng.pick(&words)).collect();
                    let mut s = Segment::new(format!("s{i}"), text.join(" "));
                    s.starts_block = rng.next().is_multiple_of(5);
                    s.starts_section = rng.next().is_multiple_of(17);
                    s
                })
                .collect()
        };
        let (n, m) = (rng.next() % 90, rng.next() % 90);
        let (src, tgt) = (mk(&mut rng, n), mk(&mut rng, m));
        let a =
            align::align(&src, &tgt, &Lang::new("nl").unwrap(), &Lang::new("fr").unwrap(), None, &Config::default());
        let (mut i, mut j) = (0, 0);
        for l in &a.links {
            assert!(
                l.src.iter().all(|&x| {
                    let ok = x == i;
                    i += 1;
                    ok
                }),
                "round {round}"
            );
            assert!(
                l.tgt.iter().all(|&x| {
                    let ok = x == j;
                    j += 1;
                    ok
                }),
                "round {round}"
            );
            assert!(l.confidence.is_finite() && (0.0..=1.0).contains(&l.confidence), "round {round}: {}", l.confidence);
        }
        assert_eq!((i, j), (src.len(), tgt.len()), "round {round}");
    }
}

/// Every input a fuzz target once crashed on (minimised, in
/// `tests/data/fuzz/TARGET/`) runs through the same check again.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut n = 0;
    for target in transalign::fuzzing::TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        for e in dir {
            let p = e.unwrap().path();
            let data = std::fs::read(&p).unwrap();
            let r = std::panic::catch_unwind(|| transalign::fuzzing::run(target, &data));
            assert!(r.is_ok(), "{target}: {} fails again", p.display());
            n += 1;
        }
    }
    assert!(n >= 1, "no regression inputs found under {}", root.display());
}

#[test]
fn windows_line_ends_read_as_unix_ones_in_every_syntax() {
    let dir = common::tempdir();
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(common::root().join("corpora/nl"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| transalign::load::is_page(p))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "pages in every syntax: {names:?}");
    for p in names {
        let text = common::read(&p);
        let crlf = dir.path().join(p.file_name().unwrap());
        std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
        let tei = |path: &std::path::Path| {
            let mut out = Vec::new();
            transalign::load::Input::open(path, None).unwrap().write_tei(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let (lf, crlf) = (tei(&p), tei(&crlf));
        assert!(lf.contains("<div"), "{}: no sections", p.display());
        assert_eq!(crlf, lf, "{}: CR LF changed the TEI", p.display());
    }
}
