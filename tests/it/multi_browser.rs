//! The multi-alignment page in a real browser (headless Chromium via
//! ChromeDriver): its script and styles run under a Content-Security-Policy
//! that allows only their hashes (a wrong hash is a console error), the
//! filters show exactly the rows the JSON flags, each version's dropped
//! sentences are listed and link to their rows, and the page fits a phone.
//! No console errors, no network requests. Screenshots go to
//! target/screenshots/ (`scripts/screenshots` copies the README's to docs/).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::browser::{Browser, screenshot_dir};
use serde_json::json;
use transalign::multi::{FlagKind, MultiAlignment};

fn ok(args: &[&str]) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("transalign"))
        .current_dir(common::root())
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn assert_clean(b: &Browser, what: &str) {
    let problems = b.console_problems();
    assert!(problems.is_empty(), "{what}: console: {problems:?}");
    let net = b.network_requests();
    assert!(net.is_empty(), "{what}: network requests: {net:?}");
}

fn rows_with(m: &MultiAlignment, k: FlagKind) -> Vec<u64> {
    m.rows.iter().enumerate().filter(|(_, r)| r.has(k)).map(|(i, _)| i as u64 + 1).collect()
}

fn visible(b: &Browser) -> Vec<u64> {
    let v = b.js("return window.transalignMulti.visible();", json!([]));
    v.as_array().expect("an array").iter().map(|x| x.as_u64().expect("a row number")).collect()
}

#[test]
fn udhr_page_runs_under_its_csp_and_filters_the_flagged_rows() {
    let page = common::root().join("alignments/udhr/fra-nld-deu.html");
    let m = transalign::multi::json::parse(&common::read(&common::root().join("alignments/udhr/fra-nld-deu.json")))
        .unwrap();
    let b = Browser::start(1400, 1000, false);
    b.open(&page);
    let n = m.rows.len() as u64;
    assert_eq!(b.js("return document.querySelectorAll('#rows tbody tr').length;", json!([])).as_u64(), Some(n));
    // The script ran (it fills the count), so its hash is the allowed one.
    let shown = b.js("return document.getElementById('shown').textContent;", json!([]));
    assert_eq!(shown.as_str(), Some(format!("{n} of {n} rows shown").as_str()));
    // The styles applied too: the filter bar sticks.
    let sticky = b.js("return getComputedStyle(document.getElementById('filters')).position;", json!([]));
    assert_eq!(sticky.as_str(), Some("sticky"));
    // A column per version, a coverage line per translation.
    let heads =
        b.js("return Array.from(document.querySelectorAll('#rows thead th')).map(t => t.textContent);", json!([]));
    assert_eq!(heads, json!(["row", "fra fr, pivot", "nld nl", "deu de", "flags"]));
    let cov = b.js(
        "return Array.from(document.querySelectorAll('.coverage tbody tr')).map(t => t.dataset.version);",
        json!([]),
    );
    assert_eq!(cov, json!(["nld", "deu"]));
    b.screenshot(&screenshot_dir().join("multi-desktop.png"));
    // "Rows versions merged or split differently": exactly the flagged ones.
    b.click("#filters input[value='regrouped']");
    let want = rows_with(&m, FlagKind::Regrouped);
    assert!(!want.is_empty());
    assert_eq!(visible(&b), want);
    b.click("#filters input[value='all']");
    assert_eq!(visible(&b).len() as u64, n);
    assert_clean(&b, "UDHR multi page");
}

/// The UDHR as segmented texts, one line per row of the shipped
/// multi-alignment, German with two sentences left out.
fn dropped_case(dir: &Path) -> Vec<PathBuf> {
    let tsv = common::read(&common::root().join("alignments/udhr/fra-nld-deu.tsv"));
    let rows: Vec<Vec<String>> =
        tsv.lines().skip(1).map(|l| l.split('\t').map(|c| c.replace(" ~~~ ", " ")).collect()).collect();
    let col = |k: usize| rows.iter().map(|r| r[k].clone()).collect::<Vec<_>>();
    let de: Vec<String> =
        col(3).into_iter().enumerate().filter(|(i, _)| *i != 40 && *i != 64).map(|(_, s)| s).collect();
    let mut paths = Vec::new();
    for (name, lines) in [("fr.txt", col(1)), ("nl.txt", col(2)), ("de.txt", de)] {
        let p = dir.join(name);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        paths.push(p);
    }
    paths
}

#[test]
fn the_page_lists_each_versions_dropped_sentences_and_fits_a_phone() {
    let dir = common::tempdir();
    let paths = dropped_case(dir.path());
    let (page, data) = (dir.path().join("m.html"), dir.path().join("m.json"));
    for (format, out) in [("html", &page), ("json", &data)] {
        let mut args =
            vec!["-q", "multi", "--segmented", "--langs", "fr,nl,de", "--format", format, "-o", out.to_str().unwrap()];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        ok(&args);
    }
    let m = transalign::multi::json::parse(&common::read(&data)).unwrap();
    let b = Browser::start(1400, 1000, false);
    b.open(&page);
    // "Rows some version dropped".
    b.click("#filters input[value='dropped']");
    let want = rows_with(&m, FlagKind::Dropped);
    assert_eq!(want.len(), 2);
    assert_eq!(visible(&b), want);
    let gaps = b.js(
        "return Array.from(document.querySelectorAll('#rows tbody tr:not([hidden]) td[data-v=\"de\"] .gap')).length;",
        json!([]),
    );
    assert_eq!(gaps.as_u64(), Some(2), "the German cell of each shows the gap");
    b.screenshot(&screenshot_dir().join("multi-dropped.png"));
    // Each version's dropped sentences, listed with a link to their row.
    let lists = b.js(
        "return Array.from(document.querySelectorAll('ol.dropped-list')).map(o => [o.dataset.version, Array.from(o.querySelectorAll('li')).map(li => [Number(li.dataset.segment), li.querySelector('a').getAttribute('href')])]);",
        json!([]),
    );
    let de = m.find("de").unwrap();
    let cov = transalign::multi::coverage::of(&m, de);
    let items: Vec<serde_json::Value> =
        cov.dropped.iter().map(|d| json!([d.segment, format!("#r{}", d.row + 1)])).collect();
    assert_eq!(lists, json!([["de", items]]), "only German dropped, and its two sentences are listed");
    let none = b.js("return document.getElementById('dropped-nl').nextElementSibling.textContent;", json!([]));
    assert_eq!(none.as_str(), Some("None."));
    // Following a listed sentence's link shows its row.
    b.click("#filters input[value='all']");
    b.click("ol.dropped-list li a");
    let target = b.js("return document.querySelector('#rows tr:target').dataset.row;", json!([]));
    assert_eq!(target.as_str(), Some(want[0].to_string().as_str()));
    assert_clean(&b, "dropped page");
    drop(b);
    // At phone width nothing runs off the side.
    let phone = Browser::start(390, 844, true);
    phone.open(&page);
    let fits = phone.js("return document.documentElement.scrollWidth <= window.innerWidth + 1;", json!([]));
    assert_eq!(fits, json!(true));
    phone.screenshot(&screenshot_dir().join("multi-phone.png"));
    assert_clean(&phone, "phone");
}
