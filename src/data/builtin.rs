//! The bundled data compiled into the binary (feature `bundled-data`):
//! `build.rs` turns `data/` into the tables of
//! [`crate::lexicon::compiled`]; this module lists them. Without the
//! feature every list is empty.

use crate::lexicon::compiled::Table;

/// A table's two parts: the fst of its keys and its value area.
pub type Parts = (&'static [u8], &'static [u8]);

/// One bundled dictionary file, compiled.
#[derive(Debug)]
pub struct BuiltinLexicon {
    /// Its path under `data/` (`lexicons/freedict-nld-fra.tsv.gz`).
    pub file: &'static str,
    /// Its name (`freedict-nld-fra`).
    pub name: &'static str,
    /// Its version, from its header.
    pub version: Option<&'static str>,
    /// Source language, ISO 639-3 as in the file name.
    pub src: &'static str,
    /// Target language, ISO 639-3.
    pub tgt: &'static str,
    /// Bundled only to pivot through (`lexicons/pivot/`).
    pub pivot_only: bool,
    /// Number of (headword, translation) pairs in the file.
    pub pairs: usize,
    /// SHA-256 of the file it was compiled from.
    pub sha256: &'static str,
    /// Source word → translations.
    pub fwd: Parts,
    /// Target word → the source words that list it (the file read backwards).
    pub inv: Parts,
}

/// A pair the main files serve (in either direction), with the stem index
/// of its headwords.
#[derive(Debug)]
pub struct BuiltinRoute {
    /// Source language, ISO 639-3.
    pub src: &'static str,
    /// Target language, ISO 639-3.
    pub tgt: &'static str,
    /// Stem → translations of the headwords with that stem
    /// ([`crate::lexicon::Headwords::by_stem`]).
    pub by_stem: Parts,
    /// The one-word headwords (keys only).
    pub heads: Parts,
}

/// One bundled morphology, compiled.
#[derive(Debug)]
pub struct BuiltinMorphology {
    /// Its path under `data/`.
    pub file: &'static str,
    /// Language, ISO 639-1.
    pub lang: &'static str,
    /// Its name (`hunspell-fr`).
    pub name: &'static str,
    /// Its version.
    pub version: Option<&'static str>,
    /// Number of dictionary words.
    pub words: usize,
    /// SHA-256 of the file it was compiled from.
    pub sha256: &'static str,
    /// Word → flags and fields of each entry.
    pub table: Parts,
    /// The suffix rules (`S` lines of the bundled format).
    pub rules: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Whether this binary carries the bundled data.
pub fn present() -> bool {
    !LEXICONS.is_empty() || !MORPHOLOGIES.is_empty()
}

/// A compiled table (the build wrote it: it is an fst).
pub fn table(p: &Parts) -> Option<Table<'static>> {
    Table::new(p.0, p.1)
}

/// The built-in dictionary `freedict-SRC-TGT`: the main one, or with
/// `pivot_ok` the pivot leg when there is no main one.
pub fn lexicon(src: &str, tgt: &str, pivot_ok: bool) -> Option<&'static BuiltinLexicon> {
    let main = LEXICONS.iter().find(|l| !l.pivot_only && l.src == src && l.tgt == tgt);
    main.or_else(|| LEXICONS.iter().find(|l| pivot_ok && l.pivot_only && l.src == src && l.tgt == tgt))
}

/// The stem index of the direct route `src`→`tgt` (ISO 639-3).
pub fn route(src: &str, tgt: &str) -> Option<&'static BuiltinRoute> {
    ROUTES.iter().find(|r| r.src == src && r.tgt == tgt)
}

/// Words a pivot through `via` gives `src`→`tgt` (ISO 639-3) with the
/// built-in legs, counted at build time.
pub(crate) fn pivot_count(src: &str, via: &str, tgt: &str) -> Option<usize> {
    PIVOT_COUNTS.iter().find(|(s, v, t, _)| *s == src && *v == via && *t == tgt).map(|c| c.3)
}

/// The built-in morphology for a language (ISO 639-1).
pub fn morphology(lang: &str) -> Option<&'static BuiltinMorphology> {
    MORPHOLOGIES.iter().find(|m| m.lang == lang)
}

/// Check the built-in data against the manifest built in with it: every
/// file compiled is listed there with the same SHA-256. Returns the number
/// of files checked.
pub fn verify() -> crate::Result<usize> {
    let mut n = 0;
    let files = LEXICONS.iter().map(|l| (l.file, l.sha256)).chain(MORPHOLOGIES.iter().map(|m| (m.file, m.sha256)));
    for (file, sha) in files {
        let row = MANIFEST.lines().find(|l| l.split('\t').next() == Some(file));
        let listed = row.and_then(|r| r.split('\t').nth(6));
        if listed != Some(sha) {
            return Err(crate::Error::invalid(format!(
                "built-in {file}: SHA-256 {sha}, but MANIFEST.tsv says {}",
                listed.unwrap_or("nothing (not listed)")
            )));
        }
        n += 1;
    }
    Ok(n)
}
