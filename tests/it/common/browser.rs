//! A small WebDriver client: headless Chromium driven through ChromeDriver
//! (Debian's `chromium` and `chromium-driver`), for tests of the pages a
//! person looks at. Missing browser or driver: the test fails (scripts/test
//! installs them), it never skips.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// A browser session; the driver is stopped when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    /// Start ChromeDriver and a headless Chromium; `width`×`height`, and
    /// phone emulation (touch, device metrics) when `mobile`.
    pub fn start(width: u32, height: u32, mobile: bool) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver ({e}); install chromium-driver (scripts/test does)"));
        let base = format!("http://127.0.0.1:{port}");
        let start = std::time::Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(start.elapsed().as_secs() < 20, "chromedriver did not start");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut opts = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                format!("--user-data-dir={}", profile.path().display()),
                format!("--window-size={width},{height}"),
            ],
        });
        if mobile {
            opts["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": opts,
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }}});
        let v: Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"))
            .into_json()
            .expect("JSON");
        let session = v["value"]["sessionId"].as_str().expect("a session id").to_string();
        Browser { driver, base, session, _profile: profile }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.base, self.session)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        match ureq::post(&self.url(path)).send_json(body) {
            Ok(r) => r.into_json::<Value>().expect("JSON")["value"].clone(),
            Err(ureq::Error::Status(code, r)) => {
                panic!("WebDriver {path}: {code} {}", r.into_string().unwrap_or_default())
            }
            Err(e) => panic!("WebDriver {path}: {e}"),
        }
    }

    /// Open a file.
    pub fn open(&self, file: &Path) {
        let url = format!("file://{}", std::fs::canonicalize(file).expect("file exists").display());
        self.post("/url", json!({"url": url}));
    }

    /// Open a URL.
    pub fn open_url(&self, url: &str) {
        self.post("/url", json!({"url": url}));
    }

    /// Reload the page.
    pub fn reload(&self) {
        self.post("/refresh", json!({}));
    }

    /// Run a script (a function body; `arguments[0]`… are `args`) and return its value.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }

    /// Run an asynchronous script: it calls `arguments[arguments.length - 1]` with its value.
    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({"script": script, "args": args}))
    }

    /// Wait until the review page has restored its saved work.
    pub fn wait_ready(&self) {
        let start = std::time::Instant::now();
        while self.js("return document.body.dataset.ready === '1';", json!([])) != json!(true) {
            assert!(start.elapsed().as_secs() < 30, "the review page never became ready");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Send a Chrome DevTools Protocol command (through ChromeDriver).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.post("/goog/cdp/execute", json!({"cmd": cmd, "params": params}))
    }

    /// Press keys as a keyboard of another layout sends them: each is
    /// (`key`, `code`, shift), the character typed and the physical key.
    pub fn layout_keys(&self, keys: &[(&str, &str, bool)]) {
        for &(key, code, shift) in keys {
            let modifiers = if shift { 8 } else { 0 };
            let text = if key.chars().count() == 1 { key } else { "" };
            for t in ["keyDown", "keyUp"] {
                let mut p = json!({"type": t, "key": key, "code": code, "modifiers": modifiers});
                if t == "keyDown" && !text.is_empty() {
                    p["text"] = json!(text);
                    p["unmodifiedText"] = json!(text);
                }
                self.cdp("Input.dispatchKeyEvent", p);
            }
        }
    }

    /// Press a key with Shift held (WebDriver's key for Shift is U+E008).
    pub fn shift_key(&self, key: &str) {
        let actions = json!([
            {"type": "keyDown", "value": "\u{E008}"},
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key},
            {"type": "keyUp", "value": "\u{E008}"},
        ]);
        self.post("/actions", json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}));
    }

    /// The element a CSS selector finds first (its WebDriver id).
    pub fn find(&self, css: &str) -> String {
        let v = self.post("/element", json!({"using": "css selector", "value": css}));
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("element id").to_string()
    }

    /// Click the element a selector finds.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/click"), json!({}));
    }

    /// Type keys into the focused element (the page's keyboard shortcuts).
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                [json!({"type": "keyDown", "value": c.to_string()}), json!({"type": "keyUp", "value": c.to_string()})]
            })
            .collect();
        self.post("/actions", json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}));
    }

    /// Save a screenshot of the viewport as PNG.
    pub fn screenshot(&self, to: &Path) {
        use base64::Engine;
        let v: Value = ureq::get(&self.url("/screenshot")).call().expect("screenshot").into_json().expect("JSON");
        let png = base64::engine::general_purpose::STANDARD.decode(v["value"].as_str().expect("base64")).expect("PNG");
        if let Some(d) = to.parent() {
            std::fs::create_dir_all(d).expect("screenshot dir");
        }
        std::fs::write(to, png).expect("write screenshot");
    }

    /// Browser console entries of level SEVERE or WARNING since the last call.
    pub fn console_problems(&self) -> Vec<String> {
        let v = self.post("/se/log", json!({"type": "browser"}));
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| matches!(e["level"].as_str(), Some("SEVERE" | "WARNING")))
                    .map(|e| e["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// URLs the page asked the network for (http, https, ws, ftp; the
    /// browser's own chrome:// pages and file:, data:, blob: are not network).
    pub fn network_requests(&self) -> Vec<String> {
        let v = self.post("/se/log", json!({"type": "performance"}));
        let mut out = Vec::new();
        for e in v.as_array().into_iter().flatten() {
            let Ok(m) = serde_json::from_str::<Value>(e["message"].as_str().unwrap_or("{}")) else { continue };
            if m["message"]["method"] == "Network.requestWillBeSent" {
                let url = m["message"]["params"]["request"]["url"].as_str().unwrap_or("").to_string();
                if ["http:", "https:", "ws:", "wss:", "ftp:"].iter().any(|p| url.starts_with(p)) {
                    out.push(url);
                }
            }
        }
        out
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url("")).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where screenshots for a person go.
pub fn screenshot_dir() -> PathBuf {
    super::root().join("target/screenshots")
}
