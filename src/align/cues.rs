//! The aligner's cues, one table: every kind of evidence a bead's cost is
//! made of, with its weight, how the weight is found (fixed, or measured
//! on the first pass over the text pair), what it reads in each sentence,
//! and its share of [`Scorer::cost`]. Adding a cue touches this file only
//! (and, for a new kind of lexical key, the keyer that makes it).
//!
//! Every cue can be switched off by name ([`super::Config::without`],
//! `eval_bench --without NAME`): the README's ablation table is
//! `eval_bench --ablation`, one row per entry of [`Cue::ALL`].

use std::fmt;
use std::str::FromStr;

use super::dp::{Bead, BeadType, LINKED, SRC_LEFT, TGT_LEFT};
pub use super::features::{END_MARKS, continuations, end_mark, starts_lower};
use super::features::{Feats, closes_quote, ends_asking, ends_exclaiming, key_mass, opens_dialogue, shared_weighted};
use super::length::LengthModel;
pub use super::scorer::{Part, Scorer};

/// One kind of evidence the aligner weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    /// Gale and Church's length cost.
    Length,
    /// Shared dictionary translations (stems of the target's words).
    Lexical,
    /// Shared numbers.
    Numbers,
    /// Shared cognates and names (transliteration skeletons).
    Names,
    /// Shared sentence shapes: question, exclamation, colon, ellipsis.
    Shapes,
    /// A 1-0/0-1 bead costs its prior only, not the length of a missing
    /// translation.
    Omission,
    /// Beads that share less than this pair's confident links pay for it.
    Shortfall,
    /// A bead should not start at the second half of a cut sentence.
    CutSentence,
    /// Unaligned sentences come in runs.
    NullRun,
    /// A link's first sentence opens a line of dialogue on both sides or neither.
    Dialogue,
    /// A link's last sentence closes a quotation on both sides or neither.
    Closing,
    /// A link's sides end as often with "!" and with "?".
    EndMarks,
    /// Shared translations learned from the text pair itself (IBM Model 1
    /// over the first pass's confident links), read by the second pass.
    Learned,
}

impl Cue {
    /// Every cue, in the order of the README's table.
    pub const ALL: [Cue; 13] = [
        Cue::Length,
        Cue::Lexical,
        Cue::Numbers,
        Cue::Names,
        Cue::Shapes,
        Cue::Omission,
        Cue::Shortfall,
        Cue::CutSentence,
        Cue::NullRun,
        Cue::Dialogue,
        Cue::Closing,
        Cue::EndMarks,
        Cue::Learned,
    ];

    /// Its name on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Length => "length",
            Cue::Lexical => "lexical",
            Cue::Numbers => "numbers",
            Cue::Names => "names",
            Cue::Shapes => "shapes",
            Cue::Omission => "omission",
            Cue::Shortfall => "shortfall",
            Cue::CutSentence => "cut-sentence",
            Cue::NullRun => "null-run",
            Cue::Dialogue => "dialogue",
            Cue::Closing => "closing",
            Cue::EndMarks => "end-marks",
            Cue::Learned => "learned-lexicon",
        }
    }

    /// What it costs a bead, and with what weight, in a line.
    pub fn about(self) -> &'static str {
        match self {
            Cue::Length => {
                "−ln of the two-sided tail probability of the length difference (Gale and Church, variance 6.8); weight 1"
            }
            Cue::Lexical => {
                "a reward of λ = 1 nat per unit of shared key weight beyond chance, for keys that are dictionary translations; each key weighs by how few sentences carry it"
            }
            Cue::Numbers => "the same reward for shared numbers",
            Cue::Names => "the same reward for shared cognates and names (prefixes of transliteration skeletons)",
            Cue::Shapes => "the same reward for a shared shape: question, exclamation, colon, ellipsis",
            Cue::Omission => {
                "a 1-0/0-1 bead costs its prior alone (without it: also the length cost of a zero-length translation)"
            }
            Cue::Shortfall => {
                "λ per unit of key weight a link shares less than the first pass's 1-1 links do (a share of the smaller side's weight; without a dictionary, its confident ones only)"
            }
            Cue::CutSentence => {
                "a bead that starts, on one side only, at a lower-case start inside a paragraph pays a log odds ratio from the first pass (capped at 3 nats)"
            }
            Cue::NullRun => {
                "a 1-0/0-1 bead right after another one on its side costs ln(prior / p) less, p the first pass's share of unaligned sentences followed by another on their side (≤ 0); after one on the other side, ln(prior / p) more, p the share of such changes of side (0 to 3 nats)"
            }
            Cue::Dialogue => {
                "a link whose first sentence opens a line of dialogue on one side only pays a log ratio from the first pass (capped at 3 nats)"
            }
            Cue::Closing => "the same for a link whose last sentence closes a quotation on one side only",
            Cue::EndMarks => {
                "for \"!\" and \"?\" each, per sentence by which a link's sides differ in how many end with it, a log ratio from the first pass"
            }
            Cue::Learned => {
                "the lexical reward for a source word's translations learned from the text pair (IBM Model 1 both ways over the first pass's confident links), read by the second pass where the dictionary has none; only without a dictionary unless --learn"
            }
        }
    }

    /// Whether its weight is measured on the first pass over the text
    /// pair (so that without every such cue there is no second pass).
    pub fn is_learned(self) -> bool {
        matches!(
            self,
            Cue::Shortfall
                | Cue::CutSentence
                | Cue::NullRun
                | Cue::Dialogue
                | Cue::Closing
                | Cue::EndMarks
                | Cue::Learned
        )
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Cue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cue {
    type Err = String;

    fn from_str(s: &str) -> Result<Cue, String> {
        Cue::ALL.into_iter().find(|c| c.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Cue::ALL.iter().map(|c| c.name()).collect();
            format!("unknown cue {s:?}: one of {}", names.join(", "))
        })
    }
}

/// A set of cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cues(u16);

impl Cues {
    /// Every cue.
    pub fn all() -> Cues {
        Cues(Cue::ALL.iter().fold(0, |s, c| s | c.bit()))
    }

    /// Every cue but `off`.
    pub fn without<'c>(off: impl IntoIterator<Item = &'c Cue>) -> Cues {
        Cues(off.into_iter().fold(Cues::all().0, |s, c| s & !c.bit()))
    }

    /// Whether `cue` is in the set.
    pub fn has(self, cue: Cue) -> bool {
        self.0 & cue.bit() != 0
    }
}

impl Default for Cues {
    fn default() -> Cues {
        Cues::all()
    }
}

// --- What the cues read in each sentence -------------------------------

/// Mark bit: the unit starts as the continuation of the one before it
/// (see [`continuations`]).
pub const CONTINUES: u8 = 1;

/// Which unit of a link a mark is read from, and how two sides compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The link's first unit, on each side: marked on one side only costs.
    First,
    /// The link's last unit.
    Last,
    /// Every unit: each unit by which the two sides' counts differ costs.
    All,
}

/// A mark read in each sentence and compared across a link's two sides,
/// at a cost measured on the first pass (see `mismatch_cost`).
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    /// The cue it belongs to.
    pub cue: Cue,
    /// What of the link it is read from.
    pub scope: Scope,
    /// Whether a sentence has it.
    pub test: fn(&str) -> bool,
}

/// The marks, each with its own bit (`2 << k`) and its own cost.
pub const MARKS: [Mark; 4] = [
    Mark { cue: Cue::Dialogue, scope: Scope::First, test: opens_dialogue },
    Mark { cue: Cue::Closing, scope: Scope::Last, test: closes_quote },
    Mark { cue: Cue::EndMarks, scope: Scope::All, test: ends_exclaiming },
    Mark { cue: Cue::EndMarks, scope: Scope::All, test: ends_asking },
];

/// The bit of mark `k` of [`MARKS`].
pub const fn mark_bit(k: usize) -> u8 {
    2 << k
}

/// The mark bits of one sentence ([`CONTINUES`] is set by [`continuations`]).
pub fn marks(text: &str) -> u8 {
    MARKS.iter().enumerate().filter(|(_, m)| (m.test)(text)).fold(0, |b, (k, _)| b | mark_bit(k))
}

/// The marks of a merged unit: a mark read from a link's first unit comes
/// from the group's first unit, the others from its last.
pub(crate) fn merged_marks(first: u8, last: u8) -> u8 {
    let from_first =
        MARKS.iter().enumerate().filter(|(_, m)| m.scope == Scope::First).fold(CONTINUES, |b, (k, _)| b | mark_bit(k));
    (first & from_first) | (last & !from_first)
}

// --- The weights -------------------------------------------------------

/// A bead type's prior and every cue's weight for one text pair (and one
/// level of the search).
#[derive(Debug, Clone)]
pub struct Model {
    /// The cues in use.
    pub uses: Cues,
    /// Allowed bead types.
    pub beads: Vec<BeadType>,
    /// Scale of costs for posteriors (1 = the model's own nats).
    pub temperature: f64,
    /// [`Cue::Length`]: the length model.
    pub length: LengthModel,
    /// [`Cue::Lexical`] (and numbers, names, shapes): λ, nats per unit of
    /// shared key weight beyond chance.
    pub lambda: f64,
    /// Shared key weight expected by chance per pair of content words.
    pub p0: f64,
    /// Weight of each lexical key (see `super::features::key_weights`).
    pub weights: Vec<f32>,
    /// [`Cue::Shortfall`]: the share of the smaller side's key weight that
    /// linked units of this pair share (0 before the first pass)…
    pub expect: f64,
    /// …and the cost per unit of key weight a bead shares less than that.
    pub shortfall: f64,
    /// Charge 1-0 and 0-1 beads the length cost too: for units that stand
    /// for many sentences (merged units of the coarse search, paragraphs,
    /// sections), where leaving one out drops a lot of text, and everywhere
    /// without [`Cue::Omission`].
    pub null_lengths: bool,
    /// [`Cue::CutSentence`]: nats for a bead starting, on one side only,
    /// at a unit that continues the one before it.
    pub continuation: f64,
    /// [`Cue::NullRun`]: nats added to a 1-0/0-1 bead that directly
    /// follows another one on the same side (≤ 0)…
    pub null_run: f64,
    /// …and to one that directly follows one on the other side (≥ 0): a
    /// place where both texts have units left out, which would rather be
    /// linked if they matched at all.
    pub null_cross: f64,
    /// The cost of each of [`MARKS`], in nats per mismatch.
    pub marks: [f64; MARKS.len()],
}

impl Model {
    /// The model before the first pass: priors, length and lexical cues;
    /// the learned cues cost nothing yet.
    pub fn first(
        uses: Cues,
        beads: Vec<BeadType>,
        length: LengthModel,
        lambda: f64,
        p0: f64,
        weights: Vec<f32>,
    ) -> Model {
        Model {
            uses,
            beads,
            temperature: 1.0,
            length,
            lambda,
            p0,
            weights,
            expect: 0.0,
            shortfall: 0.0,
            null_lengths: !uses.has(Cue::Omission),
            continuation: 0.0,
            null_run: 0.0,
            null_cross: 0.0,
            marks: [0.0; MARKS.len()],
        }
    }

    /// Nats added to a bead of type `bt` entered from a cell in state
    /// `from` (see [`super::dp::STATES`]).
    #[inline]
    pub fn enter(&self, bt: &BeadType, from: usize) -> f64 {
        self.enter_state(bt.state(), from)
    }

    /// [`Model::enter`] for a bead that ends in state `to`.
    #[inline]
    pub fn enter_state(&self, to: usize, from: usize) -> f64 {
        if to == LINKED || from == LINKED {
            0.0
        } else if to == from {
            self.null_run
        } else {
            self.null_cross
        }
    }

    /// Largest number of source units in a bead.
    pub fn max_a(&self) -> usize {
        self.beads.iter().map(|b| b.a).max().unwrap_or(1)
    }

    /// Largest number of target units in a bead.
    pub fn max_b(&self) -> usize {
        self.beads.iter().map(|b| b.b).max().unwrap_or(1)
    }

    /// This model with only its beads of at most three units (1-1, 1-0,
    /// 0-1, 2-1, 1-2).
    pub fn simple(&self) -> Model {
        Model { beads: self.beads.iter().filter(|b| b.a + b.b <= 3).copied().collect(), ..self.clone() }
    }

    /// Measure the learned cues on a first pass's `beads` over `fs`/`ft`;
    /// `expected_share` is what its confident links share (see
    /// `shared_share`). Returns whether any cue learned something, that
    /// is, whether a second pass can differ from the first.
    pub fn learn(&mut self, beads: &[Bead], fs: &Feats, ft: &Feats, expected_share: Option<f64>) -> bool {
        let uses = self.uses;
        if uses.has(Cue::CutSentence) {
            self.continuation = continuation_cost(beads, fs, ft);
        }
        if uses.has(Cue::NullRun) {
            self.null_run = null_run_cost(beads, self);
            self.null_cross = null_cross_cost(beads, self);
        }
        for (k, m) in MARKS.iter().enumerate() {
            if !uses.has(m.cue) {
                continue;
            }
            let bit = mark_bit(k);
            let on = |f: &Feats, i: usize| f.marks[i] & bit != 0;
            let any = |f: &Feats, units: std::ops::Range<usize>| units.into_iter().any(|i| on(f, i));
            self.marks[k] = match m.scope {
                Scope::First => mismatch_cost(beads, |b| (on(fs, b.i), on(ft, b.j))),
                Scope::Last => mismatch_cost(beads, |b| (on(fs, b.i + b.a - 1), on(ft, b.j + b.b - 1))),
                Scope::All => mismatch_cost(beads, |b| (any(fs, b.i..b.i + b.a), any(ft, b.j..b.j + b.b))),
            };
        }
        if let Some(expect) = expected_share.filter(|_| uses.has(Cue::Shortfall)) {
            self.expect = expect;
            self.shortfall = self.lambda;
        }
        self.shortfall > 0.0
            || self.continuation > 0.0
            || self.null_run < 0.0
            || self.null_cross > 0.0
            || self.marks.iter().any(|&c| c > 0.0)
    }
}

/// The share of the smaller side's key weight that confident 1-1 links
/// share, when there are enough of them to say (a first pass without
/// posteriors counts each link as sure as its block).
pub(crate) fn shared_share(beads: &[Bead], fs: &Feats, ft: &Feats, weights: &[f32]) -> Option<f64> {
    let mass = |keys: &[u32]| key_mass(keys, weights) as f64;
    let (mut shared, mut cap, mut n) = (0.0, 0.0, 0);
    for b in beads.iter().filter(|b| b.a == 1 && b.b == 1 && b.p >= 0.9) {
        let (ks, kt) = (fs.keys(b.i), ft.keys(b.j));
        shared += shared_weighted(ks, kt, weights) as f64;
        cap += mass(ks).min(mass(kt));
        n += 1;
    }
    (n >= 10 && cap > 0.0).then(|| (shared / cap).clamp(0.05, 0.95))
}

/// Largest cost in nats of a bead starting at a continuation.
const CONTINUATION_MAX: f64 = 3.0;

/// [`Cue::CutSentence`]: cost of a bead that starts at a continuation (see
/// [`starts_lower`]) instead of joining the sentence it continues,
/// measured on a first pass over this text pair: how much more often a
/// continuation shares a bead with the segment before it than other
/// segments do, as a log odds ratio (add-one smoothed, so a few cases
/// count for little). Cut sentence ends are where two splitters disagree
/// most, but how often a lower-case start really is a cut depends on the
/// text: in OCR output it is often just noise.
pub(crate) fn continuation_cost(beads: &[Bead], fs: &Feats, ft: &Feats) -> f64 {
    // counts[flag][joined]
    let mut counts = [[1.0f64; 2]; 2];
    let mut side = |f: &Feats, unit: &dyn Fn(&Bead) -> (usize, usize)| {
        let mut owner = vec![usize::MAX; f.n()];
        for (k, b) in beads.iter().enumerate() {
            let (start, len) = unit(b);
            for o in owner.iter_mut().skip(start).take(len) {
                *o = k;
            }
        }
        for i in 1..f.n() {
            let flag = usize::from(f.marks[i] & CONTINUES != 0);
            counts[flag][usize::from(owner[i] == owner[i - 1])] += 1.0;
        }
    };
    side(fs, &|b: &Bead| (b.i, b.a));
    side(ft, &|b: &Bead| (b.j, b.b));
    let odds = |c: [f64; 2]| (c[1] / c[0]).ln();
    (odds(counts[1]) - odds(counts[0])).clamp(0.0, CONTINUATION_MAX)
}

/// Largest cost in nats of a link with a mark on one side only.
const MISMATCH_MAX: f64 = 3.0;

/// The cost of a link that has a mark on one side but not on the other
/// (`flags` gives a link's mark on each side), measured on a first pass
/// over this text pair: how much rarer such links are than they would be
/// if the two sides' marks fell independently, as a log ratio (add-one
/// smoothed). A text with no dialogue, or whose translator marks it
/// differently, gets nothing.
pub(crate) fn mismatch_cost(beads: &[Bead], flags: impl Fn(&Bead) -> (bool, bool)) -> f64 {
    let (mut n, mut s, mut t, mut mismatch) = (0.0, 0.0, 0.0, 0.0);
    for b in beads.iter().filter(|b| !b.is_null()) {
        let (os, ot) = flags(b);
        let (os, ot) = (f64::from(u8::from(os)), f64::from(u8::from(ot)));
        n += 1.0;
        s += os;
        t += ot;
        mismatch += (os - ot).abs();
    }
    if n == 0.0 {
        return 0.0;
    }
    let (ps, pt) = (s / n, t / n);
    let chance = ps * (1.0 - pt) + pt * (1.0 - ps);
    let seen = (mismatch + 1.0) / (n + 2.0);
    (chance / seen).ln().clamp(0.0, MISMATCH_MAX)
}

/// Pseudo-count of the prior in [`null_run_cost`].
const NULL_RUN_PRIOR: f64 = 10.0;

/// [`Cue::NullRun`]: what a 1-0/0-1 bead right after another one costs
/// more than after a link (≤ 0), measured on a first pass over this text
/// pair: the chance that a unit left out is followed by another one,
/// against the prior chance of a unit left out, smoothed towards that
/// prior by `NULL_RUN_PRIOR` beads so that a few cases say little. A text
/// whose left-out units came singly keeps the prior; one with runs of them
/// (untranslated captions, OCR debris, a paragraph the translator dropped)
/// makes the next one in a run cheap.
pub(crate) fn null_run_cost(beads: &[Bead], model: &Model) -> f64 {
    let prior: f64 = model.beads.iter().filter(|b| b.is_null()).map(|b| (-b.cost).exp()).sum();
    if prior <= 0.0 {
        return 0.0;
    }
    let (mut after_null, mut runs_on) = (0.0, 0.0);
    for w in beads.windows(2) {
        if w[0].is_null() {
            after_null += 1.0;
            if w[1].is_null() && w[1].state() == w[0].state() {
                runs_on += 1.0;
            }
        }
    }
    let p = (runs_on + NULL_RUN_PRIOR * prior) / (after_null + NULL_RUN_PRIOR);
    (prior / p).ln().min(0.0)
}

/// Largest cost in nats of a 1-0/0-1 bead right after one on the other side.
const NULL_CROSS_MAX: f64 = 3.0;

/// [`Cue::NullRun`]: what a 1-0/0-1 bead right after one on the other
/// side costs more than after a link (≥ 0), measured on a first pass as
/// [`null_run_cost`] is: the chance that a unit left out is followed by
/// one left out on the other side, against the prior chance of a unit left
/// out on that side. Translators drop or add passages, seldom both at one
/// place; a first pass that never does so makes it cost more the more
/// units it left out.
pub(crate) fn null_cross_cost(beads: &[Bead], model: &Model) -> f64 {
    let prior = |side: usize| -> f64 {
        model.beads.iter().filter(|b| b.is_null() && b.state() == side).map(|b| (-b.cost).exp()).sum()
    };
    let (src, tgt) = (prior(SRC_LEFT), prior(TGT_LEFT));
    if src <= 0.0 || tgt <= 0.0 {
        return 0.0;
    }
    // Expected and seen crossings, each unit left out against the other side's prior.
    let (mut expected, mut after_null, mut crossed) = (0.0, 0.0, 0.0);
    for w in beads.windows(2).filter(|w| w[0].is_null()) {
        let other = if w[0].state() == SRC_LEFT { tgt } else { src };
        expected += other;
        after_null += 1.0;
        if w[1].is_null() && w[1].state() != w[0].state() {
            crossed += 1.0;
        }
    }
    if after_null == 0.0 {
        return 0.0;
    }
    let chance = expected / after_null;
    let p = (crossed + NULL_RUN_PRIOR * chance) / (after_null + NULL_RUN_PRIOR);
    (chance / p).ln().clamp(0.0, NULL_CROSS_MAX)
}

#[cfg(test)]
#[path = "cues_tests.rs"]
mod tests;
