//! Dates as bibliographies and wiki footers write them, in Dutch, French,
//! German and English: "1946", "18 april 1908", "30 décembre 1890",
//! "april 1936", "14/04/20 21:55" (DokuWiki's day-first footer); ranges
//! and doubted years (`1880-1881`, `[1890]`, `ca. 1905`).

use crate::model::Field;

/// Month number of a month name (full or common abbreviation), any of nl/fr/de/en.
pub(crate) fn month(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let table: [&[&str]; 12] = [
        &["januari", "janvier", "januar", "january", "jan", "janv", "jänner"],
        &["februari", "février", "fevrier", "februar", "february", "feb", "febr", "févr", "fév"],
        &["maart", "mars", "märz", "march", "mrt", "mar"],
        &["april", "avril", "apr", "avr"],
        &["mei", "mai", "may"],
        &["juni", "juin", "june", "jun"],
        &["juli", "juillet", "july", "jul", "juil"],
        &["augustus", "août", "aout", "august", "aug"],
        &["september", "septembre", "sep", "sept"],
        &["oktober", "octobre", "october", "okt", "oct"],
        &["november", "novembre", "nov"],
        &["december", "décembre", "decembre", "dezember", "dec", "déc", "dez"],
    ];
    table.iter().position(|names| names.contains(&n.as_str())).map(|i| i as u32 + 1)
}

/// A plausible publication or life year (4 digits, 1000–2999).
pub fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1000..3000).contains(y))
}

/// A date as a bibliography writes it, as a [`Field::Date`]: a date [`iso`]
/// reads; a range of years ("1880-1881", "1880–81", "1898-1902"), read
/// from its first year to its last; a year the cataloguer supplied or
/// doubted (`[1890]`, `1930?`, `ca. 1905`), read as that year (the text
/// keeps the mark). A year written so was once "no date", and a
/// translation dated before its original went unreported.
pub(crate) fn written(s: &str) -> Option<Field> {
    if let Some(when) = iso(s) {
        return Some(Field::Date { when: Some(when), to: None, doubted: false });
    }
    let s = s.trim().trim_end_matches('.');
    if let Some((from, to)) = year_range(s) {
        return Some(Field::Date { when: Some(year_string(from)), to: Some(year_string(to)), doubted: false });
    }
    qualified_year(s).map(|(y, doubted)| Field::Date { when: Some(year_string(y)), to: None, doubted })
}

/// `format!("{y:04}")`, the digits written directly for the years
/// [`year`] reads (1000–2999; every entry's date passes through here).
pub(crate) fn year_string(y: i32) -> String {
    if (1000..10_000).contains(&y) { itoa::Buffer::new().format(y).to_string() } else { format!("{y:04}") }
}

/// "1880-1881", "1880–1881", "1880-81": the first and last year, the last
/// after the first and within a century of it (a wider span is not one
/// publication).
fn year_range(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once(['-', '–', '/'])?;
    let from = year(a)?;
    let b = b.trim();
    let to = match b.len() {
        2 if b.bytes().all(|c| c.is_ascii_digit()) => from - from % 100 + b.parse::<i32>().ok()?,
        _ => year(b)?,
    };
    (to > from && to - from < 100).then_some((from, to))
}

/// A year in square brackets (supplied by the cataloguer), with a question
/// mark, or after "ca."/"c."/"circa"/"omstreeks"/"vers"/"um"; and whether
/// the text doubts it (all but a year in brackets alone).
fn qualified_year(s: &str) -> Option<(i32, bool)> {
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return year(inner.trim_end_matches('?')).map(|y| (y, inner.ends_with('?')));
    }
    if let Some(y) = s.strip_suffix('?').and_then(year) {
        return Some((y, true));
    }
    let (cue, rest) = s.split_once(char::is_whitespace)?;
    let cues = ["ca.", "ca", "c.", "circa", "omstreeks", "omstr.", "vers", "um", "environ", "env."];
    cues.contains(&cue.to_lowercase().as_str()).then(|| year(rest).map(|y| (y, true))).flatten()
}

/// Words that say a date is unknown ("onbekend", "s.d.", "n.d.").
pub(crate) fn is_unknown_date(s: &str) -> bool {
    let l = s.trim().trim_end_matches('.').to_lowercase();
    matches!(
        l.as_str(),
        "onbekend"
            | "unknown"
            | "inconnu"
            | "inconnue"
            | "unbekannt"
            | "s.d"
            | "z.j"
            | "o.j"
            | "n.d"
            | "sans date"
            | "zonder jaar"
            | "?"
    )
}

/// Read a date as written in running text or a bibliography into ISO form:
/// "1908", "1908-04", "1908-04-18". Returns `None` if it is not a date.
pub(crate) fn iso(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    if year(s).is_some() {
        // Four digits from 1000 to 2999: written as they stand.
        return Some(s.trim().to_string());
    }
    // Up to four words, without collecting them (more than three is no date).
    let mut words = s.split_whitespace();
    let parts = [words.next(), words.next(), words.next(), words.next()];
    match parts {
        [Some(d), Some(m), Some(y), None] => {
            let d: u32 = d.trim_end_matches(['.', 'e']).trim_end_matches("er").parse().ok()?;
            let m = month(m)?;
            let y = year(y)?;
            valid_day(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
        }
        [Some(m), Some(y), None, None] => {
            let m = month(m)?;
            let y = year(y)?;
            Some(format!("{y:04}-{m:02}"))
        }
        _ => None,
    }
}

fn valid_day(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    d >= 1 && (m as usize) <= 12 && m >= 1 && d <= days[m as usize - 1]
}

/// Read a DokuWiki footer timestamp into ISO 8601 (`YYYY-MM-DDTHH:MM:SS`).
///
/// Accepts `DD/MM/YY HH:MM` (the anarchisme.nl template), `DD/MM/YYYY`,
/// `YYYY/MM/DD HH:MM` (DokuWiki's default) and `YYYY-MM-DD HH:MM`. A first
/// field of four digits means year-first; otherwise day-first, as European
/// wikis write it. Two-digit years are 20YY (DokuWiki postdates 2000).
pub(crate) fn footer_timestamp(s: &str) -> Option<String> {
    let s = s.trim();
    let (date, time) = match s.split_once(|c: char| c.is_whitespace() || c == 'T') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let fields: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [a, b, c] = fields.as_slice() else {
        return None;
    };
    let num = |x: &str| -> Option<u32> {
        (!x.is_empty() && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse().ok()).flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)? as i32, num(b)?, num(c)?)
    } else {
        let y = num(c)?;
        let y = if c.len() == 2 { 2000 + y as i32 } else { y as i32 };
        (y, num(b)?, num(a)?)
    };
    if !valid_day(y, m, d) {
        return None;
    }
    let (hh, mm, ss) = match time {
        Some(t) if !t.is_empty() => {
            let tf: Vec<&str> = t.split(':').collect();
            let h = num(tf.first()?)?;
            let mi = num(tf.get(1).copied().unwrap_or("0"))?;
            let se = num(tf.get(2).copied().unwrap_or("0"))?;
            if h > 23 || mi > 59 || se > 59 {
                return None;
            }
            (h, mi, se)
        }
        _ => (0, 0, 0),
    };
    Some(format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_strings_are_what_format_writes() {
        for y in [-5, 0, 7, 999, 1000, 1867, 2999, 9999, 10_000] {
            assert_eq!(year_string(y), format!("{y:04}"));
        }
        assert_eq!(iso(" 1908 ."), Some("1908".to_string()));
        assert_eq!(iso("18 april 1908"), Some("1908-04-18".to_string()));
        assert_eq!(iso("april 1908"), Some("1908-04".to_string()));
        assert_eq!(iso("op 18 april 1908"), None);
    }

    fn read(s: &str) -> Option<(Option<String>, Option<String>)> {
        match written(s)? {
            Field::Date { when, to, .. } => Some((when, to)),
            _ => None,
        }
    }

    fn doubted(s: &str) -> bool {
        matches!(written(s), Some(Field::Date { doubted: true, .. }))
    }

    #[test]
    fn a_year_is_doubted_by_a_question_mark_or_a_circa_not_by_brackets() {
        for s in ["1930?", "ca. 1905", "c. 1905", "circa 1905", "omstreeks 1905", "[1890?]", "vers 1905"] {
            assert!(doubted(s), "{s}");
        }
        for s in ["1930", "[1890]", "1880-1881", "18 april 1908", "onbekend", ""] {
            assert!(!doubted(s), "{s}");
        }
    }

    #[test]
    fn ranges_run_forward_within_a_century() {
        let range = |a: &str, b: &str| Some((Some(a.to_string()), Some(b.to_string())));
        assert_eq!(read("1880-1881"), range("1880", "1881"));
        assert_eq!(read("1880–81"), range("1880", "1881"));
        assert_eq!(read("1898 - 1902"), range("1898", "1902"));
        // Backwards, a single year twice, or two centuries apart: not one
        // publication's span.
        assert_eq!(read("1902-1898"), None);
        assert_eq!(read("1900-1900"), None);
        assert_eq!(read("1850-1990"), None);
        // Not years at all: pages, issue numbers.
        assert_eq!(read("12-34"), None);
    }

    #[test]
    fn a_supplied_or_doubted_year_is_that_year() {
        let year = |y: &str| Some((Some(y.to_string()), None));
        assert_eq!(read("[1890]"), year("1890"));
        assert_eq!(read("[1890?]"), year("1890"));
        assert_eq!(read("1930?"), year("1930"));
        assert_eq!(read("ca. 1905"), year("1905"));
        assert_eq!(read("omstreeks 1905"), year("1905"));
        assert_eq!(read("[Parijs]"), None);
        assert_eq!(read("ca. 12"), None);
    }
}
