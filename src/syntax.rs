//! The input syntaxes and how a file's syntax is told: by its name when
//! the extension is specific, else by its first bytes and lines. Pure (no
//! I/O), at the ground floor so errors can say which syntax they are about.

use std::path::Path;

/// An input syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    /// CommonMark with tables and strikethrough (the wiki's Markdown export).
    Markdown,
    /// DokuWiki's own wiki syntax (`====== Title ======`, `//italic//`).
    DokuWiki,
    /// MediaWiki wikitext (`== Section ==`, `''italic''`).
    MediaWiki,
    /// HTML or XHTML (DokuWiki's export, saved wiki pages, any page).
    Html,
    /// Plain text: paragraphs at blank lines.
    Text,
    /// TEI P5 XML.
    Tei,
    /// EPUB 2 or 3 (zip with an OPF spine of XHTML documents).
    Epub,
    /// Word DOCX (zip with `word/document.xml`).
    Docx,
}

impl std::fmt::Display for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Syntax::Markdown => "Markdown",
            Syntax::DokuWiki => "DokuWiki",
            Syntax::MediaWiki => "MediaWiki",
            Syntax::Html => "HTML",
            Syntax::Text => "plain text",
            Syntax::Tei => "TEI",
            Syntax::Epub => "EPUB",
            Syntax::Docx => "DOCX",
        })
    }
}

impl Syntax {
    /// The syntax a file name promises, when its extension is specific.
    /// `.txt` is not: DokuWiki stores pages as `.txt`, and so do exports.
    pub fn from_extension(path: &Path) -> Option<Syntax> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" | "mdown" => Syntax::Markdown,
            "dokuwiki" | "dw" => Syntax::DokuWiki,
            "wiki" | "mediawiki" | "wikitext" | "mw" => Syntax::MediaWiki,
            "html" | "htm" | "xhtml" => Syntax::Html,
            "tei" => Syntax::Tei,
            "epub" => Syntax::Epub,
            "docx" => Syntax::Docx,
            _ => return None,
        })
    }

    /// The syntax of a file's content, from its first bytes and its lines.
    pub fn sniff(bytes: &[u8]) -> Syntax {
        if bytes.starts_with(b"PK\x03\x04") {
            let head = &bytes[..bytes.len().min(200)];
            let is_epub = head.windows(20).any(|w| w == b"application/epub+zip");
            return if is_epub { Syntax::Epub } else { Syntax::Docx };
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        let lower: String = trimmed.chars().take(4096).collect::<String>().to_ascii_lowercase();
        if lower.starts_with('<') {
            if lower.contains("<tei") {
                return Syntax::Tei;
            }
            if lower.contains("<html")
                || lower.starts_with("<!doctype")
                || lower.contains("<body")
                || lower.contains("<div")
            {
                return Syntax::Html;
            }
        }
        wiki_syntax(&head)
    }

    /// The syntax of a file: its extension when specific, else its content.
    pub fn detect(path: &Path, bytes: &[u8]) -> Syntax {
        match Syntax::from_extension(path) {
            // An .xml file may be TEI or XHTML.
            None => Syntax::sniff(bytes),
            Some(s) => s,
        }
    }

    /// Whether files in this syntax are zip containers, not text.
    pub fn is_binary(self) -> bool {
        matches!(self, Syntax::Epub | Syntax::Docx)
    }
}

/// Which lightweight markup a text is in, by counting each syntax's
/// unmistakable lines and marks. Plain text when none shows.
fn wiki_syntax(text: &str) -> Syntax {
    let (mut md, mut dw, mut mw) = (0usize, 0usize, 0usize);
    let mut prev = "";
    for line in text.lines().take(2000) {
        let t = line.trim_end();
        // A setext heading: its text, then a line of = or - under it. A
        // page whose headings were all of this kind read as plain text from
        // standard input or a .txt file, without its sections; a rule
        // (---- in every syntax) follows a blank line instead.
        let under = |c: char| t.len() >= 3 && t.chars().all(|x| x == c);
        if (under('=') || under('-')) && !prev.trim().is_empty() {
            md += 3;
        }
        prev = t;
        let eqs_left = t.len() - t.trim_start_matches('=').len();
        let eqs_right = t.len() - t.trim_end_matches('=').len();
        if eqs_left >= 2 && eqs_right >= 2 && t.len() > eqs_left + eqs_right {
            // DokuWiki's top levels use 5 and 6; MediaWiki's 2 to 4.
            if eqs_left >= 5 {
                dw += 3
            } else {
                mw += 1;
                dw += 1
            }
        }
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            md += 3;
        }
        if t.starts_with("  * ") || t.starts_with("  - ") || t.starts_with("    * ") {
            dw += 2;
        }
        if (t.starts_with("* ") || t.starts_with("- ")) && !t.starts_with("**") {
            md += 1;
        }
        if t.starts_with('*') && !t.starts_with("**") || t.starts_with('#') && !t.starts_with("# ") {
            mw += 1;
        }
        dw += t.matches("//").count().saturating_sub(t.matches("://").count()) / 2;
        mw += t.matches("'''").count() + t.matches("''").count() / 2 + t.matches("{{").count();
        md += t.matches("](").count() * 2;
        if t.contains(" · ") && t.contains(".txt") {
            dw += 2;
        }
    }
    let best = md.max(dw).max(mw);
    if best == 0 {
        Syntax::Text
    } else if md == best {
        Syntax::Markdown
    } else if dw == best {
        Syntax::DokuWiki
    } else {
        Syntax::MediaWiki
    }
}

#[cfg(test)]
mod tests {
    use super::Syntax;

    #[test]
    fn setext_headings_are_markdown_and_a_rule_after_a_blank_line_is_not() {
        let sniff = |s: &str| Syntax::sniff(s.as_bytes());
        let setext = "Emilio Salgari\n==============\n\nEen schrijver.\n\nTeksten\n-------\n\n1. *De tijgers*, 1910\n";
        assert_eq!(sniff(setext), Syntax::Markdown);
        assert_eq!(sniff("Gewoon een tekst.\n\n----\n\nNog een alinea.\n"), Syntax::Text);
        assert_eq!(sniff("====== Naam ======\n\nTekst.\n\n----\n\n  * //Titel//, 1920\n"), Syntax::DokuWiki);
        assert_eq!(sniff("'''Naam''' was een ''schrijver''.\n\n----\n\n== Werken ==\n"), Syntax::MediaWiki);
    }
}
