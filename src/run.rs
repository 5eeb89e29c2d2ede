//! Aligning files end to end: read both texts, pick the lexicon, align,
//! write the chosen format. Shared by `transalign align` and its batch mode.

use std::path::{Path, PathBuf};

use crate::align::input::{self, Text};
use crate::align::{Alignment, Config};
use crate::error::{Error, ErrorKind, Result};
use crate::formats::{self, Aligned, Format};
use crate::lexicon::Lexicon;
use crate::model::Lang;

/// A finished alignment with its texts.
pub struct Done {
    /// The alignment.
    pub alignment: Alignment,
    /// Source text.
    pub src: Text,
    /// Target text.
    pub tgt: Text,
    /// The segments left unaligned, with the evidence (empty when the
    /// alignment was read, not computed).
    pub unaligned: Vec<crate::align::Unaligned>,
    /// The words that anchored each link (empty when the alignment was read).
    pub anchors: Vec<Vec<crate::align::anchors::Anchor>>,
}

fn need_lang(t: &Text, given: &Option<Lang>, path: &Path, flag: &str) -> Result<Lang> {
    given
        .clone()
        .or_else(|| t.lang.clone())
        .ok_or_else(|| Error::new(ErrorKind::Invalid(format!("cannot tell its language; pass {flag}"))).in_file(path))
}

/// How to read the two files of a pair.
#[derive(Debug, Clone, Default)]
pub struct ReadAs {
    /// One segment per line.
    pub segmented: bool,
    /// The syntax of both files (`--input-format`); detected per file when `None`.
    pub syntax: Option<crate::read::Syntax>,
    /// Source language, when given.
    pub src_lang: Option<Lang>,
    /// Target language, when given.
    pub tgt_lang: Option<Lang>,
}

/// Read two files and the languages they are in (given, or detected).
pub fn read_pair(src: &Path, tgt: &Path, how: &ReadAs) -> Result<(Text, Text, Lang, Lang)> {
    let (src_lang, tgt_lang) = (&how.src_lang, &how.tgt_lang);
    let s = input::read(src, how.segmented, src_lang.clone(), how.syntax)?;
    let t = input::read(tgt, how.segmented, tgt_lang.clone(), how.syntax)?;
    let sl = need_lang(&s, src_lang, src, "--src-lang")?;
    let tl = need_lang(&t, tgt_lang, tgt, "--tgt-lang")?;
    Ok((s, t, sl, tl))
}

/// Align two texts already read, with the words that anchored each link.
pub fn align_texts(
    src: Text,
    tgt: Text,
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    cfg: &Config,
) -> Done {
    align_texts_with(src, tgt, src_lang, tgt_lang, lex, cfg, true)
}

/// [`align_texts`]; the anchors only when `anchors` (only the JSON and the
/// review page show them, and finding them costs a tenth of the alignment).
pub fn align_texts_with(
    src: Text,
    tgt: Text,
    src_lang: &Lang,
    tgt_lang: &Lang,
    lex: Option<&Lexicon>,
    cfg: &Config,
    anchors: bool,
) -> Done {
    let (alignment, unaligned) =
        crate::align::align_explained(&src.segments, &tgt.segments, src_lang, tgt_lang, lex, cfg);
    let anchors = if anchors {
        crate::align::anchors::anchors(&src.segments, &tgt.segments, &alignment.links, src_lang, tgt_lang, lex)
    } else {
        Vec::new()
    };
    Done { alignment, src, tgt, unaligned, anchors }
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Write `done` in `format` to `out` (standard output when `None`). Moses
/// output needs a path prefix: it writes `PREFIX.SRC` and `PREFIX.TGT`.
pub fn write(
    done: &Done,
    src_path: &Path,
    tgt_path: &Path,
    format: Format,
    out: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    write_with(done, src_path, tgt_path, format, out, Links::Follow)
}

/// What writing to a path that is a symbolic link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Write through to the link's target (`-o` given by the user).
    Follow,
    /// Replace the link with a file (outputs named by a manifest, which
    /// must stay in their directory).
    Replace,
}

/// [`fn@write`], choosing what a symbolic link at an output path means.
pub fn write_with(
    done: &Done,
    src_path: &Path,
    tgt_path: &Path,
    format: Format,
    out: Option<&Path>,
    links: Links,
) -> Result<Vec<PathBuf>> {
    let put = |p: &Path, fill: &dyn Fn(&mut dyn std::io::Write) -> Result<()>| match links {
        Links::Follow => crate::io::write_atomic(p, |w| fill(w)),
        Links::Replace => crate::io::write_atomic_here(p, |w| fill(w)),
    };
    let put_out = |fill: &dyn Fn(&mut dyn std::io::Write) -> Result<()>| match (links, out) {
        (Links::Replace, Some(p)) => crate::io::write_atomic_here(p, |w| fill(w)),
        _ => crate::io::write_output(out, |w| fill(w)),
    };
    let (sn, tn) = (file_name(src_path), file_name(tgt_path));
    let x = Aligned {
        alignment: &done.alignment,
        src: &done.src.segments,
        tgt: &done.tgt.segments,
        src_name: &sn,
        tgt_name: &tn,
        unaligned: &done.unaligned,
        anchors: &done.anchors,
    };
    match format {
        Format::Beads => put_out(&|w| formats::write_beads(&done.alignment, w))?,
        Format::Tsv => put_out(&|w| formats::write_tsv(&x, w))?,
        Format::Xces => {
            // The alignment and the two sentence files it points into.
            let path = out.ok_or_else(|| {
                Error::invalid("--format xces writes the alignment and two sentence files: give -o FILE")
            })?;
            let (sn, tn) = formats::side_names(&done.alignment);
            let name = file_name(path);
            let stem = name.strip_suffix(".xml").unwrap_or(&name);
            let stem = stem.strip_suffix(".xces").unwrap_or(stem).to_string();
            let mut written = Vec::new();
            for (side, segs, lang) in [
                (&sn, &done.src.segments, &done.alignment.src_lang),
                (&tn, &done.tgt.segments, &done.alignment.tgt_lang),
            ] {
                let p = path.with_file_name(format!("{stem}.{side}.xml"));
                put(&p, &|w| formats::xces::write_sentences(segs, side, lang.code(), w))?;
                written.push(p);
            }
            let (from, to) = (file_name(&written[0]), file_name(&written[1]));
            put(path, &|w| formats::xces::write(&x, &from, &to, w))?;
            written.push(path.to_path_buf());
            return Ok(written);
        }
        Format::Tmx => put_out(&|w| formats::tmx::write(&x, w))?,
        Format::Json => put_out(&|w| formats::json::write(&x, w))?,
        Format::Html => put_out(&|w| crate::review::write(&x, w))?,
        Format::Tei => {
            // TEI inputs are pointed into; other inputs are copied in as TEI.
            let rel = |p: &Path| -> String {
                match out.and_then(|o| o.parent()) {
                    Some(dir) => crate::io::relative_to(p, dir),
                    None => p.display().to_string(),
                }
            };
            let (rs, rt) = (rel(src_path), rel(tgt_path));
            let texts = if done.src.is_tei && done.tgt.is_tei {
                formats::tei::Texts::External { src: &rs, tgt: &rt }
            } else {
                formats::tei::Texts::Embedded
            };
            put_out(&|w| formats::tei::write(&x, &texts, w))?
        }
        Format::Moses => {
            let prefix = out.ok_or_else(|| Error::invalid("--format moses writes two files: give -o PREFIX"))?;
            let mut written = Vec::new();
            for (side, lang) in [(true, &done.alignment.src_lang), (false, &done.alignment.tgt_lang)] {
                let p = PathBuf::from(format!("{}.{}", prefix.display(), lang.code()));
                put(&p, &|w| formats::write_moses_side(&x, side, w))?;
                written.push(p);
            }
            return Ok(written);
        }
    }
    Ok(out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
}

/// `transalign convert`: an alignment JSON file (version 1 or 2, e.g. saved
/// by the review page) written in `format`. Its texts are the file's own,
/// with the corrections made in review; the JSON and the review page keep
/// the checked marks, flags, evidence and undo history.
pub fn convert(path: &Path, format: Format, out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let text = crate::io::read_text(path)?;
    let file = formats::json::parse_file(&text).map_err(|e| e.in_file(path))?;
    let (s, t, a) = formats::json::to_alignment(&file).map_err(|e| e.in_file(path))?;
    let pass_through = |fill: &dyn Fn(&mut dyn std::io::Write) -> Result<()>| {
        crate::io::write_output(out, |w| fill(w)).map(|_| out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
    };
    match format {
        Format::Json => {
            let mut f = file.clone();
            f.version = formats::json::VERSION;
            return pass_through(&|w| {
                serde_json::to_writer_pretty(&mut *w, &f).map_err(|e| Error::invalid(e.to_string()))?;
                Ok(w.write_all(b"\n")?)
            });
        }
        Format::Html => {
            return pass_through(&|w| crate::review::write_file(&file, &crate::review::PageOptions::default(), w));
        }
        _ => {}
    }
    let text_of = |segments, lang: &Lang| Text { segments, lang: Some(lang.clone()), is_tei: false };
    let done = Done {
        src: text_of(s, &a.src_lang),
        tgt: text_of(t, &a.tgt_lang),
        alignment: a,
        unaligned: Vec::new(),
        anchors: Vec::new(),
    };
    let name = |f: &str, side: &str| if f.is_empty() { PathBuf::from(side) } else { PathBuf::from(f) };
    write(&done, &name(&file.src.file, "src"), &name(&file.tgt.file, "tgt"), format, out)
}

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
/// relative paths are relative to the manifest's directory.
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
    let bad = || Error::invalid(format!("--shard {s}: expected K/N with 1 <= K <= N (e.g. 3/8)"));
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

/// File extension for a format.
pub fn extension(f: Format) -> &'static str {
    match f {
        Format::Beads => "beads",
        Format::Tsv => "tsv",
        Format::Xces => "xces.xml",
        Format::Tmx => "tmx",
        Format::Tei => "tei.xml",
        Format::Moses => "txt",
        Format::Json => "json",
        Format::Html => "review.html",
    }
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
}

/// Where a pair's output goes in `out_dir`: the file itself, or for Moses
/// the prefix of its two files (`PREFIX.SRC`, `PREFIX.TGT`).
pub fn output_of(format: Format, out_dir: &Path, name: &str) -> PathBuf {
    out_dir.join(format!("{name}.{}", extension(format)))
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
/// `summary.K-of-N.json` for a shard. `progress` hears each finished pair.
pub fn batch(
    pairs: &[Pair],
    opts: &BatchOptions,
    data: &crate::data::DataConfig,
    note: &(dyn Fn(&str) + Sync),
    progress: &(dyn Fn(&PairResult) + Sync),
) -> Result<Vec<PairResult>> {
    use rayon::prelude::*;
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| Error::from(e).in_file(&opts.out_dir))?;
    let lexicons = crate::data::LexiconCache::default();
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
            };
            let main = output_of(opts.format, &opts.out_dir, &p.name);
            // A Moses prefix is no file whose age could tell: always redone.
            if opts.resume && opts.format != Format::Moses && newer_than(&main, &[&p.src, &p.tgt]) {
                row.status = "skipped";
                row.outputs = vec![main.display().to_string()];
                progress(&row);
                return row;
            }
            let r = (|| -> Result<(usize, f64, Vec<PathBuf>)> {
                let (s, t, sl, tl) = read_pair(&p.src, &p.tgt, &opts.read)?;
                let lex = lexicons.get(data, &sl, &tl, |n| note(&format!("{sl} → {tl}; {n}")))?;
                let shown = matches!(opts.format, Format::Json | Format::Html);
                let done = align_texts_with(s, t, &sl, &tl, lex.lexicon.as_ref(), &opts.config, shown);
                let written = write_with(&done, &p.src, &p.tgt, opts.format, Some(&main), Links::Replace)?;
                let n = done.alignment.links.len();
                let mean = done.alignment.links.iter().map(|l| l.confidence).sum::<f64>() / n.max(1) as f64;
                Ok((n, mean, written))
            })();
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
            row.seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
            progress(&row);
            row
        })
        .collect();
    let name = match opts.shard {
        Some((k, n)) => format!("summary.{k}-of-{n}.json"),
        None => "summary.json".into(),
    };
    let summary = opts.out_dir.join(name);
    crate::io::write_atomic_here(&summary, |w| {
        let ok = results.iter().filter(|r| r.status == "ok").count();
        let v = serde_json::json!({
            "pairs": results.len(),
            "ok": ok,
            "skipped": results.iter().filter(|r| r.status == "skipped").count(),
            "failed": results.iter().filter(|r| r.status == "failed").count(),
            "format": extension(opts.format),
            "results": results,
        });
        serde_json::to_writer_pretty(&mut *w, &v).map_err(|e| Error::invalid(e.to_string()))?;
        Ok(w.write_all(b"\n")?)
    })?;
    Ok(results)
}
