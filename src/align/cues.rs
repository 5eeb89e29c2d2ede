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

use super::dp::{Band, Bead, BeadType};
use super::features::{Feats, key_mass, shared_weighted};
use super::length::LengthModel;

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
}

impl Cue {
    /// Every cue, in the order of the README's table.
    pub const ALL: [Cue; 12] = [
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
                "λ per unit of key weight a link shares less than the first pass's confident 1-1 links do (a share of the smaller side's weight)"
            }
            Cue::CutSentence => {
                "a bead that starts, on one side only, at a lower-case start inside a paragraph pays a log odds ratio from the first pass (capped at 3 nats)"
            }
            Cue::NullRun => {
                "a 1-0/0-1 bead right after another one costs ln(prior / p) less, p the first pass's share of unaligned sentences followed by another (≤ 0)"
            }
            Cue::Dialogue => {
                "a link whose first sentence opens a line of dialogue on one side only pays a log ratio from the first pass (capped at 3 nats)"
            }
            Cue::Closing => "the same for a link whose last sentence closes a quotation on one side only",
            Cue::EndMarks => {
                "for \"!\" and \"?\" each, per sentence by which a link's sides differ in how many end with it, a log ratio from the first pass"
            }
        }
    }

    /// Whether its weight is measured on the first pass over the text
    /// pair (so that without every such cue there is no second pass).
    pub fn is_learned(self) -> bool {
        matches!(self, Cue::Shortfall | Cue::CutSentence | Cue::NullRun | Cue::Dialogue | Cue::Closing | Cue::EndMarks)
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
/// at a cost measured on the first pass (see [`mismatch_cost`]).
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
pub fn merged_marks(first: u8, last: u8) -> u8 {
    let from_first =
        MARKS.iter().enumerate().filter(|(_, m)| m.scope == Scope::First).fold(CONTINUES, |b, (k, _)| b | mark_bit(k));
    (first & from_first) | (last & !from_first)
}

/// Whether a segment opens a line of dialogue or a quotation: it starts
/// with a quotation mark or a dash (`"`, `“`, `«`, `„`, `‘`, `'`, `—`,
/// `–`, `-`). A translator keeps who speaks even where sentences are cut
/// differently, so a link whose first sentence opens a line on one side
/// but not on the other is suspect.
pub fn opens_dialogue(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        // A hyphen opens a line of dialogue in subtitles and in some
        // editions ("-Difficult?", "- Ah bien !"), but not a negative number.
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => ['"', '“', '”', '«', '»', '„', '‘', '’', '\'', '‹', '›', '—', '–', '「', '『'].contains(&c),
        None => false,
    }
}

/// Whether a segment closes a quotation: it ends with a closing quotation
/// mark (`"`, `”`, `»`, `’`, `'`, and `“`, `«` for languages that close
/// with them). Where both translations quote, a line of dialogue ends on
/// both sides at once.
pub fn closes_quote(text: &str) -> bool {
    text.trim_end().ends_with(['"', '”', '»', '’', '\'', '›', '“', '«'])
}

/// The marks of a sentence's type by which the sentences of a link are
/// compared, each on its own: an exclamation and a question. (Colons,
/// semicolons and ellipses are typography more than meaning: where a
/// splitter cuts at them varies, and in OCR text they are often debris.)
pub const END_MARKS: [char; 2] = ['!', '?'];

/// Which of [`END_MARKS`] a segment ends with, past closing quotation
/// marks and brackets ("Bathilde! \"" ends with "!").
pub fn end_mark(text: &str) -> Option<char> {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"”»’'›“«)]".contains(c));
    t.chars().next_back().filter(|c| END_MARKS.contains(c))
}

fn ends_exclaiming(text: &str) -> bool {
    end_mark(text) == Some('!')
}

fn ends_asking(text: &str) -> bool {
    end_mark(text) == Some('?')
}

/// Whether a segment reads as the continuation of a sentence: its first
/// letter, past quotes, dashes and other punctuation, is lower case (a
/// digit first means no). Scripts without case never continue.
pub fn starts_lower(text: &str) -> bool {
    text.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

/// Share of segments above which lower-case starts are a text's
/// convention (a lowercased corpus), not continuations.
const CONT_MAX_SHARE: f32 = 0.3;

/// The continuation flags of a side's segments, given as (text, whether it
/// opens a paragraph or heading), or none when so many segments start in
/// lower case that it says nothing. A segment that opens a paragraph
/// continues nothing, whatever its case (the clauses of a preamble, each
/// its own paragraph: "da die Anerkennung …").
pub fn continuations<'t>(segments: impl Iterator<Item = (&'t str, bool)>) -> Vec<bool> {
    let flags: Vec<bool> = segments.map(|(t, opens)| !opens && starts_lower(t)).collect();
    let share = flags.iter().filter(|&&f| f).count() as f32 / flags.len().max(1) as f32;
    if share > CONT_MAX_SHARE { vec![false; flags.len()] } else { flags }
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
    /// Weight of each lexical key (see [`super::features::key_weights`]).
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
    /// follows another one (≤ 0).
    pub null_run: f64,
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
            marks: [0.0; MARKS.len()],
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

    /// Measure the learned cues on a first pass's `beads` over `fs`/`ft`;
    /// `expected_share` is what its confident links share (see
    /// [`shared_share`]). Returns whether any cue learned something, that
    /// is, whether a second pass can differ from the first.
    pub fn learn(&mut self, beads: &[Bead], fs: &Feats, ft: &Feats, expected_share: Option<f64>) -> bool {
        let uses = self.uses;
        if uses.has(Cue::CutSentence) {
            self.continuation = continuation_cost(beads, fs, ft);
        }
        if uses.has(Cue::NullRun) {
            self.null_run = null_run_cost(beads, self);
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
        self.shortfall > 0.0 || self.continuation > 0.0 || self.null_run < 0.0 || self.marks.iter().any(|&c| c > 0.0)
    }
}

/// The share of the smaller side's key weight that confident 1-1 links
/// share, when there are enough of them to say.
pub fn shared_share(beads: &[Bead], fs: &Feats, ft: &Feats, weights: &[f32]) -> Option<f64> {
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
pub fn continuation_cost(beads: &[Bead], fs: &Feats, ft: &Feats) -> f64 {
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
pub fn mismatch_cost(beads: &[Bead], flags: impl Fn(&Bead) -> (bool, bool)) -> f64 {
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
/// prior by [`NULL_RUN_PRIOR`] beads so that a few cases say little. A text
/// whose left-out units came singly keeps the prior; one with runs of them
/// (untranslated captions, OCR debris, a paragraph the translator dropped)
/// makes the next one in a run cheap.
pub fn null_run_cost(beads: &[Bead], model: &Model) -> f64 {
    let prior: f64 = model.beads.iter().filter(|b| b.is_null()).map(|b| (-b.cost).exp()).sum();
    if prior <= 0.0 {
        return 0.0;
    }
    let (mut after_null, mut runs_on) = (0.0, 0.0);
    for w in beads.windows(2) {
        if w[0].is_null() {
            after_null += 1.0;
            if w[1].is_null() {
                runs_on += 1.0;
            }
        }
    }
    let p = (runs_on + NULL_RUN_PRIOR * prior) / (after_null + NULL_RUN_PRIOR);
    (prior / p).ln().min(0.0)
}

// --- What a bead costs -------------------------------------------------

/// Everything a bead's cost needs about the units of one search, computed
/// once: prefix sums of lengths, words, key weight and marks, each unit's
/// start cost, and the shared key weight of the unit pairs near the band.
pub struct Scorer<'a> {
    model: &'a Model,
    src: &'a Feats,
    tgt: &'a Feats,
    ps: Vec<f64>,
    pt: Vec<f64>,
    ws: Vec<f64>,
    wt: Vec<f64>,
    /// Prefix sums of each unit's key weight: the most it could share.
    ks: Vec<f64>,
    kt: Vec<f64>,
    /// Cost of a bead starting at each source or target unit.
    starts: Vec<f32>,
    startt: Vec<f32>,
    /// Prefix counts of each [`Scope::All`] mark (zero for the others).
    cs: Vec<[i32; MARKS.len()]>,
    ct: Vec<[i32; MARKS.len()]>,
    shared: Shared,
    /// Whether any mark costs something.
    marks: bool,
}

/// A bead's cost in two steps, so that a search can drop a link that
/// cannot win before paying for the costly part of its cost (the length
/// cost's error function, the chance term's exponential).
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// A 1-0/0-1 bead's whole cost.
    Whole(f64),
    /// A link's prior, start and mark costs, and the key weight it shares.
    Link {
        /// Prior, start and mark costs.
        base: f64,
        /// Shared key weight.
        shared: f64,
    },
}

/// Weighted shared keys of every (source unit, target unit) pair near a
/// band: row i holds target units `lo[i]..lo[i] + len[i]`.
struct Shared {
    lo: Vec<usize>,
    off: Vec<usize>,
    len: Vec<usize>,
    val: Vec<f32>,
    /// Prefix sums of each source and target unit's largest shared weight.
    row_best: Vec<f64>,
    col_best: Vec<f64>,
}

impl<'a> Scorer<'a> {
    /// The scorer for beads inside `band` (and reaching into it).
    pub fn new(src: &'a Feats, tgt: &'a Feats, band: &Band, model: &'a Model) -> Scorer<'a> {
        let (n, m) = (src.n(), tgt.n());
        let mass = |f: &Feats| -> Vec<f32> { (0..f.n()).map(|i| key_mass(f.keys(i), &model.weights)).collect() };
        let start = |f: &Feats| -> Vec<f32> {
            f.marks.iter().map(|&b| (model.continuation as f32) * f32::from(b & CONTINUES)).collect()
        };
        Scorer {
            model,
            src,
            tgt,
            ps: prefix(&src.len),
            pt: prefix(&tgt.len),
            ws: prefix(&src.words),
            wt: prefix(&tgt.words),
            ks: prefix(&mass(src)),
            kt: prefix(&mass(tgt)),
            starts: start(src),
            startt: start(tgt),
            cs: mark_counts(src),
            ct: mark_counts(tgt),
            shared: Shared::new(src, tgt, band, model, n, m),
            marks: model.marks.iter().any(|&w| w != 0.0),
        }
    }

    /// Shared key weight of source unit `i` and target unit `j` (0 outside
    /// the band).
    #[inline]
    pub fn shared(&self, i: usize, j: usize) -> f64 {
        let s = &self.shared;
        let lo = s.lo[i];
        if j < lo || j >= lo + s.len[i] {
            return 0.0;
        }
        s.val[s.off[i] + j - lo] as f64
    }

    /// Key weight of source unit `i`: the most it could share.
    pub fn src_mass(&self, i: usize) -> f64 {
        self.ks[i + 1] - self.ks[i]
    }

    /// Key weight of target unit `j`.
    pub fn tgt_mass(&self, j: usize) -> f64 {
        self.kt[j + 1] - self.kt[j]
    }

    /// Cost in nats of a bead of type `bt` ending at boundary (i, j).
    #[inline]
    pub fn cost(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        match self.part(bt, i, j) {
            Part::Whole(c) => c,
            part @ Part::Link { .. } => self.rest(part, bt, i, j),
        }
    }

    /// A bead's cost, or for a link the part that is cheap to compute
    /// (see [`Part`]).
    #[inline]
    pub fn part(&self, bt: &BeadType, i: usize, j: usize) -> Part {
        let model = self.model;
        let (i0, j0) = (i - bt.a, j - bt.b);
        // Cut sentences: a bead should not begin with the second half of a
        // cut sentence, unless both sides are cut there alike (at the same
        // ";" or ":").
        let (cs, ct) =
            (if bt.a > 0 { self.starts[i0] as f64 } else { 0.0 }, if bt.b > 0 { self.startt[j0] as f64 } else { 0.0 });
        let start = if bt.a > 0 && bt.b > 0 { (cs - ct).abs() } else { cs + ct };
        // Omission: a sentence with no counterpart has no translation whose
        // length could fit or not, so its bead costs its prior alone. (Gale
        // & Church charge it the length of a translation of zero
        // characters, which made leaving out a long sentence dearer than
        // gluing it to a neighbour, and the alignment then slid out of
        // step.) Units that stand for many sentences keep that charge:
        // leaving one out drops a lot of text.
        if bt.is_null() {
            let prior = if model.null_lengths { bt.cost + self.length(i0..i, j0..j) } else { bt.cost };
            return Part::Whole(start + prior);
        }
        // (Before the first pass has measured them, the marks cost nothing.)
        let base = if self.marks { start + self.mark_costs(i0..i, j0..j) + bt.cost } else { start + bt.cost };
        Part::Link { base, shared: self.bead_shared(bt, i, j) }
    }

    /// A lower bound of the cost of a bead of type `bt` ending at (i, j),
    /// cheaper still than [`Scorer::part`]: no marks, and the shared weight
    /// bounded by each unit's best partner. A 1-0/0-1 bead's cost exactly.
    #[inline]
    pub fn quick(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        if bt.is_null() {
            return self.cost(bt, i, j);
        }
        let (i0, j0) = (i - bt.a, j - bt.b);
        let (cs, ct) = (self.starts[i0] as f64, self.startt[j0] as f64);
        let base = (cs - ct).abs() + bt.cost;
        let shared = if bt.a == 1 && bt.b == 1 {
            self.shared(i0, j0)
        } else {
            let s = &self.shared;
            ((s.row_best[i] - s.row_best[i0]) + (s.col_best[j] - s.col_best[j0])) / 2.0
        };
        self.bound(Part::Link { base, shared }, bt, i, j)
    }

    /// A lower bound of the cost of a bead of type `bt` ending at (i, j)
    /// whose cheap part is `part`: the rest never lowers it when λ ≥ 0
    /// (chance and shortfall only add, rounding included), and the length
    /// cost is at least [`LengthModel::floor`].
    #[inline]
    pub fn bound(&self, part: Part, bt: &BeadType, i: usize, j: usize) -> f64 {
        match part {
            Part::Whole(c) => c,
            Part::Link { base, shared } if self.model.lambda >= 0.0 => {
                let reward = self.model.lambda * shared;
                let floor = if self.model.uses.has(Cue::Length) {
                    let ls = self.ps[i] - self.ps[i - bt.a];
                    let lt = self.pt[j] - self.pt[j - bt.b];
                    self.model.length.floor(ls, lt).max(0.0)
                } else {
                    0.0
                };
                // The shortfall is cheap once the shared weight is known (and
                // only lower for an upper bound of it).
                let model = self.model;
                let short = if model.shortfall > 0.0 {
                    let (i0, j0) = (i - bt.a, j - bt.b);
                    let cap = (self.ks[i] - self.ks[i0]).min(self.kt[j] - self.kt[j0]);
                    model.shortfall * (model.expect * cap - shared).max(0.0)
                } else {
                    0.0
                };
                // Less a margin far above what rounding the terms in another
                // order could change.
                base - reward + floor + short - 1e-9 * (1.0 + base.abs() + reward.abs() + floor + short)
            }
            Part::Link { .. } => f64::NEG_INFINITY,
        }
    }

    /// The whole cost of a bead from its [`Part`].
    #[inline]
    pub fn rest(&self, part: Part, bt: &BeadType, i: usize, j: usize) -> f64 {
        let Part::Link { base, shared } = part else {
            return self.bound(part, bt, i, j);
        };
        let model = self.model;
        let (i0, j0) = (i - bt.a, j - bt.b);
        let mut c = base + self.length(i0..i, j0..j);
        // Lexical cues: less λ per unit of key weight the link shares beyond
        // what chance gives between that many words on each side. Chance
        // grows with the product of the sides' words, but can never exceed
        // what the smaller side could share at all: it saturates there, or
        // two long identical paragraphs would look less alike than two
        // strangers.
        let linear = model.p0 * (self.ws[i] - self.ws[i0]) * (self.wt[j] - self.wt[j0]);
        let cap = (self.ks[i] - self.ks[i0]).min(self.kt[j] - self.kt[j0]);
        let chance = if cap > 0.0 { cap * -(-linear / cap).exp_m1() } else { 0.0 };
        c -= model.lambda * (shared - chance);
        // Shortfall: segments that translate each other share about
        // `expect` of their keys; sharing much less is evidence they do not.
        if model.shortfall > 0.0 {
            c += model.shortfall * (model.expect * cap - shared).max(0.0);
        }
        c
    }

    /// The length cue of units `src` against `tgt`.
    #[inline]
    fn length(&self, src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> f64 {
        if !self.model.uses.has(Cue::Length) {
            return 0.0;
        }
        let ls = self.ps[src.end] - self.ps[src.start];
        let lt = self.pt[tgt.end] - self.pt[tgt.start];
        self.model.length.cost(ls, lt)
    }

    /// Shared key weight of a link: each unit counts with its best partner
    /// inside the bead, so that two sentence pairs merged into a 2-2 bead
    /// earn what they would apart, not also the words both sentences
    /// happen to share.
    #[inline]
    fn bead_shared(&self, bt: &BeadType, i: usize, j: usize) -> f64 {
        let (i0, j0) = (i - bt.a, j - bt.b);
        if bt.a == 1 && bt.b == 1 {
            return self.shared(i0, j0);
        }
        let mut s = 0.0;
        for si in i0..i {
            s += (j0..j).map(|tj| self.shared(si, tj)).fold(0.0, f64::max);
        }
        for tj in j0..j {
            s += (i0..i).map(|si| self.shared(si, tj)).fold(0.0, f64::max);
        }
        s / 2.0
    }

    /// Dialogue, closing and end marks: what a link pays for the marks
    /// its two sides do not share. Counted over every sentence of the link
    /// ([`Scope::All`]), merging two links never hides a mismatch; it only
    /// pays off where a mark has moved across a sentence boundary.
    #[inline]
    fn mark_costs(&self, src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> f64 {
        let (fs, ft) = (self.src, self.tgt);
        let (mut ends, mut counted) = (0.0, 0.0);
        for (k, m) in MARKS.iter().enumerate() {
            let w = self.model.marks[k];
            let bit = mark_bit(k);
            let on = |f: &Feats, i: usize| i32::from(f.marks[i] & bit != 0);
            let d = match m.scope {
                Scope::First => on(fs, src.start) - on(ft, tgt.start),
                Scope::Last => on(fs, src.end - 1) - on(ft, tgt.end - 1),
                Scope::All => {
                    let d =
                        (self.cs[src.end][k] - self.cs[src.start][k]) - (self.ct[tgt.end][k] - self.ct[tgt.start][k]);
                    counted += w * f64::from(d.abs());
                    continue;
                }
            };
            ends += w * f64::from(d.abs());
        }
        ends + counted
    }
}

impl Shared {
    fn new(src: &Feats, tgt: &Feats, band: &Band, model: &Model, n: usize, m: usize) -> Shared {
        let (ma, mb) = (model.max_a(), model.max_b());
        let mut lo = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n);
        let mut len = Vec::with_capacity(n);
        let mut total = 0;
        for i in 0..n {
            let l = band.lo[i.saturating_sub(ma)].saturating_sub(mb);
            let h = band.hi[(i + 1 + ma).min(n)].min(m);
            let w = h.saturating_sub(l);
            lo.push(l);
            off.push(total);
            len.push(w);
            total += w;
        }
        let mut val = vec![0f32; total];
        // One slice of `val` per source row, filled on all cores.
        let mut rows: Vec<(usize, &mut [f32])> = Vec::with_capacity(n);
        let mut rest = val.as_mut_slice();
        for (i, &w) in len.iter().enumerate() {
            let (row, tail) = rest.split_at_mut(w);
            rows.push((i, row));
            rest = tail;
        }
        let weight = |k: u32| model.weights.get(k as usize).copied().unwrap_or(0.0);
        use rayon::prelude::*;
        let max_key = tgt.all_keys().iter().copied().max().map_or(0, |k| k as usize + 1);
        if total.saturating_mul(8) < max_key + tgt.all_keys().len() {
            // A few pairs (the window around one unaligned unit): each by
            // merging the two sorted key lists, which adds the shared
            // weights in the same order as the index below.
            for (i, row) in rows {
                for (x, v) in row.iter_mut().enumerate() {
                    *v = shared_weighted(src.keys(i), tgt.keys(lo[i] + x), &model.weights);
                }
            }
        } else {
            // An inverted index over the target units, flat: the units
            // having key k are `units[start[k]..start[k + 1]]`, ascending.
            let mut start = vec![0u32; max_key + 1];
            for &k in tgt.all_keys() {
                start[k as usize + 1] += 1;
            }
            for k in 0..max_key {
                start[k + 1] += start[k];
            }
            let mut units = vec![0u32; tgt.all_keys().len()];
            let mut fill = start.clone();
            for j in 0..m {
                for &k in tgt.keys(j) {
                    units[fill[k as usize] as usize] = j as u32;
                    fill[k as usize] += 1;
                }
            }
            rows.into_par_iter().with_min_len(64).for_each(|(i, row)| {
                let (l, w) = (lo[i], row.len());
                for &k in src.keys(i) {
                    let Some(list) =
                        start.get(k as usize..k as usize + 2).map(|s| &units[s[0] as usize..s[1] as usize])
                    else {
                        continue;
                    };
                    let wk = weight(k);
                    let first = list.partition_point(|&j| (j as usize) < l);
                    for &j in list[first..].iter().take_while(|&&j| (j as usize) < l + w) {
                        row[j as usize - l] += wk;
                    }
                }
            });
        }
        // Each unit's best partner: what a bead's shared weight is bounded by.
        let mut row_best = Vec::with_capacity(n + 1);
        let mut col = vec![0f32; m];
        let mut acc = 0.0;
        row_best.push(acc);
        for i in 0..n {
            let row = &val[off[i]..off[i] + len[i]];
            let mut best = 0f32;
            for (x, &v) in row.iter().enumerate() {
                best = best.max(v);
                col[lo[i] + x] = col[lo[i] + x].max(v);
            }
            acc += best as f64;
            row_best.push(acc);
        }
        let col_best = prefix(&col);
        Shared { lo, off, len, val, row_best, col_best }
    }
}

/// Prefix counts of the [`Scope::All`] marks of each unit.
fn mark_counts(f: &Feats) -> Vec<[i32; MARKS.len()]> {
    let mut out = Vec::with_capacity(f.n() + 1);
    let mut acc = [0i32; MARKS.len()];
    out.push(acc);
    for &b in &f.marks {
        for (k, m) in MARKS.iter().enumerate() {
            if m.scope == Scope::All && b & mark_bit(k) != 0 {
                acc[k] += 1;
            }
        }
        out.push(acc);
    }
    out
}

fn prefix(v: &[f32]) -> Vec<f64> {
    let mut p = Vec::with_capacity(v.len() + 1);
    p.push(0.0);
    let mut acc = 0.0;
    for x in v {
        acc += *x as f64;
        p.push(acc);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_has_a_name_that_reads_back() {
        for c in Cue::ALL {
            assert_eq!(c.name().parse::<Cue>(), Ok(c));
            assert!(!c.about().is_empty());
        }
        assert!("lexicon".parse::<Cue>().unwrap_err().contains("lexical"));
        let off = Cues::without(&[Cue::Dialogue, Cue::Length]);
        assert!(!off.has(Cue::Dialogue) && !off.has(Cue::Length) && off.has(Cue::Closing));
    }

    #[test]
    fn dialogue_opens_with_a_quote_or_a_dash_not_a_negative_number() {
        for t in [
            "\" Bathilde!",
            "« Comment ! »",
            "— Oui.",
            "-Difficult?",
            "- Ah bien!",
            "-- Quel bruit!",
            "„Já“",
            "' Dear me!",
        ] {
            assert!(opens_dialogue(t), "{t}");
        }
        for t in ["Il dit: « non ».", "-5 degrees at night.", "", "Moi seul."] {
            assert!(!opens_dialogue(t), "{t}");
        }
    }

    #[test]
    fn end_marks_are_read_past_closing_quotes() {
        assert_eq!(end_mark("And yet, as soon as I heard her \" Bathilde!"), Some('!'));
        assert_eq!(end_mark("Come in! \" "), Some('!'));
        assert_eq!(end_mark("« Comment ? »"), Some('?'));
        assert_eq!(end_mark("This means that the student:"), None);
        assert_eq!(end_mark("et puis..."), None);
        assert_eq!(end_mark("(il détacha ce mot.)"), None);
        assert_eq!(end_mark("Moi seul."), None);
        assert_eq!(end_mark(""), None);
    }

    #[test]
    fn a_quotation_closes_with_a_closing_mark_at_the_end() {
        for t in ["« Viens me dire bonsoir »", "I will come. \"", "„Já“", "Il dit « oui ».  »"] {
            assert!(closes_quote(t), "{t}");
        }
        for t in ["Il dit « oui ».", "\" Bathilde!", "", "Moi seul."] {
            assert!(!closes_quote(t), "{t}");
        }
    }

    #[test]
    fn continuations_are_lower_case_starts_unless_the_text_is_lower_cased() {
        let texts = ["« Quel bruit !", "» s'écria-t-il.", "-- et puis ?", "Oui.", "42 ans.", "Il part.", "Fin."];
        let inline = |t: &'static str| (t, false);
        assert_eq!(continuations(texts.into_iter().map(inline)), [false, true, true, false, false, false, false]);
        // A paragraph of its own continues nothing.
        assert_eq!(continuations([("Le matin.", true), ("et puis le soir.", true)].into_iter()), [false, false]);
        // Past the share a real text has, lower case is the corpus's habit.
        let lowered: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        assert!(continuations(lowered.iter().map(|t| (t.as_str(), false))).iter().all(|&c| !c));
        // Scripts without case never continue.
        assert_eq!(continuations(["他说。", "好。"].into_iter().map(inline)), [false, false]);
    }

    #[test]
    fn merged_units_take_openings_from_their_first_unit_and_endings_from_their_last() {
        let (first, last) = (marks("« Quoi ?"), marks("il part. »"));
        let merged = merged_marks(first | CONTINUES, last);
        assert_eq!(merged & mark_bit(0), mark_bit(0), "opens dialogue");
        assert_eq!(merged & mark_bit(1), mark_bit(1), "closes a quotation");
        assert_eq!(merged & mark_bit(3), 0, "ends with the last unit's mark, not the first's");
        assert_eq!(merged & CONTINUES, CONTINUES);
    }

    /// A link of `src` against `tgt` sentences, each a list of end marks.
    fn link_cost(model: &Model, src: &[&str], tgt: &[&str]) -> f64 {
        let side = |texts: &[&str]| {
            let mut f = Feats::default();
            for t in texts {
                f.push(10.0, 0.0, &[], marks(t));
            }
            f
        };
        let (fs, ft) = (side(src), side(tgt));
        let band = Band::full(fs.n(), ft.n());
        Scorer::new(&fs, &ft, &band, model).mark_costs(0..fs.n(), 0..ft.n())
    }

    #[test]
    fn merging_links_never_hides_an_end_mark_mismatch() {
        let mut model = Model::first(Cues::all(), Vec::new(), LengthModel::fit(1.0, 1.0), 1.0, 0.0, Vec::new());
        model.marks = [0.0, 0.0, 1.0, 2.0];
        // "Yeah..." / "I can ask him." against "Jú," / "ég get alveg spurt hann.".
        assert_eq!(link_cost(&model, &["Yeah...", "I can ask him."], &["Jú,", "ég get alveg spurt hann."]), 0.0);
        // "I guess so." / "You know it." against "Já er það ekki bara?" / "Jú.":
        // the question costs the same split or merged.
        let split = link_cost(&model, &["I guess so."], &["Já er það ekki bara?"])
            + link_cost(&model, &["You know it."], &["Jú."]);
        assert_eq!(split, 2.0);
        assert_eq!(link_cost(&model, &["I guess so.", "You know it."], &["Já er það ekki bara?", "Jú."]), split);
        // A mark that moved across a sentence boundary: merged, it matches.
        let moved = link_cost(&model, &["Come!"], &["Viens"]) + link_cost(&model, &["Now."], &["maintenant !"]);
        assert_eq!(moved, 2.0);
        assert_eq!(link_cost(&model, &["Come!", "Now."], &["Viens", "maintenant !"]), 0.0);
    }

    #[test]
    fn dialogue_cost_is_what_links_that_keep_who_speaks_say() {
        let side = |open: Vec<bool>| {
            let mut f = Feats::default();
            for o in open {
                f.push(10.0, 0.0, &[], if o { mark_bit(0) } else { 0 });
            }
            f
        };
        let on = |f: &Feats, i: usize| f.marks[i] & mark_bit(0) != 0;
        let dialogue_cost =
            |beads: &[Bead], fs: &Feats, ft: &Feats| mismatch_cost(beads, |b| (on(fs, b.i), on(ft, b.j)));
        let linked: Vec<Bead> = (0..40).map(|k| Bead { i: k, a: 1, j: k, b: 1, p: 1.0 }).collect();
        // Every fourth line is dialogue on both sides: a mismatch is rare.
        let every4 = || (0..40).map(|k| k % 4 == 0).collect::<Vec<bool>>();
        let kept = dialogue_cost(&linked, &side(every4()), &side(every4()));
        assert!(kept > 1.0, "{kept}");
        // Openings that fall anywhere: nothing to learn.
        let shifted: Vec<bool> = (0..40).map(|k| k % 4 == 2).collect();
        assert_eq!(dialogue_cost(&linked, &side(every4()), &side(shifted)), 0.0);
        // No dialogue at all.
        assert_eq!(dialogue_cost(&linked, &side(vec![false; 40]), &side(vec![false; 40])), 0.0);
    }

    #[test]
    fn runs_of_unaligned_units_make_the_next_one_cheaper_only_when_seen() {
        let model =
            Model::first(Cues::all(), crate::align::default_beads(), LengthModel::fit(1.0, 1.0), 1.0, 0.0, Vec::new());
        let linked = |i, j| Bead { i, a: 1, j, b: 1, p: 1.0 };
        let null = |i, j| Bead { i, a: 0, j, b: 1, p: 1.0 };
        // Unaligned units one at a time: no discount.
        let single: Vec<Bead> = (0..60).map(|k| if k % 10 == 5 { null(k, k) } else { linked(k, k) }).collect();
        assert_eq!(null_run_cost(&single, &model), 0.0);
        // Two runs of four: each unit after the first is likelier.
        let runs: Vec<Bead> = (0..60).map(|k| if k % 30 < 4 { null(k, k) } else { linked(k, k) }).collect();
        let run_cost = null_run_cost(&runs, &model);
        assert!(run_cost < -1.0, "{run_cost}");
        // The prior counts for ten beads: one pair in a row says little.
        let pair: Vec<Bead> = (0..60).map(|k| if k == 7 || k == 8 { null(k, k) } else { linked(k, k) }).collect();
        assert!(null_run_cost(&pair, &model) > run_cost);
    }
}
