//! The reader tree: what every syntax reader produces and the page layer
//! ([`crate::parse`]) reads. Blocks and inlines keep byte ranges into the
//! text they were read from, so ids and errors can point at a line.

use std::ops::Range;

/// Inline node with its source range.
#[derive(Debug, Clone, PartialEq)]
pub enum RawInline {
    /// Text (escapes resolved), with its source range.
    Text(String, Range<usize>),
    /// Emphasis (`*x*`, `//x//`, `<em>`).
    Emph(Vec<RawInline>, Range<usize>),
    /// Strong emphasis (`**x**`, `<strong>`).
    Strong(Vec<RawInline>, Range<usize>),
    /// Struck out.
    Strike(Vec<RawInline>, Range<usize>),
    /// A link with its target.
    Link(String, Vec<RawInline>, Range<usize>),
    /// Code.
    Code(String, Range<usize>),
    /// Hard line break.
    Break(Range<usize>),
}

impl RawInline {
    /// Source range of the node.
    pub fn range(&self) -> Range<usize> {
        match self {
            RawInline::Text(_, r)
            | RawInline::Emph(_, r)
            | RawInline::Strong(_, r)
            | RawInline::Strike(_, r)
            | RawInline::Link(_, _, r)
            | RawInline::Code(_, r)
            | RawInline::Break(r) => r.clone(),
        }
    }
}

/// Block node with its source range.
#[derive(Debug, Clone, PartialEq)]
pub enum RawBlock {
    /// A heading, level 1–6.
    Heading(u8, Vec<RawInline>, Range<usize>),
    /// A paragraph (or the text of a tight list item).
    Para(Vec<RawInline>, Range<usize>),
    /// A list; items hold blocks.
    List(bool, Vec<RawItem>, Range<usize>),
    /// A block quotation.
    Quote(Vec<RawBlock>, Range<usize>),
    /// Fenced or indented code.
    Code(String, Range<usize>),
}

impl RawBlock {
    /// Source range of the block.
    pub fn range(&self) -> Range<usize> {
        match self {
            RawBlock::Heading(_, _, r)
            | RawBlock::Para(_, r)
            | RawBlock::List(_, _, r)
            | RawBlock::Quote(_, r)
            | RawBlock::Code(_, r) => r.clone(),
        }
    }
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct RawItem {
    /// Blocks of the item (the first is usually its text).
    pub blocks: Vec<RawBlock>,
    /// Source range.
    pub range: Range<usize>,
}
