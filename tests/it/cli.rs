//! The command line: exit codes, error messages that name the file and the
//! place, and outputs that are either whole or absent.

use std::path::Path;

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    Command::cargo_bin("transalign").expect("binary built")
}

#[test]
fn tei_writes_valid_output_to_file_and_stdout() {
    let dir = common::tempdir();
    let out = dir.path().join("serge.xml");
    bin().args(["tei", "corpora/nl/victor-serge.md", "-o"]).arg(&out).current_dir(common::root()).assert().success();
    let stdout = bin().args(["tei", "corpora/nl/victor-serge.md"]).current_dir(common::root()).output().unwrap();
    assert!(stdout.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), stdout.stdout);
    common::jing_validate(&[out]);
}

/// Run `tei` on a file with the given bytes; returns (stderr) after checking exit 2
/// and that a pre-existing output file is left untouched.
fn tei_fails(name: &str, bytes: &[u8]) -> String {
    let dir = common::tempdir();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out.xml");
    std::fs::write(&out, "previous").unwrap();
    let a = bin().arg("tei").arg(&input).arg("-o").arg(&out).assert().code(2);
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous", "output was touched");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn non_utf8_input_names_file_line_and_byte() {
    let e = tei_fails("latin1.md", b"# T\n\n## S\n\nCaf\xe9 is hier.\n");
    assert!(e.contains("latin1.md:5:4: not valid UTF-8 (byte 0xe9)"), "{e}");
}

/// HTML and XML that declare their encoding are read by it, as a browser
/// reads them (pages saved from older sites are often ISO-8859-1), with a
/// warning; they were refused as not UTF-8. Without a declaration, or
/// declaring UTF-8, the bytes are still refused with their place.
#[test]
fn html_and_tei_are_read_in_the_encoding_they_declare() {
    let dir = common::tempdir();
    let page = dir.path().join("zola.html");
    std::fs::write(
        &page,
        b"<html><head><meta charset=\"iso-8859-1\"></head><body><h1>\xc9mile Zola</h1>\
          <p>\xc9mile Zola was een Franse schrijver, bekend om zijn romans over het leven in Parijs.</p>\
          <h2>Bibliografie</h2><ul><li><i>Th\xe9r\xe8se Raquin</i>, Parijs, 1867</li></ul></body></html>",
    )
    .unwrap();
    let out = bin().arg("tei").arg(&page).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains("<title>Émile Zola</title>") && xml.contains(">Thérèse Raquin</title>"), "{xml}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("zola.html: not UTF-8: read as windows-1252, the encoding the file declares"), "{err}");

    // The TEI read back from ISO-8859-1 is the same document.
    let tei = dir.path().join("zola.tei.xml");
    let latin1: Vec<u8> = xml
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("the page is Latin-1"))
        .collect();
    std::fs::write(&tei, latin1).unwrap();
    let again = bin().arg("tei").arg(&tei).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(String::from_utf8(again.stdout).unwrap(), xml);

    let e = tei_fails("utf8.html", b"<html><head><meta charset=utf-8></head><body><h1>Caf\xe9</h1></body></html>");
    assert!(e.contains("utf8.html:1:53: not valid UTF-8 (byte 0xe9)"), "{e}");
}

#[test]
fn empty_file_is_an_error() {
    let e = tei_fails("empty.md", b"");
    assert!(e.contains("empty.md: no text in the file"), "{e}");
    let e = tei_fails("blank.md", b"\n  \n\n");
    assert!(e.contains("blank.md: no text in the file"), "{e}");
}

#[test]
fn page_without_headings_is_an_error() {
    let e = tei_fails("nohead.md", b"Just text.\n\nMore text.\n");
    assert!(e.contains("nohead.md:1:1: no heading found"), "{e}");
    // Headings without words are none: such a page gave a TEI of an empty
    // <title> and an empty <head>, exit 0.
    let e = tei_fails("blankheads.md", b"# \n\n## \n");
    assert!(e.contains("blankheads.md:1:1: no heading found"), "{e}");
}

#[test]
fn unterminated_emphasis_names_line_and_column() {
    let e = tei_fails("open.md", b"# T\n\n## Bibliografie\n\n- *Ville conquise, Parijs, 1932\n- *Goed*, 1930\n");
    assert!(e.contains("open.md:5:3: emphasis opened with '*' is never closed"), "{e}");
    let e = tei_fails("open2.md", b"# T\n\n## S\n\nEen zin met _open nadruk.\n");
    assert!(e.contains("open2.md:5:13:"), "{e}");
}

#[test]
fn literal_asterisks_that_cannot_open_emphasis_are_fine() {
    let dir = common::tempdir();
    let input = dir.path().join("ok.md");
    std::fs::write(&input, "# T\n\n## S\n\nVijf * drie is vijftien, en snake_case blijft. Een \\*ster.\n").unwrap();
    bin()
        .arg("tei")
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Vijf * drie is vijftien, en snake_case blijft.</s>"))
        .stdout(predicate::str::contains(">Een *ster.</s>"));
}

#[test]
fn directory_and_missing_paths() {
    bin()
        .args(["tei", "corpora"])
        .current_dir(common::root())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("corpora: is a directory"));
    bin()
        .args(["tei", "no/such/page.md"])
        .current_dir(common::root())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/page.md: No such file"));
}

#[test]
fn output_into_missing_directory_fails_cleanly() {
    bin()
        .args(["tei", "corpora/nl/victor-serge.md", "-o", "/nonexistent-dir/x.xml"])
        .current_dir(common::root())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent-dir/x.xml"));
}

fn scratch(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = common::tempdir();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn align_rejects_empty_and_broken_inputs_by_name() {
    let dir = scratch(&[
        ("empty.txt", b""),
        ("nl.txt", b"Een zin.\nNog een zin.\n"),
        ("latin1.txt", b"Caf\xe9 au lait.\n"),
        ("cp1252.txt", b"\x93Caf\xe9\x94 \x96 au lait\x85\n"),
        ("bad.index", b"no tabs here\n"),
        ("bad.dict", b"x"),
        ("bad2.index", b"stad\tA\tB\n"),
        ("bad2.dict.dz", b"not gzip"),
    ]);
    let run = |args: &[&str]| bin().current_dir(dir.path()).args(args).assert().code(2);
    run(&["align", "empty.txt", "nl.txt", "--src-lang", "nl", "--tgt-lang", "fr"])
        .stderr(predicate::str::contains("empty.txt: no text in the file"));
    run(&["align", "nl.txt", "empty.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"])
        .stderr(predicate::str::contains("empty.txt: no text in the file"));
    run(&["align", "nl.txt", "latin1.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"])
        .stderr(predicate::str::contains("latin1.txt:1:4: not valid UTF-8"))
        .stderr(predicate::str::contains("iconv -f latin1 -t utf-8"));
    // Windows-1252's quotes and dashes (0x80-0x9F) are control characters
    // in Latin-1: the Latin-1 hint turned them into invisible ones.
    run(&["align", "nl.txt", "cp1252.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"])
        .stderr(predicate::str::contains("cp1252.txt:1:1: not valid UTF-8 (byte 0x93)"))
        .stderr(predicate::str::contains("iconv -f windows-1252 -t utf-8"));
    run(&["align", "nl.txt", "nl.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--dict", "bad.index"])
        .stderr(predicate::str::contains("bad.index:1:1: expected 'headword<TAB>offset<TAB>length'"));
    run(&["align", "nl.txt", "nl.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--dict", "bad2.index"])
        .stderr(predicate::str::contains("bad2.dict.dz:1:1: not a valid dictzip/gzip file"));
    run(&[
        "align",
        "nl.txt",
        "nl.txt",
        "--segmented",
        "--src-lang",
        "nl",
        "--tgt-lang",
        "fr",
        "--dict",
        "missing.index",
    ])
    .stderr(predicate::str::contains("missing.index: No such file"));
    run(&["align", "nl.txt", "nl.txt", "--segmented", "--src-lang", "n1", "--tgt-lang", "fr"])
        .stderr(predicate::str::contains("--src-lang n1"));
    run(&["align", "nl.txt", "nl.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--format", "moses"])
        .stderr(predicate::str::contains("give -o PREFIX"));
}

#[test]
fn align_survives_a_huge_line_and_a_tenfold_length_ratio() {
    let big = format!("{}\n", "woord ".repeat(200_000));
    let short: String = (0..10).map(|i| format!("Dit is zin nummer {i} van de tekst.\n")).collect();
    let long: String =
        (0..100).map(|i| format!("Ceci est la phrase numéro {i} du texte, bien plus longue.\n")).collect();
    let dir = scratch(&[
        ("big.txt", big.as_bytes()),
        ("short.txt", short.as_bytes()),
        ("long.txt", long.as_bytes()),
        ("two.txt", b"Un.\nDeux.\n"),
    ]);
    let out = bin()
        .current_dir(dir.path())
        .args(["align", "big.txt", "two.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let beads = transalign::eval::parse_beads(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(beads.iter().map(|b| b.0.len()).sum::<usize>(), 1);
    assert_eq!(beads.iter().map(|b| b.1.len()).sum::<usize>(), 2);
    let out = bin()
        .current_dir(dir.path())
        .args([
            "align",
            "short.txt",
            "long.txt",
            "--segmented",
            "--src-lang",
            "nl",
            "--tgt-lang",
            "fr",
            "--format",
            "tsv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tsv = String::from_utf8(out.stdout).unwrap();
    // Every sentence of both sides is in the output exactly once.
    assert_eq!(tsv.matches("nummer").count(), 10);
    assert_eq!(tsv.matches("numéro").count(), 100);
    // The user is told the texts are far apart, and doubtful links are listed.
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("differ") && err.contains("in length"), "{err}");
    assert!(err.contains("below confidence"), "{err}");
}

#[test]
fn batch_and_shards_split_a_manifest_deterministically() {
    let dir = scratch(&[
        ("a.nl", b"De stad is groot.\nHet huis is oud.\n"),
        ("a.fr", b"La ville est grande.\nLa maison est vieille.\n"),
        ("b.nl", b"Het jaar 1932.\n"),
        ("b.fr", b"L'an 1932.\n"),
        ("c.nl", b"Drie.\n"),
        ("c.fr", b"Trois.\n"),
        ("manifest.tsv", b"# pairs\na.nl\ta.fr\nb.nl\tb.fr\tsecond\nc.nl\tc.fr\n"),
        ("broken.tsv", b"a.nl\n"),
    ]);
    let run = |shard: &str, out: &str| {
        bin()
            .current_dir(dir.path())
            .args([
                "align",
                "--batch",
                "manifest.tsv",
                "--segmented",
                "--src-lang",
                "nl",
                "--tgt-lang",
                "fr",
                "--out-dir",
                out,
                "--shard",
                shard,
            ])
            .assert()
            .success();
    };
    run("1/2", "o1");
    run("2/2", "o2");
    let names = |d: &str| {
        let mut v: Vec<String> = std::fs::read_dir(dir.path().join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("o1"), ["a.a.beads", "c.c.beads", "summary.1-of-2.json"]);
    assert_eq!(names("o2"), ["second.beads", "summary.2-of-2.json"]);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("o1/summary.1-of-2.json")).unwrap()).unwrap();
    assert_eq!(
        (summary["pairs"].as_u64(), summary["ok"].as_u64(), summary["failed"].as_u64()),
        (Some(2), Some(2), Some(0))
    );
    let row = &summary["results"][0];
    assert_eq!(row["pair"], "a.a");
    assert_eq!(row["status"], "ok");
    assert!(
        row["links"].as_u64().unwrap() >= 2 && row["mean_confidence"].as_f64().is_some() && row["seconds"].is_number()
    );
    let a = std::fs::read_to_string(dir.path().join("o1/a.a.beads")).unwrap();
    assert!(a.starts_with("[0]:[0]:") && a.contains("[1]:[1]:"), "{a}");
    bin()
        .current_dir(dir.path())
        .args(["align", "--batch", "manifest.tsv", "--shard", "3/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--shard 3/2"));
    bin()
        .current_dir(dir.path())
        .args(["align", "--batch", "broken.tsv", "--src-lang", "nl", "--tgt-lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.tsv:1:1: expected SRC<TAB>TGT"));
}

#[test]
fn eval_prints_the_table_and_json() {
    let dir = scratch(&[("g.beads", b"[0]:[0]\n[1]:[1, 2]\n"), ("t.beads", b"[0]:[0]:0.9\n[1]:[1]:0.5\n[]:[2]:0.4\n")]);
    let out = bin().current_dir(dir.path()).args(["eval", "--gold", "g.beads", "--test", "t.beads"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("| Precision   |   0.333 |   0.667 |"), "{table}");
    assert!(table.contains("| Recall      |   0.500 |   1.000 |"), "{table}");
    let out = bin()
        .current_dir(dir.path())
        .args(["eval", "--gold", "g.beads", "--test", "t.beads", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["strict"]["test_links_in_gold"], 1);
    assert_eq!(v["gold"]["files"][0], "g.beads");
    assert_eq!(v["test"]["links"], 3);
    // The table says which side is the gold, and what the counts are.
    assert!(
        table.starts_with("gold:  g.beads (2 links, 2 with text on both sides)\ntest:  t.beads (3 links)"),
        "{table}"
    );
    let same = bin()
        .current_dir(dir.path())
        .args(["eval", "--gold", "g.beads", "--test", "t.beads", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(same.stdout, out.stdout, "--json is --format json");
    bin().current_dir(dir.path()).args(["eval", "--gold", "g.beads", "--test", "t.beads", "g.beads"]).assert().code(2);
}

/// A test alignment of other texts than the gold's (the Dutch–French
/// UDHR scored against the German–French gold) gave F1 0.50 and exit 0.
/// One that names a segment past the gold's texts is refused; one that
/// stops short (trailing unaligned segments left out) is scored.
#[test]
fn eval_refuses_a_test_alignment_of_other_texts() {
    let dir = scratch(&[
        ("g.beads", b"[0]:[0]\n[1]:[1, 2]\n"),
        ("longer.beads", b"[0]:[0]\n[1]:[1]\n[2]:[2]\n"),
        ("shorter.beads", b"[0]:[0]\n[1]:[1]\n"),
    ]);
    bin()
        .current_dir(dir.path())
        .args(["eval", "--gold", "g.beads", "--test", "longer.beads"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "longer.beads links 3 source and 3 target segments, but the gold g.beads only 2 and 3",
        ));
    bin().current_dir(dir.path()).args(["eval", "--gold", "g.beads", "--test", "shorter.beads"]).assert().success();
}

/// An empty gold or test file is a run that wrote nothing: `eval` said
/// "0 links", F1 0.000, and exited 0, as if it had scored an alignment.
#[test]
fn eval_refuses_an_empty_gold_or_test_file() {
    let dir = scratch(&[("g.beads", b"[0]:[0]\n[1]:[1, 2]\n"), ("empty.beads", b""), ("blank.json", b"\n  \n")]);
    for (gold, test, named) in [
        ("empty.beads", "g.beads", "empty.beads"),
        ("g.beads", "empty.beads", "empty.beads"),
        ("g.beads", "blank.json", "blank.json"),
    ] {
        bin()
            .current_dir(dir.path())
            .args(["eval", "--gold", gold, "--test", test])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!("{named}: no text in the file")));
    }
    // With --pair the test files are multi-alignments; a bead file given
    // there was "invalid type: integer `0`, expected a string".
    bin()
        .current_dir(dir.path())
        .args(["eval", "--gold", "g.beads", "--test", "g.beads", "--pair", "nl", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("g.beads:1:1: not a transalign-multi file: it is beads"));
}

/// `-o out.tmx` without `--format` wrote beads (align), JSON (multi) or
/// text (titles, report) into a file named .tmx, .html or .json, and
/// exited 0. The extension now names the format (`.txt` the `text`
/// format); `--format` still wins, and `.xml` (TEI or XCES?) is refused
/// for align.
#[test]
fn an_output_file_extension_names_its_format() {
    let root = common::root();
    let dir = common::tempdir();
    let (nld, fra) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let out = |name: &str| dir.path().join(name);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    for (name, starts) in [
        ("a.tmx", "<?xml"),
        ("a.json", "{"),
        ("a.tsv", "nl\tfr\tconfidence"),
        ("a.HTML", "<!DOCTYPE html>"),
        ("a.beads", "[0]:[0]"),
        // Text for a person, side by side: `.txt` wrote beads.
        ("a.txt", " #  type  conf"),
    ] {
        bin().args(["-q", "align"]).arg(&nld).arg(&fra).arg("-o").arg(out(name)).assert().success();
        assert!(read(name).starts_with(starts), "{name}: {}", &read(name)[..60]);
    }
    bin().args(["-q", "align", "--format", "beads"]).arg(&nld).arg(&fra).arg("-o").arg(out("b.tmx")).assert().success();
    assert!(read("b.tmx").starts_with("[0]:[0]"), "--format wins");
    bin()
        .args(["-q", "align"])
        .arg(&nld)
        .arg(&fra)
        .arg("-o")
        .arg(out("a.xml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format tei or --format xces"));
    assert!(!out("a.xml").exists());
    for (name, starts) in [("m.tmx", "<?xml"), ("m.xml", "<?xml"), ("m.tsv", "row\t"), ("m.json", "{")] {
        bin().args(["-q", "multi"]).arg(&fra).arg(&nld).arg("-o").arg(out(name)).assert().success();
        assert!(read(name).starts_with(starts), "{name}: {}", &read(name)[..60]);
    }
    assert!(read("m.xml").contains("<TEI"), "multi .xml is TEI");
    let page = root.join("corpora/nl/victor-serge.md");
    bin().args(["-q", "titles"]).arg(&page).arg("-o").arg(out("t.json")).assert().success();
    serde_json::from_str::<serde_json::Value>(&read("t.json")).expect("titles -o t.json is JSON");
    bin().args(["-q", "report"]).arg(&page).arg("-o").arg(out("r.htm")).assert().success();
    assert!(read("r.htm").starts_with("<!DOCTYPE html>"), "{}", &read("r.htm")[..60]);
}

#[test]
fn titles_in_every_format() {
    let root = common::root();
    let out = bin().current_dir(&root).args(["titles", "corpora/nl/victor-serge.md"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Coverage: 7 of 16 originals translated (43.8%)"), "{text}");
    assert!(text.contains("De veroverde stad (1967)\n  → Ville conquise (1932)"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("nl → fr: freedict-nld-fra + freedict-fra-nld (built in), gaps through English\n"),
        "says which dictionary it used, in one short line: {err}"
    );

    let out =
        bin().current_dir(&root).args(["titles", "corpora/nl/victor-serge.md", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["links"].as_array().unwrap().len(), 16);
    assert_eq!(v["coverage"]["translated"], 7);

    let out =
        bin().current_dir(&root).args(["titles", "corpora/nl/victor-serge.md", "--format", "tsv"]).output().unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "nl\tnl_year\tfr\tfr_year\tscore\tflags\tevidence");
    assert_eq!(lines.len(), 17);
    assert!(lines.iter().any(|l| l.starts_with("Wat elke revolutionair moet weten over repressie\t1925\tCe que tout")
        && l.contains("year-conflict(1925<1926)")));
}

#[test]
fn titles_without_a_dictionary_refuse_look_alikes_and_say_so() {
    let out = bin()
        .current_dir(common::root())
        .args(["titles", "corpora/nl/victor-serge.md", "--no-dict", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("warning: reduced evidence: no dictionary"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["data"]["reduced_evidence"][0], "no dictionary (--no-dict)");
    let fr_of = |nl: &str| v["links"].as_array().unwrap().iter().find(|l| l["nl"] == nl).unwrap()["fr"].clone();
    // Two names (Lenin, Stalin) carry a link; one look-alike word never does,
    // be it a name (Toelajev) or a cognate (revolutie~révolution).
    assert_eq!(fr_of("Van Lenin tot Stalin"), "De Lénine à Staline");
    assert_eq!(fr_of("De aanslag op kameraad Toelajev"), serde_json::Value::Null);
    assert_eq!(fr_of("Litteratuur en Revolutie"), serde_json::Value::Null);
    assert_eq!(fr_of("Brief uit Rusland"), serde_json::Value::Null);
    // The text and TSV forms say so too.
    for (format, mark) in [("text", "WARNING: reduced evidence"), ("tsv", "# warning: reduced evidence")] {
        let out = bin()
            .current_dir(common::root())
            .args(["titles", "corpora/nl/victor-serge.md", "--no-dict", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().any(|l| l.starts_with(mark)), "{format}: {text}");
    }
    // No data anywhere: it runs, says where it looked, and the report says
    // which checks did not run, in its own section.
    let empty = common::tempdir();
    let out = bin()
        .current_dir(common::root())
        .env("TRANSALIGN_DICT_DIR", empty.path())
        .env("TRANSALIGN_HUNSPELL_DIR", empty.path())
        .env("TRANSALIGN_NO_BUNDLED_DATA", "1")
        .args(["report", "corpora/nl/victor-serge.md", "--format", "html"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("no dictionary for nl-fr (looked for freedict-nld-fra and freedict-fra-nld in"), "{err}");
    let html = String::from_utf8(out.stdout).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let warn = scraper::Selector::parse("p.warning[role=alert]").unwrap();
    assert!(doc.select(&warn).any(|e| e.text().collect::<String>().contains("no dictionary for nl-fr")));
    let sect = scraper::Selector::parse("section.warning h2").unwrap();
    assert_eq!(doc.select(&sect).next().map(|e| e.text().collect::<String>()).as_deref(), Some("Checks not run"));
    let v: serde_json::Value =
        serde_json::from_str(&common::read(&common::root().join("alignments/titles/victor-serge.json"))).unwrap();
    assert_eq!(v["coverage"]["translated"], 7, "the shipped file was made with the dictionary");
    assert_eq!(v["data"]["reduced_evidence"].as_array().map(Vec::len), Some(0));
}

#[test]
fn titles_bad_input() {
    let dir = scratch(&[
        ("nolists.md", b"# Iemand\n\n## Leven\n\nEen leven zonder lijsten.\n"),
        ("onlytexts.md", b"# Iemand\n\n## Teksten\n\n- [Brief uit Rusland](#), 1921\n"),
        ("corrupt.index", b"stad\tA\tB\n"),
        ("corrupt.dict.dz", b"not gzip at all"),
    ]);
    bin()
        .current_dir(dir.path())
        .args(["titles", "nolists.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nolists.md: no translated titles and no originals"));
    bin()
        .current_dir(dir.path())
        .args(["titles", "onlytexts.md"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no originals listed"))
        .stdout(predicate::str::contains("Brief uit Rusland (1921)\n  → (no original)"));
    let page = common::root().join("corpora/nl/victor-serge.md");
    bin()
        .current_dir(dir.path())
        .arg("titles")
        .arg(&page)
        .args(["--dict", "missing.index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.index: No such file"));
    bin()
        .current_dir(dir.path())
        .arg("titles")
        .arg(&page)
        .args(["--dict", "corrupt.index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("corrupt.dict.dz:1:1: not a valid dictzip/gzip file"));
}

#[test]
fn report_in_every_format_over_many_pages() {
    let root = common::root();
    let pages = ["corpora/nl/victor-serge.md", "corpora/nl/victor-hugo.md"];
    let out = bin().current_dir(&root).arg("report").args(pages).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("== Victor Serge (victor-serge.md)"));
    assert!(text.contains("✓ Ville conquise (1932)\n      ← De veroverde Stad (named in the text)\n      ← De veroverde stad (1967, 35 years later)"), "{text}");
    assert!(text.contains("← Wat elke revolutionair moet weten over repressie (1925, 1 year BEFORE the original)"));
    assert!(text.contains("✗ S'il est minuit dans le siècle (1939) — not translated"));
    assert!(text.contains("Les dernier temps — agreement: number: 'Les' is plural but 'dernier' is singular"));
    assert!(text.contains("Les hommes dans le prison — agreement: gender: 'le' is masculine but 'prison' is feminine"));
    assert!(text.contains("Total: 14 of 25 originals translated over 2 pages (56.0%)"), "{text}");

    let out = bin().current_dir(&root).arg("report").args(pages).args(["--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["pages"].as_array().unwrap().len(), 2);
    assert_eq!(v["total"]["originals"], 25);
    assert_eq!(v["pages"][0]["issues"].as_array().unwrap().len(), 2);

    let out = bin().current_dir(&root).arg("report").args(pages).args(["--format", "tsv"]).output().unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    // One row per title: Hugo's "De laatste dag van een veroordeelde" is
    // named in the text and listed, one row.
    assert_eq!(tsv.lines().count(), 1 + 16 + 9);
    // Each row names its page's file: two pages about one author would
    // otherwise give rows that cannot be told apart.
    assert!(tsv.starts_with("file\tpage\tid\t"), "{tsv}");
    let files: std::collections::BTreeSet<&str> = tsv.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(files.len(), 2, "{files:?}");

    let dir = common::tempdir();
    let html_path = dir.path().join("r.html");
    bin()
        .current_dir(&root)
        .arg("report")
        .args(pages)
        .args(["--format", "html", "-o"])
        .arg(&html_path)
        .assert()
        .success();
    let html = common::read(&html_path);
    // One self-contained file: no external scripts, style sheets or images,
    // and a policy that forbids loading any.
    assert!(!html.contains("<link") && !html.contains("src="));
    assert!(html.contains("default-src 'none'"));
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("section[id^=page-] > h2")).count(), 2);
    assert_eq!(doc.select(&sel("div.bar")).count(), 3, "one bar per page and one for the total");
    let width = doc.select(&sel("div.bar > div")).next().unwrap().value().attr("style").unwrap().to_string();
    assert_eq!(width, "width:56.0%");
    assert!(
        doc.select(&sel("span.flag.year-conflict + span.flag-detail"))
            .any(|f| f.text().collect::<String>() == "(1925<1926)")
    );
    // Line links open the page's source excerpt, which the report carries.
    let line = doc.select(&sel("a.line")).next().unwrap().value().attr("href").unwrap().to_string();
    assert!(line.starts_with("#page-") && line.contains("-L"), "{line}");
    let target = sel(&format!("[id=\"{}\"]", &line[1..]));
    assert_eq!(doc.select(&target).count(), 1, "{line} is in the report");
}

/// `-` is standard input for inputs and standard output for -o; -o writes
/// through links, FIFOs and devices, and respects the umask and existing modes.
#[test]
fn output_and_input_conventions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::tempdir();
    let page = common::root().join("corpora/nl/victor-serge.md");
    let expected = bin().arg("tei").arg(&page).output().unwrap().stdout;
    assert!(!expected.is_empty());
    // Standard input and output.
    let out = bin().args(["tei", "-", "-o", "-"]).write_stdin(std::fs::read(&page).unwrap()).output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, expected);
    // A link: its target is written, the link stays.
    let target = dir.path().join("target.xml");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    bin().arg("tei").arg(&page).arg("-o").arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), expected);
    // A FIFO: written straight to.
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    bin().arg("tei").arg(&page).arg("-o").arg(&fifo).assert().success();
    assert_eq!(reader.join().unwrap(), expected);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    // A device: /dev/null stays a device.
    bin().arg("tei").arg(&page).args(["-o", "/dev/null"]).assert().success();
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // New files follow the umask; existing files keep their mode.
    let new = dir.path().join("new.xml");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027 && '{}' tei '{}' -o '{}'",
            assert_cmd::cargo::cargo_bin("transalign").display(),
            page.display(),
            new.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::metadata(&new).unwrap().permissions().mode() & 0o777, 0o640);
    let kept = dir.path().join("kept.xml");
    std::fs::write(&kept, "x").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o664)).unwrap();
    bin().arg("tei").arg(&page).arg("-o").arg(&kept).assert().success();
    assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o664);
}

use std::os::unix::fs::FileTypeExt;

/// A progress line on a terminal (under `script`, which gives the run a
/// pseudo-terminal), none off a terminal or with --quiet; -v says more.
#[test]
fn progress_quiet_and_verbose() {
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    let root = common::root();
    let cmd = format!(
        "'{}' align '{}' '{}' -o /dev/null",
        exe.display(),
        root.join("corpora/udhr/deu.md").display(),
        root.join("corpora/udhr/fra.md").display()
    );
    let tty = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().unwrap();
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    assert!(shown.contains("aligning") && shown.contains("segments"), "a progress line on a terminal: {shown}");
    let quiet =
        std::process::Command::new("script").args(["-qec", &format!("{cmd} --quiet"), "/dev/null"]).output().unwrap();
    let q = String::from_utf8_lossy(&quiet.stdout);
    assert!(!q.contains("aligning") && !q.contains("transalign:"), "--quiet prints nothing: {q}");
    // Off a terminal: the notes, no progress.
    let off = bin()
        .current_dir(&root)
        .args(["align", "corpora/udhr/deu.md", "corpora/udhr/fra.md", "-o", "/dev/null"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&off.stderr);
    assert!(err.contains("de → fr: freedict-deu-fra") && !err.contains("aligning 9"), "{err}");
    assert!(!err.contains("; data:"), "the full data line is for -v: {err}");
    let verbose = bin()
        .current_dir(&root)
        .args(["-v", "align", "corpora/udhr/deu.md", "corpora/udhr/fra.md", "-o", "/dev/null"])
        .output()
        .unwrap();
    let v = String::from_utf8_lossy(&verbose.stderr);
    assert!(v.contains("freedict-deu-fra.tsv.gz") && v.contains("aligned in"), "-v names files and times: {v}");
}

#[test]
fn completions_man_page_and_exit_codes() {
    let out = bin().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("_transalign") && s.contains("--input-format"), "bash completion");
    for shell in ["zsh", "fish"] {
        assert!(bin().args(["completions", shell]).output().unwrap().status.success());
    }
    let man = bin().arg("man").output().unwrap();
    let m = String::from_utf8_lossy(&man.stdout);
    assert!(man.status.success() && m.starts_with(".ie") || m.contains(".TH transalign"), "{}", &m[..m.len().min(200)]);
    // 2: usage error.
    bin().args(["align", "--no-such-flag"]).assert().code(2);
    bin()
        .args(["align", "a", "b", "--beads", "1-1,2-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--beads must include 1-0"));
    // 1: findings asked for; 0 without --fail-on.
    let root = common::root();
    bin().current_dir(&root).args(["-q", "report", "corpora/nl/victor-serge.md", "-o", "/dev/null"]).assert().code(0);
    bin()
        .current_dir(&root)
        .args(["-q", "report", "corpora/nl/victor-serge.md", "-o", "/dev/null", "--fail-on", "mismatch,untranslated"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("findings:").and(predicate::str::contains("untranslated originals")));
}

/// The aligner's settings on the command line change what it does.
#[test]
fn aligner_settings_are_flags() {
    let root = common::root();
    let run = |extra: &[&str]| {
        let mut args = vec!["-q", "align", "corpora/udhr/deu.md", "corpora/udhr/fra.md"];
        args.extend_from_slice(extra);
        String::from_utf8(bin().current_dir(&root).args(&args).output().unwrap().stdout).unwrap()
    };
    let default = run(&[]);
    let only_ones = run(&["--beads", "1-1,1-0,0-1"]);
    assert!(only_ones.lines().all(|l| !l.contains(", ")), "no merged beads with --beads 1-1,1-0,0-1");
    assert_ne!(default, run(&["--lexical-weight", "0"]));
    assert!(!run(&["--band-radius", "2"]).is_empty());
    let help = String::from_utf8(bin().args(["align", "--help"]).output().unwrap().stdout).unwrap();
    assert!(
        help.contains("[default: 3]") && help.contains("[default: 1]") && help.contains("1-1,1-0,0-1,2-1"),
        "{help}"
    );
}

/// A setting out of range is refused naming that flag alone, with the
/// range it takes (a QA round got one message naming --band-radius for
/// `--lexical-weight NaN`).
#[test]
fn a_setting_out_of_range_names_its_own_flag_and_range() {
    let root = common::root();
    let refused = |flag: &str, value: &str| -> String {
        let out = bin()
            .current_dir(&root)
            .args(["-q", "align", "corpora/udhr/nld.md", "corpora/udhr/fra.md"])
            .arg(format!("{flag}={value}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}={value}");
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    for value in ["NaN", "inf", "-inf", "-0.5"] {
        let err = refused("--lexical-weight", value);
        assert!(err.contains("--lexical-weight") && err.contains("finite number of 0 or more"), "{value}: {err}");
        assert!(!err.contains("--band-radius"), "{value}: {err}");
    }
    let err = refused("--band-radius", "0");
    assert!(err.contains("--band-radius 0: must be a whole number of at least 1"), "{err}");
    assert!(!err.contains("--lexical-weight"), "{err}");
    // The same settings in multi and review.
    let out = bin()
        .current_dir(&root)
        .args(["-q", "multi", "corpora/udhr/fra.md", "corpora/udhr/nld.md", "--lexical-weight", "NaN"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code() == Some(2) && err.contains("--lexical-weight NaN: must be a finite number"), "{err}");
}

#[test]
fn report_omissions_lists_an_added_sentence_with_the_reason_and_json_carries_it() {
    let root = common::root();
    let stranger = "Le chat de la voisine dormait depuis le matin sur le rebord ensoleillé de la fenêtre.";
    let fra = common::read(&root.join("corpora/udhr/fra.md")).replacen(
        "esprit de fraternité.",
        &format!("esprit de fraternité. {stranger}"),
        1,
    );
    assert!(fra.contains(stranger));
    let dir = scratch(&[("fra.md", fra.as_bytes())]);
    let out = dir.path().join("a.json");
    let a = bin()
        .arg("align")
        .arg(root.join("corpora/udhr/nld.md"))
        .arg(dir.path().join("fra.md"))
        .args(["--report-omissions", "--format", "json", "-o"])
        .arg(&out)
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .assert()
        .success();
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("left unaligned:"), "{stderr}");
    // The sentence, the side it is on, and why.
    let at = stderr.find(stranger).unwrap_or_else(|| panic!("added sentence not listed:\n{stderr}"));
    let block = &stderr[stderr[..at].rfind("  target ").expect("side and id before the text")..];
    assert!(block.lines().nth(2).is_some_and(|l| l.trim_start().starts_with("why: shares")), "{block}");
    // The JSON link that holds it says why too.
    let json: serde_json::Value = serde_json::from_str(&common::read(&out)).unwrap();
    let segs = json["tgt"]["segments"].as_array().unwrap();
    let idx = segs.iter().position(|s| s["text"].as_str() == Some(stranger)).expect("segment in JSON");
    let link = json["links"].as_array().unwrap().iter().find(|l| l["tgt"] == serde_json::json!([idx])).unwrap();
    assert_eq!(link["src"], serde_json::json!([]));
    assert!(link["unaligned"]["reason"].as_str().unwrap().starts_with("shares"), "{link}");
    assert!(link["unaligned"]["share"].as_f64().unwrap() < link["unaligned"]["expected_share"].as_f64().unwrap());
    // Links with a counterpart carry no reason.
    assert!(
        json["links"].as_array().unwrap().iter().filter(|l| l["unaligned"].is_object()).all(|l| l["src"]
            .as_array()
            .unwrap()
            .is_empty()
            || l["tgt"].as_array().unwrap().is_empty())
    );
    // The side-by-side text made from the JSON says why as align's does.
    let text = |args: &[&str]| {
        let out = bin().args(args).env("COLUMNS", "100").current_dir(dir.path()).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let nld = root.join("corpora/udhr/nld.md");
    let direct = text(&["align", nld.to_str().unwrap(), "fra.md", "-q", "--format", "text"]);
    assert!(direct.contains("— shares"), "{direct}");
    // The confidence column aside: the JSON keeps three decimals, which
    // can round differently to two.
    let no_conf = |t: &str| -> Vec<String> {
        t.lines().map(|l| l.chars().take(10).chain(l.chars().skip(14)).collect()).collect()
    };
    assert_eq!(no_conf(&text(&["convert", "a.json", "--format", "text"])), no_conf(&direct));
}

#[test]
fn eval_titles_prints_per_page_counts_and_names_a_bad_gold() {
    let root = common::root();
    let a = bin()
        .args(["eval-titles", "tests/data/titles"])
        .current_dir(&root)
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .assert()
        .success();
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    for page in ["emile-zola", "henri-rochefort", "pierre-joseph-proudhon", "victor-serge", "**total**"] {
        assert!(out.contains(&format!("| {page} |")), "{page} missing:\n{out}");
    }
    // No wrong link, so the total precision is 1.
    let total = out.lines().find(|l| l.starts_with("| **total**")).unwrap();
    assert!(total.contains("| 0 |") && total.contains("**1.000**"), "{total}");
    // A gold that lists another title than the page names its line.
    let dir = scratch(&[(
        "victor-serge.gold.tsv",
        b"# header\nNot a title on the page\t-\tno-original-listed\twhy\n" as &[u8],
    )]);
    let a = bin()
        .arg("eval-titles")
        .arg(dir.path())
        .arg("--pages")
        .arg(root.join("corpora/nl"))
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("victor-serge.gold.tsv") && err.contains("translated titles"), "{err}");
}

/// Language codes are checked: a name or a near miss gets the code meant.
#[test]
fn language_codes_are_checked_with_a_suggestion() {
    let dir = scratch(&[("a.txt", b"Een zin.\n"), ("b.txt", b"Une phrase.\n")]);
    let run = |lang: &str| {
        bin()
            .current_dir(dir.path())
            .args(["align", "a.txt", "b.txt", "--segmented", "--src-lang", lang, "--tgt-lang", "fr"])
            .assert()
            .code(2)
    };
    run("dutch").stderr(predicate::str::contains("--src-lang dutch: not a language code; did you mean nl (Dutch)?"));
    run("xx").stderr(predicate::str::contains("--src-lang xx: not an ISO 639 language code"));
    run("nl-x\"onload").stderr(predicate::str::contains("not"));
    bin()
        .current_dir(dir.path())
        .args(["align", "a.txt", "b.txt", "--segmented", "--src-lang", "dut", "--tgt-lang", "fre", "-o", "out.beads"])
        .assert()
        .success();
    bin().args(["data", "list", "xx-fr"]).assert().code(2).stderr(predicate::str::contains("xx"));
}

/// `und` (BCP 47's "undetermined") given for a text means what giving no
/// language means: the text's language is detected. It was taken as a
/// language: no dictionary for und-fr, links on length alone, `und` in
/// every output.
#[test]
fn und_given_for_a_language_is_detected_as_when_no_flag_is_given() {
    let root = common::root();
    let dir = common::tempdir();
    let p = |n: &str| dir.path().join(n);
    let run = |args: &[&str]| {
        let out = bin().current_dir(&root).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let (nld, fra) = ("corpora/udhr/nld.md", "corpora/udhr/fra.md");
    let tmx = |flags: &[&str], file: &str| -> String {
        let out = p(file);
        let mut args = vec!["align", nld, fra, "--format", "tmx", "-o", out.to_str().unwrap()];
        args.extend_from_slice(flags);
        let err = run(&args);
        assert!(!err.contains("reduced evidence") && !err.contains("und-"), "{flags:?}: {err}");
        assert!(err.contains("nld.md: nl (Dutch) detected"), "{flags:?}: {err}");
        common::read(&out)
    };
    let und = tmx(&["--src-lang", "und"], "und.tmx");
    assert!(!und.contains("\"und\"") && und.contains("srclang=\"nl\""), "{und}");
    assert_eq!(und, tmx(&[], "none.tmx"), "--src-lang und is the same run as no --src-lang");
    let err = run(&["align", nld, fra, "--tgt-lang", "UND", "--format", "beads", "-o", p("u.beads").to_str().unwrap()]);
    assert!(err.contains("fra.md: fr (French) detected"), "{err}");
    // multi --langs: the text given und is detected, the others kept.
    let m = p("m.json");
    run(&["-q", "multi", fra, nld, "--langs", "fr,und", "-o", m.to_str().unwrap()]);
    let m: serde_json::Value = serde_json::from_str(&common::read(&m)).unwrap();
    assert_eq!(m["versions"][1]["lang"], "nl");
    // tei --lang und: the page's language is told as without the flag.
    let out =
        bin().current_dir(&root).args(["-q", "tei", "corpora/nl/victor-serge.md", "--lang", "und"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("xml:lang=\"nl\""));
    // A text too short to tell: the same warning as without the flag.
    let short = scratch(&[("a.txt", b"Hallo. Dag.\n"), ("b.txt", b"Bonjour. Salut.\n")]);
    let out = bin()
        .current_dir(short.path())
        .args(["align", "a.txt", "b.txt", "--segmented", "--src-lang", "und", "--tgt-lang", "fr", "-o", "o.beads"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --src-lang"));
    // --help says so.
    let help = String::from_utf8(bin().args(["align", "--help"]).output().unwrap().stdout).unwrap();
    assert!(help.contains("detected when absent or und"), "{help}");
    let help = String::from_utf8(bin().args(["multi", "--help"]).output().unwrap().stdout).unwrap();
    assert!(help.contains("given und"), "{help}");
}

/// Language tags come out in BCP 47's canonical case wherever they were
/// given or read: `--src-lang nl-be` is `nl-BE`, `fr-latn-ca` is
/// `fr-Latn-CA`, in TEI, TMX and JSON, in a multi-alignment, from a JSON
/// that says `nl-be`, and in a page's TEI (a QA round found `pt-br`).
#[test]
fn language_tags_are_written_in_their_canonical_case() {
    let root = common::root();
    let dir = common::tempdir();
    let p = |n: &str| dir.path().join(n);
    let (nld, fra) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let tags = |text: &str, attr: &str| -> std::collections::BTreeSet<String> {
        text.split(&format!("{attr}=\"")).skip(1).filter_map(|t| t.split('"').next()).map(String::from).collect()
    };
    for (format, file) in [("tei", "a.tei.xml"), ("tmx", "a.tmx"), ("json", "a.json")] {
        bin()
            .args(["-q", "align", "--src-lang", "nl-be", "--tgt-lang", "FR-latn-ca", "--format", format, "-o"])
            .arg(p(file))
            .arg(&nld)
            .arg(&fra)
            .assert()
            .success();
    }
    let tei = common::read(&p("a.tei.xml"));
    assert_eq!(tags(&tei, "xml:lang"), ["fr-Latn-CA", "nl-BE"].map(String::from).into(), "TEI");
    assert!(tei.contains("<language ident=\"nl-BE\">"), "TEI langUsage");
    let tmx = common::read(&p("a.tmx"));
    assert_eq!(tags(&tmx, "xml:lang"), ["fr-Latn-CA", "nl-BE"].map(String::from).into(), "TMX");
    assert!(tmx.contains("srclang=\"nl-BE\""), "TMX header");
    let json: serde_json::Value = serde_json::from_str(&common::read(&p("a.json"))).unwrap();
    assert_eq!((json["src"]["lang"].as_str(), json["tgt"]["lang"].as_str()), (Some("nl-BE"), Some("fr-Latn-CA")));
    // A file that says it in lower case (written before, or by hand).
    std::fs::write(p("old.json"), common::read(&p("a.json")).replace("\"nl-BE\"", "\"nl-be\"")).unwrap();
    let out = bin().args(["convert", "--format", "tmx"]).arg(p("old.json")).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        tags(&String::from_utf8_lossy(&out.stdout), "xml:lang"),
        ["fr-Latn-CA", "nl-BE"].map(String::from).into()
    );
    let out = bin().args(["convert", "--format", "json"]).arg(p("old.json")).output().unwrap();
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back["src"]["lang"], "nl-BE");
    // multi --langs, and a pair found by its tag in any case.
    bin()
        .args(["-q", "multi", "--langs", "fr-ca,NL-be", "--format", "json", "-o"])
        .arg(p("m.json"))
        .arg(&fra)
        .arg(&nld)
        .assert()
        .success();
    let m: serde_json::Value = serde_json::from_str(&common::read(&p("m.json"))).unwrap();
    let langs: Vec<&str> = m["versions"].as_array().unwrap().iter().map(|v| v["lang"].as_str().unwrap()).collect();
    assert_eq!(langs, ["fr-CA", "nl-BE"]);
    let out = bin().args(["convert", "--pair", "fr-ca", "nl-be", "--format", "tmx"]).arg(p("m.json")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tags(&String::from_utf8_lossy(&out.stdout), "xml:lang"), ["fr-CA", "nl-BE"].map(String::from).into());
    // A page's TEI.
    let out =
        bin().args(["-q", "tei", "--lang", "nl-be"]).arg(root.join("corpora/nl/victor-serge.md")).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("xml:lang=\"nl-BE\""));
}

/// A text too short to tell its language is aligned with the best guess,
/// and the run says so, naming the flag that settles it; a long one is
/// reported with its confidence.
#[test]
fn a_guessed_language_is_a_warning_naming_the_flag() {
    let dir = scratch(&[("a.txt", b"Hallo. Dag.\n"), ("b.txt", b"Bonjour. Salut.\n")]);
    let out = bin()
        .current_dir(dir.path())
        .args(["align", "a.txt", "b.txt", "--segmented", "--tgt-lang", "fr", "-o", "o.beads"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: a.txt: the text is too short or too mixed to tell its language")
            && err.contains("give --src-lang"),
        "{err}"
    );
    let root = common::root();
    let out = bin()
        .current_dir(&root)
        .args(["align", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "-o", "/dev/null"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("corpora/udhr/nld.md: nl (Dutch) detected, confidence 1.00"), "{err}");
}

/// A page that is only a heading has no language to tell: TEI says und,
/// and the run says why; a page with prose keeps what was detected.
#[test]
fn a_heading_only_page_gets_und_not_a_guess() {
    let dir = scratch(&[("p.md", b"# Victor Serge\n")]);
    let out = bin().current_dir(dir.path()).args(["tei", "p.md"]).output().unwrap();
    let (xml, err) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{err}");
    assert!(xml.contains("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"und\">"), "{xml}");
    assert!(err.contains("its language could not be told") && err.contains("--lang"), "{err}");
    let out = bin().current_dir(dir.path()).args(["tei", "p.md", "--lang", "nl"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("xml:lang=\"nl\""));
}

/// On a terminal `align` shows the two texts side by side, links numbered
/// from 1; in a pipe it writes beads, as scripts expect.
#[test]
fn align_reads_as_text_on_a_terminal_and_beads_in_a_pipe() {
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    let root = common::root();
    let (a, b) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let cmd = format!("COLUMNS=100 '{}' -q align '{}' '{}'", exe.display(), a.display(), b.display());
    let tty = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().unwrap();
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    let first = shown.lines().nth(1).unwrap_or_default();
    assert!(first.trim_start().starts_with("1  1-1") && first.contains('│'), "{shown}");
    assert!(shown.contains("Universele Verklaring") && shown.contains("Déclaration universelle"), "{shown}");
    assert!(shown.lines().all(|l| l.chars().count() <= 101), "wrapped to the width:\n{shown}");
    let piped = bin().args(["-q", "align"]).arg(&a).arg(&b).output().unwrap();
    assert!(String::from_utf8_lossy(&piped.stdout).starts_with("[0]:[0]:"), "beads in a pipe");
}

/// Every command has its manual page, so the main page refers to none
/// that is missing.
#[test]
fn a_man_page_for_every_command_the_main_page_names() {
    let dir = common::tempdir();
    bin().args(["man", "--out-dir"]).arg(dir.path()).assert().success();
    let main = std::fs::read_to_string(dir.path().join("transalign.1")).unwrap();
    let mut named = 0;
    for part in main.split("transalign\\-").skip(1) {
        let name: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '\\').collect();
        let name = name.replace("\\-", "-");
        let name = name.trim_end_matches('(');
        if name.is_empty() || name == "help" {
            continue;
        }
        named += 1;
        assert!(dir.path().join(format!("transalign-{name}.1")).is_file(), "transalign-{name}(1) is named but missing");
    }
    assert!(named >= 10, "the main page lists the commands: {named}");
    assert!(dir.path().join("transalign-data-list.1").is_file());
    let align = bin().args(["man", "align"]).output().unwrap();
    assert!(String::from_utf8_lossy(&align.stdout).contains(".TH transalign-align 1"));
    bin().args(["man", "nosuch"]).assert().code(2);
}

/// eval-titles finds the pages from wherever it runs: the golds name
/// them, and --pages is taken from the gold directory.
#[test]
fn eval_titles_finds_its_pages_from_any_directory() {
    let root = common::root();
    let elsewhere = common::tempdir();
    let golds = root.join("tests/data/titles");
    let named = bin().current_dir(elsewhere.path()).arg("eval-titles").arg(&golds).output().unwrap();
    assert!(named.status.success(), "{}", String::from_utf8_lossy(&named.stderr));
    let relative = bin()
        .current_dir(elsewhere.path())
        .arg("eval-titles")
        .arg(&golds)
        .args(["--pages", "../../../corpora/nl"])
        .output()
        .unwrap();
    assert_eq!(named.stdout, relative.stdout);
    assert!(String::from_utf8_lossy(&named.stdout).contains("victor-serge"));
}

#[test]
fn review_and_convert_refuse_what_they_cannot_keep_safe() {
    let dir = scratch(&[("a.txt", b"Een zin.\n"), ("b.txt", b"Une phrase.\n")]);
    let p = |n: &str| dir.path().join(n);
    // A language code that is not BCP 47, on the command line.
    bin()
        .args(["review", "--segmented", "--tgt-lang", "fr", "--src-lang", "nl-x\" onload=\"x"])
        .arg(p("a.txt"))
        .arg(p("b.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("language code"));
    // --serve needs a file to save to; --port needs --serve.
    bin()
        .args(["review", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--serve"])
        .arg(p("a.txt"))
        .arg(p("b.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FILE.json"));
    bin().args(["review", "--port", "8080"]).arg(p("a.txt")).arg(p("b.txt")).assert().code(2);
    // The page is HTML, what --serve saves is JSON: -o with the other's
    // extension wrote one into a file named as the other, with exit 0.
    let langs = ["--segmented", "--src-lang", "nl", "--tgt-lang", "fr"];
    for (serve, out, says) in [(false, "r.json", "add --serve"), (true, "r.html", "give -o FILE.json")] {
        let mut cmd = bin();
        cmd.arg("review").args(langs).arg(p("a.txt")).arg(p("b.txt")).arg("-o").arg(p(out));
        if serve {
            cmd.arg("--serve");
        }
        cmd.assert().code(2).stderr(predicate::str::contains(says));
        assert!(!p(out).exists(), "{out}");
    }
    // Version 1 of the alignment JSON is still read.
    let v1 = common::root().join("tests/data/fuzz/convert/version-1.json");
    bin()
        .args(["convert", "--format", "tsv"])
        .arg(&v1)
        .assert()
        .success()
        .stdout(predicate::str::contains("De stad. ~~~ Het huis & de tuin.\tLa ville < la maison."));
    // Two segments with one id: refused, named.
    let text = common::read(&v1).replace("\"d1.p1.s2\"", "\"d1.p1.s1\"");
    std::fs::write(p("dup.json"), text).unwrap();
    bin()
        .args(["convert", "--format", "tei"])
        .arg(p("dup.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dup.json").and(predicate::str::contains("used twice")));
}

/// `review SRC TGT --alignment A.json` shows A.json's texts: SRC and TGT
/// must be the texts it was made from (a QA round got the page of one
/// pair under the names of another, exit 0), a language flag must be the
/// alignment's, and the aligner's own flags, which would do nothing, are
/// refused by name. Corrections made in review (edited, split, joined
/// sentences) are not differences.
#[test]
fn review_of_an_alignment_checks_its_texts_and_refuses_flags_it_cannot_use() {
    let root = common::root();
    let dir = common::tempdir();
    let p = |n: &str| dir.path().join(n);
    let (nld, fra, deu) =
        (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"), root.join("corpora/udhr/deu.md"));
    for (format, file) in [("json", "a.json"), ("beads", "a.beads")] {
        bin().args(["-q", "align", "--format", format, "-o"]).arg(p(file)).arg(&nld).arg(&fra).assert().success();
    }
    let review = |src: &Path, tgt: &Path, alignment: &Path, extra: &[&str]| {
        let page = p("page.html");
        let _ = std::fs::remove_file(&page);
        let out = bin()
            .args(["-q", "review"])
            .arg(src)
            .arg(tgt)
            .arg("--alignment")
            .arg(alignment)
            .args(extra)
            .arg("-o")
            .arg(&page)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.success(), page.exists(), "a page only when it succeeds: {err}");
        (out.status.code(), err)
    };
    let (json, beads) = (p("a.json"), p("a.beads"));
    assert_eq!(review(&nld, &fra, &json, &[]).0, Some(0));
    assert_eq!(review(&nld, &fra, &json, &["--src-lang", "nl", "--tgt-lang", "fr"]).0, Some(0));

    // Another text: refused, naming it and the first segment that differs.
    let (code, err) = review(&deu, &fra, &json, &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("deu.md: not the source text") && err.contains("a.json was made from"), "{err}");
    assert!(err.contains("the text has 94 segments, the alignment 95"), "{err}");
    // Beads hold no text: their count of segments is what can be checked,
    // and the error names the text too.
    let (code, err) = review(&deu, &fra, &beads, &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("deu.md: not the source text") && err.contains("a.beads was made from"), "{err}");
    assert_eq!(review(&nld, &fra, &beads, &["--src-lang", "nl"]).0, Some(0), "beads read in the languages given");
    // One word changed in the target.
    let fra2 = p("fra2.md");
    let changed =
        common::read(&fra).replacen("Considérant que la reconnaissance", "Considérant que LA reconnaissance", 1);
    std::fs::write(&fra2, changed).unwrap();
    let (code, err) = review(&nld, &fra2, &json, &[]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("fra2.md: not the target text") && err.contains("d1.p1.s1 reads \"Considérant que LA"),
        "{err}"
    );
    // Read otherwise than when aligned.
    let (code, err) = review(&nld, &fra, &json, &["--segmented"]);
    assert!(code == Some(2) && err.contains("drop --segmented"), "{err}");

    // A language other than the alignment's.
    let (code, err) = review(&nld, &fra, &json, &["--src-lang", "de"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--src-lang de:") && err.contains("as nl (Dutch)"), "{err}");
    let (code, err) = review(&nld, &fra, &json, &["--tgt-lang", "nl"]);
    assert!(code == Some(2) && err.contains("--tgt-lang nl:"), "{err}");

    // The aligner's flags, with either kind of alignment.
    let morph = root.join("data/morphology/fr.morph.gz");
    let morph = morph.to_str().unwrap();
    for flags in [
        &["--no-dict"][..],
        &["--dict", "a.beads"],
        &["--no-pivot"],
        &["--morph", morph],
        &["--lexical-weight", "2"],
        &["--band-radius", "5"],
        &["--beads", "1-1,1-0,0-1"],
        &["--learn"],
        &["--no-learn"],
    ] {
        for al in [&json, &beads] {
            let (code, err) = review(&nld, &fra, al, flags);
            assert_eq!(code, Some(2), "{flags:?}: {err}");
            assert!(err.contains(&format!("{}:", flags[0])) && err.contains("an alignment already made"), "{err}");
        }
    }
    let (_, err) = review(&nld, &fra, &json, &["--no-dict", "--lexical-weight", "2"]);
    assert!(err.contains("--no-dict, --lexical-weight:"), "{err}");
    // Without --alignment they are the aligner's, as ever.
    bin()
        .args(["-q", "review", "--no-dict", "--lexical-weight", "2", "-o"])
        .arg(p("fresh.html"))
        .arg(&nld)
        .arg(&fra)
        .assert()
        .success();

    // Corrections made in review: a sentence's text edited, one split in
    // two (a new id), two joined (an id gone). Each marked, each accepted;
    // the same changes unmarked are differences.
    let a: serde_json::Value = serde_json::from_str(&common::read(&json)).unwrap();
    let write = |v: &serde_json::Value, name: &str| {
        std::fs::write(p(name), serde_json::to_string_pretty(v).unwrap()).unwrap();
        p(name)
    };
    let shift = |v: &mut serde_json::Value, side: &str, from: u64, by: i64| {
        for l in v["links"].as_array_mut().unwrap() {
            for i in l[side].as_array_mut().unwrap() {
                let n = i.as_u64().unwrap();
                if n >= from {
                    *i = serde_json::json!((n as i64 + by) as u64);
                }
            }
        }
    };
    let mut edited = a.clone();
    edited["src"]["segments"][3]["text"] = "Een andere zin.".into();
    edited["src"]["segments"][3]["edited"] = true.into();
    assert_eq!(review(&nld, &fra, &write(&edited, "edited.json"), &[]).0, Some(0));
    edited["src"]["segments"][3]["edited"] = false.into();
    let (code, err) = review(&nld, &fra, &write(&edited, "unmarked.json"), &[]);
    assert!(code == Some(2) && err.contains("where the alignment has \"Een andere zin.\""), "{err}");
    // Split target segment 5 into 5 and a new 6, in the same link.
    let mut split = a.clone();
    let seg = split["tgt"]["segments"][5].clone();
    let id = seg["id"].as_str().unwrap().to_string();
    let mut second = seg.clone();
    second["id"] = format!("{id}.1").into();
    second["text"] = "deuxième moitié.".into();
    second["edited"] = true.into();
    split["tgt"]["segments"][5]["edited"] = true.into();
    split["tgt"]["segments"].as_array_mut().unwrap().insert(6, second);
    shift(&mut split, "tgt", 6, 1);
    let k = split["links"].as_array().unwrap().iter().position(|l| l["tgt"].as_array().unwrap().contains(&5.into()));
    split["links"][k.unwrap()]["tgt"].as_array_mut().unwrap().push(6.into());
    assert_eq!(review(&nld, &fra, &write(&split, "split.json"), &[]).0, Some(0));
    split["tgt"]["segments"][6]["edited"] = false.into();
    let (code, err) = review(&nld, &fra, &write(&split, "split-unmarked.json"), &[]);
    assert!(code == Some(2) && err.contains(&format!("segment {id}.1")), "{err}");
    // Join source segments 7 and 8 (in links of their own).
    let mut joined = a.clone();
    let gone = joined["src"]["segments"][8].clone();
    let text = format!("{} {}", joined["src"]["segments"][7]["text"].as_str().unwrap(), gone["text"].as_str().unwrap());
    joined["src"]["segments"][7]["text"] = text.into();
    joined["src"]["segments"][7]["edited"] = true.into();
    joined["src"]["segments"].as_array_mut().unwrap().remove(8);
    let links = joined["links"].as_array_mut().unwrap();
    let k = links.iter().position(|l| l["src"].as_array().unwrap().contains(&8.into())).unwrap();
    links[k]["src"].as_array_mut().unwrap().retain(|i| *i != 8);
    if links[k]["src"].as_array().unwrap().is_empty() && links[k]["tgt"].as_array().unwrap().is_empty() {
        links.remove(k);
    }
    shift(&mut joined, "src", 9, -1);
    assert_eq!(review(&nld, &fra, &write(&joined, "joined.json"), &[]).0, Some(0));
    joined["src"]["segments"][7]["edited"] = false.into();
    let (code, err) = review(&nld, &fra, &write(&joined, "joined-unmarked.json"), &[]);
    assert!(code == Some(2) && err.contains("not the source text"), "{err}");
}

/// The words that anchored each link are looked up only for the formats
/// that show them: JSON and the review page carry them, and the beads are
/// the same links either way.
#[test]
fn anchors_are_in_json_and_the_review_page_and_links_do_not_depend_on_them() {
    let dir = common::tempdir();
    let run = |format: &str| -> String {
        let out = dir.path().join(format!("udhr.{format}"));
        bin()
            .args(["-q", "align", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        common::read(&out)
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let links = json["links"].as_array().unwrap();
    let with_evidence = links.iter().filter(|l| l.get("evidence").is_some()).count();
    assert!(with_evidence > links.len() / 2, "{with_evidence} of {} links with evidence", links.len());
    let html = run("html");
    assert_eq!(html.matches("\"evidence\"").count(), with_evidence, "the review page shows the same evidence");
    let beads = run("beads");
    assert_eq!(beads.lines().count(), links.len());
    for (line, l) in beads.lines().zip(links) {
        let ids = |side: &str| -> Vec<usize> {
            l[side].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect()
        };
        assert!(line.starts_with(&format!("{:?}:{:?}:", ids("src"), ids("tgt"))), "{line} against {l}");
    }
}

/// Icelandic, which whatlang cannot name, is told by its letters: `align`
/// without `--tgt-lang` finds the bundled English–Icelandic dictionary
/// instead of guessing Welsh and aligning without one.
#[test]
fn icelandic_text_is_detected_and_aligned_with_its_dictionary() {
    let dir = scratch(&[
        (
            "book.en.txt",
            "This is a good book about the history of Iceland.\nIt tells of the settlement and the first centuries of the nation.\nThe book was written by a well-known scholar and published in Reykjavík.\n".as_bytes(),
        ),
        (
            "book.is.txt",
            "Þetta er góð bók um sögu Íslands.\nHún segir frá landnámi og fyrstu öldum þjóðarinnar.\nBókin var skrifuð af þekktum fræðimanni og kom út í Reykjavík.\n".as_bytes(),
        ),
    ]);
    let (en, is) = (dir.path().join("book.en.txt"), dir.path().join("book.is.txt"));
    let out = bin().args(["align", "--segmented"]).arg(&en).arg(&is).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is (Icelandic) detected"), "{err}");
    assert!(err.contains("en → is") && !err.contains("no dictionary"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3, "three links");
}

/// Swapped language flags are said, not followed in silence: each text
/// that plainly reads as another language than its flag gets a warning
/// naming the flag; right flags get none.
#[test]
fn a_language_flag_the_text_contradicts_is_warned_about() {
    let run = |src_lang: &str, tgt_lang: &str| -> String {
        let out = bin()
            .args([
                "align",
                "corpora/udhr/nld.md",
                "corpora/udhr/fra.md",
                "--src-lang",
                src_lang,
                "--tgt-lang",
                tgt_lang,
            ])
            .args(["--format", "beads"])
            .output()
            .unwrap();
        assert!(out.status.success(), "the flags are kept: the alignment is made");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let swapped = run("fr", "nl");
    assert!(swapped.contains("nld.md: --src-lang says fr (French), but the text reads as nl (Dutch)"), "{swapped}");
    assert!(swapped.contains("fra.md: --tgt-lang says nl (Dutch), but the text reads as fr (French)"), "{swapped}");
    let right = run("nl", "fr");
    assert!(!right.contains("reads as"), "{right}");
    // A language the detector cannot name (Limburgish) is not contradicted
    // by its reading the text as a neighbour it can (Dutch).
    let limburgish = run("li", "fr");
    assert!(!limburgish.contains("reads as"), "{limburgish}");
    // A batch says so too, and its summary keeps it in the pair's row.
    let dir = common::tempdir();
    let manifest = dir.path().join("manifest.tsv");
    let root = common::root();
    std::fs::write(
        &manifest,
        format!(
            "{}\t{}\tudhr\n",
            root.join("corpora/udhr/nld.md").display(),
            root.join("corpora/udhr/fra.md").display()
        ),
    )
    .unwrap();
    let out = bin()
        .args(["align", "--batch"])
        .arg(&manifest)
        .args(["--src-lang", "fr", "--tgt-lang", "nl", "--out-dir"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning:") && err.contains("--src-lang says fr (French)"), "{err}");
    let summary: serde_json::Value = serde_json::from_str(&common::read(&dir.path().join("out/summary.json"))).unwrap();
    let warnings = summary["results"][0]["warnings"].as_array().expect("the row's warnings");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    // Languages only guessed (two short lines, no flags) are said there too.
    let dir = scratch(&[
        ("a.txt", b"Le chat dort.\nIl pleut.\n"),
        ("b.txt", b"De kat slaapt.\nHet regent.\n"),
        ("manifest.tsv", b"a.txt\tb.txt\tshort\n"),
    ]);
    let out = bin()
        .args(["align", "--batch"])
        .arg(dir.path().join("manifest.tsv"))
        .args(["--segmented", "--out-dir"])
        .arg(dir.path().join("o2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_str(&common::read(&dir.path().join("o2/summary.json"))).unwrap();
    let warnings = summary["results"][0]["warnings"].as_array().expect("the row's warnings");
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("give --src-lang")), "{warnings:?}");
}

#[test]
fn a_report_over_a_directory_without_pages_says_so_and_fails() {
    let dir = scratch(&[("notes.xml", b"<x/>")]);
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::copy(common::root().join("corpora/nl/victor-serge.md"), dir.path().join("pages/serge.md")).unwrap();
    // What is there instead is said: other files, sub-directories.
    let a = bin().args(["report", ".", "--fail-on", "untranslated"]).current_dir(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("no page files in it (.md .txt"), "{stderr}");
    assert!(
        stderr.contains("sub-directories are not read, give them as arguments: pages; other files: .xml"),
        "{stderr}"
    );
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    bin()
        .args(["report", "empty"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it is empty"));
    bin().args(["report", "pages"]).current_dir(dir.path()).assert().success();
}

#[test]
fn one_page_a_report_cannot_read_is_listed_and_the_rest_reported() {
    // Two good pages in two syntaxes, and a stub with no list of texts.
    let stub = b"# Stub\n\nEen pagina zonder lijsten.\n\n## Leven\n\nNiets meer.\n";
    let dir = scratch(&[("stub.md", stub)]);
    for name in ["victor-serge.md", "henri-rochefort.wiki"] {
        std::fs::copy(common::root().join("corpora/nl").join(name), dir.path().join(name)).unwrap();
    }
    for (format, says) in [
        ("text", "Pages not reported (1):\n  stub.md: no translated titles and no originals"),
        ("json", "\"pages_not_reported\": [\n    \"stub.md: no translated titles"),
        ("tsv", "# page not reported: stub.md: no translated titles"),
        ("html", "<h2>Pages not reported (1)</h2>"),
    ] {
        let out = dir.path().join(format!("report.{format}"));
        let a = bin()
            .args(["report", "victor-serge.md", "stub.md", "henri-rochefort.wiki", "--format", format, "-o"])
            .arg(&out)
            .current_dir(dir.path())
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(stderr.contains("1 of 3 pages could not be reported"), "{stderr}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(says), "{format}: {text}");
        assert!(text.contains("Victor Serge") && text.contains("Rochefort"), "{format}: the other pages are reported");
    }
    // A page named twice (and inside a directory given too) counts once.
    let twice = bin()
        .args(["report", "victor-serge.md", "./victor-serge.md", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let once = bin().args(["report", "victor-serge.md", "--format", "json"]).current_dir(dir.path()).output().unwrap();
    assert!(twice.status.success() && !once.stdout.is_empty());
    assert_eq!(twice.stdout, once.stdout);
    // Alone, the page fails as before, and nothing is written.
    let out = dir.path().join("alone.txt");
    bin().args(["report", "stub.md", "-o"]).arg(&out).current_dir(dir.path()).assert().code(2);
    assert!(!out.exists());
}

#[test]
fn batch_flags_without_a_batch_are_refused_not_ignored() {
    let root = common::root();
    for (flag, value) in [("--out-dir", Some("out")), ("--shard", Some("2/3")), ("--resume", None)] {
        let mut cmd = bin();
        cmd.args(["align", "corpora/udhr/fra.md", "corpora/udhr/nld.md", "-q", flag]).current_dir(&root);
        if let Some(v) = value {
            cmd.arg(v);
        }
        cmd.assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!("{flag} works with --batch MANIFEST only")));
    }
}

/// Flags that cannot act together are refused, not one of them ignored
/// (a QA round found both accepted): nothing to save when nothing is
/// learned, nothing to repair when nothing is checked.
#[test]
fn flags_that_cannot_act_together_are_refused() {
    let root = common::root();
    let (src, tgt) = ("corpora/udhr/fra.md", "corpora/udhr/nld.md");
    let dir = common::tempdir();
    let lex = dir.path().join("lex.txt");
    bin()
        .args(["align", src, tgt, "-q", "--no-learn", "--save-lexicon"])
        .arg(&lex)
        .current_dir(&root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-learn"));
    assert!(!lex.exists());
    bin()
        .args(["multi", src, tgt, "-q", "--check", "none", "--repair"])
        .current_dir(&root)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--repair needs a check"));
}

#[test]
fn a_dict_file_without_its_index_is_read_as_hunalign_or_explained() {
    let dir =
        scratch(&[("nl-fr.dict", b"droit @ recht\nhomme @ mens\n"), ("broken.dict", b"\x00\x01 not a dictionary\n")]);
    let root = common::root();
    let (src, tgt) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    let ok = bin()
        .args(["align", "-v", "--dict", "nl-fr.dict", "-o", "out.tsv"])
        .arg(&src)
        .arg(&tgt)
        .current_dir(dir.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&ok.get_output().stderr).into_owned();
    assert!(!stderr.contains("reduced evidence"), "the hunalign file was read: {stderr}");
    let a = bin().args(["align", "--dict", "broken.dict"]).arg(&src).arg(&tgt).current_dir(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            "broken.dict: read as a dictd dictionary by its name, but its index broken.index is not beside it"
        ),
        "{stderr}"
    );
}

#[test]
fn inputs_of_the_wrong_kind_are_named_for_what_they_are() {
    let dir = scratch(&[
        ("u16.txt", b"\xff\xfeH\x00i\x00\n\x00"),
        ("titles.json", b"[{\"nl\": \"Cement\"}]\n"),
        ("cut.json", b"{\"a\":\n"),
    ]);
    let d = dir.path();
    let err = |args: &[&str], stdin: &[u8]| -> String {
        let a = bin().args(args).current_dir(d).write_stdin(stdin.to_vec()).assert().code(2);
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    let e = err(&["tei", "u16.txt"], b"");
    assert!(e.contains("u16.txt:1:1: not valid UTF-8 (byte 0xff); convert the file to UTF-8 first (it starts with a UTF-16 byte order mark: iconv -f utf-16 -t utf-8)"), "{e}");
    let e = err(&["align", "-", "-"], b"Een zin.\n");
    assert!(e.contains("standard input (-) can be read once"), "{e}");
    let e = err(&["convert", "titles.json", "--format", "tsv"], b"");
    assert!(e.contains("titles.json:1:1: not a transalign-alignment file: it has no \"format\" field"), "{e}");
    let e = err(&["convert", "cut.json", "--format", "tsv"], b"");
    assert!(e.contains("cut.json:2:1: EOF while parsing a value\n"), "{e}");
    // A pairwise alignment given to the multi converter, and the reverse.
    let root = common::root();
    let pair = d.join("pair.json");
    bin()
        .args(["align", "-q", "--format", "json", "-o"])
        .arg(&pair)
        .arg(root.join("corpora/udhr/fra.md"))
        .arg(root.join("corpora/udhr/nld.md"))
        .assert()
        .success();
    let e = err(&["convert", "pair.json", "--pair", "fr", "nl", "--format", "tsv"], b"");
    assert!(
        e.contains("pair.json:1:1: not a transalign-multi file: it is a pairwise alignment; convert it without --pair"),
        "{e}"
    );
}

#[test]
fn tei_warns_when_the_page_contradicts_its_lang_flag() {
    let root = common::root();
    let page = "corpora/nl/victor-serge.md";
    let a = bin().args(["tei", page, "--lang", "fr", "-o", "/dev/null"]).current_dir(&root).assert().success();
    let e = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(e.contains("victor-serge.md: --lang says fr (French), but the text reads as nl (Dutch)"), "{e}");
    // Its own language: nothing to say, on any shipped page.
    for p in common::corpus_pages() {
        let a = bin().arg("tei").arg(&p).args(["--lang", "nl", "-o", "/dev/null"]).assert().success();
        let e = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(!e.contains("check --lang"), "{}: {e}", p.display());
    }
}

#[test]
fn resume_skips_only_outputs_the_same_settings_made() {
    let root = common::root();
    let manifest = format!(
        "{}\t{}\tudhr\n",
        root.join("corpora/udhr/fra.md").display(),
        root.join("corpora/udhr/nld.md").display()
    );
    let dir = scratch(&[("pairs.tsv", manifest.as_bytes())]);
    let run = |extra: &[&str]| {
        let a = bin()
            .args(["align", "--batch", "pairs.tsv", "--out-dir", "out", "--resume"])
            .args(extra)
            .current_dir(dir.path())
            .assert()
            .success();
        let summary: serde_json::Value =
            serde_json::from_str(&common::read(&dir.path().join("out/summary.json"))).unwrap();
        (
            summary["results"][0]["status"].as_str().unwrap().to_string(),
            String::from_utf8_lossy(&a.get_output().stderr).into_owned(),
        )
    };
    assert_eq!(run(&[]).0, "ok");
    // Same settings: up to date.
    assert_eq!(run(&[]).0, "skipped");
    // Other settings: every pair again, and said.
    let (status, stderr) = run(&["--no-dict"]);
    assert_eq!(status, "ok");
    assert!(
        stderr.contains("made with other settings") && stderr.contains("--resume aligns every pair again"),
        "{stderr}"
    );
    assert_eq!(run(&["--no-dict"]).0, "skipped");
}

/// Two versions in one language (two German translations) gave Moses files
/// named by language alone: PREFIX.de twice, the target written over the
/// source, exit 0. They are PREFIX.src and PREFIX.tgt, as in XCES.
#[test]
fn moses_files_of_two_texts_in_one_language_keep_both_sides() {
    let dir = scratch(&[("a.txt", b"Eins.\nZwei.\nDrei.\n"), ("b.txt", b"Ein.\nZwo.\nDrei.\n")]);
    bin()
        .args(["align", "a.txt", "b.txt", "--segmented", "-q", "--src-lang", "de", "--tgt-lang", "de"])
        .args(["--format", "moses", "-o", "m"])
        .current_dir(dir.path())
        .assert()
        .success();
    assert_eq!(common::read(&dir.path().join("m.src")), "Eins.\nZwei.\nDrei.\n");
    assert_eq!(common::read(&dir.path().join("m.tgt")), "Ein.\nZwo.\nDrei.\n");
    assert!(!dir.path().join("m.de").exists());
}

/// The files Moses and XCES name after `-o` were not checked against the
/// inputs, as `-o` is: `--format moses -o a` for the text `a.de` wrote the
/// aligned source over it, and `--format xces -o a.xces` the sentence file
/// `a.de.xml` over a TEI text of that name, exit 0. Refused, texts kept.
#[test]
fn moses_and_xces_files_never_replace_an_input_text() {
    let (de, fr) = ("Eins.\nZwei.\nDrei.\n", "Un.\nDeux.\n");
    let dir = scratch(&[("a.de", de.as_bytes()), ("a.fr", fr.as_bytes())]);
    let langs = ["--segmented", "-q", "--src-lang", "de", "--tgt-lang", "fr"];
    for (format, out) in [("moses", "a"), ("xces", "a.xces")] {
        std::fs::copy(dir.path().join("a.de"), dir.path().join("a.de.xml")).unwrap();
        let src = if format == "moses" { "a.de" } else { "a.de.xml" };
        bin()
            .args(["align", src, "a.fr", "--format", format, "-o", out])
            .args(langs)
            .current_dir(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("is the input {src}")));
        assert_eq!(common::read(&dir.path().join(src)), de, "{format}: the source text was overwritten");
        assert_eq!(common::read(&dir.path().join("a.fr")), fr);
    }
}

/// `-` is standard output, which cannot hold the several files XCES and
/// Moses write: `align --format xces -o -` (and `convert --format moses
/// -o -`) wrote files named `-`, `-.de.xml`, `-.fr.xml` and exited 0; a
/// directory as the Moses prefix wrote the hidden files `DIR/.de` and
/// `DIR/.fr`. Each is refused, nothing written.
#[test]
fn several_files_are_not_written_to_standard_output_or_as_a_directory() {
    let dir = scratch(&[("a.txt", b"Eins.\nZwei.\n"), ("b.txt", b"Un.\nDeux.\n")]);
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let align = |format: &str, out: &str| {
        let mut c = bin();
        c.args(["align", "a.txt", "b.txt", "--segmented", "-q", "--src-lang", "de", "--tgt-lang", "fr"])
            .args(["--format", format, "-o", out])
            .current_dir(dir.path());
        c
    };
    align("json", "a.json").assert().success();
    align("xces", "-")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("give -o FILE"));
    bin()
        .args(["convert", "a.json", "--format", "moses", "-o", "-"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give -o PREFIX"));
    align("moses", "out").assert().code(2).stderr(predicate::str::contains("-o out is a directory"));
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["a.json", "a.txt", "b.txt", "out"]);
    assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 0);
}

/// A report over a directory read `.md` but left out `.markdown`,
/// `.wikitext` and the other names `tei PAGE` reads a page by, without a
/// word: the totals covered fewer pages than the directory held.
#[test]
fn a_report_over_a_directory_reads_every_page_a_file_name_names() {
    let serge = common::read(&common::root().join("corpora/nl/victor-serge.md"));
    let rochefort = common::read(&common::root().join("corpora/nl/henri-rochefort.wiki"));
    let dir = scratch(&[("serge.markdown", serge.as_bytes()), ("rochefort.wikitext", rochefort.as_bytes())]);
    let a = bin().args(["report", ".", "-q", "--format", "json"]).current_dir(dir.path()).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let files: Vec<&str> = v["pages"].as_array().unwrap().iter().map(|p| p["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for ext in transalign::load::PAGE_EXTENSIONS {
        let syntax = transalign::syntax::Syntax::from_extension(std::path::Path::new(&format!("a.{ext}")));
        assert!(ext == "txt" || syntax.is_some(), ".{ext} is read in a directory but names no syntax");
    }
    for ext in ["md", "markdown", "mdown", "dokuwiki", "dw", "wiki", "mediawiki", "wikitext", "mw", "html", "htm"] {
        assert!(transalign::load::is_page(std::path::Path::new(&format!("a.{ext}"))), ".{ext} is not read");
    }
}

/// The converse of the test above: a batch lists no links on standard
/// error, so --report-omissions and --review-below, accepted with
/// --batch, did nothing. Refused by name.
#[test]
fn single_pair_listings_with_a_batch_are_refused_not_ignored() {
    let root = common::root();
    let dir = scratch(&[(
        "m.tsv",
        format!("{}\t{}\n", root.join("corpora/udhr/nld.md").display(), root.join("corpora/udhr/fra.md").display())
            .as_bytes(),
    )]);
    for flags in [&["--report-omissions"][..], &["--review-below", "0.9"]] {
        bin()
            .args(["align", "--batch", "m.tsv", "--out-dir", "out", "-q"])
            .args(flags)
            .current_dir(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("cannot be used with '{}", flags[0])));
        assert!(!dir.path().join("out").exists());
    }
}

/// --review-below took any number: `NaN` made no link doubtful and `50`
/// (a percentage) every one, without a word, in `align` as in `review`.
#[test]
fn a_review_threshold_outside_zero_to_one_is_refused() {
    let root = common::root();
    let dir = common::tempdir();
    let page = dir.path().join("r.html");
    for cmd in ["align", "review"] {
        for value in ["NaN", "50", "-0.5", "inf"] {
            bin()
                .current_dir(&root)
                .args(["-q", cmd, "corpora/udhr/nld.md", "corpora/udhr/fra.md", "-o"])
                .arg(&page)
                .arg(format!("--review-below={value}"))
                .assert()
                .code(2)
                .stderr(predicate::str::contains("a confidence is a number from 0 to 1"));
            assert!(!page.exists());
        }
    }
}

/// Two versions of one text in one language (an edition with sentences
/// cut) align on their identical words, without a dictionary: one through
/// English (nl→en→nl) was loaded, gave synonyms as evidence, and joined a
/// cut sentence to its neighbour.
#[test]
fn one_language_aligns_without_a_dictionary_and_finds_the_cuts() {
    let dir = common::tempdir();
    let udhr = common::read(&common::root().join("corpora/udhr/nld.md"));
    let lines: Vec<&str> = udhr.lines().filter(|l| !l.trim().is_empty()).collect();
    let cut = |i: usize| i % 7 == 2;
    let kept: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| !cut(*i)).map(|(_, l)| *l).collect();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, lines.join("\n") + "\n").unwrap();
    std::fs::write(&b, kept.join("\n") + "\n").unwrap();
    let out = bin()
        .args(["align", "--segmented", "--src-lang", "nl", "--tgt-lang", "nl", "--format", "beads"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nl → nl: one language"), "{err}");
    assert!(!err.contains("English"), "{err}");
    let beads = transalign::eval::parse_beads(&String::from_utf8_lossy(&out.stdout)).unwrap();
    // The gold: each kept line to its place in the cut version, each cut
    // line to nothing.
    let mut gold = Vec::new();
    let mut j = 0;
    for i in 0..lines.len() {
        if cut(i) {
            gold.push((vec![i], vec![]));
        } else {
            gold.push((vec![i], vec![j]));
            j += 1;
        }
    }
    let right = beads.iter().filter(|b| gold.contains(b)).count();
    // 82 of 90 (the cut sentence after a heading goes with it, as 2-1);
    // with the dictionary through English, 76.
    assert!(right * 100 >= gold.len() * 88, "{right} of {} beads right: {beads:?}", gold.len());
}

/// A page saved from a MediaWiki site keeps where it came from and when it
/// was last edited: "Retrieved from" and "This page was last edited on" (in
/// the wiki's language) sit outside the content area, and the TEI said
/// "No source information was given on the page".
#[test]
fn a_saved_mediawiki_page_gives_its_source_and_date() {
    let dir = common::tempdir();
    let cases = [
        (
            "en",
            "Retrieved from \"<a href=\"https://en.example.org/wiki/Kropotkin\">https://en.example.org/wiki/Kropotkin</a>\"",
            "This page was last edited on 3 March 2021, at 10:12<span> (UTC)</span>.",
            "https://en.example.org/wiki/Kropotkin",
            "2021-03-03T10:12:00",
        ),
        (
            "de",
            "Abgerufen von „<a href=\"https://de.example.org/wiki/Kropotkin\">https://de.example.org/wiki/Kropotkin</a>“",
            "Diese Seite wurde zuletzt am 14. Mai 2020 um 09:05 Uhr bearbeitet.",
            "https://de.example.org/wiki/Kropotkin",
            "2020-05-14T09:05:00",
        ),
        (
            "nl",
            "Overgenomen van \"<a href=\"https://nl.example.org/wiki/Kropotkin\">https://nl.example.org/wiki/Kropotkin</a>\"",
            "Deze pagina is voor het laatst bewerkt op 7 dec 2019 om 23:40.",
            "https://nl.example.org/wiki/Kropotkin",
            "2019-12-07T23:40:00",
        ),
    ];
    for (lang, retrieved, edited, url, when) in cases {
        let page = dir.path().join(format!("kropotkin-{lang}.html"));
        std::fs::write(
            &page,
            format!(
                "<html lang=\"{lang}\"><body><div id=\"content\"><h1 id=\"firstHeading\">Pjotr Kropotkin</h1>\
                 <div id=\"bodyContent\"><div id=\"mw-content-text\"><div class=\"mw-parser-output\">\
                 <p>Pjotr Kropotkin (1842-1921) was a Russian geographer and writer.</p>\
                 <h2>Works</h2><ul><li><i>La Conquête du pain</i>, Paris, 1892</li></ul></div></div>\
                 <div class=\"printfooter\">{retrieved}</div></div></div>\
                 <div id=\"footer\"><ul><li id=\"footer-info-lastmod\">{edited}</li></ul></div></body></html>"
            ),
        )
        .unwrap();
        let out = bin().arg("tei").arg(&page).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let xml = String::from_utf8(out.stdout).unwrap();
        assert!(xml.contains(&format!("<ptr type=\"permalink\" target=\"{url}\"/>")), "{lang}: {xml}");
        assert!(xml.contains(&format!("<date type=\"last-update\" when=\"{when}\">")), "{lang}: {xml}");
        let cue = retrieved.split(' ').next().unwrap_or(retrieved);
        assert!(!xml.contains(cue), "{lang}: the footer stays out of the text: {xml}");
    }
}
