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
    Ok(written)
}
