//! Which translated title renders which original.
//!
//! For every (translation, original) pair on a page, word-level evidence is
//! gathered: bilingual dictionary entries (FreeDict, both directions, and
//! through English for words and senses the direct dictionary lacks),
//! inflection through Snowball stems, Hunspell lemmas, Dutch spelling before
//! 1947 and shared prefixes, Dutch compounds split into up to three parts
//! (a separable particle, known words, one part compared by its look),
//! French prefixed words by their base and the prefix's sense ("entr|aide"),
//! cognates and transliterated names (Jaro–Winkler on transliteration
//! skeletons), and number words. Words
//! weigh by how specific they are among the page's titles (inverse title
//! frequency), names and numbers double, function words only count when
//! they match. The pair score is a Dice coefficient of matched weight; a
//! global one-to-one assignment (Hungarian algorithm) picks the links, and a
//! link is made only when the score and the coverage of *both* titles pass
//! thresholds, and no other free original has as good a claim: a wrong
//! link is worse than a missing one. A refusal names its nearest original
//! and why it was not linked.
//!
//! The parts, in the order a page goes through them: `collect` (the
//! page's titles and variant groups), `words` and `forms` (each word and
//! what it may translate to), `score` (pair scores), `assign` (Hungarian
//! assignment), `refuse` (the refusal rules, one decision per work),
//! `page` (the whole page, per title), then `json` and `output`; `aligner`
//! runs pages with their data, `eval` scores against gold files.
//!
//! The seed page, with the bundled dictionaries:
//!
//! ```
//! use std::path::Path;
//! let cfg = transalign::data::DataConfig::default();
//! let a = transalign::titles::titles_for_page(Path::new("corpora/nl/victor-serge.md"), None, &cfg, &mut |_| {})?;
//! let linked = |t: &str| a.links.iter().find(|l| l.translation.title == t).and_then(|l| l.original.as_ref()).map(|o| o.title.as_str());
//! assert_eq!(linked("De veroverde stad"), Some("Ville conquise"));
//! assert_eq!(linked("Anarchisme en marxisme"), None, "refused: no original shares evidence");
//! assert_eq!((a.coverage.translated, a.coverage.originals), (7, 16));
//! # Ok::<(), transalign::Error>(())
//! ```

mod aligner;
mod assign;
mod collect;
pub mod eval;
mod forms;
mod json;
mod model;
pub(crate) mod output;
mod page;
mod refuse;
mod score;
mod words;

pub use aligner::{TitleAligner, titles_for_page, titles_for_page_in};
pub(crate) use aligner::{read_page, titles_for_pages};
pub(crate) use collect::collect;
pub use json::to_json;
pub use model::{Coverage, Flag, Nearest, Origin, Title, TitleAlignment, TitleLink};
pub use output::titles_text;
pub(crate) use output::{titles_json, titles_tsv};
pub use page::{Resources, align};

/// Links need at least this Dice score…
pub(crate) const MIN_SCORE: f64 = 0.5;
/// …or this much when all the evidence is words that look alike in both
/// languages ("revolutie"/"révolution"): such words are cheap evidence.
pub(crate) const MIN_SCORE_LOOK_ALIKE: f64 = 0.6;
/// …and at least this share of each title's weight explained.
pub(crate) const MIN_COVERAGE: f64 = 0.4;
/// Links scoring below this are flagged `low-confidence`.
pub(crate) const CONFIDENT: f64 = 0.65;
/// A link is refused when another original nobody else takes scores within
/// this much of it: the evidence does not tell the two apart ("Arbeid" is
/// "work", and both "L'Œuvre" and "Travail" are "work").
pub(crate) const AMBIGUITY_MARGIN: f64 = 0.05;
/// A word matched through English counts this much of a direct dictionary
/// match: two dictionaries' senses compose, and so do their errors.
pub(crate) const PIVOT_WEIGHT: f64 = 0.8;
