//! FreeDict dictionaries in dictd form (`NAME.index` + `NAME.dict[.dz]`),
//! as Debian's `dict-freedict-*` packages install them. The `.dict.dz` is
//! dictzip, which is gzip-compatible, so flate2 reads it whole.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Pos, Result};

fn dict_err(path: &Path, line: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Dictionary { pos: Pos { line, col: 1 }, msg: msg.into() }).in_file(path)
}

/// dictd's base64 numbers: most significant digit first.
fn b64(s: &str) -> Option<u64> {
    let mut n: u64 = 0;
    for c in s.bytes() {
        let d = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u64;
        n = n.checked_mul(64)?.checked_add(d)?;
    }
    Some(n)
}

/// The data file that goes with an index (`.dict.dz` or `.dict`).
pub(crate) fn data_file(index: &Path) -> Option<PathBuf> {
    let stem = index.to_string_lossy();
    let stem = stem.strip_suffix(".index").unwrap_or(&stem);
    [format!("{stem}.dict.dz"), format!("{stem}.dict")].into_iter().map(PathBuf::from).find(|p| p.is_file())
}

/// Every (headword, translation) pair of a dictd dictionary, in file order.
pub(crate) fn read_pairs(index: &Path) -> Result<Vec<(String, String)>> {
    let (idx, data) = read_files(index)?;
    parse_pairs(&idx, &data, index)
}

/// The index text and the (decompressed) data of a dictd dictionary.
fn read_files(index: &Path) -> Result<(String, Vec<u8>)> {
    let idx = crate::io::read_text(index)?;
    let data_path = data_file(index).ok_or_else(|| {
        Error::new(ErrorKind::Invalid(format!(
            "no {0}.dict.dz or {0}.dict next to the index",
            index.with_extension("").display()
        )))
        .in_file(index)
    })?;
    let raw = crate::io::read_bytes(&data_path)?;
    let data = if data_path.extension().is_some_and(|e| e == "dz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| dict_err(&data_path, 1, format!("not a valid dictzip/gzip file: {e}")))?;
        out
    } else {
        raw
    };
    Ok((idx, data))
}

/// The pairs of a dictd dictionary from its index text and decompressed
/// data (`index` names the file in messages).
pub(crate) fn parse_pairs(idx: &str, data: &[u8], index: &Path) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for (n, line) in idx.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(head), Some(off), Some(len)) = (f.next(), f.next(), f.next()) else {
            return Err(dict_err(index, line_no, "expected 'headword<TAB>offset<TAB>length'"));
        };
        if head.starts_with("00database") || head.starts_with("00-database") {
            continue;
        }
        let (Some(off), Some(len)) = (b64(off), b64(len)) else {
            return Err(dict_err(index, line_no, "offset or length is not dictd base64"));
        };
        let (off, len) = (off as usize, len as usize);
        let Some(entry) = data.get(off..off.saturating_add(len)) else {
            return Err(dict_err(
                index,
                line_no,
                format!("entry at {off}+{len} lies beyond the data file ({} bytes)", data.len()),
            ));
        };
        let entry = String::from_utf8_lossy(entry);
        for t in translations(&entry) {
            pairs.push((head.trim().to_string(), t));
        }
    }
    Ok(pairs)
}

/// The database information entry of a FreeDict dictionary (title,
/// edition, copyright, licence, authors), as its `00-database-info` says.
pub(crate) fn database_info(index: &Path) -> Option<String> {
    let idx = crate::io::read_text(index).ok()?;
    let line = idx.lines().find(|l| l.starts_with("00databaseinfo") || l.starts_with("00-database-info"))?;
    let mut f = line.split('\t').skip(1);
    let (off, len) = (b64(f.next()?)? as usize, b64(f.next()?)? as usize);
    let data_path = data_file(index)?;
    let raw = crate::io::read_bytes(&data_path).ok()?;
    let mut data = Vec::new();
    flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut data).ok()?;
    Some(String::from_utf8_lossy(data.get(off..off.checked_add(len)?)?).into_owned())
}

/// The "Edition:" a FreeDict dictionary states in its database information.
pub fn edition(info: &str) -> Option<String> {
    info.lines().find_map(|l| l.trim().strip_prefix("Edition:").map(|v| v.trim().to_string()))
}

/// The licence a FreeDict database information states, as an SPDX
/// expression (FreeDict dictionaries come under several).
pub fn licence(info: &str) -> Option<&'static str> {
    let flat = info.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.contains("Creative Commons Attribution-ShareAlike 3.0") {
        Some("CC-BY-SA-3.0")
    } else if flat.contains("GNU Affero General Public License, version 3") {
        Some("GPL-3.0-only AND AGPL-3.0-only")
    } else if flat.contains("General Public License ver. 3.0") {
        Some("GPL-3.0-or-later")
    } else if flat.contains("General Public License ver. 2.0 and any later") {
        Some("GPL-2.0-or-later")
    } else {
        None
    }
}

/// Translations in one FreeDict entry: the line after the headword line and
/// each numbered sense line ("2. a, b"); other lines are glosses in the
/// source language, which are not translations.
pub fn translations(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = entry.lines();
    let _headword = lines.next();
    for (k, line) in lines.enumerate() {
        let numbered =
            line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if k > 0 && !numbered {
            continue;
        }
        let mut body = line;
        if numbered {
            body = line.split_once(". ").map_or(line, |x| x.1);
        }
        // A sense number of the next gloss glued to the end ("marche 2.").
        let body = match body.rsplit_once(' ') {
            Some((head, tail)) if tail.ends_with('.') && tail[..tail.len() - 1].bytes().all(|b| b.is_ascii_digit()) => {
                head
            }
            _ => body,
        };
        // Annotations go before splitting: "répandre [v. gas, licht]" is one sense.
        for part in strip_parens(body).split([',', ';']) {
            let p = part.split_whitespace().collect::<Vec<_>>().join(" ");
            let p = p.trim_end_matches('.').trim().to_string();
            if !p.is_empty() && p.chars().count() < 60 {
                out.push(p);
            }
        }
    }
    out
}

/// Drop annotations: glosses in (), usage labels in [] ("[techn.]"),
/// grammar in <> ("<fem>"), cross-references in {}.
fn strip_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '[' | '<' | '{' => depth += 1,
            ')' | ']' | '>' | '}' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
