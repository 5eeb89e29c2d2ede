//! Readers: one per input syntax, each turning a file into the reader tree
//! ([`tree`]); nothing here knows about author pages.

pub mod markdown;
pub mod tree;

pub use tree::{RawBlock, RawInline, RawItem};
