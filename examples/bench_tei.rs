//! Throughput and peak memory of `transalign tei` on a large page-like
//! Markdown file, side by side with pandoc on the same file.
//!
//!     cargo build --release && cargo run --release --example bench_tei -- [MB] [--no-pandoc]
//!
//! The file is made from the sections of the pages in corpora/nl, repeated
//! with numbered headings until it reaches MB megabytes (default 50).

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn build_page(target_mb: usize, out: &Path) -> std::io::Result<u64> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut pages = Vec::new();
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(root.join("corpora/nl"))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for p in names.iter().filter(|p| p.extension().is_some_and(|x| x == "md")) {
        let text = std::fs::read_to_string(p)?;
        // Body: from the first "## " heading to the footer, if any.
        let start = text.find("\n## ").map_or(0, |i| i + 1);
        let end = text.find("\nFrom:").unwrap_or(text.len());
        pages.push(text[start..end].to_string());
    }
    let seed = std::fs::read_to_string(root.join("corpora/nl/victor-serge.md"))?;
    let head_end = seed.find("\n## ").map_or(0, |i| i + 1);
    let footer = seed.find("\nFrom:").map_or("", |i| &seed[i..]);
    let mut doc = String::with_capacity(target_mb * 1_000_000 + 100_000);
    doc.push_str(&seed[..head_end]);
    let mut round = 0;
    while doc.len() < target_mb * 1_000_000 {
        round += 1;
        let body = &pages[round % pages.len()];
        for line in body.lines() {
            if line.starts_with('#') {
                let _ = writeln!(doc, "{line} ({round})");
            } else {
                doc.push_str(line);
                doc.push('\n');
            }
        }
    }
    doc.push_str(footer);
    std::fs::write(out, &doc)?;
    Ok(doc.len() as u64)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target_mb: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(50);
    let run_pandoc = !args.iter().any(|a| a == "--no-pandoc");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let page = dir.join(format!("page-{target_mb}mb.md"));
    let size = build_page(target_mb, &page)?;
    println!("input: {} ({:.1} MB)", page.display(), common::mb(size));

    let ours_out = dir.join("ours.xml");
    let ours = common::measure(Command::new(common::transalign_bin()).arg("tei").arg(&page).arg("-o").arg(&ours_out))?;
    assert_eq!(ours.code, 0, "transalign failed");
    let ours_rate = common::mb(size) / ours.wall.as_secs_f64();
    println!(
        "transalign tei : {:>7.2} s  {:>7.2} MB/s  peak RSS {:>8.1} MB ({:.2}x input)",
        ours.wall.as_secs_f64(),
        ours_rate,
        common::mb(ours.peak_rss),
        ours.peak_rss as f64 / size as f64
    );
    if run_pandoc {
        let theirs = common::measure(
            Command::new("pandoc")
                .args(["-f", "markdown", "-t", "tei", "-s", "-o"])
                .arg(dir.join("pandoc.xml"))
                .arg(&page)
                .stdout(Stdio::null()),
        )?;
        assert_eq!(theirs.code, 0, "pandoc failed");
        let rate = common::mb(size) / theirs.wall.as_secs_f64();
        println!(
            "pandoc -t tei  : {:>7.2} s  {:>7.2} MB/s  peak RSS {:>8.1} MB ({:.2}x input)",
            theirs.wall.as_secs_f64(),
            rate,
            common::mb(theirs.peak_rss),
            theirs.peak_rss as f64 / size as f64
        );
        println!("throughput ratio transalign/pandoc: {:.1}x (target >= 20x)", ours_rate / rate);
    }
    println!("memory target: peak RSS < 3x input: {}", if ours.peak_rss < 3 * size { "met" } else { "MISSED" });
    Ok(())
}
