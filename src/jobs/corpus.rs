//! The main job on the shipped corpus: every output in `alignments/` is made
//! here from `corpora/`, so one command regenerates them and one test checks
//! they are not stale.

use std::path::{Path, PathBuf};

use crate::data::DataConfig;
use crate::error::Result;
use crate::io;
use crate::load::Parsed;
use crate::titles::TitleAligner;

/// The wiki pages under `corpora/nl`, in any syntax, sorted by name.
pub fn page_paths(corpora: &Path) -> Result<Vec<PathBuf>> {
    let dir = corpora.join("nl");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    crate::load::page_files_in(&dir)
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The parallel texts shipped in `corpora/udhr` that are aligned, as
/// (source file stem, target file stem, source language, target language).
pub const UDHR_PAIRS: &[(&str, &str, &str, &str)] = &[("nld", "fra", "nl", "fr"), ("deu", "fra", "de", "fr")];

/// The UDHR's multi-alignment: the pivot, then the translations, as (file
/// stem, language). French is the pivot: with English, the language the
/// declaration was drafted and adopted in, and the bundled data links it
/// directly to both others (nl↔fr, de↔fr), as the shipped pairs already
/// use; Dutch and German share no bundled dictionary, so no
/// translation-to-translation check runs.
pub const UDHR_MULTI: &[(&str, &str)] = &[("fra", "fr"), ("nld", "nl"), ("deu", "de")];

/// The forms each UDHR text ships in: Markdown (aligned into every output
/// format), EPUB and DOCX (made from it with pandoc; aligned to TSV, whose
/// rows equal the Markdown pair's).
pub const UDHR_SYNTAXES: &[&str] = &["md", "epub", "docx"];

fn lang(c: &str) -> Result<crate::Lang> {
    crate::Lang::new(c).ok_or_else(|| {
        crate::Error::new(crate::ErrorKind::LanguageCode { code: c.to_string(), why: "not a language code".into() })
    })
}

/// Everything the main job reads, checked and loaded before anything is
/// written: a bad `--corpora` or missing data leaves `out` untouched. Each
/// page is read once, and each lexicon loaded once, for all outputs.
struct Inputs<'c> {
    pages: Vec<(PathBuf, Parsed)>,
    udhr: Vec<(PathBuf, PathBuf, crate::Lang, crate::Lang)>,
    aligner: TitleAligner<'c>,
}

fn gather<'c>(corpora: &Path, cfg: &'c DataConfig, note: &mut dyn FnMut(&str)) -> Result<Inputs<'c>> {
    if !corpora.is_dir() {
        return Err(crate::Error::usage(
            "no corpus directory here: run in a transalign checkout, or give --corpora DIR (holding nl/*.md and udhr/*.md) and --out DIR",
        )
        .in_file(corpora));
    }
    let mut pages = Vec::new();
    for p in page_paths(corpora)? {
        let parsed = crate::titles::read_page(&p, None, None, note)?;
        pages.push((p, parsed));
    }
    let mut udhr = Vec::new();
    for (s, t, sl, tl) in UDHR_PAIRS {
        let dir = corpora.join("udhr");
        for ext in UDHR_SYNTAXES {
            let (sp, tp) = (dir.join(format!("{s}.{ext}")), dir.join(format!("{t}.{ext}")));
            if sp.is_file() && tp.is_file() {
                udhr.push((sp, tp, lang(sl)?, lang(tl)?));
            }
        }
    }
    if pages.is_empty() && udhr.is_empty() {
        return Err(crate::Error::usage("no pages (nl/*.md) and no UDHR texts (udhr/*.md) to process").in_file(corpora));
    }
    // The shipped outputs are made with dictionaries: stop rather than
    // quietly make weaker ones.
    // The pages' lexicons first, through the aligner, which records them
    // for the report; then the UDHR's, which the report does not list.
    let aligner = TitleAligner::new(cfg);
    let mut loaded = Vec::new();
    for (_, parsed) in &pages {
        let (_, _, tl, ol) = crate::titles::collect(&parsed.doc);
        loaded.push(aligner.lexicon(&tl, &ol, note)?);
    }
    for (_, _, s, t) in &udhr {
        loaded.push(aligner.lexicons().get_loaded(cfg, s, t, |l| note(&l.route))?);
    }
    for l in loaded {
        if let Some(why) = &l.reduced {
            return Err(crate::Error::new(crate::ErrorKind::Data(format!(
                "the main job makes its outputs with dictionaries, and {why}; the bundled data (data/) or {} provides them",
                crate::data::ENV_DATA
            ))));
        }
    }
    if !pages.is_empty() && aligner.french(&mut |_| {})?.morphology.is_none() {
        return Err(crate::Error::new(crate::ErrorKind::Data(
            "the shipped report checks French titles with a morphology, and none was found (data/morphology/fr.morph.gz)"
                .into(),
        )));
    }
    Ok(Inputs { pages, udhr, aligner })
}

/// Align the UDHR pairs into `out/udhr` in every format.
fn build_udhr(inputs: &Inputs<'_>, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use super::align::{ReadAs, align_texts_with, read_pair};
    use super::output::{extension, write};
    use crate::formats::Format;
    let dir = out.join("udhr");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))?;
    let mut written = Vec::new();
    for (sp, tp, sl, tl) in &inputs.udhr {
        let how = ReadAs { src_lang: Some(sl.clone()), tgt_lang: Some(tl.clone()), ..Default::default() };
        let (src, tgt, sl, tl) = read_pair(sp, tp, &how)?;
        let lex = inputs.aligner.lexicons().get(inputs.aligner.config(), &sl, &tl, |_| {})?;
        // The shipped formats show no anchors: not computed.
        let cfg = crate::align::Config::default();
        let done = align_texts_with(src, tgt, &sl, &tl, lex.lexicon.as_ref(), &cfg, false);
        let ext = sp.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let (name, formats): (String, &[Format]) = if ext == "md" {
            (
                format!("{}-{}", stem(sp), stem(tp)),
                &[Format::Beads, Format::Tsv, Format::Xces, Format::Tmx, Format::Tei, Format::Moses],
            )
        } else {
            (format!("{}-{}.{ext}", stem(sp), stem(tp)), &[Format::Tsv])
        };
        for &f in formats {
            let target =
                if f == Format::Moses { dir.join(&name) } else { dir.join(format!("{name}.{}", extension(f))) };
            for p in write(&done, sp, tp, f, Some(&target))? {
                log(&p);
                written.push(p);
            }
        }
    }
    Ok(written)
}

/// The UDHR's three texts aligned at once into `out/udhr/fra-nld-deu.*`, in
/// every multi format.
fn build_udhr_multi(
    inputs: &Inputs<'_>,
    corpora: &Path,
    out: &Path,
    log: &mut dyn FnMut(&Path),
) -> Result<Vec<PathBuf>> {
    use super::multi::{MultiFormat, MultiOptions, align_versions, read_versions, write};
    if inputs.udhr.is_empty() {
        return Ok(Vec::new());
    }
    let dir = corpora.join("udhr");
    let paths: Vec<PathBuf> = UDHR_MULTI.iter().map(|(s, _)| dir.join(format!("{s}.md"))).collect();
    if !paths.iter().all(|p| p.is_file()) {
        return Ok(Vec::new());
    }
    let opts = MultiOptions {
        langs: UDHR_MULTI.iter().map(|(_, l)| lang(l).map(Some)).collect::<Result<_>>()?,
        ..Default::default()
    };
    let versions = read_versions(&paths, &opts, &mut super::Silent)?;
    let m = align_versions(versions, &opts, inputs.aligner.config(), &mut super::Silent)?;
    let stem: Vec<&str> = UDHR_MULTI.iter().map(|(s, _)| *s).collect();
    let mut written = Vec::new();
    for f in MultiFormat::ALL {
        let target = out.join("udhr").join(format!("{}.{}", stem.join("-"), f.extension()));
        write(&m, f, Some(&target))?;
        log(&target);
        written.push(target);
    }
    Ok(written)
}

/// The TEI of each page (`tei/<page>.xml`), its title alignment
/// (`titles/<page>.json`) and the report over all pages
/// (`report.{txt,json,html}`).
fn build_pages(inputs: &Inputs<'_>, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use crate::report;
    let mut written = Vec::new();
    if inputs.pages.is_empty() {
        return Ok(written);
    }
    let (tei_dir, titles_dir) = (out.join("tei"), out.join("titles"));
    for dir in [&tei_dir, &titles_dir] {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::from(e).in_file(dir))?;
    }
    let mut pages = Vec::new();
    let mut summary = report::Summary::default();
    for (path, parsed) in &inputs.pages {
        let target = tei_dir.join(format!("{}.xml", stem(path)));
        io::write_atomic(&target, |w| crate::tei::write(&parsed.doc, w))?;
        log(&target);
        written.push(target);
        let (page, not_run) = report::page_report(&inputs.aligner, path, parsed, &mut |_| {})?;
        summary.add(&page, not_run);
        let target = titles_dir.join(format!("{}.json", stem(path)));
        io::write_atomic(&target, |w| Ok(w.write_all(crate::titles::titles_json(&page.titles)?.as_bytes())?))?;
        log(&target);
        written.push(target);
        pages.push(page);
    }
    summary.close(inputs.aligner.used.take());
    let r = report::Report { pages, summary };
    for (name, text) in [
        ("report.txt", report::render_text(&r)),
        ("report.json", report::render_json(&r)?),
        ("report.html", report::render_html(&r, Some(out))),
    ] {
        let target = out.join(name);
        io::write_atomic(&target, |w| Ok(w.write_all(text.as_bytes())?))?;
        log(&target);
        written.push(target);
    }
    Ok(written)
}

/// A path made absolute through its deepest existing ancestor, resolved
/// (symbolic links, `..`), with the rest appended: where a directory that
/// does not exist yet would be.
fn resolved(p: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = if p.as_os_str().is_empty() { Path::new(".") } else { p };
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return Some(rest.iter().rev().fold(real, |acc: PathBuf, part| acc.join(part)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = match at.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
    }
}

/// Refuse `--out` inside `--corpora` (or the same directory): the outputs
/// went among the inputs, exit 0 (`--out corpora` wrote
/// `corpora/udhr/nld-fra.tsv` beside the texts, `--out corpora/nl` the
/// report's `report.txt` where the next run reads it as a page).
fn refuse_out_in_corpora(corpora: &Path, out: &Path) -> Result<()> {
    let (Some(c), Some(o)) = (resolved(corpora), resolved(out)) else { return Ok(()) };
    if o.starts_with(&c) {
        return Err(crate::Error::usage(format!(
            "--out {} is inside --corpora {}: the outputs would be written among the inputs (and read as inputs \
             next time); give another --out (the shipped one is alignments/)",
            out.display(),
            corpora.display()
        )));
    }
    Ok(())
}

/// Regenerate every shipped output under `out` from `corpora`; returns the
/// files written. `note` hears which data was used. Nothing is written
/// unless the inputs and the data are all there.
pub fn build(
    corpora: &Path,
    out: &Path,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
    log: &mut dyn FnMut(&Path),
) -> Result<Vec<PathBuf>> {
    refuse_out_in_corpora(corpora, out)?;
    io::refuse_file_as_dir(out, "--out")?;
    let inputs = gather(corpora, cfg, note)?;
    let mut written = build_pages(&inputs, out, log)?;
    written.extend(build_udhr(&inputs, out, log)?);
    written.extend(build_udhr_multi(&inputs, corpora, out, log)?);
    Ok(written)
}
