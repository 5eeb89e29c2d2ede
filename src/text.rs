//! Text primitives every floor uses: Unicode folding and word tokens.
//! They sit here, below both language detection and the lexicons, so that
//! neither needs the other.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether a letter is outside the Latin script (Basic Latin to Latin
/// Extended-B, and Latin Extended Additional): Cyrillic, Greek, Arabic, ….
/// Other characters (digits, punctuation) are not letters and never are.
pub fn non_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !matches!(c, '\0'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// Fold a word for comparison across languages and spellings: compatibility
/// normalisation (the ligature "ĳ" becomes "ij"), lowercase, no diacritics,
/// and the few letters that NFD leaves alone spelled out (ß, œ, æ, ø).
pub fn fold(s: &str) -> String {
    // Plain ASCII (most words) needs only lowercasing.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc().flat_map(char::to_lowercase).collect::<String>().nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => out.push('-'),
            '’' | '‘' | 'ʼ' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

/// Split into lowercase word tokens, separating elided articles (l', d', qu').
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_lowercase()));
    out
}

/// Call `f` on each word of `text` as a slice of it (case kept), with the
/// same splitting as [`words`]; allocates nothing.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let is_apos = |c: char| c == '\'' || c == '’';
    for raw in text.split(|c: char| !(c.is_alphanumeric() || is_apos(c) || c == '-')) {
        let w = raw.trim_matches(|c| is_apos(c) || c == '-');
        if w.is_empty() {
            continue;
        }
        // "l'affaire" -> "l", "affaire"; "'t" stays whole.
        if let Some(idx) = w.find(is_apos) {
            let (head, tail) = w.split_at(idx);
            let tail = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
            if !head.is_empty() && head.chars().count() <= 2 && !tail.is_empty() {
                f(head);
                f(tail);
                continue;
            }
        }
        f(w);
    }
}

/// Replace tabs and line breaks so a text fits one TSV cell.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_one_line(&mut out, s);
    out
}

/// [`one_line`], appended to `out`: the characters replaced are ASCII, so
/// runs without them are copied whole.
pub fn push_one_line(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(at) = rest.bytes().position(|b| b == b'\t' || b == b'\n' || b == b'\r') {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}
