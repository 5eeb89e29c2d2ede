//! The tool out of the box: bundled data, the lookup order, and the main
//! job on a machine without FreeDict or Hunspell installed.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("transalign").expect("binary built")
}

/// Every file the main job writes, relative to its output directory.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The outputs in `dir` are byte for byte the shipped `alignments/`, file for file.
fn assert_same_as_shipped(dir: &Path) {
    let shipped = common::root().join("alignments");
    let (got, want) = (tree(dir), tree(&shipped));
    assert_eq!(got, want, "the main job wrote other files than the shipped ones");
    for f in &got {
        assert!(
            std::fs::read(dir.join(f)).unwrap() == std::fs::read(shipped.join(f)).unwrap(),
            "{} differs from the shipped file",
            f.display()
        );
    }
}

#[test]
fn bundled_files_match_their_manifest() {
    let n = transalign::data::build::verify(&common::root().join("data")).unwrap();
    assert_eq!(n, 12, "11 lexicons and the French morphology");
    // Each data file has its notice and its licence text beside it.
    let lex = common::root().join("data/lexicons");
    for (name, _) in transalign::data::build::LEXICONS {
        let notice = common::read(&lex.join(format!("NOTICE.freedict-{name}.txt")));
        assert!(notice.contains("Licence: "), "{name}");
    }
    for l in ["GPL-2.0", "GPL-3.0", "AGPL-3.0", "CC-BY-SA-3.0"] {
        assert!(lex.join(format!("LICENSE.{l}")).is_file(), "{l}");
    }
    assert!(common::root().join("data/morphology/LICENSE.MPL-2.0").is_file());
}

/// A copy of a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_tree(&p, &dest) } else { std::fs::copy(&p, &dest).map(|_| ()).unwrap() }
    }
}

/// The main job in a fresh copy of the corpus, elsewhere, with the
/// system's dictionaries and Hunspell switched off: the shipped outputs,
/// byte for byte (the report's links to the pages are relative, so the
/// layout, not the place, matters).
#[test]
fn main_job_from_anywhere_without_system_data() {
    let cwd = common::tempdir();
    copy_tree(&common::root().join("corpora"), &cwd.path().join("corpora"));
    let out = cwd.path().join("alignments");
    let a = bin()
        .current_dir(cwd.path())
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .args(["corpus", "--corpora", "corpora", "--out", "alignments"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("freedict-nld-fra 2022.04.21-1 (bundled"), "says which data it used: {err}");
    assert!(!err.contains("(system"), "{err}");
    assert_same_as_shipped(&out);
}

/// The same with /usr/share/dictd and /usr/share/hunspell really emptied,
/// in a private mount namespace (as root, or as a user namespace's root).
#[test]
fn main_job_with_system_directories_hidden() {
    let tmp = common::tempdir();
    copy_tree(&common::root().join("corpora"), &tmp.path().join("corpora"));
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    let script = format!(
        "set -e; for d in /usr/share/dictd /usr/share/hunspell /usr/share/myspell; do \
           if [ -d $d ]; then mount -t tmpfs none $d; fi; done; \
         test -z \"$(ls -A /usr/share/dictd 2>/dev/null)\"; \
         cd '{}'; exec '{}' corpus --corpora corpora --out alignments",
        tmp.path().display(),
        exe.display(),
    );
    let mut cmd = std::process::Command::new("unshare");
    // Root can make a mount namespace; others need a user namespace too.
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        cmd.arg("--user").arg("--map-root-user");
    }
    let run = cmd.args(["--mount", "--propagation", "private", "sh", "-c", &script]).output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "unshare/mount or the main job failed: {err}");
    assert!(!err.contains("(system"), "{err}");
    assert_same_as_shipped(&tmp.path().join("alignments"));
}

#[test]
fn main_job_outside_a_checkout_fails_before_writing() {
    let cwd = common::tempdir();
    let a = bin().current_dir(cwd.path()).arg("corpus").output().unwrap();
    assert_eq!(a.status.code(), Some(2));
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(err.contains("corpora: no corpus directory here"), "{err}");
    assert!(err.contains("--corpora DIR"), "{err}");
    assert!(std::fs::read_dir(cwd.path()).unwrap().next().is_none(), "it wrote something");
}

/// A tiny dictd dictionary: an index and an uncompressed data file.
fn fake_dictd(dir: &Path, name: &str, entries: &[(&str, &str)]) {
    fn b64(mut n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = Vec::new();
        loop {
            s.push(A[n % 64]);
            n /= 64;
            if n == 0 {
                break;
            }
        }
        s.reverse();
        String::from_utf8(s).unwrap()
    }
    let (mut data, mut index) = (String::new(), String::new());
    for (head, trans) in entries {
        let entry = format!("{head}\n{trans}\n");
        index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len()), b64(entry.len())));
        data.push_str(&entry);
    }
    std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
    std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
}

#[test]
fn any_freedict_pair_is_found_by_639_1_or_639_3_code() {
    let dir = common::tempdir();
    fake_dictd(dir.path(), "freedict-lat-deu", &[("amor", "Liebe"), ("bellum", "Krieg")]);
    for pair in ["la-de", "lat-deu", "lat-de"] {
        let a = bin()
            .env("TRANSALIGN_DICT_DIR", dir.path())
            .env("TRANSALIGN_NO_BUNDLED_DATA", "1")
            .env_remove("TRANSALIGN_NO_SYSTEM_DATA")
            .args(["data", "list", pair])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&a.stdout);
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(out.contains("freedict-lat-deu (system, la→de, 2 pairs)"), "{pair}: {out}");
    }
    // And align uses it: "bellum" and "Krieg" become a shared key.
    let (s, t) = (dir.path().join("a.la"), dir.path().join("b.de"));
    std::fs::write(&s, "Amor vincit omnia.\nBellum omnium contra omnes.\n").unwrap();
    std::fs::write(&t, "Die Liebe besiegt alles.\nDer Krieg aller gegen alle.\n").unwrap();
    let a = bin()
        .env("TRANSALIGN_DICT_DIR", dir.path())
        .env("TRANSALIGN_NO_BUNDLED_DATA", "1")
        .env_remove("TRANSALIGN_NO_SYSTEM_DATA")
        .args(["align", "--segmented", "--src-lang", "la", "--tgt-lang", "de"])
        .arg(&s)
        .arg(&t)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("la → de; data: freedict-lat-deu"), "{err}");
}

#[test]
fn an_empty_dictionary_file_means_no_dictionary() {
    let dir = common::tempdir();
    let empty = dir.path().join("null.dic");
    std::fs::write(&empty, "").unwrap();
    let a = bin()
        .current_dir(common::root())
        .args(["titles", "corpora/nl/victor-serge.md", "--format", "json", "--dict"])
        .arg(&empty)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("no dictionary") && err.contains("null.dic is empty"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(v["data"]["reduced_evidence"][0].as_str().unwrap().contains("is empty"));
}

/// A binary copied elsewhere, with the data in `../share/transalign/data`
/// beside it, finds that data before the checkout's.
#[test]
fn an_installed_binary_finds_its_share_directory() {
    let dir = common::tempdir();
    let bin_dir = dir.path().join("bin");
    let share = dir.path().join("share/transalign/data");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::create_dir_all(share.join("lexicons")).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("transalign"), bin_dir.join("transalign")).unwrap();
    for f in ["freedict-nld-fra.tsv.gz", "freedict-fra-nld.tsv.gz"] {
        std::fs::copy(common::root().join("data/lexicons").join(f), share.join("lexicons").join(f)).unwrap();
    }
    let a = std::process::Command::new(bin_dir.join("transalign"))
        .current_dir(dir.path())
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .args(["data", "list", "nl-fr"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&a.stdout);
    assert!(a.status.success());
    let canonical = std::fs::canonicalize(&share).unwrap();
    assert!(out.contains(&format!("bundled          {}\n", canonical.display())), "{out}");
    assert!(out.contains(&canonical.join("lexicons/freedict-nld-fra.tsv.gz").display().to_string()), "{out}");
}

#[test]
fn transalign_data_comes_before_the_bundle() {
    let dir = common::tempdir();
    fake_dictd(dir.path(), "freedict-nld-fra", &[("stad", "ville")]);
    let a = bin().env("TRANSALIGN_DATA", dir.path()).args(["data", "list", "nl-fr", "--no-pivot"]).output().unwrap();
    let out = String::from_utf8_lossy(&a.stdout);
    assert!(out.contains("freedict-nld-fra (TRANSALIGN_DATA, nl→fr, 1 pairs)"), "{out}");
    assert!(!out.contains("bundled, nl→fr"), "one place supplies the pair: {out}");
}

/// Bundled and upstream files give the same lexicon, when upstream is
/// installed here (`bench_data` prints the same comparison for all).
#[test]
fn bundled_morphology_analyses_like_hunspell() {
    let m = common::french_morphology();
    let a = m.analyze("conquise");
    assert!(a.iter().any(|x| x.lemma == "conquérir"), "{a:?}");
    let p = m.analyze("prison");
    assert!(p.iter().any(|x| x.gender == Some(transalign::lexicon::hunspell::Gender::Feminine)), "{p:?}");
}
