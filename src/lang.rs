//! Language identification for short strings (titles) and running text.
//!
//! whatlang's trigram model is good on sentences but guesses on two-word
//! titles, so for short strings its vote is combined with function words
//! (articles, prepositions: the words a title is most likely to contain)
//! and spelling cues (diacritics, digraphs). The page's language breaks
//! ties, and answers only for a title that gives no evidence of its own.
//! For running text, whatlang's answer is checked against the function
//! words (see [`detect_scored`]).

use crate::model::Lang;

/// Languages this detector knows words for; others can still come from whatlang.
pub const KNOWN: &[&str] = &["nl", "fr", "de", "en", "es", "it", "pt"];

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
            "el", "la", "los", "las", "un", "una", "y", "de", "del", "al", "en", "con", "sin", "por", "para", "contra",
            "nuestro", "nuestra", "mi", "su", "sus", "que", "es", "no", "entre", "sobre",
            // "a torturas ni a penas o tratos": "a" and "o" are Portuguese
            // too, which then claimed such a sentence by its trigrams.
            "a", "o", "ni",
        ],
        "it" => &[
            "il", "lo", "la", "gli", "le", "un", "una", "e", "di", "del", "della", "dei", "in", "con", "senza", "per",
            "su", "contro", "nostro", "nostra", "mio", "suo", "che", "è", "non", "tra", "fra",
            // "l'anarchia", "d'Italia": elided as French elides.
            "l", "d", "delle", "degli", "nel", "nella", "al", "alla", "da", "dal",
            // "a tortura o a trattamento": shared with Portuguese.
            "a", "o",
        ],
        "pt" => &[
            "o", "a", "os", "as", "um", "uma", "e", "de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas",
            "ao", "aos", "à", "às", "com", "sem", "por", "pelo", "pela", "para", "contra", "nosso", "nossa", "meu",
            "minha", "seu", "sua", "seus", "suas", "que", "é", "são", "não", "entre", "sobre", "até", "ou", "num",
            "numa", "este", "esta", "pelos", "pelas",
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
        "es" => &["ñ", "á", "í", "ó", "ú", "ción", "dad"],
        "it" => &["zz", "gli", "zione", "cch", "ò", "ì"],
        "pt" => &["ã", "õ", "ão", "ções", "nh", "lh"],
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
        "pt" => &[
            "dois", "duas", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez", "vinte", "cem", "mil",
            "primeiro", "primeira",
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
        "pt" => &["ção", "ções", "dade", "agem", "ões", "eiro", "eira", "inho", "inha"],
        _ => &[],
    }
}

/// The languages a title is weighed among: [`KNOWN`], and each of
/// `extra` not among them (the language of a Polish page, or of a list of
/// Polish titles: without it, such a title could only come out as one of
/// the known seven, on a shared word or none).
pub fn candidates<'a>(extra: impl IntoIterator<Item = Option<&'a Lang>>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = KNOWN.to_vec();
    for l in extra.into_iter().flatten() {
        if !out.contains(&l.primary()) {
            out.push(l.primary());
        }
    }
    out
}

/// Whether `c` (a lowercase letter) is in a Latin alphabet whatlang knows
/// for `lang`.
fn writes(lang: &str, c: char) -> bool {
    whatlang_code(lang).and_then(whatlang::latin_alphabet).is_some_and(|a| a.contains(c))
}

/// Whether none of the [`KNOWN`] languages writes `c` ("ł", "ř", "ő", "å").
fn unknown_letter(c: char) -> bool {
    // Asked of every letter of every non-ASCII title word: the known
    // languages' letters are gathered once.
    static KNOWN_LETTERS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let known = KNOWN_LETTERS.get_or_init(|| {
        let mut all: Vec<char> = KNOWN
            .iter()
            .filter_map(|k| whatlang_code(k).and_then(whatlang::latin_alphabet))
            .flat_map(str::chars)
            .filter(|c| !c.is_ascii())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    });
    c.is_alphabetic() && !c.is_ascii() && known.binary_search(&c).is_err()
}

/// How sure whatlang must be of a list of titles in letters none of
/// [`KNOWN`] writes ([`foreign_titles`]).
const FOREIGN_TITLES_CONFIDENT: f64 = 0.3;

/// The language of a list of titles written with letters none of
/// [`KNOWN`] writes (Polish originals in a Dutch bibliography): whatlang's
/// reading of them all, where it is sure and its alphabet for the language
/// has every such letter. `None` for titles in the known languages' letters,
/// or in another script ([`detect_in`] settles those one by one).
pub fn foreign_titles(joined: &str) -> Option<Lang> {
    let letters: Vec<char> =
        joined.chars().filter(|c| !c.is_ascii()).flat_map(char::to_lowercase).filter(|c| unknown_letter(*c)).collect();
    if letters.is_empty() {
        return None;
    }
    // Title lists are short and full of names, so whatlang's margin is
    // smaller than on prose (four Polish titles: 0.49); the letters, which
    // the answer must write, already rule out most languages.
    let info = whatlang::detect(joined)
        .filter(|i| i.script() == whatlang::Script::Latin && i.confidence() >= FOREIGN_TITLES_CONFIDENT)?;
    let alphabet = whatlang::latin_alphabet(info.lang())?;
    if !letters.iter().all(|c| alphabet.contains(*c)) {
        return None;
    }
    Lang::new(info.lang().code()).filter(|l| !KNOWN.contains(&l.primary()))
}

/// Whether the detector can name `lang` at all (whatlang's languages and
/// Icelandic): for another, such as Limburgish or Scots, its reading of a
/// text (Dutch, English) contradicts nothing a person said about it.
pub fn can_name(lang: &Lang) -> bool {
    lang.primary() == "is" || whatlang_code(lang.primary()).is_some()
}

/// A whatlang language in our codes (`Lang::new` of its code), looked up
/// in a table made once: titles ask for it by the thousand, and the code
/// is a three-letter one that `Lang::new` maps through ISO 639 tables.
fn our_lang(l: whatlang::Lang) -> Option<&'static Lang> {
    static TABLE: std::sync::OnceLock<Vec<Option<Lang>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let all = whatlang::Lang::all();
        let mut t = vec![None; all.iter().map(|&w| w as usize + 1).max().unwrap_or(0)];
        for &w in all {
            t[w as usize] = Lang::new(w.code());
        }
        t
    });
    table.get(l as usize).and_then(Option::as_ref)
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

/// The least score that is evidence for a language: well under the weakest
/// cue (a function word is worth 3 split among the languages that list it,
/// four at most: "de", "in", "a", 0.75; a spelling cue 0.6; a function word
/// six languages shared would still give 0.5). A trigram vote that whatlang
/// itself is unsure of (confidence below a fifth on a three-word title)
/// stays below it.
const EVIDENCE: f64 = 0.25;

fn in_mask(mask: u8, code: &str) -> bool {
    mask & known_bit(code) != 0
}

/// A language's bit in the masks (its place in `KNOWN`); 0 when unknown.
fn known_bit(code: &str) -> u8 {
    KNOWN.iter().position(|k| *k == code).map_or(0, |i| 1 << i)
}

/// Function and number words of every known language, with a bit per
/// language in `KNOWN` order: `[function-word mask, number-word mask]`.
fn closed_class_table() -> &'static rustc_hash::FxHashMap<&'static str, [u8; 2]> {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, [u8; 2]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: rustc_hash::FxHashMap<&'static str, [u8; 2]> = rustc_hash::FxHashMap::default();
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

/// The spelling and suffix cues of every known language, indexed once so
/// that a word is scanned once for all of them rather than once per cue
/// and candidate (this runs on every word of every title of a page).
struct CueIndex {
    /// Spelling cues, their bytes; a cue's place here is its bit in a match set.
    spelling: Vec<&'static [u8]>,
    /// For each first byte, the spelling cues that start with it.
    by_first: Vec<Vec<u8>>,
    /// A bit for each pair of bytes some spelling cue starts with (bit
    /// `first << 8 | second`): at most positions of a word no cue starts,
    /// and one lookup says so.
    first_pairs: Vec<u64>,
    /// For each language of `KNOWN`, the match-set bits of its spelling cues.
    lang_spelling: Vec<u128>,
    /// For each last byte, the suffix cues that end with it, with the
    /// `KNOWN` bit of their language: a word is checked against the few
    /// sharing its last byte, not all of them.
    suffixes_by_last: Vec<Vec<(&'static [u8], u8)>>,
}

impl CueIndex {
    fn get() -> &'static CueIndex {
        static INDEX: std::sync::OnceLock<CueIndex> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let mut ix = CueIndex {
                spelling: Vec::new(),
                by_first: vec![Vec::new(); 256],
                first_pairs: vec![0; 1 << 10],
                lang_spelling: vec![0; KNOWN.len()],
                suffixes_by_last: vec![Vec::new(); 256],
            };
            for (li, lang) in KNOWN.iter().enumerate() {
                for cue in spelling_cues(lang) {
                    let k = ix.spelling.len();
                    assert!(k < 128, "spelling cues fit a u128 match set");
                    assert!(cue.len() >= 2, "spelling_in compares a cue's second byte first");
                    ix.spelling.push(cue.as_bytes());
                    ix.by_first[cue.as_bytes()[0] as usize].push(k as u8);
                    let pair = ((cue.as_bytes()[0] as usize) << 8) | cue.as_bytes()[1] as usize;
                    ix.first_pairs[pair >> 6] |= 1 << (pair & 63);
                    ix.lang_spelling[li] |= 1 << k;
                }
                for suf in suffix_cues(lang) {
                    if let Some(&last) = suf.as_bytes().last() {
                        ix.suffixes_by_last[last as usize].push((suf.as_bytes(), 1 << li));
                    }
                }
            }
            ix
        })
    }

    /// Which spelling cues `word` contains, as a match set.
    fn spelling_in(&self, word: &[u8]) -> u128 {
        let mut set = 0u128;
        for (i, b) in word.iter().enumerate() {
            // No cue starts at `i` unless one starts with these two bytes
            // (every cue has two or more, so none starts at the last).
            let Some(&next) = word.get(i + 1) else { break };
            let pair = ((*b as usize) << 8) | next as usize;
            if self.first_pairs[pair >> 6] & (1 << (pair & 63)) == 0 {
                continue;
            }
            let rest = &word[i..];
            for &k in &self.by_first[*b as usize] {
                let cue = self.spelling[k as usize];
                // Every cue has two bytes or more (see `get`), and most
                // fail on the second: compared in place, not by a memcmp
                // call per cue and position.
                // (The rest of a cue, a byte or three, compared by a loop
                // rather than a `memcmp` call.)
                if rest.len() >= cue.len()
                    && rest[1] == cue[1]
                    && rest[2..cue.len()].iter().zip(&cue[2..]).all(|(a, b)| a == b)
                {
                    set |= 1 << k;
                }
            }
        }
        set
    }

    /// The `KNOWN` bits of the languages one of whose suffixes ends `word`.
    fn suffix_langs(&self, word: &[u8]) -> u8 {
        let Some(&last) = word.last() else { return 0 };
        self.suffixes_by_last[last as usize]
            .iter()
            .filter(|(suf, _)| word.ends_with(suf))
            .fold(0, |mask, (_, bit)| mask | bit)
    }
}

/// `word` lowercased into `out` (cleared first); ASCII words, most words
/// of the languages here, without Unicode case mapping per character.
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // The ASCII letters of a word with accents ("Géographie") without
        // Unicode case mapping either; the others mapped as before.
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// Detect the language of `text` among `candidates` (codes such as "nl").
///
/// Returns `None` when the text has no letters, or no evidence and no
/// prior. `prior` (usually the page's language) breaks ties among the
/// languages the text gives evidence for, and is the answer when it gives
/// none.
pub fn detect(text: &str, candidates: &[&str], prior: Option<&Lang>) -> Option<Lang> {
    detect_in(text, candidates, None, prior)
}

/// Weight of the surrounding list's language: enough to settle a title
/// whose words several languages share ("La Peste": French, Spanish or
/// Italian?), far from enough to outvote a title's own words ("The
/// Conquest of Bread" in a list of French titles stays English).
const CONTEXT_WEIGHT: f64 = 1.0;

/// Weight of a word holding a letter that, among the candidates, only a
/// language outside [`KNOWN`] writes: as strong as a function word, since
/// no spelling of the known languages explains it.
const OWN_LETTER: f64 = 2.0;

/// Candidates [`detect_in`] scores in arrays on the stack; more take vectors.
const STACK_CANDIDATES: usize = 16;

/// [`detect`] for a title among others: `context` is the language of the
/// list it stands in (detected on the list's titles together).
pub fn detect_in(text: &str, candidates: &[&str], context: Option<&Lang>, prior: Option<&Lang>) -> Option<Lang> {
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    if let Some(found) = other_script(text, candidates) {
        return found;
    }
    let table = closed_class_table();
    // Each candidate's bit in the closed-class and suffix masks (none for a
    // language outside KNOWN), and its spelling cues' match-set bits.
    let cues = CueIndex::get();
    // The candidates' cues and scores on the stack when they are few, as
    // they nearly always are (the known seven and the page's or list's):
    // two vectors per title cost more than filling them.
    let n = candidates.len();
    let (mut cands_stack, mut scores_stack) = ([(0u8, 0u128); STACK_CANDIDATES], [("", 0.0f64); STACK_CANDIDATES]);
    let (mut cands_heap, mut scores_heap) = (Vec::new(), Vec::new());
    let (cands, scores) = if n <= STACK_CANDIDATES {
        (&mut cands_stack[..n], &mut scores_stack[..n])
    } else {
        cands_heap.resize(n, (0, 0));
        scores_heap.resize(n, ("", 0.0));
        (&mut cands_heap[..], &mut scores_heap[..])
    };
    for ((cand, score), c) in cands.iter_mut().zip(scores.iter_mut()).zip(candidates) {
        let bit = known_bit(c);
        *cand = (bit, if bit == 0 { 0 } else { cues.lang_spelling[bit.trailing_zeros() as usize] });
        *score = (*c, 0.0);
    }
    let cands: &[(u8, u128)] = cands;
    let foreign_candidate = cands.iter().any(|c| c.0 == 0);
    let mut n_words = 0usize;
    // One buffer per thread for the lowercased words, taken for the call
    // and given back after: a title's own cost an allocation per title.
    thread_local! {
        static LOWER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    }
    let mut lower = LOWER.take();
    // Words lowercased into one buffer and scored as they come: this runs
    // on every title of a page, and allocating per word dominated it.
    crate::text::for_each_word(text, |w| {
        n_words += 1;
        lowercase_into(w, &mut lower);
        // Hyphenated words count by their parts too ("quatre-vingt-treize").
        for t in lower.split('-').filter(|p| !p.is_empty()) {
            // Which candidates list this word, per list; a word shared by
            // many languages says less.
            let masks = table.get(t).copied().unwrap_or([0, 0]);
            // Most words are in no list, and most match no cue: those add
            // nothing to any score, so the per-candidate loops are skipped.
            for (list, weight) in [(0, 3.0), (1, 2.0)] {
                if masks[list] == 0 {
                    continue;
                }
                let holders = cands.iter().filter(|c| masks[list] & c.0 != 0).count();
                for (i, c) in cands.iter().enumerate() {
                    if masks[list] & c.0 != 0 {
                        scores[i].1 += weight / holders as f64;
                    }
                }
            }
            // Fewer than five bytes is fewer than five characters.
            let suffixed = if t.len() >= 5 && t.chars().count() >= 5 { cues.suffix_langs(t.as_bytes()) } else { 0 };
            let spelled = cues.spelling_in(t.as_bytes());
            // A language outside KNOWN has no word lists here; a letter
            // only it writes among the candidates ("Dżuma") speaks for it.
            let own_letters = foreign_candidate && !t.is_ascii() && t.chars().any(unknown_letter);
            if suffixed != 0 || spelled != 0 {
                for ((_, score), (bit, spellings)) in scores.iter_mut().zip(cands) {
                    if suffixed & bit != 0 {
                        *score += 1.0;
                    }
                    *score += 0.6 * (spelled & spellings).count_ones() as f64;
                }
            }
            if own_letters {
                for ((lang, score), (bit, _)) in scores.iter_mut().zip(cands) {
                    if *bit == 0 && t.chars().any(|c| unknown_letter(c) && writes(lang, c)) {
                        *score += OWN_LETTER;
                    }
                }
            }
        }
    });
    LOWER.set(lower);
    let toks_len = n_words;
    if let Some(c) = context {
        for (lang, score) in scores.iter_mut() {
            if *lang == c.primary() {
                *score += CONTEXT_WEIGHT;
            }
        }
    }
    // Trigram vote, weighted by its own confidence and by text length:
    // trustworthy on sentences, a hint on titles. Skipped when it could not
    // change the outcome (it is most of the cost on title-heavy pages): the
    // leader, list context included, is further ahead than the vote's
    // largest weight plus the tie margin, so it wins with or without it.
    let weight_bound = (toks_len as f64 / 3.0).clamp(0.5, 6.0) * 1.5;
    // The two highest scores, as a descending sort would give them, found
    // in one pass without a vector (this runs on every title).
    let mut top: [Option<f64>; 2] = [None, None];
    for &(_, v) in scores.iter() {
        match top[0] {
            Some(a) if v.total_cmp(&a).is_le() => {
                if top[1].is_none_or(|b| v.total_cmp(&b).is_gt()) {
                    top[1] = Some(v);
                }
            }
            _ => top = [Some(v), top[0]],
        }
    }
    let decided = match top {
        [Some(first), Some(second)] => first - second > weight_bound + MARGIN,
        _ => true,
    };
    if !decided {
        // The usual candidates' detector is built once, not per title.
        static KNOWN_DETECTOR: std::sync::OnceLock<(usize, whatlang::Detector)> = std::sync::OnceLock::new();
        let allowlist = |cs: &[&str]| -> Vec<whatlang::Lang> { cs.iter().filter_map(|c| whatlang_code(c)).collect() };
        let own;
        let (n_allowed, detector) = if candidates == KNOWN {
            let (n, d) = KNOWN_DETECTOR.get_or_init(|| {
                let allow = allowlist(KNOWN);
                (allow.len(), whatlang::Detector::with_allowlist(allow))
            });
            (*n, d)
        } else {
            let allow = allowlist(candidates);
            own = (allow.len(), whatlang::Detector::with_allowlist(allow));
            (own.0, &own.1)
        };
        if n_allowed >= 2 {
            if let Some(info) = detector.detect(text) {
                // In proportion to whatlang's confidence: on a two-word
                // title it is near zero, and its answer near chance.
                let weight = (toks_len as f64 / 3.0).clamp(0.5, 6.0) * 1.5 * info.confidence();
                // The detected language in our codes, once, rather than
                // each candidate in whatlang's (a two-letter code is its
                // own primary subtag).
                let found = our_lang(info.lang()).map(Lang::primary);
                let is_found = |lang: &str| match found {
                    Some(f) if lang.len() == 2 => f == lang,
                    _ => whatlang_code(lang) == Some(info.lang()),
                };
                for (lang, score) in scores.iter_mut() {
                    if is_found(lang) {
                        *score += weight;
                    }
                }
            }
        }
    }
    let best = scores.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    // The prior breaks ties among languages the text gives evidence for; it
    // does not outvote the only evidence there is (*Nouvelle Géographie
    // universelle* on a Dutch page: a French spelling, nothing Dutch).
    // Without evidence for any language ("Brave New World": no function
    // word, no spelling the lists know), the prior is all there is, and
    // without one the language is not known rather than a coin's throw.
    if best < EVIDENCE {
        return prior.and_then(|p| Lang::new(p.primary()));
    }
    // The languages within the margin of the best, counted and searched in
    // place rather than collected.
    let is_winner = |s: &&(&str, f64)| best - s.1 < MARGIN && s.1 >= EVIDENCE;
    let n_winners = scores.iter().filter(is_winner).count();
    let pick = if let Some(p) =
        prior.filter(|p| n_winners > 1 && scores.iter().filter(is_winner).any(|s| s.0 == p.primary()))
    {
        p.primary()
    } else {
        scores.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|s| s.0)?
    };
    Lang::new(pick)
}

/// For a text written in a script none of `candidates` is written in (a
/// Russian or Greek title in a Dutch bibliography), its language: whatlang's
/// reading where it is sure (Greek, Armenian, Japanese: a script of one
/// language, or nearly), else not known. Never the list's or the page's
/// language, which the text cannot be in. `None` for a text in a
/// candidate's script.
fn other_script(text: &str, candidates: &[&str]) -> Option<Option<Lang>> {
    // Most titles are Latin letters throughout: those are settled without
    // asking whatlang for the script.
    if text.is_ascii() || !text.chars().any(crate::text::non_latin_letter) {
        return None;
    }
    let script = whatlang::detect_script(text)?;
    let written_in = |c: &&str| whatlang_code(c).is_some_and(|l| script.langs().contains(&l));
    if script == whatlang::Script::Latin || candidates.iter().any(written_in) {
        return None;
    }
    let info = whatlang::detect(text).filter(|i| i.script() == script && i.confidence() >= CONFIDENT);
    Some(info.and_then(|i| Lang::new(i.lang().code())))
}

/// Detect the language of running text with whatlang alone (any language
/// it knows), trusted or not: see [`detect_scored`].
pub fn detect_text(text: &str) -> Option<Lang> {
    detect_scored(text).map(|d| d.lang)
}

/// The confidence from which a detection counts as a finding. whatlang's
/// confidence is the margin between its two best languages, not a
/// probability: on the shipped pages' prose and the benchmark's texts it
/// is 0.47 to 1 when right; "Hallo. Dag." gets 0.0005 (German), a page
/// that is only a heading 0.006, and Icelandic, which whatlang does not
/// know, 0.25 to 0.42 (as Welsh or Afrikaans).
pub const CONFIDENT: f64 = 0.5;

/// A detected language with the detector's confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// The language.
    pub lang: Lang,
    /// whatlang's confidence, 0–1 (see [`CONFIDENT`]).
    pub confidence: f64,
}

impl Detected {
    /// Whether the detection is a finding rather than a guess.
    pub fn confident(&self) -> bool {
        self.confidence >= CONFIDENT
    }

    /// How a language found this way is settled: detected when the
    /// detector is confident, else guessed.
    pub fn source(&self) -> crate::model::LangSource {
        let confidence = self.confidence;
        if self.confident() {
            crate::model::LangSource::Detected { confidence }
        } else {
            crate::model::LangSource::Guessed { confidence }
        }
    }
}

/// Bytes of a text or page the detector reads: its first 20 kB tell the
/// language as well as the whole, at a fixed cost.
pub const SAMPLE_BYTES: usize = 20_000;

/// Detect the language of running text, with how sure the detector is.
/// `None` when the text has no letters.
pub fn detect_scored(text: &str) -> Option<Detected> {
    // whatlang does not know Icelandic, the one language of the bundled
    // data it cannot name: it says Welsh or Afrikaans (at times with a
    // confidence above [`CONFIDENT`]), and the aligner then found no
    // dictionary. Icelandic's own letters tell it.
    if let Some(is) = icelandic(text) {
        return Some(is);
    }
    let info = whatlang::detect(text)?;
    let found = Detected { lang: Lang::new(info.lang().code())?, confidence: info.confidence() };
    // whatlang's trigrams are thrown by a page whose prose quotes titles in
    // other languages (a Dutch page naming Spanish and Italian books was
    // "Spanish, confidence 1.00") and confuse Dutch with Afrikaans; the
    // function words of running text do not. They overrule whatlang where
    // they are decisive and it named a language they can be compared with,
    // or guessed; a language they cannot weigh stays a guess.
    let (shares, n) = function_word_shares(text);
    Some(match function_word_vote(&shares, n) {
        Some(vote) if vote.lang != found.lang => {
            if KNOWN.contains(&found.lang.primary()) {
                vote
            } else if !found.confident() {
                Detected { confidence: vote.confidence.min(found.confidence), ..vote }
            } else {
                found
            }
        }
        Some(_) => found,
        None => unsupported(found, &shares, n),
    })
}

/// whatlang's answer when the function words decide nothing: a language
/// they can weigh that has less than half the function words of another
/// (which has a prose share of them) is a guess, whatever whatlang's
/// confidence. The UDHR's preamble in Tahitian is "Italian, 1.00" to
/// whatlang, with 6 % Italian function words ("e", "o") against 18 % Dutch
/// ("te") and 10 % Portuguese ("o", "e", "no"), so no language leads twice
/// over; in the UDHR's articles, no other language of `KNOWN` comes above
/// 1.12 times the text's own.
fn unsupported(found: Detected, shares: &[f64; KNOWN.len()], n: usize) -> Detected {
    let Some(own) = KNOWN.iter().position(|k| *k == found.lang.primary()) else {
        return found;
    };
    let top = shares.iter().copied().fold(0.0, f64::max);
    if n < 12 || top / (n as f64) < 0.15 || shares[own] >= top / 2.0 {
        return found;
    }
    Detected { confidence: found.confidence * shares[own] / top, ..found }
}

/// Each `KNOWN` language's function words in `text` (a word several
/// languages share counts for each in part), and the number of words.
fn function_word_shares(text: &str) -> ([f64; KNOWN.len()], usize) {
    let table = closed_class_table();
    let mut shares = [0.0f64; KNOWN.len()];
    let mut n = 0usize;
    let mut lower = String::new();
    crate::text::for_each_word(text, |w| {
        n += 1;
        lowercase_into(w, &mut lower);
        let mask = table.get(lower.as_str()).map_or(0, |m| m[0]);
        if mask != 0 {
            let holders = mask.count_ones() as f64;
            for (i, share) in shares.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *share += 1.0 / holders;
                }
            }
        }
    });
    (shares, n)
}

/// Words from which the function-word vote counts in full.
const VOTE_WORDS: usize = 40;

/// The language of running text by its function words, when they decide:
/// one `KNOWN` language's function words are at least 15 % of the words
/// (30–50 % in prose) and twice any other's. A word several languages
/// share counts for each in part. Confidence grows with that lead and with
/// the number of words (full from [`VOTE_WORDS`]) and with the share itself
/// (full from 30 %); below a dozen words there is no vote.
fn function_word_vote(shares: &[f64; KNOWN.len()], n: usize) -> Option<Detected> {
    if n < 12 {
        return None;
    }
    let mut ranked: Vec<(usize, f64)> = shares.iter().map(|s| s / n as f64).enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let ((best, top), (_, second)) = (ranked[0], ranked[1]);
    if top < 0.15 || top < 2.0 * second {
        return None;
    }
    // Prose in a language of KNOWN has 19–37 % of its function words (the
    // UDHR in the seven, 100 to 2,000 words; Portuguese 22 %); a text in another language
    // that shares a few short words ("te" in Tahitian and Dutch) reaches
    // 15–20 %. So the vote's confidence grows from nothing at 15 % to full
    // at 30 %.
    let fit = ((top - 0.15) / 0.15).clamp(0.0, 1.0);
    let confidence = (1.0 - second / top) * (n.min(VOTE_WORDS) as f64 / VOTE_WORDS as f64) * fit;
    Some(Detected { lang: Lang::new(KNOWN[best])?, confidence })
}

/// Words from which a text's share of Icelandic words counts in full.
const ICELANDIC_WORDS: usize = 20;

/// Icelandic by its letters: þ and ð both occur (Faroese has ð but not þ),
/// and at least a tenth of the words have one of them (a quarter to a third
/// in Icelandic prose; no other living language writes þ). Confidence
/// grows with that share (full from a fifth) and with the number of words
/// (full from [`ICELANDIC_WORDS`]), so a single line stays a guess.
fn icelandic(text: &str) -> Option<Detected> {
    // Most texts have neither letter: they are not lowercased to find out.
    if !(text.contains(['þ', 'Þ']) && text.contains(['ð', 'Ð'])) {
        return None;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let own = words.iter().filter(|w| w.contains(['þ', 'ð'])).count();
    let share = own as f64 / words.len().max(1) as f64;
    if share < 0.1 {
        return None;
    }
    let confidence = (share / 0.2).min(1.0) * (words.len().min(ICELANDIC_WORDS) as f64 / ICELANDIC_WORDS as f64);
    Some(Detected { lang: Lang::new("is")?, confidence })
}

/// A language code given by a person (a flag, a manifest): ISO 639-1,
/// 639-3 or 639-2/B, or `und`, optionally with BCP 47 subtags (`nl-BE`).
/// Anything else is refused with the nearest code when one is near (a
/// language name such as "dutch", a 639-3 code one letter off), so that a
/// typo never becomes a language nobody meant.
pub fn parse_code(code: &str) -> std::result::Result<Lang, String> {
    let c = code.trim();
    let mut parts = c.split(['-', '_']);
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    let subtags_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let known = match primary.len() {
        2 => isolang::Language::from_639_1(&primary).is_some(),
        3 => {
            primary == "und"
                || Lang::new(&primary).is_some_and(|l| isolang::Language::from_639_3(&l.iso639_3()).is_some())
        }
        _ => false,
    };
    if known && subtags_ok {
        if let Some(l) = Lang::new(c) {
            return Ok(l);
        }
    }
    Err(match nearest_code(&primary) {
        Some((near, name)) => format!("not a language code; did you mean {near} ({name})?"),
        None => "not an ISO 639 language code; give one such as nl, fr, de, en".to_string(),
    })
}

/// A language a person gives for a text (a flag, a list of flags):
/// [`parse_code`], but `und` (BCP 47's "undetermined") is no language:
/// `None`, the text's language is detected, as when none is given. Taken
/// as a language it would have looked for an `und` dictionary, found none
/// and aligned on length alone.
pub fn parse_given(code: &str) -> std::result::Result<Option<Lang>, String> {
    parse_code(code).map(|l| (!l.is_und()).then_some(l))
}

/// The code a person probably meant: a language named in English
/// ("dutch", "Ice" for Icelandic), or a 639-3 code one letter off one of a
/// language that also has a 639-1 code ("nlf" → "nl").
fn nearest_code(s: &str) -> Option<(String, &'static str)> {
    let lower = s.to_ascii_lowercase();
    let short = |l: isolang::Language| l.to_639_1().map_or_else(|| l.to_639_3().to_string(), str::to_string);
    let with_639_1 = || isolang::languages().filter(|l| l.to_639_1().is_some());
    if lower.len() >= 3 {
        let named = with_639_1()
            .find(|l| l.to_name().eq_ignore_ascii_case(&lower))
            .or_else(|| with_639_1().find(|l| l.to_name().to_ascii_lowercase().starts_with(&lower)));
        if let Some(l) = named {
            return Some((short(l), l.to_name()));
        }
    }
    if lower.len() == 3 {
        let near = with_639_1().find(|l| strsim::levenshtein(l.to_639_3(), &lower) == 1)?;
        return Some((short(near), near.to_name()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling cue found in a word, cue by cue, as `spelling_in`
    /// found them before it skipped the positions no cue starts at.
    fn spelling_by_scan(ix: &CueIndex, word: &[u8]) -> u128 {
        let mut set = 0u128;
        for i in 0..word.len() {
            for (k, cue) in ix.spelling.iter().enumerate() {
                if word[i..].starts_with(cue) {
                    set |= 1 << k;
                }
            }
        }
        set
    }

    #[test]
    fn spelling_cues_are_found_wherever_they_stand() {
        let ix = CueIndex::get();
        let mut words: Vec<Vec<u8>> = Vec::new();
        for cue in &ix.spelling {
            words.push(cue.to_vec());
            words.push([b"x".as_slice(), *cue, b"y"].concat());
            words.push([*cue, *cue].concat());
            words.push(cue[..cue.len() - 1].to_vec());
        }
        for w in ["géographie", "quatre", "schrijver", "über", "aan", "œuvre", "ij", "a", ""] {
            words.push(w.as_bytes().to_vec());
        }
        for w in &words {
            assert_eq!(ix.spelling_in(w), spelling_by_scan(ix, w), "{:?}", String::from_utf8_lossy(w));
        }
    }

    /// A title in another script in a Dutch list: its own language where
    /// whatlang is sure of it, else none; the list's and the page's never
    /// (they were the answer for "Οδύσσεια" and "Война и мир" alike).
    #[test]
    fn a_title_in_another_script_is_not_given_the_lists_language() {
        let nl = Lang::new("nl");
        let lang = |t: &str| detect_in(t, KNOWN, nl.as_ref(), nl.as_ref()).map(|l| l.to_string());
        assert_eq!(lang("Οδύσσεια").as_deref(), Some("el"));
        assert_eq!(lang("吾輩は猫である").as_deref(), Some("ja"));
        assert_eq!(lang("Война и мир"), None, "Russian, Ukrainian or Bulgarian: whatlang is unsure");
        assert_eq!(lang("الكتاب"), None);
        // Latin letters with diacritics stay with the Latin candidates.
        assert_eq!(lang("Het dagboek van een žena").as_deref(), Some("nl"));
        assert_eq!(lang("İstanbul").as_deref(), Some("nl"), "no evidence: the list's language");
    }

    /// Dutch prose that names books in five languages: whatlang alone said
    /// Spanish with confidence 1.00; its function words say Dutch.
    #[test]
    fn prose_naming_foreign_titles_keeps_its_language() {
        let titles = [
            "Nouvelle Géographie universelle",
            "Tierra y Libertad",
            "Cien años de soledad",
            "La casa de Bernarda Alba",
            "Il nome della rosa",
            "La coscienza di Zeno",
            "Der Zauberberg",
            "The Conquest of Bread",
        ];
        let page: String = titles.iter().map(|t| format!("Hij las in die jaren het boek {t} opnieuw.\n")).collect();
        assert_eq!(
            whatlang::detect(&page).map(|i| i.lang().code()),
            Some("spa"),
            "whatlang alone misreads it (if it no longer does, this test shows nothing)"
        );
        let d = detect_scored(&page).expect("letters");
        assert_eq!(d.lang.code(), "nl", "{d:?}");
        // The same prose without the titles: whatlang says Afrikaans, unsure.
        let plain = "Hij las in die jaren het boek opnieuw. Zij schreef hem een brief uit de stad.\n".repeat(3);
        let d = detect_scored(&plain).expect("letters");
        assert_eq!(d.lang.code(), "nl", "{d:?}");
    }

    /// A language the function words cannot weigh, which whatlang takes for
    /// one they can (the UDHR's preamble in Tahitian: "Italian, 1.00"):
    /// the vote may name another, but only as a guess.
    #[test]
    fn function_words_of_a_few_shared_short_words_stay_a_guess() {
        let tahitian = "I te fa'ari'i i te fa'ati'amā o te ihomana tumu o te mau mero tā'āto'a o te nuna'a \
            ta'ata e i to ratou ato'a ti'amanara'a 'aifaito e te tūtu'u-mana-'ore 'ei papa no te orara'ati'amā, \
            no te orara'a-'aifaro e no te hau i roto i teie nei ao, e ti'a ai, I te fa'ari'i e no te \
            ha'apa'o'ore, e no te fa'afaufa'a'ore i te mau ti'amanara'a o te ta'ata";
        let further = "i tupu ai te mau peu 'oviri i fa'ati'arepu i te manava o te tā'āto'ara'a o te ao; i te \
            fa'ari'i i te ti'aoroara'ahia 'ei a'e nui no te ta'ata te hitira'a mai o te hō'ē ao iti i reira te \
            mau ta'ata, i ora mai mai roto mai i te taiā e te veve, e 'aparaparau noa ai ma te ti'aturi \
            fa'ahou, e ti'a ai, I te fa'afaufa'a i te paruru i te ti'amanara'a o te ta'ata ma te hō'ē \
            fa'aterera'a-ture, ia 'ore 'oia te ta'ata ia hepohia";
        for text in [tahitian, further] {
            let d = detect_scored(text).expect("letters");
            assert!(!d.confident(), "{d:?}");
        }
    }

    /// Portuguese titles are read as Portuguese, and Spanish and Italian
    /// sentences whose only function words are "a" and "o" (Portuguese
    /// articles, but their prepositions and "or") are not.
    #[test]
    fn portuguese_is_told_from_spanish_and_italian() {
        let es = "Nadie será sometido a torturas ni a penas o tratos crueles, inhumanos o degradantes.";
        let it = "Nessun individuo potrà essere sottoposto a tortura o a trattamento o a punizione crudeli, \
                  inumani o degradanti.";
        for (want, text) in
            [("pt", "O Cortiço"), ("pt", "Os Lusíadas"), ("pt", "A Cidade e as Serras"), ("es", es), ("it", it)]
        {
            let got = detect(text, KNOWN, None);
            assert_eq!(got.as_ref().map(Lang::primary), Some(want), "{text}");
        }
        for (want, text) in [("es", format!("Artículo 5\n{es}")), ("it", format!("Articolo 5\n{it}"))] {
            let d = detect_scored(&text).expect("letters");
            assert_eq!(d.lang.primary(), want, "{text}: {d:?}");
        }
        let pt = "Todos os seres humanos nascem livres e iguais em dignidade e em direitos. Dotados de razão e \
                  de consciência, devem agir uns para com os outros em espírito de fraternidade.";
        let d = detect_scored(pt).expect("letters");
        assert!(d.confident() && d.lang.primary() == "pt", "{d:?}");
    }

    #[test]
    fn codes_are_checked_and_typos_get_the_nearest() {
        for ok in ["nl", "NL", "fra", "fre", "dut", "nld", "und", "nl-BE", "pt_BR", "isl"] {
            assert!(parse_code(ok).is_ok(), "{ok}");
        }
        assert_eq!(parse_code("fre").map(|l| l.code().to_string()), Ok("fr".into()));
        assert_eq!(parse_code("xx"), Err("not an ISO 639 language code; give one such as nl, fr, de, en".into()));
        assert_eq!(parse_code("dutch"), Err("not a language code; did you mean nl (Dutch)?".into()));
        assert!(parse_code("nlf").is_err_and(|e| e.contains("did you mean")), "{:?}", parse_code("nlf"));
        assert!(parse_code("n1").is_err());
        assert!(parse_code("nl-x\"onload").is_err());
    }

    #[test]
    fn a_guess_is_not_a_finding() {
        let short = detect_scored("Hallo. Dag.").expect("letters");
        assert!(!short.confident(), "{short:?}");
        let prose = "De Universele Verklaring van de Rechten van de Mens werd in 1948 aangenomen door de \
                     Algemene Vergadering van de Verenigde Naties in Parijs, na jaren van overleg.";
        let d = detect_scored(prose).expect("letters");
        assert!(d.confident() && d.lang.code() == "nl", "{d:?}");
    }

    #[test]
    fn icelandic_is_told_by_its_letters_and_a_line_of_it_stays_a_guess() {
        let prose = "Þetta er góð bók um sögu Íslands. Hún segir frá landnámi og fyrstu öldum \
                     þjóðarinnar. Bókin var skrifuð af þekktum fræðimanni og kom út í Reykjavík.";
        // whatlang names another language, at times with confidence.
        assert_ne!(whatlang::detect(prose).map(|i| i.lang().code()), Some("isl"), "whatlang knows Icelandic now");
        let d = detect_scored(prose).expect("letters");
        assert!(d.confident() && d.lang.code() == "is", "{d:?}");
        let line = detect_scored("Þetta er góð bók.").expect("letters");
        assert!(!line.confident() && line.lang.code() == "is", "{line:?}");
        // Faroese writes ð but not þ; other languages neither.
        for other in ["Hetta er ein góð bók, og hon er skrivað á føroyskum.", "Le chat dort. Il pleut."] {
            let d = detect_scored(other).expect("letters");
            assert_ne!(d.lang.code(), "is", "{other}: {d:?}");
        }
    }
}
