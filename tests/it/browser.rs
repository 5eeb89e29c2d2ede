//! The pages a person looks at, in a real browser (headless Chromium via
//! ChromeDriver): the review page is clicked and typed into (split, merge
//! and move on 1-1, 2-1 and 1-0 links, text edits, sentence splits and
//! joins, check, flag, filter, search, jump, reload, discard), on an AZERTY
//! keyboard too, with a full storage, and served (save, second tab, kill,
//! restart, tokenless requests); its output comes back through `convert`
//! and `eval`; the coverage report is navigated, sorted, filtered and read
//! at phone width; pages built from hostile input run no script. No
//! console errors, no network requests. Screenshots go to
//! target/screenshots/ for a person to look at.

use crate::common;

use std::path::Path;
use std::process::Command;

use crate::common::browser::{Browser, screenshot_dir};
use serde_json::json;

fn exe() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("transalign")
}

fn transalign(args: &[&str]) -> std::process::Output {
    let out = Command::new(exe()).current_dir(common::root()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

type Links = Vec<(Vec<u64>, Vec<u64>)>;

fn links(b: &Browser) -> Links {
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

fn file_links(f: &serde_json::Value) -> Links {
    let ids = |x: &serde_json::Value| x.as_array().unwrap().iter().map(|i| i.as_u64().unwrap()).collect::<Vec<_>>();
    f["links"].as_array().unwrap().iter().map(|l| (ids(&l["src"]), ids(&l["tgt"]))).collect()
}

fn assert_clean(b: &Browser, what: &str) {
    let problems = b.console_problems();
    assert!(problems.is_empty(), "{what}: console: {problems:?}");
    let net = b.network_requests();
    assert!(net.is_empty(), "{what}: network requests: {net:?}");
}

fn flushed(b: &Browser) {
    b.js_async("window.transalignReview.flushed().then(() => arguments[0](true));", json!([]));
}

fn message(b: &Browser) -> String {
    b.js("return document.getElementById('message').textContent;", json!([])).as_str().unwrap_or("").to_string()
}

fn sel(b: &Browser) -> u64 {
    b.js("return window.transalignReview.sel();", json!([])).as_u64().unwrap()
}

/// Two texts of six and five sentences and an alignment with every link
/// shape: 1-1, 2-1, 1-0, 0-1, 1-1, 1-1.
fn shapes(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let (a, b, al) = (dir.join("a.txt"), dir.join("b.txt"), dir.join("shapes.beads"));
    std::fs::write(
        &a,
        "De stad is groot.\nHet huis is oud.\nDe tuin is mooi.\nNiemand weet het.\nIn 1948 kwam de verklaring.\nAlle mensen zijn vrij.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "La ville est grande.\nLa maison est vieille et le jardin est beau.\nUne phrase de plus.\nEn 1948 vint la déclaration.\nTous les hommes sont libres.\n",
    )
    .unwrap();
    std::fs::write(&al, "[0]:[0]:0.95\n[1, 2]:[1]:0.80\n[3]:[]:0.40\n[]:[2]:0.30\n[4]:[3]:0.97\n[5]:[4]:0.99\n")
        .unwrap();
    (a, b, al)
}

fn shapes_page(dir: &Path) -> std::path::PathBuf {
    let (a, b, al) = shapes(dir);
    let page = dir.join("shapes.html");
    transalign(&[
        "-q",
        "review",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--segmented",
        "--src-lang",
        "nl",
        "--tgt-lang",
        "fr",
        "--alignment",
        al.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    page
}

fn l(src: &[u64], tgt: &[u64]) -> (Vec<u64>, Vec<u64>) {
    (src.to_vec(), tgt.to_vec())
}

#[test]
fn review_page_edits_by_keys_and_mouse_on_every_link_shape_and_exports_back_to_the_cli() {
    let dir = common::tempdir();
    let page = shapes_page(dir.path());
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.wait_ready();
    let original = links(&b);
    assert_eq!(
        original,
        vec![l(&[0], &[0]), l(&[1, 2], &[1]), l(&[3], &[]), l(&[], &[2]), l(&[4], &[3]), l(&[5], &[4])]
    );
    // Headers name the files and languages.
    let heads = b.js("return document.querySelector('.colheads').textContent;", json!([]));
    assert!(
        heads.as_str().unwrap().contains("a.txt (nl)") && heads.as_str().unwrap().contains("b.txt (fr)"),
        "{heads}"
    );

    // 1-1: split gives 1-0 and 0-1; undo restores it.
    b.click("#rows .row[data-k='0']");
    b.keys("s");
    assert_eq!(links(&b)[..2], [l(&[0], &[]), l(&[], &[0])]);
    b.keys("u");
    assert_eq!(links(&b), original);
    // 2-1: split by the button, then merged back by key; move its last
    // source sentence down and up again.
    b.click("#rows .row[data-k='1']");
    b.click("#split");
    assert_eq!(links(&b)[1..3], [l(&[1], &[1]), l(&[2], &[])]);
    b.keys("m");
    assert_eq!(links(&b)[1], l(&[1, 2], &[1]));
    b.keys("o");
    assert_eq!(links(&b)[1..3], [l(&[1], &[1]), l(&[2, 3], &[])]);
    b.keys("i");
    assert_eq!(links(&b)[1..3], [l(&[1, 2], &[1]), l(&[3], &[])]);
    // 1-0: a split is refused, visibly; merged with the 0-1 link after it
    // it becomes 1-1; moving its sentence up into the 2-1 link empties it
    // and the link goes.
    b.click("#rows .row[data-k='2']");
    let before = links(&b);
    b.keys("s");
    assert_eq!(links(&b), before);
    assert!(message(&b).contains("cannot be split"), "{}", message(&b));
    b.keys("m");
    assert_eq!(links(&b)[2], l(&[3], &[2]));
    b.keys("u");
    b.click("#rows .row[data-k='1']");
    b.keys("i");
    assert_eq!(links(&b)[1..3], [l(&[1, 2, 3], &[1]), l(&[], &[2])]);
    b.click("#undo");
    assert_eq!(links(&b), original);
    b.click("#redo");
    b.click("#undo");
    assert_eq!(links(&b), original);

    // Text: edit a sentence, split one at the cursor, join two.
    b.click("#rows .row[data-k='4'] .side.src p");
    b.keys("e");
    b.js(
        "const t = document.querySelector('textarea.editor'); t.value = 'In 1948 kwam de Universele Verklaring.';",
        json!([]),
    );
    b.keys("\u{E007}");
    let st = b.js("return window.transalignReview.state().src[4];", json!([]));
    assert_eq!(st["text"], "In 1948 kwam de Universele Verklaring.");
    assert_eq!(st["edited"], true);
    b.click("#rows .row[data-k='1'] .side.tgt p");
    b.keys("e");
    b.js("const t = document.querySelector('textarea.editor'); t.selectionStart = t.selectionEnd = t.value.indexOf(' et le');", json!([]));
    b.shift_key("\u{E007}");
    let tgt = b.js("return window.transalignReview.state().tgt.map(s => [s.id, s.text]);", json!([]));
    assert_eq!(tgt[1], json!(["s2", "La maison est vieille"]));
    assert_eq!(tgt[2], json!(["s2.1", "et le jardin est beau."]));
    assert_eq!(links(&b)[1], l(&[1, 2], &[1, 2]));
    // Join the two source sentences of that link (cursor on the first).
    b.click("#rows .row[data-k='1'] .side.src p");
    b.keys("J");
    let src = b.js("return window.transalignReview.state().src.slice(1, 3).map(s => s.text);", json!([]));
    assert_eq!(src[0], "Het huis is oud. De tuin is mooi.");
    assert_eq!(links(&b)[1], l(&[1], &[1, 2]));
    // Check and flag.
    b.click("#rows .row[data-k='0']");
    b.keys("cx");
    let first = b.js("return window.transalignReview.links()[0];", json!([]));
    assert_eq!((first["checked"].clone(), first["flagged"].clone()), (json!(true), json!(true)));
    let edited = links(&b);
    let undo_len = b.js("return window.transalignReview.history().undo.length;", json!([]));

    // Reload: the work and its undo history are still there.
    flushed(&b);
    b.reload();
    b.wait_ready();
    assert_eq!(links(&b), edited, "edits survive a reload");
    assert_eq!(b.js("return window.transalignReview.history().undo.length;", json!([])), undo_len);
    b.keys("u");
    assert_eq!(
        b.js("return window.transalignReview.links()[0].flagged;", json!([])),
        json!(false),
        "undo after a reload"
    );
    b.keys("r");

    // Discard asks first, and can be undone.
    b.click("#discard");
    assert_eq!(b.js("return document.getElementById('confirm').hidden;", json!([])), json!(false));
    b.click("#confirm-no");
    assert_eq!(links(&b), edited);
    b.click("#discard");
    b.click("#confirm-yes");
    assert_eq!(links(&b), original);
    b.keys("u");
    assert_eq!(links(&b), edited);

    // Search, filters, jumps.
    b.click("#search");
    b.keys("verklaring\u{E007}");
    assert_eq!(sel(&b), 4);
    assert!(b.js("return document.querySelectorAll('mark').length;", json!([])).as_u64().unwrap() >= 1);
    b.js(
        "const f = document.getElementById('filter'); f.value = 'unaligned'; f.dispatchEvent(new Event('change'));",
        json!([]),
    );
    let shown = b.js("return [...document.querySelectorAll('#rows .row')].map(r => +r.dataset.k);", json!([]));
    assert!(shown.as_array().unwrap().contains(&json!(2)) && !shown.as_array().unwrap().contains(&json!(0)), "{shown}");
    b.js(
        "const f = document.getElementById('filter'); f.value = 'all'; f.dispatchEvent(new Event('change'));",
        json!([]),
    );
    b.click("#jump");
    b.keys("t5\u{E007}");
    assert_eq!(sel(&b), 4, "target sentence 5 is in link 5");
    let status = b.js("return document.getElementById('status').textContent;", json!([]));
    assert!(status.as_str().unwrap().contains("of 6 checked"), "{status}");
    // Evidence of the selected link.
    let ev = b.js("return document.querySelector('.row.sel .ev').textContent;", json!([]));
    assert!(ev.as_str().unwrap().contains("length"), "{ev}");
    // The help overlay.
    b.keys("?");
    assert_eq!(b.js("return document.getElementById('help').hidden;", json!([])), json!(false));
    b.keys("\u{E00C}");
    assert_eq!(b.js("return document.getElementById('help').hidden;", json!([])), json!(true));
    b.screenshot(&screenshot_dir().join("review-edited.png"));
    assert_clean(&b, "review page");

    // The export reaches every output of convert, corrected texts and ids included.
    b.click("#export-json");
    let exported = b.js("return document.getElementById('export-out').value;", json!([])).as_str().unwrap().to_string();
    let corrected = dir.path().join("corrected.json");
    std::fs::write(&corrected, &exported).unwrap();
    let f: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(f["version"], 2);
    assert_eq!(file_links(&f), edited);
    let out = |ext: &str| dir.path().join(format!("c.{ext}"));
    for (format, ext) in [("tmx", "tmx"), ("tei", "tei.xml"), ("xces", "xces.xml"), ("tsv", "tsv"), ("json", "json")] {
        transalign(&["convert", corrected.to_str().unwrap(), "--format", format, "-o", out(ext).to_str().unwrap()]);
        let mut text = common::read(&out(ext));
        if format == "xces" {
            // The texts are in the two sentence files beside it.
            text = common::read(&dir.path().join("c.nl.xml")) + &common::read(&dir.path().join("c.fr.xml"));
        }
        assert!(text.contains("Universele Verklaring"), "{format}: the edited text");
        assert!(text.contains("et le jardin est beau."), "{format}: the split sentence");
    }
    assert!(common::read(&out("tei.xml")).contains("xml:id=\"fr.s2.1\""), "the id of a split sentence");
    assert!(common::read(&dir.path().join("c.fr.xml")).contains("id=\"fr.s2.1\""), "XCES sentence file");
    let back: serde_json::Value = serde_json::from_str(&common::read(&out("json"))).unwrap();
    assert_eq!(file_links(&back), edited);
    assert_eq!(back["links"][0]["checked"], true, "convert keeps the checked marks");
    // The reviewer's marks reach TMX, TEI and TSV, as many as the JSON has:
    // they were dropped there without a word.
    let n_checked = f["links"].as_array().unwrap().iter().filter(|l| l["checked"] == true).count();
    assert!(n_checked >= 2, "{n_checked}");
    assert_eq!(common::read(&out("tmx")).matches("<prop type=\"x-checked\">true</prop>").count(), n_checked);
    let tei = common::read(&out("tei.xml"));
    assert_eq!(tei.matches("#review.checked").count(), n_checked, "TEI links point at the review taxonomy");
    assert!(tei.contains("<category xml:id=\"review.checked\">"), "{tei}");
    let tsv = common::read(&out("tsv"));
    assert!(tsv.lines().next().unwrap().ends_with("\tconfidence\treview"), "{tsv}");
    assert_eq!(tsv.lines().filter(|l| l.rsplit('\t').next().unwrap().contains("checked")).count(), n_checked);
    // The toolbar's own TSV and TMX exports carry them the same way.
    let export = |what: &str| {
        b.click(&format!("[data-export='{what}']"));
        b.js("return document.getElementById('export-out').value;", json!([])).as_str().unwrap().to_string()
    };
    let page_tsv = export("tsv");
    assert!(page_tsv.lines().next().unwrap().ends_with("\tconfidence\treview"), "{page_tsv}");
    let marks_column =
        |t: &str| t.lines().skip(1).map(|l| l.rsplit('\t').next().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(marks_column(&page_tsv), marks_column(&tsv), "the page's TSV marks equal convert's");
    assert_eq!(export("tmx").matches("<prop type=\"x-checked\">true</prop>").count(), n_checked);
    // Where a format has no place for them, convert says so.
    let beads = transalign(&["convert", corrected.to_str().unwrap(), "--format", "beads"]);
    let warned = String::from_utf8_lossy(&beads.stderr);
    assert!(warned.contains(&format!("{n_checked} checked")) && warned.contains("beads has no place"), "{warned}");
    let e =
        transalign(&["eval", "--gold", corrected.to_str().unwrap(), "--test", corrected.to_str().unwrap(), "--json"]);
    let scores: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    assert_eq!(scores["strict"]["f1"], 1.0);
}

#[test]
fn review_page_of_the_udhr_opens_with_its_evidence_and_is_usable_on_a_phone() {
    let dir = common::tempdir();
    let page = dir.path().join("review.html");
    transalign(&["-q", "review", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "-o", page.to_str().unwrap()]);
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.wait_ready();
    let n = links(&b).len();
    assert!(n > 50, "{n}");
    // Dictionary, cognate or number anchors show for linked rows.
    b.click("#rows .row[data-k='5']");
    let ev = b.js("return document.querySelector('.row.sel .ev').textContent;", json!([]));
    assert!(["dictionary:", "cognate:", "number:"].iter().any(|k| ev.as_str().unwrap().contains(k)), "{ev}");
    b.click("#rows .row[data-k='0']");
    b.screenshot(&screenshot_dir().join("review-desktop.png"));
    assert_clean(&b, "udhr review");
    // At 390 px the toolbar stays on screen while scrolling, and nothing is wider than the screen.
    let phone = Browser::start(390, 844, true);
    phone.open(&page);
    phone.wait_ready();
    phone.js("window.scrollTo(0, 3000);", json!([]));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let bar = phone
        .js("const r = document.querySelector('.bar').getBoundingClientRect(); return [r.top, r.bottom];", json!([]));
    assert!(bar[0].as_f64().unwrap() >= 0.0 && bar[1].as_f64().unwrap() <= 200.0, "toolbar at {bar}");
    let width = phone.js("return document.documentElement.scrollWidth;", json!([])).as_u64().unwrap();
    assert!(width <= 390, "the review page lays out {width} px wide at 390 px");
    phone.js("window.scrollTo(0, 0);", json!([]));
    phone.screenshot(&screenshot_dir().join("review-phone.png"));
    assert_clean(&phone, "phone");
}

/// A full browser storage: the page says so in a banner that cannot be
/// missed and offers the work as a download, which the CLI reads.
#[test]
fn review_page_with_a_full_storage_shows_a_banner_and_offers_the_work() {
    let dir = common::tempdir();
    let page = shapes_page(dir.path());
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.wait_ready();
    assert_eq!(b.js("return document.getElementById('banner').hidden;", json!([])), json!(true));
    b.js(
        "IDBObjectStore.prototype.put = function () { throw new DOMException('the quota is used up', 'QuotaExceededError'); };",
        json!([]),
    );
    b.click("#rows .row[data-k='0']");
    b.keys("m");
    flushed(&b);
    let banner = b.js(
        "const e = document.getElementById('banner'); const r = e.getBoundingClientRect(); return [e.hidden, e.textContent, r.height, getComputedStyle(e).backgroundColor];",
        json!([]),
    );
    assert_eq!(banner[0], json!(false), "{banner}");
    assert!(banner[1].as_str().unwrap().contains("NOT being saved"), "{banner}");
    assert!(banner[2].as_f64().unwrap() > 20.0, "{banner}");
    b.screenshot(&screenshot_dir().join("review-not-saved.png"));
    b.click("#banner-download");
    let json_text =
        b.js("return document.getElementById('export-out').value;", json!([])).as_str().unwrap().to_string();
    let saved = dir.path().join("rescued.json");
    std::fs::write(&saved, json_text).unwrap();
    let out = transalign(&["convert", saved.to_str().unwrap(), "--format", "beads"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5, "the merge is in the rescued work");
}

/// Letters typed on an AZERTY keyboard (their physical keys differ from
/// QWERTY's): every command has a key without AltGr on AZERTY and QWERTZ,
/// and they work.
#[test]
fn review_keys_work_on_an_azerty_keyboard_without_altgr() {
    // What these layouts type without AltGr (with or without Shift).
    let azerty = "azertyuiopqsdfghjklmwxcvbnAZERTYUIOPQSDFGHJKLMWXCVBN²&é\"'(-è_çà)=^$ù*,;:!?./§%µ¨£°+<> ";
    let qwertz = "qwertzuiopasdfghjklyxcvbnmQWERTZUIOPASDFGHJKLYXCVBNM^1234567890ß´+#-.,<°!\"§$%&/()=?`*'_:;> ";
    let dir = common::tempdir();
    let page = shapes_page(dir.path());
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.wait_ready();
    let keys = b.js("return window.transalignReview.keys;", json!([]));
    let keys = keys.as_object().unwrap();
    let commands: std::collections::BTreeSet<&str> = keys.values().map(|v| v.as_str().unwrap()).collect();
    for c in &commands {
        for (name, layout) in [("AZERTY", azerty), ("QWERTZ", qwertz)] {
            let ok = keys.iter().any(|(k, v)| {
                v == c
                    && (k.chars().count() == 1 && layout.contains(k.as_str()) || k.starts_with("Arrow") || k == "Enter")
            });
            assert!(ok, "{c} has no key without AltGr on {name}");
        }
    }
    let original = links(&b);
    b.click("#rows .row[data-k='0']");
    // AZERTY: m is right of l (QWERTY's ;), ? is Shift and the key right of n (QWERTY's m).
    b.layout_keys(&[("s", "KeyS", false)]);
    assert_eq!(links(&b)[..2], [l(&[0], &[]), l(&[], &[0])]);
    b.layout_keys(&[("u", "KeyU", false), ("m", "Semicolon", false)]);
    assert_eq!(links(&b)[0], l(&[0, 1, 2], &[0, 1]));
    b.layout_keys(&[("u", "KeyU", false), ("o", "KeyO", false)]);
    assert_eq!(links(&b)[..2], [l(&[], &[0]), l(&[0, 1, 2], &[1])]);
    b.layout_keys(&[("u", "KeyU", false), ("?", "KeyM", true)]);
    assert_eq!(b.js("return document.getElementById('help').hidden;", json!([])), json!(false));
    b.layout_keys(&[("Escape", "Escape", false), ("r", "KeyR", false), ("u", "KeyU", false)]);
    assert_eq!(links(&b), original);
    assert_clean(&b, "azerty");
}

struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(exe())
            .current_dir(common::root())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:") && url.contains("/?t="), "first line: {url:?}");
        Server { child, url }
    }

    fn signal(&mut self, sig: i32) -> std::process::ExitStatus {
        unsafe { libc::kill(self.child.id() as i32, sig) };
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Random keys on a served page: the file on disk always reads back with
/// every sentence once and in order, and equals what the page shows.
#[test]
fn served_review_saves_every_edit_refuses_strangers_resumes_and_detects_a_second_tab() {
    let dir = common::tempdir();
    let (a, bt, al) = shapes(dir.path());
    let saved = dir.path().join("A.json");
    let (a, bt, al, saved_s) =
        (a.to_str().unwrap(), bt.to_str().unwrap(), al.to_str().unwrap(), saved.to_str().unwrap());
    let base = ["review", a, bt, "--segmented", "--src-lang", "nl", "--tgt-lang", "fr"];
    let args = |extra: &[&str]| -> Vec<String> {
        base.iter().map(|s| s.to_string()).chain(extra.iter().map(|s| s.to_string())).collect()
    };
    let start = |extra: Vec<String>| Server::start(&extra.iter().map(String::as_str).collect::<Vec<_>>());
    let mut srv = start(
        args(&["--serve", "--alignment"]).into_iter().chain([al.to_string(), "-o".into(), saved_s.into()]).collect(),
    );
    // The file exists at once; the server listens on 127.0.0.1 only.
    let read = || -> serde_json::Value { serde_json::from_str(&common::read(&saved)).unwrap() };
    assert_eq!(read()["links"].as_array().unwrap().len(), 6);
    // No token, a wrong token, a foreign Host: 403.
    let bare = srv.url.split("/?").next().unwrap().to_string();
    for (url, host) in [
        (format!("{bare}/"), None),
        (format!("{bare}/?t=00"), None),
        (format!("{bare}/api/state"), None),
        (srv.url.clone(), Some("evil.example:80")),
    ] {
        let mut r = ureq::get(&url);
        if let Some(h) = host {
            r = r.set("Host", h);
        }
        match r.call() {
            Err(ureq::Error::Status(403, _)) => {}
            other => panic!("{url} {host:?}: expected 403, got {:?}", other.map(|r| r.status())),
        }
    }
    let post = ureq::post(&format!("{bare}/api/edit")).send_string("{\"rev\":0,\"kind\":\"undo\"}");
    assert!(matches!(post, Err(ureq::Error::Status(403, _))), "a tokenless edit is refused");

    let b = Browser::start(1280, 900, false);
    b.open_url(&srv.url);
    b.wait_ready();
    // Random keys over every command, in bursts; after each burst the file
    // is what the page shows, and convert reads it.
    let mut seed = 0x2545_f491_u64;
    // Single keys, and an edit of a sentence's text (e, typing, Enter) and
    // the help overlay (?, Esc) as units.
    let keys = [
        "j",
        "k",
        "m",
        "s",
        "c",
        "u",
        "r",
        "x",
        "o",
        "i",
        "O",
        "I",
        "J",
        "n",
        "N",
        "h",
        "l",
        " ",
        "eab\u{E007}",
        "?\u{E00C}",
    ];
    for burst in 0..6 {
        let mut typed = String::new();
        for _ in 0..25 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            typed.push_str(keys[(seed % keys.len() as u64) as usize]);
        }
        b.keys(&typed);
        flushed(&b);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let f = read();
        assert_eq!(file_links(&f), links(&b), "burst {burst} ({typed}): the file is what the page shows");
        let out = Command::new(exe()).args(["convert", saved_s, "--format", "beads"]).output().unwrap();
        assert!(out.status.success(), "burst {burst}: convert: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(b.js("return document.getElementById('banner').hidden;", json!([])), json!(true));
    let page_state = links(&b);
    let revision = b.js("return window.transalignReview.revision();", json!([]));
    assert_eq!(read()["review"]["revision"], revision);

    // A second tab at the same revision; the first saves again; the second
    // is told, and the file keeps the first tab's work.
    let b2 = Browser::start(1000, 800, false);
    b2.open_url(&srv.url);
    b2.wait_ready();
    b.click("#rows .row[data-k='0']");
    b.keys("x");
    flushed(&b);
    b2.click("#rows .row[data-k='0']");
    b2.keys("c");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let banner = b2.js("const e = document.getElementById('banner'); return [e.hidden, e.textContent];", json!([]));
    assert_eq!(banner[0], json!(false), "{banner}");
    assert!(banner[1].as_str().unwrap().contains("another tab"), "{banner}");
    b2.screenshot(&screenshot_dir().join("review-conflict.png"));
    std::thread::sleep(std::time::Duration::from_millis(800));
    let f = read();
    let flagged = b.js("return window.transalignReview.links()[0].flagged;", json!([]));
    assert_eq!(f["links"][0]["flagged"].as_bool().unwrap_or(false), flagged.as_bool().unwrap(), "the first tab's flag");
    drop(b2);

    // An edit, then Ctrl-C at once: the file has it, complete.
    let checked = |f: &serde_json::Value| -> Vec<bool> {
        f["links"].as_array().unwrap().iter().map(|l| l["checked"].as_bool().unwrap_or(false)).collect()
    };
    let page_checked = |b: &Browser| -> Vec<bool> {
        serde_json::from_value(b.js("return window.transalignReview.links().map(l => l.checked);", json!([]))).unwrap()
    };
    b.keys("c");
    flushed(&b);
    let last = links(&b);
    let last_checked = page_checked(&b);
    let undo_len = b.js("return window.transalignReview.history().undo.length;", json!([]));
    let status = srv.signal(libc::SIGINT);
    assert!(status.success(), "{status:?}");
    assert_eq!(file_links(&read()), last, "Ctrl-C leaves the last edit in the file");
    assert_eq!(checked(&read()), last_checked, "Ctrl-C leaves the last edit in the file");
    assert_eq!(last, page_state);
    // Starting afresh over the work is refused; resuming it gives it back
    // exactly, undo history and all.
    let refused =
        Command::new(exe()).current_dir(common::root()).args(args(&["--serve", "-o", saved_s])).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--alignment"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let srv2 = start(args(&["--serve", "--alignment", saved_s, "-o", saved_s]));
    b.open_url(&srv2.url);
    b.wait_ready();
    assert_eq!(links(&b), last);
    assert_eq!(page_checked(&b), last_checked);
    assert_eq!(b.js("return window.transalignReview.history().undo.length;", json!([])), undo_len);
    b.keys("u");
    flushed(&b);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_ne!(checked(&read()), last_checked, "the undo history survived the restart");
    // Killed outright mid-work: the file is still whole.
    let mut srv2 = srv2;
    b.keys("mmsu");
    srv2.signal(libc::SIGKILL);
    let out = Command::new(exe()).args(["convert", saved_s, "--format", "tsv"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The page says its edits are not saved.
    b.keys("c");
    std::thread::sleep(std::time::Duration::from_millis(800));
    let banner = b.js("const e = document.getElementById('banner'); return [e.hidden, e.textContent];", json!([]));
    assert_eq!(banner[0], json!(false), "{banner}");
    let _ = b.console_problems();
    drop(srv);
}

/// A review page of 100 000 links opens showing its first rows at once,
/// and an edit deep in it stays quick.
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
    let b = Browser::start(1280, 900, false);
    b.open(&page);
    b.wait_ready();
    let rows = b.js("return document.querySelectorAll('#rows .row').length;", json!([])).as_u64().unwrap();
    assert_eq!(b.js("return window.transalignReview.links().length;", json!([])).as_u64(), Some(100_000));
    assert!(rows <= 200, "rendered lazily: {rows} rows");
    b.click("#jump");
    b.keys("90000\u{E007}");
    assert_eq!(sel(&b), 89_999);
    b.keys("m");
    assert_eq!(b.js("return window.transalignReview.links().length;", json!([])).as_u64(), Some(99_999));
    let rows = b.js("return document.querySelectorAll('#rows .row').length;", json!([])).as_u64().unwrap();
    assert!(rows <= 200, "{rows} rows after an edit deep in the text");
    b.keys("u");
    assert_eq!(b.js("return window.transalignReview.links().length;", json!([])).as_u64(), Some(100_000));
    // Scrolling to the end shows the last link.
    b.js("window.scrollTo(0, document.body.scrollHeight);", json!([]));
    std::thread::sleep(std::time::Duration::from_millis(400));
    let last = b.js("return [...document.querySelectorAll('#rows .row')].map(r => +r.dataset.k).pop();", json!([]));
    assert_eq!(last.as_u64(), Some(99_999));
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
    // Line numbers open the source at that line: every link has its line,
    // and following one opens the excerpt with the line in view.
    let dangling = b.js(
        "return [...document.querySelectorAll('a.line')].filter(a => !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))).length;",
        json!([]),
    );
    assert_eq!(dangling, json!(0), "every line link has its line in the report");
    let (href, text) = {
        let v = b.js(
            "const a = document.querySelectorAll('a.line')[3]; return [a.getAttribute('href'), a.textContent];",
            json!([]),
        );
        (v[0].as_str().unwrap().to_string(), v[1].as_str().unwrap().to_string())
    };
    b.js("document.querySelectorAll('a.line')[3].click();", json!([]));
    let shown = b.js(
        "const el = document.getElementById(decodeURIComponent(arguments[0].slice(1))); const r = el.getBoundingClientRect(); return [el.closest('details').open, r.top >= 0 && r.bottom <= innerHeight, el.textContent];",
        json!([href]),
    );
    assert_eq!(shown[0], json!(true), "{href}: the excerpt opens");
    assert_eq!(shown[1], json!(true), "{href}: the line is on the screen");
    let n = text.trim_start_matches("line ").to_string();
    assert!(shown[2].as_str().unwrap().trim_start().starts_with(&n), "{href}: {shown:?}");
    assert!(b.js("return document.querySelectorAll('code.teiid').length;", json!([])).as_u64().unwrap() > 10);
    // The header counts pages in words, not "page(s)".
    let header = b.js("return document.querySelector('header p').textContent;", json!([]));
    assert!(header.as_str().unwrap().starts_with(&format!("{} pages:", common::corpus_pages().len())), "{header:?}");
    // One filter by flag across every page: what stays shown has the flag.
    let filtered = b.js(
        "const sel = document.getElementById('flag-filter'); sel.value = 'not-linked'; sel.dispatchEvent(new Event('change')); \
         const rows = [...document.querySelectorAll('table.titles tbody tr')]; const shown = rows.filter(r => !r.hidden); \
         return [rows.length, shown.length, shown.every(r => r.querySelector('.flag.not-linked') !== null), new Set(shown.map(r => r.closest('section').id)).size];",
        json!([]),
    );
    let (all, kept) = (filtered[0].as_u64().unwrap(), filtered[1].as_u64().unwrap());
    assert!(kept > 0 && kept < all && filtered[2] == json!(true), "{filtered:?}");
    assert!(filtered[3].as_u64().unwrap() >= 2, "the filter spans pages: {filtered:?}");
    b.js(
        "const sel = document.getElementById('flag-filter'); sel.value = ''; sel.dispatchEvent(new Event('change'));",
        json!([]),
    );
    // No year breaks over two lines on a laptop screen.
    let laptop = Browser::start(1366, 768, false);
    laptop.open(&page);
    let broken = laptop.js(
        "return [...document.querySelectorAll('td.year')].filter(td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1 || td.scrollWidth > td.clientWidth; }).map(td => td.textContent);",
        json!([]),
    );
    assert_eq!(broken, json!([]), "years kept on one line at 1366 px");
    // Conflicts counted per page; a legend for every flag.
    assert!(
        b.js("return document.querySelectorAll('.page-stats .conflicts').length;", json!([])).as_u64().unwrap() >= 5
    );
    let legend = b.js(
        "return [...document.querySelectorAll('.legend dt .flag')].map(e => e.className.replace('flag ', ''));",
        json!([]),
    );
    for kind in transalign::titles::Flag::LEGEND.iter().map(|(k, _)| *k).chain(["check"]) {
        assert!(legend.as_array().unwrap().iter().any(|c| c == kind), "legend lacks {kind}: {legend:?}");
    }
    // A flag's class is its kind, whatever details it carries.
    let kinds = b
        .js("return [...document.querySelectorAll('td .flag')].map(e => e.className.replace('flag ', ''));", json!([]));
    assert!(kinds.as_array().unwrap().iter().all(|k| legend.as_array().unwrap().contains(k)), "{kinds:?}");
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
    assert_clean(&phone, "phone");
}

/// What a page must look like after opening: its own title, no handler
/// attributes, no `javascript:` links, no script run by the input (each
/// hostile payload sets `document.title` or `window.pwned`), no console error.
fn assert_no_script_ran(b: &Browser, title: &str, what: &str) {
    let v = b.js(
        "return [document.title, !!window.pwned,
          [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name)),
          [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href')).filter(h => /^\\s*javascript:/i.test(h) || (new URL(h, location.href)).protocol === 'javascript:')];",
        json!([]),
    );
    assert_eq!(v[0], json!(title), "{what}: the title changed: {v}");
    assert_eq!(v[1], json!(false), "{what}: a payload ran");
    assert_eq!(v[2], json!([]), "{what}: handler attributes");
    assert_eq!(v[3], json!([]), "{what}: javascript: links");
    let problems = b.console_problems();
    assert!(problems.is_empty(), "{what}: console: {problems:?}");
}

const PAYLOADS: &[&str] = &[
    "x\" onmouseover=\"window.pwned=1\" y=\"",
    "x' onfocus='window.pwned=1' autofocus y='",
    "</script><script>window.pwned=1;document.title='pwned'</script>",
    "<!--<script>",
    "<img src=x onerror=\"window.pwned=1\">",
    "javascript:window.pwned=1",
    "<svg onload=window.pwned=1>",
];

/// Pages built from hostile ids, texts, file names and languages (issue
/// 28): the review page from an alignment JSON, from TEI inputs and from
/// plain text, and the HTML report from page files with hostile names.
#[test]
fn pages_built_from_hostile_input_run_no_script() {
    let dir = common::tempdir();
    let b = Browser::start(1200, 800, false);
    // An alignment JSON: every id, text and file name a payload.
    let seg =
        |id: &str, text: &str| json!({"id": id, "text": text, "kind": "sentence", "block": true, "section": false});
    let src: Vec<_> =
        PAYLOADS.iter().enumerate().map(|(k, p)| seg(&format!("{p}{k}"), &format!("Zin {k}: {p}"))).collect();
    let tgt: Vec<_> =
        PAYLOADS.iter().enumerate().map(|(k, p)| seg(&format!("t{k}{p}"), &format!("Phrase {k} {p}"))).collect();
    let ls: Vec<_> =
        (0..PAYLOADS.len()).map(|k| json!({"src": [k], "tgt": [k], "confidence": 0.5, "checked": false})).collect();
    let file = json!({"format": "transalign-alignment", "version": 2,
        "src": {"lang": "nl", "file": PAYLOADS[0], "segments": src},
        "tgt": {"lang": "fr", "file": PAYLOADS[2], "segments": tgt}, "links": ls});
    let al = dir.path().join("hostile.json");
    std::fs::write(&al, file.to_string()).unwrap();
    let page = dir.path().join("hostile.html");
    transalign(&["convert", al.to_str().unwrap(), "--format", "html", "-o", page.to_str().unwrap()]);
    b.open(&page);
    b.wait_ready();
    assert_eq!(links(&b).len(), PAYLOADS.len(), "every row is there, <!--<script> included");
    // Select, edit and search, so every row and the evidence are drawn.
    for k in 0..PAYLOADS.len() {
        b.click(&format!("#rows .row[data-k='{k}']"));
    }
    b.click("#search");
    b.keys("script\u{E007}");
    let title = format!("Review: {} ↔ {}", PAYLOADS[0], PAYLOADS[2]);
    assert_no_script_ran(&b, &title, "review page from JSON");
    let texts = b.js("return [...document.querySelectorAll('#rows p.s')].map(p => p.textContent);", json!([]));
    assert!(texts.as_array().unwrap().iter().any(|t| t == "Zin 3: <!--<script>"), "texts shown as text: {texts}");
    // Hostile languages are refused where they enter: JSON and the CLI.
    let bad_lang = json!({"format": "transalign-alignment", "version": 2,
        "src": {"lang": "nl-x\" onload=\"window.pwned=1", "file": "a", "segments": [seg("a", "x")]},
        "tgt": {"lang": "fr", "file": "b", "segments": [seg("b", "y")]},
        "links": [{"src": [0], "tgt": [0], "confidence": 1.0}]});
    std::fs::write(&al, bad_lang.to_string()).unwrap();
    let out = Command::new(exe()).args(["convert", al.to_str().unwrap(), "--format", "html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a hostile language code in JSON");
    let (ta, tb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&ta, "Een zin.\n").unwrap();
    std::fs::write(&tb, "Une phrase.\n").unwrap();
    let out = Command::new(exe())
        .args([
            "review",
            ta.to_str().unwrap(),
            tb.to_str().unwrap(),
            "--src-lang",
            "nl-x\" onload=\"x",
            "--tgt-lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a hostile --src-lang");

    // TEI inputs with a hostile xml:id and hostile text.
    let tei = common::read(&common::root().join("alignments/tei/victor-serge.xml"))
        .replace("xml:id=\"d1.head\"", "xml:id=\"d1.head&quot; onmouseover=&quot;window.pwned=1&quot; x=&quot;\"")
        .replace("Biografie</head>", "Biografie &lt;!--&lt;script&gt;window.pwned=1&lt;/script&gt;</head>");
    let (t1, t2) = (dir.path().join("x\" onerror=\"a.tei.xml"), dir.path().join("b.tei.xml"));
    std::fs::write(&t1, tei).unwrap();
    std::fs::copy(common::root().join("alignments/tei/victor-hugo.xml"), &t2).unwrap();
    let page = dir.path().join("tei.html");
    transalign(&[
        "-q",
        "align",
        t1.to_str().unwrap(),
        t2.to_str().unwrap(),
        "--src-lang",
        "nl",
        "--tgt-lang",
        "fr",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    b.open(&page);
    b.wait_ready();
    for k in 0..5 {
        b.click(&format!("#rows .row[data-k='{k}']"));
    }
    assert_no_script_ran(&b, "Review: x\" onerror=\"a.tei.xml ↔ b.tei.xml", "review page from TEI");

    // The HTML report over page files with hostile names.
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let seed = common::root().join("corpora/nl/victor-serge.md");
    for name in [
        "javascript:window.pwned=1.md",
        "x\" onclick=\"window.pwned=1\" y=\".md",
        "<img src=x onerror=window.pwned=1>.md",
    ] {
        std::fs::copy(&seed, pages.join(name)).unwrap();
    }
    let report = dir.path().join("report.html");
    transalign(&["-q", "report", "--format", "html", "-o", report.to_str().unwrap(), pages.to_str().unwrap()]);
    b.open(&report);
    let title = b.js("return document.title;", json!([])).as_str().unwrap().to_string();
    assert_eq!(title, "transalign report");
    // Clicking every source link goes to a file, never runs script.
    let hrefs = b.js("return [...document.querySelectorAll('a[href]')].map(a => a.protocol);", json!([]));
    assert!(hrefs.as_array().unwrap().iter().all(|p| p == "file:"), "{hrefs}");
    assert_no_script_ran(&b, "transalign report", "report");
}
