//! Failure paths, really provoked: a kill in the middle of a write, a full
//! disk, a directory without permission, concurrent shards into one
//! directory, oversized input, untrusted manifest names and symbolic links
//! in the output directory, paths with spaces and accents.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn exe() -> PathBuf {
    assert_cmd::cargo::cargo_bin("transalign")
}

/// The dev pair repeated `k` times, one sentence a line: a long alignment.
fn big_pair(dir: &Path, k: usize) -> (PathBuf, PathBuf) {
    let bench = common::root().join("../shared/bench/defr-dev");
    let (de, fr) = (common::read(&bench.join("dev.de")), common::read(&bench.join("dev.fr")));
    let (a, b) = (dir.join("big.de"), dir.join("big.fr"));
    std::fs::write(&a, de.repeat(k)).unwrap();
    std::fs::write(&b, fr.repeat(k)).unwrap();
    (a, b)
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".transalign-") || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_kill_in_the_middle_leaves_the_old_file_and_nothing_else() {
    let dir = common::tempdir();
    let (a, b) = big_pair(dir.path(), 60);
    let out = dir.path().join("out.tei.xml");
    for delay_ms in [200u64, 600, 1200] {
        std::fs::write(&out, "previous").unwrap();
        let mut child = Command::new(exe())
            .args(["align", "--segmented", "--src-lang", "de", "--tgt-lang", "fr", "--format", "tei", "--quiet"])
            .arg(&a)
            .arg(&b)
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        // SIGKILL: no destructor, no handler runs.
        let _ = child.kill();
        let _ = child.wait();
        let now = common::read(&out);
        assert!(now == "previous" || (finished && now.ends_with("</TEI>\n")), "after {delay_ms} ms: a partial file");
        assert!(leftovers(dir.path()).is_empty(), "after {delay_ms} ms: {:?}", leftovers(dir.path()));
    }
}

/// Run a shell script in a private mount namespace (root, or a user
/// namespace's root).
fn in_mount_namespace(script: &str) -> std::process::Output {
    let mut cmd = Command::new("unshare");
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        cmd.args(["--user", "--map-root-user"]);
    }
    cmd.args(["--mount", "--propagation", "private", "sh", "-c", script]).output().unwrap()
}

#[test]
fn a_full_disk_gives_a_clear_error_and_no_partial_file() {
    let dir = common::tempdir();
    let (a, b) = big_pair(dir.path(), 4);
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs '{small}' && echo previous > '{small}/out.tei.xml' && \
         '{exe}' align --segmented --src-lang de --tgt-lang fr --format tei '{a}' '{b}' -o '{small}/out.tei.xml'; \
         code=$?; echo \"exit=$code\"; cat '{small}/out.tei.xml'; ls -A '{small}'",
        small = small.display(),
        exe = exe().display(),
        a = a.display(),
        b = b.display()
    );
    let out = in_mount_namespace(&script);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("exit=2"), "{stdout}\n{stderr}");
    assert!(stderr.contains("out.tei.xml: No space left on device"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[1..], ["previous", "out.tei.xml"], "the old file, and nothing else: {stdout}");
}

#[test]
fn an_output_directory_without_permission_gives_a_clear_error() {
    let dir = common::tempdir();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let page = dir.path().join("page.md");
    std::fs::copy(common::root().join("corpora/nl/victor-serge.md"), &page).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o644)).unwrap();
    let target = locked.join("x.xml");
    // Root writes anywhere: run as nobody then.
    // SAFETY: getuid has no preconditions.
    let mut cmd = if unsafe { libc::getuid() } == 0 {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(exe());
        c
    } else {
        Command::new(exe())
    };
    let out = cmd.arg("tei").arg(&page).arg("-o").arg(&target).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{}: Permission denied", target.display())), "{err}");
    assert!(std::fs::read_dir(&locked).unwrap().next().is_none());
}

#[test]
fn four_concurrent_shards_write_each_output_once() {
    let dir = common::tempdir();
    let udhr = common::root().join("corpora/udhr");
    let mut manifest = String::new();
    for k in 0..12 {
        let (s, t) = if k % 2 == 0 { ("nld", "fra") } else { ("deu", "fra") };
        manifest.push_str(&format!("{}/{s}.md\t{}/{t}.md\tpair{k:02}\n", udhr.display(), udhr.display()));
    }
    let m = dir.path().join("manifest.tsv");
    std::fs::write(&m, manifest).unwrap();
    let (one, many) = (dir.path().join("one"), dir.path().join("many"));
    let run = |out: &Path, shard: Option<String>| {
        let mut c = Command::new(exe());
        c.args(["align", "--quiet", "--batch"]).arg(&m).arg("--out-dir").arg(out);
        if let Some(s) = shard {
            c.args(["--shard", &s]);
        }
        c.spawn().unwrap()
    };
    assert!(run(&one, None).wait().unwrap().success());
    let children: Vec<_> = (1..=4).map(|k| run(&many, Some(format!("{k}/4")))).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    for k in 0..12 {
        let name = format!("pair{k:02}.beads");
        assert_eq!(common::read(&many.join(&name)), common::read(&one.join(&name)), "{name}");
    }
    let files: Vec<_> = std::fs::read_dir(&many).unwrap().filter_map(|e| e.ok()).collect();
    let beads = files.iter().filter(|e| e.file_name().to_string_lossy().ends_with(".beads")).count();
    assert_eq!(beads, 12);
    assert!(leftovers(&many).is_empty());
}

#[test]
fn oversized_input_is_refused_with_the_limit() {
    let dir = common::tempdir();
    let huge = dir.path().join("huge.txt");
    // A sparse 1 GB file: refused before a byte is read.
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(1 << 30).unwrap();
    let out = Command::new(exe()).args(["align", "--segmented"]).arg(&huge).arg(&huge).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("huge.txt: larger than 512 MB, the most this tool reads into memory"), "{err}");
}

#[test]
fn a_50_mb_line_aligns_in_bounded_memory() {
    let dir = common::tempdir();
    let line = dir.path().join("line.txt");
    let words = ["de", "stad", "is", "groot", "en", "mooi", "huis", "Gent", "1932"];
    let mut s = String::with_capacity(50 << 20);
    let mut k = 0usize;
    while s.len() < 50 << 20 {
        s.push_str(words[k % words.len()]);
        s.push(' ');
        k = k.wrapping_mul(31).wrapping_add(7);
    }
    s.push('\n');
    std::fs::write(&line, s).unwrap();
    let out = dir.path().join("a.beads");
    let mut cmd = Command::new(exe());
    cmd.args(["align", "--segmented", "--src-lang", "nl", "--tgt-lang", "nl"])
        .arg(&line)
        .arg(&line)
        .arg("-o")
        .arg(&out);
    let (status, peak) = run_measured(&mut cmd);
    assert!(status.success());
    assert_eq!(common::read(&out).trim(), "[0]:[0]:1.000", "one line is one link with itself");
    assert!(peak < 600 << 20, "peak RSS {} MB for a 50 MB line", peak >> 20);
}

/// Exit status and peak RSS of a child, from wait4.
fn run_measured(cmd: &mut Command) -> (std::process::ExitStatus, u64) {
    use std::os::unix::process::ExitStatusExt;
    // wait4 below reaps it.
    #[allow(clippy::zombie_processes)]
    let child = cmd.stderr(std::process::Stdio::null()).spawn().unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data written by wait4; the pid is our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(r > 0);
    (std::process::ExitStatus::from_raw(status), usage.ru_maxrss as u64 * 1024)
}

#[test]
fn manifest_names_cannot_leave_the_output_directory() {
    let dir = common::tempdir();
    let udhr = common::root().join("corpora/udhr");
    let out = dir.path().join("out");
    let pair = format!("{}/nld.md\t{}/fra.md", udhr.display(), udhr.display());
    for (name, why) in [
        ("../escaped", "contains a path separator"),
        ("x/../../escaped", "contains a path separator"),
        ("..", "contains '..'"),
        (".hidden", "starts with a dot"),
        ("bell\u{7}", "contains a control character"),
    ] {
        let m = dir.path().join("m.tsv");
        std::fs::write(&m, format!("# pairs\n{pair}\tok\n{pair}\t{name}\n")).unwrap();
        let o = Command::new(exe()).args(["align", "--batch"]).arg(&m).arg("--out-dir").arg(&out).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(&format!("{}:3:1: NAME", m.display())) && err.contains(why), "{name}: {err}");
        assert!(!out.exists(), "{name}: something was written before the refusal");
        assert!(!dir.path().join("escaped.beads").exists());
    }
    // The same name twice.
    let m = dir.path().join("dup.tsv");
    std::fs::write(&m, format!("{pair}\tsame\n{pair}\tsame\n")).unwrap();
    let o = Command::new(exe()).args(["align", "--batch"]).arg(&m).arg("--out-dir").arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dup.tsv:2:1: NAME \"same\" repeats line 1"), "{err}");
    assert!(!out.exists());
    // A link inside the output directory is replaced, not followed out.
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("ok.beads")).unwrap();
    let m = dir.path().join("ok.tsv");
    std::fs::write(&m, format!("{pair}\tok\n")).unwrap();
    let o =
        Command::new(exe()).args(["align", "--quiet", "--batch"]).arg(&m).arg("--out-dir").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(common::read(&outside), "keep me");
    let meta = std::fs::symlink_metadata(out.join("ok.beads")).unwrap();
    assert!(meta.is_file(), "the link became a file in the output directory");
}

#[test]
fn paths_with_spaces_and_accents_work() {
    let dir = common::tempdir();
    let sub = dir.path().join("map met spaties/één");
    std::fs::create_dir_all(&sub).unwrap();
    let page = sub.join("Élisée Reclus.dokuwiki");
    std::fs::copy(common::root().join("corpora/nl/elisee-reclus.dokuwiki"), &page).unwrap();
    let out = sub.join("uit vóór.xml");
    let o = Command::new(exe()).arg("tei").arg(&page).arg("-o").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(common::read(&out).contains("Élisée Reclus"));
    let o = Command::new(exe()).arg("titles").arg(&page).args(["--format", "json"]).output().unwrap();
    assert!(o.status.success());
    let (a, b) = (sub.join("a b.md"), sub.join("ç d.md"));
    std::fs::copy(common::root().join("corpora/udhr/nld.md"), &a).unwrap();
    std::fs::copy(common::root().join("corpora/udhr/fra.md"), &b).unwrap();
    let o = Command::new(exe())
        .arg("align")
        .arg(&a)
        .arg(&b)
        .args(["--format", "xces", "-o"])
        .arg(sub.join("x y.xces.xml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(sub.join("x y.nl.xml").is_file() && sub.join("x y.fr.xml").is_file());
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = common::tempdir();
    let d = dir.path();
    let page = d.join("page.wiki");
    let original = common::read(&common::root().join("corpora/nl/henri-rochefort.wiki"));
    std::fs::write(&page, &original).unwrap();
    let (src, tgt) = (d.join("fra.md"), d.join("nld.md"));
    std::fs::copy(common::root().join("corpora/udhr/fra.md"), &src).unwrap();
    std::fs::copy(common::root().join("corpora/udhr/nld.md"), &tgt).unwrap();
    std::fs::hard_link(&page, d.join("link.wiki")).unwrap();
    std::fs::create_dir(d.join("pages")).unwrap();
    std::fs::copy(&page, d.join("pages/p.wiki")).unwrap();
    // Each by another name than the input's: itself, ./itself, a hard link.
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["tei", "page.wiki", "-o", "page.wiki"], "page.wiki"),
        (vec!["tei", "page.wiki", "-o", "./page.wiki"], "page.wiki"),
        (vec!["titles", "page.wiki", "-o", "link.wiki"], "page.wiki"),
        (vec!["report", "pages", "-o", "pages/p.wiki"], "pages/p.wiki"),
        (vec!["align", "fra.md", "nld.md", "-o", "nld.md"], "nld.md"),
        (vec!["align", "fra.md", "nld.md", "--save-lexicon", "fra.md", "-o", "out.tsv"], "fra.md"),
        (vec!["review", "fra.md", "nld.md", "-o", "fra.md"], "fra.md"),
    ];
    for (args, input) in cases {
        let before = std::fs::read(d.join(input)).unwrap();
        let out = Command::new(exe()).current_dir(d).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("would be overwritten"), "{args:?}: {stderr}");
        assert_eq!(std::fs::read(d.join(input)).unwrap(), before, "{args:?} changed {input}");
    }
    assert!(!d.join("out.tsv").exists(), "nothing is written when one output is refused");
    // Another file is fine, and so is standard output.
    let ok = Command::new(exe()).current_dir(d).args(["tei", "page.wiki", "-o", "page.xml"]).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(common::read(&page), original);
}

#[test]
fn a_full_or_closed_standard_error_neither_stops_a_job_nor_loses_its_output() {
    let dir = common::tempdir();
    let d = dir.path();
    let (src, tgt) = (common::root().join("corpora/udhr/fra.md"), common::root().join("corpora/udhr/nld.md"));
    // Standard error on a full device: every message fails to write.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let out = d.join("a.tsv");
    let status = Command::new(exe())
        .args(["align", "--format", "tsv", "-o"])
        .arg(&out)
        .arg(&src)
        .arg(&tgt)
        .stderr(full)
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    assert!(common::read(&out).lines().count() > 10, "the alignment is written");
    // Standard error a pipe closed after its first line (`2>&1 | head -1`).
    let mut child = Command::new(exe())
        .args(["report", "-v"])
        .arg(common::root().join("corpora/nl"))
        .arg("-o")
        .arg(d.join("report.txt"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(common::read(&d.join("report.txt")).contains("Victor Serge"));
}
