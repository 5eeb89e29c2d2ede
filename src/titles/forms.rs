//! Word forms: stems, inflections and derivations a dictionary form may
//! hide behind, and Dutch spelling before 1947.

/// Whether two folded forms share a prefix of at least five letters and
/// three fifths of the shorter: the same word inflected where Snowball
/// splits the forms differently ("conquise"/"conquerir"). Compared after
/// the stems (see `score::word_match`).
pub(crate) fn long_common_prefix(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 5 && common as f64 >= 0.6 * shorter as f64
}

/// Bases of a derived noun by its suffix ("vreemdeling" → "vreemd",
/// "vriendschap" → "vriend"), at least four letters long.
pub(crate) fn derivation_bases(lang: &str, w: &str) -> Vec<String> {
    let suffixes: &[&str] = match lang {
        "nl" => &["eling", "ling", "heid", "schap", "dom"],
        "de" => &["ling", "heit", "keit", "schaft", "tum"],
        _ => &[],
    };
    suffixes
        .iter()
        .filter_map(|suf| w.strip_suffix(suf))
        .filter(|b| b.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

/// Dictionary forms an inflected word may come from: its modern spelling
/// (Dutch before 1947) and what swapping its ending gives.
pub(crate) fn lemma_candidates(lang: &str, w: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Dutch before the 1947 spelling reform ("menschelijke", "visschen",
    // "paarden"): the modern form, and its dictionary forms.
    if lang == "nl" {
        if let Some(modern) = modern_dutch(w) {
            out.push(modern.clone());
            out.extend(ending_swaps(lang, &modern));
        }
    }
    out.extend(ending_swaps(lang, w));
    out
}

/// The modern spelling of a word in Dutch spelling before 1947: a "sch"
/// after the first letter is "s" ("mensch" → "mens", "menschelijk" →
/// "menselijk"), "ae" is "aa" ("paerd" → "paard"). `None` when nothing
/// changes.
fn modern_dutch(w: &str) -> Option<String> {
    let mut m = String::with_capacity(w.len());
    if let Some(first) = w.chars().next() {
        m.push(first);
        m.push_str(&w[first.len_utf8()..].replace("sch", "s"));
    }
    let m = m.replace("ae", "aa");
    (m != w).then_some(m)
}

/// Dictionary forms an inflected word may come from, by swapping endings:
/// Dutch and German past tenses and participles ("veroverde" → "veroveren"),
/// plurals and adjective endings ("ellendigen" → "ellendig").
fn ending_swaps(lang: &str, w: &str) -> Vec<String> {
    let swaps: &[(&str, &str)] = match lang {
        "nl" => &[
            // A noun in -ing names its verb's action ("verovering" → "veroveren").
            ("ing", "en"),
            ("den", "en"),
            ("ten", "en"),
            ("de", "en"),
            ("te", "en"),
            ("d", "en"),
            ("t", "en"),
            ("en", ""),
            ("en", "e"),
            ("e", ""),
            ("s", ""),
            ("'s", ""),
        ],
        "de" => &[
            ("ten", "en"),
            ("te", "en"),
            ("t", "en"),
            ("en", ""),
            ("en", "e"),
            ("e", ""),
            ("er", ""),
            ("es", ""),
            ("s", ""),
            ("n", ""),
        ],
        _ => &[],
    };
    let mut out = Vec::new();
    for (end, repl) in swaps {
        if let Some(stem) = w.strip_suffix(end) {
            if stem.chars().count() >= 3 {
                let c = format!("{stem}{repl}");
                // Doubled vowels reappear in open syllables ("jaren" → "jaar").
                let undoubled = undouble(stem).map(|s| format!("{s}{repl}"));
                out.push(c);
                out.extend(undoubled);
                if lang == "nl" {
                    out.extend(dutch_spelling(stem).into_iter().map(|s| format!("{s}{repl}")));
                }
            }
        }
    }
    out
}

/// Dutch spelling changes between a stem and its inflected forms: a plural
/// voices a final f or s ("brieven" → "brief", "huizen" → "huis") and
/// doubles a consonant after a short vowel ("bekentenissen" →
/// "bekentenis"); a past tense drops that doubling ("ontsnapte" →
/// "ontsnappen").
fn dutch_spelling(stem: &str) -> Vec<String> {
    let cs: Vec<char> = stem.chars().collect();
    let n = cs.len();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut out = Vec::new();
    match cs.last() {
        Some('v') => out.push(format!("{}f", &stem[..stem.len() - 1])),
        Some('z') => out.push(format!("{}s", &stem[..stem.len() - 1])),
        _ => {}
    }
    if n >= 3 && cs[n - 1] == cs[n - 2] && !vowel(cs[n - 1]) {
        out.push(cs[..n - 1].iter().collect());
    }
    // One short vowel before one consonant: the infinitive doubles it.
    if n >= 3 && !vowel(cs[n - 1]) && vowel(cs[n - 2]) && !vowel(cs[n - 3]) {
        out.push(format!("{stem}{}", cs[n - 1]));
    }
    out
}

/// Dutch open-syllable spelling: "jar" → "jaar", "mog" → "moog".
fn undouble(stem: &str) -> Option<String> {
    let cs: Vec<char> = stem.chars().collect();
    let n = cs.len();
    if n >= 2
        && matches!(cs[n - 2], 'a' | 'e' | 'o' | 'u')
        && !matches!(cs[n - 1], 'a' | 'e' | 'i' | 'o' | 'u')
        && (n < 3 || !matches!(cs[n - 3], 'a' | 'e' | 'i' | 'o' | 'u'))
    {
        let mut s: String = cs[..n - 1].iter().collect();
        s.push(cs[n - 2]);
        s.push(cs[n - 1]);
        return Some(s);
    }
    None
}
