//! `review`: the review page of two texts, aligned now or by an existing
//! alignment (beads, or an alignment JSON with the corrections made in
//! it), written as one file or served with every edit saved.

use std::path::Path;

use super::Feedback;
use super::align::{Done, ReadAs, align_pair, read_pair, summary};
use crate::align::Config;
use crate::data::DataConfig;
use crate::error::{Error, Result};
use crate::formats::Aligned;
use crate::formats::json::AlignmentFile;
use crate::review::{self, PageOptions};

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The alignment file of an aligned pair read from `src` and `tgt`.
pub fn file_of(done: &Done, src: &Path, tgt: &Path) -> AlignmentFile {
    let (sn, tn) = (file_name(src), file_name(tgt));
    crate::formats::json::to_file(&Aligned {
        alignment: &done.alignment,
        src: &done.src.segments,
        tgt: &done.tgt.segments,
        src_name: &sn,
        tgt_name: &tn,
        unaligned: &done.unaligned,
        anchors: &done.anchors,
        warnings: &done.warnings,
    })
}

/// What the review works on: an alignment JSON is the work itself (its
/// texts carry the corrections); beads are read against the texts; with
/// neither, the texts are aligned now.
#[allow(clippy::too_many_arguments)]
pub fn work(
    src: &Path,
    tgt: &Path,
    alignment: Option<&Path>,
    read: &ReadAs,
    data: &DataConfig,
    cfg: &Config,
    fb: &mut dyn Feedback,
) -> Result<AlignmentFile> {
    let json = alignment.map(review::read_json).transpose()?.flatten();
    Ok(match (json, alignment) {
        (Some(f), _) => f,
        (None, Some(al)) => {
            let (s, t, sl, tl) = read_pair(src, tgt, read)?;
            let links = crate::eval::read_links(al, s.segments.len(), t.segments.len())?;
            let alignment = crate::align::Alignment { src_lang: sl, tgt_lang: tl, links };
            let done =
                Done { alignment, src: s, tgt: t, unaligned: Vec::new(), anchors: Vec::new(), warnings: Vec::new() };
            file_of(&done, src, tgt)
        }
        (None, None) => {
            let done = align_pair(src, tgt, read, data, cfg, true, fb)?;
            fb.note(&summary(&done));
            file_of(&done, src, tgt)
        }
    })
}

/// Write the page of `file` to `output`, or serve it (`serve`) with every
/// edit saved to `output`; `on_url` hears the served page's address.
pub fn show(
    file: AlignmentFile,
    alignment: Option<&Path>,
    output: Option<&Path>,
    page: &PageOptions,
    serve: Option<review::serve::ServeOptions>,
    on_url: &mut dyn FnMut(&str),
) -> Result<()> {
    match serve {
        Some(opts) => {
            let out = output.ok_or_else(|| Error::usage("--serve saves every edit: give -o FILE.json"))?;
            review::serve::run(file, alignment, out, &opts, on_url)
        }
        None => crate::io::write_output(output, |w| review::write_file(&file, page, w)),
    }
}
