//! Scaling of `transalign report` over many pages: pages per second and
//! peak RSS at 100, 1 000 and 10 000 pages (or the counts given), in JSON
//! and in HTML (paginated beyond 200 pages).
//!
//!     cargo build --release && cargo run --release --example bench_report -- [N ...]
//!
//! The pages are the shipped ones, varied deterministically: page k is
//! shipped page k mod 6 under its own title, with its list entries rotated
//! by k, so no two pages are the same text.

mod common;

use std::path::Path;
use std::process::Command;

/// Write `n` varied pages into `dir`.
fn make_pages(dir: &Path, n: usize) -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut shipped = Vec::new();
    for e in std::fs::read_dir(root.join("corpora/nl"))? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "md") {
            shipped.push(std::fs::read_to_string(&p)?);
        }
    }
    shipped.sort();
    std::fs::create_dir_all(dir)?;
    for k in 0..n {
        let src = &shipped[k % shipped.len()];
        let mut out = String::with_capacity(src.len() + 32);
        let mut titled = false;
        let mut items: Vec<&str> = Vec::new();
        let flush = |items: &mut Vec<&str>, out: &mut String| {
            if !items.is_empty() {
                let r = k % items.len();
                items.rotate_left(r);
                for i in items.iter() {
                    out.push_str(i);
                    out.push('\n');
                }
                items.clear();
            }
        };
        for line in src.lines() {
            if line.starts_with("- ") {
                items.push(line);
                continue;
            }
            flush(&mut items, &mut out);
            if !titled && line.starts_with("# ") {
                out.push_str(&format!("{line} ({k})\n"));
                titled = true;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        flush(&mut items, &mut out);
        std::fs::write(dir.join(format!("page-{k:05}.md")), out)?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let ns: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let ns = if ns.is_empty() { vec![100, 1000, 10_000] } else { ns };
    let bin = common::transalign_bin();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/report");
    println!("| pages | format | time | pages/s | peak RSS | output |");
    println!("|---|---|---|---|---|---|");
    for n in ns {
        let dir = base.join(format!("pages-{n}"));
        if !dir.join(format!("page-{:05}.md", n - 1)).is_file() {
            make_pages(&dir, n)?;
        }
        for (format, file) in [("json", "report.json"), ("html", "report.html")] {
            let out = base.join(format!("out-{n}"));
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out)?;
            let m = common::measure(
                Command::new(&bin)
                    .args(["-q", "report", "--format", format, "-o"])
                    .arg(out.join(file))
                    .arg(&dir)
                    .env("TRANSALIGN_NO_SYSTEM_DATA", "1"),
            )?;
            assert_eq!(m.code, 0, "report failed on {n} pages");
            let size: u64 = std::fs::read_dir(&out)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
            let files = std::fs::read_dir(&out)?.count();
            println!(
                "| {n} | {format} | {:.2} s | {:.0} | {:.0} MB | {:.1} MB in {files} file(s) |",
                m.wall.as_secs_f64(),
                n as f64 / m.wall.as_secs_f64(),
                common::mb(m.peak_rss),
                common::mb(size)
            );
        }
    }
    Ok(())
}
