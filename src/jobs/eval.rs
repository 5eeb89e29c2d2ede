//! `eval`: system alignments scored against gold ones, pair by pair.

use std::path::PathBuf;

use crate::error::{Error, ErrorKind, Result};

/// Score each test alignment against the gold one in the same place; the
/// table for a person, or JSON.
pub fn eval(gold: &[PathBuf], test: &[PathBuf], json: bool) -> Result<String> {
    if gold.len() != test.len() {
        return Err(Error::new(ErrorKind::Mismatch(format!(
            "{} gold files but {} test files: give them in pairs",
            gold.len(),
            test.len()
        ))));
    }
    let mut pairs = Vec::new();
    for (g, t) in gold.iter().zip(test) {
        pairs.push((crate::eval::read_alignment(g)?, crate::eval::read_alignment(t)?));
    }
    let s = crate::eval::score_all(&pairs);
    Ok(if json { serde_json::to_string_pretty(&s)? + "\n" } else { s.table() })
}
