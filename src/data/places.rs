//! Where data is looked for ([`places`]), and which dictionary files a
//! place holds for a language pair, directly or through a pivot language.

use std::path::{Path, PathBuf};

use super::{ENV_DATA, ENV_DICT_DIR, ENV_HUNSPELL_DIR, ENV_NO_BUNDLED, ENV_NO_SYSTEM, Origin, builtin};
use crate::model::Lang;

pub(super) fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

fn env_paths(name: &str) -> Option<Vec<PathBuf>> {
    std::env::var_os(name).map(|d| std::env::split_paths(&d).filter(|p| !p.as_os_str().is_empty()).collect())
}

/// A warning for each directory an environment variable names for data
/// that is not one (a typo, a volume not mounted): lookup skips it and
/// goes on to the next place, so `TRANSALIGN_DATA=/data/lexicns` aligned
/// with the built-in dictionaries instead, and only `data list` showed it.
pub fn missing_dirs() -> Vec<String> {
    let mut vars = vec![ENV_DATA];
    if !env_flag(ENV_NO_SYSTEM) {
        vars.extend([ENV_DICT_DIR, ENV_HUNSPELL_DIR]);
    }
    let mut out = Vec::new();
    for var in vars {
        for dir in env_paths(var).unwrap_or_default().into_iter().filter(|d| !d.is_dir()) {
            let what = if dir.exists() { "is not a directory" } else { "does not exist" };
            out.push(format!("${var} names {}, which {what}: no data is read from it", dir.display()));
        }
    }
    out
}

/// A place data is looked for.
#[derive(Debug, Clone)]
pub struct Place {
    /// What kind of place.
    pub origin: Origin,
    /// The directory; `None` for the data built into the binary.
    pub dir: Option<PathBuf>,
}

impl Place {
    /// Where, in words: the directory, or "built in".
    pub fn describe(&self) -> String {
        self.dir.as_ref().map_or_else(|| BUILT_IN.to_string(), |d| d.display().to_string())
    }
}

/// How messages name the data built into the binary.
pub const BUILT_IN: &str = "built in";

/// A bundled data directory installed beside the executable, if there is
/// one: `data/` next to it, or `../share/transalign/data`. It overrides
/// the data built in (for packagers); a checkout's `data/` is never read
/// from another directory, so a binary works the same wherever its
/// sources went.
pub fn bundled_dir() -> Option<PathBuf> {
    if env_flag(ENV_NO_BUNDLED) {
        return None;
    }
    let dir = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf))?;
    let found = [dir.join("data"), dir.join("../share/transalign/data")]
        .into_iter()
        .find(|d| d.join("lexicons").is_dir() || d.join("morphology").is_dir())?;
    Some(std::fs::canonicalize(&found).unwrap_or(found))
}

/// Data directories in lookup order (after command-line files).
pub fn places() -> Vec<Place> {
    let mut out = Vec::new();
    for dir in env_paths(ENV_DATA).unwrap_or_default() {
        out.push(Place { origin: Origin::Env, dir: Some(dir) });
    }
    if let Some(dir) = bundled_dir() {
        out.push(Place { origin: Origin::Bundled, dir: Some(dir) });
    } else if builtin::present() && !env_flag(ENV_NO_BUNDLED) {
        out.push(Place { origin: Origin::Bundled, dir: None });
    }
    if !env_flag(ENV_NO_SYSTEM) {
        for dir in env_paths(ENV_DICT_DIR).unwrap_or_else(|| vec![PathBuf::from("/usr/share/dictd")]) {
            out.push(Place { origin: Origin::System, dir: Some(dir) });
        }
        let hunspell = env_paths(ENV_HUNSPELL_DIR)
            .unwrap_or_else(|| vec![PathBuf::from("/usr/share/hunspell"), PathBuf::from("/usr/share/myspell/dicts")]);
        for dir in hunspell {
            out.push(Place { origin: Origin::System, dir: Some(dir) });
        }
    }
    out
}

/// Where a dictionary file is.
#[derive(Debug, Clone)]
pub(super) enum At {
    File(PathBuf),
    BuiltIn(&'static builtin::BuiltinLexicon),
}

/// A dictionary file found for one direction of a pair.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) at: At,
    /// Goes target → source: read backwards.
    pub(super) reversed: bool,
    pub(super) origin: Origin,
    /// Bundled only to pivot through (reduced to what a pivot reaches).
    pub(super) pivot_only: bool,
}

/// Dictionary files for `src`→`tgt` in one place: bundled format first,
/// then dictd. With `pivot_ok`, also the files bundled only to pivot
/// through (`lexicons/pivot/`: reduced to the words a pivot can reach).
pub(super) fn find_in(place: &Place, src: &Lang, tgt: &Lang, pivot_ok: bool) -> Vec<Found> {
    let (s, t) = (src.iso639_3(), tgt.iso639_3());
    let mut out = Vec::new();
    for (a, b, reversed) in [(&s, &t, false), (&t, &s, true)] {
        let Some(dir) = &place.dir else {
            if let Some(l) = builtin::lexicon(a, b, pivot_ok) {
                out.push(Found { at: At::BuiltIn(l), reversed, origin: place.origin, pivot_only: l.pivot_only });
            }
            continue;
        };
        let name = format!("freedict-{a}-{b}");
        let mut cands = vec![
            dir.join("lexicons").join(format!("{name}.tsv.gz")),
            dir.join(format!("{name}.tsv.gz")),
            dir.join(format!("{name}.index")),
        ];
        if pivot_ok {
            cands.push(dir.join("lexicons").join("pivot").join(format!("{name}.tsv.gz")));
        }
        if let Some((i, path)) = cands.into_iter().enumerate().find(|(_, p)| p.is_file()) {
            out.push(Found { at: At::File(path), reversed, origin: place.origin, pivot_only: i == 3 });
        }
    }
    out
}

/// The languages (ISO 639-3) a place has dictionaries for.
pub(super) fn languages_in(place: &Place) -> Vec<String> {
    let mut out: Vec<String> = match &place.dir {
        None => builtin::LEXICONS.iter().flat_map(|l| [l.src.to_string(), l.tgt.to_string()]).collect(),
        Some(dir) => [dir.clone(), dir.join("lexicons"), dir.join("lexicons").join("pivot")]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flat_map(|rd| rd.filter_map(|e| e.ok()))
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                let stem = n.strip_suffix(".tsv.gz").or_else(|| n.strip_suffix(".index"))?;
                let (a, b) = stem.strip_prefix("freedict-")?.split_once('-')?;
                Some([a.to_string(), b.to_string()])
            })
            .flatten()
            .collect(),
    };
    out.sort();
    out.dedup();
    out
}

/// The dictionary files for one leg (`a`→`b`) of a pivot: from the first
/// place that has one in either direction.
pub(super) fn find_leg(places: &[Place], a: &Lang, b: &Lang) -> Option<Vec<Found>> {
    places.iter().map(|p| find_in(p, a, b, true)).find(|f| !f.is_empty())
}

/// The pivot language for a pair with no dictionary of its own: among the
/// languages with a dictionary from the source and one to the target, the
/// one whose legs are full dictionaries (not reduced to pivot), English
/// first, then by code.
pub(super) fn pivot_language(places: &[Place], src: &Lang, tgt: &Lang) -> Option<Lang> {
    let mut codes: Vec<String> = places.iter().flat_map(languages_in).collect();
    codes.sort();
    codes.dedup();
    let mut best: Option<((bool, bool, String), Lang)> = None;
    for code in codes {
        let Some(p) = Lang::new(&code) else { continue };
        if p.primary() == src.primary() || p.primary() == tgt.primary() {
            continue;
        }
        let (Some(l1), Some(l2)) = (find_leg(places, src, &p), find_leg(places, &p, tgt)) else { continue };
        let reduced = l1.iter().chain(&l2).any(|f| f.pivot_only);
        let rank = (reduced, p.primary() != "en", code);
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, p));
        }
    }
    best.map(|(_, p)| p)
}
