use hashbrown::HashMap;

use super::utils::trigram_positions;
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
use super::{LangProfile, LangProfileList};
use super::{MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE, Trigram};
use crate::Lang;
use crate::core::{Info, InternalQuery, Text, calculate_confidence};
use crate::scripts::grouping::MultiLangScript;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    #[allow(dead_code)]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let lang_profile_list = script_to_lang_profile_list(iquery.multi_lang_script);
    let allowed = crate::allowed::allowed(iquery.multi_lang_script, iquery.filter_list);
    calculate_scores_in_profiles(&iquery.text, lang_profile_list, &allowed)
}

/// transalign patch (see PATCH.md): for every trigram of some profiles,
/// the profiles holding it, as (slot among those profiles, rank in the
/// profile). Scoring a text then costs a lookup per trigram of the text
/// instead of one per trigram of every profile (300 × the number of
/// languages), which dominated on short texts such as titles. Built for
/// the profiles a filter list allows (`crate::allowed`).
pub(crate) type InvertedIndex = HashMap<Trigram, Vec<(u16, u16)>>;

/// The inverted index of `profiles`; a profile's slot is its place in the iterator.
pub(crate) fn build_inverted_index(profiles: impl Iterator<Item = LangProfile>) -> InvertedIndex {
    let mut index = InvertedIndex::new();
    for (slot, profile) in profiles.enumerate() {
        for (rank, &trigram) in profile.iter().enumerate() {
            index.entry(trigram).or_default().push((slot as u16, rank as u16));
        }
    }
    index
}

pub(crate) fn script_to_lang_profile_list(script: MultiLangScript) -> LangProfileList {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => LATIN_LANGS,
        MLS::Cyrillic => CYRILLIC_LANGS,
        MLS::Arabic => ARABIC_LANGS,
        MLS::Devanagari => DEVANAGARI_LANGS,
        MLS::Hebrew => HEBREW_LANGS,
    }
}

#[inline]
fn calculate_scores_in_profiles(
    text: &Text,
    lang_profile_list: LangProfileList,
    allowed: &crate::allowed::Allowed,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = Vec::with_capacity(allowed.profile_places.len());

    // transalign patch: a vector, not a hash map (see `trigram_positions`).
    let trigram_positions = trigram_positions(&text.lowercase());
    let unique_trigrams_count = trigram_positions.len();

    // transalign patch: what each allowed profile's trigrams found in the
    // text take off its distance, gathered from the text's side (see
    // `InvertedIndex`); `calculate_distance` is the original definition.
    let mut found = vec![0i64; allowed.profile_places.len()];
    for &(trigram, position) in &trigram_positions {
        if let Some(holders) = allowed.index.get(&trigram) {
            for &(slot, rank) in holders {
                found[slot as usize] +=
                    MAX_TRIGRAM_DISTANCE as i64 - (position as i64 - rank as i64).abs();
            }
        }
    }
    // The allowed profiles in list order, as the original loop met them.
    for (slot, &place) in allowed.profile_places.iter().enumerate() {
        let (lang, lang_trigrams) = lang_profile_list[place];
        let all_absent = lang_trigrams.len() as i64 * MAX_TRIGRAM_DISTANCE as i64;
        let dist = finish_distance((all_absent - found[slot]) as u32, trigram_positions.len());
        debug_assert_eq!(
            dist,
            calculate_distance(lang_trigrams, &trigram_positions.iter().copied().collect())
        );
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

fn calculate_distance(lang_trigrams: LangProfile, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let mut total_dist = 0u32;

    for (i, &trigram) in lang_trigrams.iter().enumerate() {
        let dist = match text_trigrams.get(&trigram) {
            Some(&n) => (n as i32 - i as i32).unsigned_abs(),
            None => MAX_TRIGRAM_DISTANCE,
        };
        total_dist += dist;
    }

    finish_distance(total_dist, text_trigrams.len())
}

/// The end of `calculate_distance`, shared with the patched path.
#[inline]
fn finish_distance(mut total_dist: u32, text_trigrams: usize) -> u32 {
    let count = text_trigrams as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::super::utils::get_trigrams_with_positions;
    use super::*;
    use crate::core::FilterList;

    /// The transalign patch: the inverted index gives every profile the
    /// distance the original definition gives it.
    #[test]
    fn inverted_index_gives_the_original_distances() {
        let texts = [
            "Die Ordnung muss für immer in diesem Codebase bleiben",
            "Nouvelle Géographie universelle",
            "La Lanterne",
            "Tierra y Libertad",
            "Het jaar 1905 was het begin van de revolutie; niets bleef hetzelfde.",
            "x",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        let long: String = texts.concat().repeat(40);
        for text in texts.iter().copied().chain([long.as_str()]) {
            let positions = get_trigrams_with_positions(&Text::new(text).lowercase()).trigram_positions;
            let seven = FilterList::allow(vec![Lang::Nld, Lang::Fra, Lang::Deu, Lang::Eng, Lang::Spa, Lang::Ita, Lang::Por]);
            for filter_list in [FilterList::All, seven] {
                let allowed = crate::allowed::allowed(MultiLangScript::Latin, &filter_list);
                let mut found = vec![0i64; allowed.profile_places.len()];
                for (trigram, &position) in &positions {
                    for &(slot, rank) in allowed.index.get(trigram).map(Vec::as_slice).unwrap_or(&[]) {
                        found[slot as usize] +=
                            MAX_TRIGRAM_DISTANCE as i64 - (position as i64 - rank as i64).abs();
                    }
                }
                let places: Vec<usize> =
                    (0..LATIN_LANGS.len()).filter(|&p| filter_list.is_allowed(LATIN_LANGS[p].0)).collect();
                assert_eq!(allowed.profile_places, places);
                for (slot, &place) in allowed.profile_places.iter().enumerate() {
                    let profile = LATIN_LANGS[place].1;
                    let all_absent = profile.len() as i64 * MAX_TRIGRAM_DISTANCE as i64;
                    let patched = finish_distance((all_absent - found[slot]) as u32, positions.len());
                    assert_eq!(patched, calculate_distance(profile, &positions), "{text}");
                }
            }
        }
    }

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }
}
