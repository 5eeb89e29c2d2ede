//! Bugs found by QA, round 7: what the review page's edits mark as checked
//! (src/review/model.js, run in Node).

use crate::common;

use std::process::Command;

/// Run `script` in Node with the review model as `M`; its last line of
/// output is JSON.
fn model(script: &str) -> serde_json::Value {
    let root = common::root();
    let prog = format!("const M = require({:?});\n{script}", root.join("src/review/model.js").to_string_lossy());
    let out = Command::new("node")
        .args(["-e", &prog])
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}); install nodejs (scripts/test does)"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(stdout.trim().lines().last().unwrap_or("")).expect("the script prints JSON")
}

/// A document in the shape of the QA's: a heading "Artículo 1" aligned to
/// "Articolo 1", then the first sentence of the article aligned to two,
/// then a 1-1 link; the aligner's confidences, nothing checked, the middle
/// link flagged.
const DOC: &str = r#"
const seg = (id, text) => ({ id, text, kind: "sentence", block: false, section: false });
const doc = {
  format: "transalign-alignment", version: 2,
  src: { lang: "es", file: "a.md", segments: [seg("s0", "Artículo 1"), seg("s1", "Todos los seres humanos nacen libres."), seg("s2", "Artículo 2"), seg("s3", "Toda persona tiene derechos.")] },
  tgt: { lang: "it", file: "b.md", segments: [seg("t0", "Articolo 1"), seg("t1", "Tutti gli esseri umani nascono liberi."), seg("t2", "Essi sono dotati di ragione."), seg("t3", "Articolo 2"), seg("t4", "Ogni individuo ha diritti.")] },
  links: [
    { src: [0], tgt: [0], confidence: 0.97, checked: false },
    { src: [1], tgt: [1, 2], confidence: 0.8, checked: false, flagged: true },
    { src: [2], tgt: [3], confidence: 0.98, checked: false },
    { src: [3], tgt: [4], confidence: 0.96, checked: false },
  ],
};
const start = M.fromFile(doc);
const H = { undo: [], redo: [] };
const run = (op, s) => { const r = M.doOp(s || start, H, op); if (r.error) throw new Error(op.op + ": " + r.error); return r.state; };
const marks = (l) => ({ n: l.n, checked: !!l.checked, confidence: l.confidence, flagged: !!l.flagged, edited: !!l.edited });
"#;

#[test]
fn review_join_across_links_leaves_the_remainder_unchecked_and_doubtful() {
    let v = model(&format!(
        "{DOC}\nconst s = run({{ op: 'joinSentences', side: 'src', i: 0 }});\n\
         console.log(JSON.stringify(M.toFile(doc, s).links));"
    ));
    let links = v.as_array().unwrap();
    // The heading and the sentence are one now, in the heading's link.
    assert_eq!(links[0]["src"], serde_json::json!([0]));
    assert_eq!(links[0]["tgt"], serde_json::json!([0]));
    // What is left of the sentence's link: its two target sentences, which
    // nobody decided about: not checked, no confidence, still flagged.
    assert_eq!(links[1]["src"], serde_json::json!([]));
    assert_eq!(links[1]["tgt"], serde_json::json!([1, 2]));
    assert_eq!(links[1]["checked"], false, "{}", links[1]);
    assert_eq!(links[1]["confidence"], 0.0, "{}", links[1]);
    assert_eq!(links[1]["edited"], true, "{}", links[1]);
    assert_eq!(links[1]["flagged"], true, "{}", links[1]);
}

#[test]
fn review_edits_check_only_the_link_the_person_decided() {
    let v = model(&format!(
        "{DOC}\nconst out = {{}};\n\
         // Merge: the one link made is the person's.\n\
         out.merge = run({{ op: 'merge', k: 0 }}).links.map(marks);\n\
         // Split of a link of two sentences: one place to cut, both halves decided.\n\
         out.split2 = run({{ op: 'split', k: 0 }}).links.map(marks);\n\
         // Split of three sentences in the middle, the page's guess: both wait for a check.\n\
         out.split3 = run({{ op: 'split', k: 1 }}).links.map(marks);\n\
         // ... unless the person said where.\n\
         out.split3at = run({{ op: 'split', k: 1, a: 1, b: 1 }}).links.map(marks);\n\
         // Moving a sentence: the selected link is decided, the next one is a leftover.\n\
         out.push = run({{ op: 'push', k: 1, side: 'tgt' }}).links.map(marks);\n\
         out.pull = run({{ op: 'pull', k: 0, side: 'tgt' }}).links.map(marks);\n\
         // A move that empties a link is a merge.\n\
         out.pushAll = run({{ op: 'push', k: 2, side: 'src' }}, run({{ op: 'push', k: 2, side: 'tgt' }})).links.map(marks);\n\
         // Splitting or joining sentences inside a link keeps its marks, as a text edit does.\n\
         out.splitSentence = run({{ op: 'splitSentence', side: 'src', i: 1, at: 5 }}).links.map(marks);\n\
         const checked = run({{ op: 'check', k: 1 }});\n\
         out.joinIn = run({{ op: 'joinSentences', side: 'tgt', i: 1 }}, checked).links.map(marks);\n\
         console.log(JSON.stringify(out));"
    ));
    let m = |case: &str, k: usize| -> (bool, f64, bool) {
        let l = &v[case][k];
        (l["checked"].as_bool().unwrap(), l["confidence"].as_f64().unwrap(), l["flagged"].as_bool().unwrap())
    };
    const DECIDED: (bool, f64) = (true, 1.0);
    const LEFT: (bool, f64) = (false, 0.0);
    let cf = |x: (bool, f64, bool)| (x.0, x.1);
    assert_eq!(cf(m("merge", 0)), DECIDED, "{v}");
    assert_eq!(v["merge"][0]["n"], serde_json::json!([2, 3]));
    assert!(m("merge", 0).2, "the merge keeps the flag");
    assert_eq!((cf(m("split2", 0)), cf(m("split2", 1))), (DECIDED, DECIDED), "{v}");
    assert_eq!((cf(m("split3", 1)), cf(m("split3", 2))), (LEFT, LEFT), "{v}");
    assert!(m("split3", 1).2 && m("split3", 2).2, "the halves keep the flag: {v}");
    assert_eq!((cf(m("split3at", 1)), cf(m("split3at", 2))), (DECIDED, DECIDED), "{v}");
    assert_eq!(v["push"][1]["n"], serde_json::json!([1, 1]));
    assert_eq!((cf(m("push", 1)), cf(m("push", 2))), (DECIDED, LEFT), "{v}");
    assert_eq!(v["pull"][0]["n"], serde_json::json!([1, 2]));
    assert_eq!((cf(m("pull", 0)), cf(m("pull", 1))), (DECIDED, LEFT), "{v}");
    assert!(m("pull", 1).2, "the leftover keeps its flag: {v}");
    assert_eq!(v["pushAll"][2]["n"], serde_json::json!([2, 2]), "{v}");
    assert_eq!(cf(m("pushAll", 2)), DECIDED, "{v}");
    // The sentence split and join leave the link as it was: the aligner's
    // confidence, unchecked; or checked when the person had checked it.
    assert_eq!(v["splitSentence"][1]["n"], serde_json::json!([2, 2]));
    assert_eq!(cf(m("splitSentence", 1)), (false, 0.8), "{v}");
    assert_eq!(v["splitSentence"][1]["edited"], true);
    assert_eq!(v["joinIn"][1]["n"], serde_json::json!([1, 1]));
    assert_eq!(cf(m("joinIn", 1)), (true, 0.8), "{v}");
}

/// In the page: joining a sentence with the first of the next link leaves
/// the rest of that link among the doubtful links, as the filter and the
/// status line show.
#[test]
fn review_page_shows_the_remainder_of_a_join_as_doubtful() {
    use crate::common::browser::Browser;
    use serde_json::json;
    let dir = common::tempdir();
    let (a, b, al, page) =
        (dir.path().join("a.txt"), dir.path().join("b.txt"), dir.path().join("a.beads"), dir.path().join("a.html"));
    std::fs::write(&a, "Artikel 1\nAlle mensen worden vrij geboren.\nArtikel 2\nIeder heeft rechten.\n").unwrap();
    std::fs::write(
        &b,
        "Article 1\nTous les êtres humains naissent libres.\nIls sont doués de raison.\nArticle 2\nChacun a des droits.\n",
    )
    .unwrap();
    std::fs::write(&al, "[0]:[0]:0.97\n[1]:[1, 2]:0.80\n[2]:[3]:0.98\n[3]:[4]:0.96\n").unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("transalign"))
        .args(["-q", "review", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--alignment"])
        .arg(&al)
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let br = Browser::start(1280, 900, false);
    br.open(&page);
    br.wait_ready();
    let ran = br.js("return window.transalignReview.run({ op: 'joinSentences', side: 'src', i: 0 });", json!([]));
    assert_eq!(ran, json!(true), "the join ran");
    let links = br.js("return window.transalignReview.links();", json!([]));
    assert_eq!(links[1]["src"], json!([]), "{links}");
    assert_eq!(links[1]["tgt"], json!([1, 2]), "{links}");
    assert_eq!((&links[1]["checked"], &links[1]["confidence"]), (&json!(false), &json!(0)), "{links}");
    br.js(
        "const f = document.getElementById('filter'); f.value = 'doubtful'; f.dispatchEvent(new Event('change'));",
        json!([]),
    );
    let shown = br.js("return [...document.querySelectorAll('#rows .row')].map(r => +r.dataset.k);", json!([]));
    assert!(shown.as_array().unwrap().contains(&json!(1)), "the remainder is doubtful: {shown}");
    let status = br.js("return document.getElementById('status').textContent;", json!([]));
    assert!(status.as_str().unwrap().contains("0 of 4 checked"), "{status}");
}

fn transalign(args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("transalign")).current_dir(common::root()).args(args).output().unwrap()
}

/// `convert --format coverage` writes a multi-alignment's coverage report,
/// as `multi --format coverage` does (the README lists it among the multi
/// formats); it was refused as an unknown format, exit 2. For a pairwise
/// alignment, or with --pair, it is refused with why.
#[test]
fn convert_writes_the_coverage_report_of_a_multi_alignment() {
    let dir = common::tempdir();
    let out = dir.path().join("x.txt");
    let a = transalign(&[
        "convert",
        "alignments/udhr/fra-nld-deu.json",
        "--format",
        "coverage",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let shipped = common::read(&common::root().join("alignments/udhr/fra-nld-deu.coverage.txt"));
    assert_eq!(common::read(&out), shipped, "what multi --format coverage writes");
    // To standard output too.
    let a = transalign(&["convert", "alignments/udhr/fra-nld-deu.json", "--format", "coverage"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(String::from_utf8_lossy(&a.stdout), shipped);

    let pair = dir.path().join("pair.json");
    let seg = |id: &str, t: &str| serde_json::json!({"id": id, "text": t, "kind": "sentence", "block": false, "section": false});
    let file = serde_json::json!({
        "format": "transalign-alignment", "version": 2,
        "src": {"lang": "nl", "file": "a.txt", "segments": [seg("s1", "De stad is groot.")]},
        "tgt": {"lang": "fr", "file": "b.txt", "segments": [seg("s1", "La ville est grande.")]},
        "links": [{"src": [0], "tgt": [0], "confidence": 0.9, "checked": false}],
    });
    std::fs::write(&pair, serde_json::to_string(&file).unwrap()).unwrap();
    let a = transalign(&["convert", pair.to_str().unwrap(), "--format", "coverage"]);
    let err = String::from_utf8_lossy(&a.stderr);
    assert_eq!(a.status.code(), Some(2), "{err}");
    assert!(err.contains("pair.json") && err.contains("multi-alignment") && err.contains("--format coverage"), "{err}");
    assert!(a.stdout.is_empty());
    // The pair's own formats still work.
    let a = transalign(&["convert", pair.to_str().unwrap(), "--format", "tsv"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    // A pair projected out has no coverage.
    let a =
        transalign(&["convert", "alignments/udhr/fra-nld-deu.json", "--pair", "fra", "nld", "--format", "coverage"]);
    let err = String::from_utf8_lossy(&a.stderr);
    assert_eq!(a.status.code(), Some(2), "{err}");
    assert!(err.contains("--pair") && err.contains("coverage"), "{err}");
    // --help lists it.
    let help = String::from_utf8_lossy(&transalign(&["convert", "--help"]).stdout).into_owned();
    assert!(help.contains("coverage"), "{help}");
}

/// Two versions whose files have one name in two directories (v1/t.md,
/// v2/t.md) were both `"file": "t.md"`: which was which could not be told.
/// Now each says as much of its path as tells them apart, and reading the
/// file back finds them by stem-derived name and by that path.
#[test]
fn multi_versions_of_the_same_file_name_keep_their_directories() {
    let dir = common::tempdir();
    for d in ["v1", "v2"] {
        std::fs::create_dir(dir.path().join(d)).unwrap();
    }
    std::fs::write(dir.path().join("fr.md"), "La ville est grande.\n\nLa maison est vieille.\n").unwrap();
    std::fs::write(dir.path().join("v1/t.md"), "De stad is groot.\n\nHet huis is oud.\n").unwrap();
    std::fs::write(dir.path().join("v2/t.md"), "De stad is heel groot.\n\nHet huis is erg oud.\n").unwrap();
    let bin = || {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("transalign"));
        c.current_dir(dir.path());
        c
    };
    let ok = |c: &mut Command| {
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };
    ok(bin().args(["-q", "multi", "fr.md", "v1/t.md", "v2/t.md", "--langs", "fr,nl,nl", "-o", "m.json"]));
    let m: serde_json::Value = serde_json::from_str(&common::read(&dir.path().join("m.json"))).unwrap();
    let files: Vec<&str> = m["versions"].as_array().unwrap().iter().map(|v| v["file"].as_str().unwrap()).collect();
    let names: Vec<&str> = m["versions"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(files, ["fr.md", "v1/t.md", "v2/t.md"]);
    assert_eq!(names, ["fr", "t", "t-2"]);
    // The reports name them apart.
    let cov = String::from_utf8(ok(bin().args(["convert", "m.json", "--format", "coverage"])).stdout).unwrap();
    assert!(cov.contains("v1/t.md") && cov.contains("v2/t.md"), "{cov}");
    // Pairs out of it: by name and by file; the pair is the same.
    let by_name = ok(bin().args(["convert", "m.json", "--pair", "t", "t-2", "--format", "tsv"])).stdout;
    let by_file = ok(bin().args(["convert", "m.json", "--pair", "v1/t.md", "v2/t.md", "--format", "tsv"])).stdout;
    assert_eq!(by_name, by_file);
    assert!(String::from_utf8_lossy(&by_name).contains("De stad is heel groot."));
    let from_pivot = ok(bin().args(["convert", "m.json", "--pair", "fr", "t-2", "--format", "json"])).stdout;
    let p: serde_json::Value = serde_json::from_slice(&from_pivot).unwrap();
    assert_eq!(p["tgt"]["segments"][0]["text"], "De stad is heel groot.");
}
