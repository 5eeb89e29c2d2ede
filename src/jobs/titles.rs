//! `titles` and `eval-titles`: one page's title alignment in a format, and
//! every gold page scored.

use std::path::{Path, PathBuf};

use super::Feedback;
use crate::data::DataConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::syntax::Syntax;
use crate::titles::{self, TitleAlignment, eval};

/// The formats of `titles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitlesFormat {
    /// Plain text for a person.
    Text,
    /// The JSON contract ([`titles::to_json`]).
    Json,
    /// One row per translated title.
    Tsv,
}

/// Align one page's titles and write them in `format` to `output`.
pub fn titles(
    page: &Path,
    syntax: Option<Syntax>,
    lang: Option<&crate::Lang>,
    data: &DataConfig,
    format: TitlesFormat,
    output: Option<&Path>,
    fb: &mut dyn Feedback,
) -> Result<TitleAlignment> {
    let a = titles::titles_for_page_in(page, syntax, lang, data, &mut |n| fb.note(n))?;
    if let Some(w) = lang_overruled(page, lang, &a) {
        fb.warn(&w);
    }
    for w in &a.data.reduced_evidence {
        fb.warn(&format!("reduced evidence: {w}"));
    }
    crate::io::write_output(output, |w| {
        let text = match format {
            TitlesFormat::Json => titles::titles_json(&a)?,
            TitlesFormat::Tsv => titles::titles_tsv(&a),
            TitlesFormat::Text => titles::titles_text(&a),
        };
        Ok(w.write_all(text.as_bytes())?)
    })?;
    Ok(a)
}

/// The warning due when `--lang` named another language than the one the
/// page's titles were matched in: the listed translations' own language
/// wins over the flag, and `titles --lang de` on a Dutch page matched
/// its titles as Dutch, exit 0, without a word.
pub(crate) fn lang_overruled(page: &Path, given: Option<&crate::Lang>, a: &TitleAlignment) -> Option<String> {
    let given = given.filter(|g| !g.is_und())?;
    let used = &a.translation_lang;
    (!used.is_und() && used.primary() != given.primary()).then(|| {
        format!(
            "{}: --lang says {given} ({}), but its translated titles read as {used} ({}), the language they were matched in; check --lang",
            page.display(),
            given.name(),
            used.name()
        )
    })
}

/// The page a gold file names on a `# page: PATH` line, relative to the gold file.
fn named_page(gold: &Path) -> Result<Option<PathBuf>> {
    let text = crate::io::read_text(gold)?;
    let named = text.lines().take_while(|l| l.starts_with('#')).find_map(|l| l.strip_prefix("# page:"));
    Ok(named.map(|p| gold.parent().unwrap_or(Path::new(".")).join(p.trim())))
}

/// Every gold page scored: the text table (or JSON), and whether any link
/// was wrong. Each `NAME.gold.tsv` in `gold_dir` scores the page `NAME.*`
/// in `pages` (a relative `pages` is taken from `gold_dir`); without
/// `pages`, the page its `# page: PATH` line names (relative to the gold
/// file), else `NAME.*` beside it.
pub fn eval_titles(
    gold_dir: &Path,
    pages: Option<&Path>,
    data: &DataConfig,
    json: bool,
    fb: &mut dyn Feedback,
) -> Result<(String, bool)> {
    let mut golds: Vec<PathBuf> = std::fs::read_dir(gold_dir)
        .map_err(|e| Error::from(e).in_file(gold_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.tsv"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(Error::usage(format!("no *.gold.tsv files in {}", gold_dir.display())));
    }
    let pages_dir = pages.map(|p| gold_dir.join(p));
    let mut names = Vec::new();
    let mut files = Vec::new();
    for g in &golds {
        let file = g.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let name = file.trim_end_matches(".gold.tsv").to_string();
        let page = match (&pages_dir, named_page(g)?) {
            (None, Some(p)) => p,
            (dir, _) => {
                let dir = dir.clone().unwrap_or_else(|| gold_dir.to_path_buf());
                let in_dir = crate::load::page_files_in(&dir)?;
                let found = in_dir.into_iter().find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == name));
                found.ok_or_else(|| {
                    Error::new(ErrorKind::Mismatch(format!("no page {name}.* in {} for this gold", dir.display())))
                        .in_file(g)
                })?
            }
        };
        names.push(name);
        files.push(page);
    }
    let alignments = titles::titles_for_pages(&files, data, &mut |n| fb.detail(n))?;
    let mut scores = Vec::new();
    for ((name, g), a) in names.iter().zip(&golds).zip(&alignments) {
        let rows = eval::read_gold(g)?;
        scores.push(eval::score(name, a, &rows).map_err(|e| e.in_file(g))?);
    }
    let total = eval::total(&scores);
    let text = if json {
        let v = serde_json::json!({ "pages": scores, "total": total });
        serde_json::to_string_pretty(&v)? + "\n"
    } else {
        let mut s = eval::table(&scores);
        // What went wrong, each with the gold's reason.
        for p in &scores {
            let wrong = |r: &&eval::RowResult| {
                r.outcome == eval::Outcome::Wrong || r.outcome == eval::Outcome::Missed || r.flags_differ
            };
            for r in p.rows.iter().filter(wrong) {
                let what = match r.outcome {
                    eval::Outcome::Wrong => "WRONG",
                    eval::Outcome::Missed => "missed",
                    _ => "flags",
                };
                s.push_str(&format!(
                    "{what}: {}: {} → {} (gold: {}; flags {} vs gold {}) — {}\n",
                    p.page,
                    r.gold.title,
                    r.got.as_deref().unwrap_or("-"),
                    r.gold.original.as_deref().unwrap_or("-"),
                    r.got_flags,
                    r.gold.flags,
                    r.gold.why
                ));
            }
        }
        s
    };
    Ok((text, total.wrong > 0))
}
