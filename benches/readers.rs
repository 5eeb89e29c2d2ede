//! Peak memory and time of every reader on large and on dense input:
//! `cargo bench --bench readers [-- MB]` prints, per input, its size, the
//! peak RSS of `transalign tei` on it and their ratio, which should stay
//! under 20 times the input plus a constant. Inputs are built here: a
//! page's sections repeated to MB megabytes (default 8) in each syntax,
//! and the densest markup each reader takes (short elements only).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn exe() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/transalign");
    assert!(p.is_file(), "build the CLI first: cargo build --release");
    p
}

/// Run `transalign tei FILE` and return (exit ok, peak RSS in KB, seconds).
// The child is reaped by wait4, which std's wait cannot replace: it alone
// gives the child's own peak RSS.
#[allow(clippy::zombie_processes)]
fn measure(file: &Path) -> (bool, i64, f64) {
    let start = Instant::now();
    let child = Command::new(exe())
        .args(["-q", "tei"])
        .arg(file)
        .arg("-o")
        .arg("/dev/null")
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .spawn()
        .expect("transalign starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, status and usage are valid pointers.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage.ru_maxrss, start.elapsed().as_secs_f64())
}

fn zip(path: &Path, entries: &[(&str, String)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn main() {
    let mb: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(8);
    let size = mb << 20;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fill = |unit: &str| unit.repeat(size / unit.len());
    let section = |k: usize| {
        format!(
            "## Deel {k}\n\nVictor Serge schreef *De veroverde stad* in 1932. Het boek verscheen in Parijs.\n\n* *Ville conquise* (Parijs, 1932)\n* *Les Années sans pardon* (1971)\n\n"
        )
    };
    let pages: Vec<(&str, PathBuf, String)> = vec![
        (
            "markdown page",
            d.join("page.md"),
            format!("# Victor Serge\n\n{}", (0..size / 220).map(section).collect::<String>()),
        ),
        (
            "dokuwiki page",
            d.join("page.dokuwiki"),
            format!(
                "====== Victor Serge ======\n{}",
                fill(
                    "===== Deel =====\nVictor Serge schreef //De veroverde stad// in 1932.\n  * //Ville conquise// (1932)\n"
                )
            ),
        ),
        (
            "mediawiki page",
            d.join("page.wiki"),
            format!(
                "= Victor Serge =\n{}",
                fill("== Deel ==\nVictor Serge schreef ''De veroverde stad'' in 1932.\n* ''Ville conquise'' (1932)\n")
            ),
        ),
        (
            "html page",
            d.join("page.html"),
            format!(
                "<h1>Victor Serge</h1>{}",
                fill(
                    "<h2>Deel</h2><p>Victor Serge schreef <i>De veroverde stad</i> in 1932.</p><ul><li><i>Ville conquise</i> (1932)</li></ul>"
                )
            ),
        ),
        ("dense markdown", d.join("dense.md"), format!("# T\n\n## S\n\n{}", fill("*a* "))),
        ("dense html", d.join("dense.html"), format!("<h1>T</h1><h2>S</h2>{}", fill("<p><b><i>x</i></b></p>"))),
    ];
    for (_, path, text) in &pages {
        std::fs::write(path, text).unwrap();
    }
    let mut files: Vec<(&str, PathBuf)> = pages.iter().map(|(w, p, _)| (*w, p.clone())).collect();
    let chapter =
        format!("<html><body><h1>T</h1><h2>S</h2>{}</body></html>", "<p><b><i>x</i></b></p>".repeat(size / 22 / 4));
    let epub = d.join("dense.epub");
    zip(
        &epub,
        &[
            ("mimetype", "application/epub+zip".into()),
            ("META-INF/container.xml", "<container><rootfiles><rootfile full-path=\"o.opf\"/></rootfiles></container>".into()),
            ("o.opf", "<package><manifest><item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"a\"/></spine></package>".into()),
            ("a.xhtml", chapter),
        ],
    );
    files.push(("dense epub (zipped)", epub));
    println!("| input | size | peak RSS | RSS / size | time | result |");
    println!("|---|---:|---:|---:|---:|---|");
    for (what, f) in files {
        let bytes = std::fs::metadata(&f).unwrap().len();
        let (ok, rss_kb, secs) = measure(&f);
        println!(
            "| {what} | {:.1} MB | {:.0} MB | {:.1} | {secs:.2} s | {} |",
            bytes as f64 / 1048576.0,
            rss_kb as f64 / 1024.0,
            (rss_kb as f64 * 1024.0) / bytes as f64,
            if ok { "read" } else { "refused" }
        );
    }
}
