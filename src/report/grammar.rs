//! Catalogue checks on French titles with a morphological lexicon
//! (Hunspell-fr): an article or determiner whose number or gender
//! disagrees with the noun or adjective after it ("Les dernier temps",
//! "le prison"), and words the lexicon does not know.
//!
//! A disagreement is reported only when *every* reading of both words
//! disagrees, so ambiguous forms ("temps", singular and plural) never raise
//! a false alarm.

use crate::lexicon::hunspell::{Analysis, Gender, Morphology, Number};

/// One finding about a title.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    /// "agreement" or "spelling".
    pub kind: &'static str,
    /// The words concerned.
    pub words: Vec<String>,
    /// What is wrong, for a person.
    pub message: String,
}

fn numbers(r: &[Analysis]) -> Vec<Number> {
    r.iter().filter_map(|a| a.number).collect()
}

fn genders(r: &[Analysis]) -> Vec<Gender> {
    r.iter().filter_map(|a| a.gender).collect()
}

fn number_word(n: Number) -> &'static str {
    match n {
        Number::Singular => "singular",
        Number::Plural => "plural",
        Number::Either => "either number",
    }
}

fn gender_word(g: Gender) -> &'static str {
    match g {
        Gender::Masculine => "masculine",
        Gender::Feminine => "feminine",
        Gender::Either => "either gender",
    }
}

/// Check one title.
pub fn check(title: &str, m: &Morphology) -> Vec<Finding> {
    let mut words: Vec<String> = Vec::new();
    crate::text::for_each_word(title, |w| words.push(w.to_string()));
    let readings: Vec<Vec<Analysis>> = words.iter().map(|w| m.analyze(w)).collect();
    let mut out = Vec::new();
    for i in 0..words.len() {
        // Determiners: all readings determiner-like (or pronoun "le/la/les").
        let det: Vec<Analysis> = readings[i].iter().filter(|a| a.is_determiner()).cloned().collect();
        if det.is_empty() || words[i].chars().count() > 5 {
            continue;
        }
        // The next word with a nominal reading (skip nothing: French
        // determiners stand right before their adjective or noun).
        let Some(j) = (i + 1 < words.len()).then_some(i + 1) else { continue };
        let next: Vec<Analysis> = readings[j].iter().filter(|a| a.is_nominal()).cloned().collect();
        if next.is_empty() || words[j].chars().next().is_some_and(char::is_uppercase) && i > 0 {
            continue;
        }
        // Number: every determiner reading vs every nominal reading.
        let (dn, nn) = (numbers(&det), numbers(&next));
        let clash_n = |a: &Number, b: &Number| {
            matches!((a, b), (Number::Singular, Number::Plural) | (Number::Plural, Number::Singular))
        };
        if !dn.is_empty() && !nn.is_empty() && dn.iter().all(|a| nn.iter().all(|b| clash_n(a, b))) {
            out.push(Finding {
                kind: "agreement",
                words: vec![words[i].clone(), words[j].clone()],
                message: format!(
                    "number: '{}' is {} but '{}' is {}",
                    words[i],
                    number_word(dn[0]),
                    words[j],
                    number_word(nn[0])
                ),
            });
            continue;
        }
        let (dg, ng) = (genders(&det), genders(&next));
        let clash_g = |a: &Gender, b: &Gender| {
            matches!((a, b), (Gender::Masculine, Gender::Feminine) | (Gender::Feminine, Gender::Masculine))
        };
        if !dg.is_empty() && !ng.is_empty() && dg.iter().all(|a| ng.iter().all(|b| clash_g(a, b))) {
            out.push(Finding {
                kind: "agreement",
                words: vec![words[i].clone(), words[j].clone()],
                message: format!(
                    "gender: '{}' is {} but '{}' is {}",
                    words[i],
                    gender_word(dg[0]),
                    words[j],
                    gender_word(ng[0])
                ),
            });
        }
    }
    // Lowercase words the lexicon does not know at all.
    for (w, r) in words.iter().zip(&readings) {
        let plain = w.chars().all(|c| c.is_alphabetic()) && w.chars().next().is_some_and(char::is_lowercase);
        if plain && w.chars().count() > 2 && r.is_empty() {
            out.push(Finding {
                kind: "spelling",
                words: vec![w.clone()],
                message: format!("'{w}' is not in the French lexicon"),
            });
        }
    }
    out
}
