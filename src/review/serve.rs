//! `transalign review … --serve -o A.json`: the review page from a local
//! server (tiny_http), bound to 127.0.0.1 only, that writes every edit to
//! the alignment JSON within a second, atomically.
//!
//! The first line on standard output is the page's URL, with a random
//! token; a request without it gets 403 (so does one whose `Host` is not
//! this server: no DNS rebinding). The page sends each edit as a splice
//! with the revision it has ([`super::work`]); the server applies it only
//! at that revision, so a second tab on the same file gets a conflict
//! (409) and says so, never overwriting. Ctrl-C (or SIGTERM) writes what
//! is pending and stops; as every write replaces the file whole, `A.json`
//! is complete at any moment. `review --alignment A.json --serve -o A.json`
//! resumes it exactly, undo history included.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Response, Server};

use super::PageOptions;
use super::work::{Refused, Request, Work};
use crate::error::{Error, Result};
use crate::formats::json::AlignmentFile;

/// How long an edit may wait before it is written (the promise is a second).
const WRITE_AFTER: Duration = Duration::from_millis(300);

/// The largest request body taken (a discard of a long text carries it whole).
const MAX_BODY: u64 = 512 << 20;

/// Serving options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// The page's options.
    pub page: PageOptions,
}

/// A random token: 128 bits from the system's generator, as hex.
fn token() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| Error::invalid(format!("no random numbers for the token: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Compare without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header(name: &str, value: &str) -> Header {
    // Only our own ASCII names and values reach here.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Transalign"[..], &b"bad-header"[..]).expect("a constant ASCII header")
    })
}

/// What tells the saved file as this server last wrote it from the same
/// path replaced or changed since: its size, time and (on Unix) inode,
/// which every atomic write renews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    /// The file's stamp; `None` when it is not there.
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp { len: m.len(), modified: m.modified().ok(), inode })
    }
}

/// The server's state: the work, where it goes, what was written.
struct Served {
    work: Work,
    out: PathBuf,
    written: u64,
    dirty_since: Option<Instant>,
    error: Option<String>,
    /// The saved file as this server last wrote it.
    on_disk: Option<Stamp>,
}

impl Served {
    fn write(&mut self) {
        if let Err(msg) = self.save() {
            self.failed(msg);
        }
    }

    /// Write the work to the file, unless someone else changed it since
    /// this server wrote it; why not, in words (said by the caller).
    fn save(&mut self) -> std::result::Result<(), String> {
        // A file changed since this server wrote it was written by someone
        // else: a second `review --serve` of it, or a person's editor. Each
        // save replaced it whole, and their work was lost without a word;
        // now it is kept, and the reviewer is told (on standard error, and
        // on the page, which offers the work as a download).
        let now = Stamp::of(&self.out);
        if let (Some(mine), Some(now)) = (self.on_disk, now)
            && mine != now
        {
            return Err(format!(
                "{0} was changed on disk since this review saved it (by another review of it, or an editor): \
                 not overwriting it; download the work from the page, or stop this review and resume with \
                 --alignment {0}",
                self.out.display()
            ));
        }
        let file = self.work.to_file();
        crate::io::write_atomic(&self.out, |w| {
            serde_json::to_writer_pretty(&mut *w, &file).map_err(|e| Error::invalid(e.to_string()))?;
            w.write_all(b"\n")?;
            Ok(())
        })
        // The error's own words, without its file: named once, here.
        .map_err(|e| format!("cannot write {}: {}", self.out.display(), e.kind))?;
        self.written = self.work.review.revision;
        self.dirty_since = None;
        self.error = None;
        self.on_disk = Stamp::of(&self.out);
        Ok(())
    }

    /// A save that did not happen: said once, kept for the page, tried
    /// again at the next tick.
    fn failed(&mut self, msg: String) {
        if self.error.as_deref() != Some(&msg) {
            // Never a panic over a closed standard error.
            let _ = writeln!(std::io::stderr().lock(), "transalign: {msg}");
        }
        self.error = Some(msg);
        self.dirty_since = Some(Instant::now());
    }

    fn status(&self) -> serde_json::Value {
        serde_json::json!({"revision": self.work.review.revision, "written": self.written, "error": self.error})
    }
}

fn listen(port: u16) -> Result<std::net::TcpListener> {
    std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Error::invalid(format!("cannot listen on 127.0.0.1:{port}: {e}; give another --port, or none")))
}

/// Whether the server can listen on `port` (0: any free one, always):
/// the CLI asks before aligning, as a port in use was said only after
/// the alignment. The port is let go at once; [`run`] takes it again.
pub fn check_port(port: u16) -> Result<()> {
    if port != 0 {
        drop(listen(port)?);
    }
    Ok(())
}

/// Whether the server may save to `out`, the review being resumed from
/// `resumed`: a file (not standard output, not a directory) that does not
/// exist yet or is the one resumed. [`run`] checks it first; the CLI checks
/// it before aligning, so that a wrong `-o` costs no alignment.
pub fn check_out(out: &Path, resumed: Option<&Path>) -> Result<()> {
    if crate::io::is_stdio(out) {
        return Err(Error::invalid("--serve writes the alignment JSON to a file: give -o FILE.json"));
    }
    let same_file = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    // A directory "exists" too, and was told to resume the review in it.
    if out.is_dir() {
        return Err(Error::invalid(format!(
            "-o {} is a directory: --serve saves the alignment JSON to a file, give -o FILE.json",
            out.display()
        )));
    }
    if out.exists() && !resumed.is_some_and(|r| same_file(r, out)) {
        return Err(Error::invalid(format!(
            "{} exists: resume the review in it with --alignment {0}, or give another -o",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
        return Err(Error::invalid(format!(
            "-o {}: {} is not a directory; make it first, or give another -o",
            out.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Serve the review of `file`, saving to `out`, until Ctrl-C or SIGTERM.
/// `resumed` is where `file` was read from (`--alignment`): `out` must be
/// that file or not exist, so a day's work is never replaced by a fresh
/// alignment. `announce` gets the URL (the CLI prints it as its first line).
pub fn run(
    file: AlignmentFile,
    resumed: Option<&Path>,
    out: &Path,
    opts: &ServeOptions,
    announce: &mut dyn FnMut(&str),
) -> Result<()> {
    check_out(out, resumed)?;
    let work = Work::from_file(&file)?;
    let listener = listen(opts.port)?;
    let port = listener.local_addr()?.port();
    let server = Server::from_listener(listener, None).map_err(|e| Error::invalid(e.to_string()))?;
    let token = token()?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Only one handler per process: a second server in the same
        // process (tests) keeps the first one's, which stops both.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let mut s = Served { work, out: out.to_path_buf(), written: 0, dirty_since: None, error: None, on_disk: None };
    // The file exists from the start, complete. A first save that fails
    // stops the server, and is said once, as its error: it was printed as
    // a save failure too, then again as the error.
    s.save().map_err(Error::invalid)?;
    announce(&format!("http://127.0.0.1:{port}/?t={token}"));
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let mut page_opts = opts.page.clone();
    page_opts.served = true;
    while !stop.load(Ordering::SeqCst) {
        if let Some(req) = server.recv_timeout(Duration::from_millis(100))? {
            handle(req, &mut s, &token, &hosts, &page_opts);
        }
        if s.dirty_since.is_some_and(|t| t.elapsed() >= WRITE_AFTER) {
            s.write();
        }
    }
    if s.dirty_since.is_some() {
        s.write();
    }
    match &s.error {
        Some(e) => Err(Error::invalid(e.clone())),
        None => Ok(()),
    }
}

fn handle(mut req: tiny_http::Request, s: &mut Served, token: &str, hosts: &[String], page: &PageOptions) {
    let json = |v: serde_json::Value, code: u16| {
        Response::from_string(v.to_string())
            .with_status_code(code)
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"))
    };
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let given = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("t="))
        .map(str::to_string)
        .or_else(|| {
            req.headers().iter().find(|h| h.field.equiv("X-Transalign-Token")).map(|h| h.value.as_str().to_string())
        })
        .unwrap_or_default();
    let host_ok = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .is_some_and(|h| hosts.iter().any(|x| x == h.value.as_str()));
    if !host_ok || !same(&given, token) {
        let _ = req.respond(
            Response::from_string("forbidden: this page needs the URL with its token\n").with_status_code(403),
        );
        return;
    }
    let resp = match (req.method(), path) {
        (Method::Get, "/") => {
            let mut html = Vec::new();
            match super::write_file(&s.work.to_file(), page, &mut html) {
                Ok(()) => Response::from_data(html)
                    .with_header(header("Content-Type", "text/html; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store"))
                    .with_header(header("Referrer-Policy", "no-referrer")),
                Err(e) => json(serde_json::json!({"error": e.to_string()}), 500),
            }
        }
        (Method::Get, "/api/status") => json(s.status(), 200),
        (Method::Get, "/api/state") => match serde_json::to_value(s.work.to_file()) {
            Ok(v) => json(v, 200),
            Err(e) => json(serde_json::json!({"error": e.to_string()}), 500),
        },
        (Method::Post, "/api/edit") => {
            let mut body = String::new();
            let read = req.as_reader().take(MAX_BODY).read_to_string(&mut body);
            match read
                .map_err(|e| e.to_string())
                .and_then(|_| serde_json::from_str::<Request>(&body).map_err(|e| format!("not an edit request: {e}")))
            {
                Err(e) => json(serde_json::json!({"error": e}), 400),
                Ok(r) => match s.work.request(&r) {
                    Ok(_) => {
                        s.dirty_since.get_or_insert_with(Instant::now);
                        json(s.status(), 200)
                    }
                    Err(Refused::Conflict { page, file }) => json(
                        serde_json::json!({"error": "conflict", "page": page, "revision": file,
                            "message": format!("this alignment was changed in another tab or window (it is at revision {file}, this page at {page}); your last edit was not saved: reload to go on from the saved state")}),
                        409,
                    ),
                    Err(Refused::Invalid(why)) => json(serde_json::json!({"error": why}), 400),
                },
            }
        }
        _ => json(serde_json::json!({"error": "not found"}), 404),
    };
    let _ = req.respond(resp);
}
