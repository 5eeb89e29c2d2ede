//! Hostile input, built here and run through the CLI as a user would:
//! nesting deep enough to overflow any recursive reader, markup that makes
//! naive code quadratic, control characters XML cannot hold, a batch with
//! one poisoned pair, and a disk that fills between the files of a set.
//! Each gives a clear error with its place or a correct output, never a
//! crash, and never a mixed set of old and new files.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn exe() -> PathBuf {
    assert_cmd::cargo::cargo_bin("transalign")
}

/// Run the CLI, killing it if it hangs (a guard against a reader gone
/// quadratic, not a speed target: the limit is far above any normal run).
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(exe())
        .current_dir(dir)
        .args(args)
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("{args:?} still running after 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn zip(path: &Path, entries: &[(&str, String)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

const N: usize = 20_000;

/// One hostile file per reader, nested far past any real page.
fn deep_inputs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let w = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let mut v = vec![
        ("markdown quotes", w("quotes.md", format!("# T\n\n## S\n\n{} x\n", ">".repeat(N)))),
        (
            "markdown lists",
            w(
                "lists.md",
                format!("# T\n\n## S\n\n{}", (0..3000).map(|i| format!("{}* a\n", "  ".repeat(i))).collect::<String>()),
            ),
        ),
        ("html bold", w("bold.html", format!("<h1>T</h1><h2>S</h2><p>{}x{}</p>", "<b>".repeat(N), "</b>".repeat(N)))),
        (
            "html divs",
            w("divs.html", format!("<h1>T</h1><h2>S</h2>{}x{}", "<div>".repeat(5 * N), "</div>".repeat(5 * N))),
        ),
        ("mediawiki list", w("list.wiki", format!("= T =\n== S ==\n{} x\n", "*".repeat(N)))),
        (
            "dokuwiki list",
            w(
                "list.dokuwiki",
                format!(
                    "====== T ======\n===== S =====\n{}",
                    (1..300).map(|i| format!("{}* a\n", "  ".repeat(i))).collect::<String>()
                ),
            ),
        ),
        (
            "tei divs",
            w(
                "divs.tei",
                format!(
                    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>{}<p>x</p>{}</body></text></TEI>",
                    "<div>".repeat(N),
                    "</div>".repeat(N)
                ),
            ),
        ),
    ];
    let epub = dir.join("container.epub");
    zip(
        &epub,
        &[
            ("mimetype", "application/epub+zip".into()),
            ("META-INF/container.xml", format!("{}{}", "<a>".repeat(N), "</a>".repeat(N))),
        ],
    );
    v.push(("epub container", epub));
    let docx = dir.join("runs.docx");
    let body = format!("{}<w:t>x</w:t>{}", "<w:r>".repeat(N), "</w:r>".repeat(N));
    zip(
        &docx,
        &[("word/document.xml", format!("<w:document xmlns:w=\"w\"><w:body><w:p>{body}</w:p></w:body></w:document>"))],
    );
    v.push(("docx runs", docx));
    v
}

#[test]
fn every_reader_refuses_deep_nesting_with_its_place() {
    let dir = common::tempdir();
    for (what, path) in deep_inputs(dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = run(dir.path(), &["tei", &name]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains("nested more than 100 deep"), "{what}: {err}");
        assert!(!err.contains("panicked") && !err.contains("overflow"), "{what}: {err}");
        // The place: file:line:col, or the container's entry and its line:col.
        let place = err.trim_start_matches("transalign: ").split(": ").next().unwrap_or("");
        let entry = err.split(": ").find(|p| p.contains(".xml:")).unwrap_or("");
        let has_pos = |s: &str| s.rsplit(':').take(2).all(|n| n.trim().parse::<usize>().is_ok_and(|n| n > 0));
        assert!(place.starts_with(&name) && (has_pos(place) || has_pos(entry)), "{what}: no place in {err}");
    }
}

/// Titles one after the other and emphasis marks by the hundred thousand
/// once made the page layer quadratic; the page is read, and says why it
/// has no language.
#[test]
fn a_page_of_marks_reads_in_linear_time() {
    let dir = common::tempdir();
    std::fs::write(dir.path().join("marks.md"), format!("# T\n\n## S\n\n{}\n", "*_".repeat(200_000))).unwrap();
    std::fs::write(dir.path().join("titles.md"), format!("# T\n\n## S\n\nZie {}.\n", "*Titel*, ".repeat(50_000)))
        .unwrap();
    for page in ["marks.md", "titles.md"] {
        let out = run(dir.path(), &["tei", page, "-o", "out.xml"]);
        assert!(out.status.success(), "{page}: {}", String::from_utf8_lossy(&out.stderr));
        let xml = std::fs::read_to_string(dir.path().join("out.xml")).unwrap();
        transalign::xml::parse(&xml).unwrap_or_else(|e| panic!("{page}: not XML: {e}"));
    }
}

/// A pair that fails for any reason is a row of the summary; the other
/// pairs are aligned.
#[test]
fn a_poisoned_pair_never_stops_a_batch() {
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(d.join("good.nl.txt"), "Een zin.\nNog een zin.\n").unwrap();
    std::fs::write(d.join("good.fr.txt"), "Une phrase.\nEncore une phrase.\n").unwrap();
    std::fs::write(d.join("deep.nl.md"), format!("{} x\n", ">".repeat(N))).unwrap();
    std::fs::write(d.join("deep.fr.md"), "Une phrase.\n").unwrap();
    std::fs::write(d.join("pairs.tsv"), "deep.nl.md\tdeep.fr.md\tdeep\ngood.nl.txt\tgood.fr.txt\tgood\n").unwrap();
    let out = run(d, &["align", "--batch", "pairs.tsv", "--src-lang", "nl", "--tgt-lang", "fr", "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(2), "one pair failed: {}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/summary.json")).unwrap()).unwrap();
    let rows = summary["results"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["pair"] == name).unwrap();
    assert_eq!(row("deep")["status"], "failed");
    assert!(row("deep")["error"].as_str().unwrap().contains("nested more than 100 deep"), "{summary}");
    assert_eq!(row("good")["status"], "ok");
    assert!(d.join("out/good.beads").is_file());
}

/// NUL and other control characters are replaced on the way in, with a
/// note, so every XML output stays XML; our XML reader refuses them.
#[test]
fn control_characters_never_reach_an_xml_output() {
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(d.join("a.md"), "# Titel\u{0}\n\nEen zin met \u{b}een tab.\n\nNog een \u{1f}zin.\n").unwrap();
    std::fs::write(d.join("b.md"), "# Titre\n\nUne phrase\u{0}.\n\nEncore une phrase.\n").unwrap();
    for (format, out) in [("tei", "o.tei.xml"), ("tmx", "o.tmx"), ("xces", "o.xces.xml")] {
        let run =
            run(d, &["align", "a.md", "b.md", "--src-lang", "nl", "--tgt-lang", "fr", "--format", format, "-o", out]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{format}: {err}");
        assert!(
            err.contains("a.md: 3 control characters that XML cannot hold were replaced by U+FFFD (the first at 1:8)"),
            "{err}"
        );
    }
    let page = run(d, &["tei", "a.md", "-o", "page.xml"]);
    assert!(String::from_utf8_lossy(&page.stderr).contains("3 control characters"));
    for f in ["o.tei.xml", "o.tmx", "o.xces.xml", "o.nl.xml", "o.fr.xml", "page.xml"] {
        let text = std::fs::read_to_string(d.join(f)).unwrap();
        transalign::xml::parse(&text).unwrap_or_else(|e| panic!("{f} is not XML: {e}"));
        let has_text = f != "o.xces.xml"; // the links only; the text is in the sentence files
        assert!(!text.contains('\u{0}') && text.contains('\u{FFFD}') == has_text, "{f}");
    }
    let bad = transalign::xml::parse("<a>x\u{1}y</a>").unwrap_err().to_string();
    assert!(bad.contains("1:4: character U+0001 is not allowed in XML"), "{bad}");
}

/// The three files of an XCES output replace their old versions together:
/// a disk that fills at the third leaves all three old ones.
#[test]
fn a_set_of_outputs_is_replaced_together_or_not_at_all() {
    let dir = common::tempdir();
    let d = dir.path();
    let line = |i: usize, w: &str| format!("{w} {i} met wat woorden erbij.\n");
    std::fs::write(d.join("a.txt"), (0..1500).map(|i| line(i, "Zin")).collect::<String>()).unwrap();
    std::fs::write(d.join("b.txt"), (0..1500).map(|i| line(i, "Phrase")).collect::<String>()).unwrap();
    let small = d.join("small");
    std::fs::create_dir(&small).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=200k tmpfs '{s}' && for f in o.xces.xml o.nl.xml o.fr.xml; do echo previous > '{s}'/$f; done && \
         '{exe}' -q align --segmented --src-lang nl --tgt-lang fr --format xces '{d}/a.txt' '{d}/b.txt' -o '{s}/o.xces.xml'; \
         echo \"exit=$?\"; cat '{s}/o.xces.xml' '{s}/o.nl.xml' '{s}/o.fr.xml'; ls -A '{s}'",
        s = small.display(),
        d = d.display(),
        exe = exe().display()
    );
    let out = common::in_mount_namespace(&script);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("exit=2") && stderr.contains("No space left on device"), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[1..4], ["previous", "previous", "previous"], "every old file kept: {stdout}");
    assert_eq!(lines[4..], ["o.fr.xml", "o.nl.xml", "o.xces.xml"], "and nothing else: {stdout}");
}
