//! Silent failures found by QA, round 8 (a new user following the README,
//! flags combined in odd ways, hand-edited and foreign inputs): each test
//! fails on the code before its fix.

use std::path::Path;

use crate::common;

/// Run `args` in `dir`; returns the exit code, standard output and error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// `titles --lang de` and `report --lang de` on a Dutch page matched its
/// titles as Dutch (the listed translations' own language wins over the
/// flag), exit 0, and said nothing: the flag was accepted and ignored.
/// Now a warning names the flag, the language used and the page; a flag
/// that agrees says nothing.
#[test]
fn a_lang_flag_the_titles_overrule_is_warned_about() {
    let root = common::root();
    let page = "corpora/nl/victor-serge.md";
    for cmd in ["titles", "report"] {
        let (code, out, err) = run(&root, &[cmd, page, "--lang", "de", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\"translations\": \"nl\""), "{cmd}: {out}");
        assert!(
            err.contains(
                "victor-serge.md: --lang says de (German), but its translated titles read as nl (Dutch), \
                 the language they were matched in; check --lang"
            ),
            "{cmd}: {err}"
        );
        let (code, _, err) = run(&root, &[cmd, page, "--lang", "nl", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(!err.contains("check --lang"), "{cmd}: {err}");
    }
}

/// `convert out.tmx` said "out.tmx:1:1: expected value", `eval --test
/// out.tmx` and `review --alignment out.tmx` "expected '['": serde's and
/// the beads reader's words, naming neither what the file is nor what is
/// due. Each of the tool's own outputs given where an alignment JSON (or
/// beads) is read is now named for what it is.
#[test]
fn an_output_of_another_format_given_as_an_alignment_is_named() {
    let root = common::root();
    let dir = common::tempdir();
    let d = dir.path();
    let (nl, fr) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let (nl, fr) = (nl.to_str().unwrap(), fr.to_str().unwrap());
    let (code, _, err) = run(d, &["-q", "align", nl, fr, "-o", "a.json"]);
    assert_eq!(code, 0, "{err}");
    for (file, format, kind) in [
        ("a.tmx", "tmx", "a TMX file"),
        ("a.tei.xml", "tei", "a TEI file"),
        ("a.xces.xml", "xces", "an XCES alignment"),
        ("a.tsv", "tsv", "a TSV file"),
        ("a.beads", "beads", "beads"),
        ("a.html", "html", "an HTML page"),
    ] {
        let (code, _, err) = run(d, &["-q", "convert", "a.json", "--format", format, "-o", file]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(d, &["convert", file, "-o", "b.json"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!(
                "{file}:1:1: not a transalign-alignment file: it is {kind}; give the alignment JSON"
            )),
            "{err}"
        );
        let (code, _, err) = run(d, &["convert", file, "--pair", "nl", "fr", "-o", "b.tsv"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(&format!("{file}:1:1: not a transalign-multi file: it is {kind}")), "{err}");
        if kind != "beads" {
            let (code, _, err) = run(d, &["eval", "--gold", "a.json", "--test", file]);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains(&format!("{file}:1:1: not beads or an alignment JSON: it is {kind}")), "{err}");
            let (code, _, err) = run(d, &["review", nl, fr, "--alignment", file, "-o", "r.html"]);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains(&format!("{file}:1:1: not beads or an alignment JSON: it is {kind}")), "{err}");
        }
    }
    std::fs::write(d.join("plain.txt"), "Een zin.\nNog een.\n").unwrap();
    let (code, _, err) = run(d, &["convert", "plain.txt", "-o", "b.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("plain.txt:1:1: not a transalign-alignment file: it is not JSON"), "{err}");
    assert!(!d.join("b.json").exists() && !d.join("b.tsv").exists());
}

/// `review --serve -o A.json` replaced `A.json` whole at every save, so
/// whatever changed it meanwhile (a second `review --serve` of the same
/// file, a person's editor) was lost at the next edit, without a word.
/// Now the server sees that the file is no longer the one it wrote, keeps
/// it, says so on standard error and in its status (which the page shows),
/// and exits 2 when stopped with the work unsaved.
#[test]
fn a_served_review_never_overwrites_a_file_changed_under_it() {
    use std::io::BufRead;
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Een.\nTwee.\nDrie.\n").unwrap();
    std::fs::write(d.join("b.txt"), "Un.\nDeux.\nTrois.\n").unwrap();
    let saved = d.join("A.json");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("transalign"))
        .current_dir(d)
        .args(["review", "a.txt", "b.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"])
        .args(["--no-dict", "--serve", "-o", "A.json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
    let (base, token) = url.trim().split_once("/?t=").expect("the URL first");
    let (base, token) = (base.to_string(), token.to_string());
    let read = || -> serde_json::Value { serde_json::from_str(&common::read(&saved)).unwrap() };
    let check = |rev: u64, k: usize| {
        let body = serde_json::json!({"rev": rev, "kind": "do", "label": "check", "sel": k,
            "splice": {"k": k, "rm": 1, "add": [{"n": [1, 1], "confidence": 1.0, "checked": true}]}});
        let r = ureq::post(&format!("{base}/api/edit?t={token}")).send_string(&body.to_string());
        assert_eq!(r.map(|r| r.status()).unwrap_or(0), 200);
    };
    let wait = || std::thread::sleep(std::time::Duration::from_millis(900));
    check(0, 0);
    wait();
    let mut f = read();
    assert_eq!(f["links"][0]["checked"], true, "the server saves: {f}");
    // A person flags the third link in an editor.
    f["links"][2]["flagged"] = serde_json::json!(true);
    std::fs::write(&saved, serde_json::to_string_pretty(&f).unwrap()).unwrap();
    check(1, 1);
    wait();
    let f = read();
    assert_eq!(f["links"][2]["flagged"], true, "the person's change is kept: {f}");
    let status: serde_json::Value = serde_json::from_str(
        &ureq::get(&format!("{base}/api/status?t={token}")).call().unwrap().into_string().unwrap(),
    )
    .unwrap();
    assert!(status["error"].as_str().unwrap_or("").contains("A.json was changed on disk"), "{status}");
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("A.json was changed on disk since this review saved it"), "{err}");
    assert_eq!(read()["links"][2]["flagged"], true);
}

/// The CLI refuses `-o` naming one of its inputs before aligning, but
/// the library's writer, which Python's `Alignment.write(path)` calls,
/// did not: `a.write("nld.md")` (no format: beads) replaced the source
/// text with beads. The writer now refuses it itself, and keeps the text.
#[test]
fn the_library_writer_never_replaces_an_input_text() {
    use transalign::formats::Format;
    use transalign::jobs::align::{ReadAs, align_pair};
    let dir = common::tempdir();
    let (src, tgt) = (dir.path().join("nld.txt"), dir.path().join("fra.txt"));
    let (s, t) = ("Een.\nTwee.\nDrie.\n", "Un.\nDeux.\nTrois.\n");
    std::fs::write(&src, s).unwrap();
    std::fs::write(&tgt, t).unwrap();
    let read = ReadAs {
        segmented: true,
        syntax: None,
        src_lang: transalign::Lang::new("nl"),
        tgt_lang: transalign::Lang::new("fr"),
    };
    let data = transalign::data::DataConfig::default();
    let done = align_pair(&src, &tgt, &read, &data, &Default::default(), false, &mut transalign::jobs::Silent)
        .expect("aligned");
    for (format, out) in [(Format::Beads, &src), (Format::Tsv, &tgt), (Format::Xces, &src)] {
        let e = transalign::jobs::output::write(&done, &src, &tgt, format, Some(out)).expect_err("refused");
        assert!(e.to_string().contains("it would be overwritten"), "{format:?}: {e}");
    }
    assert_eq!(common::read(&src), s);
    assert_eq!(common::read(&tgt), t);
}

/// A hand-edited alignment JSON refused for a link, a segment or a
/// language gave the place 1:1 whatever the fault: in the file `align
/// --format json` writes (a field a line, thousands of lines) the place
/// sent the person to the top. Each message now gives the line and
/// column of what it names; the message itself is unchanged.
#[test]
fn a_hand_edited_alignment_error_gives_the_line_of_what_it_names() {
    let root = common::root();
    let dir = common::tempdir();
    let d = dir.path();
    let (nl, fr) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let (code, _, err) = run(d, &["-q", "align", nl.to_str().unwrap(), fr.to_str().unwrap(), "-o", "a.json"]);
    assert_eq!(code, 0, "{err}");
    let text = common::read(&d.join("a.json"));
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    let n = good["links"].as_array().unwrap().len();
    // The line a pretty-printed value starts on: the writer's layout,
    // found by the line of the `"src": [` that opens link `k`.
    let link_line = |t: &str, k: usize| {
        let links = t.find("\"links\": [").unwrap();
        let mut at = links;
        for _ in 0..=k {
            at += t[at..].find("\n    {").unwrap() + 1;
        }
        t[..at].matches('\n').count() + 1
    };
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Edit, String, String)> = vec![
        (
            Box::new(move |v| v["links"][n - 1]["tgt"] = serde_json::json!([999])),
            format!("e.json:{}:5: link {n}: target segment index 999", link_line(&text, n - 1)),
            "the last link past the end".into(),
        ),
        (
            Box::new(|v| v["links"][40]["confidence"] = serde_json::json!(1.5)),
            format!("e.json:{}:5: link 41: confidence 1.5", link_line(&text, 40)),
            "a confidence out of range".into(),
        ),
        (
            Box::new(|v| v["src"]["segments"][3]["kind"] = serde_json::json!("poem")),
            "source segment 3: unknown kind".into(),
            "an unknown kind".into(),
        ),
    ];
    for (edit, says, what) in cases {
        let mut v = good.clone();
        edit(&mut v);
        let edited = serde_json::to_string_pretty(&v).unwrap();
        std::fs::write(d.join("e.json"), &edited).unwrap();
        for args in [&["convert", "e.json", "-o", "out.tmx"][..], &["eval", "--gold", "a.json", "--test", "e.json"]] {
            let (code, _, err) = run(d, args);
            assert_eq!(code, 2, "{what}: {err}");
            assert!(err.contains(&says), "{what}: {args:?}: expected {says:?} in {err}");
            assert!(!err.contains("e.json:1:1:"), "{what}: {err}");
        }
    }
    assert!(!d.join("out.tmx").exists());
    // The segment's own line: the `{` that opens source segment 3.
    let mut v = good.clone();
    v["src"]["segments"][3]["kind"] = serde_json::json!("poem");
    let edited = serde_json::to_string_pretty(&v).unwrap();
    let line = edited.lines().position(|l| l.contains("\"kind\": \"poem\"")).unwrap() + 1;
    std::fs::write(d.join("e.json"), &edited).unwrap();
    let (_, _, err) = run(d, &["convert", "e.json", "-o", "out.tmx"]);
    let place: usize = err.split("e.json:").nth(1).and_then(|r| r.split(':').next()).unwrap().parse().unwrap();
    assert!((line - 3..line).contains(&place), "segment 3 opens just above its kind (line {line}): {err}");
}

/// A data directory named in `$TRANSALIGN_DATA` (or the system's
/// `$TRANSALIGN_DICT_DIR`) that is not there was skipped without a word:
/// `TRANSALIGN_DATA=/data/lexicns` (a typo) aligned with the built-in
/// dictionaries, exit 0, and only `data list` said "absent". Every command
/// that looks data up now warns, naming the variable and the directory;
/// one that is there says nothing.
#[test]
fn a_data_directory_named_in_the_environment_that_is_not_there_is_said() {
    let root = common::root();
    let dir = common::tempdir();
    let missing = dir.path().join("lexicns");
    let page = root.join("corpora/nl/victor-serge.md");
    let run_env = |var: &str, value: &Path| {
        let out = assert_cmd::Command::cargo_bin("transalign")
            .unwrap()
            .current_dir(dir.path())
            .env(var, value)
            .env_remove("TRANSALIGN_NO_SYSTEM_DATA")
            .args(["-q", "titles"])
            .arg(&page)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run_env("TRANSALIGN_DATA", &missing);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "warning: $TRANSALIGN_DATA names {}, which does not exist: no data is read from it",
            missing.display()
        )),
        "{err}"
    );
    let (_, err) = run_env("TRANSALIGN_DICT_DIR", &missing);
    assert!(err.contains("$TRANSALIGN_DICT_DIR names"), "{err}");
    let (code, err) = run_env("TRANSALIGN_DATA", dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("names"), "{err}");
}

/// The review page keeps its undo history in the browser keyed by the
/// two texts alone, and replayed it by link position on reopening: a page
/// made again with another alignment of the same texts (other flags, a
/// newer aligner) took the earlier page's check of link 3 as a check of
/// whatever link 3 now was, and said "restored your saved work". The page
/// now saves the fingerprint of the alignment the history starts from and
/// restores it on that alignment only, each edit where it finds the links
/// it was made on (`restore` in `src/review/model.js`); else the work is
/// kept aside and the page says so.
#[test]
fn saved_review_work_is_not_replayed_on_another_alignment_of_the_same_texts() {
    let root = common::root();
    let script = format!(
        "const M = require({:?});\n{}",
        root.join("src/review/model.js").to_string_lossy(),
        r#"
const seg = (id, text) => ({ id, text, kind: "sentence", block: false, section: false });
const texts = {
  src: { lang: "nl", file: "a.md", segments: [seg("s0", "Een."), seg("s1", "Twee."), seg("s2", "Drie."), seg("s3", "Vier.")] },
  tgt: { lang: "fr", file: "b.md", segments: [seg("t0", "Un."), seg("t1", "Deux."), seg("t2", "Trois."), seg("t3", "Quatre.")] },
};
const link = (s, t) => ({ src: s, tgt: t, confidence: 0.9, checked: false });
const a = { format: "transalign-alignment", version: 2, ...texts,
  links: [link([0], [0]), link([1], [1]), link([2], [2]), link([3], [3])] };
// The same texts aligned otherwise: the first two sentences as one link.
const b = { format: "transalign-alignment", version: 2, ...texts,
  links: [link([0, 1], [0, 1]), link([2], [2]), link([3], [3])] };
// The person checks link 3 of the first page (Drie ↔ Trois).
const r = M.doOp(M.fromFile(a), { undo: [], redo: [] }, { op: "check", k: 2 });
if (r.error) throw new Error(r.error);
const saved = r.history.undo;
const out = {};
out.same = M.toFile(a, M.replayChecked(M.fromFile(a), saved)).links.map((l) => [l.src, l.checked]);
// What the plain replay makes of it on the other page: counts add up.
const blind = M.replay(M.fromFile(b), saved.map((e) => e.do));
out.blindValid = M.check(blind) === null;
out.blind = M.toFile(b, blind).links.map((l) => [l.src, l.checked]);
// The record the page saves: the history and the fingerprint of the
// alignment it starts from.
const rec = { undo: saved, redo: [], base: M.fingerprint(M.fromFile(a)) };
out.restored = M.toFile(a, M.restore(rec, M.fromFile(a))).links.map((l) => [l.src, l.checked]);
try { M.restore(rec, M.fromFile(b)); out.other = "replayed"; } catch (e) { out.other = e.message; }
// A record saved before the fingerprint: each edit must find the links it
// was made on; here it does (same shape), which is all such a record tells.
try { M.replayChecked(M.fromFile(b), [{ ...saved[0], do: { ...saved[0].do, k: 0 }, undo: { ...saved[0].undo, k: 0 } }]); out.moved = "replayed"; } catch (e) { out.moved = e.message; }
console.log(JSON.stringify(out));
"#
    );
    let out = std::process::Command::new("node")
        .args(["-e", &script])
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}); install nodejs (scripts/test does)"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout.trim().lines().last().unwrap_or("")).unwrap();
    // On its own page the work comes back: link 3 checked.
    assert_eq!(v["same"][2], serde_json::json!([[2], true]), "{v}");
    // The blind replay is what the page did: a valid alignment, with the
    // check on Vier ↔ Quatre, which the person never checked.
    assert_eq!(v["blindValid"], true, "{v}");
    assert_eq!(v["blind"][2], serde_json::json!([[3], true]), "{v}");
    assert_eq!(v["restored"], v["same"], "{v}");
    assert_eq!(
        v["other"], "the saved work was made on another alignment of these texts (this page was made again)",
        "{v}"
    );
    // Without a fingerprint, an edit that does not find the links it was
    // made on is refused too (link 1 of the other page is a 2-2).
    assert_eq!(v["moved"], "saved edit 1 (check) was made on another alignment of these texts", "{v}");
    // And the page uses the checked replay.
    let page = common::read(&root.join("src/review/review.js"));
    assert!(page.contains("M.restore(rec, pageRoot)"), "review.js restores through M.restore");
    assert!(page.contains("base: BASE"), "review.js saves the fingerprint");
}

/// `review --serve -o DIR` was told "DIR exists: resume the review in it
/// with --alignment DIR", which no run could do. Now the error says it is
/// a directory and what to give.
#[test]
fn a_served_review_into_a_directory_says_it_is_one() {
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Een.\nTwee.\n").unwrap();
    std::fs::write(d.join("b.txt"), "Un.\nDeux.\n").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let (code, out, err) = run(
        d,
        &["review", "a.txt", "b.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--no-dict"]
            .into_iter()
            .chain(["--serve", "-o", "out"])
            .collect::<Vec<_>>(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no URL: {out}");
    assert!(err.contains("-o out is a directory: --serve saves the alignment JSON to a file"), "{err}");
    assert!(!err.contains("resume the review in it"), "{err}");
}
