//! A wiki page's footer ("page.txt · Laatst gewijzigd: … door …"): where
//! the page came from and when it was last changed.

use super::*;

/// Remove the DokuWiki export footer ("From: … Permanent link: … Last update: …",
/// or the page template's "page.txt · Last modified: 2021/03/02 10:11 by admin")
/// and return where it starts and what it says.
pub(super) fn take_footer(blocks: &mut Vec<RawBlock>) -> Option<(usize, Source)> {
    let mut source = Source::default();
    let text_of = |b: &RawBlock| match b {
        RawBlock::Para(v, _) => Some(plain_text(&inline::convert(v)).trim().to_string()),
        _ => None,
    };
    // The footer is the run of trailing paragraphs starting at "From:" or
    // "Last update:": at the very end, or before the notes a reader
    // gathered at the end (a heading it made, with no source range).
    let notes = match blocks.iter().rposition(|b| matches!(b, RawBlock::Heading(_, _, r) if r.is_empty())) {
        Some(h) if blocks[h + 1..].iter().all(|b| matches!(b, RawBlock::Para(..))) => Some(h),
        _ => None,
    };
    let footer_run = |end: usize| {
        let mut start = end;
        for i in (0..end).rev() {
            let Some(t) = text_of(&blocks[i]) else { break };
            let l = t.to_lowercase();
            if l == "from:"
                || l.starts_with("last update:")
                || l == "permanent link:"
                || last_modified(&t).is_some()
                || last_edited(&t).is_some()
                || retrieved_from(&l).is_some()
            {
                start = i;
            }
            if l == "from:" {
                break;
            }
        }
        (start < end).then_some((start, end))
    };
    let (start, end) = footer_run(blocks.len()).or_else(|| notes.and_then(footer_run))?;
    let at = blocks[start].range().start;
    let footer: Vec<RawBlock> = blocks.drain(start..end).collect();
    let mut expect: Option<&str> = None;
    for b in &footer {
        let RawBlock::Para(v, _) = b else { continue };
        let t = plain_text(&inline::convert(v)).trim().to_string();
        let l = t.to_lowercase();
        if l == "from:" {
            expect = Some("from");
            continue;
        }
        if l == "permanent link:" {
            expect = Some("permalink");
            continue;
        }
        if let Some(rest) = t.strip_prefix("Last update:").or_else(|| t.strip_prefix("last update:")) {
            let when = rest.trim().to_string();
            source.updated = date::footer_timestamp(&when);
            source.updated_text = Some(when).filter(|w| !w.is_empty());
            continue;
        }
        if let Some((when, text)) = last_edited(&t) {
            source.updated = Some(when);
            source.updated_text = Some(text.to_string());
            continue;
        }
        if let Some(rest) = retrieved_from(&l) {
            // The link, else the address written out in quotes.
            let written = t[t.len() - rest.len()..].trim().trim_matches(['"', '“', '”', '«', '»', '„']).trim();
            source.permalink = first_link(v).or_else(|| (!written.is_empty()).then(|| written.to_string()));
            continue;
        }
        if let Some(when) = last_modified(&t) {
            source.updated = date::footer_timestamp(when);
            source.updated_text = Some(when.to_string()).filter(|w| !w.is_empty());
            continue;
        }
        let link = first_link(v);
        match expect.take() {
            Some("from") => {
                source.site_url = link;
                source.site = strong_text(v).or_else(|| Some(t.clone()));
            }
            Some("permalink") => source.permalink = link.or(Some(t.clone())),
            _ => {}
        }
    }
    Some((at, source))
}

/// The date of a "… Last modified: 2021/03/02 10:11 by admin" line, when
/// the line is one.
fn last_modified(t: &str) -> Option<&str> {
    static MODIFIED: Cues = Cues::new(|| cues::list("footer.last-modified"));
    static BY: Cues = Cues::new(|| cues::list("footer.by"));
    let lower = t.to_lowercase();
    // Lowercasing can change byte lengths: only trust offsets when it did not.
    if lower.len() != t.len() {
        return None;
    }
    let (at, cue) = MODIFIED.iter().find_map(|c| lower.find(c).map(|i| (i, *c)))?;
    let rest = t[at + cue.len()..].trim();
    let when = BY.iter().find_map(|b| rest.split_once(b).map(|x| x.0)).unwrap_or(rest).trim();
    // Only a line that ends in a date is a footer, not prose that mentions one.
    date::footer_timestamp(when).map(|_| when)
}

/// The rest of a lowercased footer line after MediaWiki's "Retrieved
/// from" (in the wiki's language), if it is one.
fn retrieved_from(lower: &str) -> Option<&str> {
    static CUES: Cues = Cues::new(|| cues::list("footer.retrieved-from"));
    CUES.iter().find_map(|c| lower.strip_prefix(c))
}

/// MediaWiki's "This page was last edited on 3 March 2021, at 10:12." (in
/// the wiki's language): the time as ISO 8601, and as written.
fn last_edited(t: &str) -> Option<(String, &str)> {
    static CUES: Cues = Cues::new(|| cues::list("footer.last-edited"));
    let lower = t.to_lowercase();
    if lower.len() != t.len() {
        return None;
    }
    let cue = CUES.iter().find(|c| lower.starts_with(**c))?;
    let when = t[cue.len()..].trim().trim_end_matches('.');
    // The date's words come first; the time follows after a word such as
    // "at", "om", "um", "à", "alle", or a comma.
    let words: Vec<&str> = when.split_whitespace().collect();
    let is_time = |w: &str| w.split_once(':').is_some_and(|(h, m)| !h.is_empty() && h.len() <= 2 && m.len() >= 2);
    let date_len = words
        .iter()
        .position(|w| {
            is_time(w)
                || !w.trim_end_matches([',', '.']).chars().any(|c| c.is_ascii_digit())
                    && date::month(w.trim_end_matches(',')).is_none()
        })
        .unwrap_or(words.len());
    let day = date::iso(&words[..date_len].join(" ").replace(',', "")).filter(|d| d.len() == 10)?;
    let time = words[date_len..].iter().find(|w| is_time(w)).map_or("00:00", |w| w.trim_end_matches([',', '.']));
    let (h, m) = time.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then(|| (format!("{day}T{h:02}:{m:02}:00"), when))
}

fn first_link(v: &[RawInline]) -> Option<String> {
    v.iter().find_map(|n| match n {
        RawInline::Link(d, _, _) => Some(d.clone()),
        RawInline::Emph(c, _) | RawInline::Strong(c, _) => first_link(c),
        _ => None,
    })
}

fn strong_text(v: &[RawInline]) -> Option<String> {
    v.iter().find_map(|n| match n {
        RawInline::Strong(c, _) => Some(plain_text(&inline::convert(c)).trim().to_string()),
        _ => None,
    })
}
