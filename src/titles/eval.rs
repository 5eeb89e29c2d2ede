//! Title alignments against a gold file: per page, how many links are
//! right, wrong or missed, and how many refusals are right.
//!
//! A gold file (`NAME.gold.tsv`) has one line per translated title, in page
//! order (the same title letter for letter is one title, placed at its
//! first list entry, else its first mention),
//! `title<TAB>original<TAB>flags<TAB>why`: the original the title truly
//! translates, or `-` when the page lists none; the flags a right
//! answer carries (`-` for none, else comma-separated as the tool writes
//! them); and why, in words. The original column is the truth, not what
//! the tool is expected to manage: a true link the evidence cannot
//! support counts as missed.

use std::path::Path;

use serde::Serialize;

use super::{TitleAlignment, TitleLink};
use crate::error::{Error, ErrorKind, Pos, Result};

/// One line of a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldRow {
    /// Line number in the file.
    pub line: usize,
    /// The translated title.
    pub title: String,
    /// The original it translates, when the page lists it.
    pub original: Option<String>,
    /// The flags of a right answer, as the tool writes them.
    pub flags: String,
    /// Why, in words.
    pub why: String,
}

/// Read a gold file; errors name the line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldRow>> {
    let text = crate::io::read_text(path)?;
    parse_gold(&text).map_err(|e| e.in_file(path))
}

/// [`read_gold`] on text.
pub(crate) fn parse_gold(text: &str) -> Result<Vec<GoldRow>> {
    let mut rows = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 4 || f.iter().take(3).any(|x| x.trim().is_empty()) {
            return Err(Error::new(ErrorKind::Syntax {
                pos: Pos { line: n + 1, col: 1 },
                msg: format!("expected title<TAB>original<TAB>flags<TAB>why, got {} field(s)", f.len()),
            }));
        }
        rows.push(GoldRow {
            line: n + 1,
            title: f[0].to_string(),
            original: (f[1] != "-").then(|| f[1].to_string()),
            flags: f[2].to_string(),
            why: f[3].to_string(),
        });
    }
    Ok(rows)
}

/// How one title came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Linked to its original.
    RightLink,
    /// Refused, and the page lists no original for it.
    RightRefusal,
    /// Linked to an original it does not translate.
    Wrong,
    /// Refused, though its original is listed.
    Missed,
}

/// One title's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowResult {
    /// The gold line.
    pub gold: GoldRow,
    /// What the tool linked it to.
    pub got: Option<String>,
    /// The tool's flags.
    pub got_flags: String,
    /// The outcome.
    pub outcome: Outcome,
    /// Right answer, but not the gold's flags.
    pub flags_differ: bool,
}

/// One page's counts.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PageScore {
    /// The page (gold file name without `.gold.tsv`).
    pub page: String,
    /// Translated titles.
    pub titles: usize,
    /// Titles whose original is listed.
    pub true_links: usize,
    /// Links made.
    pub links: usize,
    /// Links to the right original.
    pub right_links: usize,
    /// Refusals where no original is listed.
    pub right_refusals: usize,
    /// Links to a wrong original (or where none is listed).
    pub wrong: usize,
    /// Refusals where the original is listed.
    pub missed: usize,
    /// Right answers with other flags than the gold's.
    pub flag_errors: usize,
    /// Per title, in page order.
    pub rows: Vec<RowResult>,
}

impl PageScore {
    /// Right links over links made (1 when none were made).
    pub fn precision(&self) -> f64 {
        if self.links == 0 { 1.0 } else { self.right_links as f64 / self.links as f64 }
    }

    /// Right links over true links (1 when there are none).
    pub fn recall(&self) -> f64 {
        if self.true_links == 0 { 1.0 } else { self.right_links as f64 / self.true_links as f64 }
    }

    /// Every title right, flags included.
    pub fn passes(&self) -> bool {
        self.wrong == 0 && self.missed == 0 && self.flag_errors == 0
    }

    fn add(&mut self, o: &PageScore) {
        self.titles += o.titles;
        self.true_links += o.true_links;
        self.links += o.links;
        self.right_links += o.right_links;
        self.right_refusals += o.right_refusals;
        self.wrong += o.wrong;
        self.missed += o.missed;
        self.flag_errors += o.flag_errors;
    }
}

fn flags_of(l: &TitleLink) -> String {
    if l.flags.is_empty() { "-".into() } else { l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }
}

/// Score a page's title alignment against its gold rows. The gold must
/// list the same translated titles in the same order; an error says where
/// they part.
pub fn score(page: &str, a: &TitleAlignment, gold: &[GoldRow]) -> Result<PageScore> {
    if a.links.len() != gold.len() {
        return Err(Error::new(crate::error::ErrorKind::Mismatch(format!(
            "{page}: the page has {} translated titles, the gold {}",
            a.links.len(),
            gold.len()
        ))));
    }
    let mut s = PageScore { page: page.to_string(), titles: gold.len(), ..PageScore::default() };
    for (l, g) in a.links.iter().zip(gold) {
        if l.translation.title != g.title {
            return Err(Error::new(ErrorKind::Syntax {
                pos: Pos { line: g.line, col: 1 },
                msg: format!("{page}: gold title {:?}, page title {:?}", g.title, l.translation.title),
            }));
        }
        let got = l.original.as_ref().map(|o| o.title.clone());
        let outcome = match (&got, &g.original) {
            (Some(x), Some(y)) if x == y => Outcome::RightLink,
            (Some(_), _) => Outcome::Wrong,
            (None, None) => Outcome::RightRefusal,
            (None, Some(_)) => Outcome::Missed,
        };
        let got_flags = flags_of(l);
        let right = matches!(outcome, Outcome::RightLink | Outcome::RightRefusal);
        let flags_differ = right && got_flags != g.flags;
        s.true_links += g.original.is_some() as usize;
        s.links += got.is_some() as usize;
        match outcome {
            Outcome::RightLink => s.right_links += 1,
            Outcome::RightRefusal => s.right_refusals += 1,
            Outcome::Wrong => s.wrong += 1,
            Outcome::Missed => s.missed += 1,
        }
        s.flag_errors += flags_differ as usize;
        s.rows.push(RowResult { gold: g.clone(), got, got_flags, outcome, flags_differ });
    }
    Ok(s)
}

/// The pages' counts added up (rows left out).
pub fn total(pages: &[PageScore]) -> PageScore {
    let mut t = PageScore { page: "total".into(), ..PageScore::default() };
    for p in pages {
        t.add(p);
    }
    t
}

/// The table `eval-titles` prints: per page and in total.
pub fn table(pages: &[PageScore]) -> String {
    let mut out = String::from(
        "| page | titles | right links | right refusals | wrong | missed | flag errors | precision | recall |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    let t = total(pages);
    for p in pages.iter().chain(std::iter::once(&t)) {
        let bold = |x: String| if p.page == "total" { format!("**{x}**") } else { x };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            bold(p.page.clone()),
            p.titles,
            p.right_links,
            p.right_refusals,
            p.wrong,
            p.missed,
            p.flag_errors,
            bold(format!("{:.3}", p.precision())),
            bold(format!("{:.3}", p.recall())),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_lines_need_four_fields() {
        let e = parse_gold("# c\nA\tB\t-\n").unwrap_err().to_string();
        assert!(e.starts_with("2:1:"), "{e}");
        let rows = parse_gold("A\t-\tno-original-listed\tnone listed\nB\tC\t-\tb is c\n").unwrap();
        assert_eq!(rows[0].original, None);
        assert_eq!(rows[1].original.as_deref(), Some("C"));
        assert_eq!(rows[1].line, 2);
    }
}
