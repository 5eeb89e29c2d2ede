//! More silent failures where a person touches the tool: `eval`, `multi`,
//! `convert`, `report` given inputs they had not seen (other language
//! pairs, hand-edited files, swapped texts). Each case is a row: the
//! command, the exit status it must give, what its standard error must
//! say.

use std::path::Path;

use crate::common;

/// Run `args` in `dir`; returns the exit code, standard output and error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// Three short segmented texts, Spanish, Italian and Russian (a version in
/// Cyrillic, a pair with no dictionary), of equal length: their beads
/// alone cannot tell one pair of them from another.
fn texts() -> tempfile::TempDir {
    let dir = common::tempdir();
    for (name, text) in [
        ("es.txt", "Hola mundo.\nEl gato come.\nLa casa es grande.\n"),
        ("it.txt", "Ciao mondo.\nIl gatto mangia.\nLa casa è grande.\n"),
        ("ru.txt", "Привет мир.\nКошка ест.\nДом большой.\n"),
        ("it4.txt", "Ciao mondo.\nIl gatto mangia.\nLa casa è grande.\nHa un giardino.\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `eval` of two alignment JSON files checked only that the test named no
/// segment past the gold's: a test of other texts (es → ru against a gold
/// es → it), the other way round (it → es), or cut differently (a gold
/// corrected in review) scored F1 1.000 with exit 0 whenever the counts
/// allowed it. Both files hold their texts' languages and segment counts,
/// and now they must agree, naming both files; a pair out of a
/// multi-alignment (`--pair`) is checked the same way.
#[test]
fn eval_refuses_a_test_of_other_texts_that_its_json_names() {
    let dir = texts();
    let d = dir.path();
    let align = |s: &str, t: &str, sl: &str, tl: &str, o: &str| {
        let (code, _, err) = run(d, &["-q", "align", s, t, "--segmented", "--src-lang", sl, "--tgt-lang", tl, "-o", o]);
        assert_eq!(code, 0, "{err}");
    };
    align("es.txt", "it.txt", "es", "it", "gold.json");
    align("es.txt", "ru.txt", "es", "ru", "es-ru.json");
    align("it.txt", "es.txt", "it", "es", "it-es.json");
    align("es.txt", "it4.txt", "es", "it", "es-it4.json");
    let (code, _, err) =
        run(d, &["-q", "multi", "es.txt", "it.txt", "ru.txt", "--langs", "es,it,ru", "--segmented", "-o", "m.json"]);
    assert_eq!(code, 0, "{err}");
    // (test, --pair, exit status, what standard error must say)
    let cases: &[(&str, &[&str], i32, &str)] = &[
        ("gold.json", &[], 0, ""),
        (
            "es-ru.json",
            &[],
            2,
            "es-ru.json aligns es → ru (3 and 3 segments), the gold gold.json es → it (3 and 3): they align different texts",
        ),
        ("it-es.json", &[], 2, "the test is the other way round"),
        ("m.json", &["--pair", "es", "it"], 0, ""),
        ("m.json", &["--pair", "it", "es"], 2, "m.json aligns it → es"),
        ("m.json", &["--pair", "es", "ru"], 2, "they align different texts"),
    ];
    for (test, pair, want, says) in cases {
        let mut args = vec!["eval", "--gold", "gold.json", "--test", test];
        args.extend_from_slice(pair);
        let (code, out, err) = run(d, &args);
        assert_eq!(code, *want, "eval {args:?}: {out}{err}");
        assert!(err.contains(says), "eval {args:?}: {err}");
        if *want != 0 {
            assert!(out.is_empty(), "eval {args:?} scored anyway: {out}");
        }
    }
    // A gold with a segment fewer on one side (the test reaches past it
    // the other way: the gold is the longer): cut differently.
    let (code, _, err) = run(d, &["eval", "--gold", "es-it4.json", "--test", "gold.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cut into different segments"), "{err}");
}

/// A hand-edited alignment JSON refused by `convert` named one link two
/// ways: its emptiness or confidence counted links from 0 ("link 0 is
/// empty"), its place in the text from 1 ("link 1: source segment index 2
/// where 0 was due"), so a person fixing the file by the message edited
/// the wrong link. Every message now counts from 1, and nothing is written.
#[test]
fn a_hand_edited_alignment_names_each_link_from_1() {
    let dir = texts();
    let d = dir.path();
    let (code, _, err) = run(
        d,
        &["-q", "align", "es.txt", "it.txt", "--segmented", "--src-lang", "es", "--tgt-lang", "it", "-o", "a.json"],
    );
    assert_eq!(code, 0, "{err}");
    let good: serde_json::Value = serde_json::from_str(&common::read(&d.join("a.json"))).unwrap();
    // (what is done to the first link, what the message must say)
    let cases: &[(&str, serde_json::Value, &str)] = &[
        ("src", serde_json::json!([]), "link 1 is empty"),
        ("confidence", serde_json::json!(2.5), "link 1: confidence 2.5 is not in [0, 1]"),
        ("src", serde_json::json!([1]), "link 1: source segment index 1 where 0 was due"),
    ];
    for (field, value, says) in cases {
        let mut f = good.clone();
        f["links"][0][*field] = value.clone();
        if *says == "link 1 is empty" {
            f["links"][0]["tgt"] = serde_json::json!([]);
        }
        std::fs::write(d.join("a.json"), f.to_string()).unwrap();
        let (code, _, err) = run(d, &["convert", "a.json", "-o", "out.tmx"]);
        assert_eq!(code, 2, "{field}={value}: {err}");
        assert!(err.contains(says), "{field}={value}: {err}");
        assert!(!d.join("out.tmx").exists(), "{field}={value}: an output was written");
    }
}

/// An HTML report over more pages than one file holds is an index and part
/// files; run again over fewer pages at the same path, the earlier run's
/// part files stayed beside it, unlinked, holding pages no longer reported.
#[test]
fn a_shorter_html_report_leaves_no_stale_parts() {
    let dir = common::tempdir();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let page = common::read(&common::root().join("corpora/nl/victor-serge.md"));
    let many = transalign::report::PART_PAGES + 5;
    for k in 0..many {
        std::fs::write(pages.join(format!("p{k:03}.md")), &page).unwrap();
    }
    let out = dir.path().join("out/r.html");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let report = |n: &str| run(dir.path(), &["-q", "report", n, "--format", "html", "-o", "out/r.html"]);
    let (code, _, err) = report("pages");
    assert_eq!(code, 0, "{err}");
    let part = |k: usize| out.with_file_name(format!("r-part-{k:03}.html"));
    assert!(part(1).is_file() && part(2).is_file(), "{many} pages: an index and two parts");
    // Fewer pages: one file, and the parts gone.
    for k in 10..many {
        std::fs::remove_file(pages.join(format!("p{k:03}.md"))).unwrap();
    }
    let (code, _, err) = report("pages");
    assert_eq!(code, 0, "{err}");
    assert!(out.is_file());
    assert!(!part(1).exists() && !part(2).exists(), "stale parts left beside the report");
}

/// One file given twice to `multi` (by two names for it) made a second
/// version "fra-2", aligned to the pivot again, exit 0.
#[test]
fn multi_refuses_a_file_given_twice() {
    let root = common::root();
    let (code, _, err) = run(
        &root,
        &["multi", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "./corpora/udhr/fra.md", "--langs", "nl,fr,fr"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("./corpora/udhr/fra.md is given twice (texts 2 and 3)"), "{err}");
}

/// A misspelt mark on a link of a hand-edited alignment (`"checkd"`) was
/// read as no mark and dropped, exit 0; it is refused with its place.
#[test]
fn a_misspelt_field_on_a_link_is_refused() {
    let dir = common::tempdir();
    let root = common::root();
    let a = dir.path().join("a.json");
    let (code, _, err) = run(
        &root,
        &[
            "-q",
            "align",
            "corpora/udhr/nld.md",
            "corpora/udhr/fra.md",
            "--src-lang",
            "nl",
            "--tgt-lang",
            "fr",
            "-o",
            a.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut v: serde_json::Value = serde_json::from_str(&common::read(&a)).unwrap();
    v["links"][3]["checkd"] = serde_json::Value::Bool(true);
    std::fs::write(&a, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let (code, _, err) = run(dir.path(), &["convert", "a.json", "-o", "b.tmx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a.json:") && err.contains("unknown field `checkd`"), "{err}");
    assert!(!dir.path().join("b.tmx").exists(), "nothing written");
}
