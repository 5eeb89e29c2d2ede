//! Inline content: conversion from the Markdown tree, plain-text views with
//! offsets, and slicing content into sentences without breaking markup.

use std::ops::Range;

use crate::model::{Inline, Rend};
pub use crate::model::{normalize, trim};
use crate::read::RawInline;

/// Convert Markdown inlines to model inlines; whitespace runs become one
/// space (as a Markdown renderer shows them) and `[x](#)` links lose their
/// empty target.
pub fn convert(md: &[RawInline]) -> Vec<Inline> {
    // One node for each: allocated once, not grown.
    let mut out = Vec::with_capacity(md.len());
    for node in md {
        let converted = match node {
            RawInline::Text(t, _) => Inline::Text(collapse_ws(t)),
            RawInline::Emph(c, _) => Inline::Hi { rend: Rend::Italic, content: convert(c) },
            RawInline::Strong(c, _) => Inline::Hi { rend: Rend::Bold, content: convert(c) },
            RawInline::Strike(c, _) => Inline::Hi { rend: Rend::Strike, content: convert(c) },
            RawInline::Link(dest, c, _) => {
                let target = dest.trim();
                let target = (!target.is_empty() && target != "#").then(|| target.to_string());
                Inline::Ref { target, content: convert(c) }
            }
            RawInline::Code(t, _) => Inline::Code(t.clone()),
            RawInline::Break(_) => Inline::Break,
        };
        out.push(converted);
    }
    normalize(out)
}

fn collapse_ws(t: &str) -> String {
    let b = t.as_bytes();
    // Most text has only single spaces: copy it as it is. ASCII text with
    // no tab, line break, form feed or double space is such text (a
    // vertical tab there is kept, as it always was).
    // (`is_ascii` first: it reads a word at a time, and text with accents
    // goes straight to the collapse below.)
    let mut prev_space = false;
    let simple = t.is_ascii()
        && b.iter().all(|&c| {
            // A space not after another, or any byte but ASCII whitespace.
            let ok = if c == b' ' { !prev_space } else { !c.is_ascii_whitespace() };
            prev_space = c == b' ';
            ok
        });
    if simple {
        return t.to_string();
    }
    // Otherwise (accented letters, most Dutch and French text) each run of
    // whitespace, as `char::is_whitespace` has it, becomes one space and the
    // runs between are copied whole, not pushed a character at a time.
    let mut s = String::with_capacity(t.len());
    let mut run = 0; // start of the current run of non-whitespace
    let mut in_ws = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Most bytes are letters, digits or punctuation: on to the next.
        if c > b' ' && !matches!(c, 0xc2 | 0xe1..=0xe3) {
            in_ws = false;
            i += 1;
            continue;
        }
        // The width of the whitespace character at `i`, or 0. Outside ASCII,
        // only characters led by 0xC2, 0xE1, 0xE2 or 0xE3 can be whitespace
        // (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000): the others are
        // stepped over without decoding.
        let width = match c {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let ch = t[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() { ch.len_utf8() } else { 0 }
            }
            _ => 0,
        };
        if width > 0 {
            if !in_ws {
                s.push_str(&t[run..i]);
                s.push(' ');
                in_ws = true;
            }
            i += width;
            run = i;
        } else {
            in_ws = false;
            i += 1;
        }
    }
    s.push_str(&t[run..]);
    s
}

/// Plain text of `content` plus the ranges (in that text) covered by markup
/// nodes, which sentence boundaries must not cut.
pub(crate) fn plain_with_spans(content: &[Inline]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    fn rec(content: &[Inline], text: &mut String, spans: &mut Vec<Range<usize>>, depth: usize) {
        for node in content {
            let start = text.len();
            match node {
                Inline::Text(t) | Inline::Code(t) => text.push_str(t),
                Inline::Break => text.push(' '),
                other => rec(other.children().unwrap_or(&[]), text, spans, depth + 1),
            }
            if depth == 0 && !matches!(node, Inline::Text(_) | Inline::Break) {
                spans.push(start..text.len());
            }
        }
    }
    rec(content, &mut text, &mut spans, 0);
    (text, spans)
}

/// Plain-text length of a node.
fn plain_len(node: &Inline) -> usize {
    match node {
        Inline::Text(t) | Inline::Code(t) => t.len(),
        Inline::Break => 1,
        other => other.children().unwrap_or(&[]).iter().map(plain_len).sum(),
    }
}

/// The part of `content` covering plain-text byte range `range`.
///
/// Text nodes are cut; containers cut through keep their kind around the
/// part inside. Code and breaks are atomic.
pub fn slice(content: &[Inline], range: Range<usize>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    for node in content {
        let len = plain_len(node);
        let (a, b) = (pos, pos + len);
        pos = b;
        if b <= range.start || a >= range.end {
            continue;
        }
        if range.start <= a && b <= range.end {
            out.push(node.clone());
            continue;
        }
        let lo = range.start.max(a) - a;
        let hi = range.end.min(b) - a;
        match node {
            Inline::Text(t) => {
                if let Some(sub) = t.get(lo..hi) {
                    out.push(Inline::Text(sub.to_string()));
                }
            }
            Inline::Code(_) | Inline::Break => out.push(node.clone()),
            other => {
                let inner = slice(other.children().unwrap_or(&[]), lo..hi);
                out.push(with_children(other, inner));
            }
        }
    }
    normalize(out)
}

/// A copy of a container node with other children.
pub(crate) fn with_children(node: &Inline, content: Vec<Inline>) -> Inline {
    match node {
        Inline::Hi { rend, .. } => Inline::Hi { rend: *rend, content },
        Inline::Title { id, kind, lang, rend, .. } => {
            Inline::Title { id: id.clone(), kind: *kind, lang: lang.clone(), rend: *rend, content }
        }
        Inline::Name { kind, subject, rend, .. } => {
            Inline::Name { kind: *kind, subject: *subject, rend: *rend, content }
        }
        Inline::Ref { target, .. } => Inline::Ref { target: target.clone(), content },
        Inline::Field { field, .. } => Inline::Field { field: field.clone(), content },
        leaf => leaf.clone(),
    }
}

/// Source position (byte offset) of plain-text offset `at` of `md` content.
pub(crate) fn source_offset(md: &[RawInline], at: usize) -> Option<usize> {
    let mut pos = 0;
    fn rec(md: &[RawInline], at: usize, pos: &mut usize) -> Option<usize> {
        for node in md {
            match node {
                RawInline::Text(t, r) | RawInline::Code(t, r) => {
                    let len = if matches!(node, RawInline::Text(..)) { collapse_ws(t).len() } else { t.len() };
                    if at < *pos + len {
                        return Some(r.start + (at - *pos).min(r.len().saturating_sub(1)));
                    }
                    *pos += len;
                }
                RawInline::Break(r) => {
                    if at < *pos + 1 {
                        return Some(r.start);
                    }
                    *pos += 1;
                }
                RawInline::Emph(c, _)
                | RawInline::Strong(c, _)
                | RawInline::Strike(c, _)
                | RawInline::Link(_, c, _) => {
                    if let Some(o) = rec(c, at, pos) {
                        return Some(o);
                    }
                }
            }
        }
        None
    }
    rec(md, at, &mut pos)
}

#[cfg(test)]
mod tests {
    use super::collapse_ws;

    /// The character-by-character collapse `collapse_ws` replaced.
    fn reference(t: &str) -> String {
        let b = t.as_bytes();
        if t.is_ascii() && !b.iter().any(|&c| c.is_ascii_whitespace() && c != b' ') && !b.windows(2).any(|w| w == b"  ")
        {
            return t.to_string();
        }
        let mut s = String::new();
        let mut in_ws = false;
        for c in t.chars() {
            if c.is_whitespace() {
                if !in_ws {
                    s.push(' ');
                }
                in_ws = true;
            } else {
                s.push(c);
                in_ws = false;
            }
        }
        s
    }

    #[test]
    fn whitespace_runs_collapse_as_they_did_char_by_char() {
        for t in [
            "",
            " ",
            "a  b",
            "\tà\n\n b ",
            "Thérèse  Raquin",
            "été\u{a0}\u{a0}x",
            "a\u{b}b",
            "é\u{b}b",
            "  lead and trail  ",
            "x\u{3000}\u{2028}y",
            "naïve",
            "a\u{85}b\u{1680}c\u{205f}\u{202f}d\u{2029}",
            "\u{a0} \t\u{2000}x ",
            "日本語 の\u{3000}テキスト",
            "\u{2030}\u{e000}\u{1681}",
            "a\u{b}  b",
        ] {
            assert_eq!(collapse_ws(t), reference(t), "{t:?}");
        }
    }
}
