//! `transalign multi`: the UDHR triple in every format, each checked by its
//! consumer (jing and tei_all; xmllint with the TMX 1.4b DTD and
//! translate-toolkit's TMX reader; the JSON reader), pairs projected out
//! equal to the pairwise alignments, the rows, flags and coverage on texts
//! where a version dropped sentences, the translation-to-translation
//! check, and bad input.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use transalign::Lang;
use transalign::align::{Link, Segment};
use transalign::multi::{Check, FlagKind, LinkKind, MultiAlignment, Version, check, coverage, json};

fn exe() -> PathBuf {
    assert_cmd::cargo::cargo_bin("transalign")
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(exe()).current_dir(common::root()).args(args).output().unwrap()
}

fn ok(args: &[&str]) -> std::process::Output {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

const UDHR: [&str; 3] = ["corpora/udhr/fra.md", "corpora/udhr/nld.md", "corpora/udhr/deu.md"];

/// The TMX 1.4b DTD, as Debian's `omegat` package ships it (scripts/test
/// puts it in target/tmx); `$TRANSALIGN_TMX_DTD` overrides. Panics when
/// absent: validation is never skipped.
fn tmx_dtd() -> PathBuf {
    let p = std::env::var_os("TRANSALIGN_TMX_DTD")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("target/tmx/tmx14.dtd"));
    assert!(
        p.is_file(),
        "{} not found: run scripts/test (it extracts tmx14.dtd from Debian's omegat package)",
        p.display()
    );
    p
}

pub(crate) fn xmllint_valid(tmx: &Path) {
    let out = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(tmx_dtd())
        .arg(tmx)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xmllint ({e}); apt-get install libxml2-utils (scripts/test does)"));
    assert!(out.status.success(), "xmllint: {}", String::from_utf8_lossy(&out.stderr));
}

/// translate-toolkit's TMX reader: per unit, the languages of its variants
/// and their texts.
fn translate_toolkit_units(tmx: &Path) -> Vec<Vec<(String, String)>> {
    let script = r#"
import json, sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
out = []
for u in store.units:
    out.append([[n.get("{http://www.w3.org/XML/1998/namespace}lang"), u.getNodeText(n)] for n in u.getlanguageNodes()])
print(json.dumps(out))
"#;
    let out = Command::new("python3").arg("-c").arg(script).arg(tmx).output().expect("python3");
    assert!(
        out.status.success(),
        "translate-toolkit could not read {} (pip install translate-toolkit; scripts/test does): {}",
        tmx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the reader")
}

#[test]
fn udhr_triple_in_every_format_each_valid_for_its_consumer() {
    let dir = common::tempdir();
    let path = |ext: &str| dir.path().join(format!("udhr.{ext}"));
    for (format, ext) in [
        ("json", "json"),
        ("tsv", "tsv"),
        ("tmx", "tmx"),
        ("tei", "tei.xml"),
        ("html", "html"),
        ("coverage", "coverage.txt"),
    ] {
        let out = path(ext);
        let mut args = vec!["-q", "multi"];
        args.extend(UDHR);
        args.extend(["--langs", "fr,nl,de", "--format", format, "-o", out.to_str().unwrap()]);
        ok(&args);
        // The shipped outputs are what the command writes.
        let shipped = common::root().join(format!("alignments/udhr/fra-nld-deu.{ext}"));
        assert_eq!(common::read(&out), common::read(&shipped), "{format}: differs from {}", shipped.display());
    }
    // JSON: the reader accepts it and gives back what was written.
    let text = common::read(&path("json"));
    let m = json::parse(&text).expect("the JSON reads back");
    assert_eq!(json::to_string(&m).unwrap(), text, "JSON out, in and out again is the same text");
    assert_eq!(m.versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["fra", "nld", "deu"]);
    let n = m.pivot().segments.len();
    assert!(n > 80 && m.rows.len() > 80, "{n} segments, {} rows", m.rows.len());
    // Every pivot segment is in exactly one row, in order; every version's too.
    for v in 0..m.versions.len() {
        let seen: Vec<usize> = m.rows.iter().flat_map(|r| r.cells[v].segments.iter().copied()).collect();
        assert_eq!(seen, (0..m.versions[v].segments.len()).collect::<Vec<_>>(), "version {v}");
    }
    // TEI: valid against tei_all, ids unique, every pointer resolves, one
    // linkGrp per translation and a multi-target link per row.
    common::jing_validate(&[path("tei.xml")]);
    let tei = common::read(&path("tei.xml"));
    common::assert_ids_sound(&tei, "multi TEI");
    assert_eq!(tei.matches("<linkGrp type=\"alignment\"").count(), 2);
    let three_way = m.rows.iter().filter(|r| r.cells.iter().all(|c| !c.segments.is_empty())).count();
    assert!(three_way > 80);
    let row_links = tei.lines().filter(|l| l.contains("<link xml:id=\"row.")).count();
    assert_eq!(row_links, three_way, "a multi-target link per row with text in two or more versions");
    // TMX: valid against the DTD; translate-toolkit reads one unit per row,
    // with one variant per version that has text, in the pivot's order.
    xmllint_valid(&path("tmx"));
    let units = translate_toolkit_units(&path("tmx"));
    assert_eq!(units.len(), m.rows.len());
    for (u, row) in units.iter().zip(&m.rows) {
        let langs: Vec<&str> = u.iter().map(|(l, _)| l.as_str()).collect();
        let want: Vec<&str> =
            (0..3).filter(|&v| !row.cells[v].segments.is_empty()).map(|v| m.versions[v].lang.code()).collect();
        assert_eq!(langs, want);
        let pivot_text: Vec<&str> = row.pivot().iter().map(|&i| m.pivot().segments[i].text.as_str()).collect();
        assert_eq!(u[0].1, pivot_text.join(" "));
    }
    // TSV: a column per version, then confidences and flags.
    let tsv = common::read(&path("tsv"));
    let mut lines = tsv.lines();
    assert_eq!(lines.next(), Some("row\tfra\tnld\tdeu\tnld confidence\tdeu confidence\tflags"));
    let body: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(body.len(), m.rows.len());
    for (cols, row) in body.iter().zip(&m.rows) {
        assert_eq!(cols.len(), 7);
        let nl: Vec<&str> = row.cells[1].segments.iter().map(|&i| m.versions[1].segments[i].text.as_str()).collect();
        assert_eq!(cols[2], nl.join(" ~~~ "));
    }
    // The regrouped rows are where the two versions' links differ in shape.
    let regrouped = m.rows.iter().filter(|r| r.has(FlagKind::Regrouped)).count();
    assert!(regrouped >= 1, "nld merges and splits where deu does not");
    assert!(common::read(&path("coverage.txt")).contains("deu.md (de, 94 segments): present"));
}

#[test]
fn pairs_projected_out_equal_the_pairwise_alignments() {
    let dir = common::tempdir();
    let multi = dir.path().join("m.json");
    let mut args = vec!["-q", "multi"];
    args.extend(UDHR);
    args.extend(["-o", multi.to_str().unwrap()]);
    ok(&args);
    for (tgt, a, b) in [("corpora/udhr/nld.md", "fra", "nld"), ("corpora/udhr/deu.md", "fr", "de")] {
        let pair = dir.path().join(format!("{b}.beads"));
        ok(&["-q", "align", UDHR[0], tgt, "--format", "beads", "-o", pair.to_str().unwrap()]);
        let proj = dir.path().join(format!("{b}.proj.beads"));
        ok(&["convert", multi.to_str().unwrap(), "--pair", a, b, "--format", "beads", "-o", proj.to_str().unwrap()]);
        assert_eq!(common::read(&proj), common::read(&pair), "{a}–{b}: the projection is the pairwise alignment");
        // eval scores the projection against the pairwise one as gold: all right.
        let e = ok(&[
            "eval",
            "--gold",
            pair.to_str().unwrap(),
            "--test",
            multi.to_str().unwrap(),
            "--pair",
            a,
            b,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
        assert_eq!(v["strict"]["f1"], 1.0, "{v}");
    }
    // Two translations: a complete alignment, in any pairwise format.
    let tmx = dir.path().join("nl-de.tmx");
    ok(&["convert", multi.to_str().unwrap(), "--pair", "nl", "deu", "--format", "tmx", "-o", tmx.to_str().unwrap()]);
    xmllint_valid(&tmx);
    let m = json::parse(&common::read(&multi)).unwrap();
    let nl_de = m.project(1, 2).unwrap();
    transalign::align::check_cover(
        nl_de.links.iter().map(|l| (&l.src[..], &l.tgt[..])),
        m.versions[1].segments.len(),
        m.versions[2].segments.len(),
    )
    .expect("every sentence of both once, in order");
    // Without --pair, convert writes the multi formats; beads needs a pair.
    let html = dir.path().join("m.html");
    ok(&["convert", multi.to_str().unwrap(), "--format", "html", "-o", html.to_str().unwrap()]);
    assert!(common::read(&html).contains("Content-Security-Policy"));
    let out = run(&["convert", multi.to_str().unwrap(), "--format", "beads"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pair A B"));
}

/// What `multi` warns of (a `--langs` the text contradicts, reduced
/// evidence) is in every output, as a pair's outputs carry theirs (a QA
/// round found it on standard error only): JSON per version, `# warning:`
/// lines in TSV, header notes in TMX, a `notesStmt` in TEI (still valid),
/// a box in HTML, `WARNING:` lines in the coverage report. A pair
/// projected out carries those of its two versions (and the pivot's when
/// composed through it), and `convert` says them on standard error for
/// the bare formats, as for a pairwise file.
#[test]
fn warnings_are_in_every_output_and_in_the_pairs_projected_out() {
    let dir = common::tempdir();
    let path = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    // The pivot said German (it is French), Dutch said German, no dictionary.
    let pivot_w = "fra.md: --langs says de (German), but the text reads as fr (French)";
    let nld_w = "nld.md: --langs says de (German), but the text reads as nl (Dutch)";
    let (nld_r, deu_r) = ("nld: reduced evidence", "deu: reduced evidence");
    let multi = |format: &str, file: &str| -> String {
        let mut args = vec!["-q".to_string(), "multi".into()];
        args.extend(UDHR.map(String::from));
        args.extend(["--langs", "de,de,de", "--no-dict", "--format", format, "-o"].map(String::from));
        args.push(s(&path(file)));
        let out = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(pivot_w) && err.contains(nld_w), "said as it runs: {err}");
        common::read(&path(file))
    };
    let has_all = |text: &str, what: &str| {
        for w in [pivot_w, nld_w, nld_r, deu_r] {
            assert!(text.contains(w), "{what} lacks {w:?}:\n{}", &text[..text.len().min(3000)]);
        }
    };
    // JSON: per version.
    let j: serde_json::Value = serde_json::from_str(&multi("json", "m.json")).unwrap();
    let warnings =
        |v: usize| -> String { j["versions"][v]["warnings"].as_array().map_or(String::new(), |a| format!("{a:?}")) };
    assert!(warnings(0).contains(pivot_w) && !warnings(0).contains("reduced"), "{}", warnings(0));
    assert!(warnings(1).contains(nld_w) && warnings(1).contains(nld_r), "{}", warnings(1));
    assert!(warnings(2).contains(deu_r) && !warnings(2).contains("--langs says"), "{}", warnings(2));
    let text = common::read(&path("m.json"));
    assert_eq!(json::to_string(&json::parse(&text).expect("read back")).unwrap(), text, "kept when read back");
    // TSV: comment lines before the header.
    let tsv = multi("tsv", "m.tsv");
    let heads: Vec<&str> = tsv.lines().take_while(|l| l.starts_with("# warning: ")).collect();
    assert_eq!(heads.len(), 4, "{tsv}");
    assert!(tsv.lines().nth(4).is_some_and(|l| l.starts_with("row\tfra\t")));
    has_all(&heads.join("\n"), "TSV");
    // TMX: header notes, valid against the DTD.
    let tmx = multi("tmx", "m.tmx");
    has_all(tmx.split("</header>").next().unwrap(), "TMX header");
    assert_eq!(tmx.matches("<note>warning: ").count(), 4);
    xmllint_valid(&path("m.tmx"));
    // TEI: notes in the header's notesStmt, valid against tei_all.
    let tei = multi("tei", "m.tei.xml");
    let notes = tei.split("<notesStmt>").nth(1).and_then(|t| t.split("</notesStmt>").next()).expect("a notesStmt");
    assert_eq!(notes.matches("<note type=\"warning\">").count(), 4);
    has_all(notes, "TEI notesStmt");
    common::jing_validate(&[path("m.tei.xml")]);
    // HTML: a warning box each, in the page's header.
    let html = multi("html", "m.html");
    let header = html.split("</header>").next().unwrap();
    assert_eq!(header.matches("<p class=\"warning\"><strong>Warning:</strong> ").count(), 4);
    has_all(header, "HTML header");
    // The coverage report opens with them.
    let cov = multi("coverage", "m.coverage.txt");
    assert!(cov.lines().take(4).all(|l| l.starts_with("WARNING: ")), "{cov}");
    has_all(&cov, "coverage");
    // convert to a multi format keeps them (read from the JSON).
    let out = ok(&["convert", &s(&path("m.json")), "--format", "tsv"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# warning: "));

    // A pair projected out: its own versions' warnings, the pivot's when
    // the pair goes through it, no other version's.
    let pair = |a: &str, b: &str, format: &str| -> (String, String) {
        let out = ok(&["convert", &s(&path("m.json")), "--pair", a, b, "--format", format]);
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (fra_deu, err) = pair("fra", "deu", "json");
    assert!(err.is_empty(), "JSON carries them: {err}");
    let fra_deu: serde_json::Value = serde_json::from_str(&fra_deu).unwrap();
    let said = format!("{:?}", fra_deu["warnings"]);
    assert!(said.contains(pivot_w) && said.contains(deu_r), "{said}");
    assert!(!said.contains(nld_w) && !said.contains(nld_r), "not Dutch's: {said}");
    let (nld_deu, _) = pair("nld", "deu", "json");
    let nld_deu: serde_json::Value = serde_json::from_str(&nld_deu).unwrap();
    assert_eq!(nld_deu["warnings"].as_array().unwrap().len(), 4, "two translations go through the pivot");
    // The pair's TEI holds them and stays valid.
    let tei_pair = path("fra-nld.tei.xml");
    ok(&["convert", &s(&path("m.json")), "--pair", "fra", "nld", "--format", "tei", "-o", &s(&tei_pair)]);
    let tei = common::read(&tei_pair);
    for w in [pivot_w, nld_w, nld_r] {
        assert!(tei.contains(w), "pair TEI lacks {w}");
    }
    assert!(!tei.contains(deu_r));
    common::jing_validate(&[tei_pair]);
    // Beads cannot hold them: standard error says them, naming the file.
    let (beads, err) = pair("fra", "deu", "beads");
    assert!(!beads.contains("warning"));
    let m_json = s(&path("m.json"));
    assert!(err.contains(&format!("warning: {m_json}: corpora/udhr/{pivot_w}")), "{err}");
    assert!(err.contains(&format!("warning: {m_json}: {deu_r}")) && !err.contains(nld_w), "{err}");
}

/// The UDHR as segmented texts, one line per row of the shipped
/// multi-alignment: French, Dutch, German with two sentences left out, and
/// a second Dutch version with two lines merged.
fn dropped_case(dir: &Path) -> Vec<PathBuf> {
    let tsv = common::read(&common::root().join("alignments/udhr/fra-nld-deu.tsv"));
    let rows: Vec<Vec<String>> =
        tsv.lines().skip(1).map(|l| l.split('\t').map(|c| c.replace(" ~~~ ", " ")).collect()).collect();
    let col = |k: usize| rows.iter().map(|r| r[k].clone()).collect::<Vec<_>>();
    let (fr, nl, de) = (col(1), col(2), col(3));
    let de: Vec<String> = de.iter().enumerate().filter(|(i, _)| *i != 40 && *i != 64).map(|(_, s)| s.clone()).collect();
    let mut nl2 = nl.clone();
    let merged = format!("{} {}", nl2[30], nl2[31]);
    nl2.splice(30..32, [merged]);
    let mut paths = Vec::new();
    for (name, lines) in [("fr.txt", fr), ("nl.txt", nl), ("de.txt", de), ("nl2.txt", nl2)] {
        let p = dir.join(name);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        paths.push(p);
    }
    paths
}

#[test]
fn a_version_that_dropped_sentences_has_them_listed() {
    let dir = common::tempdir();
    let paths = dropped_case(dir.path());
    let out = dir.path().join("m.json");
    let mut args: Vec<&str> = vec!["-q", "multi", "--segmented", "--langs", "fr,nl,de,nl", "-o", out.to_str().unwrap()];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    ok(&args);
    let m = json::parse(&common::read(&out)).unwrap();
    let de = m.find("de").unwrap();
    let cov = coverage::of(&m, de);
    let dropped: Vec<usize> = cov.dropped.iter().map(|d| d.segment).collect();
    assert_eq!(dropped, [40, 64], "the two sentences German leaves out");
    assert!(cov.dropped.iter().all(|d| d.why.as_deref().is_some_and(|w| w.contains("shares"))));
    for d in &cov.dropped {
        let row = &m.rows[d.row];
        assert!(row.pivot().contains(&d.segment) && row.cells[de].segments.is_empty());
        assert!(row.flags.iter().any(|f| f.kind == FlagKind::Dropped && f.versions == [de]));
    }
    assert_eq!(cov.count(LinkKind::Dropped), 2);
    assert!((cov.present_share() - (1.0 - 2.0 / 93.0)).abs() < 1e-9);
    // The two Dutch versions share a language: that check ran first, and
    // the chain checks each translation against at most one later one (German
    // with the second Dutch only where a dictionary route links them).
    let (nl, nl2) = (m.find("nl").unwrap(), m.find("nl2").unwrap());
    assert_eq!((m.checks[0].a, m.checks[0].b), (nl, nl2));
    assert_eq!(m.checks[0].why, "both in nl");
    assert!(m.checks[1..].iter().all(|c| c.a == de && c.b == nl2 && c.why.starts_with("a dictionary links them")));
    assert!(m.checks.len() <= 2, "{:?}", m.checks.iter().map(|c| &c.why).collect::<Vec<_>>());
    assert_eq!(coverage::of(&m, nl2).count(LinkKind::Merged), 2, "two pivot lines merged into one");
    let regrouped: Vec<&transalign::multi::Row> = m.rows.iter().filter(|r| r.has(FlagKind::Regrouped)).collect();
    assert!(regrouped.iter().any(|r| r.pivot() == [30, 31]), "the merge makes one row of two pivot lines");
    // The coverage report lists them, with why.
    let report = coverage::report(&m);
    let first = format!("row {}, fr s41: ", cov.dropped[0].row + 1);
    assert!(report.contains("dropped (2):") && report.contains(&first) && report.contains("why: shares"), "{report}");
}

fn seg(n: usize) -> Vec<Segment> {
    (0..n).map(|i| Segment::new(format!("s{}", i + 1), format!("sentence {i}"))).collect()
}

fn l(src: &[usize], tgt: &[usize], c: f64) -> Link {
    Link { src: src.to_vec(), tgt: tgt.to_vec(), confidence: c }
}

fn en() -> Lang {
    Lang::new("en").unwrap()
}

#[test]
fn rows_flags_and_coverage_follow_the_links() {
    // Pivot of 5. A: 1-1 ×2, 1-0 (drops 2), 0-1 (inserts), 1-1 ×2.
    // B: 2-1 (merges 0, 1), 1-2 (splits 2), 1-1, 1-1.
    let a = vec![
        l(&[0], &[0], 0.9),
        l(&[1], &[1], 0.9),
        l(&[2], &[], 0.8),
        l(&[], &[2], 0.4),
        l(&[3], &[3], 0.9),
        l(&[4], &[4], 0.9),
    ];
    let b = vec![l(&[0, 1], &[0], 0.7), l(&[2], &[1, 2], 0.6), l(&[3], &[3], 0.9), l(&[4], &[4], 0.95)];
    let versions = vec![
        Version::new("p", "p.txt", en(), seg(5)),
        Version::new("a", "a.txt", en(), seg(5)).with_links(a),
        Version::new("b", "b.txt", en(), seg(5)).with_links(b),
    ];
    let m = MultiAlignment::new(versions, Vec::new()).unwrap();
    let shape: Vec<(Vec<usize>, Vec<usize>, Vec<usize>)> =
        m.rows.iter().map(|r| (r.pivot().to_vec(), r.cells[1].segments.clone(), r.cells[2].segments.clone())).collect();
    assert_eq!(
        shape,
        [
            (vec![0, 1], vec![0, 1], vec![0]),
            // A's insertion sits where B's 1-2 link does not cross: at
            // pivot position 3, after the row of pivot 2.
            (vec![2], vec![], vec![1, 2]),
            (vec![], vec![2], vec![]),
            (vec![3], vec![3], vec![3]),
            (vec![4], vec![4], vec![4]),
        ]
    );
    let flags = |r: usize| m.rows[r].flags.iter().map(|f| (f.kind, f.versions.clone())).collect::<Vec<_>>();
    assert_eq!(flags(0), [(FlagKind::Regrouped, vec![2])]);
    assert_eq!(flags(1), [(FlagKind::Dropped, vec![1]), (FlagKind::Regrouped, vec![2])]);
    assert_eq!(flags(2), [(FlagKind::Inserted, vec![1]), (FlagKind::LowConfidence, vec![1])]);
    assert!(flags(3).is_empty() && flags(4).is_empty());
    let ca = coverage::of(&m, 1);
    assert_eq!((ca.count(LinkKind::Kept), ca.count(LinkKind::Dropped), ca.count(LinkKind::Inserted)), (4, 1, 1));
    assert_eq!(ca.dropped.iter().map(|d| (d.segment, d.row)).collect::<Vec<_>>(), [(2, 1)]);
    let cb = coverage::of(&m, 2);
    assert_eq!((cb.count(LinkKind::Merged), cb.count(LinkKind::Split), cb.count(LinkKind::Kept)), (2, 1, 2));
    // Out to JSON and back: the same multi-alignment.
    let text = json::to_string(&m).unwrap();
    assert_eq!(json::parse(&text).unwrap(), m);
    // A file whose rows do not follow from its links is refused, naming the row.
    let mut f: serde_json::Value = serde_json::from_str(&text).unwrap();
    f["rows"][3]["flags"] = serde_json::json!([{"flag": "dropped", "versions": ["a"]}]);
    let e = json::parse(&f.to_string()).unwrap_err().to_string();
    assert!(e.contains("row 4: flags"), "{e}");
    // A link that leaves a segment out is refused, naming the version.
    let mut f: serde_json::Value = serde_json::from_str(&text).unwrap();
    f["versions"][2]["links"][2]["version"] = serde_json::json!([]);
    let e = json::parse(&f.to_string()).unwrap_err().to_string();
    assert!(e.contains("version b") && e.contains("link 4"), "{e}");
}

#[test]
fn the_check_flags_rows_two_translations_disagree_on_and_can_repair_them() {
    // Pivot 0..4; A and B both 1-1 everywhere, but B's pairwise run slid:
    // it paired pivot 1 with nothing and pivot 2 with B's 1 and 2.
    let a = vec![l(&[0], &[0], 0.95), l(&[1], &[1], 0.9), l(&[2], &[2], 0.9), l(&[3], &[3], 0.95)];
    let b = vec![l(&[0], &[0], 0.95), l(&[1], &[], 0.3), l(&[2], &[1, 2], 0.4), l(&[3], &[3], 0.95)];
    // A and B aligned directly: 1-1 everywhere.
    let ab: Vec<Link> = (0..4).map(|i| l(&[i], &[i], 0.99)).collect();
    let versions = vec![
        Version::new("p", "p", en(), seg(4)),
        Version::new("a", "a", en(), seg(4)).with_links(a),
        Version::new("b", "b", en(), seg(4)).with_links(b),
    ];
    let m = MultiAlignment::new(
        versions.clone(),
        vec![Check { a: 1, b: 2, why: "both in en".into(), links: ab.clone(), repaired: 0 }],
    )
    .unwrap();
    let flagged: Vec<(Vec<usize>, f64)> = m
        .rows
        .iter()
        .filter_map(|r| {
            r.flags.iter().find(|f| f.kind == FlagKind::Disagree).map(|f| (r.pivot().to_vec(), f.confidence.unwrap()))
        })
        .collect();
    assert_eq!(flagged, [(vec![1], 0.99), (vec![2], 0.99)], "the direct link A1–B1 crosses the rows of pivot 1 and 2");
    // Repair: B's links are the least confident in that block, so they are
    // replaced by the composition of A's and the direct ones.
    let mut fixed = versions;
    let n = check::repair(&mut fixed, 1, 2, &ab, check::Repair::default());
    assert_eq!(n, 1);
    let b_links: Vec<(Vec<usize>, Vec<usize>)> =
        fixed[2].links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect();
    assert_eq!(b_links, [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2]), (vec![3], vec![3])]);
    assert_eq!(fixed[2].repaired, [false, true, true, false]);
    let m = MultiAlignment::new(fixed, vec![Check { a: 1, b: 2, why: String::new(), links: ab, repaired: n }]).unwrap();
    assert!(m.rows.iter().all(|r| !r.has(FlagKind::Disagree)), "after the repair the three agree");
}

#[test]
fn bad_input_names_the_file_and_exits_2() {
    let dir = common::tempdir();
    // Too few texts, wrong number of languages.
    assert_eq!(run(&["multi", UDHR[0]]).status.code(), Some(2));
    let out = run(&["multi", UDHR[0], UDHR[1], "--langs", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--langs gives 1 language for 2 texts"));
    // A missing translation is named; nothing is written.
    let target = dir.path().join("m.json");
    let out = run(&["multi", UDHR[0], "corpora/udhr/none.md", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("corpora/udhr/none.md"));
    assert!(!target.exists());
    // A broken multi JSON: the file and what breaks.
    let bad = dir.path().join("bad.json");
    let shipped = common::read(&common::root().join("alignments/udhr/fra-nld-deu.json"));
    let mut v: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    v["versions"][1]["links"][0]["pivot"] = serde_json::json!([0, 1]);
    std::fs::write(&bad, v.to_string()).unwrap();
    let out = run(&["convert", bad.to_str().unwrap(), "--pair", "fra", "nld", "--format", "beads"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json") && err.contains("version nld"), "{err}");
    // An unknown version lists the ones there are.
    let good = common::root().join("alignments/udhr/fra-nld-deu.json");
    let out = run(&["convert", good.to_str().unwrap(), "--pair", "fra", "en", "--format", "beads"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fra (fr), nld (nl), deu (de)"));
}

#[test]
fn a_damaged_multi_file_is_refused_without_a_panic() {
    let shipped = common::read(&common::root().join("alignments/udhr/fra-nld-deu.json"));
    let base: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "an index past the end",
            Box::new(|v| v["versions"][2]["links"][5]["version"] = serde_json::json!([usize::MAX])),
        ),
        (
            "a pivot index past the end",
            Box::new(|v| v["versions"][1]["links"][0]["pivot"] = serde_json::json!([100000])),
        ),
        ("no links", Box::new(|v| v["versions"][1]["links"] = serde_json::json!([]))),
        (
            "a row too few",
            Box::new(|v| {
                v["rows"].as_array_mut().unwrap().pop();
            }),
        ),
        ("a row's segments moved", Box::new(|v| v["rows"][2]["cells"][0]["segments"] = serde_json::json!([3]))),
        ("the pivot not first", Box::new(|v| v["pivot"] = serde_json::json!("nld"))),
        ("a name twice", Box::new(|v| v["versions"][2]["name"] = serde_json::json!("nld"))),
        ("a bad language", Box::new(|v| v["versions"][1]["lang"] = serde_json::json!("??"))),
        ("a confidence of 2", Box::new(|v| v["versions"][1]["links"][0]["confidence"] = serde_json::json!(2.0))),
        ("an unknown kind", Box::new(|v| v["versions"][0]["segments"][0]["kind"] = serde_json::json!("poem"))),
        (
            "a check of the pivot",
            Box::new(
                |v| v["checks"] = serde_json::json!([{"versions": ["fra", "nld"], "why": "", "rows_disagreeing": 0, "repaired_blocks": 0, "links": []}]),
            ),
        ),
        (
            "a check of an unknown version",
            Box::new(
                |v| v["checks"] = serde_json::json!([{"versions": ["nld", "xx"], "why": "", "rows_disagreeing": 0, "repaired_blocks": 0, "links": []}]),
            ),
        ),
        ("another format", Box::new(|v| v["format"] = serde_json::json!("transalign-alignment"))),
    ];
    for (what, edit) in edits {
        let mut v = base.clone();
        edit(&mut v);
        let e = json::parse(&v.to_string());
        assert!(e.is_err(), "{what}: accepted");
    }
    // Cut anywhere, it is an error with a place, not a panic.
    for cut in [1, 100, shipped.len() / 2, shipped.len() - 3] {
        let cut = (0..=cut).rev().find(|&i| shipped.is_char_boundary(i)).unwrap_or(0);
        let e = json::parse(&shipped[..cut]).unwrap_err().to_string();
        // "LINE:COL: what", 1-based.
        let place: Vec<usize> = e.split(':').take(2).filter_map(|p| p.trim().parse().ok()).collect();
        assert!(place.len() == 2 && place.iter().all(|&n| n >= 1), "{e}");
    }
}
