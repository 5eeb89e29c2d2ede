//! transalign patch (see PATCH.md): what a filter list allows of a script,
//! worked out once per list and script rather than on every call.
//!
//! transalign asks an allowlist detector (seven languages) for the language
//! of thousands of titles. Each call filtered the script's languages
//! through the list (a `contains` per language) and gathered distances for
//! every profile of the script (38 for Latin) before dropping the ones the
//! list does not allow. Here the allowed languages and an inverted trigram
//! index of their profiles only are kept, shared by every detector with an
//! equal list. The scores are the same: the dropped profiles never reached
//! the outcome, and the allowed ones are visited in the same order.

use std::sync::{Arc, Mutex, PoisonError};

use crate::Lang;
use crate::core::FilterList;
use crate::scripts::grouping::MultiLangScript;
use crate::trigrams::detection::{InvertedIndex, build_inverted_index, script_to_lang_profile_list};

/// A script's languages and trigram profiles that one filter list allows.
pub(crate) struct Allowed {
    /// The script's languages (`Script::langs` order) the list allows.
    pub(crate) script_langs: Vec<Lang>,
    /// Places in the script's trigram profile list of the profiles the
    /// list allows, ascending; a profile's slot in `index` is its place here.
    pub(crate) profile_places: Vec<usize>,
    /// Trigram → (slot, rank) for the allowed profiles.
    pub(crate) index: InvertedIndex,
}

/// How many (script, list) pairs are kept; a program making detectors with
/// ever new lists gets the rest built per call, not unbounded memory.
const CACHED: usize = 64;

type Cache = Vec<(MultiLangScript, FilterList, Arc<Allowed>)>;

static CACHE: Mutex<Cache> = Mutex::new(Vec::new());

/// What `filter_list` allows of `script`, from the cache or built now.
pub(crate) fn allowed(script: MultiLangScript, filter_list: &FilterList) -> Arc<Allowed> {
    // A panic elsewhere while the lock was held left the cache whole (it
    // is only pushed to), so a poisoned lock is still usable.
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, _, found)) = cache.iter().find(|(s, f, _)| *s == script && f == filter_list) {
        return Arc::clone(found);
    }
    let built = Arc::new(build(script, filter_list));
    if cache.len() < CACHED {
        cache.push((script, filter_list.clone(), Arc::clone(&built)));
    }
    built
}

fn build(script: MultiLangScript, filter_list: &FilterList) -> Allowed {
    let script_langs =
        script.to_script().langs().iter().copied().filter(|&l| filter_list.is_allowed(l)).collect();
    let profiles = script_to_lang_profile_list(script);
    let profile_places: Vec<usize> =
        (0..profiles.len()).filter(|&place| filter_list.is_allowed(profiles[place].0)).collect();
    let index = build_inverted_index(profile_places.iter().map(|&place| profiles[place].1));
    Allowed { script_langs, profile_places, index }
}
