//! Sentence segmentation behind one trait.
//!
//! The default [`Sentencex`] segmenter runs the `sentencex` crate (Wikimedia's
//! rule-based segmenter, ~40 languages) and then repairs the splits it gets
//! wrong on our texts: Dutch and French abbreviations it does not know
//! (`o.a.`, `z.i.`, `d.i.`, `e.a.`, `M.`), name initials (`L. Trotsky`), and
//! any split followed by a lowercase word, which cannot be a sentence start
//! in the languages we segment. Callers may also protect ranges (emphasis,
//! links) that no boundary may cut, so a title such as `*Dr. Zhivago*` stays whole.

use std::ops::Range;

/// Splits text into sentences, as byte ranges into the text.
pub trait Segmenter: Send + Sync {
    /// Sentence ranges in order; each is trimmed of surrounding whitespace and
    /// non-empty, and no range boundary falls strictly inside a `protect` range.
    fn split(&self, text: &str, protect: &[Range<usize>]) -> Vec<Range<usize>>;
}

/// Abbreviations (lowercase, with their final dot) that end a token without
/// ending the sentence, beyond what sentencex already knows.
fn abbreviations(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => &[
            "o.a.", "z.i.", "d.i.", "e.a.", "z.g.", "zgn.", "m.a.w.", "t.a.v.", "i.p.v.", "bijv.", "bv.", "ca.",
            "dhr.", "mevr.", "mr.", "dr.", "drs.", "ir.", "prof.", "st.", "nl.", "resp.", "vgl.", "nr.", "blz.", "p.",
            "pp.", "a.d.", "v.chr.", "n.chr.", "jl.", "e.d.", "t.o.v.", "w.o.", "i.h.b.", "d.w.z.", "n°", "no.",
            "vol.",
        ],
        "fr" => &[
            "m.", "mm.", "mme.", "mlle.", "dr.", "st.", "ste.", "p.", "pp.", "cf.", "éd.", "vol.", "no.", "n°", "art.",
            "av.", "j.-c.", "env.", "ex.", "fig.", "chap.", "t.", "mgr.", "me.", "r.p.", "o.",
        ],
        "de" => &[
            "z.b.", "d.h.", "u.a.", "s.", "nr.", "dr.", "st.", "bzw.", "vgl.", "ca.", "hl.", "prof.", "u.ä.", "z.t.",
            "m.", "ü.m.", "bd.", "hrsg.", "jh.", "jhd.", "v.chr.", "n.chr.", "abb.",
        ],
        "en" => {
            &["mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "vol.", "no.", "pp.", "p.", "cf.", "e.g.", "i.e.", "vs."]
        }
        _ => &[],
    }
}

/// The default segmenter: sentencex plus the repairs described in the module docs.
#[derive(Debug, Clone)]
pub struct Sentencex {
    lang: String,
}

impl Sentencex {
    /// A segmenter for a language code ("nl", "fr", "de", ...); unknown codes
    /// fall back to sentencex's own defaults.
    pub fn new(lang: &str) -> Sentencex {
        Sentencex { lang: lang.split('-').next().unwrap_or(lang).to_ascii_lowercase() }
    }

    fn joins(&self, before: &str, after: &str) -> bool {
        let before = before.trim_end();
        let after = after.trim_start();
        let Some(first) =
            after.chars().find(|c| !matches!(c, '"' | '\'' | '(' | '[' | '«' | '“' | '„' | '‘' | '*' | ' '))
        else {
            return true;
        };
        if first.is_lowercase() {
            return true;
        }
        let last_token = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let last_token = last_token.trim_start_matches(['(', '"', '\'', '[', '«', '“']);
        let lower = last_token.to_lowercase();
        // An abbreviation, alone or after an opening parenthesis ("(vgl.").
        if abbreviations(&self.lang)
            .iter()
            .any(|a| lower.strip_suffix(a).is_some_and(|before| before.is_empty() || before.ends_with('(')))
        {
            return true;
        }
        // A single capital and a dot before a capitalised word: a name initial ("L. Trotsky").
        let mut chars = last_token.chars();
        if let (Some(c), Some('.'), None) = (chars.next(), chars.next(), chars.next()) {
            if c.is_uppercase() && first.is_uppercase() {
                return true;
            }
        }
        false
    }
}

impl Segmenter for Sentencex {
    fn split(&self, text: &str, protect: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut cuts: Vec<Range<usize>> = Vec::new();
        for b in sentencex::get_sentence_boundaries(&self.lang, text) {
            let r = b.start_byte..b.end_byte;
            if r.is_empty() {
                continue;
            }
            match cuts.last_mut() {
                Some(prev)
                    if protect.iter().any(|p| p.start < r.start && r.start < p.end)
                        || self.joins(&text[prev.clone()], &text[r.clone()]) =>
                {
                    prev.end = r.end;
                }
                _ => cuts.push(r),
            }
        }
        cuts.into_iter().filter_map(|r| trim_range(text, r)).collect()
    }
}

/// Narrow a range to exclude surrounding whitespace; `None` if nothing is left.
pub(crate) fn trim_range(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    (lead + trail < s.len()).then(|| r.start + lead..r.end - trail)
}

/// Convenience: split `text` into sentence strings.
pub fn sentences<'a>(seg: &dyn Segmenter, text: &'a str) -> Vec<&'a str> {
    seg.split(text, &[]).into_iter().map(|r| &text[r]).collect()
}
