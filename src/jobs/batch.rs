//! Many pairs at once (`align --batch`): a manifest of pairs, shards of it
//! for array jobs, every pair aligned on all cores with each lexicon
//! loaded once, and a summary of what each pair gave or why it failed.

use std::path::{Path, PathBuf};

use super::align::{ReadAs, align_texts_with, language_warnings, read_pair};
use super::output::{Links, extension, write_with};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::align::{Config, Learn, Learned, Learner};
use crate::data::{DataConfig, LexiconCache};
use crate::error::{Error, ErrorKind, Result};
use crate::formats::Format;
use crate::model::Lang;

/// One line of a batch manifest.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Source file.
    pub src: PathBuf,
    /// Target file.
    pub tgt: PathBuf,
    /// Output name (without extension), from the third column or the inputs.
    pub name: String,
}

/// Read a manifest: `SRC<TAB>TGT[<TAB>NAME]` per line, `#` comments;
/// relative paths are relative to the manifest's directory. One without
/// any pair is an error.
pub fn read_manifest(path: &Path) -> Result<Vec<Pair>> {
    let text = crate::io::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    // Name → its manifest line: a manifest can hold millions of pairs, so
    // no linear search for repeats.
    let mut line_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() < 2 || cols[0].trim().is_empty() || cols[1].trim().is_empty() {
            return Err(Error::new(ErrorKind::Syntax {
                pos: crate::error::Pos { line: n + 1, col: 1 },
                msg: "expected SRC<TAB>TGT[<TAB>NAME]".into(),
            })
            .in_file(path));
        }
        // A fourth column (languages, say) was dropped without a word;
        // empty ones (a spreadsheet's trailing tabs) say nothing.
        if let Some(extra) = cols.get(3).filter(|_| cols[3..].iter().any(|c| !c.trim().is_empty())) {
            let col = cols[..3].iter().map(|c| c.chars().count() + 1).sum::<usize>() + 1;
            return Err(Error::new(ErrorKind::Syntax {
                pos: crate::error::Pos { line: n + 1, col },
                msg: format!(
                    "{} columns where at most 3 are read (SRC<TAB>TGT[<TAB>NAME]); the 4th, {:?}, would be ignored; \
                     give the languages with --src-lang/--tgt-lang",
                    cols.len(),
                    extra.trim()
                ),
            })
            .in_file(path));
        }
        let src = base.join(cols[0].trim());
        let tgt = base.join(cols[1].trim());
        let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let given = cols.get(2).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let name = given.clone().unwrap_or_else(|| format!("{}.{}", stem(&src), stem(&tgt)));
        let bad = |msg: String| {
            Error::new(ErrorKind::Syntax { pos: crate::error::Pos { line: n + 1, col: 1 }, msg }).in_file(path)
        };
        if let Err(why) = check_name(&name) {
            let what = if given.is_some() { "NAME" } else { "the name made from SRC and TGT" };
            return Err(bad(format!("{what} {name:?} {why}; outputs are named NAME.EXT inside --out-dir")));
        }
        if let Some(first) = line_of.insert(name.clone(), n + 1) {
            return Err(bad(format!(
                "NAME {name:?} repeats line {first} of the manifest: two pairs would write the same files"
            )));
        }
        out.push(Pair { src, tgt, name });
    }
    // An empty manifest (or one of comments only) aligned nothing, wrote a
    // summary of 0 pairs and exited 0: a wrong file given passed unseen.
    if out.is_empty() {
        return Err(Error::usage("no pair in the manifest: expected lines SRC<TAB>TGT[<TAB>NAME]").in_file(path));
    }
    Ok(out)
}

/// Whether an output name from a manifest is a plain file name: no path
/// separator, no `..`, no leading dot, no control characters, not empty,
/// at most 200 bytes.
pub fn check_name(name: &str) -> std::result::Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if name.contains(['/', '\\']) {
        return Err("contains a path separator");
    }
    if name.contains("..") {
        return Err("contains '..'");
    }
    if name.starts_with('.') {
        return Err("starts with a dot");
    }
    if name.chars().any(char::is_control) {
        return Err("contains a control character");
    }
    if name.len() > 200 {
        return Err("is longer than 200 bytes");
    }
    Ok(())
}

/// Parse `K/N` (1 ≤ K ≤ N): this job takes manifest lines K, K+N, K+2N, …
pub fn parse_shard(s: &str) -> Result<(usize, usize)> {
    let bad = || Error::usage(format!("--shard {s}: expected K/N with 1 <= K <= N (e.g. 3/8)"));
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The manifest lines (0-based) shard K/N takes.
pub fn shard(pairs: Vec<Pair>, k: usize, n: usize) -> Vec<Pair> {
    pairs.into_iter().enumerate().filter(|(i, _)| i % n == k - 1).map(|(_, p)| p).collect()
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Output format of every pair.
    pub format: Format,
    /// Where outputs go (`NAME.EXT` each, plus the summary).
    pub out_dir: PathBuf,
    /// How the files are read.
    pub read: ReadAs,
    /// Skip pairs whose outputs exist and are newer than both inputs.
    pub resume: bool,
    /// Aligner settings.
    pub config: Config,
    /// `(K, N)` when this run is shard K of N (names the summary file).
    pub shard: Option<(usize, usize)>,
    /// Save the lexicon learned over every pair here (one language pair).
    pub save_lexicon: Option<PathBuf>,
}

/// What happened to one pair of a batch (a row of `summary.json`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PairResult {
    /// The pair's output name.
    pub pair: String,
    /// Its source file.
    pub src: String,
    /// Its target file.
    pub tgt: String,
    /// `ok`, `failed` or `skipped` (resumed: outputs already complete).
    pub status: &'static str,
    /// Why it failed.
    pub error: Option<String>,
    /// Number of links.
    pub links: usize,
    /// Mean confidence of the links.
    pub mean_confidence: Option<f64>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Files written.
    pub outputs: Vec<String>,
    /// What looked wrong but did not stop the pair: a language only
    /// guessed, or a flag its text contradicts; reduced evidence (no
    /// dictionary for the pair). The pair's output carries them too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Where a pair's output goes in `out_dir`: the file itself, or for Moses
/// the prefix of its two files (`PREFIX.SRC`, `PREFIX.TGT`).
pub fn output_of(format: Format, out_dir: &Path, name: &str) -> PathBuf {
    out_dir.join(format!("{name}.{}", extension(format)))
}

/// Whether a file name is one a batch writes its summary to: `summary.json`,
/// or `summary.K-of-N.json` for a shard (any shard's, as they share a
/// directory).
fn is_summary_name(file: &str) -> bool {
    let Some(middle) = file.strip_prefix("summary").and_then(|f| f.strip_suffix(".json")) else { return false };
    if middle.is_empty() {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    middle.strip_prefix('.').and_then(|m| m.split_once("-of-")).is_some_and(|(k, n)| digits(k) && digits(n))
}

/// Refuse, before any work, a pair whose output would be a summary file:
/// NAME `summary` with `--format json` wrote `summary.json`, which the
/// batch's own summary then replaced, and the pair's alignment was lost
/// with exit 0.
fn refuse_summary_names(pairs: &[Pair], opts: &BatchOptions) -> Result<()> {
    for p in pairs {
        let out = output_of(opts.format, &opts.out_dir, &p.name);
        if out.file_name().and_then(|f| f.to_str()).is_some_and(is_summary_name) {
            return Err(Error::usage(format!(
                "pair {:?} ({} and {}) would be written to {}, the batch's own summary: give it another NAME in the manifest's third column",
                p.name,
                p.src.display(),
                p.tgt.display(),
                out.display()
            )));
        }
    }
    Ok(())
}

fn newer_than(out: &Path, inputs: &[&Path]) -> bool {
    let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match m(out) {
        Some(o) => inputs.iter().all(|i| m(i).is_some_and(|t| t <= o)),
        None => false,
    }
}

/// Align every pair, on all cores, loading each language pair's lexicon
/// once. A pair that fails is reported in its row and does not stop the
/// others. Outputs are written inside `out_dir` only (links there are
/// replaced, not followed), then the summary: `summary.json`, or
/// `summary.K-of-N.json` for a shard. `note` hears what is being done,
/// `warn` what a pair's warnings say, `progress` each finished pair.
pub fn batch(
    pairs: &[Pair],
    opts: &BatchOptions,
    data: &crate::data::DataConfig,
    note: &(dyn Fn(&str) + Sync),
    warn: &(dyn Fn(&str) + Sync),
    progress: &(dyn Fn(&PairResult) + Sync),
) -> Result<Vec<PairResult>> {
    use rayon::prelude::*;
    refuse_summary_names(pairs, opts)?;
    // A file there was found only once every pair was read, and said as
    // "File exists (os error 17)".
    crate::io::refuse_file_as_dir(&opts.out_dir, "--out-dir")?;
    let lexicons = crate::data::LexiconCache::default();
    // Read before anything is written: a batch --save-lexicon cannot save
    // is refused before the output directory is made.
    let to_learn = read_to_learn(pairs, opts, data, &lexicons, note, warn)?;
    // Learned before anything is written too: a lexicon too small to save
    // is refused first.
    let learned = learn_over(to_learn, opts, note, warn)?;
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| Error::from(e).in_file(&opts.out_dir))?;
    if let Some(path) = &opts.save_lexicon {
        // One language pair (see `read_to_learn`).
        for (sl, tl, l) in learned.values() {
            l.save(path, sl, tl)?;
        }
    }
    let name = match opts.shard {
        Some((k, n)) => format!("summary.{k}-of-{n}.json"),
        None => "summary.json".into(),
    };
    let summary = opts.out_dir.join(name);
    let settings = settings_digest(opts, data);
    // An output is up to date only if the same settings made it: a resumed
    // batch whose flags changed would keep outputs of the old ones.
    let resume = opts.resume && {
        let before = std::fs::read_to_string(&summary)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("settings").and_then(|s| s.as_str()).map(str::to_string));
        match before {
            Some(b) if b != settings => {
                warn(&format!(
                    "{}: made with other settings (format, languages, aligner or data flags, or another version): \
                     --resume aligns every pair again",
                    summary.display()
                ));
                false
            }
            _ => true,
        }
    };
    let results: Vec<PairResult> = pairs
        .par_iter()
        .map(|p| {
            let start = std::time::Instant::now();
            let mut row = PairResult {
                pair: p.name.clone(),
                src: p.src.display().to_string(),
                tgt: p.tgt.display().to_string(),
                status: "ok",
                error: None,
                links: 0,
                mean_confidence: None,
                seconds: 0.0,
                outputs: Vec::new(),
                warnings: Vec::new(),
            };
            let main = output_of(opts.format, &opts.out_dir, &p.name);
            // A Moses prefix is no file whose age could tell: always redone.
            if resume && opts.format != Format::Moses && newer_than(&main, &[&p.src, &p.tgt]) {
                row.status = "skipped";
                row.outputs = vec![main.display().to_string()];
                progress(&row);
                return row;
            }
            // A pair that panics (a bug) is one failed row, not a lost batch.
            let mut warnings = Vec::new();
            let run = std::panic::AssertUnwindSafe(|| -> Result<(usize, f64, Vec<PathBuf>)> {
                let (s, t, sl, tl) = read_pair(&p.src, &p.tgt, &opts.read)?;
                for (path, text, flag) in [(&p.src, &s, "--src-lang"), (&p.tgt, &t, "--tgt-lang")] {
                    for w in language_warnings(path, text, flag) {
                        warn(&w);
                        warnings.push(w);
                    }
                }
                let lex = lexicons.get_loaded(data, &sl, &tl, |l| say_loaded(l, note, warn))?;
                if let Some(r) = &lex.reduced {
                    // Said once per language pair when loaded; kept per pair.
                    warnings.insert(0, super::align::reduced_warning(r));
                }
                let cfg = match learned.get(&(sl.to_string(), tl.to_string())) {
                    Some((_, _, l)) if opts.config.learns(&sl, &tl, lex.lexicon.as_ref()) => {
                        Config { learned: Some(Arc::clone(l)), ..opts.config.clone() }
                    }
                    _ => opts.config.clone(),
                };
                let mut done =
                    align_texts_with(s, t, &sl, &tl, lex.lexicon.as_ref(), &cfg, opts.format.shows_anchors());
                if let Some(w) = super::align::unrelated_warning(&done.alignment) {
                    warn(&w);
                    warnings.push(w);
                }
                done.warnings = warnings.clone();
                let written = write_with(&done, &p.src, &p.tgt, opts.format, Some(&main), Links::Replace)?;
                let n = done.alignment.links.len();
                let mean = done.alignment.links.iter().map(|l| l.confidence).sum::<f64>() / n.max(1) as f64;
                Ok((n, mean, written))
            });
            let r = std::panic::catch_unwind(run).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown".into());
                Err(Error::invalid(format!("internal error (a bug, please report it): {what}")))
            });
            match r {
                Ok((n, mean, written)) => {
                    row.links = n;
                    row.mean_confidence = Some((mean * 1000.0).round() / 1000.0);
                    row.outputs = written.iter().map(|o| o.display().to_string()).collect();
                }
                Err(e) => {
                    row.status = "failed";
                    row.error = Some(e.to_string());
                }
            }
            row.warnings = warnings;
            row.seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
            progress(&row);
            row
        })
        .collect();
    crate::io::write_atomic_here(&summary, |w| {
        let ok = results.iter().filter(|r| r.status == "ok").count();
        let v = serde_json::json!({
            "pairs": results.len(),
            "ok": ok,
            "skipped": results.iter().filter(|r| r.status == "skipped").count(),
            "failed": results.iter().filter(|r| r.status == "failed").count(),
            "format": extension(opts.format),
            "settings": settings,
            "results": results,
        });
        serde_json::to_writer_pretty(&mut *w, &v)?;
        Ok(w.write_all(b"\n")?)
    })?;
    Ok(results)
}

/// What decides a batch's outputs beyond its inputs (format, reading,
/// aligner and data settings, the tool's version), as a short digest the
/// summary keeps, so that `--resume` knows an output made otherwise.
fn settings_digest(opts: &BatchOptions, data: &DataConfig) -> String {
    use sha2::Digest;
    let said = format!("{} {:?} {:?} {:?} {data:?}", env!("CARGO_PKG_VERSION"), opts.format, opts.read, opts.config);
    sha2::Sha256::digest(said.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The lexicons learned, by language pair (as codes, the key a pair looks
/// it up by), with the pair's languages.
type LearnedByLangs = BTreeMap<(String, String), (Lang, Lang, Arc<Learned>)>;

/// A pair of the batch read to learn from: its languages, texts and
/// lexicon, not aligned yet.
type ToLearn = (Lang, Lang, Vec<crate::align::Segment>, Vec<crate::align::Segment>, crate::data::SharedLexicon);

/// Say which data a language pair loaded (once per pair of languages):
/// the route as a note, reduced evidence as a warning, which `-q` keeps.
fn say_loaded(l: &crate::data::LoadedLexicon, note: &(dyn Fn(&str) + Sync), warn: &(dyn Fn(&str) + Sync)) {
    note(&l.route);
    if let Some(r) = &l.reduced {
        warn(&format!("reduced evidence: {r}"));
    }
}

/// The pairs of the batch a lexicon is learned from (see [`learn_over`]):
/// those that learn (see [`Config::learns`]), or every pair when it is to
/// be saved, read with their lexicons. A pair that cannot be read is left
/// to the main pass, which reports it. With `--save-lexicon`, a batch of
/// several language pairs (or of none that reads) is refused here, before
/// anything is aligned or written: it was refused only after every pair
/// was aligned once and the output directory made.
fn read_to_learn(
    pairs: &[Pair],
    opts: &BatchOptions,
    data: &DataConfig,
    lexicons: &LexiconCache,
    note: &(dyn Fn(&str) + Sync),
    warn: &(dyn Fn(&str) + Sync),
) -> Result<Vec<ToLearn>> {
    use rayon::prelude::*;
    let saving = opts.save_lexicon.is_some();
    // With both languages given, whether the batch learns is known before
    // a word is read: a batch that does not (a dictionary for its pair)
    // read every text twice, here and again to align it.
    let known = |l: &Option<Lang>| l.clone().filter(|l| !l.is_und());
    if let (false, Some(sl), Some(tl)) = (saving, known(&opts.read.src_lang), known(&opts.read.tgt_lang)) {
        // (A lexicon that fails to load is left to the main pass, as below.)
        let lex = lexicons.get_loaded(data, &sl, &tl, |l| say_loaded(l, note, warn));
        if lex.is_ok_and(|lex| !opts.config.learns(&sl, &tl, lex.lexicon.as_ref())) {
            return Ok(Vec::new());
        }
    }
    let read: Vec<ToLearn> = pairs
        .par_iter()
        .filter_map(|p| {
            let (s, t, sl, tl) = read_pair(&p.src, &p.tgt, &opts.read).ok()?;
            let lex = lexicons.get_loaded(data, &sl, &tl, |l| say_loaded(l, note, warn)).ok()?;
            if !saving && !opts.config.learns(&sl, &tl, lex.lexicon.as_ref()) {
                return None;
            }
            Some((sl, tl, s.segments, t.segments, lex))
        })
        .collect();
    if let Some(path) = &opts.save_lexicon {
        let langs: std::collections::BTreeSet<String> = read.iter().map(|(s, t, ..)| format!("{s}→{t}")).collect();
        if langs.len() > 1 {
            return Err(Error::usage(format!(
                "--save-lexicon saves one language pair's lexicon, and this batch has {}: {}",
                langs.len(),
                langs.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        if langs.is_empty() {
            return Err(Error::usage(format!("--save-lexicon {}: no pair of the batch could be read", path.display())));
        }
    }
    Ok(read)
}

/// One lexicon learned per language pair over the pairs [`read_to_learn`]
/// gave: each pair aligned once without one, the confident links of all of
/// them learned from together.
fn learn_over(
    read: Vec<ToLearn>,
    opts: &BatchOptions,
    note: &(dyn Fn(&str) + Sync),
    warn: &(dyn Fn(&str) + Sync),
) -> Result<LearnedByLangs> {
    use rayon::prelude::*;
    let plain = Config { learn: Learn::Never, learned: None, ..opts.config.clone() };
    let aligned: Vec<_> = read
        .into_par_iter()
        .map(|(sl, tl, s, t, lex)| {
            let a = crate::align::align(&s, &t, &sl, &tl, lex.lexicon.as_ref(), &plain);
            (sl, tl, s, t, a.links, lex)
        })
        .collect();
    let mut by_langs: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (k, (sl, tl, ..)) in aligned.iter().enumerate() {
        by_langs.entry((sl.to_string(), tl.to_string())).or_default().push(k);
    }
    let mut out = BTreeMap::new();
    for (key, members) in by_langs {
        let (sl, tl, .., lex) = &aligned[members[0]];
        let mut learner = Learner::new(sl, tl, lex.lexicon.as_ref());
        for &k in &members {
            let (_, _, s, t, links, _) = &aligned[k];
            learner.add_links(s, t, links);
        }
        // As for one pair: too few confident links teach chance.
        use crate::align::learn::MIN_PAIRS;
        let n = learner.gathered();
        if let Some(path) = &opts.save_lexicon {
            let over = format!(" over {} pairs of texts", members.len());
            super::align::refuse_small_lexicon(n, &over, "", path)?;
        }
        if n < MIN_PAIRS && opts.save_lexicon.is_none() {
            note(&format!("{sl} → {tl}: too few confident links to learn a lexicon from ({n})"));
            continue;
        }
        if n < MIN_PAIRS {
            warn(&format!("{sl} → {tl}: the lexicon saved is learned from only {n} confident links"));
        }
        let learned = learner.finish();
        note(&format!("{sl} → {tl}: {} word pairs learned over {} pairs of texts", learned.len(), members.len()));
        out.insert(key, (sl.clone(), tl.clone(), Arc::new(learned)));
    }
    Ok(out)
}
