//! Scaling of `transalign align` on the German–French benchmark pair
//! repeated k times as one document (k = 1, 10, 100, 1000 by default):
//! segments per second and peak RSS per k, plus accuracy at every k (the
//! gold is repeated with offsets), so speed never hides a quality loss.
//!
//!     cargo bench --bench align -- [--gold DIR] [--check] [k ...]
//!
//! With `--check` it exits non-zero when any k scores below the first k
//! (strict or lax F1, by more than 0.005): a repeated text must align as
//! well as one copy, and the deep multi-resolution search it needs is where
//! a coarse path can drift. `scripts/test` runs `--check 1 1000`.
//!
//! With `--lopsided` it times texts far longer than their translation
//! instead (German lines of the pair repeated, against the first French
//! lines, and the other way round): the search grows with the longer side,
//! not with the product of the two.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = common::args();
    let mut bench = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/defr-dev");
    if let Some(i) = args.iter().position(|a| a == "--gold") {
        bench = PathBuf::from(args.get(i + 1).cloned().unwrap_or_default());
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.iter().any(|a| a == "--lopsided") {
        return lopsided(&bench);
    }
    let check = args.iter().any(|a| a == "--check");
    args.retain(|a| a != "--check");
    let ks: Vec<usize> =
        if args.is_empty() { vec![1, 10, 100, 1000] } else { args.iter().filter_map(|a| a.parse().ok()).collect() };
    let de = std::fs::read_to_string(bench.join("dev.de"))?;
    let fr = std::fs::read_to_string(bench.join("dev.fr"))?;
    let gold = transalign::eval::read_beads(&bench.join("dev.defr")).map_err(std::io::Error::other)?;
    let (nde, nfr) = (de.lines().count(), fr.lines().count());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>12} {:>13} {:>10} {:>8} {:>8}",
        "k", "src segs", "tgt segs", "time s", "segs/s", "us/segment", "peak MB", "strict", "lax"
    );
    let mut first: Option<(f64, f64)> = None;
    let mut worse = Vec::new();
    for k in ks {
        let (src, tgt, out) =
            (dir.join(format!("dev-x{k}.de")), dir.join(format!("dev-x{k}.fr")), dir.join(format!("dev-x{k}.beads")));
        std::fs::write(&src, de.repeat(k))?;
        std::fs::write(&tgt, fr.repeat(k))?;
        let m = common::measure(
            Command::new(common::transalign_bin())
                .args(["align", "--segmented", "--src-lang", "de", "--tgt-lang", "fr", "--review-below", "0", "-o"])
                .arg(&out)
                .arg(&src)
                .arg(&tgt)
                .stderr(Stdio::null()),
        )?;
        if m.code != 0 {
            return Err(std::io::Error::other(format!("transalign align failed for k={k} (exit {})", m.code)));
        }
        // Gold for k copies: the same beads shifted by each copy's offset.
        let mut g = Vec::with_capacity(gold.len() * k);
        for c in 0..k {
            for (s, t) in &gold {
                g.push((s.iter().map(|x| x + c * nde).collect(), t.iter().map(|x| x + c * nfr).collect()));
            }
        }
        let test = transalign::eval::read_beads(&out).map_err(std::io::Error::other)?;
        let sc = transalign::eval::score_all(&[(g, test)]);
        let segs = (nde + nfr) * k;
        let secs = m.wall.as_secs_f64();
        let mut line = String::new();
        let _ = write!(
            line,
            "{:>6} {:>9} {:>9} {:>9.2} {:>12.0} {:>13.1} {:>10.1} {:>8.3} {:>8.3}",
            k,
            nde * k,
            nfr * k,
            secs,
            segs as f64 / secs,
            1e6 * secs / segs as f64,
            common::mb(m.peak_rss),
            sc.strict.f1,
            sc.lax.f1
        );
        println!("{line}");
        let (base_strict, base_lax) = *first.get_or_insert((sc.strict.f1, sc.lax.f1));
        if sc.strict.f1 < base_strict - 0.005 || sc.lax.f1 < base_lax - 0.005 {
            worse.push(k);
        }
    }
    if check && !worse.is_empty() {
        eprintln!("benches/align: accuracy fell with the text's size at k = {worse:?}");
        std::process::exit(1);
    }
    Ok(())
}

/// Time `align --segmented` on texts of very different lengths.
fn lopsided(bench: &std::path::Path) -> std::io::Result<()> {
    let de: Vec<String> = std::fs::read_to_string(bench.join("dev.de"))?.lines().map(String::from).collect();
    let fr: Vec<String> = std::fs::read_to_string(bench.join("dev.fr"))?.lines().map(String::from).collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let text = |lines: &[String], n: usize| -> String {
        let mut t = String::new();
        for k in 0..n {
            t.push_str(&lines[k % lines.len()]);
            t.push('\n');
        }
        t
    };
    println!("{:>9} {:>9} {:>9} {:>13} {:>10}", "src segs", "tgt segs", "time s", "us/long seg", "peak MB");
    for (n, m) in [(100_000, 2), (2, 100_000), (1_000_000, 2), (100_000, 50), (1_000, 100_000)] {
        let (src, tgt, out) = (dir.join("lop.de"), dir.join("lop.fr"), dir.join("lop.beads"));
        std::fs::write(&src, text(&de, n))?;
        std::fs::write(&tgt, text(&fr, m))?;
        let r = common::measure(
            Command::new(common::transalign_bin())
                .args(["align", "--segmented", "--src-lang", "de", "--tgt-lang", "fr", "--review-below", "0", "-o"])
                .arg(&out)
                .arg(&src)
                .arg(&tgt)
                .stderr(Stdio::null()),
        )?;
        if r.code != 0 {
            return Err(std::io::Error::other(format!("transalign align failed for {n} x {m} (exit {})", r.code)));
        }
        let secs = r.wall.as_secs_f64();
        println!("{n:>9} {m:>9} {secs:>9.2} {:>13.1} {:>10.1}", 1e6 * secs / n.max(m) as f64, common::mb(r.peak_rss));
    }
    Ok(())
}
