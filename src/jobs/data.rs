//! `data`: where lexicons and morphology are found and what each language
//! pair would use; rebuilding and checking the bundled data.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::data::{self, DataConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::model::Lang;

/// The pairs `data list` shows when none is asked for.
pub const DEFAULT_PAIRS: &[&str] = &["nl-fr", "de-fr", "nl-en", "en-fr", "de-en", "is-en"];

/// What `data list` prints: the lookup order, the places, and what each
/// pair (as `SRC-TGT`) and the French morphology would use.
pub fn list(pairs: &[String], cfg: &DataConfig) -> Result<String> {
    let mut s = format!("{}\n\nPlaces, in order:\n", data::LOOKUP_HELP);
    for p in data::places() {
        let there = if p.dir.is_dir() { "" } else { "  (absent)" };
        let _ = writeln!(s, "  {:<16} {}{there}", p.origin.to_string(), p.dir.display());
    }
    let asked: Vec<String> =
        if pairs.is_empty() { DEFAULT_PAIRS.iter().map(|p| p.to_string()).collect() } else { pairs.to_vec() };
    for pair in asked {
        let (a, b) =
            pair.split_once('-').ok_or_else(|| Error::usage(format!("{pair}: expected SRC-TGT, e.g. nl-fr")))?;
        let code = |c: &str| {
            crate::lang::parse_code(c)
                .map_err(|why| Error::new(ErrorKind::LanguageCode { code: format!("{pair}: {c}"), why }))
        };
        let (src, tgt) = (code(a)?, code(b)?);
        let l = cfg.lexicon(&src, &tgt)?;
        let _ = writeln!(s, "\n{src} → {tgt}: {}", if l.reduced.is_some() { "no dictionary" } else { "" });
        for u in &l.used {
            let _ = writeln!(s, "  {u}\n      {}", u.path.display());
        }
        if let Some(r) = &l.reduced {
            let _ = writeln!(s, "  {r}");
        }
    }
    let fr = Lang::new("fr").ok_or_else(|| Error::invalid("fr"))?;
    let m = cfg.morphology(&fr)?;
    let _ = writeln!(s, "\nfr morphology: {}", m.note);
    if let Some(u) = &m.used {
        let _ = writeln!(s, "      {}", u.path.display());
    }
    Ok(s)
}

/// Rebuild the bundled data from FreeDict dictd and Hunspell directories
/// into `out`; `versions` are `NAME=VERSION` to record.
pub fn build(dictd: Vec<PathBuf>, hunspell: Vec<PathBuf>, versions: &[String], out: &Path) -> Result<Vec<PathBuf>> {
    let mut v = BTreeMap::new();
    for nv in versions {
        let (n, ver) =
            nv.split_once('=').ok_or_else(|| Error::usage(format!("--version-of {nv}: expected NAME=VERSION")))?;
        v.insert(n.to_string(), ver.to_string());
    }
    let src = data::build::Sources { dictd_dirs: dictd, hunspell_dirs: hunspell, versions: v };
    data::build::build(&src, out)
}

/// Check a data directory (the bundled one when `None`) against its
/// manifest; the line to print.
pub fn verify(dir: Option<PathBuf>) -> Result<String> {
    let dir = dir
        .or_else(data::bundled_dir)
        .ok_or_else(|| Error::new(ErrorKind::Data("no bundled data found; give the directory".into())))?;
    let n = data::build::verify(&dir)?;
    Ok(format!("{}: {n} files match MANIFEST.tsv", dir.display()))
}
