//! Measuring helpers shared by the benchmark examples.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Wall time and peak resident memory of one child process.
pub struct Measured {
    /// Elapsed wall-clock time.
    pub wall: Duration,
    /// Peak resident set size in bytes (from wait4's rusage).
    pub peak_rss: u64,
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
    Ok(Measured { wall, peak_rss: usage.ru_maxrss as u64 * 1024, code })
}

/// The release binary next to this example (examples live in target/release/examples).
pub fn transalign_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(|p| p.parent()).expect("target dir");
    let bin = dir.join("transalign");
    assert!(bin.exists(), "{} missing: run `cargo build --release` first", bin.display());
    bin
}

/// Megabytes (10^6 bytes).
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
