//! Where lexicons and morphologies come from, and what a run used.
//!
//! Lookup order, first hit wins (documented in `--help` and the README):
//!
//! 1. files given on the command line (`--dict`, `--morph`);
//! 2. `$TRANSALIGN_DATA`, a list of data directories;
//! 3. the bundled data: `data/` next to the executable, in
//!    `../share/transalign/data` beside it, or in the source checkout the
//!    binary was built from;
//! 4. the system's dictd and Hunspell directories (`$TRANSALIGN_DICT_DIR`,
//!    else `/usr/share/dictd`; `$TRANSALIGN_HUNSPELL_DIR`, else
//!    `/usr/share/hunspell` and `/usr/share/myspell/dicts`), unless
//!    `$TRANSALIGN_NO_SYSTEM_DATA` is set.
//!
//! A data directory holds `lexicons/freedict-SRC-TGT.tsv.gz` (see
//! [`crate::lexicon::bundle`]) and `morphology/LANG.morph.gz`; dictd files
//! (`freedict-SRC-TGT.index`) and Hunspell files (`LANG.dic`) placed in one
//! are found too. For a language pair, the first place that has a
//! dictionary in either direction supplies every direction it has, so a
//! run never mixes two versions of one dictionary.
//!
//! Pairs without English also get a pivot through English (SRC→eng→TGT,
//! each leg looked up the same way) for words the direct dictionary lacks.

pub mod build;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::lexicon::hunspell::Morphology;
use crate::model::Lang;

/// Environment variable: data directories searched before the bundled data.
pub const ENV_DATA: &str = "TRANSALIGN_DATA";
/// Environment variable: system dictd directories (default `/usr/share/dictd`).
pub const ENV_DICT_DIR: &str = "TRANSALIGN_DICT_DIR";
/// Environment variable: system Hunspell directories.
pub const ENV_HUNSPELL_DIR: &str = "TRANSALIGN_HUNSPELL_DIR";
/// Environment variable: when set (to anything but `0`), system
/// dictionaries and Hunspell files are not looked at.
pub const ENV_NO_SYSTEM: &str = "TRANSALIGN_NO_SYSTEM_DATA";
/// Environment variable: when set (to anything but `0`), the bundled data
/// is not looked at (to test the system lookup).
pub const ENV_NO_BUNDLED: &str = "TRANSALIGN_NO_BUNDLED_DATA";

/// The lookup order in words, for `--help` and `transalign data`.
pub const LOOKUP_HELP: &str = "Data lookup, first hit wins: --dict/--morph files; $TRANSALIGN_DATA \
directories; the bundled data (data/ next to the executable, ../share/transalign/data, or the source \
checkout); the system's dictd and Hunspell directories ($TRANSALIGN_DICT_DIR, else /usr/share/dictd; \
$TRANSALIGN_HUNSPELL_DIR, else /usr/share/hunspell and /usr/share/myspell/dicts), unless \
$TRANSALIGN_NO_SYSTEM_DATA is set. An empty --dict file means no dictionary.";

/// Where a data file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Given on the command line.
    Flag,
    /// In a `$TRANSALIGN_DATA` directory.
    Env,
    /// Shipped with transalign.
    Bundled,
    /// Installed on the system (Debian's FreeDict or Hunspell packages).
    System,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Origin::Flag => "command line",
            Origin::Env => ENV_DATA,
            Origin::Bundled => "bundled",
            Origin::System => "system",
        })
    }
}

/// What kind of data a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A bilingual dictionary for the pair itself.
    Lexicon,
    /// One leg of a pivot through English.
    Pivot,
    /// A morphology (lemmas, gender, number).
    Morphology,
}

/// One data file a run used. Machine-independent in JSON (no paths), so
/// shipped outputs are the same wherever the same data was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataUsed {
    /// Lexicon, pivot leg or morphology.
    pub kind: Kind,
    /// Its name ("freedict-nld-fra", "hunspell-fr"), or the file name.
    pub name: String,
    /// Its version, when the file records one.
    pub version: Option<String>,
    /// Where it was found.
    pub origin: Origin,
    /// How it was read ("nl→fr, 27935 pairs").
    pub detail: String,
    /// The file (for messages; not in JSON).
    #[serde(skip)]
    pub path: PathBuf,
}

impl std::fmt::Display for DataUsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(v) = &self.version {
            write!(f, " {v}")?;
        }
        write!(f, " ({}, {})", self.origin, self.detail)
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

fn env_paths(name: &str) -> Option<Vec<PathBuf>> {
    std::env::var_os(name).map(|d| std::env::split_paths(&d).filter(|p| !p.as_os_str().is_empty()).collect())
}

/// A place data is looked for.
#[derive(Debug, Clone)]
pub struct Place {
    /// What kind of place.
    pub origin: Origin,
    /// The directory.
    pub dir: PathBuf,
}

/// The bundled data directory, if one is found: next to the executable,
/// in an installed share directory, or in the checkout it was built from.
pub fn bundled_dir() -> Option<PathBuf> {
    if env_flag(ENV_NO_BUNDLED) {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf)) {
        candidates.push(dir.join("data"));
        candidates.push(dir.join("../share/transalign/data"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    let found = candidates.into_iter().find(|d| d.join("lexicons").is_dir() || d.join("morphology").is_dir())?;
    Some(std::fs::canonicalize(&found).unwrap_or(found))
}

/// Data directories in lookup order (after command-line files).
pub fn places() -> Vec<Place> {
    let mut out = Vec::new();
    for dir in env_paths(ENV_DATA).unwrap_or_default() {
        out.push(Place { origin: Origin::Env, dir });
    }
    if let Some(dir) = bundled_dir() {
        out.push(Place { origin: Origin::Bundled, dir });
    }
    if !env_flag(ENV_NO_SYSTEM) {
        for dir in env_paths(ENV_DICT_DIR).unwrap_or_else(|| vec![PathBuf::from("/usr/share/dictd")]) {
            out.push(Place { origin: Origin::System, dir });
        }
        let hunspell = env_paths(ENV_HUNSPELL_DIR)
            .unwrap_or_else(|| vec![PathBuf::from("/usr/share/hunspell"), PathBuf::from("/usr/share/myspell/dicts")]);
        for dir in hunspell {
            out.push(Place { origin: Origin::System, dir });
        }
    }
    out
}

/// A dictionary file found for one direction of a pair.
#[derive(Debug, Clone)]
struct Found {
    path: PathBuf,
    /// Goes target → source: read backwards.
    reversed: bool,
    origin: Origin,
}

/// Dictionary files for `src`→`tgt` in one place: bundled format first,
/// then dictd. With `pivot_ok`, also the files bundled only to pivot
/// through (`lexicons/pivot/`: reduced to the words a pivot can reach).
fn find_in(place: &Place, src: &Lang, tgt: &Lang, pivot_ok: bool) -> Vec<Found> {
    let (s, t) = (src.iso639_3(), tgt.iso639_3());
    let mut out = Vec::new();
    for (a, b, reversed) in [(&s, &t, false), (&t, &s, true)] {
        let name = format!("freedict-{a}-{b}");
        let mut cands = vec![
            place.dir.join("lexicons").join(format!("{name}.tsv.gz")),
            place.dir.join(format!("{name}.tsv.gz")),
            place.dir.join(format!("{name}.index")),
        ];
        if pivot_ok {
            cands.push(place.dir.join("lexicons").join("pivot").join(format!("{name}.tsv.gz")));
        }
        if let Some(path) = cands.into_iter().find(|p| p.is_file()) {
            out.push(Found { path, reversed, origin: place.origin });
        }
    }
    out
}

/// Load one dictionary file into `lex`, saying what it was.
fn load_found(lex: &mut Lexicon, f: &Found, kind: Kind) -> Result<DataUsed> {
    let p = &f.path;
    let is_bundle = p.to_string_lossy().ends_with(".tsv.gz");
    let (pairs, name, version) = if is_bundle {
        let b = crate::lexicon::bundle::read(p)?;
        let name = b.field("name").map(str::to_string).unwrap_or_else(|| file_label(p));
        let version = b.field("version").map(str::to_string);
        (b.pairs, name, version)
    } else {
        let pairs = crate::lexicon::dictd::read_pairs(p)?;
        (pairs, p.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), None)
    };
    if pairs.is_empty() {
        return Err(Error::new(crate::ErrorKind::Dictionary {
            pos: crate::error::Pos { line: 1, col: 1 },
            msg: "no entries".into(),
        })
        .in_file(p));
    }
    lex.add_pairs(&pairs, f.reversed);
    let dir = if f.reversed {
        format!("{}→{}, read backwards", lex.src, lex.tgt)
    } else {
        format!("{}→{}", lex.src, lex.tgt)
    };
    let used = DataUsed {
        kind,
        name,
        version,
        origin: f.origin,
        detail: format!("{dir}, {} pairs", pairs.len()),
        path: p.clone(),
    };
    lex.sources.push(used.to_string());
    Ok(used)
}

fn file_label(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A lexicon for a pair with what was used to make it.
#[derive(Debug, Clone)]
pub struct LoadedLexicon {
    /// The lexicon, `None` when no dictionary was found or wanted.
    pub lexicon: Option<Lexicon>,
    /// The files read, in order.
    pub used: Vec<DataUsed>,
    /// One line for a person: what was used, or why nothing was.
    pub note: String,
    /// Set when the run works with less than a dictionary: why.
    pub reduced: Option<String>,
}

/// A morphology with what was used.
pub struct LoadedMorphology {
    /// The morphology, if found.
    pub morphology: Option<Morphology>,
    /// The file read, if any.
    pub used: Option<DataUsed>,
    /// One line for a person.
    pub note: String,
}

/// What data a run may use: the command-line choices. The rest of the
/// lookup follows [`places`].
#[derive(Debug, Clone, Default)]
pub struct DataConfig {
    /// Dictionary files given with `--dict` (dictd `.index`, hunalign
    /// `target @ source`, or the bundled `.tsv.gz`); an empty file means
    /// no dictionary.
    pub dicts: Vec<PathBuf>,
    /// `--no-dict`: no dictionary at all.
    pub no_dict: bool,
    /// `--no-pivot`: no pivot through English.
    pub no_pivot: bool,
    /// `--morph`: a morphology file (bundled `.morph.gz` or Hunspell `.dic`).
    pub morph: Option<PathBuf>,
}

impl DataConfig {
    /// The lexicon for `src`→`tgt`, found as the module documentation says.
    pub fn lexicon(&self, src: &Lang, tgt: &Lang) -> Result<LoadedLexicon> {
        let reduced_note = |why: String| LoadedLexicon {
            lexicon: None,
            used: Vec::new(),
            note: format!("{why}: aligning on length, cognates, names and numbers only (reduced evidence)"),
            reduced: Some(why),
        };
        if self.no_dict {
            return Ok(reduced_note("no dictionary (--no-dict)".into()));
        }
        let mut lex = Lexicon::new(src.clone(), tgt.clone());
        let mut used = Vec::new();
        if !self.dicts.is_empty() {
            let mut empty = Vec::new();
            for d in &self.dicts {
                match load_user_file(&mut lex, d)? {
                    Some(u) => used.push(u),
                    None => empty.push(d.display().to_string()),
                }
            }
            if lex.is_empty() {
                return Ok(reduced_note(format!("no dictionary ({} is empty)", empty.join(", "))));
            }
        } else {
            for place in places() {
                let found = find_in(&place, src, tgt, false);
                if !found.is_empty() {
                    for f in &found {
                        used.push(load_found(&mut lex, f, Kind::Lexicon)?);
                    }
                    break;
                }
            }
        }
        if !self.no_pivot && self.dicts.is_empty() {
            used.extend(add_pivot(&mut lex)?);
        }
        if lex.is_empty() {
            let looked: Vec<String> = places().iter().map(|p| p.dir.display().to_string()).collect();
            return Ok(reduced_note(format!(
                "no dictionary for {src}-{tgt} (looked for freedict-{0}-{1} and freedict-{1}-{0} in {2})",
                src.iso639_3(),
                tgt.iso639_3(),
                if looked.is_empty() {
                    "no directory: no bundled data, system lookup off".to_string()
                } else {
                    looked.join(", ")
                }
            )));
        }
        let mut note = format!("data: {}", used.iter().map(ToString::to_string).collect::<Vec<_>>().join(" + "));
        if lex.pivot_len() > 0 {
            note.push_str(&format!("; {} words through English", lex.pivot_len()));
        }
        Ok(LoadedLexicon { lexicon: Some(lex), used, note, reduced: None })
    }

    /// The morphology for `lang`: `--morph`, else `LANG.morph.gz` in a data
    /// directory, else the system's Hunspell `LANG.dic`.
    pub fn morphology(&self, lang: &Lang) -> Result<LoadedMorphology> {
        let code = lang.primary().to_string();
        let found = match &self.morph {
            Some(p) => Some((p.clone(), Origin::Flag)),
            None => places().into_iter().find_map(|place| {
                let cands = [
                    place.dir.join("morphology").join(format!("{code}.morph.gz")),
                    place.dir.join(format!("{code}.morph.gz")),
                    place.dir.join(format!("{code}.dic")),
                ];
                cands.into_iter().find(|p| p.is_file()).map(|p| (p, place.origin))
            }),
        };
        let Some((path, origin)) = found else {
            return Ok(LoadedMorphology {
                morphology: None,
                used: None,
                note: format!("no morphology for {lang} (no {code}.morph.gz or Hunspell {code}.dic found)"),
            });
        };
        let m = Morphology::load(&path)?;
        let used = DataUsed {
            kind: Kind::Morphology,
            name: m.field("name").map_or_else(|| file_label(&path), str::to_string),
            version: m.field("version").map(str::to_string),
            origin,
            detail: format!("{lang}, {} words", m.len()),
            path,
        };
        let note = format!("morphology: {used}");
        Ok(LoadedMorphology { morphology: Some(m), used: Some(used), note })
    }
}

/// Load a `--dict` file: `None` when it is empty (no dictionary).
fn load_user_file(lex: &mut Lexicon, path: &Path) -> Result<Option<DataUsed>> {
    if path.is_dir() {
        return Err(Error::new(crate::ErrorKind::IsDirectory).in_file(path));
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::from(e).in_file(path))?;
    if meta.len() == 0 {
        return Ok(None);
    }
    let before = lex.sources.len();
    let name = file_label(path);
    if name.ends_with(".tsv.gz") || (name.ends_with(".tsv") && is_bundle_text(path)) {
        let f = Found { path: path.to_path_buf(), reversed: bundle_reversed(lex, path), origin: Origin::Flag };
        return load_found(lex, &f, Kind::Lexicon).map(Some);
    }
    lex.load_path(path)?;
    let detail = lex.sources.get(before..).map(|s| s.join(", ")).unwrap_or_default();
    Ok(Some(DataUsed {
        kind: Kind::Lexicon,
        name,
        version: None,
        origin: Origin::Flag,
        detail,
        path: path.to_path_buf(),
    }))
}

fn is_bundle_text(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(crate::lexicon::bundle::MAGIC.as_bytes()))
}

/// A bundled file goes target → source when its name says `freedict-TGT-SRC`.
fn bundle_reversed(lex: &Lexicon, path: &Path) -> bool {
    let name = file_label(path);
    let (s, t) = (lex.src.iso639_3(), lex.tgt.iso639_3());
    name.contains(&format!("{t}-{s}")) && !name.contains(&format!("{s}-{t}"))
}

/// Add a pivot through English to `lex` (unless the pair has English):
/// each leg from the first place that has it.
fn add_pivot(lex: &mut Lexicon) -> Result<Vec<DataUsed>> {
    let en = Lang::new("en").ok_or_else(|| Error::invalid("the code 'en' is not a language"))?;
    if lex.src.primary() == "en" || lex.tgt.primary() == "en" || lex.src.primary() == lex.tgt.primary() {
        return Ok(Vec::new());
    }
    let mut used = Vec::new();
    let mut legs = Vec::new();
    for (a, b) in [(lex.src.clone(), en.clone()), (en.clone(), lex.tgt.clone())] {
        let mut leg = Lexicon::new(a.clone(), b.clone());
        for place in places() {
            let found = find_in(&place, &a, &b, true);
            if !found.is_empty() {
                for f in &found {
                    used.push(load_found(&mut leg, f, Kind::Pivot)?);
                }
                break;
            }
        }
        if leg.is_empty() {
            return Ok(Vec::new());
        }
        legs.push(leg);
    }
    lex.add_pivot(&legs[0], &legs[1]);
    Ok(used)
}

/// What a run used and what it had to do without, as outputs record it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Provenance {
    /// The data files used.
    pub used: Vec<DataUsed>,
    /// Evidence the run lacked ("no dictionary for nl-fr …"): its results
    /// rest on less than usual and say so.
    pub reduced_evidence: Vec<String>,
}

impl Provenance {
    /// Add another run's provenance, without repeating what is there.
    pub fn merge(&mut self, other: &Provenance) {
        for u in &other.used {
            if !self.used.contains(u) {
                self.used.push(u.clone());
            }
        }
        for r in &other.reduced_evidence {
            if !self.reduced_evidence.contains(r) {
                self.reduced_evidence.push(r.clone());
            }
        }
    }
}

impl LoadedLexicon {
    /// This lexicon's part of a run's provenance.
    pub fn provenance(&self) -> Provenance {
        Provenance { used: self.used.clone(), reduced_evidence: self.reduced.iter().cloned().collect() }
    }
}

/// A loaded lexicon shared between threads.
pub type SharedLexicon = std::sync::Arc<LoadedLexicon>;

/// Lexicons loaded once per language pair and shared between threads.
#[derive(Default)]
pub struct LexiconCache {
    map: std::sync::Mutex<std::collections::HashMap<(Lang, Lang), SharedLexicon>>,
}

impl LexiconCache {
    /// The lexicon for a pair, loading it (and telling `note` what was
    /// used) the first time. The lock is held while loading, so threads
    /// that want the same pair wait for one load instead of each doing it.
    pub fn get(&self, cfg: &DataConfig, src: &Lang, tgt: &Lang, note: impl FnOnce(&str)) -> Result<SharedLexicon> {
        let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(l) = map.get(&(src.clone(), tgt.clone())) {
            return Ok(l.clone());
        }
        let loaded = cfg.lexicon(src, tgt)?;
        note(&loaded.note);
        let lex = std::sync::Arc::new(loaded);
        map.insert((src.clone(), tgt.clone()), lex.clone());
        Ok(lex)
    }
}
