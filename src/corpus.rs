//! The main job on the shipped corpus: every output in `alignments/` is made
//! here from `corpora/`, so one command regenerates them and one test checks
//! they are not stale.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::{io, parse, tei};

/// The wiki pages under `corpora/nl`, sorted by name.
pub fn pages(corpora: &Path) -> Result<Vec<PathBuf>> {
    let dir = corpora.join("nl");
    let mut v = Vec::new();
    for e in std::fs::read_dir(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))? {
        let p = e.map_err(|e| crate::Error::from(e).in_file(&dir))?.path();
        if p.extension().is_some_and(|x| x == "md") {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The parallel texts shipped in `corpora/udhr` that are aligned, as
/// (source file stem, target file stem, source language, target language).
pub const UDHR_PAIRS: &[(&str, &str, &str, &str)] = &[("nld", "fra", "nl", "fr"), ("deu", "fra", "de", "fr")];

/// Align the UDHR pairs into `out/udhr` in every format. The shipped files
/// depend on the dictionaries, so they must be installed (no silent fallback).
fn build_udhr(corpora: &Path, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use crate::align::run;
    use crate::formats::Format;
    let dir = out.join("udhr");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))?;
    let mut written = Vec::new();
    for (s, t, sl, tl) in UDHR_PAIRS {
        let (sp, tp) = (corpora.join("udhr").join(format!("{s}.md")), corpora.join("udhr").join(format!("{t}.md")));
        let lang = |c: &str| crate::Lang::new(c).ok_or_else(|| crate::Error::invalid(format!("bad language code {c}")));
        let (sl, tl) = (lang(sl)?, lang(tl)?);
        let (src, tgt, sl, tl) = run::read_pair(&sp, &tp, false, Some(sl), Some(tl))?;
        let lex = crate::lexicon::Lexicon::installed(&sl, &tl)?;
        if lex.is_empty() {
            return Err(crate::Error::invalid(format!(
                "the shipped {s}-{t} alignment is made with FreeDict; install dict-freedict-{0}-{1} and dict-freedict-{1}-{0}",
                sl.iso639_3(),
                tl.iso639_3()
            )));
        }
        let done = run::align_texts(src, tgt, &sl, &tl, Some(&lex), &crate::align::Config::default());
        for f in [Format::Beads, Format::Tsv, Format::Xces, Format::Tmx, Format::Tei, Format::Moses] {
            let target = dir.join(format!("{s}-{t}.{}", run::extension(f)));
            let target = if f == Format::Moses { dir.join(format!("{s}-{t}")) } else { target };
            for p in run::write(&done, &sp, &tp, f, Some(&target))? {
                log(&p);
                written.push(p);
            }
        }
    }
    Ok(written)
}

/// Title alignments per page (`titles/<page>.json`) and the report over all
/// pages (`report.{txt,json,html}`). Needs the FreeDict nl–fr dictionaries
/// and Hunspell French, so the shipped files are the same on every machine.
fn build_titles(pages: &[PathBuf], out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    use crate::report;
    let dir = out.join("titles");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).in_file(&dir))?;
    if crate::lexicon::hunspell::Morphology::french().is_none() {
        return Err(crate::Error::invalid("the shipped report uses Hunspell French: install hunspell-fr"));
    }
    let choice = crate::align::run::LexiconChoice::default();
    let mut missing = Vec::new();
    let r = report::build(pages, &choice, &mut |note| {
        if note.contains("no dictionary installed") {
            missing.push(note.to_string());
        }
    })?;
    if let Some(m) = missing.first() {
        return Err(crate::Error::invalid(format!("the shipped title alignments use FreeDict: {m}")));
    }
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
        ("report.html", report::render_html(&r)),
    ] {
        let target = out.join(name);
        io::write_atomic(&target, |w| Ok(w.write_all(text.as_bytes())?))?;
        log(&target);
        written.push(target);
    }
    Ok(written)
}

/// Regenerate every shipped output under `out` from `corpora`; returns the files written.
pub fn build(corpora: &Path, out: &Path, log: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let tei_dir = out.join("tei");
    std::fs::create_dir_all(&tei_dir).map_err(|e| crate::Error::from(e).in_file(&tei_dir))?;
    for page in pages(corpora)? {
        let src = io::read_text(&page)?;
        let target = tei_dir.join(format!("{}.xml", stem(&page)));
        let opts = parse::Options { positions: false, ..parse::Options::default() };
        io::write_atomic(&target, |w| tei::write_page_stream(&src, &opts, w)).map_err(|e| e.in_file(&page))?;
        log(&target);
        written.push(target);
    }
    written.extend(build_titles(&pages(corpora)?, out, log)?);
    written.extend(build_udhr(corpora, out, log)?);
    Ok(written)
}
