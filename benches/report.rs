//! Scaling of `transalign report` over many pages: pages per second and
//! peak RSS at 100, 1 000 and 10 000 pages (or the counts given), in JSON
//! and in HTML (paginated beyond 200 pages).
//!
//!     cargo bench --bench report -- [N ...]
//!
//! The pages are the shipped ones, varied deterministically: page k is
//! shipped page k mod 6 under its own title, with its list entries rotated
//! by k, so no two pages are the same text.

mod common;

use std::path::Path;
use std::process::Command;

fn main() -> std::io::Result<()> {
    let ns: Vec<usize> = common::args().into_iter().filter_map(|a| a.parse().ok()).collect();
    let ns = if ns.is_empty() { vec![100, 1000, 10_000] } else { ns };
    let bin = common::transalign_bin();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/report");
    println!("| pages | format | time | pages/s | peak RSS | output |");
    println!("|---|---|---|---|---|---|");
    for n in ns {
        let dir = base.join(format!("pages-{n}"));
        if !dir.join(format!("page-{:05}.md", n - 1)).is_file() {
            common::make_pages(&dir, n)?;
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
