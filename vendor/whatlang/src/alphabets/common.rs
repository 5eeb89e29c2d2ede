//! It's a hard-core optimized implementation of a relatively simple algorithm.
//! The explanation of the algorithm can be found in the parent module [crate::alphabets].

use super::RawOutcome;
use crate::core::{FilterList, LowercaseText};
use crate::utils::is_stop_char;
use crate::Lang;
use crate::scripts::grouping::MultiLangScript;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Inverted map binding a character to a set of languages.
pub fn build_inverted_map(alphabets: &[(Lang, &str)]) -> (Vec<char>, Vec<Vec<Lang>>) {
    let mut map = HashMap::new();

    for (lang, alphabet) in alphabets {
        for c in alphabet.chars() {
            let entry = map.entry(c).or_insert_with(Vec::new);
            entry.push(*lang);
        }
    }

    let mut char_lang: Vec<_> = map.into_iter().collect();

    char_lang.sort_unstable_by_key(|(c, _)| *c);

    let mut chars = Vec::with_capacity(char_lang.len());
    let mut langs = Vec::with_capacity(char_lang.len());
    for (ch, languages) in char_lang {
        chars.push(ch);
        langs.push(languages);
    }

    (chars, langs)
}

/// Room for every [`Lang`] as an index (checked by a test).
const LANG_SLOTS: usize = 128;

pub fn generic_alphabet_calculate_scores(
    script: MultiLangScript,
    lang_map: &LazyLock<(Vec<char>, Vec<Vec<Lang>>)>,
    text: &LowercaseText,
    filter_list: &FilterList,
) -> RawOutcome {
    let (chars, langs) = &**lang_map;
    let single_script = script.to_script();
    let script_langs = single_script.langs();

    // transalign patch (see PATCH.md): each character's score is added to
    // its languages as it is read, into a fixed array, instead of into a
    // vector of per-character scores and a vector of per-language scores
    // allocated on every call (titles are scored by the thousand). The sums
    // are the same: 2 per occurrence, to the common score when every
    // language of the script writes the character, else to each language
    // listed for it.
    let mut lang_scores = [0usize; LANG_SLOTS];
    let mut max_raw_score = 0;
    let mut common_score: usize = 0;
    for ch in text.chars() {
        if is_stop_char(ch) {
            continue;
        }

        max_raw_score += 1;

        if let Ok(position) = chars.binary_search(&ch) {
            let languages = &langs[position];
            if languages.len() == script_langs.len() {
                common_score += 2;
            } else {
                for &lang in languages {
                    lang_scores[lang as usize] += 2;
                }
            }
        }
    }

    // remap languages with theirs scores.
    // transalign patch: the allowed languages, in the script's order, from
    // the list's cache (see `crate::allowed`) rather than filtered per call.
    let allowed = crate::allowed::allowed(script, filter_list);
    let mut raw_scores: Vec<(Lang, usize)> = allowed
        .script_langs
        .iter()
        .map(|&l| {
            let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
            (l, score)
        })
        .collect();

    raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));

    let mut normalized_scores = Vec::with_capacity(raw_scores.len());

    for &(lang, raw_score) in raw_scores.iter() {
        let normalized_score = raw_score as f64 / max_raw_score as f64;
        normalized_scores.push((lang, normalized_score));
    }

    RawOutcome {
        count: max_raw_score,
        raw_scores,
        scores: normalized_scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// transalign patch: every language has a slot in the fixed score array.
    #[test]
    fn every_lang_has_a_score_slot() {
        assert!(Lang::all().iter().all(|&l| (l as usize) < LANG_SLOTS));
    }
}
