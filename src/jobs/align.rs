//! Aligning files end to end: read both texts through the door
//! ([`crate::load`]), pick the lexicon, align, write the chosen format.
//! Shared by `transalign align`, `review`, `convert`, the batch mode and
//! the main job.
//!
//! Two texts in memory, one sentence per line, without a dictionary:
//!
//! ```
//! use transalign::jobs::align::{align_texts, text_from_str};
//! use transalign::Lang;
//!
//! let nl = "Artikel 1.\nAlle mensen worden vrij en gelijk in waardigheid en rechten geboren.\n";
//! let fr = "Article premier.\nTous les êtres humains naissent libres et égaux en dignité et en droits.\n";
//! let (src, tgt) = (text_from_str(nl, true, Lang::new("nl"), None)?, text_from_str(fr, true, Lang::new("fr"), None)?);
//! let (sl, tl) = (src.lang.clone().unwrap(), tgt.lang.clone().unwrap());
//! let done = align_texts(src, tgt, &sl, &tl, None, &Default::default());
//! let links: Vec<_> = done.alignment.links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect();
//! assert_eq!(links, [(vec![0], vec![0]), (vec![1], vec![1])]);
//! # Ok::<(), transalign::Error>(())
//! ```

use std::path::Path;

use super::Feedback;
use crate::align::input::{self, Text};
use crate::align::{Alignment, Config, Link, Segment, Side};
use crate::data::DataConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::lexicon::Lexicon;
use crate::load::{Input, Options, Role};
use crate::model::{Lang, LangSource};
use crate::syntax::Syntax;

/// Read a text to align. With `segmented`, each line is one segment
/// (blank lines included, so line k is segment k). Otherwise the file is
/// read in its syntax (given, or detected from its name and content) and
/// segmented into sentences, its headings and paragraphs kept as anchors.
pub fn read_text(path: &Path, segmented: bool, lang: Option<Lang>, syntax: Option<Syntax>) -> Result<Text> {
    if segmented {
        let text = crate::io::read_content(path)?;
        return Ok(input::from_lines(&text, lang));
    }
    let input = Input::open(path, syntax)?;
    text_of(&input, lang).map_err(|e| e.in_file(path))
}

/// A text to align from an input already read.
pub fn text_of(input: &Input, lang: Option<Lang>) -> Result<Text> {
    let opts = Options { lang: lang.clone(), role: Role::Text, positions: false };
    let parsed = input.document(&opts)?;
    let mut doc = parsed.doc;
    let mut source = parsed.lang_source;
    if lang.is_some() {
        // TEI keeps its declared language in the document; the caller's wins.
        doc.lang = lang;
        source = crate::model::LangSource::Given;
    }
    let mut text = input::from_document(&doc, source, input.is_tei())?;
    text.notes = parsed.notes;
    Ok(text)
}

/// A text to align from text in memory: one segment per line, or a
/// document in `syntax` (or the one its content shows).
pub fn text_from_str(text: &str, segmented: bool, lang: Option<Lang>, syntax: Option<Syntax>) -> Result<Text> {
    if segmented {
        return Ok(input::from_lines(text, lang));
    }
    text_of(&Input::from_text(text, syntax), lang)
}

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
    /// What whoever uses the alignment must know of how it was made: the
    /// evidence was reduced (no dictionary for the pair), a language was
    /// only guessed or contradicts the flag that gave it. Said on standard
    /// error as the run goes, and kept in the outputs.
    pub warnings: Vec<String>,
    /// What a person did to each link in review, in link order (empty
    /// when the alignment was made here, not read from a reviewed file).
    pub marks: Vec<crate::formats::Marks>,
}

fn need_lang(t: &Text, given: &Option<Lang>, path: &Path, flag: &str) -> Result<Lang> {
    given
        .clone()
        .or_else(|| t.lang.clone())
        .ok_or_else(|| Error::new(ErrorKind::UnknownLanguage { flag: flag.to_string() }).in_file(path))
}

/// How to read the two files of a pair.
#[derive(Debug, Clone, Default)]
pub struct ReadAs {
    /// One segment per line.
    pub segmented: bool,
    /// The syntax of both files (`--input-format`); detected per file when `None`.
    pub syntax: Option<Syntax>,
    /// Source language, when given (`und` is not given: detected).
    pub src_lang: Option<Lang>,
    /// Target language, when given (`und` is not given: detected).
    pub tgt_lang: Option<Lang>,
}

/// Read two files and the languages they are in (given, or detected; a
/// language given as `und` is detected too).
pub fn read_pair(src: &Path, tgt: &Path, how: &ReadAs) -> Result<(Text, Text, Lang, Lang)> {
    let known = |l: &Option<Lang>| l.clone().filter(|l| !l.is_und());
    let (src_lang, tgt_lang) = (&known(&how.src_lang), &known(&how.tgt_lang));
    let s = read_text(src, how.segmented, src_lang.clone(), how.syntax)?;
    let t = read_text(tgt, how.segmented, tgt_lang.clone(), how.syntax)?;
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
    Done { alignment, src, tgt, unaligned, anchors, warnings: Vec::new(), marks: Vec::new() }
}

/// Read both texts, load the lexicon of their languages and align them;
/// `fb` hears the stages, which data was used and what looks doubtful.
/// The anchors only when `anchors` (see [`align_texts_with`]).
pub fn align_pair(
    src: &Path,
    tgt: &Path,
    read: &ReadAs,
    data: &DataConfig,
    cfg: &Config,
    anchors: bool,
    fb: &mut dyn Feedback,
) -> Result<Done> {
    fb.stage("reading the texts");
    let (s, t, sl, tl) = read_pair(src, tgt, read)?;
    let mut warnings = Vec::new();
    for (path, text, flag) in [(src, &s, "--src-lang"), (tgt, &t, "--tgt-lang")] {
        warnings.extend(say_text_language(path, text, flag, fb));
        for n in &text.notes {
            fb.warn(&format!("{}: {n}", path.display()));
        }
    }
    fb.stage("loading the lexicon");
    let loaded = data.lexicon(&sl, &tl)?;
    // One short line for the route; -v gives the data in full.
    if loaded.reduced.is_none() {
        fb.note(&loaded.route);
    }
    fb.detail(&format!("{sl} → {tl}; {}", loaded.note));
    if let Some(r) = &loaded.reduced {
        fb.warn(&format!("reduced evidence: {r}"));
        warnings.insert(0, reduced_warning(r));
    }
    for u in &loaded.used {
        fb.detail(&format!("  {u}: {}", u.path.display()));
    }
    let chars = |t: &Text| t.segments.iter().map(|x| x.text.chars().count()).sum::<usize>().max(1) as f64;
    let ratio = chars(&t) / chars(&s);
    if !(1.0 / 3.0..=3.0).contains(&ratio) {
        fb.warn(&format!(
            "the texts differ {:.1}x in length; expect many unaligned segments and low confidence",
            if ratio > 1.0 { ratio } else { 1.0 / ratio }
        ));
    }
    fb.stage(&format!("aligning {} × {} segments", s.segments.len(), t.segments.len()));
    let start = std::time::Instant::now();
    let mut done = align_texts_with(s, t, &sl, &tl, loaded.lexicon.as_ref(), cfg, anchors);
    if let Some(w) = unrelated_warning(&done.alignment) {
        fb.warn(&w);
        warnings.push(w);
    }
    done.warnings = warnings;
    fb.detail(&format!("aligned in {:.2} s", start.elapsed().as_secs_f64()));
    Ok(done)
}

/// Below this mean confidence of its links with text on both sides, an
/// alignment of at least [`UNRELATED_MIN_LINKS`] such links is said to be
/// of texts that may not be a text and its translation. Measured on the
/// sets of `../shared/bench`: a text and its translation 0.87–0.94 (de–fr
/// with a third of the French cut out in runs: 0.83); a text against
/// another book's translation 0.47–0.60. (Over all links, 1-0 and 0-1
/// included, an abridged translation came within 0.05 of the threshold.)
pub const UNRELATED_BELOW: f64 = 0.72;

/// Fewer linked pairs than this say too little for [`unrelated_warning`].
pub const UNRELATED_MIN_LINKS: usize = 20;

/// The warning an alignment of two texts that do not look like a text and
/// its translation carries: aligning the wrong file gave an alignment,
/// exit 0, and nothing said so. `None` for a usual alignment, or one too
/// short to tell.
pub fn unrelated_warning(a: &crate::align::Alignment) -> Option<String> {
    let linked: Vec<f64> =
        a.links.iter().filter(|l| !l.src.is_empty() && !l.tgt.is_empty()).map(|l| l.confidence).collect();
    if linked.len() < UNRELATED_MIN_LINKS {
        return None;
    }
    let mean = linked.iter().sum::<f64>() / linked.len() as f64;
    (mean < UNRELATED_BELOW).then(|| {
        format!(
            "the linked segments' mean confidence is {mean:.2}, as between unrelated texts (a text and its \
             translation give 0.8 or more): are these a text and its translation?"
        )
    })
}

/// The warning an alignment's outputs carry when its evidence was reduced
/// (`why`: no dictionary for the pair, and where it was looked for).
pub fn reduced_warning(why: &str) -> String {
    format!("reduced evidence, fewer and weaker links than usual: {why}")
}

/// The error for saving a lexicon (`--save-lexicon` to `path`) learned
/// from `n` confident links, fewer than [`crate::align::learn::MIN_SAVE`];
/// `over` says what they came from, `advice` what to do.
pub(crate) fn refuse_small_lexicon(n: usize, over: &str, advice: &str, path: &Path) -> Result<()> {
    use crate::align::learn::MIN_SAVE;
    if n >= MIN_SAVE {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "--save-lexicon: {n} confident links{over}, fewer than the {MIN_SAVE} a lexicon is saved from; nothing saved{advice}"
    ))
    .in_file(path))
}

/// Learn a lexicon from a finished alignment (the dictionary, if any, as
/// its prior) and save it to `path` (see [`crate::align::Learned::save`]);
/// the number of word pairs saved. Below [`crate::align::learn::MIN_SAVE`]
/// confident links it is an error and nothing is saved (co-occurrence on a
/// few dozen sentences is mostly chance, and the file would carry that
/// noise into every later `--dict`); below what the aligner itself learns
/// from ([`crate::align::learn::MIN_PAIRS`]), `fb` hears a warning.
pub fn save_lexicon(done: &Done, data: &DataConfig, path: &Path, fb: &mut dyn Feedback) -> Result<usize> {
    use crate::align::learn::MIN_PAIRS;
    let (sl, tl) = (&done.alignment.src_lang, &done.alignment.tgt_lang);
    let loaded = data.lexicon(sl, tl)?;
    let mut learner = crate::align::Learner::new(sl, tl, loaded.lexicon.as_ref());
    learner.add_links(&done.src.segments, &done.tgt.segments, &done.alignment.links);
    let n = learner.gathered();
    let more = "align more text, or a --batch of texts in this language pair, which learns over all of them";
    refuse_small_lexicon(n, "", &format!(" ({more})"), path)?;
    if n < MIN_PAIRS {
        fb.warn(&format!(
            "{}: learned from only {n} confident links (the aligner learns from {MIN_PAIRS}); check it before reusing it ({more})",
            path.display()
        ));
    }
    let learned = learner.finish();
    learned.save(path, sl, tl)?;
    Ok(learned.len())
}

/// Tell the person how a text's language was settled: a detection with its
/// confidence, a guess with a warning naming the flag that settles it.
pub fn say_language(path: &Path, lang: Option<&Lang>, source: LangSource, flag: &str, fb: &mut dyn Feedback) {
    let Some(lang) = lang else { return };
    if let Some(w) = doubt(path, lang, source, flag) {
        fb.warn(&w);
        return;
    }
    let name = path.display();
    match source {
        LangSource::Detected { confidence } => {
            fb.note(&format!("{name}: {lang} ({}) detected, confidence {confidence:.2}", lang.name()))
        }
        LangSource::Lists => {
            fb.note(&format!("{name}: {lang} ({}), the language of its list of translations", lang.name()))
        }
        LangSource::Declared => fb.detail(&format!("{name}: {lang}, as the file declares")),
        _ => {}
    }
}

/// The warning for a language that was only guessed, or could not be told.
fn doubt(path: &Path, lang: &Lang, source: LangSource, flag: &str) -> Option<String> {
    let name = path.display();
    match source {
        LangSource::Guessed { confidence } => Some(format!(
            "{name}: the text is too short or too mixed to tell its language for sure: {lang} ({})? (confidence {confidence:.2}); give {flag}",
            lang.name()
        )),
        LangSource::Unknown if lang.is_und() => Some(format!(
            "{name}: its language could not be told (too little running text, no list of translations): und; give {flag}"
        )),
        _ => None,
    }
}

/// Everything doubtful about a text's language, as warnings: a guess, no
/// language, a flag the text contradicts (for outputs that keep them, such
/// as a batch's summary).
pub fn language_warnings(path: &Path, text: &Text, flag: &str) -> Vec<String> {
    language_warnings_with(path, text, flag, contradiction(path, text, flag))
}

/// [`language_warnings`], the contradiction already looked for.
fn language_warnings_with(path: &Path, text: &Text, flag: &str, contradicted: Option<String>) -> Vec<String> {
    let doubtful = text.lang.as_ref().and_then(|l| doubt(path, l, text.lang_source, flag));
    doubtful.into_iter().chain(contradicted).collect()
}

/// [`say_language`] for a text to align, and a warning when the language
/// a flag gave is plainly not the text's: swapped or mistyped flags
/// otherwise fail silently (the wrong dictionary, fewer anchors, worse
/// links). The flag is kept: a person may know better than the detector.
/// Returns [`language_warnings`], for the output: the text is read by the
/// detector once, not once for the person and again for the file.
pub fn say_text_language(path: &Path, text: &Text, flag: &str, fb: &mut dyn Feedback) -> Vec<String> {
    say_language(path, text.lang.as_ref(), text.lang_source, flag, fb);
    let contradicted = contradiction(path, text, flag);
    if let Some(w) = &contradicted {
        fb.warn(w);
    }
    language_warnings_with(path, text, flag, contradicted)
}

/// The warning for a text whose given language (by `flag`) the text
/// plainly contradicts, if it does.
pub fn contradiction(path: &Path, text: &Text, flag: &str) -> Option<String> {
    let (given, read) = contradicted(text)?;
    Some(contradiction_said(path, flag, given, &read))
}

fn contradiction_said(path: &Path, flag: &str, given: &Lang, read: &crate::lang::Detected) -> String {
    format!(
        "{}: {flag} says {given} ({}), but the text reads as {} ({}), confidence {:.2}; check {flag}",
        path.display(),
        given.name(),
        read.lang,
        read.lang.name(),
        read.confidence
    )
}

/// Confidence from which a detected language contradicts a given one:
/// higher than a finding needs ([`crate::lang::CONFIDENT`]), since the
/// person's word is set against it.
const CONTRADICTS: f64 = 0.9;

/// The given language and the detected one, when the text was given a
/// language and the detector is sure of another.
fn contradicted(text: &Text) -> Option<(&Lang, crate::lang::Detected)> {
    let given = text.lang.as_ref().filter(|l| text.lang_source == LangSource::Given && !l.is_und())?;
    // A sample as the detector reads an undeclared text.
    let mut sample = String::new();
    for s in &text.segments {
        if sample.len() > crate::lang::SAMPLE_BYTES {
            break;
        }
        sample.push_str(&s.text);
        sample.push('\n');
    }
    Some((given, read_otherwise(given, &sample)?))
}

/// The language a sample of text plainly reads as, when it is not `given`
/// and `given` is one the detector could have named.
fn read_otherwise(given: &Lang, sample: &str) -> Option<crate::lang::Detected> {
    if !crate::lang::can_name(given) {
        return None;
    }
    let read = crate::lang::detect_scored(sample)?;
    (read.confidence >= CONTRADICTS && read.lang.primary() != given.primary()).then_some(read)
}

/// [`contradiction`] for a page given a language by `flag` (`tei --lang`):
/// `text` is the page as read, markup and all (the detector is sure
/// enough of a page's language through it).
pub fn page_contradiction(path: &Path, text: &str, given: &Lang, flag: &str) -> Option<String> {
    if given.is_und() {
        return None;
    }
    let mut end = text.len().min(crate::lang::SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let read = read_otherwise(given, &text[..end])?;
    Some(contradiction_said(path, flag, given, &read))
}

/// One line saying what an alignment holds: segments, links by type.
pub fn summary(done: &Done) -> String {
    let mut types = std::collections::BTreeMap::new();
    for l in &done.alignment.links {
        *types.entry(format!("{}-{}", l.src.len(), l.tgt.len())).or_insert(0usize) += 1;
    }
    let t: Vec<String> = types.iter().map(|(k, v)| format!("{v} {k}")).collect();
    format!(
        "{} + {} segments → {} links ({})",
        done.src.segments.len(),
        done.tgt.segments.len(),
        done.alignment.links.len(),
        t.join(", ")
    )
}

/// The links below `threshold`, for a person to review: a heading line,
/// then at most `max` links with their confidence and segment ids.
pub fn doubtful(done: &Done, threshold: f64, max: usize) -> Vec<String> {
    let low: Vec<&Link> = done.alignment.links.iter().filter(|l| l.confidence < threshold).collect();
    if low.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("{} links below confidence {threshold} (review these):", low.len())];
    let ids = |segs: &[Segment], ix: &[usize]| ix.iter().map(|&i| segs[i].id.as_str()).collect::<Vec<_>>().join(" ");
    for l in low.iter().take(max) {
        out.push(format!(
            "  {:.3}  [{}] ↔ [{}]",
            l.confidence,
            ids(&done.src.segments, &l.src),
            ids(&done.tgt.segments, &l.tgt)
        ));
    }
    if low.len() > max {
        out.push(format!("  … and {} more", low.len() - max));
    }
    out
}

/// The `--report-omissions` listing: one block per unaligned segment,
/// where it sits, its text and why it was left out.
pub fn omissions(done: &Done) -> String {
    use std::fmt::Write;
    let (src, tgt) = (&done.src.segments, &done.tgt.segments);
    let (n, colon) = (done.unaligned.len(), if done.unaligned.is_empty() { "." } else { ":" });
    let mut out = format!("{n} of {} source and {} target segments left unaligned{colon}\n", src.len(), tgt.len());
    for u in &done.unaligned {
        let is_src = u.side == Side::Source;
        let (which, segs, lang) = if is_src {
            ("source", src, done.alignment.src_lang.code())
        } else {
            ("target", tgt, done.alignment.tgt_lang.code())
        };
        let Some(seg) = segs.get(u.segment) else { continue };
        // Where it sits: between the segments of the other text that the
        // links around it hold.
        let segs_facing = if is_src { tgt } else { src };
        let facing = |l: &Link| if is_src { l.tgt.clone() } else { l.src.clone() };
        let ids = |l: &Link| {
            facing(l).iter().filter_map(|&i| segs_facing.get(i)).map(|s| s.id.as_str()).collect::<Vec<_>>().join(" ")
        };
        let links = &done.alignment.links;
        let before = links[..u.link.min(links.len())]
            .iter()
            .rev()
            .find(|l| !facing(l).is_empty())
            .map_or_else(|| "start".into(), ids);
        let after = links.iter().skip(u.link + 1).find(|l| !facing(l).is_empty()).map_or_else(|| "end".into(), ids);
        let text: String = seg.text.chars().take(100).collect();
        let more = if seg.text.chars().count() > 100 { "…" } else { "" };
        let _ = writeln!(
            out,
            "  {which} {} ({lang}), link {}, confidence {:.3}, between [{before}] and [{after}]",
            seg.id,
            u.link + 1,
            u.confidence
        );
        let _ = writeln!(out, "    {text}{more}");
        let _ = writeln!(out, "    why: {}", u.reason());
    }
    out
}
