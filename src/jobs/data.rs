//! `data`: where lexicons and morphology are found and what each language
//! pair would use (the text is [`crate::data::show`]'s); rebuilding and
//! checking the bundled data; the licences of the data built in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::{self, DataConfig};
use crate::error::{Error, ErrorKind, Result};

/// What `data list` prints: the lookup order, the places, and what each
/// pair (as `SRC-TGT`, codes checked) and the French morphology would use.
pub fn list(pairs: &[String], cfg: &DataConfig) -> Result<String> {
    for pair in pairs {
        let (a, b) =
            pair.split_once('-').ok_or_else(|| Error::usage(format!("{pair}: expected SRC-TGT, e.g. nl-fr")))?;
        for c in [a, b] {
            crate::lang::parse_code(c)
                .map_err(|why| Error::new(ErrorKind::LanguageCode { code: format!("{pair}: {c}"), why }))?;
        }
    }
    data::show::list(cfg, pairs)
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
