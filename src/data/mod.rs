//! Where lexicons and morphologies come from, and what a run used.
//!
//! Lookup order, first hit wins (documented in `--help` and the README):
//!
//! 1. files given on the command line (`--dict`, `--morph`);
//! 2. `$TRANSALIGN_DATA`, a list of data directories;
//! 3. the bundled data: a `data/` directory next to the executable or in
//!    `../share/transalign/data` beside it, if there is one; else the data
//!    built into the binary (feature `bundled-data`, see [`builtin`]);
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
//! A pair with no direct dictionary at all goes through a pivot language:
//! one whose two legs are full dictionaries first, English first among
//! those ([`DataConfig::lexicon`]).
//!
//! Built-in data is read where it lies ([`crate::lexicon::compiled`]): a
//! run pays only for the entries it looks up, and only for the route its
//! language pair needs.

pub mod build;
pub mod builtin;
mod places;
pub mod show;

use places::{At, Found, find_in, find_leg, pivot_language};
pub use places::{BUILT_IN, Place, bundled_dir, missing_dirs, places};

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
directories; the bundled data (built into the binary, unless a data/ directory next to the executable \
or ../share/transalign/data overrides it); the system's dictd and Hunspell directories ($TRANSALIGN_DICT_DIR, else /usr/share/dictd; \
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

impl DataUsed {
    /// Where it came from, in words: "built in", or the origin.
    pub fn place(&self) -> String {
        if self.path.starts_with(BUILT_IN) { BUILT_IN.to_string() } else { self.origin.to_string() }
    }
}

/// The files of one place for a pair, loaded into one lexicon: built-in
/// tables are read where they lie, files are read whole.
fn load_place(found: &[Found], src: &Lang, tgt: &Lang, kind: Kind) -> Result<(Lexicon, Vec<DataUsed>)> {
    let mut used = Vec::new();
    if found.iter().all(|f| matches!(f.at, At::BuiltIn(_))) {
        let mut parts = Vec::new();
        for f in found {
            let At::BuiltIn(l) = f.at else { continue };
            let words = if f.reversed { &l.inv } else { &l.fwd };
            let bad = || Error::invalid(format!("the built-in {} is damaged (not an fst)", l.file));
            parts.push(builtin::table(words).ok_or_else(bad)?);
            used.push(DataUsed {
                kind,
                name: l.name.to_string(),
                version: l.version.map(str::to_string),
                origin: f.origin,
                detail: format!("{}, {} pairs", direction(src, tgt, f.reversed), l.pairs),
                path: Path::new(BUILT_IN).join(l.file),
            });
        }
        // The route's stem index matches only the main files of the pair.
        let route =
            if found.iter().any(|f| f.pivot_only) { None } else { builtin::route(&src.iso639_3(), &tgt.iso639_3()) };
        let by_stem = route.and_then(|r| builtin::table(&r.by_stem));
        let heads = route.and_then(|r| builtin::table(&r.heads));
        let mut lex =
            Lexicon::from_compiled(src.clone(), tgt.clone(), crate::lexicon::Compiled { parts, by_stem, heads });
        lex.sources = used.iter().map(ToString::to_string).collect();
        return Ok((lex, used));
    }
    let mut lex = Lexicon::new(src.clone(), tgt.clone());
    for f in found {
        used.push(load_found(&mut lex, f, kind)?);
    }
    Ok((lex, used))
}

fn direction(src: &Lang, tgt: &Lang, reversed: bool) -> String {
    if reversed { format!("{src}→{tgt}, read backwards") } else { format!("{src}→{tgt}") }
}

/// Load one dictionary file into `lex`, saying what it was.
fn load_found(lex: &mut Lexicon, f: &Found, kind: Kind) -> Result<DataUsed> {
    let At::File(p) = &f.at else {
        return Err(Error::invalid("a built-in dictionary is read where it lies, not loaded"));
    };
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
    let used = DataUsed {
        kind,
        name,
        version,
        origin: f.origin,
        detail: format!("{}, {} pairs", direction(&lex.src, &lex.tgt, f.reversed), pairs.len()),
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
    /// What was used, in full, or why nothing was (outputs record it;
    /// `-v` prints it).
    pub note: String,
    /// The route in one short line, for standard error: which dictionary,
    /// or which pivot language, and from where.
    pub route: String,
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
    /// The lexicon for `src`→`tgt`, found as the module documentation says:
    /// the first place with a dictionary in either direction supplies the
    /// pair, and a pivot through English fills its gaps; with no
    /// dictionary anywhere, the pair goes through a pivot language.
    pub fn lexicon(&self, src: &Lang, tgt: &Lang) -> Result<LoadedLexicon> {
        let reduced_note = |why: String| LoadedLexicon {
            lexicon: None,
            used: Vec::new(),
            note: format!("{why}: aligning on length, cognates, names and numbers only (reduced evidence)"),
            route: format!("{src} → {tgt}: no dictionary: length, cognates, names and numbers only"),
            reduced: Some(why),
        };
        if self.no_dict {
            return Ok(reduced_note("no dictionary (--no-dict)".into()));
        }
        // Two texts in one language (two editions, a revision): the same
        // word is the evidence, which cognates see. A dictionary through
        // English (nl→en→nl) only added synonyms, and its loading time.
        if src.primary() == tgt.primary() && self.dicts.is_empty() {
            return Ok(LoadedLexicon {
                lexicon: None,
                used: Vec::new(),
                note: "one language: identical words and cognates, no dictionary needed".into(),
                route: format!("{src} → {tgt}: one language: identical words, cognates, names and numbers"),
                reduced: None,
            });
        }
        let mut lex = Lexicon::new(src.clone(), tgt.clone());
        let mut used = Vec::new();
        let mut via: Option<Lang> = None;
        let places = places();
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
            for place in &places {
                let found = find_in(place, src, tgt, false);
                if !found.is_empty() {
                    (lex, used) = load_place(&found, src, tgt, Kind::Lexicon)?;
                    break;
                }
            }
            if !self.no_pivot {
                if lex.is_empty() {
                    via = pivot_language(&places, src, tgt);
                    if let Some(p) = &via {
                        used.extend(add_pivot(&mut lex, &places, p)?);
                    }
                } else {
                    let en = Lang::new("en").ok_or_else(|| Error::invalid("the code 'en' is not a language"))?;
                    if src.primary() != "en" && tgt.primary() != "en" && src.primary() != tgt.primary() {
                        used.extend(add_pivot(&mut lex, &places, &en)?);
                    }
                }
            }
        }
        if lex.is_empty() && lex.pivot_len() == 0 {
            let looked: Vec<String> = places
                .iter()
                .map(|p| p.dir.as_ref().map_or_else(|| "the data built in".to_string(), |d| d.display().to_string()))
                .collect();
            return Ok(reduced_note(format!(
                "no dictionary for {src}-{tgt} (looked for freedict-{0}-{1} and freedict-{1}-{0} in {2}{3})",
                src.iso639_3(),
                tgt.iso639_3(),
                if looked.is_empty() {
                    "no directory: no bundled data, system lookup off".to_string()
                } else {
                    looked.join(", ")
                },
                if self.no_pivot { "" } else { "; no pivot language either" },
            )));
        }
        let mut note = format!("data: {}", used.iter().map(ToString::to_string).collect::<Vec<_>>().join(" + "));
        let through = via.as_ref().map_or("English", |l| l.name());
        if lex.pivot_len() > 0 {
            note.push_str(&format!("; {} words through {through}", lex.pivot_len()));
        }
        let route = route_line(src, tgt, &used, via.as_ref(), lex.pivot_len());
        Ok(LoadedLexicon { lexicon: Some(lex), used, note, route, reduced: None })
    }

    /// The morphology for `lang`: `--morph`, else `LANG.morph.gz` in a data
    /// directory, else the system's Hunspell `LANG.dic`.
    pub fn morphology(&self, lang: &Lang) -> Result<LoadedMorphology> {
        let code = lang.primary().to_string();
        let found = match &self.morph {
            Some(p) => Some((p.clone(), Origin::Flag)),
            None => places().into_iter().find_map(|place| {
                let Some(dir) = &place.dir else {
                    return builtin::morphology(&code).map(|m| (Path::new(BUILT_IN).join(m.file), place.origin));
                };
                let cands = [
                    dir.join("morphology").join(format!("{code}.morph.gz")),
                    dir.join(format!("{code}.morph.gz")),
                    dir.join(format!("{code}.dic")),
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
        let m = match builtin::morphology(&code) {
            Some(b) if path.starts_with(BUILT_IN) => {
                let table = builtin::table(&b.table)
                    .ok_or_else(|| Error::invalid(format!("the built-in {} is damaged (not an fst)", b.file)))?;
                let mut header = vec![("name".to_string(), b.name.to_string())];
                header.extend(b.version.map(|v| ("version".to_string(), v.to_string())));
                Morphology::from_compiled(table, b.words, b.rules, header, path.display().to_string())
            }
            _ => Morphology::load(&path)?,
        };
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
        let f = Found {
            at: At::File(path.to_path_buf()),
            reversed: bundle_reversed(lex, path),
            origin: Origin::Flag,
            pivot_only: false,
        };
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

/// Add a pivot through `via` to `lex`: each leg from the first place that
/// has it. Two built-in legs are composed word by word on demand; others
/// are composed whole, now.
fn add_pivot(lex: &mut Lexicon, places: &[Place], via: &Lang) -> Result<Vec<DataUsed>> {
    let mut used = Vec::new();
    let mut legs = Vec::new();
    let mut all_builtin = true;
    for (a, b) in [(lex.src.clone(), via.clone()), (via.clone(), lex.tgt.clone())] {
        let Some(found) = find_leg(places, &a, &b) else { return Ok(Vec::new()) };
        all_builtin &= found.iter().all(|f| matches!(f.at, At::BuiltIn(_)));
        let (leg, u) = load_place(&found, &a, &b, Kind::Pivot)?;
        if leg.is_empty() {
            return Ok(Vec::new());
        }
        used.extend(u);
        legs.push(leg);
    }
    let (Some(en_tgt), Some(src_en)) = (legs.pop(), legs.pop()) else { return Ok(Vec::new()) };
    let count = builtin::pivot_count(&lex.src.iso639_3(), &via.iso639_3(), &lex.tgt.iso639_3());
    match count {
        Some(n) if all_builtin => lex.set_compiled_pivot(src_en, en_tgt, n),
        _ => {
            lex.add_pivot(&src_en, &en_tgt);
        }
    }
    Ok(used)
}

/// The route in one short line: `de → fr: freedict-deu-fra + freedict-fra-deu
/// (built in), gaps through English`, or `de → en: no direct dictionary;
/// through French (de→fr→en, built in), 18662 words`.
fn route_line(src: &Lang, tgt: &Lang, used: &[DataUsed], via: Option<&Lang>, pivot_words: usize) -> String {
    let mut wheres: Vec<String> = used.iter().map(DataUsed::place).collect();
    wheres.dedup();
    let names = |kind: Kind| used.iter().filter(|u| u.kind == kind).map(|u| u.name.as_str()).collect::<Vec<_>>();
    match via {
        Some(p) => format!(
            "{src} → {tgt}: no direct dictionary; through {} ({src}→{}→{tgt}, {}), {pivot_words} words",
            p.name(),
            p.primary(),
            wheres.join(", ")
        ),
        None => {
            let gaps = if pivot_words > 0 { ", gaps through English" } else { "" };
            format!("{src} → {tgt}: {} ({}){gaps}", names(Kind::Lexicon).join(" + "), wheres.join(", "))
        }
    }
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
    /// The lexicon for a pair, loading it (and telling `note` the full
    /// account of what was used) the first time. The lock is held while
    /// loading, so threads that want the same pair wait for one load
    /// instead of each doing it.
    pub fn get(&self, cfg: &DataConfig, src: &Lang, tgt: &Lang, note: impl FnOnce(&str)) -> Result<SharedLexicon> {
        self.get_loaded(cfg, src, tgt, |l| note(&l.note))
    }

    /// [`LexiconCache::get`], telling `loaded` about the lexicon the first
    /// time (its short `route` for standard error, its `note` for outputs).
    pub fn get_loaded(
        &self,
        cfg: &DataConfig,
        src: &Lang,
        tgt: &Lang,
        loaded: impl FnOnce(&LoadedLexicon),
    ) -> Result<SharedLexicon> {
        let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(l) = map.get(&(src.clone(), tgt.clone())) {
            return Ok(l.clone());
        }
        let l = cfg.lexicon(src, tgt)?;
        loaded(&l);
        let lex = std::sync::Arc::new(l);
        map.insert((src.clone(), tgt.clone()), lex.clone());
        Ok(lex)
    }
}
