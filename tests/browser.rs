//! The pages a person looks at, in a real browser (headless Chromium via
//! ChromeDriver): the review page is clicked and typed into (merge, split,
//! move, check, filter, jump, reload, export), its export comes back
//! through `convert` and `eval`; the coverage report is navigated, sorted,
//! filtered and read at phone width. No console errors, no network
//! requests. Screenshots go to target/screenshots/ for a person to look at.

mod common;

use std::path::Path;
use std::process::Command;

use common::browser::{Browser, screenshot_dir};
use serde_json::json;

fn exe() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("transalign")
}

fn transalign(args: &[&str]) -> std::process::Output {
    let out = Command::new(exe()).current_dir(common::root()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn links(b: &Browser) -> Vec<(Vec<u64>, Vec<u64>)> {
    let v = b.js("return window.transalignReview.links().map(l => [l.src, l.tgt]);", json!([]));
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let ids = |x: &serde_json::Value| x.as_array().unwrap().iter().map(|i| i.as_u64().unwrap()).collect();
            (ids(&p[0]), ids(&p[1]))
        })
        .collect()
}

fn assert_clean(b: &Browser, what: &str) {
    let problems = b.console_problems();
    assert!(problems.is_empty(), "{what}: console: {problems:?}");
    let net = b.network_requests();
    assert!(net.is_empty(), "{what}: network requests: {net:?}");
}

#[test]
fn review_page_edits_persist_and_export_back_to_the_cli() {
    let dir = common::tempdir();
    let page = dir.path().join("review.html");
    let beads = dir.path().join("original.beads");
    let (src, tgt) = ("corpora/udhr/nld.md", "corpora/udhr/fra.md");
    transalign(&["-q", "align", src, tgt, "-o", beads.to_str().unwrap()]);
    transalign(&["-q", "review", src, tgt, "--alignment", beads.to_str().unwrap(), "-o", page.to_str().unwrap()]);
    let original = transalign::eval::read_beads(&beads).unwrap();

    let b = Browser::start(1280, 900, false);
    b.open(&page);
    // One row per link, in order, 1-0/0-1 links as gaps.
    let rows = b.js("return document.querySelectorAll('#rows .row').length;", json!([]));
    assert_eq!(rows.as_u64(), Some(original.len() as u64));
    assert_eq!(links(&b).len(), original.len());
    b.screenshot(&screenshot_dir().join("review-desktop.png"));

    // Select row 3 by clicking, merge it with the next by keyboard.
    b.click("#rows .row[data-k='2']");
    b.keys("m");
    let after = links(&b);
    assert_eq!(after.len(), original.len() - 1);
    let merged: Vec<u64> = [original[2].0.clone(), original[3].0.clone()].concat().iter().map(|&x| x as u64).collect();
    assert_eq!(after[2].0, merged);
    // Split it again with the button: back to two links.
    b.click("#split");
    assert_eq!(links(&b).len(), original.len());
    // Move the last source sentence of link 5 into link 6, by keyboard.
    b.click("#rows .row[data-k='5']");
    b.keys("]");
    let l = links(&b);
    assert!(l[5].0.is_empty() && l[6].0.len() == original[6].0.len() + 1, "{:?} {:?}", l[5], l[6]);
    // Mark link 1 as checked.
    b.click("#rows .row[data-k='0']");
    b.keys("c");
    assert_eq!(b.js("return window.transalignReview.links()[0].checked;", json!([])), json!(true));
    let edited = links(&b);

    // Filter: only links below a threshold of 1 (every unchecked one is).
    b.js("document.getElementById('threshold').value = '1'; document.getElementById('threshold').dispatchEvent(new Event('change'));", json!([]));
    b.click("#only-low");
    let shown = b.js("return document.querySelectorAll('#rows .row').length;", json!([])).as_u64().unwrap();
    let doubtful =
        b.js("return window.transalignReview.links().filter(l => !l.checked && l.confidence < 1).length;", json!([]));
    assert_eq!(shown, doubtful.as_u64().unwrap());
    // Jump to the next doubtful link: from the first one shown to the second.
    b.click("#rows .row");
    let first = b.js("return +document.querySelector('#rows .row.sel').dataset.k;", json!([])).as_u64().unwrap();
    b.keys("n");
    let sel = b.js("return +document.querySelector('#rows .row.sel').dataset.k;", json!([])).as_u64().unwrap();
    let second = b.js("return +document.querySelectorAll('#rows .row')[1].dataset.k;", json!([])).as_u64().unwrap();
    assert_eq!((sel > first, sel), (true, second));
    b.click("#only-low");

    // Reload: the work is still there.
    b.reload();
    assert_eq!(links(&b), edited, "edits survive a reload");
    assert_eq!(b.js("return window.transalignReview.links()[0].checked;", json!([])), json!(true));

    // Export the corrected alignment; it comes back through convert and eval.
    b.click("#export-json");
    let exported = b.js("return document.getElementById('export-out').value;", json!([])).as_str().unwrap().to_string();
    b.screenshot(&screenshot_dir().join("review-edited.png"));
    assert_clean(&b, "review page");
    let corrected = dir.path().join("corrected.json");
    std::fs::write(&corrected, &exported).unwrap();
    let back = dir.path().join("back.json");
    transalign(&["convert", corrected.to_str().unwrap(), "--format", "json", "-o", back.to_str().unwrap()]);
    let (_, _, a) = transalign::formats::json::parse(&common::read(&back)).unwrap();
    let back_links: Vec<(Vec<u64>, Vec<u64>)> = a
        .links
        .iter()
        .map(|l| (l.src.iter().map(|&x| x as u64).collect(), l.tgt.iter().map(|&x| x as u64).collect()))
        .collect();
    assert_eq!(back_links, edited, "the exported correction reads back to the same links");
    let tmx = dir.path().join("corrected.tmx");
    transalign(&["convert", corrected.to_str().unwrap(), "--format", "tmx", "-o", tmx.to_str().unwrap()]);
    assert_eq!(common::read(&tmx).matches("</tu>").count(), edited.len());
    let e = transalign(&["eval", "--gold", corrected.to_str().unwrap(), "--test", beads.to_str().unwrap(), "--json"]);
    let scores: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    let f1 = scores["strict"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.9 && f1 < 1.0, "the original differs from the correction in a few links: {f1}");
}

/// A review page of 100 000 links opens showing its first rows at once.
#[test]
fn review_page_stays_usable_at_100k_links() {
    let dir = common::tempdir();
    let (a, b_txt) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    let mut s = String::new();
    let mut t = String::new();
    for i in 0..100_000 {
        s.push_str(&format!("Zin {i} over de stad en het huis.\n"));
        t.push_str(&format!("Phrase {i} sur la ville et la maison.\n"));
    }
    std::fs::write(&a, s).unwrap();
    std::fs::write(&b_txt, t).unwrap();
    let page = dir.path().join("big.html");
    transalign(&[
        "-q",
        "review",
        a.to_str().unwrap(),
        b_txt.to_str().unwrap(),
        "--segmented",
        "--src-lang",
        "nl",
        "--tgt-lang",
        "fr",
        "-o",
        page.to_str().unwrap(),
    ]);
    let size = std::fs::metadata(&page).unwrap().len();
    let b = Browser::start(1280, 900, false);
    let start = std::time::Instant::now();
    b.open(&page);
    let loaded = start.elapsed();
    let fcp = b.js(
        "const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : -1;",
        json!([]),
    );
    let rows = b.js("return document.querySelectorAll('#rows .row').length;", json!([])).as_u64().unwrap();
    let total = b.js("return window.transalignReview.links().length;", json!([])).as_u64().unwrap();
    println!(
        "review page, 100 000 links: {:.1} MB, first contentful paint {:.0} ms, loaded in {:.2} s, {rows} rows rendered",
        size as f64 / 1e6,
        fcp.as_f64().unwrap_or(-1.0),
        loaded.as_secs_f64()
    );
    assert_eq!(total, 100_000);
    assert!(rows <= 600, "rendered lazily: {rows} rows at first");
    // Jumping far renders up to there.
    b.js("window.transalignReview.ops.nextDoubtful(1);", json!([]));
    b.click("#rows .row[data-k='10']");
    b.keys("m");
    assert_eq!(b.js("return window.transalignReview.links().length;", json!([])).as_u64(), Some(99_999));
    assert_clean(&b, "big review page");
}

fn report(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("report.html");
    let pages = common::corpus_pages();
    let mut args = vec!["-q".to_string(), "report".into(), "--format".into(), "html".into(), "-o".into()];
    args.push(out.display().to_string());
    args.extend(pages.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    transalign(&refs);
    out
}

#[test]
fn report_is_navigable_sortable_and_readable_on_a_phone() {
    let dir = common::tempdir();
    let page = report(dir.path());
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.screenshot(&screenshot_dir().join("report-desktop.png"));
    // Contents with a link per page, each to an anchor that exists.
    let toc = b.js(
        "return [...document.querySelectorAll('nav.toc a')].map(a => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))]);",
        json!([]),
    );
    let toc = toc.as_array().unwrap();
    assert!(toc.len() >= common::corpus_pages().len(), "{toc:?}");
    assert!(toc.iter().all(|t| t[1] == json!(true)), "{toc:?}");
    // Line numbers link to the source line; TEI ids are shown.
    let line = b.js("const a = document.querySelector('a.line'); return a ? a.getAttribute('href') : null;", json!([]));
    assert!(line.as_str().is_some_and(|h| h.contains("#L") || h.contains(":")), "{line:?}");
    assert!(b.js("return document.querySelectorAll('code.teiid').length;", json!([])).as_u64().unwrap() > 10);
    // Conflicts counted per page; a legend for every flag.
    assert!(
        b.js("return document.querySelectorAll('.page-stats .conflicts').length;", json!([])).as_u64().unwrap() >= 5
    );
    let legend = b.js("return [...document.querySelectorAll('.legend .flag')].map(e => e.className);", json!([]));
    assert!(legend.as_array().unwrap().len() >= 5, "{legend:?}");
    // A year conflict does not look like a missing original.
    let styles = b.js(
        "const s = c => { const e = document.querySelector('.legend .flag.' + c); return e && getComputedStyle(e).backgroundColor; }; return [s('year-conflict'), s('no-original-listed')];",
        json!([]),
    );
    assert_ne!(styles[0], styles[1], "{styles:?}");
    // Sort a table by a column: click its header, and its rows reorder.
    let first_col = |b: &Browser| {
        b.js(
            "return [...document.querySelector('table.titles tbody').rows].map(r => r.cells[1].dataset.sort);",
            json!([]),
        )
    };
    let before = first_col(&b);
    b.click("table.titles thead th:nth-child(2)");
    let after = first_col(&b);
    let mut sorted: Vec<String> =
        after.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("").to_string()).collect();
    let copy = sorted.clone();
    sorted.sort();
    assert_eq!(copy, sorted, "sorted by year");
    assert_ne!(before, after);
    // Filter: typing narrows the rows.
    let visible =
        "const t = document.querySelector('table.titles'); return t.querySelectorAll('tbody tr:not([hidden])').length;";
    let all = b.js(visible, json!([])).as_u64().unwrap();
    let word = b.js(
        "return document.querySelector('table.titles tbody tr').cells[0].textContent.trim().split(' ').pop();",
        json!([]),
    );
    b.click("input.filter[data-table$='-titles']");
    b.keys(word.as_str().unwrap());
    let some = b.js(visible, json!([])).as_u64().unwrap();
    assert!(some > 0 && some < all, "{some} of {all}");
    b.screenshot(&screenshot_dir().join("report-filtered.png"));
    assert_clean(&b, "report");

    // At 400 px, on a phone: nothing wider than the screen.
    let phone = Browser::start(400, 850, true);
    phone.open(&page);
    let width = phone.js("return document.documentElement.scrollWidth;", json!([])).as_u64().unwrap();
    assert!(width <= 400, "the page lays out {width} px wide at 400 px");
    phone.screenshot(&screenshot_dir().join("report-phone.png"));
    let rp = dir.path().join("rp.html");
    transalign(&["-q", "review", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "-o", rp.to_str().unwrap()]);
    phone.open(&rp);
    let width = phone.js("return document.documentElement.scrollWidth;", json!([])).as_u64().unwrap();
    assert!(width <= 400, "the review page lays out {width} px wide at 400 px");
    phone.screenshot(&screenshot_dir().join("review-phone.png"));
    assert_clean(&phone, "phone");
}
