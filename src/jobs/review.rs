//! `review`: the review page of two texts, aligned now or by an existing
//! alignment (beads, or an alignment JSON with the corrections made in
//! it), written as one file or served with every edit saved.

use std::path::Path;

use super::Feedback;
use super::align::{Done, ReadAs, align_pair, read_pair, summary};
use crate::align::{Config, Segment};
use crate::data::DataConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::formats::Aligned;
use crate::formats::json::{AlignmentFile, JsonSegment, Side};
use crate::model::Lang;
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
        marks: &done.marks,
    })
}

/// What the review works on: an alignment JSON is the work itself (its
/// texts carry the corrections), once `src` and `tgt` are found to be the
/// texts it was made from ([`check_texts`]); beads are read against the
/// texts; with neither, the texts are aligned now.
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
        (Some(f), Some(al)) => {
            check_texts(&f, al, src, tgt, read)?;
            f
        }
        (Some(f), None) => f,
        (None, Some(al)) => {
            let (s, t, sl, tl) = read_pair(src, tgt, read)?;
            beads_fit(al, src, tgt, s.segments.len(), t.segments.len())?;
            let links = crate::eval::read_links(al, s.segments.len(), t.segments.len())?;
            let alignment = crate::align::Alignment { src_lang: sl, tgt_lang: tl, links };
            let done = Done {
                alignment,
                src: s,
                tgt: t,
                unaligned: Vec::new(),
                anchors: Vec::new(),
                warnings: Vec::new(),
                marks: Vec::new(),
            };
            file_of(&done, src, tgt)
        }
        (None, None) => {
            let done = align_pair(src, tgt, read, data, cfg, true, fb)?;
            fb.note(&summary(&done));
            file_of(&done, src, tgt)
        }
    })
}

/// Whether the review can write to `output` (`serve`: save the alignment
/// JSON there, resumed from `alignment`): checked by [`show`], and by the
/// CLI before the texts are aligned, which it did first, so that a wrong
/// `-o` was said only after a long alignment.
pub fn check_output(alignment: Option<&Path>, output: Option<&Path>, serve: bool) -> Result<()> {
    // The page is HTML and what --serve saves is the alignment JSON: the
    // other's extension on -o wrote one into a file named as the other,
    // with exit 0.
    let ext = output.and_then(|o| o.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
    match (serve, ext.as_deref()) {
        (false, Some("json")) => {
            return Err(Error::usage(
                "review writes the HTML page; -o FILE.json is where --serve saves the alignment: add --serve, \
                 or give -o PAGE.html",
            ));
        }
        (true, Some("html" | "htm")) => {
            return Err(Error::usage(
                "--serve saves the alignment JSON to -o, not the page: give -o FILE.json (without --serve, \
                 -o PAGE.html writes the page)",
            ));
        }
        _ => {}
    }
    if serve {
        let out = output.ok_or_else(|| Error::usage("--serve saves every edit: give -o FILE.json"))?;
        review::serve::check_out(out, alignment)?;
    }
    Ok(())
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
    check_output(alignment, output, serve.is_some())?;
    match serve {
        Some(opts) => {
            let out = output.ok_or_else(|| Error::usage("--serve saves every edit: give -o FILE.json"))?;
            review::serve::run(file, alignment, out, &opts, on_url)
        }
        None => crate::io::write_output(output, |w| review::write_file(&file, page, w)),
    }
}

/// Check that `src` and `tgt` are the texts the alignment file (read from
/// `alignment`) was made from, read as `read` says, so that a review never
/// shows one pair of texts under the names of another. The file's own
/// languages are the ones its texts were segmented in: a language given in
/// `read` must be the same (an alignment cannot change language without
/// being made again), and the texts are read in them.
///
/// Segments a person corrected (`edited`) may differ from the text, and
/// may have new ids (a split) or have taken in the next ones (a join);
/// every other segment must be in the text with the same id and text, in
/// the same order, and every segment of the text must be in the file,
/// unless it follows a corrected one. The error names the text and the
/// first segment that differs.
pub fn check_texts(f: &AlignmentFile, alignment: &Path, src: &Path, tgt: &Path, read: &ReadAs) -> Result<()> {
    let mut langs = Vec::with_capacity(2);
    for (side, given, flag, which) in
        [(&f.src, &read.src_lang, "--src-lang", "source"), (&f.tgt, &read.tgt_lang, "--tgt-lang", "target")]
    {
        let made = Lang::new(&side.lang).ok_or_else(|| {
            Error::invalid(format!("{which} language {:?} is not a language code", side.lang)).in_file(alignment)
        })?;
        if let Some(g) = given.as_ref().filter(|g| !g.is_und() && **g != made) {
            return Err(Error::usage(format!(
                "{flag} {g}: {} aligns its {which} text as {made} ({}), and an alignment keeps the language it was made in; drop {flag}, or drop --alignment to align the texts anew",
                alignment.display(),
                made.name()
            )));
        }
        langs.push(made);
    }
    let (sl, tl) = (langs[0].clone(), langs[1].clone());
    for (path, side, lang, which) in [(src, &f.src, sl, "source"), (tgt, &f.tgt, tl.clone(), "target")] {
        let text = super::align::read_text(path, read.segmented, Some(lang), read.syntax)?;
        let same = same_text(&text.segments, side, read.segmented);
        // SRC and TGT swapped: the source given is the alignment's target
        // (the error quoted the first sentence that differed, in two
        // languages, without saying why).
        if same.is_err() && which == "source" {
            let as_target = super::align::read_text(path, read.segmented, Some(tl.clone()), read.syntax)?;
            if same_text(&as_target.segments, &f.tgt, read.segmented).is_ok() {
                return Err(Error::new(ErrorKind::Mismatch(format!(
                    "the target text {} was made from, not its source: SRC and TGT are the other way round; give {} first",
                    alignment.display(),
                    f.src.file
                )))
                .in_file(path));
            }
        }
        same.map_err(|why| {
            Error::new(ErrorKind::Mismatch(format!(
                "not the {which} text {} was made from: {why}",
                alignment.display()
            )))
        })
        .map_err(|e| e.in_file(path))?;
    }
    Ok(())
}

/// Beads hold no text, only segment indices; what can be checked is that
/// they cover as many segments of each text as it has (every segment in
/// exactly one link, so the highest index is the last segment). When they
/// do not, the error names the text, not only the beads file: the likely
/// mistake is a text other than the one aligned. A beads file that does
/// not parse is left to [`crate::eval::read_links`] to name.
fn beads_fit(beads: &Path, src: &Path, tgt: &Path, n: usize, m: usize) -> Result<()> {
    let text = crate::io::read_text(beads)?;
    let Ok(links) = crate::eval::parse_scored_beads(&text) else { return Ok(()) };
    let covered = |side: fn(&crate::eval::Bead) -> &Vec<usize>| {
        links.iter().flat_map(|(b, _)| side(b).iter().copied()).max().map_or(0, |i| i + 1)
    };
    for (path, which, has, covers) in [(src, "source", n, covered(|b| &b.0)), (tgt, "target", m, covered(|b| &b.1))] {
        if has != covers {
            return Err(Error::new(ErrorKind::Mismatch(format!(
                "not the {which} text {} was made from: the text has {has} segments, the alignment {covers} (beads hold no text to compare; give the texts it was made from, read as they were then, or drop --alignment to align these anew)",
                beads.display()
            )))
            .in_file(path));
        }
    }
    Ok(())
}

/// A segment's text for a message: its start, on one line.
fn quoted(text: &str) -> String {
    let line = crate::text::one_line(text);
    let mut short: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        short.push('…');
    }
    format!("{short:?}")
}

/// Whether the segments of a text read now are those an alignment file
/// holds for it (see [`check_texts`]); why not, in words.
fn same_text(read: &[Segment], side: &Side, segmented: bool) -> std::result::Result<(), String> {
    let at: std::collections::HashMap<&str, usize> = read.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let counts = format!("the text has {} segments, the alignment {}", read.len(), side.segments.len());
    // How the file's segments were read, when it shows: one per line has
    // ids s1, s2, … (and s1.1 after a split in review).
    let lines = side
        .segments
        .iter()
        .all(|s| s.id.strip_prefix('s').is_some_and(|n| n.split('.').all(|d| d.parse::<usize>().is_ok())));
    let hint = if !segmented && lines {
        "; the alignment has one segment per line: give --segmented"
    } else if segmented && !lines {
        "; the alignment was not made one segment per line: drop --segmented"
    } else {
        "; give the texts it was made from, read as they were then (the same --segmented and --input-format), or drop --alignment to align these anew"
    };
    let fail = |what: String| Err(format!("{what} ({counts}){hint}"));
    let mut next = 0;
    let mut after_edit = false;
    for js in &side.segments {
        let JsonSegment { id, text, edited, .. } = js;
        match at.get(id.as_str()) {
            Some(&i) if i < next => {
                return fail(format!("its segment {id} comes before {} in the alignment", read[next - 1].id));
            }
            Some(&i) => {
                // Segments skipped here were joined into a corrected one.
                if i > next && !after_edit {
                    return fail(format!(
                        "its segment {} {} is not in the alignment",
                        read[next].id,
                        quoted(&read[next].text)
                    ));
                }
                if !edited && read[i].text != *text {
                    return fail(format!(
                        "its segment {id} reads {} where the alignment has {}",
                        quoted(&read[i].text),
                        quoted(text)
                    ));
                }
                next = i + 1;
            }
            // A new id is the second part of a sentence split in review.
            None if *edited => {}
            None => return fail(format!("the alignment's segment {id} {} is not in it", quoted(text))),
        }
        after_edit = *edited;
    }
    if next < read.len() && !after_edit {
        return fail(format!("its segment {} {} is not in the alignment", read[next].id, quoted(&read[next].text)));
    }
    Ok(())
}
