//! Unicode folding, stemming and cognate tests shared by the aligners.

pub use crate::text::fold;

use crate::model::Lang;

/// Word tokens of a text, folded; elided articles ("l'", "d'") are split
/// off, digits kept, punctuation dropped.
pub fn tokens(text: &str) -> Vec<String> {
    crate::text::words(text).into_iter().map(|w| fold(&w)).collect()
}

/// A Snowball stemmer for a language, if rust-stemmers has one.
pub struct Stemmer(Option<rust_stemmers::Stemmer>);

impl Stemmer {
    /// The stemmer for `lang` (a no-op for languages without one).
    pub fn new(lang: &Lang) -> Stemmer {
        Stemmer(super::compiled::snowball(lang.primary()).map(rust_stemmers::Stemmer::create))
    }

    /// The stem of a folded word (the word itself without a stemmer).
    pub fn stem(&self, word: &str) -> String {
        match &self.0 {
            Some(s) => fold(&s.stem(word)),
            None => word.to_string(),
        }
    }

    /// Whether a real stemmer is behind this value.
    pub fn is_real(&self) -> bool {
        self.0.is_some()
    }
}

/// Spelling variants that transliteration and national orthography produce
/// for the same name (Dutch "oe" = French "ou", "j" = "i"/"y", "ph" = "f",
/// "c" = "k"): the skeleton maps each group onto one spelling, so
/// "Toelajev" and "Toulaev" meet.
pub fn translit_skeleton(folded: &str) -> String {
    // In this order (each rule sees what the ones before made); a rule
    // whose letters do not occur costs no copy of the word.
    let mut s = folded.to_string();
    if let Some(r) = romanized(folded) {
        // Romanized Cyrillic (Хаджи-Мурат: "khadzhi") against the West's
        // spellings ("Hadji", French "Jivago"); only there, so that the
        // skeletons of Latin-script words stay as they were.
        s = r.replace("kh", "h").replace("zh", "j");
    }
    for (from, to) in [
        ("sch", "sh"),
        ("tsj", "ch"),
        ("tch", "ch"),
        ("tsch", "ch"),
        ("oe", "u"),
        ("ou", "u"),
        ("ph", "f"),
        ("ck", "k"),
        ("qu", "k"),
        ("ks", "x"),
        ("cs", "x"),
    ] {
        // A word is a few bytes, and every pattern two or more: comparing
        // them in place is far cheaper than setting up `str::contains`'s
        // substring searcher, eleven times a word.
        let f = from.as_bytes();
        if s.as_bytes().windows(f.len()).any(|w| w[..2] == f[..2] && w == f) {
            s = s.replace(from, to);
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        let c = match c {
            'j' | 'y' => 'i',
            'c' => 'k',
            'w' => 'v',
            'z' => 's',
            c => c,
        };
        // Doubled letters carry no distinction across these spellings.
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    // Dutch -tie(s) and -teit against French -tion(s) and -té
    // (reflecties/réflexions, universiteit/université); long words only,
    // so the short prefixes the aligner keys on never change.
    if out.chars().count() >= 7 {
        for (from, to) in [("ties", "tions"), ("tie", "tion"), ("teit", "te")] {
            if let Some(stem) = out.strip_suffix(from) {
                out = format!("{stem}{to}");
                break;
            }
        }
    }
    // Final mute e (Lénine/Lenin, Staline/Stalin).
    if out.len() > 4 && out.ends_with('e') {
        out.pop();
    }
    out
}

/// `folded` with its Cyrillic and Greek letters romanized (any_ascii:
/// "каренина" → "karenina", "σωκράτης" → "sokratis"), so that a name
/// meets its spelling in a Latin-script translation; other letters as
/// they are (Icelandic þ, ð stay: the aligner's keys for them are its own).
/// `None` for a word with neither.
fn romanized(folded: &str) -> Option<String> {
    let cyrillic_or_greek =
        |c: char| matches!(c, '\u{0370}'..='\u{03ff}' | '\u{0400}'..='\u{052f}' | '\u{1f00}'..='\u{1fff}');
    if folded.is_ascii() || !folded.chars().any(cyrillic_or_greek) {
        return None;
    }
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if cyrillic_or_greek(c) {
            out.push_str(&any_ascii::any_ascii_char(c).to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// How alike two folded words are as cognates or transliterated names, in
/// [0, 1]: the mean of Jaro–Winkler (which rewards a shared start) and
/// normalised Levenshtein (which punishes different ends) on their
/// transliteration skeletons, so "toelajev"/"toulaev" score high and the
/// false friends "revolutionair"/"révolté" do not.
pub fn cognate(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    cognate_skeletons(&translit_skeleton(a), &translit_skeleton(b))
}

/// [`cognate`] of two different words by their skeletons
/// ([`translit_skeleton`]), for callers that compare each word with many.
pub fn cognate_skeletons(sa: &str, sb: &str) -> f64 {
    if sa == sb {
        return 0.97;
    }
    (strsim::jaro_winkler(sa, sb) + strsim::normalized_levenshtein(sa, sb)) / 2.0
}
