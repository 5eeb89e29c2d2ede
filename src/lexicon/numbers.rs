//! Cardinal number words, so that "drieënnegentig" and "quatre-vingt-treize"
//! (93), "drieduizend" and "trois mille" meet. Dutch (and German) write
//! compounds as one word; French joins with hyphens and spaces.

use crate::lexicon::fold;

fn small(lang: &str, w: &str) -> Option<u64> {
    let table: &[(&str, u64)] = match lang {
        "nl" => &[
            ("nul", 0),
            ("een", 1),
            ("eén", 1),
            ("twee", 2),
            ("drie", 3),
            ("vier", 4),
            ("vijf", 5),
            ("zes", 6),
            ("zeven", 7),
            ("acht", 8),
            ("negen", 9),
            ("tien", 10),
            ("elf", 11),
            ("twaalf", 12),
            ("dertien", 13),
            ("veertien", 14),
            ("vijftien", 15),
            ("zestien", 16),
            ("zeventien", 17),
            ("achttien", 18),
            ("negentien", 19),
            ("twintig", 20),
            ("dertig", 30),
            ("veertig", 40),
            ("vijftig", 50),
            ("zestig", 60),
            ("zeventig", 70),
            ("tachtig", 80),
            ("negentig", 90),
        ],
        "de" => &[
            ("null", 0),
            ("eins", 1),
            ("ein", 1),
            ("zwei", 2),
            ("drei", 3),
            ("vier", 4),
            ("funf", 5),
            ("sechs", 6),
            ("sieben", 7),
            ("acht", 8),
            ("neun", 9),
            ("zehn", 10),
            ("elf", 11),
            ("zwolf", 12),
            ("dreizehn", 13),
            ("vierzehn", 14),
            ("funfzehn", 15),
            ("sechzehn", 16),
            ("siebzehn", 17),
            ("achtzehn", 18),
            ("neunzehn", 19),
            ("zwanzig", 20),
            ("dreissig", 30),
            ("vierzig", 40),
            ("funfzig", 50),
            ("sechzig", 60),
            ("siebzig", 70),
            ("achtzig", 80),
            ("neunzig", 90),
        ],
        "fr" => &[
            ("zero", 0),
            ("un", 1),
            ("une", 1),
            ("deux", 2),
            ("trois", 3),
            ("quatre", 4),
            ("cinq", 5),
            ("six", 6),
            ("sept", 7),
            ("huit", 8),
            ("neuf", 9),
            ("dix", 10),
            ("onze", 11),
            ("douze", 12),
            ("treize", 13),
            ("quatorze", 14),
            ("quinze", 15),
            ("seize", 16),
            ("vingt", 20),
            ("vingts", 20),
            ("trente", 30),
            ("quarante", 40),
            ("cinquante", 50),
            ("soixante", 60),
        ],
        "en" => &[
            ("zero", 0),
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fifty", 50),
            ("sixty", 60),
            ("seventy", 70),
            ("eighty", 80),
            ("ninety", 90),
        ],
        _ => &[],
    };
    table.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Value of a one-word Germanic compound number ("drieënnegentig",
/// "tweeduizendvijfhonderd", "dreiundneunzig").
fn compound(lang: &str, w: &str) -> Option<u64> {
    if w.is_empty() {
        return None;
    }
    if let Some(v) = small(lang, w) {
        return Some(v);
    }
    let (thousand, hundred, joins): (&str, &str, &[&str]) = match lang {
        "nl" => ("duizend", "honderd", &["en", "een"]),
        "de" => ("tausend", "hundert", &["und"]),
        _ => return None,
    };
    for (unit, mult) in [(thousand, 1000u64), (hundred, 100)] {
        if let Some(i) = w.find(unit) {
            let (head, tail) = (&w[..i], &w[i + unit.len()..]);
            let h = if head.is_empty() { 1 } else { compound(lang, head)? };
            let t = if tail.is_empty() { 0 } else { compound(lang, tail)? };
            return (h < 1000).then_some(h * mult + t);
        }
    }
    // unit + "en"/"ën"/"und" + tens (folded: "ën" is "en").
    for j in joins {
        for (i, _) in w.match_indices(j) {
            let (u, t) = (&w[..i], &w[i + j.len()..]);
            if let (Some(u), Some(t)) = (small(lang, u), small(lang, t)) {
                if (1..10).contains(&u) && t % 10 == 0 && t >= 20 {
                    return Some(u + t);
                }
            }
        }
    }
    None
}

/// The number a word or phrase (already split into words) names, in a
/// language; digits are read as digits.
pub fn value(lang: &str, words: &[&str]) -> Option<u64> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).filter(|w| !w.is_empty()).collect();
    if folded.is_empty() {
        return None;
    }
    if folded.len() == 1 && folded[0].bytes().all(|b| b.is_ascii_digit()) {
        return folded[0].parse().ok();
    }
    match lang {
        "nl" | "de" => {
            if folded.len() == 1 {
                compound(lang, &folded[0])
            } else {
                None
            }
        }
        "fr" | "en" => {
            let parts: Vec<&str> = folded
                .iter()
                .flat_map(|w| w.split('-'))
                .filter(|p| !p.is_empty() && *p != "et" && *p != "and")
                .collect();
            let (mut total, mut current) = (0u64, 0u64);
            for p in &parts {
                match *p {
                    "cent" | "cents" | "hundred" => current = current.max(1) * 100,
                    "mille" | "thousand" => {
                        total += current.max(1) * 1000;
                        current = 0;
                    }
                    // "quatre-vingt(s)": four twenties.
                    "vingt" | "vingts" if current % 100 == 4 => current = current - 4 + 80,
                    _ => current += small(lang, p)?,
                }
            }
            Some(total + current)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn dutch_and_french_compounds_meet() {
        for (nl, fr, v) in [
            ("drieënnegentig", "quatre-vingt-treize", 93),
            ("negentig", "quatre-vingt-dix", 90),
            ("drieduizend", "trois mille", 3000),
            ("twintigduizend", "vingt mille", 20000),
            ("eenentwintig", "vingt et un", 21),
            ("tweehonderdvijftig", "deux cent cinquante", 250),
            ("tachtig", "quatre-vingts", 80),
            ("zeventig", "soixante-dix", 70),
        ] {
            assert_eq!(value("nl", &[nl]), Some(v), "{nl}");
            let fr_words: Vec<&str> = fr.split(' ').collect();
            assert_eq!(value("fr", &fr_words), Some(v), "{fr}");
        }
        assert_eq!(value("de", &["dreiundneunzig"]), Some(93));
        assert_eq!(value("nl", &["1984"]), Some(1984));
        assert_eq!(value("nl", &["drieëntwintigste"]), None);
        assert_eq!(value("fr", &["quatre", "mousquetaires"]), None);
    }
}
