//! File input and output with the guarantees the CLI promises: inputs are
//! checked for being a readable UTF-8 file, and outputs appear whole or not
//! at all (written to a temporary file in the same directory, then renamed).

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, ErrorKind, Pos, Result};

/// Read a whole file as UTF-8 text, naming the file and the first bad byte on error.
///
/// A leading byte-order mark is dropped. Empty files are accepted here;
/// callers that need content check with [`require_content`].
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    decode_utf8(bytes).map_err(|e| e.in_file(path))
}

/// Read a whole file as bytes, with the error naming the file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::new(ErrorKind::IsDirectory).in_file(path));
    }
    fs::read(path).map_err(|e| Error::from(e).in_file(path))
}

/// Decode bytes as UTF-8, reporting the line and column of the first invalid byte.
pub fn decode_utf8(mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Valid prefix is UTF-8 by construction.
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let pos = Pos::of_offset(&prefix, prefix.len());
            Err(Error::new(ErrorKind::Encoding { pos, byte: bytes[valid] }))
        }
    }
}

/// Fail with [`ErrorKind::Empty`] when `text` holds only whitespace.
pub fn require_content(text: &str, path: Option<&Path>) -> Result<()> {
    if text.trim().is_empty() {
        let e = Error::new(ErrorKind::Empty);
        return Err(match path {
            Some(p) => e.in_file(p),
            None => e,
        });
    }
    Ok(())
}

/// Write a file atomically: `fill` writes into a temporary file next to
/// `path`, which replaces `path` only when `fill` succeeded.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::new(ErrorKind::IsDirectory).in_file(path));
    }
    let tmp = tempfile::Builder::new()
        .prefix(".transalign-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::from(e).in_file(path))?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w).map_err(|e| e.in_file(path))?;
        w.flush().map_err(|e| Error::from(e).in_file(path))?;
    }
    tmp.persist(path).map_err(|e| Error::from(e.error).in_file(path))?;
    Ok(())
}

/// Write to `path` atomically, or to standard output when `path` is `None`.
pub fn write_output<F>(path: Option<&Path>, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    match path {
        Some(p) => write_atomic(p, fill),
        None => {
            // Render fully first so that an error leaves stdout untouched.
            let mut buf = Vec::new();
            fill(&mut buf)?;
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(&buf)?;
            lock.flush()?;
            Ok(())
        }
    }
}
