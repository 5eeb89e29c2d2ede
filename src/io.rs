//! File input and output with the guarantees the CLI promises: inputs are
//! checked for being a readable UTF-8 file (`-` is standard input), and
//! outputs appear whole or not at all.
//!
//! Output to a path ([`write_output`]):
//! * `-` (or no path) is standard output; the text is rendered first, so an
//!   error leaves standard output untouched;
//! * a regular file (or a new one) is written atomically: into an unnamed
//!   file in the same directory (Linux `O_TMPFILE`, so a killed run leaves
//!   nothing behind), given a name and renamed over the target only when
//!   complete. A new file gets the umask's mode, an existing one keeps its
//!   own;
//! * a symbolic link is written through: its target is replaced atomically,
//!   the link stays;
//! * a FIFO, a device (`/dev/stdout`, a process substitution) is written
//!   straight to, rendered first.
//!
//! `write_atomic_here` replaces whatever is at a path, a link included,
//! without following it: for outputs named by untrusted manifests.

use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Pos, Result};

/// Whether a path names standard input or output.
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether two paths name one file, by its identity (device and inode),
/// not by name. Metadata only: opening a FIFO to compare would block. A
/// missing output (the usual case) is no input; an unreadable one is left
/// to the write, which names the problem.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((file_key(a), file_key(b)), (Some(x), Some(y)) if x == y)
}

/// A file's identity, the same by any of its names (see [`same_file`]);
/// `None` when it cannot be read.
pub(crate) fn file_key(p: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).ok().map(|m| format!("{}:{}", m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::canonicalize(p).ok().map(|c| c.display().to_string())
    }
}

/// Whether two output paths name one file, existing or not: by identity
/// when both exist (device and inode), else by name, their directories
/// resolved (`out.tsv` and `./d/../out.tsv`). Two outputs of one run
/// that do not exist yet are the usual case, which identity alone misses.
pub fn same_output(a: &Path, b: &Path) -> bool {
    let key = |p: &Path| -> Option<PathBuf> {
        let name = p.file_name()?;
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(fs::canonicalize(dir).ok()?.join(name))
    };
    same_file(a, b) || matches!((key(a), key(b)), (Some(x), Some(y)) if x == y)
}

/// Refuse `-` (standard input) for more than one input: the first would
/// read it all and the second find it empty.
pub fn refuse_stdin_twice(inputs: &[&Path]) -> Result<()> {
    if inputs.iter().filter(|p| is_stdio(p)).count() > 1 {
        return Err(Error::usage("standard input (-) can be read once: give at most one input as -"));
    }
    Ok(())
}

/// Refuse to write `output` when it is one of `inputs` (the same file by
/// any name: "-o page.md" for page.md, "./page.md", a hard link): the
/// output would replace the text it is made from, and the text be lost.
pub fn refuse_overwriting(output: Option<&Path>, inputs: &[&Path]) -> Result<()> {
    let Some(out) = output.filter(|o| !is_stdio(o)) else { return Ok(()) };
    for input in inputs.iter().filter(|i| !is_stdio(i)) {
        if same_file(input, out) {
            return Err(Error::usage(format!(
                "the output {} is the input {}: it would be overwritten; write the output to another file",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Refuse, before any work, an output that no write could make: a
/// directory, or a file in a directory that does not exist. `align -o DIR`
/// and `-o nodir/out.tsv` failed only once the texts were read and aligned
/// (minutes on a book). Anything else (permissions, a full disk) is left
/// to the write, which names it.
pub fn refuse_unwritable(output: Option<&Path>) -> Result<()> {
    let Some(out) = output.filter(|o| !is_stdio(o)) else { return Ok(()) };
    if out.is_dir() {
        return Err(Error::new(ErrorKind::IsDirectory).in_file(out));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(Error::usage(format!(
            "{}: the directory {} {why}; make it first, or write the output elsewhere",
            out.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Refuse an output directory (`--out-dir`, `--out`: `flag`) that is a
/// file: it failed at the first write, as "File exists (os error 17)".
pub fn refuse_file_as_dir(dir: &Path, flag: &str) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(format!(
            "{flag} {} is a file, not a directory: give a directory for the outputs (made if missing)",
            dir.display()
        )));
    }
    Ok(())
}

/// Read a whole file (or standard input, for `-`) as UTF-8 text, naming the
/// file and the first bad byte on error.
///
/// A leading byte-order mark is dropped. Empty files are accepted here;
/// callers that need content read with `read_content`.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    decode_utf8(bytes).map_err(|e| e.in_file(path))
}

/// The deepest nesting any reader accepts: lists in lists, quotations,
/// emphasis in emphasis, elements in elements. Real pages and books nest a
/// handful of levels (the shipped pages 3, a DOCX table in a table a dozen
/// elements); deeper input is refused with its place, so no later step
/// (conversion, TEI, dropping the tree) recurses as deep as an input says.
pub const MAX_DEPTH: usize = 100;

/// Largest input read whole (bytes): beyond it a file is refused with a
/// message naming the limit, not read until memory runs out.
pub const MAX_INPUT: u64 = 512 << 20;

/// Read a whole file (or standard input, for `-`) as bytes, with the error
/// naming the file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let too_big = || Error::new(crate::error::ErrorKind::TooLarge { limit_mb: MAX_INPUT >> 20 }).in_file(path);
    if is_stdio(path) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::from(e).in_file("<stdin>"))?;
        if buf.len() as u64 > MAX_INPUT {
            return Err(too_big());
        }
        return Ok(buf);
    }
    if path.is_dir() {
        return Err(Error::new(ErrorKind::IsDirectory).in_file(path));
    }
    let meta = fs::metadata(path).map_err(|e| Error::from(e).in_file(path))?;
    if meta.is_file() && meta.len() > MAX_INPUT {
        return Err(too_big());
    }
    let mut f = fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // A FIFO or device has no length: stop past the limit all the same.
    (&mut f).take(MAX_INPUT + 1).read_to_end(&mut buf).map_err(|e| Error::from(e).in_file(path))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(too_big());
    }
    Ok(buf)
}

/// Whether `bytes` (not UTF-8) hold a byte 0x80-0x9F right after an ASCII
/// one: never so in UTF-8, where such a byte continues a sequence, and in
/// Latin-1 a control character no text holds, so Windows-1252's
/// punctuation (“ ” ‘ ’ – — …).
fn windows_1252(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w[0].is_ascii() && (0x80..=0x9F).contains(&w[1]))
}

/// Decode bytes as UTF-8, reporting the line and column of the first invalid byte.
pub(crate) fn decode_utf8(bytes: Vec<u8>) -> Result<String> {
    try_utf8(bytes).map_err(|bytes| utf8_error(&bytes))
}

/// Bytes as UTF-8 text (a BOM skipped), or the bytes back when they are
/// not UTF-8, for a reader with another way to decode them.
pub(crate) fn try_utf8(mut bytes: Vec<u8>) -> std::result::Result<String, Vec<u8>> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(std::string::FromUtf8Error::into_bytes)
}

/// The error for bytes that are not UTF-8: where the first bad byte is,
/// and how to convert them.
pub(crate) fn utf8_error(bytes: &[u8]) -> Error {
    match std::str::from_utf8(bytes) {
        Ok(_) => Error::invalid("valid UTF-8 reported as invalid"),
        Err(e) => {
            let valid = e.valid_up_to();
            // Valid prefix is UTF-8 by construction.
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let pos = Pos::of_offset(&prefix, prefix.len());
            // A UTF-16 byte order mark is no Latin-1 text: say which it is.
            let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                "it starts with a UTF-16 byte order mark: iconv -f utf-16 -t utf-8"
            } else if windows_1252(&bytes[valid.saturating_sub(1)..]) {
                // Read as Latin-1, Windows' quotes and dashes become
                // invisible control characters: the text is quietly wrong.
                "its bytes 0x80-0x9F are Windows-1252 quotes and dashes: iconv -f windows-1252 -t utf-8"
            } else {
                "e.g. iconv -f latin1 -t utf-8"
            };
            Error::new(ErrorKind::Encoding { pos, byte: bytes[valid], hint })
        }
    }
}

/// [`read_text`], failing with [`ErrorKind::Empty`] (the file named) when
/// the file holds only whitespace.
pub(crate) fn read_content(path: &Path) -> Result<String> {
    let text = read_text(path)?;
    require_content(&text, Some(path))?;
    Ok(text)
}

/// Fail with [`ErrorKind::Empty`] when `text` holds only whitespace.
pub(crate) fn require_content(text: &str, path: Option<&Path>) -> Result<()> {
    if text.trim().is_empty() {
        let e = Error::new(ErrorKind::Empty);
        return Err(match path {
            Some(p) => e.in_file(p),
            None => e,
        });
    }
    Ok(())
}

/// Write a regular file atomically: `fill` writes into an unnamed file in
/// the same directory, which replaces `path` only when `fill` succeeded.
/// A symbolic link at `path` is followed (its target is replaced).
pub fn write_atomic<T, F>(path: &Path, fill: F) -> Result<T>
where
    F: FnOnce(&mut dyn Write) -> Result<T>,
{
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => resolve_link(path)?,
        _ => path.to_path_buf(),
    };
    replace_file(&target, path, fill)
}

/// Write a file atomically at `path` itself: a link there is replaced, not
/// followed, so nothing is written outside the link's directory.
pub(crate) fn write_atomic_here<T, F>(path: &Path, fill: F) -> Result<T>
where
    F: FnOnce(&mut dyn Write) -> Result<T>,
{
    replace_file(path, path, fill)
}

/// The file a symbolic link points to, however many links deep.
fn resolve_link(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&p).map_err(|e| Error::from(e).in_file(path))?;
                p = match p.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Error::invalid("too many levels of symbolic links").in_file(path))
}

/// Replace `target` with what `fill` writes; `shown` is the path errors name.
fn replace_file<T, F>(target: &Path, shown: &Path, fill: F) -> Result<T>
where
    F: FnOnce(&mut dyn Write) -> Result<T>,
{
    let (written, value) = Written::fill(target, shown, fill)?;
    written.persist()?;
    Ok(value)
}

/// An output written in full to a temporary file beside its target, not
/// yet in place.
struct Written {
    tmp: TempOut,
    target: PathBuf,
    shown: PathBuf,
}

impl Written {
    fn fill<T, F>(target: &Path, shown: &Path, fill: F) -> Result<(Written, T)>
    where
        F: FnOnce(&mut dyn Write) -> Result<T>,
    {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let existing = fs::symlink_metadata(target).ok();
        if existing.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(Error::new(ErrorKind::IsDirectory).in_file(shown));
        }
        let keep_mode = existing.filter(|m| m.is_file()).map(|m| {
            use std::os::unix::fs::PermissionsExt;
            m.permissions().mode()
        });
        let io_err = |e: std::io::Error| Error::from(e).in_file(shown);
        let mut tmp = TempOut::create(dir).map_err(io_err)?;
        let value = {
            let mut w = BufWriter::new(&mut tmp.file);
            // An error inside names the output only when it has no file yet:
            // a full disk is the output's, a bad input line its input's.
            let v = fill(&mut w).map_err(|e| e.in_file(shown))?;
            w.flush().map_err(io_err)?;
            v
        };
        tmp.file.sync_data().map_err(io_err)?;
        if let Some(mode) = keep_mode {
            use std::os::unix::fs::PermissionsExt;
            tmp.file.set_permissions(fs::Permissions::from_mode(mode)).map_err(io_err)?;
        }
        Ok((Written { tmp, target: target.to_path_buf(), shown: shown.to_path_buf() }, value))
    }

    fn persist(self) -> Result<()> {
        let Written { tmp, target, shown } = self;
        tmp.persist(&target).map_err(|e| Error::from(e).in_file(&shown))
    }
}

/// Outputs that belong together (an XCES alignment and its two sentence
/// files, the two sides of a Moses corpus) and replace their old versions
/// together: each is written in full to a temporary file first, and only
/// when all are written are they renamed into place, one after the other.
/// A failure while writing leaves every old file as it was; dropping the
/// set without [`FileSet::commit`] leaves no temporary behind.
#[derive(Default)]
pub struct FileSet {
    written: Vec<Written>,
}

impl FileSet {
    /// An empty set.
    pub fn new() -> FileSet {
        FileSet::default()
    }

    /// Write one file of the set; `follow_links` says whether a symbolic
    /// link at `path` is written through (an `-o` the user named) or
    /// replaced (outputs that must stay in their directory).
    pub fn add<F>(&mut self, path: &Path, follow_links: bool, fill: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> Result<()>,
    {
        let target = match fs::symlink_metadata(path) {
            Ok(m) if follow_links && m.file_type().is_symlink() => resolve_link(path)?,
            _ => path.to_path_buf(),
        };
        let (w, ()) = Written::fill(&target, path, fill)?;
        self.written.push(w);
        Ok(())
    }

    /// Put every file of the set in place.
    pub fn commit(self) -> Result<()> {
        for w in self.written {
            w.persist()?;
        }
        Ok(())
    }
}

/// An output file being written: unnamed (`O_TMPFILE`) where the file
/// system allows, else a hidden named file removed on drop.
struct TempOut {
    file: fs::File,
    named: Option<PathBuf>,
    dir: PathBuf,
}

/// tempfile's error without the temporary file's name it appends ("…
/// at path \"/dir/.transalign-x1Y2.tmp\""), which the user never gave:
/// the OS error's words alone, named by the caller with the output's path.
/// (tempfile keeps the OS error only as text: its `source` is the OS
/// error's own, none.)
fn os_error(e: std::io::Error) -> std::io::Error {
    if e.get_ref().is_none() {
        return e;
    }
    let said = e.to_string();
    match said.rsplit_once(" at path \"") {
        Some((words, _)) => std::io::Error::new(e.kind(), words.to_string()),
        None => e,
    }
}

impl TempOut {
    fn create(dir: &Path) -> std::io::Result<TempOut> {
        use std::os::unix::fs::OpenOptionsExt;
        let unnamed = fs::OpenOptions::new().write(true).read(true).mode(0o666).custom_flags(libc::O_TMPFILE).open(dir);
        match unnamed {
            Ok(file) => Ok(TempOut { file, named: None, dir: dir.to_path_buf() }),
            Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)) => {
                // No O_TMPFILE here: a named file, with the umask's mode.
                let t = tempfile::Builder::new()
                    .prefix(".transalign-")
                    .suffix(".tmp")
                    .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666 & !umask()))
                    .tempfile_in(dir)
                    .map_err(os_error)?;
                let (file, path) = t.keep().map_err(|e| e.error)?;
                Ok(TempOut { file, named: Some(path), dir: dir.to_path_buf() })
            }
            Err(e) => Err(e),
        }
    }

    /// Give the file its final name.
    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let named = match self.named.take() {
            Some(p) => p,
            None => {
                // Link the unnamed file under a fresh hidden name, then rename.
                use std::os::fd::AsRawFd;
                let proc_path = format!("/proc/self/fd/{}", self.file.as_raw_fd());
                let mut last = None;
                let mut linked = None;
                for k in 0..16u32 {
                    let name = self.dir.join(format!(".transalign-{}-{k}.tmp", std::process::id()));
                    match link_follow(Path::new(&proc_path), &name) {
                        Ok(()) => {
                            linked = Some(name);
                            break;
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                        Err(e) => return Err(e),
                    }
                }
                linked.ok_or_else(|| last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))?
            }
        };
        match fs::rename(&named, target) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = fs::remove_file(&named);
                Err(e)
            }
        }
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if let Some(p) = self.named.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// `linkat(AT_FDCWD, from, AT_FDCWD, to, AT_SYMLINK_FOLLOW)`: give the
/// unnamed file behind `/proc/self/fd/N` a name.
fn link_follow(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (f, t) = (c(from)?, c(to)?);
    // SAFETY: both are valid NUL-terminated paths; linkat has no other preconditions.
    let r = unsafe { libc::linkat(libc::AT_FDCWD, f.as_ptr(), libc::AT_FDCWD, t.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
    if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// The process's umask, read once: from `/proc/self/status` where Linux
/// reports it, else by setting and restoring it. Setting it briefly would
/// race with batch threads creating files at the same moment, so it is
/// never done more than once, and not at all where the kernel says.
fn umask() -> u32 {
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        let reported = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).ok()
        });
        reported.unwrap_or_else(|| {
            // SAFETY: umask cannot fail; it is set back at once.
            unsafe {
                let m = libc::umask(0o022);
                libc::umask(m);
                m as u32
            }
        })
    })
}

/// Write to `path`: standard output for `-` or `None`, straight through to
/// a FIFO or device, atomically to a regular file or a link's target (see
/// the module documentation).
pub fn write_output<T, F>(path: Option<&Path>, fill: F) -> Result<T>
where
    F: FnOnce(&mut dyn Write) -> Result<T>,
{
    let special = |p: &Path| fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir());
    match path {
        Some(p) if !is_stdio(p) && !special(p) => write_atomic(p, fill),
        _ => {
            // Render fully first so that an error writes nothing.
            let mut buf = Vec::new();
            let value = fill(&mut buf)?;
            match path.filter(|p| !is_stdio(p)) {
                Some(p) => {
                    let mut f = fs::OpenOptions::new().write(true).open(p).map_err(|e| Error::from(e).in_file(p))?;
                    f.write_all(&buf).map_err(|e| Error::from(e).in_file(p))?;
                    f.flush().map_err(|e| Error::from(e).in_file(p))?;
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    lock.write_all(&buf).map_err(|e| Error::from(e).in_file("<stdout>"))?;
                    lock.flush().map_err(|e| Error::from(e).in_file("<stdout>"))?;
                }
            }
            Ok(value)
        }
    }
}

/// `path` relative to the directory `base` (both made absolute), for
/// links between output files; `path` as given when they share nothing.
pub(crate) fn relative_to(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, b) = (abs(path), abs(base));
    let pc: Vec<_> = p.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.display().to_string();
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c);
    }
    out.display().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn umask_is_the_process_umask() {
        // SAFETY: umask cannot fail; it is set back at once.
        let direct = unsafe {
            let m = libc::umask(0o022);
            libc::umask(m);
            m as u32
        };
        assert_eq!(super::umask(), direct);
    }
}
