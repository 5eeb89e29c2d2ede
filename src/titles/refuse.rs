//! The refusal rules, in one place: whether a work is linked to the
//! original the assignment gave it, and when not, which original it came
//! closest to and which rules refused it.

use super::model::{Nearest, Title};
use super::score::PairScore;
use super::{AMBIGUITY_MARGIN, MIN_COVERAGE, MIN_SCORE, MIN_SCORE_LOOK_ALIKE};

/// Why a work is not linked to an original.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    /// Another original nobody else takes scores as well, or matches the
    /// same words (its index).
    Ambiguous(usize),
    /// The original went to another work that fits it better (its group).
    Taken(usize),
    /// The score is below what the kind of evidence needs.
    LowScore {
        /// The pair's score.
        score: f64,
        /// What it needed.
        needed: f64,
    },
    /// Too little of one title or the other is explained.
    LowCoverage {
        /// Share of the translation explained.
        t: f64,
        /// Share of the original explained.
        o: f64,
    },
    /// The only evidence is one word that merely looks alike.
    OneLookAlike,
    /// None of the above: the one-to-one assignment found better pairs.
    Assignment,
}

/// What the rules decide for one work.
#[derive(Debug, Clone)]
pub(crate) enum Decision {
    /// Linked to this original.
    Link(usize),
    /// Refused; the original it came closest to, if any, and why.
    Refused(Option<Nearest>),
}

/// The rules a pair fails on its own evidence, whatever the other pairs:
/// a link needs a score of [`MIN_SCORE`] ([`MIN_SCORE_LOOK_ALIKE`] when all
/// its evidence is look-alike words), [`MIN_COVERAGE`] of each title
/// explained, and more than one look-alike word unless the title is one
/// word (without a dictionary, unless the titles are the same).
pub(crate) fn pair_rules(s: &PairScore, reduced: bool) -> Vec<Rule> {
    let needed = if s.strong { MIN_SCORE } else { MIN_SCORE_LOOK_ALIKE };
    let mut rules = Vec::new();
    if s.score < needed {
        rules.push(Rule::LowScore { score: s.score, needed });
    }
    if s.cov_t.min(s.cov_o) < MIN_COVERAGE {
        rules.push(Rule::LowCoverage { t: s.cov_t, o: s.cov_o });
    }
    let look_alike_ok = s.matched >= 2 || (s.content == 1 && (!reduced || s.identical));
    if !s.strong && !look_alike_ok {
        rules.push(Rule::OneLookAlike);
    }
    rules
}

/// A pair the assignment may choose: it fails no rule of its own.
pub(crate) fn eligible(s: &PairScore, reduced: bool) -> bool {
    pair_rules(s, reduced).is_empty()
}

/// What the rules look at: every work's scores against every original,
/// the assignment, and the titles the reasons name.
pub(crate) struct Rules<'a> {
    scores: &'a [Vec<PairScore>],
    assignment: &'a [Option<usize>],
    /// The work each original was assigned to.
    taken: Vec<Option<usize>>,
    originals: &'a [Title],
    /// Each work's canonical title.
    works: &'a [&'a str],
    reduced: bool,
}

impl<'a> Rules<'a> {
    /// The rules over one page's scores and assignment.
    pub fn new(
        scores: &'a [Vec<PairScore>],
        assignment: &'a [Option<usize>],
        originals: &'a [Title],
        works: &'a [&'a str],
        reduced: bool,
    ) -> Rules<'a> {
        let mut taken = vec![None; originals.len()];
        for (g, a) in assignment.iter().enumerate() {
            if let Some(j) = a {
                taken[*j] = Some(g);
            }
        }
        Rules { scores, assignment, taken, originals, works, reduced }
    }

    /// The one decision for work `g`: linked to what the assignment gave
    /// it unless another free original has as good a claim; otherwise
    /// refused, naming the nearest original and every rule that refused it.
    pub fn decide(&self, g: usize) -> Decision {
        let ambiguous = match self.assignment[g] {
            Some(j) => match self.rival(g, j) {
                None => return Decision::Link(j),
                Some(k) => Some((j, k)),
            },
            None => None,
        };
        Decision::Refused(self.nearest(g, ambiguous))
    }

    /// Another original no work takes that scores within
    /// [`AMBIGUITY_MARGIN`] of `j`, or matches the same words while both
    /// titles leave words unexplained.
    fn rival(&self, g: usize, j: usize) -> Option<usize> {
        let s = &self.scores[g][j];
        (0..self.originals.len()).find(|&k| {
            let r = &self.scores[g][k];
            let close = eligible(r, self.reduced) && r.score >= s.score - AMBIGUITY_MARGIN;
            // The same words matched, and each title has words left over
            // ("Brieven van een balling": "Lettres" or "Lettres d'un
            // exilé"?): the longer original may hold what the translation's
            // unexplained word says; nothing here tells.
            let same_words = s.matched_words != 0
                && r.matched_words & s.matched_words == s.matched_words
                && s.cov_t < 0.999
                && r.cov_o < 0.999;
            k != j && self.taken[k].is_none() && (close || same_words)
        })
    }

    /// The original a refused work came closest to, and the rules that
    /// refused it; `ambiguous` is the assigned original and its rival.
    fn nearest(&self, g: usize, ambiguous: Option<(usize, usize)>) -> Option<Nearest> {
        let scores = &self.scores[g];
        let k = (0..self.originals.len()).max_by(|&a, &b| scores[a].score.total_cmp(&scores[b].score))?;
        let s = &scores[k];
        if s.score <= 0.0 {
            return None;
        }
        let mut rules = Vec::new();
        if let Some((j, r)) = ambiguous {
            rules.push(Rule::Ambiguous(if k == j { r } else { j }));
        }
        if let Some(h) = self.taken[k] {
            rules.push(Rule::Taken(h));
        }
        rules.extend(pair_rules(s, self.reduced));
        if rules.is_empty() {
            rules.push(Rule::Assignment);
        }
        let reason = rules.iter().map(|r| self.reason(r)).collect::<Vec<_>>().join("; ");
        Some(Nearest {
            title: self.originals[k].title.clone(),
            score: (s.score * 1000.0).round() / 1000.0,
            evidence: s.evidence.clone(),
            reason,
        })
    }

    /// A rule, in words.
    fn reason(&self, rule: &Rule) -> String {
        match rule {
            Rule::Ambiguous(k) => {
                format!("\"{}\" scores as well: the evidence does not tell them apart", self.originals[*k].title)
            }
            Rule::Taken(h) => format!("it went to \"{}\", which fits it better", self.works[*h]),
            Rule::LowScore { score, needed } => format!("score {score:.2} below {needed}"),
            Rule::LowCoverage { t, o } => format!(
                "explains {:.0}% of the translation and {:.0}% of the original (at least {:.0}% of each needed)",
                100.0 * t,
                100.0 * o,
                100.0 * MIN_COVERAGE
            ),
            Rule::OneLookAlike => "only one word that merely looks alike".into(),
            Rule::Assignment => "the one-to-one assignment found better pairs".into(),
        }
    }
}
