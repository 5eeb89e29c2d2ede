//! Which side of a pair, whether links cover both texts once each, and why
//! a segment was left unaligned.

use serde::Serialize;

/// Which text of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source text.
    Source,
    /// The target text.
    Target,
}

/// How a list of links fails to cover two texts once each, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverError {
    /// Link `link` names segment `found` of `side` where `due` came next,
    /// or a segment past the side's `len`.
    Misplaced {
        /// Index of the link.
        link: usize,
        /// The text.
        side: Side,
        /// The segment it names.
        found: usize,
        /// The segment that was due.
        due: usize,
        /// Number of segments of that text.
        len: usize,
    },
    /// The links end before the texts do: segments covered on each side.
    Short {
        /// Source segments covered, of `n`.
        src: usize,
        /// Target segments covered, of `m`.
        tgt: usize,
        /// Source segments.
        n: usize,
        /// Target segments.
        m: usize,
    },
}

impl std::fmt::Display for CoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            CoverError::Misplaced { link, side, found, due, len } => {
                let which = if side == Side::Source { "source" } else { "target" };
                // Messages count links from 1, like lines; segment indices
                // are quoted as the file writes them, from 0.
                let nth = link + 1;
                if found == due {
                    write!(
                        f,
                        "link {nth}: {which} segment index {found} does not exist ({len} segments, indices from 0)"
                    )
                } else {
                    write!(
                        f,
                        "link {nth}: {which} segment index {found} where {due} was due (indices from 0): every segment must be in exactly one link, in order"
                    )
                }
            }
            CoverError::Short { src, tgt, n, m } => {
                write!(f, "the links leave segments out: source {src} of {n}, target {tgt} of {m} covered")
            }
        }
    }
}

/// Check the invariant every alignment keeps: each of the `n` source and
/// `m` target segments is in exactly one link, and links go in text order.
pub fn check_cover<'a>(
    links: impl IntoIterator<Item = (&'a [usize], &'a [usize])>,
    n: usize,
    m: usize,
) -> Result<(), CoverError> {
    let (mut i, mut j) = (0, 0);
    for (link, (src, tgt)) in links.into_iter().enumerate() {
        for (ids, next, len, side) in [(src, &mut i, n, Side::Source), (tgt, &mut j, m, Side::Target)] {
            for &found in ids {
                if found != *next || found >= len {
                    return Err(CoverError::Misplaced { link, side, found, due: *next, len });
                }
                *next += 1;
            }
        }
    }
    if (i, j) != (n, m) {
        return Err(CoverError::Short { src: i, tgt: j, n, m });
    }
    Ok(())
}

/// A segment the aligner left without a counterpart (a 1-0 or 0-1 link),
/// with the evidence for that decision, for a person to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unaligned {
    /// Index of its link in [`super::Alignment::links`].
    pub link: usize,
    /// The text it is in.
    pub side: Side,
    /// Its index among that text's segments.
    pub segment: usize,
    /// Posterior probability that it has no counterpart.
    pub confidence: f64,
    /// The most of its lexical evidence it shares with any segment facing
    /// it (the other side of the links before and after), in [0, 1].
    pub share: f64,
    /// What linked segments of this text pair share, measured the same way
    /// (`None` when too few confident links to say).
    pub expected_share: Option<f64>,
    /// How much costlier (nats) joining it to the link before would be
    /// than leaving it out; `None` when there is no such alternative.
    pub join_before: Option<f64>,
    /// The same for the link after.
    pub join_after: Option<f64>,
    /// How much likelier (nats) it is for following another unaligned
    /// segment, in a text pair where they come in runs; `None` when it
    /// follows a link or the pair shows no runs.
    pub in_run: Option<f64>,
    /// The reason as an alignment file stated it, when read back: kept
    /// word for word (its figures were rounded when written).
    pub stated: Option<String>,
}

impl Unaligned {
    /// Why it was judged unaligned, in a sentence.
    pub fn reason(&self) -> String {
        if let Some(s) = &self.stated {
            return s.clone();
        }
        let mut why = format!("shares {:.0}% of its words with any sentence facing it", self.share * 100.0);
        if let Some(e) = self.expected_share {
            why.push_str(&format!(" (linked sentences here share {:.0}%)", e * 100.0));
        }
        let join = |d: Option<f64>, which: &str| match d {
            Some(d) if d >= 0.0 => format!("joining it to the link {which} costs {d:.1} more"),
            // The search kept paragraphs and sections apart.
            Some(d) => {
                format!("joining it to the link {which} would cost {:.1} less, but that link is in another block", -d)
            }
            None => format!("no link {which} it could join"),
        };
        let mut why = format!("{why}; {}; {}", join(self.join_before, "before"), join(self.join_after, "after"));
        if let Some(r) = self.in_run {
            why.push_str(&format!("; it continues a run of unaligned sentences, which costs {r:.1} less in this text"));
        }
        why
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_check_names_the_first_misplaced_segment() {
        let links = |v: &[(&'static [usize], &'static [usize])]| v.to_vec();
        assert_eq!(check_cover(links(&[(&[0], &[0, 1]), (&[1], &[]), (&[], &[2])]), 2, 3), Ok(()));
        let skip = check_cover(links(&[(&[0], &[0]), (&[2], &[1])]), 3, 2);
        assert_eq!(skip, Err(CoverError::Misplaced { link: 1, side: Side::Source, found: 2, due: 1, len: 3 }));
        let past = check_cover(links(&[(&[0], &[0]), (&[1], &[1])]), 2, 1);
        assert!(
            past.as_ref().is_err_and(|e| e.to_string().contains("link 2: target segment index 1 does not exist")),
            "{past:?}"
        );
        let short = check_cover(links(&[(&[0], &[0])]), 2, 1);
        assert_eq!(short, Err(CoverError::Short { src: 1, tgt: 1, n: 2, m: 1 }));
    }
}
