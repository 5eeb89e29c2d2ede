//! The review page at 100 000 links, in headless Chromium: how fast it
//! opens, and how long each edit and undo at link 90 000 takes from the key
//! to the next painted frame (the target is 50 ms). Prints a table.
//! Run: `cargo bench --bench review` (needs chromium and chromedriver).

#[path = "../tests/it/common/browser.rs"]
#[allow(dead_code)]
mod browser;

use std::path::PathBuf;

use serde_json::json;

/// The repository root (the browser helper puts screenshots under it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const LINKS: usize = 100_000;
const AT: usize = 89_999;
const RUNS: usize = 7;

/// Time from a key (or an edit) to the next frame, in ms.
const TIMED: &str = r#"
const [what, done] = [arguments[0], arguments[arguments.length - 1]];
const R = window.transalignReview;
const t0 = performance.now();
if (what.key) document.dispatchEvent(new KeyboardEvent('keydown', { key: what.key, shiftKey: !!what.shift, bubbles: true }));
else R.run(what.op);
const t1 = performance.now();
requestAnimationFrame(() => setTimeout(() => done([performance.now() - t0, t1 - t0]), 0));
"#;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    let (mut s, mut t) = (String::new(), String::new());
    for i in 0..LINKS {
        s.push_str(&format!("Zin {i} over de stad en het huis.\n"));
        t.push_str(&format!("Phrase {i} sur la ville et la maison.\n"));
    }
    std::fs::write(&a, s).expect("write");
    std::fs::write(&b, t).expect("write");
    let page = dir.path().join("big.html");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_transalign"));
    cmd.args(["-q", "review", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "-o"]).arg(&page).arg(&a).arg(&b);
    // `-- --no-evidence`: the same links, read from beads, without the aligner's evidence.
    if std::env::args().any(|x| x == "--no-evidence") {
        let beads = dir.path().join("one-one.beads");
        std::fs::write(&beads, (0..LINKS).map(|i| format!("[{i}]:[{i}]:0.9\n")).collect::<String>()).expect("write");
        cmd.arg("--alignment").arg(&beads);
    }
    let out = cmd.output().expect("run transalign");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let size = std::fs::metadata(&page).expect("the page").len();

    let br = browser::Browser::start(1280, 900, false);
    let start = std::time::Instant::now();
    br.open(&page);
    let loaded = start.elapsed();
    br.wait_ready();
    let fcp = br.js(
        "const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : -1;",
        json!([]),
    );
    let rows = br.js("return document.querySelectorAll('#rows .row').length;", json!([]));
    println!(
        "review page, {LINKS} links: {:.1} MB; first contentful paint {:.0} ms; loaded in {:.2} s; {} rows in the DOM\n",
        size as f64 / 1e6,
        fcp.as_f64().unwrap_or(-1.0),
        loaded.as_secs_f64(),
        rows
    );

    // Each step: its name and what it does (a key, or an edit through the model).
    let key = |k: &str| json!({"key": k});
    let op = |o: serde_json::Value| json!({"op": o});
    let src_i = AT; // a 1-1 text: link k holds sentence k on both sides
    let steps: Vec<(&str, serde_json::Value)> = vec![
        ("merge (m)", key("m")),
        ("split a link (s)", key("s")),
        ("move a sentence down (o)", key("o")),
        ("check (c)", key("c")),
        ("flag (x)", key("x")),
        ("edit a sentence's text", op(json!({"op": "text", "side": "src", "i": src_i, "text": "Een andere zin."}))),
        ("split a sentence", op(json!({"op": "splitSentence", "side": "src", "i": src_i, "at": 8}))),
        ("join two sentences (J)", key("J")),
    ];
    println!(
        "| edit at link {} | to the next frame: median ms | max ms | of which script (median) | undo (u): median ms | max ms | under 50 ms |",
        AT + 1
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    // One edit and its undo first: the script engine compiles the code on
    // first use, once per page.
    br.js("window.transalignReview.select(arguments[0]);", json!([AT]));
    br.js_async(TIMED, json!([{"key": "m"}]));
    br.js_async(TIMED, json!([{"key": "u"}]));
    let mut all_ok = true;
    for (name, what) in &steps {
        let (mut edit, mut undo, mut script) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            br.js("window.transalignReview.select(arguments[0]);", json!([AT]));
            let e = br.js_async(TIMED, json!([what]));
            edit.push(e[0].as_f64().unwrap_or(f64::NAN));
            script.push(e[1].as_f64().unwrap_or(f64::NAN));
            let u = br.js_async(TIMED, json!([{"key": "u"}]));
            undo.push(u[0].as_f64().unwrap_or(f64::NAN));
        }
        let stat = |v: &mut Vec<f64>| {
            v.sort_by(|a, b| a.total_cmp(b));
            (v[v.len() / 2], v[v.len() - 1])
        };
        let (em, ex) = stat(&mut edit);
        let (um, ux) = stat(&mut undo);
        let (sm, _) = stat(&mut script);
        let ok = ex < 50.0 && ux < 50.0;
        all_ok &= ok;
        println!("| {name} | {em:.1} | {ex:.1} | {sm:.1} | {um:.1} | {ux:.1} | {} |", if ok { "yes" } else { "NO" });
    }
    let n = br.js("return window.transalignReview.links().length;", json!([]));
    assert_eq!(n, json!(LINKS), "every edit was undone");
    let problems = br.console_problems();
    assert!(problems.is_empty(), "console: {problems:?}");
    println!("\n{}", if all_ok { "every edit and undo repainted within 50 ms" } else { "SLOWER THAN 50 ms somewhere" });
    // exit() skips destructors: stop the browser and its driver first.
    drop(br);
    if !all_ok {
        std::process::exit(1);
    }
}
