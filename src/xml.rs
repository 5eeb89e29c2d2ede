//! Small XML helpers shared by the TEI, XCES and TMX code: an escaping,
//! indenting writer, and a minimal element tree read with quick-xml that
//! keeps byte offsets for error messages.

use std::io::Write;

use quick_xml::events::Event;

use crate::error::{Error, Result};

/// Escape text content (`&`, `<`, `>`; and CR, which XML parsers would drop).
pub(crate) fn escape_text(s: &str, out: &mut String) {
    escape_runs(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\r' => Some("&#13;"),
        b'\t' | b'\n' => None,
        0..0x20 => Some("\u{FFFD}"),
        _ => None,
    });
}

/// Whether XML 1.0 allows a character at all: not the control characters
/// but tab, line feed and carriage return, not U+FFFE or U+FFFF. Writers
/// put U+FFFD in the place of any other, so every output stays XML; the
/// door ([`crate::load`]) does so on input already and says how many.
pub(crate) fn is_xml_char(c: char) -> bool {
    !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// Whether every character of `s` is one XML holds: `s.chars().all(is_xml_char)`,
/// read by bytes. Every text of a page is checked on its way in, and
/// decoding characters cost a dozen instructions a byte. In UTF-8 the
/// characters [`is_xml_char`] refuses are the bytes below 0x20 but tab,
/// line feed and carriage return, and U+FFFE and U+FFFF: EF BF BE and
/// EF BF BF.
pub(crate) fn all_xml_chars(s: &str) -> bool {
    const CHUNK: usize = 32;
    let bytes = s.as_bytes();
    // Exactly: whether the character starting at byte `i` is refused.
    let bad_at = |i: usize| -> bool {
        let b = bytes[i];
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF && bytes.get(i + 1) == Some(&0xBF) && bytes.get(i + 2).is_some_and(|&c| c >= 0xBE))
    };
    for (k, chunk) in bytes.chunks(CHUNK).enumerate() {
        // Without branches, so that the compiler can do a chunk at once; a
        // chunk with a control byte other than a line feed, or with an EF
        // lead byte, is then read byte by byte (a refused character that
        // starts in it may end in the next chunk: `bad_at` reads on).
        let plain = chunk.iter().fold(true, |ok, &b| ok & ((b >= 0x20) | (b == b'\n')) & (b != 0xEF));
        if !plain && (k * CHUNK..k * CHUNK + chunk.len()).any(bad_at) {
            return false;
        }
    }
    true
}

/// Escape an attribute value (also quotes and whitespace that parsers normalise).
pub(crate) fn escape_attr(s: &str, out: &mut String) {
    escape_runs(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\n' => Some("&#10;"),
        b'\r' => Some("&#13;"),
        b'\t' => Some("&#9;"),
        0..0x20 => Some("\u{FFFD}"),
        _ => None,
    });
}

/// Copy `s` to `out`, each ASCII byte `with` names replaced, and U+FFFE
/// and U+FFFF (EF BF BE/BF), which XML does not allow, by U+FFFD. Runs that
/// need nothing are copied whole: every word and id of a TEI body passes
/// through here. Only those bytes are looked at, so offsets stay on
/// character boundaries.
#[inline]
fn escape_runs(s: &str, out: &mut String, with: impl Fn(u8) -> Option<&'static str>) {
    const CHUNK: usize = 16;
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // A chunk with no byte that may need escaping (a control byte, one
        // of `& < > "`, the EF that leads U+FFFE and U+FFFF) is stepped
        // over whole: the test has no branches, so the compiler does the
        // chunk at once. Any other chunk is read byte by byte below.
        let end = match bytes.get(i..i + CHUNK) {
            Some(chunk) => {
                let quiet = chunk.iter().fold(true, |ok, &b| {
                    ok & (b >= 0x20) & (b != b'&') & (b != b'<') & (b != b'>') & (b != b'"') & (b != 0xEF)
                });
                if quiet {
                    i += CHUNK;
                    continue;
                }
                i + CHUNK
            }
            None => bytes.len(),
        };
        while i < end {
            let b = bytes[i];
            let (to, len) = if b < 0x80 {
                match with(b) {
                    Some(to) => (to, 1),
                    None => {
                        i += 1;
                        continue;
                    }
                }
            } else if b == 0xEF && matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) {
                ("\u{FFFD}", 3)
            } else {
                i += 1;
                continue;
            };
            out.push_str(&s[start..i]);
            out.push_str(to);
            i += len;
            start = i;
        }
    }
    out.push_str(&s[start..]);
}

/// Escape text for HTML, in an element or an attribute: `& < > " '` (the
/// one function every value reaching our HTML pages goes through).
pub(crate) fn html_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Escape an HTML attribute value (quoted with `"`): [`html_text`], and
/// line breaks and tabs kept as character references.
pub(crate) fn html_attr(s: &str) -> String {
    let t = html_text(s);
    if t.contains(['\n', '\r', '\t']) {
        t.replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
    } else {
        t
    }
}

/// JSON to embed in an HTML `<script type="application/json">` element:
/// `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`, so no text
/// can close the element or open a comment (`<!--`) that swallows it.
pub(crate) fn json_for_html(v: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    let s = serde_json::to_string(v)?;
    Ok(s.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"))
}

/// The Content-Security-Policy source of an inline script: its SHA-256,
/// so a page runs that script and no other (no `'unsafe-inline'`).
pub(crate) fn script_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes())))
}

/// A relative link to a file, as a URL: `./` (or `../`) and every path
/// segment percent-encoded, so no file name can make a `javascript:` or
/// other scheme link, nor break out of the attribute.
pub(crate) fn file_url(relative: &str) -> String {
    let mut out = String::new();
    let segs: Vec<&str> = relative.split('/').collect();
    // An absolute path starts with "/", a relative one with "./" or "../":
    // neither can be read as a scheme.
    if segs.first().is_none_or(|s| *s != ".." && !s.is_empty()) {
        out.push_str("./");
    }
    for (n, seg) in segs.iter().enumerate() {
        if n > 0 {
            out.push('/');
        }
        for b in seg.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod html_tests {
    use super::*;

    /// Texts longer than the chunks `escape_runs` steps over, each with
    /// one character to escape or replace at every offset, so that some
    /// stand at a chunk's edge or across it.
    fn long_texts() -> Vec<String> {
        let base = "Thérèse Raquin, roman — Parijs 1867 ".repeat(3);
        let mut out = vec![base.clone()];
        for special in ["&", "<", ">", "\"", "\n", "\t", "\r", "\u{1}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}"] {
            for at in (0..base.len()).filter(|&i| base.is_char_boundary(i)) {
                out.push(format!("{}{special}{}", &base[..at], &base[at..]));
            }
        }
        out
    }

    /// `escape` gives what `reference` gives on each of `cases` and on
    /// every one of [`long_texts`].
    fn escapes_as(escape: fn(&str, &mut String), reference: impl Fn(&str) -> String, cases: &[&str]) {
        let long = long_texts();
        for s in cases.iter().copied().chain(long.iter().map(String::as_str)) {
            let mut out = String::new();
            escape(s, &mut out);
            assert_eq!(out, reference(s), "{s:?}");
        }
    }

    #[test]
    fn text_escapes_exactly_what_a_character_by_character_scan_does() {
        let reference = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '\r' => "&#13;".to_string(),
                    c if !is_xml_char(c) => "\u{FFFD}".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let cases = [
            "",
            "plain",
            "a & b < c > d\r\n\te",
            "\u{1}\u{1f}x\u{7f}",
            "été\u{FFFE}ï\u{FFFF}\u{FFFD}\u{FFEF}\u{EFBF}",
            "<&>",
            "\u{10FFFF}𝄞&",
        ];
        escapes_as(escape_text, reference, &cases);
    }

    #[test]
    fn attr_escapes_exactly_what_a_character_by_character_scan_does() {
        let reference = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\n' => "&#10;".to_string(),
                    '\r' => "&#13;".to_string(),
                    '\t' => "&#9;".to_string(),
                    c if !is_xml_char(c) => "\u{FFFD}".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let cases = [
            "",
            "d1.lb1.b3",
            "a & b < c > d \"q\"\r\n\te",
            "\u{1}\u{1f}x\u{7f}",
            "été\u{FFFE}ï\u{FFFF}\u{FFFD}\u{FFEF}\u{EFBF}",
            "\u{10FFFF}𝄞&\"",
        ];
        escapes_as(escape_attr, reference, &cases);
    }

    #[test]
    fn html_escapes_quotes_and_file_links_cannot_be_schemes() {
        assert_eq!(html_text(r#"<a href="x" title='y'>&"#), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
        assert_eq!(file_url("javascript:alert(1)//x.md"), "./javascript%3Aalert%281%29//x.md");
        assert_eq!(file_url("../pages/a b.md"), "../pages/a%20b.md");
        assert_eq!(file_url("/srv/p.md"), "/srv/p.md");
        let j = json_for_html(&serde_json::json!({"t": "<!--<script></script>&"})).unwrap();
        assert!(!j.contains('<') && !j.contains('>') && !j.contains('&'), "{j}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&j).unwrap()["t"], "<!--<script></script>&");
    }
}

/// Replace characters XML 1.0 cannot carry (C0 controls other than tab,
/// newline and CR; noncharacters U+FFFE/U+FFFF) with U+FFFD.
pub(crate) fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| !is_xml_char(c);
    if !all_xml_chars(s) {
        std::borrow::Cow::Owned(s.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// What the person is told when characters XML cannot hold were replaced.
pub(crate) fn replaced_note(n: usize) -> String {
    if n == 1 {
        "1 control character that XML cannot hold was replaced by U+FFFD".into()
    } else {
        format!("{n} control characters that XML cannot hold were replaced by U+FFFD")
    }
}

/// An XML writer that indents block-level elements and writes inline
/// content exactly as given. It buffers into a `String` and flushes to the
/// sink on [`XmlWriter::flush`] or when the buffer grows large.
pub struct XmlWriter<'w> {
    out: &'w mut dyn Write,
    buf: String,
    depth: usize,
}

impl<'w> XmlWriter<'w> {
    /// A writer at indentation depth `depth`.
    pub fn new(out: &'w mut dyn Write, depth: usize) -> XmlWriter<'w> {
        XmlWriter { out, buf: String::with_capacity(1 << 16), depth }
    }

    /// The XML declaration.
    pub fn decl(&mut self) {
        self.buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    fn newline(&mut self) {
        self.buf.push('\n');
        for _ in 0..self.depth {
            self.buf.push_str("  ");
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, &str)], close: bool) {
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_attr(v, &mut self.buf);
            self.buf.push('"');
        }
        self.buf.push_str(if close { "/>" } else { ">" });
    }

    /// Open a block element on a new line and indent what follows.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.tag(name, attrs, false);
        self.depth += 1;
    }

    /// Close a block element on a new line.
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.end(name);
    }

    /// An element on a line of its own whose content is written inline
    /// (call [`XmlWriter::end`] after the content).
    pub fn line(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.tag(name, attrs, false);
    }

    /// An empty element on a line of its own.
    pub fn empty_line(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.tag(name, attrs, true);
    }

    /// An inline start tag.
    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, false);
    }

    /// An inline empty element.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, true);
    }

    /// An end tag, inline.
    pub fn end(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// Escaped text, inline.
    pub fn text(&mut self, s: &str) {
        escape_text(s, &mut self.buf);
    }

    /// An element with text content on a line of its own.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.line(name, attrs);
        self.text(text);
        self.end(name);
    }

    /// A comment on a line of its own. A comment cannot hold "--" nor end
    /// in "-": those become "- -" and "- ", so any text makes one.
    pub fn comment(&mut self, text: &str) {
        self.newline();
        self.buf.push_str("<!-- ");
        let safe = xml_safe(text);
        let mut body = safe.replace("--", "- -");
        while body.contains("--") {
            body = body.replace("--", "- -");
        }
        self.buf.push_str(&body);
        self.buf.push_str(" -->");
    }

    /// Raw markup (already escaped), inline.
    pub fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Write the buffer out if it has grown large.
    pub fn maybe_flush(&mut self) -> std::io::Result<()> {
        if self.buf.len() > 1 << 20 {
            self.flush()?;
        }
        Ok(())
    }

    /// Indent what follows one more level.
    pub fn indent(&mut self) {
        self.depth += 1;
    }

    /// Undo [`XmlWriter::indent`].
    pub fn dedent(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The underlying sink, for copying pre-rendered content; call
    /// [`XmlWriter::flush`] first.
    pub fn sink(&mut self) -> &mut dyn Write {
        self.out
    }

    /// Write everything buffered to the sink.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }
}

/// A node of a parsed XML tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Elem(Elem),
    /// Character data (entities resolved).
    Text(String),
}

/// An element with attributes (by qualified name) and children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Elem {
    /// Qualified name as written ("xml:id" style prefixes kept).
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<(String, String)>,
    /// Children.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the document.
    pub offset: usize,
}

impl Elem {
    /// Local name (after any prefix).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// Attribute value by qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// First child element with this local name.
    pub fn child(&self, local: &str) -> Option<&Elem> {
        self.elems().find(|e| e.local() == local)
    }

    /// All text inside, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        fn rec(e: &Elem, s: &mut String) {
            for n in &e.children {
                match n {
                    Node::Text(t) => s.push_str(t),
                    Node::Elem(c) => rec(c, s),
                }
            }
        }
        rec(self, &mut s);
        s
    }
}

/// Parse a whole XML document into its root element.
///
/// Errors carry the byte offset; [`Error::xml`] turns it into line:column.
pub fn parse(text: &str) -> Result<Elem> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    let err = |reader: &quick_xml::Reader<&[u8]>, msg: String| Error::xml(text, reader.error_position() as usize, msg);
    loop {
        let at = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| err(&reader, format!("malformed XML: {e}")))?;
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(s) | Event::Empty(s) => {
                let name = s.name().as_ref().to_string();
                let mut el = Elem { name, offset: at, ..Elem::default() };
                for a in s.attributes() {
                    let a = a.map_err(|e| Error::xml(text, at, format!("bad attribute: {e}")))?;
                    let key = a.key.as_ref().to_string();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| Error::xml(text, at, format!("bad attribute value: {e}")))?;
                    check_chars(&value, text, at)?;
                    el.attrs.push((key, value.into_owned()));
                }
                if is_empty {
                    push_node(&mut stack, &mut root, Node::Elem(el), text, at)?;
                } else {
                    if stack.len() >= crate::io::MAX_DEPTH {
                        return Err(Error::xml(
                            text,
                            at,
                            format!("elements nested more than {} deep", crate::io::MAX_DEPTH),
                        ));
                    }
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| Error::xml(text, at, "end tag without start tag"))?;
                push_node(&mut stack, &mut root, Node::Elem(el), text, at)?;
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                push_text(&mut stack, &s, text, at)?;
            }
            Event::CData(c) => {
                let s = c.into_inner().into_owned();
                push_text(&mut stack, &s, text, at)?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r)
                        .map(str::to_string)
                        .ok_or_else(|| Error::xml(text, at, format!("unknown entity &{};", &*r)))?,
                    Err(e) => {
                        return Err(Error::xml(text, at, format!("bad character reference: {e}")));
                    }
                };
                push_text(&mut stack, &resolved, text, at)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::xml(text, open.offset, format!("element <{}> is never closed", open.name)));
    }
    root.ok_or_else(|| Error::xml(text, 0, "no root element"))
}

fn push_node(stack: &mut [Elem], root: &mut Option<Elem>, node: Node, text: &str, at: usize) -> Result<()> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => {
            if root.is_some() {
                return Err(Error::xml(text, at, "more than one root element"));
            }
            if let Node::Elem(e) = node {
                *root = Some(e);
            }
        }
    }
    Ok(())
}

/// Refuse what XML 1.0 forbids (NUL, most C0 controls), in text and in
/// attribute values alike, so that nothing our writers would replace is read.
fn check_chars(s: &str, text: &str, at: usize) -> Result<()> {
    match s.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(Error::xml(text, at, format!("character U+{:04X} is not allowed in XML", c as u32))),
        None => Ok(()),
    }
}

fn push_text(stack: &mut [Elem], s: &str, text: &str, at: usize) -> Result<()> {
    check_chars(s, text, at)?;
    match stack.last_mut() {
        Some(parent) => {
            if let Some(Node::Text(prev)) = parent.children.last_mut() {
                prev.push_str(s);
            } else {
                parent.children.push(Node::Text(s.to_string()));
            }
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err(Error::xml(text, at, "text outside the root element")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan says what the character test says, whatever the
    /// place of a refused character in the scan's 32-byte chunks.
    #[test]
    fn all_xml_chars_reads_bytes_as_is_xml_char_reads_characters() {
        let odd = [
            '\u{0}',
            '\u{1F}',
            '\t',
            '\n',
            '\r',
            '\u{7F}',
            '\u{85}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{EFFF}',
            '\u{F000}',
            '\u{10000}',
        ];
        for filler in ["", "a", "é", "ab", "ë€", "\u{FFBF}"] {
            for n in 0..70 {
                let lead: String = filler.repeat(n);
                for c in odd {
                    for tail in ["", "x", "\u{FFFD}"] {
                        let s = format!("{lead}{c}{tail}");
                        assert_eq!(all_xml_chars(&s), s.chars().all(is_xml_char), "{s:?}");
                    }
                }
            }
        }
    }
}
