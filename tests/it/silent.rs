//! Silent failures where a person touches the command line: a flag or an
//! output name accepted and then ignored or misread, exit 0. Each case is
//! a row: the command, what it must do, what it must leave on disk.

use std::path::{Path, PathBuf};

use crate::common;

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("transalign").expect("binary built")
}

/// A scratch directory with a small page, two short segmented texts and a
/// pairwise alignment JSON: inputs every command below can read quickly.
fn inputs() -> tempfile::TempDir {
    let dir = common::tempdir();
    let page = "# Victor Serge\n\n## Vertalingen\n\n- *De veroverde stad* (1967)\n\n## Bibliografie\n\n- *Ville conquise* (1932)\n";
    std::fs::write(dir.path().join("page.md"), page).unwrap();
    std::fs::write(dir.path().join("a.txt"), "Een zin.\nNog een zin.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Une phrase.\nEncore une phrase.\n").unwrap();
    let v1 = common::root().join("tests/data/fuzz/convert/version-1.json");
    std::fs::copy(v1, dir.path().join("a.json")).unwrap();
    dir
}

/// Run `args` in `dir` (`{dir}` in an argument is the directory); returns
/// the exit code and standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let d = dir.display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &d)).collect();
    let out = bin().current_dir(dir).args(&args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `-o FILE` whose extension is another format's: `tei -o page.html`
/// wrote TEI XML into page.html, `titles -o t.xml` and `report -o r.tmx`
/// wrote text, `review -o page.tmx` the HTML page, all with exit 0. Now
/// refused before any work, naming the file and the extensions that fit,
/// and nothing is written; a name that fits, or an extension no format
/// has, writes as before.
#[test]
fn an_output_named_for_a_format_the_command_does_not_write_is_refused() {
    let seg = ["--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "a.txt", "b.txt"];
    let review = |out: &'static str| -> Vec<&'static str> {
        let mut v = vec!["-q", "review"];
        v.extend(seg);
        v.extend(["-o", out]);
        v
    };
    // (arguments, output file, refused?, stderr says, output starts with)
    let cases: Vec<(Vec<&str>, &str, bool, &str, &str)> = vec![
        (vec!["-q", "tei", "page.md", "-o", "p.html"], "p.html", true, "name the file .tei or .xml", ""),
        (vec!["-q", "tei", "page.md", "-o", "p.json"], "p.json", true, "-o p.json names the json format", ""),
        (vec!["-q", "tei", "page.md", "-o", "p.txt"], "p.txt", true, ".tei or .xml", ""),
        (vec!["-q", "tei", "page.md", "-o", "p.xml"], "p.xml", false, "", "<?xml"),
        (vec!["-q", "tei", "page.md", "-o", "p.TEI"], "p.TEI", false, "", "<?xml"),
        (vec!["-q", "tei", "page.md", "-o", "p"], "p", false, "", "<?xml"),
        (vec!["-q", "titles", "page.md", "-o", "t.xml"], "t.xml", true, "name the file .txt, .json or .tsv", ""),
        (vec!["-q", "titles", "page.md", "-o", "t.html"], "t.html", true, "or give --format", ""),
        (vec!["-q", "titles", "page.md", "--format", "json", "-o", "t.html"], "t.html", false, "", "{"),
        (vec!["-q", "report", "page.md", "-o", "r.tmx"], "r.tmx", true, ".txt, .json, .tsv or .html", ""),
        (vec!["-q", "report", "page.md", "-o", "r.out"], "r.out", false, "", "== Victor Serge"),
        (review("r.tmx"), "r.tmx", true, "name the file .html or .json", ""),
        (review("r.txt"), "r.txt", true, "-o r.txt names the text format", ""),
        (
            vec!["-q", "multi", "a.txt", "b.txt", "--segmented", "-o", "m.beads"],
            "m.beads",
            true,
            "or give --format",
            "",
        ),
        // multi's one plain-text output is its coverage report.
        (
            vec!["-q", "multi", "a.txt", "b.txt", "--segmented", "--langs", "nl,fr", "-o", "m.txt"],
            "m.txt",
            false,
            "",
            "Coverage of the pivot",
        ),
    ];
    for (args, out, refused, says, starts) in cases {
        let dir = inputs();
        let (code, err) = run(dir.path(), &args);
        let file = dir.path().join(out);
        if refused {
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains(says), "{args:?}: {err}");
            assert!(!file.exists(), "{args:?} wrote {out}");
        } else {
            assert_eq!(code, 0, "{args:?}: {err}");
            let text = common::read(&file);
            assert!(text.starts_with(starts), "{args:?}: {}", &text[..text.len().min(80)]);
        }
    }
}

/// `convert A.json -o out.tmx` without `--format` was a usage error
/// ("--format required") where `align` took the format from the name; now
/// the name says it, `.xml` is refused as for `align` (TEI or XCES?), and
/// with neither the error says what to give.
#[test]
fn convert_takes_its_format_from_the_output_name() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("out.tmx", None, "<?xml"),
        ("out.tsv", None, "nl\tfr\tconfidence"),
        ("out.json", None, "{"),
        ("out.beads", None, "[0, 1]:[0]:"),
        ("out.xml", Some("--format tei or --format xces"), ""),
        ("out.data", Some("give --format FORMAT, or -o FILE with the format's extension"), ""),
        ("-", Some("give --format FORMAT"), ""),
    ];
    for (out, refused, starts) in cases {
        let dir = inputs();
        let (code, err) = run(dir.path(), &["convert", "a.json", "-o", out]);
        let file: PathBuf = dir.path().join(out);
        match refused {
            Some(says) => {
                assert_eq!(code, 2, "{out}: {err}");
                assert!(err.contains(says), "{out}: {err}");
                assert!(*out == "-" || !file.exists(), "{out} written");
            }
            None => {
                assert_eq!(code, 0, "{out}: {err}");
                let text = common::read(&file);
                assert!(text.starts_with(starts), "{out}: {}", &text[..text.len().min(80)]);
            }
        }
    }
}

/// `man --out-dir DIR` with a DIR not made yet failed on its first page
/// ("transalign.1: No such file or directory"); it is made, as `align
/// --batch --out-dir` and `corpus --out` make theirs. And `-q` printed
/// the 18 "wrote" lines anyway.
#[test]
fn man_makes_its_out_dir_and_is_quiet_with_q() {
    let dir = common::tempdir();
    let out = dir.path().join("share/man/man1");
    let run = bin().args(["-q", "man", "--out-dir"]).arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.join("transalign.1").is_file());
    assert!(out.join("transalign-align.1").is_file());
    assert_eq!(String::from_utf8_lossy(&run.stderr), "", "-q prints only errors and warnings");
    // A file where the directory should be: an error naming it.
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "x").unwrap();
    let run = bin().args(["man", "--out-dir"]).arg(blocked.join("man1")).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("file/man1"), "{}", String::from_utf8_lossy(&run.stderr));
}

/// `--save-lexicon` is a second output, written after the alignment:
/// given the `-o` file's name it replaced the alignment just written with
/// the lexicon, exit 0 (the files being new, no identity check saw it);
/// `--save-lexicon -` made a file named `-`. Both are refused before any
/// work, and nothing is written.
#[test]
fn save_lexicon_never_replaces_the_alignment() {
    let root = common::root();
    let (nld, fra) = (root.join("corpora/udhr/nld.md"), root.join("corpora/udhr/fra.md"));
    for (out, lexicon, says) in [
        ("out.beads", "out.beads", "is the -o file too"),
        ("out.beads", "sub/../out.beads", "is the -o file too"),
        ("out.beads", "-", "--save-lexicon -: give a file name"),
    ] {
        let dir = common::tempdir();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let run = bin()
            .current_dir(dir.path())
            .args(["-q", "align", "--learn", "-o", out, "--save-lexicon", lexicon])
            .arg(&nld)
            .arg(&fra)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{lexicon}: {err}");
        assert!(err.contains(says), "{lexicon}: {err}");
        assert!(!dir.path().join(out).exists() && !dir.path().join("-").exists(), "{lexicon}: a file was written");
    }
    // Another name: both written, the alignment as beads.
    let dir = common::tempdir();
    bin()
        .current_dir(dir.path())
        .args(["-q", "align", "--learn", "-o", "out.beads", "--save-lexicon", "lexicon.txt"])
        .arg(&nld)
        .arg(&fra)
        .assert()
        .success();
    assert!(common::read(&dir.path().join("out.beads")).starts_with("[0]:[0]"));
    assert!(common::read(&dir.path().join("lexicon.txt")).contains(" @ "));
}

/// A batch pair named `summary` with `--format json` wrote
/// `summary.json`, which the batch's own summary then replaced: the
/// pair's alignment lost, exit 0. A shard's summary (`summary.2-of-4`)
/// the same. Refused before any work; other names near it are fine.
#[test]
fn a_batch_pair_named_as_the_summary_is_refused() {
    let dir = inputs();
    for (name, shard, refused) in [
        ("summary", None, true),
        ("summary.2-of-4", Some("1/1"), true),
        ("summary.x", None, false),
        ("summary-2", None, false),
    ] {
        std::fs::write(dir.path().join("m.tsv"), format!("a.txt\tb.txt\t{name}\n")).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let mut cmd = bin();
        cmd.current_dir(dir.path())
            .args(["-q", "align", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--format", "json"])
            .args(["--batch", "m.tsv", "--out-dir"])
            .arg(&out);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        let run = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        if refused {
            assert_eq!(run.status.code(), Some(2), "{name}: {err}");
            assert!(err.contains("the batch's own summary"), "{name}: {err}");
            assert!(!out.exists(), "{name}: the out dir was made");
        } else {
            assert_eq!(run.status.code(), Some(0), "{name}: {err}");
            let json = common::read(&out.join(format!("{name}.json")));
            assert!(json.contains("\"links\""), "{name}: {json}");
        }
    }
}

/// `--morph FILE` is shared by every command that looks data up, but only
/// titles and report (French catalogue checks) read a morphology: `align
/// --morph /no/such.dic` ran and exited 0, the flag ignored. Refused by
/// name for align, multi and review; titles still reads it (a missing
/// file is an error there).
#[test]
fn morph_is_refused_where_nothing_reads_it() {
    let dir = inputs();
    let seg = ["--segmented", "--src-lang", "nl", "--tgt-lang", "fr"];
    for cmd in ["align", "multi", "review"] {
        let run = bin()
            .current_dir(dir.path())
            .args(["-q", cmd])
            .args(seg.iter().filter(|_| cmd != "multi"))
            .args(if cmd == "multi" { &["--segmented", "--langs", "nl,fr"][..] } else { &[] })
            .args(["--morph", "no-such.dic", "a.txt", "b.txt"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.contains(&format!("--morph no-such.dic: {cmd} uses no morphology")), "{cmd}: {err}");
        assert!(run.stdout.is_empty(), "{cmd} wrote output");
    }
    let (code, err) = run(dir.path(), &["-q", "titles", "page.md", "--morph", "no-such.dic"]);
    assert_eq!(code, 2, "titles reads --morph: {err}");
    assert!(err.contains("no-such.dic"), "{err}");
}
