//! Throughput and peak memory of `transalign tei` on a large page-like
//! Markdown file, side by side with pandoc on the same file.
//!
//!     cargo bench --bench tei -- [MB] [--no-pandoc]
//!
//! The file is made from the sections of the pages in corpora/nl, repeated
//! with numbered headings until it reaches MB megabytes (default 50).

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = common::args();
    let target_mb: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(50);
    let run_pandoc = !args.iter().any(|a| a == "--no-pandoc");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let page = dir.join(format!("page-{target_mb}mb.md"));
    let size = common::build_page(target_mb, &page)?;
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
