//! `eval`: system alignments scored against gold ones, pair by pair, with
//! the output saying which side is which and what each count means.

use std::path::PathBuf;

use serde_json::json;

use crate::error::{Error, ErrorKind, Result};
use crate::eval::Texts;

/// Score each test alignment against the gold one in the same place; the
/// table for a person (headed by what was gold and what was scored), or
/// JSON with the counts behind each figure, named for what they count.
pub fn eval(gold: &[PathBuf], test: &[PathBuf], json: bool) -> Result<String> {
    eval_with(gold, test, json, &crate::eval::read_alignment_texts)
}

/// [`eval`], reading the test files with `read_test` (e.g. a pair
/// projected out of a multi-alignment), which gives their beads and, when
/// the file holds them, the texts they link.
pub fn eval_with(
    gold: &[PathBuf],
    test: &[PathBuf],
    json: bool,
    read_test: &dyn Fn(&std::path::Path) -> Result<crate::eval::Described>,
) -> Result<String> {
    if gold.len() != test.len() {
        return Err(Error::new(ErrorKind::Mismatch(format!(
            "{} gold files but {} test files: give them in pairs",
            gold.len(),
            test.len()
        ))));
    }
    let mut pairs = Vec::new();
    for (g, t) in gold.iter().zip(test) {
        let ((gb, gt), (tb, tt)) = (crate::eval::read_alignment_texts(g)?, read_test(t)?);
        // What the files say of their texts first: a test the other way
        // round was "of different texts" by its segment counts alone.
        if let (Some(gt), Some(tt)) = (&gt, &tt) {
            same_described_texts(g, gt, t, tt)?;
        }
        same_texts(g, &gb, t, &tb)?;
        pairs.push((gb, tb));
    }
    let s = crate::eval::score_all(&pairs);
    let c = s.counts;
    let gold_links: usize = pairs.iter().map(|(g, _)| g.len()).sum();
    let names = |v: &[PathBuf]| v.iter().map(|p| p.display().to_string()).collect::<Vec<_>>();
    if json {
        let v = json!({
            "gold": {"files": names(gold), "links": gold_links, "links_with_both_sides": c.gold_beads},
            "test": {"files": names(test), "links": c.test_beads},
            "strict": {
                "precision": s.strict.precision, "recall": s.strict.recall, "f1": s.strict.f1,
                "test_links_in_gold": c.strict_tp, "gold_links_found": c.strict_found,
            },
            "lax": {
                "precision": s.lax.precision, "recall": s.lax.recall, "f1": s.lax.f1,
                "test_links_overlapping_gold": c.lax_tp, "gold_links_overlapped": c.lax_found,
            },
        });
        return Ok(serde_json::to_string_pretty(&v)? + "\n");
    }
    Ok(format!(
        "gold:  {} ({gold_links} links, {} with text on both sides)\ntest:  {} ({} links)\n\
         precision: test links the gold has (strict: {} of {}; lax, overlapping one on both sides: {})\n\
         recall: gold links with both sides the test has (strict: {} of {}; lax: {})\n{}",
        names(gold).join(", "),
        c.gold_beads,
        names(test).join(", "),
        c.test_beads,
        c.strict_tp,
        c.test_beads,
        c.lax_tp,
        c.strict_found,
        c.gold_beads,
        c.lax_found,
        s.table()
    ))
}

/// Segments on each side that `beads` name: one past the highest index.
fn extent(beads: &[crate::eval::Bead]) -> (usize, usize) {
    let end = |v: &[usize]| v.iter().max().map_or(0, |x| x + 1);
    beads.iter().fold((0, 0), |(n, m), (s, t)| (n.max(end(s)), m.max(end(t))))
}

/// A test alignment that names a segment past the end of the gold's texts
/// is of other texts (`nld-fra.beads` scored against `deu-fra.beads` gave
/// F1 0.50 and exit 0). One that stops short may only leave out trailing
/// unaligned segments, as some aligners do, and is scored.
fn same_texts(
    gold: &std::path::Path,
    gb: &[crate::eval::Bead],
    test: &std::path::Path,
    tb: &[crate::eval::Bead],
) -> Result<()> {
    let ((gn, gm), (tn, tm)) = (extent(gb), extent(tb));
    if tn > gn || tm > gm {
        return Err(Error::new(ErrorKind::Mismatch(format!(
            "{} links {tn} source and {tm} target segments, but the gold {} only {gn} and {gm}: \
             they align different texts",
            test.display(),
            gold.display()
        ))));
    }
    Ok(())
}

/// Where both files hold their texts (alignment JSON, a pair out of a
/// multi-alignment), they must be the same texts, the same way round and
/// cut into the same segments: a test aligning it → es scored against a
/// gold es → it, or es → ru against es → it, gave F1 1.000 and exit 0
/// whenever the segment counts allowed it, bead indices meaning other
/// sentences.
fn same_described_texts(gold: &std::path::Path, gt: &Texts, test: &std::path::Path, tt: &Texts) -> Result<()> {
    let mismatch = |what: String| {
        Err(Error::new(ErrorKind::Mismatch(format!(
            "{} aligns {} → {} ({} and {} segments), the gold {} {} → {} ({} and {}): {what}",
            test.display(),
            tt.src_lang,
            tt.tgt_lang,
            tt.src_len,
            tt.tgt_len,
            gold.display(),
            gt.src_lang,
            gt.tgt_lang,
            gt.src_len,
            gt.tgt_len
        ))))
    };
    if (gt.src_lang.as_str(), gt.tgt_lang.as_str()) != (tt.src_lang.as_str(), tt.tgt_lang.as_str()) {
        if gt.src_lang == tt.tgt_lang && gt.tgt_lang == tt.src_lang {
            return mismatch("the test is the other way round; align (or give --pair) in the gold's order".into());
        }
        return mismatch("they align different texts".into());
    }
    if (gt.src_len, gt.tgt_len) != (tt.src_len, tt.tgt_len) {
        return mismatch(
            "their texts are cut into different segments (or are other texts), so their links cannot be compared"
                .into(),
        );
    }
    Ok(())
}
