//! Reading entries of the zip containers EPUB and DOCX are, with limits:
//! a zip bomb or a huge entry is refused with a message naming the limit,
//! not read into memory.

use std::io::{Cursor, Read};

use crate::error::{Error, Result};
use crate::syntax::Syntax;

/// Largest uncompressed entry read (bytes).
pub const MAX_ENTRY: u64 = 64 << 20;
/// Largest uncompressed total read from one container (bytes).
pub const MAX_TOTAL: u64 = 512 << 20;

/// Most a container may unpack to, as a multiple of its own size (plus
/// [`RATIO_FLOOR`]): text and markup compress 3 to 10 times; past 100 it is
/// a zip bomb, whose unpacked markup would take gigabytes to read.
pub const MAX_RATIO: u64 = 100;
/// Bytes any container may unpack to whatever its size.
pub const RATIO_FLOOR: u64 = 16 << 20;

/// An open container and how much has been read from it.
pub struct Container<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    read: u64,
    packed: u64,
    syntax: Syntax,
}

impl<'a> Container<'a> {
    /// Open a zip container of `syntax` (EPUB or DOCX; it names the container in messages).
    pub fn open(bytes: &'a [u8], syntax: Syntax) -> Result<Container<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Error::container(syntax, format!("not a readable zip file: {e}")))?;
        Ok(Container { zip, read: 0, syntax, packed: bytes.len() as u64 })
    }

    /// Whether an entry exists.
    pub fn has(&mut self, name: &str) -> bool {
        self.zip.by_name(name).is_ok()
    }

    /// An entry as UTF-8 text; errors name the entry.
    pub fn text(&mut self, name: &str) -> Result<String> {
        let kind = self.syntax;
        let mut f =
            self.zip.by_name(name).map_err(|e| Error::container(kind, format!("no readable entry {name}: {e}")))?;
        let size = f.size();
        if size > MAX_ENTRY || self.read + size > MAX_TOTAL {
            return Err(Error::container(
                kind,
                format!(
                    "entry {name} unpacks to {size} bytes, over the limit of {} MB per entry and {} MB per file",
                    MAX_ENTRY >> 20,
                    MAX_TOTAL >> 20
                ),
            ));
        }
        let mut buf = Vec::with_capacity(size as usize);
        // The declared size may lie: never read past the limit.
        (&mut f)
            .take(MAX_ENTRY + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::container(kind, format!("cannot unpack {name}: {e}")))?;
        if buf.len() as u64 > MAX_ENTRY {
            return Err(Error::container(
                kind,
                format!("entry {name} unpacks past the limit of {} MB", MAX_ENTRY >> 20),
            ));
        }
        self.read += buf.len() as u64;
        if self.read > self.packed.saturating_mul(MAX_RATIO) + RATIO_FLOOR {
            return Err(Error::container(
                kind,
                format!(
                    "unpacks to more than {MAX_RATIO} times its size (at entry {name}): a zip bomb, not a document"
                ),
            ));
        }
        crate::io::decode_utf8(buf).map_err(|e| Error::container(kind, format!("{name}: {e}")))
    }

    /// An entry parsed as XML; errors give the entry and line:column in it.
    pub fn xml(&mut self, name: &str) -> Result<crate::xml::Elem> {
        let text = self.text(name)?;
        let kind = self.syntax;
        crate::xml::parse(&text).map_err(|e| Error::container(kind, format!("{name}:{e}")))
    }
}

/// Percent-decode a URL path ("chapter%201.xhtml").
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && s.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolve `href` against the directory of `base` inside the container.
pub fn resolve(base: &str, href: &str) -> String {
    let href = percent_decode(href.split('#').next().unwrap_or(href));
    let mut parts: Vec<&str> = match base.rfind('/') {
        Some(i) => base[..i].split('/').collect(),
        None => Vec::new(),
    };
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
