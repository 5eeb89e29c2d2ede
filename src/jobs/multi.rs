//! `transalign multi`: a pivot text and all its translations. Every text
//! is read through the door, every translation aligned to the pivot with
//! the full aligner (all pairs at once, on all cores), the translations
//! that share a language or a dictionary aligned to each other for the
//! check, and everything joined into one [`MultiAlignment`]. Also
//! `convert MULTI.json [--pair A B]` and `eval --pair A B`.

use std::path::{Path, PathBuf};

use super::Feedback;
use super::align::{Done, read_text, reduced_warning, say_text_language};
use crate::align::{Config, Link, Side};
use crate::data::{DataConfig, LexiconCache};
use crate::error::{Error, ErrorKind, Result};
use crate::formats::Format;
use crate::model::Lang;
use crate::multi::check::Repair;
use crate::multi::{Check, MultiAlignment, Version};
use crate::syntax::Syntax;

/// The outputs of `multi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiFormat {
    /// The JSON contract ([`crate::multi::json`]).
    Json,
    /// TMX 1.4b, one unit per row, one variant per version with text.
    Tmx,
    /// TEI P5: every text, a linkGrp per translation and a multi-target link per row.
    Tei,
    /// The side-by-side HTML view with filters and coverage.
    Html,
    /// TSV, one column per version.
    Tsv,
    /// The coverage report per version, for a person.
    Coverage,
}

impl MultiFormat {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            MultiFormat::Json => "json",
            MultiFormat::Tmx => "tmx",
            MultiFormat::Tei => "tei.xml",
            MultiFormat::Html => "html",
            MultiFormat::Tsv => "tsv",
            MultiFormat::Coverage => "coverage.txt",
        }
    }

    /// Every format, in the order `corpus` writes them.
    pub const ALL: [MultiFormat; 6] = [
        MultiFormat::Json,
        MultiFormat::Tsv,
        MultiFormat::Tmx,
        MultiFormat::Tei,
        MultiFormat::Html,
        MultiFormat::Coverage,
    ];
}

/// Which pairs of translations are aligned to each other for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CheckMode {
    /// Each translation with the next one in its language, else the next
    /// one (in the order given) a dictionary links it to: at most one check
    /// per translation, so time grows linearly with the number of versions.
    #[default]
    Chain,
    /// Every pair of translations that share a language or a dictionary.
    All,
    /// No check.
    None,
}

/// How `multi` reads and aligns.
#[derive(Debug, Clone, Default)]
pub struct MultiOptions {
    /// One segment per line.
    pub segmented: bool,
    /// The syntax of every file; detected per file when `None`.
    pub syntax: Option<Syntax>,
    /// The texts' languages, pivot first (empty: all detected; `None`, or
    /// `und`, for one: that one detected).
    pub langs: Vec<Option<Lang>>,
    /// The aligner's settings.
    pub config: Config,
    /// Which translations are checked against each other.
    pub check: CheckMode,
    /// Whether the check may replace pairwise links (off: it only flags).
    pub repair: Option<Repair>,
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// What each version's `file` says: its file name, unless another
/// version's file has the same name (`v1/t.md`, `v2/t.md`); then as many of
/// its last path components, as given, as tell them apart (at most the
/// whole path as given). Two versions that both said `t.md` could not be
/// told apart; the whole path always would put this machine's directories
/// into every output of a run on absolute paths (the shipped ones too).
fn file_labels(paths: &[PathBuf]) -> Vec<String> {
    let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
    let parts: Vec<Vec<String>> =
        paths.iter().map(|p| p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect()).collect();
    // The last k components of path i; the path as given when it has no more.
    let tail = |i: usize, k: usize| {
        let c = &parts[i];
        if k >= c.len() { paths[i].display().to_string() } else { c[c.len() - k..].join("/") }
    };
    (0..paths.len())
        .map(|i| {
            let same: Vec<usize> = (0..paths.len()).filter(|&j| names[j] == names[i]).collect();
            if same.len() < 2 {
                return names[i].clone();
            }
            let longest = same.iter().map(|&j| parts[j].len()).max().unwrap_or(1);
            let distinct = |k: usize| {
                let tails: Vec<String> = same.iter().map(|&j| tail(j, k)).collect();
                tails.iter().enumerate().all(|(a, t)| !tails[..a].contains(t))
            };
            tail(i, (2..longest).find(|&k| distinct(k)).unwrap_or(longest))
        })
        .collect()
}

/// Read the pivot and its translations, settle their languages (given or
/// detected) and name them.
pub fn read_versions(paths: &[PathBuf], opts: &MultiOptions, fb: &mut dyn Feedback) -> Result<Vec<Version>> {
    if paths.len() < 2 {
        return Err(Error::usage("give the pivot and at least one translation"));
    }
    if !opts.langs.is_empty() && opts.langs.len() != paths.len() {
        let n = opts.langs.len();
        return Err(Error::usage(format!(
            "--langs gives {n} language{} for {} texts: give one per text, the pivot's first",
            if n == 1 { "" } else { "s" },
            paths.len()
        )));
    }
    // One file twice (a glob that matched it twice, a name typed twice)
    // made a version "it-2" aligned to the pivot again, exit 0.
    let keys: Vec<Option<String>> = paths.iter().map(|p| crate::io::file_key(p)).collect();
    for (j, key) in keys.iter().enumerate().filter(|(_, k)| k.is_some()) {
        if let Some(i) = keys[..j].iter().position(|k| k == key) {
            return Err(Error::usage(format!(
                "{} is given twice (texts {} and {}): give each version once",
                paths[j].display(),
                i + 1,
                j + 1
            )));
        }
    }
    let files = file_labels(paths);
    let names = crate::multi::version_names(&files);
    let mut out = Vec::with_capacity(paths.len());
    for (i, path) in paths.iter().enumerate() {
        let given = opts.langs.get(i).cloned().flatten().filter(|l| !l.is_und());
        let text = read_text(path, opts.segmented, given.clone(), opts.syntax)?;
        let warnings = say_text_language(path, &text, "--langs", fb);
        for n in &text.notes {
            fb.warn(&format!("{}: {n}", path.display()));
        }
        let lang = given
            .or_else(|| text.lang.clone())
            .filter(|l| !l.is_und())
            .ok_or_else(|| Error::new(ErrorKind::UnknownLanguage { flag: "--langs".into() }).in_file(path))?;
        let mut v = Version::new(names[i].clone(), files[i].clone(), lang, text.segments);
        v.warnings = warnings;
        out.push(v);
    }
    Ok(out)
}

/// Why two translations can be checked against each other: the same
/// language, or a dictionary from one to the other; `None` when neither.
fn checkable(a: &Version, b: &Version, data: &DataConfig, cache: &LexiconCache) -> Result<Option<String>> {
    if a.lang == b.lang {
        return Ok(Some(format!("both in {}", a.lang)));
    }
    let loaded = cache.get(data, &a.lang, &b.lang, |_| {})?;
    Ok(match (&loaded.lexicon, &loaded.reduced) {
        (Some(_), None) => Some(format!("a dictionary links them: {}", loaded.note)),
        _ => None,
    })
}

/// Align every translation to the pivot and the checked pairs to each
/// other, all on all cores; repair where asked; join into rows.
pub fn align_versions(
    mut versions: Vec<Version>,
    opts: &MultiOptions,
    data: &DataConfig,
    fb: &mut dyn Feedback,
) -> Result<MultiAlignment> {
    use rayon::prelude::*;
    let cache = LexiconCache::default();
    fb.stage("loading the lexicons");
    let pivot_lang = versions[0].lang.clone();
    for v in &mut versions[1..] {
        let loaded = cache.get(data, &pivot_lang, &v.lang, |_| {})?;
        fb.note(&format!("{}: {}", v.name, loaded.route));
        fb.detail(&format!("{} → {} ({}): {}", pivot_lang, v.lang, v.name, loaded.note));
        if let Some(r) = &loaded.reduced {
            fb.warn(&format!("{}: reduced evidence: {r}", v.name));
            // First, as a pair's outputs put it.
            v.warnings.insert(0, format!("{}: {}", v.name, reduced_warning(r)));
        }
        v.data = loaded.note.clone();
    }
    // The checked pairs.
    let k = versions.len();
    let mut pairs: Vec<(usize, usize, String)> = Vec::new();
    if opts.check != CheckMode::None {
        for a in 1..k {
            // A later version in the same language first: the surest check.
            let same = (a + 1..k).find(|&b| versions[b].lang.primary() == versions[a].lang.primary());
            let order: Vec<usize> = match (opts.check, same) {
                (CheckMode::Chain, Some(b)) => vec![b],
                _ => (a + 1..k).collect(),
            };
            for b in order {
                if let Some(why) = checkable(&versions[a], &versions[b], data, &cache)? {
                    pairs.push((a, b, why));
                    if opts.check == CheckMode::Chain {
                        break;
                    }
                }
            }
        }
    }
    for (a, b, why) in &pairs {
        fb.note(&format!("check {} ↔ {}: {why}", versions[*a].name, versions[*b].name));
    }
    // Every alignment to make: (source version, target version).
    let jobs: Vec<(usize, usize)> = (1..k).map(|t| (0, t)).chain(pairs.iter().map(|(a, b, _)| (*a, *b))).collect();
    let mut lexicons = Vec::with_capacity(jobs.len());
    for &(s, t) in &jobs {
        lexicons.push(cache.get(data, &versions[s].lang, &versions[t].lang, |_| {})?);
    }
    fb.stage(&format!("aligning {} pairs", jobs.len()));
    let start = std::time::Instant::now();
    let done: Vec<(crate::align::Alignment, Vec<crate::align::Unaligned>)> = jobs
        .par_iter()
        .zip(lexicons.par_iter())
        .map(|(&(s, t), lex)| {
            let (vs, vt) = (&versions[s], &versions[t]);
            crate::align::align_explained(
                &vs.segments,
                &vt.segments,
                &vs.lang,
                &vt.lang,
                lex.lexicon.as_ref(),
                &opts.config,
            )
        })
        .collect();
    fb.detail(&format!("aligned {} pairs in {:.2} s", jobs.len(), start.elapsed().as_secs_f64()));
    let mut done = done.into_iter();
    for v in versions.iter_mut().skip(1) {
        let Some((alignment, unaligned)) = done.next() else { break };
        if let Some(w) = super::align::unrelated_warning(&alignment) {
            let w = format!("{}: {w}", v.name);
            fb.warn(&w);
            v.warnings.push(w);
        }
        v.repaired = vec![false; alignment.links.len()];
        v.links = alignment.links;
        v.dropped_why = unaligned.iter().filter(|u| u.side == Side::Source).map(|u| (u.segment, u.reason())).collect();
    }
    let mut checks: Vec<Check> = Vec::new();
    for (a, b, why) in pairs {
        let Some((alignment, _)) = done.next() else { break };
        checks.push(Check { a, b, why, links: alignment.links, repaired: 0 });
    }
    if let Some(how) = opts.repair {
        for c in &mut checks {
            c.repaired = crate::multi::check::repair(&mut versions, c.a, c.b, &c.links, how);
        }
    }
    MultiAlignment::new(versions, checks)
}

/// `multi`: read, align, join.
pub fn multi(
    paths: &[PathBuf],
    opts: &MultiOptions,
    data: &DataConfig,
    fb: &mut dyn Feedback,
) -> Result<MultiAlignment> {
    fb.stage("reading the texts");
    let versions = read_versions(paths, opts, fb)?;
    align_versions(versions, opts, data, fb)
}

/// Write a multi-alignment in a format to `out` (standard output when `None`).
pub fn write(m: &MultiAlignment, format: MultiFormat, out: Option<&Path>) -> Result<()> {
    crate::io::write_output(out, |w| match format {
        MultiFormat::Json => crate::multi::json::write(m, w),
        MultiFormat::Tmx => crate::multi::tmx::write(m, w),
        MultiFormat::Tei => crate::multi::tei::write(m, w),
        MultiFormat::Html => crate::multi::html::write(m, w),
        MultiFormat::Tsv => crate::multi::tsv::write(m, w),
        MultiFormat::Coverage => Ok(w.write_all(crate::multi::coverage::report(m).as_bytes())?),
    })
}

/// One line per version for the person: rows, and what each version kept
/// and dropped.
pub fn summary(m: &MultiAlignment) -> String {
    let mut parts = Vec::new();
    for v in 1..m.versions.len() {
        let c = crate::multi::coverage::of(m, v);
        parts.push(format!(
            "{} {:.1}% present ({} dropped)",
            m.versions[v].name,
            c.present_share() * 100.0,
            c.dropped.len()
        ));
    }
    let counts = m.flag_counts();
    let flagged: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect();
    format!(
        "{} rows over {} pivot segments; {}; flagged: {}",
        m.rows.len(),
        m.pivot().segments.len(),
        parts.join(", "),
        if flagged.is_empty() { "none".into() } else { flagged.join(", ") }
    )
}

/// `convert --format coverage`: the coverage report of the multi-alignment
/// in `path`, as `multi --format coverage` writes it. A pairwise alignment
/// is refused: coverage is what each of several translations kept of the
/// pivot, and a pair has no pivot to report on.
pub fn convert_coverage(path: &Path, out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let text = crate::io::read_text(path)?;
    if !crate::multi::json::looks_like(&text) {
        return Err(Error::usage(format!(
            "{}: --format coverage is the report of a multi-alignment (from `transalign multi`), and this is not one; \
             for an alignment of two texts give text, tsv, tmx, tei, xces, moses, json, html or beads",
            path.display()
        )));
    }
    let m = crate::multi::json::parse(&text).map_err(|e| e.in_file(path))?;
    write(&m, MultiFormat::Coverage, out)?;
    Ok(out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
}

/// Read a multi-alignment file; errors name it.
pub fn read(path: &Path) -> Result<MultiAlignment> {
    let text = crate::io::read_text(path)?;
    crate::multi::json::parse(&text).map_err(|e| e.in_file(path))
}

/// Two versions of a multi-alignment as a pair, with their texts and the
/// warnings that concern them ([`MultiAlignment::pair_warnings`]).
pub fn project(m: &MultiAlignment, a: &str, b: &str) -> Result<(Done, String, String)> {
    let (x, y) = (m.find(a)?, m.find(b)?);
    let alignment = m.project(x, y)?;
    let text = |v: &Version| crate::align::input::Text {
        segments: v.segments.clone(),
        lang: Some(v.lang.clone()),
        is_tei: false,
        lang_source: crate::model::LangSource::Declared,
        notes: Vec::new(),
    };
    let (vx, vy) = (&m.versions[x], &m.versions[y]);
    let done = Done {
        src: text(vx),
        tgt: text(vy),
        alignment,
        unaligned: Vec::new(),
        anchors: Vec::new(),
        warnings: m.pair_warnings(x, y),
        marks: Vec::new(),
    };
    Ok((done, vx.file.clone(), vy.file.clone()))
}

/// `convert MULTI.json`: with `pair`, two versions projected out in any
/// pairwise format; without, the multi-alignment in a multi format (json,
/// tsv, tmx, tei, html). The warnings go where a pairwise file's do
/// ([`super::output::convert`]): into every format that holds notes, and
/// to `fb`, naming `path`, for the bare ones (beads, Moses).
pub fn convert(
    path: &Path,
    pair: Option<(&str, &str)>,
    format: Format,
    out: Option<&Path>,
    fb: &mut dyn Feedback,
) -> Result<Vec<PathBuf>> {
    convert_read(&read(path)?, path, pair, format, out, fb)
}

/// [`convert`] of a multi-alignment already read from `path`.
pub fn convert_read(
    m: &MultiAlignment,
    path: &Path,
    pair: Option<(&str, &str)>,
    format: Format,
    out: Option<&Path>,
    fb: &mut dyn Feedback,
) -> Result<Vec<PathBuf>> {
    if let Some((a, b)) = pair {
        let (done, fa, ftgt) = project(m, a, b)?;
        let name = |f: String, side: &str| if f.is_empty() { PathBuf::from(side) } else { PathBuf::from(f) };
        let written = super::output::write(&done, &name(fa, "src"), &name(ftgt, "tgt"), format, out)?;
        if matches!(format, Format::Beads | Format::Moses) {
            for w in &done.warnings {
                fb.warn(&format!("{}: {w}", path.display()));
            }
        }
        return Ok(written);
    }
    let mf = match format {
        Format::Json => MultiFormat::Json,
        Format::Tsv => MultiFormat::Tsv,
        Format::Tmx => MultiFormat::Tmx,
        Format::Tei => MultiFormat::Tei,
        Format::Html => MultiFormat::Html,
        Format::Text => MultiFormat::Coverage,
        Format::Beads | Format::Xces | Format::Moses => {
            return Err(Error::usage(
                "a multi-alignment holds more than two texts: give --pair A B (file stems or language codes) for beads, xces or moses",
            ));
        }
    };
    write(m, mf, out)?;
    Ok(out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
}

/// The links of a pair out of a multi-alignment file, as beads, with the
/// texts they link (for `eval`).
pub fn pair_beads(path: &Path, a: &str, b: &str) -> Result<crate::eval::Described> {
    let m = read(path)?;
    let (x, y) = (m.find(a).map_err(|e| e.in_file(path))?, m.find(b).map_err(|e| e.in_file(path))?);
    let p = m.project(x, y)?;
    let texts = crate::eval::Texts::of(&p, m.versions[x].segments.len(), m.versions[y].segments.len());
    Ok((p.links.into_iter().map(|Link { src, tgt, .. }| (src, tgt)).collect(), Some(texts)))
}

/// A language list for `--langs`, each code checked; `und` is `None`
/// (that text's language is detected, see [`crate::lang::parse_given`]).
pub fn parse_langs(list: &[String]) -> Result<Vec<Option<Lang>>> {
    list.iter()
        .map(|c| {
            crate::lang::parse_given(c)
                .map_err(|why| Error::new(ErrorKind::LanguageCode { code: format!("--langs {c}"), why }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_the_same_name_are_told_apart_by_their_directories() {
        let labels = |ps: &[&str]| file_labels(&ps.iter().map(PathBuf::from).collect::<Vec<_>>());
        // The usual case: file names, as before.
        assert_eq!(labels(&["/data/fra.md", "nl/nld.md"]), ["fra.md", "nld.md"]);
        // The same name: as much of the path as tells them apart, no more.
        assert_eq!(labels(&["en.md", "v1/t.md", "v2/t.md"]), ["en.md", "v1/t.md", "v2/t.md"]);
        assert_eq!(labels(&["/home/a/x/v1/t.md", "/home/a/x/v2/t.md"]), ["v1/t.md", "v2/t.md"]);
        assert_eq!(labels(&["a/v/t.md", "b/v/t.md"]), ["a/v/t.md", "b/v/t.md"]);
        // One path is a tail of the other: the shorter is given whole.
        assert_eq!(labels(&["t.md", "../t.md"]), ["t.md", "../t.md"]);
    }
}
