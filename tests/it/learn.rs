//! The lexicon learned from the bitext itself (`align::learn`): with no
//! dictionary at all it finds known translation pairs in the shipped UDHR
//! texts, and it can be saved and read back as a dictionary.

use crate::common;

use std::process::Command;

use transalign::Lang;
use transalign::align::{self, Config, Learn, Learned, Segment};

fn text(name: &str) -> Vec<Segment> {
    let p = common::root().join("corpora/udhr").join(name);
    transalign::jobs::align::read_text(&p, false, None, None).expect("UDHR text").segments
}

fn lang(code: &str) -> Lang {
    Lang::new(code).expect("a language")
}

/// The French and Dutch UDHR aligned with no dictionary, and the lexicon
/// learned from that alignment.
fn learned_fra_nld() -> Learned {
    let (src, tgt) = (text("fra.md"), text("nld.md"));
    let (fr, nl) = (lang("fr"), lang("nl"));
    let cfg = Config { learn: Learn::Never, ..Config::default() };
    let a = align::align(&src, &tgt, &fr, &nl, None, &cfg);
    Learned::from_links(&src, &tgt, &a.links, &fr, &nl, None)
}

#[test]
fn without_a_dictionary_the_udhr_teaches_known_pairs() {
    let l = learned_fra_nld();
    let (fr, nl) = (lang("fr"), lang("nl"));
    assert!(l.trained_on > 20, "trained on {} pairs", l.trained_on);
    for (f, n) in [("droits", "rechten"), ("homme", "mens"), ("liberté", "vrijheid"), ("pays", "land")] {
        assert!(
            l.has(&fr, &nl, f, n),
            "{f} ↔ {n} not learned; {f} gives {:?}",
            l.pairs().iter().filter(|p| p.src.starts_with(&f[..3])).collect::<Vec<_>>()
        );
    }
    // Not everything with everything: a word's translations are few, and
    // a wrong pairing is not learned.
    assert!(!l.has(&fr, &nl, "droits", "vrijheid"));
    let droit = l.pairs().iter().filter(|p| p.src_stem == "droit").count();
    assert!((1..=3).contains(&droit), "{droit}");
}

fn save_and_read(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    learned_fra_nld().save(&dir.path().join(name), &lang("fr"), &lang("nl")).expect("saved");
    dir
}

#[test]
fn a_saved_lexicon_reads_back_as_a_dictionary() {
    for name in ["learned.dic", "learned.tsv.gz"] {
        let dir = save_and_read(name);
        let path = dir.path().join(name);
        let cfg = transalign::data::DataConfig { dicts: vec![path.clone()], ..Default::default() };
        let lex = cfg.lexicon(&lang("fr"), &lang("nl")).expect("read back").lexicon.expect("a lexicon");
        assert!(lex.get("droit").iter().any(|t| t == "recht"), "{name}: {:?}", lex.get("droit"));
        if name.ends_with(".dic") {
            let text = std::fs::read_to_string(&path).expect("text");
            assert!(text.lines().any(|l| l == "recht @ droit"), "{text}");
        }
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_transalign"));
    c.env("TRANSALIGN_NO_SYSTEM_DATA", "1");
    c
}

fn udhr(name: &str) -> String {
    common::root().join("corpora/udhr").join(name).display().to_string()
}

#[test]
fn the_cli_saves_the_learned_lexicon_and_reuses_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.dic");
    std::fs::write(&empty, "").expect("empty dictionary");
    let saved = dir.path().join("fra-nld.dic");
    let out = bin()
        .args(["align", "-q", "--src-lang", "fr", "--tgt-lang", "nl", "--format", "beads", "--dict"])
        .arg(&empty)
        .arg("--save-lexicon")
        .arg(&saved)
        .args([udhr("fra.md"), udhr("nld.md")])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 85 confident links: saved, with a word that it is fewer than alignment learns from.
    assert!(String::from_utf8_lossy(&out.stderr).contains("learned from only 85 confident links"));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.lines().any(|l| l == "recht @ droit"), "{text}");
    // Reused as the dictionary, it aligns the pair as well as learning did.
    let again = bin()
        .args(["align", "-q", "--src-lang", "fr", "--tgt-lang", "nl", "--format", "beads", "--no-learn", "--dict"])
        .arg(&saved)
        .args([udhr("fra.md"), udhr("nld.md")])
        .output()
        .expect("runs");
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).lines().count(),
        String::from_utf8_lossy(&out.stdout).lines().count()
    );
    // A file that cannot be written is an error naming it, exit 2.
    let bad = dir.path().join("no/such/dir/x.dic");
    let refused = bin()
        .args(["align", "-q", "--src-lang", "fr", "--tgt-lang", "nl", "--format", "beads", "--save-lexicon"])
        .arg(&bad)
        .args([udhr("fra.md"), udhr("nld.md")])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("x.dic"), "{}", String::from_utf8_lossy(&refused.stderr));
}

#[test]
fn a_batch_learns_one_lexicon_over_its_pairs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.dic");
    std::fs::write(&empty, "").expect("empty dictionary");
    let manifest = dir.path().join("pairs.tsv");
    std::fs::write(
        &manifest,
        format!("{}\t{}\tmd\n{}\t{}\tdocx\n", udhr("fra.md"), udhr("nld.md"), udhr("fra.docx"), udhr("nld.docx")),
    )
    .expect("manifest");
    let saved = dir.path().join("fra-nld.tsv.gz");
    let out = bin()
        .args(["align", "-q", "--src-lang", "fr", "--tgt-lang", "nl", "--batch"])
        .arg(&manifest)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .arg("--dict")
        .arg(&empty)
        .arg("--save-lexicon")
        .arg(&saved)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("out/md.beads").is_file() && dir.path().join("out/docx.beads").is_file());
    // Both pairs taught it: the lexicon is the bundled format, read back.
    let cfg = transalign::data::DataConfig { dicts: vec![saved.clone()], ..Default::default() };
    let lex = cfg.lexicon(&lang("fr"), &lang("nl")).expect("read back").lexicon.expect("a lexicon");
    assert!(lex.get("homme").iter().any(|t| t == "mens"), "{:?}", lex.get("homme"));
    // Two language pairs cannot be saved as one lexicon.
    std::fs::write(
        &manifest,
        format!("{}\t{}\tfn\n{}\t{}\tfd\n", udhr("fra.md"), udhr("nld.md"), udhr("fra.md"), udhr("deu.md")),
    )
    .expect("manifest");
    let two = bin()
        .args(["align", "-q", "--batch"])
        .arg(&manifest)
        .arg("--out-dir")
        .arg(dir.path().join("out2"))
        .arg("--save-lexicon")
        .arg(dir.path().join("two.dic"))
        .output()
        .expect("runs");
    assert_eq!(two.status.code(), Some(2), "{}", String::from_utf8_lossy(&two.stderr));
    assert!(
        String::from_utf8_lossy(&two.stderr).contains("one language pair"),
        "{}",
        String::from_utf8_lossy(&two.stderr)
    );
}

#[test]
fn too_short_a_pair_saves_no_lexicon_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Twenty sentences a side: far fewer confident links than learning needs.
    let head = |name: &str| -> String {
        let text = std::fs::read_to_string(udhr(name)).expect("udhr");
        text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).take(20).collect::<Vec<_>>().join("\n\n")
    };
    let (src, tgt) = (dir.path().join("fra.md"), dir.path().join("nld.md"));
    std::fs::write(&src, format!("# Un\n\n{}\n", head("fra.md"))).expect("fra");
    std::fs::write(&tgt, format!("# Een\n\n{}\n", head("nld.md"))).expect("nld");
    let (saved, aligned) = (dir.path().join("short.dic"), dir.path().join("short.beads"));
    let out = bin()
        .args(["align", "-q", "--src-lang", "fr", "--tgt-lang", "nl", "--no-dict", "--format", "beads", "-o"])
        .arg(&aligned)
        .arg("--save-lexicon")
        .arg(&saved)
        .arg(&src)
        .arg(&tgt)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("short.dic: --save-lexicon: 16 confident links, fewer than the 50"), "{stderr}");
    assert!(!saved.exists(), "no lexicon of chance pairs is saved");
    assert!(std::fs::read_to_string(&aligned).expect("the alignment is written").lines().count() >= 10);
}
