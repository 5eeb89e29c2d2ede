//! Writing an alignment in any format: one file, or the sets of files XCES
//! (alignment + two sentence files) and Moses (one file per side) make;
//! and `convert`, which reads an alignment JSON back and writes it again.

use std::path::{Path, PathBuf};

use super::Feedback;
use super::align::Done;
use crate::error::{Error, Result};
use crate::formats::{self, Aligned, Format};
use crate::model::Lang;

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
    let put_out = |fill: &dyn Fn(&mut dyn std::io::Write) -> Result<()>| match (links, out) {
        (Links::Replace, Some(p)) => crate::io::write_atomic_here(p, |w| fill(w)),
        _ => crate::io::write_output(out, |w| fill(w)),
    };
    match format {
        Format::Xces => {
            // The alignment and the two sentence files it points into.
            // `-o -` named three files `-`, `-.de.xml` and `-.fr.xml`.
            let path = out.filter(|o| !crate::io::is_stdio(o)).ok_or_else(|| {
                Error::usage("--format xces writes the alignment and two sentence files: give -o FILE")
            })?;
            let (sn, tn) = (file_name(src_path), file_name(tgt_path));
            let x = aligned(done, &sn, &tn);
            let (sn, tn) = formats::side_names(&done.alignment);
            let name = file_name(path);
            let stem = name.strip_suffix(".xml").unwrap_or(&name);
            let stem = stem.strip_suffix(".xces").unwrap_or(stem).to_string();
            refuse_overwriting_inputs(path, src_path, tgt_path)?;
            // The three replace their old versions together, or none does.
            let mut set = crate::io::FileSet::new();
            let mut written = Vec::new();
            for (side, segs, lang) in [
                (&sn, &done.src.segments, &done.alignment.src_lang),
                (&tn, &done.tgt.segments, &done.alignment.tgt_lang),
            ] {
                let p = path.with_file_name(format!("{stem}.{}.xml", plain_name(side)?));
                refuse_overwriting_inputs(&p, src_path, tgt_path)?;
                set.add(&p, links == Links::Follow, |w| formats::xces::write_sentences(segs, side, lang.code(), w))?;
                written.push(p);
            }
            let (from, to) = (file_name(&written[0]), file_name(&written[1]));
            set.add(path, links == Links::Follow, |w| formats::xces::write(&x, &from, &to, w))?;
            set.commit()?;
            written.push(path.to_path_buf());
            return Ok(written);
        }
        Format::Moses => {
            let prefix = out
                .filter(|o| !crate::io::is_stdio(o))
                .ok_or_else(|| Error::usage("--format moses writes two files: give -o PREFIX"))?;
            // A directory as the prefix wrote the hidden files DIR/.de and DIR/.fr.
            if prefix.is_dir() {
                return Err(Error::usage(format!(
                    "--format moses: -o {} is a directory; give a prefix for the two files, such as {}",
                    prefix.display(),
                    prefix.join("corpus").display()
                )));
            }
            let (sn, tn) = (file_name(src_path), file_name(tgt_path));
            let x = aligned(done, &sn, &tn);
            // Named as XCES names its sentence files: two texts in one
            // language are PREFIX.src and PREFIX.tgt, not one PREFIX.de
            // written twice, the target over the source.
            let (sn, tn) = formats::side_names(&done.alignment);
            let mut set = crate::io::FileSet::new();
            let mut written = Vec::new();
            for (side, name) in [(true, &sn), (false, &tn)] {
                let p = PathBuf::from(format!("{}.{}", prefix.display(), plain_name(name)?));
                refuse_overwriting_inputs(&p, src_path, tgt_path)?;
                set.add(&p, links == Links::Follow, |w| formats::write_moses_side(&x, side, w))?;
                written.push(p);
            }
            set.commit()?;
            return Ok(written);
        }
        _ => {
            // The CLI refuses this before aligning; the library's callers
            // (Python's `Alignment.write`) wrote beads over the source text.
            if let Some(p) = out {
                refuse_overwriting_inputs(p, src_path, tgt_path)?;
            }
            put_out(&|w| write_stream(done, src_path, tgt_path, format, out, w))?
        }
    }
    Ok(out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
}

/// Write `done` in a format that makes one stream (all but XCES and
/// Moses, which make several files: see [`fn@write`]) to `w`: the bytes
/// [`fn@write`] puts in the file `out` (TEI points into its inputs
/// relative to `out`'s directory; `None` is standard output). The Python
/// package's `Alignment.to_string` uses it.
pub fn write_stream(
    done: &Done,
    src_path: &Path,
    tgt_path: &Path,
    format: Format,
    out: Option<&Path>,
    w: &mut dyn std::io::Write,
) -> Result<()> {
    let (sn, tn) = (file_name(src_path), file_name(tgt_path));
    let x = aligned(done, &sn, &tn);
    match format {
        Format::Beads => formats::write_beads(&done.alignment, w),
        Format::Tsv => formats::write_tsv(&x, w),
        Format::Tmx => formats::tmx::write(&x, w),
        Format::Json => formats::json::write(&x, w),
        Format::Html => crate::review::write(&x, w),
        Format::Text => formats::text::write(&x, text_width(), w),
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
            formats::tei::write(&x, &texts, w)
        }
        Format::Xces => Err(Error::usage("--format xces writes the alignment and two sentence files: give -o FILE")),
        Format::Moses => Err(Error::usage("--format moses writes two files: give -o PREFIX")),
    }
}

fn aligned<'a>(done: &'a Done, src_name: &'a str, tgt_name: &'a str) -> Aligned<'a> {
    Aligned {
        alignment: &done.alignment,
        src: &done.src.segments,
        tgt: &done.tgt.segments,
        src_name,
        tgt_name,
        unaligned: &done.unaligned,
        anchors: &done.anchors,
        warnings: &done.warnings,
        marks: &done.marks,
    }
}

/// The files XCES and Moses name after `-o` must not be the texts: `align
/// a.de b.fr --format moses -o a` replaced the text `a.de` with the aligned
/// source, exit 0 (`-o` itself is checked before any run, these are not).
fn refuse_overwriting_inputs(p: &Path, src_path: &Path, tgt_path: &Path) -> Result<()> {
    crate::io::refuse_overwriting(Some(p), &[src_path, tgt_path])
}

/// A language code as part of a file name: it must not lead out of the
/// output's directory, whatever a JSON or TEI input claims.
fn plain_name(code: &str) -> Result<&str> {
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Error::new(crate::error::ErrorKind::LanguageCode {
            code: code.to_string(),
            why: "not a language code that can name a file".into(),
        }));
    }
    Ok(code)
}

/// "3 links checked, 1 flagged" for a reviewed alignment's marks; `None`
/// when no link has one.
fn marks_summary(marks: &[formats::Marks]) -> Option<String> {
    let count = |f: fn(&formats::Marks) -> bool| marks.iter().filter(|m| f(m)).count();
    let parts: Vec<String> =
        [(count(|m| m.checked), "checked"), (count(|m| m.flagged), "flagged"), (count(|m| m.edited), "edited")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
    (!parts.is_empty()).then(|| format!("links a person marked in review ({})", parts.join(", ")))
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
        Format::Text => "text.txt",
    }
}

/// The width of the side-by-side view: the terminal's (`$COLUMNS`), else 120.
fn text_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&c| c >= 40).unwrap_or(120)
}

/// `transalign convert`: an alignment JSON file (version 1 or 2, e.g. saved
/// by the review page) written in `format`. Its texts are the file's own,
/// with the corrections made in review; the JSON and the review page keep
/// the checked marks, flags, evidence and undo history. The file's
/// warnings go into every format that holds notes, and to `fb` for the
/// bare ones (beads, Moses), as `align` says them.
pub fn convert(path: &Path, format: Format, out: Option<&Path>, fb: &mut dyn Feedback) -> Result<Vec<PathBuf>> {
    let text = crate::io::read_text(path)?;
    // A multi-alignment (several translations) is written by its own job.
    if crate::multi::json::looks_like(&text) {
        let m = crate::multi::json::parse(&text).map_err(|e| e.in_file(path))?;
        return super::multi::convert_read(&m, path, None, format, out, fb);
    }
    let file = formats::json::parse_file(&text).map_err(|e| e.in_file(path))?;
    let (s, t, a) = formats::json::to_alignment_in(&file, &text).map_err(|e| e.in_file(path))?;
    let pass_through = |fill: &dyn Fn(&mut dyn std::io::Write) -> Result<()>| {
        crate::io::write_output(out, |w| fill(w)).map(|_| out.map(|p| vec![p.to_path_buf()]).unwrap_or_default())
    };
    match format {
        Format::Json => {
            let mut f = file.clone();
            f.version = formats::json::VERSION;
            return pass_through(&|w| {
                serde_json::to_writer_pretty(&mut *w, &f)?;
                Ok(w.write_all(b"\n")?)
            });
        }
        Format::Html => {
            return pass_through(&|w| crate::review::write_file(&file, &crate::review::PageOptions::default(), w));
        }
        _ => {}
    }
    let text_of = |segments, lang: &Lang| crate::align::input::Text {
        segments,
        lang: Some(lang.clone()),
        is_tei: false,
        lang_source: crate::model::LangSource::Declared,
        notes: Vec::new(),
    };
    // Why each segment was left unaligned, as the file says (the text
    // format shows it).
    let unaligned = file
        .links
        .iter()
        .enumerate()
        .filter_map(|(k, l)| {
            let why = l.unaligned.as_ref()?;
            let (side, segment) = match (l.src.as_slice(), l.tgt.as_slice()) {
                ([i], []) => (crate::align::Side::Source, *i),
                ([], [j]) => (crate::align::Side::Target, *j),
                _ => return None,
            };
            Some(crate::align::Unaligned {
                link: k,
                side,
                segment,
                confidence: l.confidence,
                share: why.share,
                expected_share: why.expected_share,
                join_before: why.join_before,
                join_after: why.join_after,
                in_run: why.in_run,
                stated: Some(why.reason.clone()),
            })
        })
        .collect();
    let done = Done {
        src: text_of(s, &a.src_lang),
        tgt: text_of(t, &a.tgt_lang),
        alignment: a,
        unaligned,
        anchors: Vec::new(),
        warnings: file.warnings.clone(),
        marks: formats::json::marks(&file),
    };
    let name = |f: &str, side: &str| if f.is_empty() { PathBuf::from(side) } else { PathBuf::from(f) };
    let written = write(&done, &name(&file.src.file, "src"), &name(&file.tgt.file, "tgt"), format, out)?;
    if matches!(format, Format::Beads | Format::Moses) {
        for w in &done.warnings {
            fb.warn(&format!("{}: {w}", path.display()));
        }
    }
    if matches!(format, Format::Beads | Format::Moses | Format::Xces) {
        if let Some(what) = marks_summary(&done.marks) {
            fb.warn(&format!(
                "{}: {what}: {} has no place for these marks (JSON, TMX, TEI, TSV and the text view keep them)",
                path.display(),
                format.name()
            ));
        }
    }
    Ok(written)
}
