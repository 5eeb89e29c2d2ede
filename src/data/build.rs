//! Rebuild the bundled data from upstream files: FreeDict dictd
//! dictionaries and Hunspell-fr. `scripts/build-data` installs the Debian
//! packages and runs this through `transalign data build`.
//!
//! Every output records its source's name, version and SHA-256 in its own
//! header and in `MANIFEST.tsv`, and is written deterministically (sorted
//! where order is free, gzip without a timestamp), so a rebuild from the
//! same sources gives the same bytes.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::lexicon::hunspell::Morphology;
use crate::lexicon::{bundle, dictd, fold};

/// The FreeDict dictionaries bundled, and whether each is reduced to what a
/// pivot through English can use (the full de↔en pair is 30 MB).
pub const LEXICONS: &[(&str, bool)] = &[
    ("nld-fra", false),
    ("fra-nld", false),
    ("deu-fra", false),
    ("fra-deu", false),
    ("nld-eng", false),
    ("eng-nld", false),
    ("eng-fra", false),
    ("fra-eng", false),
    ("isl-eng", false),
    ("ita-eng", false),
    ("eng-ita", false),
    ("spa-eng", false),
    ("eng-spa", false),
    ("por-eng", false),
    ("eng-por", false),
    ("deu-eng", true),
    ("eng-deu", true),
];

/// The Hunspell dictionaries bundled as morphologies: (language, file stem).
pub const MORPHOLOGIES: &[(&str, &str)] = &[("fr", "fr")];

/// Where to read the sources and what to record about them.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Directories holding `freedict-*.index` and `.dict.dz`.
    pub dictd_dirs: Vec<PathBuf>,
    /// Directories holding Hunspell `.aff`/`.dic`.
    pub hunspell_dirs: Vec<PathBuf>,
    /// Versions of the sources by name ("freedict-nld-fra" →
    /// "2022.04.21-1"), as the packaging reports them.
    pub versions: BTreeMap<String, String>,
}

fn sha256_of(paths: &[&Path]) -> Result<String> {
    let mut h = Sha256::new();
    for p in paths {
        h.update(crate::io::read_bytes(p)?);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn find(dirs: &[PathBuf], name: &str) -> Result<PathBuf> {
    dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()).ok_or_else(|| {
        Error::invalid(format!(
            "{name} not found in {}",
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// One row of `MANIFEST.tsv`.
struct Row {
    file: String,
    source: String,
    version: String,
    licence: String,
    source_sha256: String,
    entries: usize,
    sha256: String,
}

/// The English words the en↔fr dictionaries know: what a pivot leg into
/// English must reach to be of any use.
fn english_vocabulary(pairs_by_name: &BTreeMap<String, Vec<(String, String)>>) -> HashSet<String> {
    let mut v = HashSet::new();
    if let Some(p) = pairs_by_name.get("eng-fra") {
        v.extend(p.iter().map(|(e, _)| fold(e.trim())));
    }
    if let Some(p) = pairs_by_name.get("fra-eng") {
        v.extend(p.iter().map(|(_, e)| fold(e.trim())));
    }
    v
}

/// Write the bundled data under `out` (`lexicons/`, `lexicons/pivot/`,
/// `morphology/`, and a `MANIFEST.tsv` in each); returns the files written.
pub fn build(src: &Sources, out: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let lex_dir = out.join("lexicons");
    let pivot_dir = lex_dir.join("pivot");
    for d in [&lex_dir, &pivot_dir, &out.join("morphology")] {
        std::fs::create_dir_all(d).map_err(|e| Error::from(e).in_file(d))?;
    }
    // Read everything first: the pivot legs are reduced to the English of
    // the en↔fr dictionaries.
    let mut pairs_by_name = BTreeMap::new();
    let mut files = BTreeMap::new();
    for (name, _) in LEXICONS {
        let index = find(&src.dictd_dirs, &format!("freedict-{name}.index"))?;
        let data =
            dictd::data_file(&index).ok_or_else(|| Error::invalid("no .dict.dz next to the index").in_file(&index))?;
        pairs_by_name.insert(name.to_string(), dictd::read_pairs(&index)?);
        files.insert(name.to_string(), (index, data));
    }
    let english = english_vocabulary(&pairs_by_name);
    let mut rows = Vec::new();
    for (name, pivot_only) in LEXICONS {
        let (index, data) = &files[*name];
        let mut pairs = pairs_by_name.remove(*name).unwrap_or_default();
        // What a lexicon would drop anyway (empty after trimming).
        pairs.retain(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty());
        if *pivot_only {
            let en_is_target = name.ends_with("-eng");
            pairs.retain(|(a, b)| english.contains(&fold((if en_is_target { b } else { a }).trim())));
        }
        let full = format!("freedict-{name}");
        let info = dictd::database_info(index).unwrap_or_default();
        let version = src.versions.get(&full).cloned().or_else(|| dictd::edition(&info)).unwrap_or_default();
        let licence = dictd::licence(&info).ok_or_else(|| {
            Error::invalid("cannot tell the licence from the database information; check it by hand").in_file(index)
        })?;
        let source_sha256 = sha256_of(&[index, data])?;
        let mut header = vec![
            ("name".to_string(), full.clone()),
            ("version".to_string(), version.clone()),
            ("source".to_string(), format!("{} + {}", file_name(index), file_name(data))),
            ("source-sha256".to_string(), source_sha256.clone()),
            ("licence".to_string(), format!("{licence}; see NOTICE.{full}.txt and the LICENSE.* files")),
        ];
        if *pivot_only {
            header.push(("role".to_string(), "pivot: only entries whose English the en-fr dictionaries know".into()));
        }
        let target = if *pivot_only { &pivot_dir } else { &lex_dir }.join(format!("{full}.tsv.gz"));
        crate::io::write_atomic(&target, |w| bundle::write(&header, &pairs, w))?;
        // The dictionary's own copyright, authors and licence, verbatim.
        let notice = lex_dir.join(format!("NOTICE.{full}.txt"));
        crate::io::write_atomic(&notice, |w| {
            writeln!(w, "{full}.tsv.gz is derived from the FreeDict dictionary {full} ({}).", file_name(data))?;
            writeln!(w, "Licence: {licence}. Its database information follows, unchanged.\n")?;
            Ok(w.write_all(info.as_bytes())?)
        })?;
        written.push(notice);
        rows.push(Row {
            file: target.strip_prefix(out).unwrap_or(&target).display().to_string(),
            source: full,
            version,
            licence: licence.to_string(),
            source_sha256,
            entries: pairs.len(),
            sha256: sha256_of(&[&target])?,
        });
        written.push(target);
    }
    for (lang, stem) in MORPHOLOGIES {
        let dic = find(&src.hunspell_dirs, &format!("{stem}.dic"))?;
        let aff = dic.with_extension("aff");
        let m = Morphology::load(&dic)?;
        let name = format!("hunspell-{lang}");
        let version = src.versions.get(&name).cloned().unwrap_or_default();
        let source_sha256 = sha256_of(&[&aff, &dic])?;
        let header = vec![
            ("name".to_string(), name.clone()),
            ("version".to_string(), version.clone()),
            ("source".to_string(), format!("{} + {}", file_name(&aff), file_name(&dic))),
            ("source-sha256".to_string(), source_sha256.clone()),
            ("licence".to_string(), "MPL-2.0 (Grammalecte / Dicollecte French dictionary); see LICENSE".into()),
        ];
        let target = out.join("morphology").join(format!("{lang}.morph.gz"));
        crate::io::write_atomic(&target, |w| m.write_bundle(&header, w))?;
        // The dictionary's own notice: the comment lines heading its .aff.
        let aff_text = crate::io::read_text(&aff)?;
        let notice = out.join("morphology").join(format!("NOTICE.{name}.txt"));
        crate::io::write_atomic(&notice, |w| {
            writeln!(
                w,
                "{lang}.morph.gz is derived from {} and {} (Debian hunspell-{lang} {version}),",
                file_name(&aff),
                file_name(&dic)
            )?;
            writeln!(w, "keeping the words, the suffix rules and their po:/is: fields. Licence: MPL-2.0")?;
            writeln!(w, "(LICENSE.MPL-2.0). Copyright 2007-2018 Dicollecte contributors. The .aff file's notice:\n")?;
            for l in aff_text.lines().take_while(|l| l.starts_with('#') || l.trim().is_empty()) {
                writeln!(w, "{l}")?;
            }
            Ok(())
        })?;
        written.push(notice);
        rows.push(Row {
            file: target.strip_prefix(out).unwrap_or(&target).display().to_string(),
            source: name,
            version,
            licence: "MPL-2.0".to_string(),
            source_sha256,
            entries: m.len(),
            sha256: sha256_of(&[&target])?,
        });
        written.push(target);
    }
    let manifest = out.join("MANIFEST.tsv");
    crate::io::write_atomic(&manifest, |w| {
        writeln!(w, "# Made by `transalign data build` (scripts/build-data); do not edit.")?;
        writeln!(w, "file\tsource\tversion\tlicence\tsource_sha256\tentries\tsha256")?;
        for r in &rows {
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.file, r.source, r.version, r.licence, r.source_sha256, r.entries, r.sha256
            )?;
        }
        Ok(())
    })?;
    written.push(manifest);
    Ok(written)
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Check the bundled files against `MANIFEST.tsv`: every file listed is
/// there with the recorded SHA-256. Returns the number of files checked.
pub fn verify(dir: &Path) -> Result<usize> {
    let manifest = dir.join("MANIFEST.tsv");
    let text = crate::io::read_text(&manifest)?;
    let mut n = 0;
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.starts_with("file\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(sha)) = (f.first(), f.get(6)) else {
            return Err(Error::new(crate::ErrorKind::Syntax {
                pos: crate::error::Pos { line: i + 1, col: 1 },
                msg: "expected seven tab-separated columns".into(),
            })
            .in_file(&manifest));
        };
        let got = sha256_of(&[&dir.join(file)])?;
        if &got != sha {
            return Err(
                Error::invalid(format!("{file}: SHA-256 {got} differs from the manifest's {sha}")).in_file(&manifest)
            );
        }
        n += 1;
    }
    Ok(n)
}
