//! The command line: exit codes, error messages that name the file and the
//! place, and outputs that are either whole or absent.

mod common;

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

#[test]
fn empty_file_is_an_error() {
    let e = tei_fails("empty.md", b"");
    assert!(e.contains("empty.md: the file is empty"), "{e}");
    let e = tei_fails("blank.md", b"\n  \n\n");
    assert!(e.contains("blank.md: the file is empty"), "{e}");
}

#[test]
fn page_without_headings_is_an_error() {
    let e = tei_fails("nohead.md", b"Just text.\n\nMore text.\n");
    assert!(e.contains("nohead.md:1:1: no heading found"), "{e}");
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
