//! Markdown → the reader tree ([`super::tree`]), using pulldown-cmark.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::tree::{CELL_SEPARATOR, RawBlock, RawInline, RawItem};
use crate::error::{Error, Result};
use crate::syntax::Syntax;

enum Frame {
    Inline(InlineKind, Vec<RawInline>, usize),
    Para(Vec<RawInline>, usize),
    Heading(u8, Vec<RawInline>, usize),
    /// Container of blocks; the inline buffer collects the text of tight list
    /// items, which pulldown-cmark gives without a paragraph around it.
    Blocks(BlockKind, Vec<RawBlock>, Vec<RawInline>, usize),
    Items(bool, Vec<RawItem>, usize),
    CodeBlock(String, usize),
    /// A table row; `true` for the header row.
    Table(bool, Vec<RawInline>, usize),
}

enum InlineKind {
    Emph,
    Strong,
    Strike,
    Link(String),
    Image,
}

enum BlockKind {
    Root,
    Quote,
    Item,
    Other,
}

/// Parse Markdown into blocks. Fails (with the line and column) on emphasis
/// that is opened and never closed, which would otherwise turn a title into
/// stray asterisks without a word.
pub fn parse(text: &str) -> Result<Vec<RawBlock>> {
    parse_range(text, 0..text.len())
}

/// Parse the part `chunk` of `src` on its own; ranges in the result are
/// offsets into `src`. Used to read a large page one section at a time.
pub(crate) fn parse_range(src: &str, chunk: Range<usize>) -> Result<Vec<RawBlock>> {
    let base = chunk.start;
    let text = &src[chunk];
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    // "Satz.[^1]": the marker out of the sentence (it split nothing), the
    // note its own paragraph where it is defined.
    opts.insert(Options::ENABLE_FOOTNOTES);
    let mut stack: Vec<Frame> = vec![Frame::Blocks(BlockKind::Root, Vec::new(), Vec::new(), 0)];

    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let range = range.start + base..range.end + base;
        match ev {
            Event::Start(tag) => {
                let start = range.start;
                let frame = match tag {
                    Tag::Paragraph => Frame::Para(Vec::new(), start),
                    Tag::Heading { level, .. } => Frame::Heading(level as u8, Vec::new(), start),
                    Tag::BlockQuote(_) => Frame::Blocks(BlockKind::Quote, Vec::new(), Vec::new(), start),
                    Tag::CodeBlock(_) => Frame::CodeBlock(String::new(), start),
                    Tag::List(first) => Frame::Items(first.is_some(), Vec::new(), start),
                    Tag::Item => Frame::Blocks(BlockKind::Item, Vec::new(), Vec::new(), start),
                    Tag::Emphasis => Frame::Inline(InlineKind::Emph, Vec::new(), start),
                    Tag::Strong => Frame::Inline(InlineKind::Strong, Vec::new(), start),
                    Tag::Strikethrough => Frame::Inline(InlineKind::Strike, Vec::new(), start),
                    Tag::Link { dest_url, .. } => {
                        Frame::Inline(InlineKind::Link(dest_url.into_string()), Vec::new(), start)
                    }
                    Tag::Image { .. } => Frame::Inline(InlineKind::Image, Vec::new(), start),
                    Tag::TableRow => Frame::Table(false, Vec::new(), start),
                    Tag::TableHead => Frame::Table(true, Vec::new(), start),
                    Tag::TableCell => Frame::Inline(InlineKind::Image, Vec::new(), start),
                    _ => Frame::Blocks(BlockKind::Other, Vec::new(), Vec::new(), start),
                };
                if stack.len() > crate::io::MAX_DEPTH {
                    return Err(md_err(
                        src,
                        start,
                        &format!("quotations, lists or emphasis nested more than {} deep", crate::io::MAX_DEPTH),
                    ));
                }
                stack.push(frame);
            }
            Event::End(end) => {
                let frame = stack.pop().ok_or_else(|| md_err(src, range.start, "unbalanced Markdown structure"))?;
                let r = match &frame {
                    Frame::Inline(_, _, s)
                    | Frame::Para(_, s)
                    | Frame::Heading(_, _, s)
                    | Frame::Blocks(_, _, _, s)
                    | Frame::Items(_, _, s)
                    | Frame::CodeBlock(_, s)
                    | Frame::Table(_, _, s) => *s..range.end,
                };
                match frame {
                    Frame::Inline(kind, children, _) => {
                        let node = match kind {
                            InlineKind::Emph => RawInline::Emph(children, r),
                            InlineKind::Strong => RawInline::Strong(children, r),
                            InlineKind::Strike => RawInline::Strike(children, r),
                            InlineKind::Link(dest) => RawInline::Link(dest, children, r),
                            // Images and table cells contribute their text.
                            InlineKind::Image => {
                                let mut kids = children;
                                if matches!(end, TagEnd::TableCell) {
                                    kids.push(RawInline::Text(CELL_SEPARATOR.into(), r.end..r.end));
                                }
                                for k in kids {
                                    push_inline(&mut stack, k);
                                }
                                continue;
                            }
                        };
                        push_inline(&mut stack, node);
                    }
                    Frame::Para(inl, _) => push_block(&mut stack, RawBlock::Para(inl, r)),
                    Frame::Table(header, mut inl, _) => {
                        if let Some(RawInline::Text(t, _)) = inl.last_mut() {
                            if t == CELL_SEPARATOR {
                                inl.pop();
                            }
                        }
                        push_block(&mut stack, RawBlock::Row(header, inl, r));
                    }
                    Frame::Heading(level, inl, _) => push_block(&mut stack, RawBlock::Heading(level, inl, r)),
                    Frame::CodeBlock(code, _) => push_block(&mut stack, RawBlock::Code(code, r)),
                    Frame::Items(ordered, items, _) => push_block(&mut stack, RawBlock::List(ordered, items, r)),
                    Frame::Blocks(kind, mut blocks, pending, _) => {
                        flush(&mut blocks, pending);
                        match kind {
                            BlockKind::Quote => push_block(&mut stack, RawBlock::Quote(blocks, r)),
                            BlockKind::Item => {
                                if let Some(Frame::Items(_, items, _)) = stack.last_mut() {
                                    items.push(RawItem { blocks, range: r });
                                }
                            }
                            BlockKind::Root | BlockKind::Other => {
                                for b in blocks {
                                    push_block(&mut stack, b);
                                }
                            }
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some(Frame::CodeBlock(code, _)) = stack.last_mut() {
                    code.push_str(&t);
                } else {
                    check_stray_emphasis(src, &t, &range)?;
                    push_inline(&mut stack, RawInline::Text(t.into_string(), range));
                }
            }
            Event::Code(t) => push_inline(&mut stack, RawInline::Code(t.into_string(), range)),
            Event::SoftBreak => push_inline(&mut stack, RawInline::Text(" ".into(), range)),
            Event::HardBreak => push_inline(&mut stack, RawInline::Break(range)),
            Event::Html(h) | Event::InlineHtml(h) => {
                // Raw HTML is kept as text: we never interpret it, but we never lose it either.
                let trimmed = h.trim_end_matches('\n').to_string();
                if !trimmed.trim().is_empty() {
                    push_inline(&mut stack, RawInline::Text(trimmed, range));
                }
            }
            Event::Rule | Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_inline(&mut stack, RawInline::Code(t.into_string(), range))
            }
        }
    }
    match stack.pop() {
        Some(Frame::Blocks(BlockKind::Root, mut blocks, pending, _)) if stack.is_empty() => {
            flush(&mut blocks, pending);
            super::tree::make_xml_safe(&mut blocks);
            Ok(blocks)
        }
        _ => Err(md_err(src, base + text.len(), "unbalanced Markdown structure at end of file")),
    }
}

fn md_err(text: &str, offset: usize, msg: &str) -> Error {
    Error::markup(Syntax::Markdown, text, offset, msg)
}

/// Turn buffered inline content into a paragraph.
fn flush(blocks: &mut Vec<RawBlock>, pending: Vec<RawInline>) {
    if let (Some(first), Some(last)) = (pending.first(), pending.last()) {
        let r = first.range().start..last.range().end;
        blocks.push(RawBlock::Para(pending, r));
    }
}

fn push_inline(stack: &mut [Frame], node: RawInline) {
    let Some(top) = stack.last_mut() else { return };
    match top {
        Frame::Inline(_, v, _) | Frame::Para(v, _) | Frame::Heading(_, v, _) | Frame::Table(_, v, _) => v.push(node),
        Frame::Blocks(_, _, pending, _) => pending.push(node),
        Frame::Items(..) | Frame::CodeBlock(..) => {}
    }
}

fn push_block(stack: &mut [Frame], block: RawBlock) {
    let Some(top) = stack.last_mut() else { return };
    if let Frame::Blocks(_, blocks, pending, _) = top {
        flush(blocks, std::mem::take(pending));
        blocks.push(block);
    }
}

/// A literal `*` or `_` that could open emphasis (after a space or at the
/// start, before a letter) and was left as text was never closed.
fn check_stray_emphasis(src: &str, text: &str, range: &Range<usize>) -> Result<()> {
    let raw = src.get(range.clone()).unwrap_or("");
    // Only check text whose source is the text itself (no escapes inside).
    if raw != text {
        return Ok(());
    }
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'*' && b != b'_' {
            continue;
        }
        let abs = range.start + i;
        let prev = src[..abs].chars().next_back();
        let next = src[abs + 1..].chars().next();
        let opens_word = matches!(prev, None | Some(' ' | '\t' | '\n' | '(' | '"' | '['));
        let before_word = next.is_some_and(|c| c.is_alphanumeric() || c == '*' || c == '_');
        if opens_word && before_word {
            let marker = if b == b'*' { "*" } else { "_" };
            return Err(md_err(
                src,
                abs,
                &format!("emphasis opened with '{marker}' is never closed; close it or escape it as '\\{marker}'"),
            ));
        }
    }
    Ok(())
}
