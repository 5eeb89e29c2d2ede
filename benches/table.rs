//! The benchmark harness: one table, a row per thing a user waits for,
//! each against its peer when the peer is installed, paired in the same run.
//!
//!     cargo bench --bench table -- [--bin PATH [--bin PATH]] [--only ROW,…] [--tsv FILE] [--peers-all] [--gold DIR]
//!
//! Rows: start-up (a two-sentence de–fr `align`, bundled data); `align` on
//! the de–fr dev pair of `../shared/bench` repeated ×1, ×10 and ×1000, with
//! its strict F1, against hunalign with an empty dictionary (`hunalign`
//! on the PATH, or `$HUNALIGN`); `tei` on a 1 MB and a 50 MB page against
//! pandoc; `titles` on the seed page; `report` on 1,000 pages.
//!
//! Times are CPU seconds (user + system, from wait4), the median of several
//! runs for the short rows; "peak" is the largest resident set. A harness
//! table prints no verdicts: the targets are in the README and the issue.
//!
//! With two `--bin`, every row runs both binaries one after the other and
//! prints the ratio (`scripts/bench-compare A B` builds two commits and
//! does this). `--only start-up,align ×10,tei` runs those rows (a name, or its first word).
//! `--tsv FILE` also writes the rows for machines. hunalign is
//! not run on ×1000 and pandoc not on 50 MB unless `--peers-all` (they take
//! minutes to hours and gigabytes there).

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One measurement: CPU, wall time and peak memory (the worst of the runs).
#[derive(Clone, Copy)]
struct M {
    cpu: f64,
    wall: f64,
    rss: f64,
}

/// Run `make()` `n` times; the median CPU and wall time, the largest RSS.
fn runs(n: usize, make: &dyn Fn() -> Command) -> std::io::Result<M> {
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    let mut rss: f64 = 0.0;
    for _ in 0..n {
        let mut c = make();
        c.env("TRANSALIGN_NO_SYSTEM_DATA", "1");
        let m = common::measure(&mut c)?;
        if m.code != 0 {
            return Err(std::io::Error::other(format!("{c:?} failed (exit {})", m.code)));
        }
        cpu.push(m.cpu.as_secs_f64());
        wall.push(m.wall.as_secs_f64());
        rss = rss.max(common::mb(m.peak_rss));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Ok(M { cpu: median(&mut cpu), wall: median(&mut wall), rss })
}

/// Write `text` `k` times into `path`, without holding the result.
fn repeat_into(path: &Path, text: &str, k: usize) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    for _ in 0..k {
        f.write_all(text.as_bytes())?;
    }
    f.flush()
}

/// Strict F1 of `test` against `gold`, as `transalign eval` computes it.
fn strict_f1(bin: &Path, gold: &Path, test: &Path) -> std::io::Result<f64> {
    let out = Command::new(bin).args(["eval", "--json", "--gold"]).arg(gold).arg("--test").arg(test).output()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(std::io::Error::other)?;
    v["strict"]["f1"].as_f64().ok_or_else(|| std::io::Error::other("transalign eval gave no strict F1"))
}

/// A program on the PATH (or named by an environment variable).
fn which(name: &str, env: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

fn secs(s: f64) -> String {
    if s < 1.0 { format!("{:.1} ms", s * 1000.0) } else { format!("{s:.2} s") }
}

/// The machine, in words: CPU model, cores, memory.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("MemTotal:").map(|r| r.trim().trim_end_matches(" kB").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0);
    format!("{model}, {cores} cores, {:.0} GB", mem / 1e6)
}

/// One row of the table, for each binary, and the peer.
struct Row {
    name: String,
    input: String,
    ours: Vec<M>,
    quality: Vec<String>,
    peer: Option<(String, M)>,
    /// Why the peer did not run, when it is installed.
    skipped: Option<String>,
}

fn main() -> std::io::Result<()> {
    let mut args = common::args();
    let mut take = |flag: &str| -> Vec<String> {
        let mut out = Vec::new();
        while let Some(i) = args.iter().position(|a| a == flag) {
            out.push(args.get(i + 1).cloned().unwrap_or_default());
            args.drain(i..(i + 2).min(args.len()));
        }
        out
    };
    let mut bins: Vec<PathBuf> = take("--bin").into_iter().map(PathBuf::from).collect();
    let tsv = take("--tsv").pop().map(PathBuf::from);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let gold = take("--gold").pop().map_or_else(|| root.join("../shared/bench/defr-dev"), PathBuf::from);
    let only: Vec<String> = take("--only").iter().flat_map(|o| o.split(',').map(str::to_string)).collect();
    // A row by its name ("align ×10") or its first word ("align").
    let want = |row: &str| only.is_empty() || only.iter().any(|o| o == row || row.split(' ').next() == Some(o));
    let peers_all = args.iter().any(|a| a == "--peers-all");
    if bins.is_empty() {
        bins.push(common::transalign_bin());
    }
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let hunalign = which("hunalign", "HUNALIGN");
    let pandoc = which("pandoc", "PANDOC");
    let mut rows: Vec<Row> = Vec::new();
    let each = |make: &dyn Fn(&Path) -> Command, n: usize| -> std::io::Result<Vec<M>> {
        bins.iter().map(|b| runs(n, &|| make(b))).collect()
    };

    // Start-up: two sentences, de–fr, bundled data.
    if want("start-up") {
        let (s2, t2) = (dir.join("startup.de"), dir.join("startup.fr"));
        std::fs::write(&s2, "Der Hund schläft im Garten.\nDie Katze trinkt Milch.\n")?;
        std::fs::write(&t2, "Le chien dort dans le jardin.\nLe chat boit du lait.\n")?;
        let ours = each(
            &|b| {
                let mut c = Command::new(b);
                c.args(["align", "--src-lang", "de", "--tgt-lang", "fr"]).arg(&s2).arg(&t2);
                c
            },
            21,
        )?;
        rows.push(Row {
            name: "start-up".into(),
            input: "2 + 2 sentences de–fr".into(),
            ours,
            quality: vec![],
            peer: None,
            skipped: None,
        });
    }

    // Align ×1, ×10, ×1000 against hunalign.
    let de = std::fs::read_to_string(gold.join("dev.de"))?;
    let fr = std::fs::read_to_string(gold.join("dev.fr"))?;
    let beads = transalign::eval::read_beads(&gold.join("dev.defr")).map_err(std::io::Error::other)?;
    let (nde, nfr) = (de.lines().count(), fr.lines().count());
    let null_dic = dir.join("null.dic");
    std::fs::write(&null_dic, "")?;
    for k in [1usize, 10, 1000].into_iter().filter(|k| want(&format!("align ×{k}"))) {
        // Written piece by piece, and scored by `transalign eval` in a child:
        // a harness that grew would count in its children's peak memory
        // (the kernel charges the pre-exec memory to the child).
        let (src, tgt, gk) =
            (dir.join(format!("dev-x{k}.de")), dir.join(format!("dev-x{k}.fr")), dir.join(format!("dev-x{k}.gold")));
        repeat_into(&src, &de, k)?;
        repeat_into(&tgt, &fr, k)?;
        let mut g = std::io::BufWriter::new(std::fs::File::create(&gk)?);
        let list = |v: &[usize], off: usize| v.iter().map(|x| (x + off).to_string()).collect::<Vec<_>>().join(", ");
        for c in 0..k {
            for (s, t) in &beads {
                writeln!(g, "[{}]:[{}]", list(s, c * nde), list(t, c * nfr))?;
            }
        }
        drop(g);
        let mut ours = Vec::new();
        let mut quality = Vec::new();
        for (i, b) in bins.iter().enumerate() {
            let out = dir.join(format!("dev-x{k}-{i}.beads"));
            let m = runs(if k == 1 { 5 } else { 1 }, &|| {
                let mut c = Command::new(b);
                c.args(["align", "--segmented", "--src-lang", "de", "--tgt-lang", "fr", "--review-below", "0", "-o"])
                    .arg(&out)
                    .arg(&src)
                    .arg(&tgt);
                c
            })?;
            ours.push(m);
            quality.push(format!("F1 {:.3}", strict_f1(b, &gk, &out)?));
        }
        let peer = match &hunalign {
            Some(h) if k < 1000 || peers_all => {
                let m = runs(if k == 1 { 5 } else { 1 }, &|| {
                    let mut c = Command::new(h);
                    // hunalign writes translate.txt where it runs.
                    c.current_dir(&dir).arg(&null_dic).arg(&src).arg(&tgt);
                    c
                })?;
                Some(("hunalign".to_string(), m))
            }
            _ => None,
        };
        let skipped = (hunalign.is_some() && peer.is_none()).then(|| "hunalign: --peers-all".to_string());
        rows.push(Row {
            name: format!("align ×{k}"),
            input: format!("{} + {} sentences", nde * k, nfr * k),
            ours,
            quality,
            peer,
            skipped,
        });
    }

    // TEI at 1 MB and 50 MB against pandoc.
    for size in [1usize, 50].into_iter().filter(|s| want(&format!("tei {s} MB"))) {
        let page = dir.join(format!("page-{size}mb.md"));
        let bytes = common::build_page(size, &page)?;
        let out = dir.join("table-tei.xml");
        let ours = each(
            &|b| {
                let mut c = Command::new(b);
                c.arg("tei").arg(&page).arg("-o").arg(&out);
                c
            },
            if size == 1 { 5 } else { 1 },
        )?;
        let quality = ours.iter().map(|m| format!("{:.0} MB/s", common::mb(bytes) / m.cpu)).collect();
        let peer = match &pandoc {
            Some(p) if size == 1 || peers_all => {
                let m = runs(1, &|| {
                    let mut c = Command::new(p);
                    c.args(["-f", "markdown", "-t", "tei", "-s", "-o"]).arg(dir.join("pandoc.xml")).arg(&page);
                    c
                })?;
                Some(("pandoc".to_string(), m))
            }
            _ => None,
        };
        let skipped = (pandoc.is_some() && peer.is_none()).then(|| "pandoc: --peers-all".to_string());
        rows.push(Row {
            name: format!("tei {size} MB"),
            input: format!("{:.1} MB Markdown", common::mb(bytes)),
            ours,
            quality,
            peer,
            skipped,
        });
    }

    // Titles on the seed page.
    if want("titles") {
        let seed = root.join("corpora/nl/victor-serge.md");
        let ours = each(
            &|b| {
                let mut c = Command::new(b);
                c.arg("titles").arg(&seed);
                c
            },
            11,
        )?;
        rows.push(Row {
            name: "titles".into(),
            input: "the seed page".into(),
            ours,
            quality: vec![],
            peer: None,
            skipped: None,
        });
    }

    // Report on 1,000 pages.
    if want("report") {
        let pages = root.join("target/bench/report/pages-1000");
        if !pages.join("page-00999.md").is_file() {
            common::make_pages(&pages, 1000)?;
        }
        let out = dir.join("table-report.json");
        let ours = each(
            &|b| {
                let mut c = Command::new(b);
                c.args(["-q", "report", "--format", "json", "-o"]).arg(&out).arg(&pages);
                c
            },
            1,
        )?;
        rows.push(Row {
            name: "report".into(),
            input: "1,000 pages, JSON".into(),
            ours,
            quality: vec![],
            peer: None,
            skipped: None,
        });
    }

    print_table(&rows, &bins, tsv.as_deref())?;
    Ok(())
}

fn print_table(rows: &[Row], bins: &[PathBuf], tsv: Option<&Path>) -> std::io::Result<()> {
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("machine: {}; harness at {commit}", machine());
    let mut t = String::new();
    if bins.len() == 2 {
        println!("A = {}\nB = {}\n", bins[0].display(), bins[1].display());
        t.push_str("| row | input | A CPU | B CPU | B/A CPU | A peak | B peak | B/A peak | A | B |\n");
        t.push_str("|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for r in rows {
            let (a, b) = (r.ours[0], r.ours[1]);
            t.push_str(&format!(
                "| {} | {} | {} | {} | {:.2} | {:.0} MB | {:.0} MB | {:.2} | {} | {} |\n",
                r.name,
                r.input,
                secs(a.cpu),
                secs(b.cpu),
                b.cpu / a.cpu.max(1e-6),
                a.rss,
                b.rss,
                b.rss / a.rss.max(1e-6),
                r.quality.first().map_or("", String::as_str),
                r.quality.get(1).map_or("", String::as_str),
            ));
        }
    } else {
        t.push_str("| row | input | CPU | wall | peak RSS | peer | peer CPU | peer peak | peer / ours | quality |\n");
        t.push_str("|---|---|---:|---:|---:|---|---:|---:|---:|---|\n");
        for r in rows {
            let m = r.ours[0];
            let (pn, pc, pr, ratio) = match &r.peer {
                Some((n, p)) => (n.as_str(), secs(p.cpu), format!("{:.0} MB", p.rss), format!("{:.1}×", p.cpu / m.cpu)),
                None => (r.skipped.as_deref().unwrap_or("—"), "—".into(), "—".into(), "—".into()),
            };
            t.push_str(&format!(
                "| {} | {} | {} | {} | {:.0} MB | {pn} | {pc} | {pr} | {ratio} | {} |\n",
                r.name,
                r.input,
                secs(m.cpu),
                secs(m.wall),
                m.rss,
                r.quality.first().map_or("", String::as_str)
            ));
        }
    }
    print!("{t}");
    if let Some(path) = tsv {
        let mut out = String::from("row\tbin\tcpu_s\twall_s\tpeak_mb\tquality\n");
        for r in rows {
            for (i, m) in r.ours.iter().enumerate() {
                out.push_str(&format!(
                    "{}\t{i}\t{:.4}\t{:.4}\t{:.1}\t{}\n",
                    r.name,
                    m.cpu,
                    m.wall,
                    m.rss,
                    r.quality.get(i).map_or("", String::as_str)
                ));
            }
            if let Some((n, p)) = &r.peer {
                out.push_str(&format!("{}\t{n}\t{:.4}\t{:.4}\t{:.1}\t\n", r.name, p.cpu, p.wall, p.rss));
            }
        }
        std::fs::write(path, out)?;
    }
    Ok(())
}
