//! The Snakemake workflow (workflow/Snakefile), run for real on a generated
//! tree of 200 document pairs and 500 pages: its gathered results equal
//! one process's, and a rerun after one document changes redoes only the
//! shard that holds it.

use crate::common;

use std::path::Path;
use std::process::Command;

/// 200 pairs: slices of the UDHR (Dutch and French), each under a heading
/// of its own, in a tree of ten directories.
fn make_docs(root: &Path) {
    let udhr = common::root().join("corpora/udhr");
    let paras = |f: &str| -> Vec<String> {
        common::read(&udhr.join(f))
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    let (nl, fr) = (paras("nld.md"), paras("fra.md"));
    let n = nl.len().min(fr.len());
    for k in 0..200 {
        let dir = root.join(format!("boek{:02}", k % 10));
        std::fs::create_dir_all(&dir).unwrap();
        let start = (k * 7) % (n - 6);
        let len = 2 + k % 5;
        let doc =
            |paras: &[String], head: &str| format!("# {head} {k}\n\n{}\n", paras[start..start + len].join("\n\n"));
        std::fs::write(dir.join(format!("deel{k:03}.nl.md")), doc(&nl, "Deel")).unwrap();
        std::fs::write(dir.join(format!("deel{k:03}.fr.md")), doc(&fr, "Partie")).unwrap();
    }
}

/// 500 pages: the shipped ones under new titles.
fn make_pages(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let pages: Vec<String> = common::corpus_pages()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| common::read(&p))
        .collect();
    for k in 0..500 {
        let src = &pages[k % pages.len()];
        let varied = src.replacen("\n# ", &format!("\n# Pagina {k}: "), 1);
        let varied = match varied.strip_prefix("# ") {
            Some(rest) => format!("# Pagina {k}: {rest}"),
            None => varied,
        };
        std::fs::write(dir.join(format!("p{k:03}.md")), varied).unwrap();
    }
}

fn snakemake(dir: &Path, extra: &[&str]) -> std::process::Output {
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    Command::new("snakemake")
        .arg("-s")
        .arg(common::root().join("workflow/Snakefile"))
        .arg("--directory")
        .arg(dir)
        .args(["--cores", "2", "--config"])
        .arg(format!("transalign={}", exe.display()))
        .arg(format!("docs={}", dir.join("docs").display()))
        .arg(format!("pages={}", dir.join("pages").display()))
        .args(["shards=4", "src_lang=nl", "tgt_lang=fr"])
        .args(extra)
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run snakemake ({e}); scripts/test installs it (pip, pinned)"))
}

#[test]
fn workflow_runs_locally_and_equals_one_process() {
    let dir = common::tempdir();
    make_docs(&dir.path().join("docs"));
    make_pages(&dir.path().join("pages"));
    let run = snakemake(dir.path(), &[]);
    assert!(run.status.success(), "snakemake failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let results = dir.path().join("results");
    let manifest = results.join("manifest.tsv");
    assert_eq!(common::read(&manifest).lines().count(), 200);

    // One process over the same manifest and pages.
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    let single = dir.path().join("single");
    let ok = Command::new(&exe)
        .args(["-q", "align", "--batch"])
        .arg(&manifest)
        .arg("--out-dir")
        .arg(&single)
        .args(["--src-lang", "nl", "--tgt-lang", "fr"])
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .status()
        .unwrap();
    assert!(ok.success());
    let mut compared = 0;
    for line in common::read(&manifest).lines() {
        let name = line.split('\t').nth(2).unwrap();
        let (a, b) = (results.join(format!("aligned/{name}.beads")), single.join(format!("{name}.beads")));
        assert_eq!(common::read(&a), common::read(&b), "{name}");
        compared += 1;
    }
    assert_eq!(compared, 200);
    let summary: serde_json::Value = serde_json::from_str(&common::read(&results.join("summary.json"))).unwrap();
    assert_eq!((summary["pairs"].as_u64(), summary["failed"].as_u64()), (Some(200), Some(0)));
    assert_eq!(common::read(&results.join("summary.tsv")).lines().count(), 201);
    let report = Command::new(&exe)
        .args(["-q", "report", "--format", "json"])
        .arg(dir.path().join("pages"))
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .output()
        .unwrap();
    assert!(report.status.success());
    assert_eq!(common::read(&results.join("report.json")).as_bytes(), &report.stdout[..], "the merged report");
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(v["pages"].as_array().unwrap().len(), 500);
    assert!(results.join("report-part-003.html").is_file(), "500 pages: an index and three parts");

    // Nothing changed: nothing to do.
    let again = snakemake(dir.path(), &["--dry-run"]);
    let said = String::from_utf8_lossy(&again.stdout).to_string() + &String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("Nothing to be done"), "{said}");
    // One document changed: its shard and the gather, nothing else.
    let changed = dir.path().join("docs/boek03/deel013.fr.md");
    let text = common::read(&changed);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&changed, text.replace("Partie", "Chapitre")).unwrap();
    let dry = snakemake(dir.path(), &["--dry-run"]);
    let plan = String::from_utf8_lossy(&dry.stdout).to_string() + &String::from_utf8_lossy(&dry.stderr);
    assert!(plan.contains("align_shard") && plan.contains("gather"), "{plan}");
    let shards = plan.lines().filter(|l| l.trim_start().starts_with("rule align_shard:")).count();
    assert_eq!(shards, 1, "only the shard holding the changed pair reruns:\n{plan}");
    assert!(!plan.contains("rule report:"), "{plan}");
}
