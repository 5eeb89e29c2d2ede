//! A page's title alignment as JSON (the contract of `titles --format
//! json`), TSV and text for a person.

use super::{Flag, Origin, Title, TitleAlignment};
use crate::error::Result;

/// The JSON contract of `transalign titles --format json`.
pub(crate) fn titles_json(a: &TitleAlignment) -> Result<String> {
    let mut s = serde_json::to_string_pretty(&super::to_json(a))?;
    s.push('\n');
    Ok(s)
}

/// `# warning:` lines heading a TSV, one per piece of missing evidence.
pub(crate) fn reduced_comments(reduced: &[String]) -> String {
    reduced.iter().map(|w| format!("# warning: reduced evidence: {}\n", crate::text::one_line(w))).collect()
}

pub(crate) fn cell(s: &str) -> String {
    crate::text::one_line(s)
}

/// TSV: one row per translated title.
pub(crate) fn titles_tsv(a: &TitleAlignment) -> String {
    let (t, o) = (a.translation_lang.code(), a.original_lang.code());
    let mut s = reduced_comments(&a.data.reduced_evidence);
    s.push_str(&format!("{t}\t{t}_year\t{o}\t{o}_year\tscore\tflags\tevidence\n"));
    let opt = |x: Option<i32>| x.map(|y| y.to_string()).unwrap_or_default();
    for l in &a.links {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            cell(&l.translation.title),
            opt(l.translation.year),
            cell(l.original.as_ref().map_or("", |x| x.title.as_str())),
            opt(l.original.as_ref().and_then(|x| x.year)),
            l.score.map(|x| format!("{x:.3}")).unwrap_or_default(),
            cell(&l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            cell(&l.evidence.join("; ")),
        ));
    }
    s
}

/// Plain text for a person.
pub fn titles_text(a: &TitleAlignment) -> String {
    let mut s = format!("{} — {} translated titles, {} originals\n\n", a.page, a.links.len(), a.originals.len());
    for w in &a.data.reduced_evidence {
        s.push_str(&format!("WARNING: reduced evidence, fewer and weaker links than usual: {w}\n\n"));
    }
    for l in &a.links {
        let year = |y: Option<i32>| y.map(|y| format!(" ({y})")).unwrap_or_default();
        match &l.original {
            Some(o) => s.push_str(&format!(
                "{}{}\n  → {}{}   score {:.2}\n",
                l.translation.title,
                year(l.translation.year),
                o.title,
                year(o.year),
                l.score.unwrap_or(0.0)
            )),
            None => s.push_str(&format!("{}{}\n  → (no original)\n", l.translation.title, year(l.translation.year))),
        }
        for e in &l.evidence {
            s.push_str(&format!("    · {e}\n"));
        }
        if !l.flags.is_empty() {
            s.push_str(&format!(
                "    flags: {}\n",
                l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some(n) = &l.nearest {
            s.push_str(&format!("    nearest: {} (score {:.2}): not linked: {}\n", n.title, n.score, n.reason));
            for e in &n.evidence {
                s.push_str(&format!("      · {e}\n"));
            }
        }
        if !l.also.is_empty() {
            s.push_str(&format!("    also: {}\n", also(&l.also, |_| None)));
        }
    }
    let legend = Flag::legend(a.links.iter().flat_map(|l| &l.flags).map(Flag::kind));
    if !legend.is_empty() {
        s.push_str("\nFlags:\n");
        s.push_str(&legend);
    }
    // Said outright when none is left: a bare heading read as if the list
    // had been lost.
    // Without a dictionary titles meet only by names, numbers and
    // look-alikes: an original none met may well be translated, and the
    // coverage is a lower bound, as the report says it ("Not translated:"
    // listed them as findings).
    let reduced = !a.data.reduced_evidence.is_empty();
    s.push_str(match (a.untranslated.is_empty(), reduced) {
        (true, _) => "\nNot translated: none\n",
        (false, false) => "\nNot translated:\n",
        (false, true) => "\nNo translation found without a dictionary (may be translated):\n",
    });
    for u in &a.untranslated {
        s.push_str(&format!("  {}{}\n", u.title, u.year.map(|y| format!(" ({y})")).unwrap_or_default()));
    }
    s.push_str(&format!(
        "\nCoverage: {} of {} originals translated ({:.1}%{})\n",
        a.coverage.translated,
        a.coverage.originals,
        100.0 * a.coverage.ratio,
        if reduced { " at least: no dictionary for the pair" } else { "" }
    ));
    s
}

/// The other occurrences of a title, in words ("named in the text; listed
/// again (1949)"), with the source line `line` knows for an id.
pub(crate) fn also(others: &[Title], line: impl Fn(&str) -> Option<usize>) -> String {
    others
        .iter()
        .map(|x| {
            let what = match x.origin {
                Origin::Prose => "named in the text".to_string(),
                Origin::List => format!("listed again{}", x.year.map(|y| format!(" ({y})")).unwrap_or_default()),
            };
            match line(&x.id) {
                Some(n) => format!("{what}, line {n}"),
                None => what,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
