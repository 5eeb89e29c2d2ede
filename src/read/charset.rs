//! The character encoding an HTML or XML file declares, for a file whose
//! bytes are not UTF-8: pages saved from older wikis and sites are often
//! ISO-8859-1 or Windows-1252 and say so in their first lines, and a
//! browser reads them by it. Text formats declare nothing, and stay
//! UTF-8 only.

use encoding_rs::Encoding;

/// How far into a file a declaration is looked for: HTML puts it in the
/// first 1024 bytes, XML in its first line.
const PRESCAN: usize = 1024;

/// The encoding declared near the start of `bytes` (`<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">`,
/// `<?xml … encoding="…"?>`), if encoding_rs knows its label and it is an
/// ASCII-compatible one other than UTF-8 (a declaration must have been
/// read in ASCII to be found at all).
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN)].to_ascii_lowercase();
    let xml = head.starts_with(b"<?xml");
    let key: &[u8] = if xml { b"encoding=" } else { b"charset=" };
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &head[at..];
    let rest = &rest[rest.iter().take_while(|b| matches!(b, b'"' | b'\'' | b' ')).count()..];
    let label: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        .copied()
        .collect();
    Encoding::for_label(&label).filter(|e| e.is_ascii_compatible() && *e != encoding_rs::UTF_8)
}

/// `bytes` decoded by the encoding they declare, with a note saying so;
/// `None` when they declare none, or hold a byte it does not define.
pub fn decode_declared(bytes: &[u8]) -> Option<(String, String)> {
    let enc = declared(bytes)?;
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some((text.into_owned(), format!("not UTF-8: read as {}, the encoding the file declares", enc.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_html_and_xml_declarations() {
        let name = |b: &[u8]| declared(b).map(|e| e.name());
        assert_eq!(name(b"<html><head><meta charset=\"ISO-8859-1\">"), Some("windows-1252"));
        assert_eq!(
            name(b"<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-2'>"),
            Some("ISO-8859-2")
        );
        assert_eq!(name(b"<?xml version=\"1.0\" encoding=\"windows-1250\"?><TEI>"), Some("windows-1250"));
        // UTF-8 declared: the bytes are wrong, not the reading.
        assert_eq!(name(b"<meta charset=utf-8>"), None);
        assert_eq!(name(b"<meta charset=\"no-such-encoding\">"), None);
        assert_eq!(name(b"<p>no declaration</p>"), None);
    }
}
