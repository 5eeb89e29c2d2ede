//! Language identification for short strings (titles) and running text.
//!
//! whatlang's trigram model is good on sentences but guesses on two-word
//! titles, so for short strings its vote is combined with function words
//! (articles, prepositions: the words a title is most likely to contain)
//! and spelling cues (diacritics, digraphs). The page's language is only a
//! tie-breaker, never the answer by default.

use crate::model::Lang;

/// Languages this detector knows words for; others can still come from whatlang.
pub const KNOWN: &[&str] = &["nl", "fr", "de", "en", "es", "it"];

/// Function words per language. Words shared by several languages ("de",
/// "in") count for each of them and so decide nothing on their own.
fn function_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => &[
            "de", "het", "een", "en", "van", "der", "den", "des", "in", "op", "te", "tot", "met", "uit", "voor",
            "over", "naar", "bij", "om", "aan", "door", "zonder", "onze", "ons", "mijn", "zijn", "haar", "hun", "wat",
            "elke", "ieder", "niet", "geen", "wij", "ik", "hij", "zij", "is", "was", "moet", "dat", "die", "dit",
            "deze", "als", "of", "maar", "ook", "nog", "tegen", "onder", "tussen", "na", "'t",
        ],
        "fr" => &[
            "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "à", "au", "aux", "en", "dans", "sur",
            "sans", "pour", "par", "avec", "contre", "notre", "nos", "mon", "ma", "mes", "son", "sa", "ses", "leur",
            "ce", "cette", "ces", "que", "qui", "quoi", "tout", "tous", "toute", "il", "elle", "est", "s", "qu", "ne",
            "pas", "où", "entre", "vers", "chez", "sous", "après", "avant",
        ],
        "de" => &[
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "und", "von", "vom", "zu", "zum", "zur",
            "im", "in", "auf", "aus", "mit", "für", "über", "unter", "gegen", "ohne", "nach", "bei", "ist", "nicht",
            "unsere", "unser", "mein", "sein", "ihr", "als", "wie", "oder", "aber", "auch", "noch",
        ],
        "en" => &[
            "the", "a", "an", "and", "of", "to", "in", "on", "at", "for", "with", "without", "from", "by", "about",
            "our", "my", "his", "her", "their", "what", "every", "is", "was", "not", "this", "that", "against",
            "under", "between", "after", "before",
        ],
        "es" => &[
            "el", "la", "los", "las", "un", "una", "y", "de", "del", "en", "con", "sin", "por", "para", "contra",
            "nuestro", "nuestra", "mi", "su", "sus", "que", "es", "no", "entre", "sobre",
        ],
        "it" => &[
            "il", "lo", "la", "gli", "le", "un", "una", "e", "di", "del", "della", "dei", "in", "con", "senza", "per",
            "su", "contro", "nostro", "nostra", "mio", "suo", "che", "è", "non", "tra", "fra",
        ],
        _ => &[],
    }
}

/// Spelling cues: substrings far more common in one language's words.
fn spelling_cues(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => &["ij", "oe", "aa", "ee", "uu", "oo", "sch", "cht", "tje", "heid", "lijk", "ng", "kk", "tsj", "ieu"],
        "fr" => &["é", "è", "ê", "à", "ç", "ù", "û", "ô", "î", "ï", "œ", "eau", "aux", "qu", "ez", "oi", "ée", "ette"],
        "de" => &["ä", "ö", "ü", "ß", "sch", "ung", "tz", "ck", "keit", "lich"],
        "en" => &["th", "wh", "ing", "ght", "ly", "ow"],
        "es" => &["ñ", "á", "í", "ó", "ú", "ción", "dad", "ll", "rr"],
        "it" => &["zz", "gli", "zione", "cch", "ò", "ì"],
        _ => &[],
    }
}

/// Number words: closed-class like function words, frequent in titles.
fn number_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => &[
            "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twaalf", "twintig", "dertig",
            "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig", "honderd", "duizend", "eerste",
            "tweede", "derde",
        ],
        "fr" => &[
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "onze",
            "douze",
            "treize",
            "vingt",
            "trente",
            "quarante",
            "cinquante",
            "soixante",
            "cent",
            "mille",
            "premier",
            "première",
            "deuxième",
            "troisième",
        ],
        "de" => &[
            "zwei", "drei", "fünf", "sechs", "sieben", "neun", "zehn", "zwölf", "zwanzig", "dreißig", "hundert",
            "tausend", "erste", "zweite", "dritte",
        ],
        "en" => &[
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred",
            "thousand", "first", "second", "third",
        ],
        "es" => &[
            "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "veinte", "cien", "mil",
            "primero",
        ],
        "it" => &[
            "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "venti", "cento", "mille",
            "primo",
        ],
        _ => &[],
    }
}

/// Word endings typical of one language (checked on words of 5+ letters).
fn suffix_cues(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => &["en", "heid", "lijk", "ig", "tje", "ing", "ers", "schap", "isch", "tie"],
        "fr" => &[
            "eux", "aux", "tion", "sion", "iste", "ique", "eur", "oire", "ette", "ée", "ment", "esse", "ance", "ence",
            "ale", "ire",
        ],
        "de" => &["ung", "keit", "heit", "lich", "isch", "chen", "tät"],
        "en" => &["ing", "ness", "ship", "dom", "tion", "ful", "ous"],
        "es" => &["ción", "dad", "ado", "ada", "ismo"],
        "it" => &["zione", "ità", "ismo", "ista", "ato", "ata"],
        _ => &[],
    }
}

fn whatlang_code(code: &str) -> Option<whatlang::Lang> {
    let three = Lang::new(code)?.iso639_3();
    whatlang::Lang::from_code(three)
}

/// Whether a folded word (lowercase, no diacritics) is a function word of
/// `lang` ("de", "la", "und"): such words say little about alignment.
pub fn is_function_word(lang: &str, folded: &str) -> bool {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, u8>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut m: std::collections::HashMap<String, u8> = std::collections::HashMap::new();
        for (i, l) in KNOWN.iter().enumerate() {
            for w in function_words(l) {
                *m.entry(crate::text::fold(w)).or_default() |= 1 << i;
            }
        }
        m
    });
    table.get(folded).is_some_and(|mask| in_mask(*mask, lang))
}

/// Within this margin of the best score, the evidence does not tell
/// languages apart (one ambiguous word such as "Cement"); the prior decides.
const MARGIN: f64 = 0.8;

/// Substring test for tiny needles in short words; `str::contains` sets up a
/// SIMD searcher per call, which dominated title-heavy pages.
fn contains_short(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && (0..=h.len() - n.len()).any(|i| h[i..].iter().zip(n).all(|(a, b)| a == b))
}

fn in_mask(mask: u8, code: &str) -> bool {
    KNOWN.iter().position(|k| *k == code).is_some_and(|i| mask & (1 << i) != 0)
}

/// Function and number words of every known language, with a bit per
/// language in `KNOWN` order: `[function-word mask, number-word mask]`.
fn closed_class_table() -> &'static std::collections::HashMap<&'static str, [u8; 2]> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, [u8; 2]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: std::collections::HashMap<&'static str, [u8; 2]> = std::collections::HashMap::new();
        for (i, lang) in KNOWN.iter().enumerate() {
            for w in function_words(lang) {
                m.entry(w).or_default()[0] |= 1 << i;
            }
            for w in number_words(lang) {
                m.entry(w).or_default()[1] |= 1 << i;
            }
        }
        m
    })
}

/// Detect the language of `text` among `candidates` (codes such as "nl").
///
/// Returns `None` when the text has no letters. `prior` (usually the page's
/// language) breaks exact ties only.
pub fn detect(text: &str, candidates: &[&str], prior: Option<&Lang>) -> Option<Lang> {
    detect_in(text, candidates, None, prior)
}

/// Weight of the surrounding list's language: enough to settle a title
/// whose words several languages share ("La Peste": French, Spanish or
/// Italian?), far from enough to outvote a title's own words ("The
/// Conquest of Bread" in a list of French titles stays English).
const CONTEXT_WEIGHT: f64 = 1.0;

/// [`detect`] for a title among others: `context` is the language of the
/// list it stands in (detected on the list's titles together).
pub fn detect_in(text: &str, candidates: &[&str], context: Option<&Lang>, prior: Option<&Lang>) -> Option<Lang> {
    let toks = crate::text::words(text);
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    // Hyphenated words count by their parts too ("quatre-vingt-treize").
    let parts: Vec<&str> = toks.iter().flat_map(|t| t.split('-')).filter(|p| !p.is_empty()).collect();
    let table = closed_class_table();
    let mut scores: Vec<(&str, f64)> = candidates.iter().map(|c| (*c, 0.0)).collect();
    for t in &parts {
        // Which candidates list this word, per list; a word shared by many
        // languages says less.
        let masks = table.get(t).copied().unwrap_or([0, 0]);
        for (list, weight) in [(0, 3.0), (1, 2.0)] {
            let holders: Vec<usize> = (0..candidates.len()).filter(|&i| in_mask(masks[list], candidates[i])).collect();
            for &i in &holders {
                scores[i].1 += weight / holders.len() as f64;
            }
        }
        let long = t.chars().count() >= 5;
        for (lang, score) in scores.iter_mut() {
            if long && suffix_cues(lang).iter().any(|suf| t.ends_with(suf)) {
                *score += 1.0;
            }
            *score += 0.6 * spelling_cues(lang).iter().filter(|cue| contains_short(t, cue)).count() as f64;
        }
    }
    // Trigram vote, weighted by its own confidence and by text length:
    // trustworthy on sentences, a hint on titles. Skipped when it could not
    // change the outcome (it is most of the cost on title-heavy pages).
    let weight_bound = (toks.len() as f64 / 3.0).clamp(0.5, 6.0) * 1.5;
    let mut sorted: Vec<f64> = scores.iter().map(|s| s.1).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let decided = sorted.len() < 2 || sorted[0] - sorted[1] > weight_bound + MARGIN;
    if !decided {
        let allow: Vec<whatlang::Lang> = candidates.iter().filter_map(|c| whatlang_code(c)).collect();
        if allow.len() >= 2 {
            if let Some(info) = whatlang::Detector::with_allowlist(allow).detect(text) {
                let weight = (toks.len() as f64 / 3.0).clamp(0.5, 6.0) * (0.5 + info.confidence());
                for (lang, score) in scores.iter_mut() {
                    if whatlang_code(lang) == Some(info.lang()) {
                        *score += weight;
                    }
                }
            }
        }
    }
    if let Some(c) = context {
        for (lang, score) in scores.iter_mut() {
            if *lang == c.primary() {
                *score += CONTEXT_WEIGHT;
            }
        }
    }
    let best = scores.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    let winners: Vec<&str> = scores.iter().filter(|s| best - s.1 < MARGIN).map(|s| s.0).collect();
    let pick = if let Some(p) = prior.filter(|p| winners.len() > 1 && winners.contains(&p.primary())) {
        p.primary()
    } else {
        scores.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|s| s.0)?
    };
    Lang::new(pick)
}

/// Detect the language of running text with whatlang alone (any language it knows).
pub fn detect_text(text: &str) -> Option<Lang> {
    let info = whatlang::detect(text)?;
    Lang::new(info.lang().code())
}
