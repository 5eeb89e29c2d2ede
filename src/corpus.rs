//! The main job on the shipped corpus: every output in `alignments/` is made
//! here from `corpora/`, so one command regenerates them and one test checks
//! they are not stale.

use std::path::{Path, PathBuf};

use crate::data::DataConfig;
use crate::error::Result;
use crate::{io, tei};

/// The wiki pages under `corpora/nl`, in any syntax, sorted by name.
pub fn pages(corpora: &Path) -> Result<Vec<PathBuf>> {
    let dir = corpora.join("nl");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    crate::read::page_files_in(&dir)
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The parallel texts shipped in `corpora/udhr` that are aligned, as
/// (source file stem, target file stem, source language, target language).
pub const UDHR_PAIRS: &[(&str, &str, &str, &str)] = &[("nld", "fra", "nl", "fr"), ("deu", "fra", "de", "fr")];

/// The forms each UDHR text ships in: Markdown (aligned into every output
/// format), EPUB and DOCX (made from it with pandoc; aligned to TSV, whose
/// rows equal the Markdown pair's).
pub const UDHR_SYNTAXES: &[&str] = &["md", "epub", "docx"];

fn lang(c: &str) -> Result<crate::Lang> {
    crate::Lang::new(c).ok_or_else(|| crate::Error::invalid(format!("bad language code {c}")))
}

/// Everything the main job reads, checked and loaded before anything is
/// written: a bad `--corpora` or missing data leaves `out` untouched.
struct Inputs {
    pages: Vec<PathBuf>,
    udhr: Vec<(PathBuf, PathBuf, crate::Lang, crate::Lang)>,
    lexicons: crate::data::LexiconCache,
}

fn gather(corpora: &Path, cfg: &DataConfig, note: &mut dyn FnMut(&str)) -> Result<Inputs> {
    if !corpora.is_dir() {
        return Err(crate::Error::invalid(
            "no corpus directory here: run in a transalign checkout, or give --corpora DIR (holding nl/*.md and udhr/*.md) and --out DIR",
        )
        .in_file(corpora));
    }
    let pages = pages(corpora)?;
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
        return Err(
            crate::Error::invalid("no pages (nl/*.md) and no UDHR texts (udhr/*.md) to process").in_file(corpora)
        );
    }
    // The shipped outputs are made with dictionaries: stop rather than
    // quietly make weaker ones.
    let lexicons = crate::data::LexiconCache::default();
    let mut pairs: Vec<(crate::Lang, crate::Lang)> = udhr.iter().map(|u| (u.2.clone(), u.3.clone())).collect();
    for p in &pages {
        let doc = crate::parse::page_file(p)?.doc;
        let (_, _, tl, ol) = crate::titles::collect(&doc);
        pairs.push((tl, ol));
    }
    for (s, t) in pairs {
        let l = lexicons.get(cfg, &s, &t, |n| note(&format!("{s} → {t}; {n}")))?;
        if let Some(why) = &l.reduced {
            return Err(crate::Error::invalid(format!(
                "the main job makes its outputs with dictionaries, and {why}; the bundled data (data/) or {} provides them",
                crate::data::ENV_DATA
            )));
        }
    }
    if !pages.is_empty() {
        let fr = lang("fr")?;
        if cfg.morphology(&fr)?.morphology.is_none() {
            return Err(crate::Error::invalid(
                "the shipped report checks French titles with a morphology, and none was found (data/morphology/fr.morph.gz)",
            ));
        }
    }
    Ok(Inputs { pages, udhr, lexicons })
}

/// Align the UDHR pairs into `out/udhr` in every format.
fn build_udhr(inputs: &Inputs, cfg: &DataConfig, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use crate::formats::Format;
    use crate::run;
    let dir = out.join("udhr");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))?;
    let mut written = Vec::new();
    for (sp, tp, sl, tl) in &inputs.udhr {
        let (src, tgt, sl, tl) = run::read_pair(
            sp,
            tp,
            &run::ReadAs { src_lang: Some(sl.clone()), tgt_lang: Some(tl.clone()), ..Default::default() },
        )?;
        let lex = inputs.lexicons.get(cfg, &sl, &tl, |_| {})?;
        let cfg = crate::align::Config::default();
        let done = run::align_texts_with(src, tgt, &sl, &tl, lex.lexicon.as_ref(), &cfg, false);
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
                if f == Format::Moses { dir.join(&name) } else { dir.join(format!("{name}.{}", run::extension(f))) };
            for p in run::write(&done, sp, tp, f, Some(&target))? {
                log(&p);
                written.push(p);
            }
        }
    }
    Ok(written)
}

/// Title alignments per page (`titles/<page>.json`) and the report over all
/// pages (`report.{txt,json,html}`).
fn build_titles(pages: &[PathBuf], cfg: &DataConfig, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use crate::report;
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let dir = out.join("titles");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))?;
    let r = report::build(pages, None, cfg, &mut |_| {})?;
    let mut written = Vec::new();
    for p in &r.pages {
        let target = dir.join(format!("{}.json", stem(&p.path)));
        io::write_atomic(&target, |w| Ok(w.write_all(report::titles_json(&p.titles)?.as_bytes())?))?;
        log(&target);
        written.push(target);
    }
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
    let inputs = gather(corpora, cfg, note)?;
    let mut written = Vec::new();
    let tei_dir = out.join("tei");
    if !inputs.pages.is_empty() {
        std::fs::create_dir_all(&tei_dir).map_err(|e| crate::Error::from(e).in_file(&tei_dir))?;
    }
    for page in &inputs.pages {
        let loaded = crate::read::load(page, None)?;
        let target = tei_dir.join(format!("{}.xml", stem(page)));
        io::write_atomic(&target, |w| tei::write_loaded(&loaded, w)).map_err(|e| e.in_file(page))?;
        log(&target);
        written.push(target);
    }
    written.extend(build_titles(&inputs.pages, cfg, out, log)?);
    written.extend(build_udhr(&inputs, cfg, out, log)?);
    Ok(written)
}
