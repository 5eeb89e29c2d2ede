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
    /// Linked to this original; when the years settled a tie, how, in words.
    Link(usize, Option<String>),
    /// Refused; the original it came closest to, if any, and why.
    Refused(Option<Nearest>),
}

impl Rule {
    /// The rule's name in a `not-linked` flag (a [`Flag::RULES`] key).
    ///
    /// [`Flag::RULES`]: super::Flag::RULES
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Ambiguous(_) => "ambiguous",
            Rule::Taken(_) => "taken",
            Rule::LowScore { .. } => "low-score",
            Rule::LowCoverage { .. } => "low-coverage",
            Rule::OneLookAlike => "one-look-alike",
            Rule::Assignment => "assignment",
        }
    }
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

/// Whether a pair has any evidence at all: one word that merely looks
/// alike ("paradijs" ~ "Paris") is none, so such an original is never
/// named as the nearest.
pub(crate) fn is_evidence(s: &PairScore) -> bool {
    s.score > 0.0 && (s.strong || s.matched >= 2 || s.identical)
}

/// Whether the years favour original `a` over original `b` for a
/// translation of year `t`: the translation did not come out before `a`
/// (by more than [`YEAR_SLIP`]), and it came out before `b`, or within
/// [`YEAR_SOON`] years of `a` and at least [`YEAR_LATE`] years after `b`.
pub(crate) fn years_favour(t: i32, a: i32, b: i32) -> bool {
    let (lag_a, lag_b) = (t - a, t - b);
    let possible = |lag: i32| lag >= -YEAR_SLIP;
    possible(lag_a) && (!possible(lag_b) || (lag_a <= YEAR_SOON && lag_b >= YEAR_LATE))
}

/// A translation dated up to this many years before its original is a
/// catalogue slip (a serial before the book), not impossible.
pub(crate) const YEAR_SLIP: i32 = 1;
/// A translation this close to an original's year…
pub(crate) const YEAR_SOON: i32 = 2;
/// …against one this many years after the other settles a tie.
pub(crate) const YEAR_LATE: i32 = 10;

/// What the rules look at: every work's scores against every original,
/// the assignment, the years, and the titles the reasons name.
pub(crate) struct Rules<'a> {
    scores: &'a [Vec<PairScore>],
    assignment: &'a [Option<usize>],
    /// The work each original was assigned to.
    taken: Vec<Option<usize>>,
    originals: &'a [Title],
    /// Each work's canonical title and its earliest year.
    works: &'a [(&'a str, Option<i32>)],
    reduced: bool,
}

impl<'a> Rules<'a> {
    /// The rules over one page's scores and assignment.
    pub fn new(
        scores: &'a [Vec<PairScore>],
        assignment: &'a [Option<usize>],
        originals: &'a [Title],
        works: &'a [(&'a str, Option<i32>)],
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

    /// The decision for every work, in order: a tie the years settle
    /// claims its original, so no later work can be settled onto it.
    pub fn decide_all(&self) -> Vec<Decision> {
        let mut claimed = vec![false; self.originals.len()];
        (0..self.works.len())
            .map(|g| {
                let d = self.decide(g, &claimed);
                if let Decision::Link(j, _) = d {
                    claimed[j] = true;
                }
                d
            })
            .collect()
    }

    /// The one decision for work `g`: linked to what the assignment gave
    /// it unless another free original has as good a claim and the years
    /// do not settle it; otherwise refused, naming the nearest original
    /// with evidence and every rule that refused it.
    fn decide(&self, g: usize, claimed: &[bool]) -> Decision {
        let ambiguous = match self.assignment[g] {
            Some(j) => {
                let rivals = self.rivals(g, j);
                if rivals.is_empty() {
                    return Decision::Link(j, None);
                }
                if let Some((k, why)) = self.settle_by_years(g, j, &rivals) {
                    if k == j || !claimed[k] {
                        return Decision::Link(k, Some(why));
                    }
                }
                Some((j, rivals[0].0))
            }
            None => None,
        };
        Decision::Refused(self.nearest(g, ambiguous))
    }

    /// The other originals no work takes that have as good a claim as `j`,
    /// and whether each scores within [`AMBIGUITY_MARGIN`] of it (else it
    /// matches the same words while both titles leave words unexplained).
    fn rivals(&self, g: usize, j: usize) -> Vec<(usize, bool)> {
        let s = &self.scores[g][j];
        (0..self.originals.len())
            .filter(|&k| k != j && self.taken[k].is_none())
            .filter_map(|k| {
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
                (close || same_words).then_some((k, close))
            })
            .collect()
    }

    /// The original the years favour over every other in a tie of close
    /// scores ("Arbeid", 1902: "Travail", 1901, not "L'Œuvre", 1886), and
    /// the evidence that says so; `None` when a rival is not close in
    /// score, a year is missing, or the years favour none.
    fn settle_by_years(&self, g: usize, j: usize, rivals: &[(usize, bool)]) -> Option<(usize, String)> {
        if rivals.iter().any(|(_, close)| !close) {
            return None;
        }
        let t = self.works[g].1?;
        let tied: Vec<(usize, i32)> = std::iter::once(j)
            .chain(rivals.iter().map(|r| r.0))
            .map(|k| self.originals[k].year.map(|y| (k, y)))
            .collect::<Option<_>>()?;
        let &(k, y) = tied.iter().find(|&&(a, ya)| tied.iter().all(|&(b, yb)| a == b || years_favour(t, ya, yb)))?;
        let others: Vec<String> = tied
            .iter()
            .filter(|x| x.0 != k)
            .map(|&(b, yb)| format!("\"{}\" ({yb})", self.originals[b].title))
            .collect();
        Some((
            k,
            format!(
                "years settle a tie: {t} fits \"{}\" ({y}), not {}, which score{} as well",
                self.originals[k].title,
                others.join(" or "),
                if others.len() == 1 { "s" } else { "" }
            ),
        ))
    }

    /// The original a refused work came closest to among those with any
    /// evidence, and the rules that refused it; `ambiguous` is the
    /// assigned original and its rival.
    fn nearest(&self, g: usize, ambiguous: Option<(usize, usize)>) -> Option<Nearest> {
        let scores = &self.scores[g];
        let k = (0..self.originals.len())
            .filter(|&k| is_evidence(&scores[k]))
            .max_by(|&a, &b| scores[a].score.total_cmp(&scores[b].score))?;
        let s = &scores[k];
        let mut rules = Vec::new();
        match ambiguous {
            Some((j, r)) => rules.push(Rule::Ambiguous(if k == j { r } else { j })),
            None => {
                // Refused on its own evidence, but another original shares
                // the same words and scores as well ("Brief aan de jeugd":
                // "Lettre à la jeunesse" or "Lettre à la France"?).
                let tie = (0..self.originals.len()).find(|&r| {
                    let o = &scores[r];
                    r != k
                        && is_evidence(o)
                        && o.score >= s.score - AMBIGUITY_MARGIN
                        && o.matched_words & s.matched_words != 0
                });
                rules.extend(tie.map(Rule::Ambiguous));
            }
        }
        if let Some(h) = self.taken[k].filter(|&h| h != g) {
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
            rules: rules.iter().map(Rule::code).collect(),
        })
    }

    /// A rule, in words.
    fn reason(&self, rule: &Rule) -> String {
        match rule {
            Rule::Ambiguous(k) => {
                format!("\"{}\" scores as well: the evidence does not tell them apart", self.originals[*k].title)
            }
            Rule::Taken(h) => format!("it went to \"{}\", which fits it better", self.works[*h].0),
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

#[cfg(test)]
mod tests {
    use super::years_favour;

    #[test]
    fn years_favour_the_possible_and_the_near() {
        // "Arbeid", 1902: "Travail", 1901, against "L'Œuvre", 1886.
        assert!(years_favour(1902, 1901, 1886));
        assert!(!years_favour(1902, 1886, 1901));
        // Before "Travail" came out, only "L'Œuvre" is possible; a year
        // early is a slip, two are not.
        assert!(years_favour(1890, 1886, 1901));
        assert!(!years_favour(1900, 1886, 1901));
        assert!(!years_favour(1899, 1901, 1886));
        // Long after both, or close to both: the years do not tell.
        assert!(!years_favour(1950, 1901, 1886));
        assert!(!years_favour(1898, 1897, 1898));
        assert!(!years_favour(1898, 1898, 1897));
    }
}
