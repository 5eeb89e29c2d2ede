//! What `transalign data list`, `verify` and `notices` print.

use std::fmt::Write as _;

use super::{DataConfig, LOOKUP_HELP, builtin, places};
use crate::error::{Error, Result};
use crate::model::Lang;

/// The pairs `data list` shows when none is asked for: the pair of each
/// bundled dictionary once, in the order of [`super::build::LEXICONS`]
/// (a list written out by hand missed es, it and pt when they came).
pub fn default_pairs() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, _) in super::build::LEXICONS {
        let Some((a, b)) = name.split_once('-').and_then(|(a, b)| Some((Lang::new(a)?, Lang::new(b)?))) else {
            continue;
        };
        let (a, b) = (a.primary(), b.primary());
        if !out.iter().any(|p| *p == format!("{a}-{b}") || *p == format!("{b}-{a}")) {
            out.push(format!("{a}-{b}"));
        }
    }
    out
}

/// The lookup order, the places in it, and what each pair (and the French
/// morphology) would use.
pub fn list(cfg: &DataConfig, pairs: &[String]) -> Result<String> {
    let mut o = String::new();
    let _ = writeln!(o, "{LOOKUP_HELP}\n\nPlaces, in order:");
    for p in places() {
        let there = match &p.dir {
            Some(d) if !d.is_dir() => "  (absent)".to_string(),
            Some(_) => String::new(),
            None => format!("  ({} files, data/MANIFEST.tsv)", builtin::LEXICONS.len() + builtin::MORPHOLOGIES.len()),
        };
        let _ = writeln!(o, "  {:<16} {}{there}", p.origin.to_string(), p.describe());
    }
    let defaults = default_pairs();
    for pair in if pairs.is_empty() { &defaults } else { pairs } {
        let (s, t) = pair
            .split_once('-')
            .and_then(|(s, t)| Some((Lang::new(s)?, Lang::new(t)?)))
            .ok_or_else(|| Error::invalid(format!("{pair}: expected SRC-TGT, e.g. nl-fr")))?;
        let l = cfg.lexicon(&s, &t)?;
        let _ = writeln!(o, "\n{}", l.route);
        for u in &l.used {
            let _ = writeln!(o, "  {u}\n      {}", u.path.display());
        }
    }
    let fr = Lang::new("fr").ok_or_else(|| Error::invalid("'fr' is not a language code"))?;
    let m = cfg.morphology(&fr)?;
    match &m.used {
        Some(u) => {
            let _ = writeln!(o, "\nfr morphology: {u}\n      {}", u.path.display());
        }
        None => {
            let _ = writeln!(o, "\nfr morphology: {}", m.note);
        }
    }
    Ok(o)
}

/// Check a data directory against its manifest, or with none, the data
/// built in against the manifest built in with it. Says what was checked.
pub fn verify(dir: Option<&std::path::Path>) -> Result<String> {
    let dir = dir.map(std::path::Path::to_path_buf).or_else(super::bundled_dir);
    if let Some(dir) = dir {
        // A directory without a manifest said only "MANIFEST.tsv: No such
        // file or directory": say what a data directory is. One not there
        // (a typo) was said to have "no MANIFEST.tsv", as if it existed.
        if !dir.exists() {
            return Err(Error::new(crate::ErrorKind::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "No such directory (give the data directory: lexicons/, morphology/ and MANIFEST.tsv)",
            )))
            .in_file(&dir));
        }
        if !dir.is_dir() {
            return Err(Error::usage(format!("{}: a file, not a data directory", dir.display())));
        }
        if !dir.join("MANIFEST.tsv").is_file() {
            return Err(Error::usage(format!(
                "{}: not a data directory: it has no MANIFEST.tsv (a data directory holds lexicons/, \
                 morphology/ and the MANIFEST.tsv listing their SHA-256, as `transalign data build` makes it)",
                dir.display()
            )));
        }
        let n = super::build::verify(&dir)?;
        return Ok(format!("{}: {n} files match MANIFEST.tsv", dir.display()));
    }
    if !builtin::present() {
        return Err(Error::invalid(
            "this binary has no data built in (built without the bundled-data feature): give the data directory",
        ));
    }
    let n = builtin::verify()?;
    Ok(format!("built in: {n} files match MANIFEST.tsv (their SHA-256 when compiled)"))
}

/// The licence terms of the data built in, each file's upstream notice,
/// and with `full` the licence texts.
pub fn notices(full: bool) -> String {
    let mut o = String::new();
    if !builtin::present() {
        o.push_str(
            "This binary has no data built in (built without the bundled-data feature): \
             it is MIT OR Apache-2.0, like transalign's source.\n",
        );
        return o;
    }
    o.push_str(BINARY_TERMS);
    o.push_str("\nData built in (data/MANIFEST.tsv):\n");
    for row in builtin::MANIFEST.lines().filter(|l| !l.starts_with('#') && !l.starts_with("file\t")) {
        let f: Vec<&str> = row.split('\t').collect();
        if let [file, source, version, licence, ..] = f.as_slice() {
            let _ = writeln!(o, "  {file:<40} {source} {version}  {licence}");
        }
    }
    for (file, text) in builtin::NOTICES {
        let is_notice = file.rsplit('/').next().is_some_and(|n| n.starts_with("NOTICE."));
        if is_notice || full {
            let _ = write!(o, "\n==> {file} <==\n{text}");
            if !text.ends_with('\n') {
                o.push('\n');
            }
        }
    }
    if !full {
        o.push_str(
            "\nThe licence texts: transalign data notices --full (LICENSE.GPL-2.0, GPL-3.0, AGPL-3.0, \
             CC-BY-SA-3.0, MPL-2.0).\n",
        );
    }
    o
}

/// The terms a binary with the data built in carries (also in the README
/// and data/README.md).
pub const BINARY_TERMS: &str = "\
transalign's source is MIT OR Apache-2.0. This binary also contains the bundled data, compiled in
(feature bundled-data), and whoever passes the binary on passes that data on under its own licences:

  FreeDict nl<->fr, nl<->en, en<->fr   GPL-2.0-or-later
  FreeDict is->en                      GPL-3.0-or-later
  FreeDict de<->en (pivot legs)        GPL-3.0-only AND AGPL-3.0-only
  FreeDict de<->fr                     CC-BY-SA-3.0
  Hunspell-fr (morphology)             MPL-2.0

So distribute such a binary as you would a GPL-3.0/AGPL-3.0 program: with its source (the
transalign repository at the commit it was built from, data/ included) or a written offer of it,
with these notices, and with no further restrictions; keep the CC BY-SA attribution and share-alike
terms for the de<->fr data. A binary built without the data (cargo build --no-default-features)
is MIT OR Apache-2.0 alone and reads data from $TRANSALIGN_DATA, a data/ directory beside it, or
the system's dictionaries.
";
