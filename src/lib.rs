//! transalign: what corresponds to what across languages.
//!
//! The pipeline (see README): wiki page → [`parse`] → [`model::Document`] →
//! [`tei`] (and back); texts → [`segment`] → [`align`] → [`formats`]; page
//! bibliographies → [`titles`] → [`report`]. [`lexicon`] is shared by the
//! aligners.

pub mod align;
pub mod data;
pub mod error;
pub mod eval;
pub mod formats;
#[doc(hidden)]
pub mod fuzzing;
pub mod io;
pub mod jobs;
pub mod lang;
pub mod lexicon;
pub mod load;
pub mod model;
pub mod multi;
pub mod parse;
pub mod read;
pub mod report;
pub mod review;
pub mod segment;
pub mod syntax;
pub mod tei;
pub mod text;
pub mod titles;
pub mod xml;

pub use error::{Error, ErrorKind, Result};
pub use model::{Bibl, Document, Lang};
