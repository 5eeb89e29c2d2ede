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

/// Environment variable that makes a benchmark binary a launcher (see [`measure`]).
const LAUNCH: &str = "TRANSALIGN_BENCH_LAUNCH";

/// Run a command to completion and measure it: CPU time, wall time and
/// peak RSS (wait4's rusage). The command runs under a small launcher (this
/// benchmark binary started afresh, see [`args`]), because Linux charges
/// the memory peak of the process that executes a program to the program:
/// measured straight from a benchmark that had grown, every child would
/// show at least the benchmark's own peak. Its output is discarded; its
/// standard error is shown when it fails.
pub fn measure(cmd: &mut Command) -> std::io::Result<Measured> {
    let dir = std::env::temp_dir();
    let result = dir.join(format!("transalign-bench-{}.rusage", std::process::id()));
    let errors = dir.join(format!("transalign-bench-{}.stderr", std::process::id()));
    let mut l = Command::new(std::env::current_exe()?);
    l.env(LAUNCH, &result).arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => l.env(k, v),
            None => l.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        l.current_dir(d);
    }
    l.stdout(std::process::Stdio::null()).stderr(std::fs::File::create(&errors)?);
    let status = l.status()?;
    let text = std::fs::read_to_string(&result).unwrap_or_default();
    let f: Vec<u64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let _ = std::fs::remove_file(&result);
    let err = std::fs::read_to_string(&errors).unwrap_or_default();
    let _ = std::fs::remove_file(&errors);
    let [cpu, wall, rss, code] = f[..] else {
        return Err(std::io::Error::other(format!("the launcher failed ({status}): {err}")));
    };
    if code != 0 {
        eprint!("{err}");
    }
    Ok(Measured { wall: Duration::from_nanos(wall), peak_rss: rss, cpu: Duration::from_nanos(cpu), code: code as i32 })
}

/// The launcher: run argv[1..] and write "cpu_ns wall_ns peak_bytes exit"
/// to the file the environment names.
fn launch(result: &Path) -> ! {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    let child = match Command::new(&argv[0]).args(&argv[1..]).env_remove(LAUNCH).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}: {e}", argv[0]);
            std::process::exit(127)
        }
    };
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, fully written by wait4 on success.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own un-waited child; pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    std::mem::forget(child);
    if r < 0 {
        std::process::exit(126);
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 255 };
    let ns = |t: libc::timeval| t.tv_sec as u64 * 1_000_000_000 + t.tv_usec as u64 * 1000;
    let cpu = ns(usage.ru_utime) + ns(usage.ru_stime);
    let line = format!("{cpu} {} {} {code}\n", wall.as_nanos(), usage.ru_maxrss as u64 * 1024);
    let _ = std::fs::write(result, line);
    std::process::exit(0)
}

/// The transalign binary cargo built for this benchmark (the same profile).
pub fn transalign_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_transalign"))
}

/// The command-line arguments, without the `--bench` that `cargo bench`
/// adds to every benchmark's. Every benchmark calls it first: started as
/// [`measure`]'s launcher, it runs the command it is given and exits.
pub fn args() -> Vec<String> {
    if let Some(result) = std::env::var_os(LAUNCH) {
        launch(Path::new(&result));
    }
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
