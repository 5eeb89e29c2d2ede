//! Measuring helpers shared by the benchmarks (`benches/`, run with `cargo bench --bench NAME`).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Wall time and peak resident memory of one child process.
pub struct Measured {
    /// Elapsed wall-clock time.
    pub wall: Duration,
    /// Peak resident set size in bytes (from wait4's rusage).
    pub peak_rss: u64,
    /// User plus system CPU time.
    pub cpu: Duration,
    /// Exit status code.
    pub code: i32,
}

/// Run a command to completion, measuring it with wait4(2) so that the
/// peak memory is that child's own.
pub fn measure(cmd: &mut Command) -> std::io::Result<Measured> {
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, fully written by wait4 on success.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own un-waited child; pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let wall = start.elapsed();
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    std::mem::forget(child);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    Ok(Measured { wall, peak_rss: usage.ru_maxrss as u64 * 1024, cpu, code })
}

/// The transalign binary cargo built for this benchmark (the same profile).
pub fn transalign_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_transalign"))
}

/// The command-line arguments, without the `--bench` that `cargo bench`
/// adds to every benchmark's.
pub fn args() -> Vec<String> {
    std::env::args().skip(1).filter(|a| a != "--bench").collect()
}

/// Megabytes (10^6 bytes).
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Write a Markdown page of about `target_mb` MB made from the sections of
/// the pages in corpora/nl, repeated with numbered headings; returns its size.
pub fn build_page(target_mb: usize, out: &Path) -> std::io::Result<u64> {
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

/// Write `n` varied pages into `dir`.
pub fn make_pages(dir: &Path, n: usize) -> std::io::Result<()> {
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
