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
    /// A table row (`true`: a header row): its cells' inlines, the cells
    /// parted by [`CELL_SEPARATOR`] text. Read as a paragraph, except in a
    /// list of translations or originals, where each row is an entry.
    Row(bool, Vec<RawInline>, Range<usize>),
}

/// The text between two cells of a [`RawBlock::Row`].
pub const CELL_SEPARATOR: &str = " | ";

impl RawBlock {
    /// Source range of the block.
    pub fn range(&self) -> Range<usize> {
        match self {
            RawBlock::Heading(_, _, r)
            | RawBlock::Para(_, r)
            | RawBlock::Row(_, _, r)
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

/// Put U+FFFD in place of characters XML cannot hold that a reader decoded
/// from a character reference (`&#19;`): `load` replaces raw ones before
/// reading, and the model must hold only what TEI can carry, or a page
/// would change on its way through TEI.
pub(crate) fn make_xml_safe(blocks: &mut [RawBlock]) {
    fn text(s: &mut String) {
        if let std::borrow::Cow::Owned(safe) = crate::xml::xml_safe(s) {
            *s = safe;
        }
    }
    fn inlines(nodes: &mut [RawInline]) {
        for n in nodes {
            match n {
                RawInline::Text(s, _) | RawInline::Code(s, _) => text(s),
                RawInline::Link(dest, c, _) => {
                    text(dest);
                    inlines(c);
                }
                RawInline::Emph(c, _) | RawInline::Strong(c, _) | RawInline::Strike(c, _) => inlines(c),
                RawInline::Break(_) => {}
            }
        }
    }
    for b in blocks {
        match b {
            RawBlock::Heading(_, c, _) | RawBlock::Para(c, _) | RawBlock::Row(_, c, _) => inlines(c),
            RawBlock::List(_, items, _) => items.iter_mut().for_each(|i| make_xml_safe(&mut i.blocks)),
            RawBlock::Quote(bs, _) => make_xml_safe(bs),
            RawBlock::Code(s, _) => text(s),
        }
    }
}
