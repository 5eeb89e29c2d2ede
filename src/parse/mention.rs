//! Meaning of emphasis in running text: titles of works (the subject's own,
//! someone else's, periodicals), organisations and the subject's names.
//!
//! Decisions come from cue words around the span in the same sentence
//! ("redacteur van *X*" is a periodical, "vertaalde ... *X* van Gladkof" is
//! someone else's work, "schreef hij *X*" is the subject's own), from the
//! span's head noun ("*Revolutionaire Groep*" is an organisation) and from
//! the names the first paragraph gives the subject. The nearest cue wins.

use std::sync::LazyLock;

use super::cues::{self, Cues};
use super::date;
use super::inline::normalize;
use crate::lang;
use crate::model::{Event, Inline, Lang, NameKind, Person, PersonName, Rend, TitleKind, plain_text};

static PERIODICAL_BEFORE: LazyLock<CuesByLastWord> =
    LazyLock::new(|| CuesByLastWord::of(cues::list("mention.periodical-before")));
static PERIODICAL_AFTER: Cues = Cues::new(|| cues::list("mention.periodical-after"));
static ORG_HEAD: Cues = Cues::new(|| cues::list("mention.org-head"));
static ORG_BEFORE: LazyLock<CuesByLastWord> = LazyLock::new(|| CuesByLastWord::of(cues::list("mention.org-before")));
static OTHER_BEFORE: LazyLock<CuesByLastWord> =
    LazyLock::new(|| CuesByLastWord::of(cues::list("mention.other-before")));
static OWN_BEFORE: LazyLock<CuesByLastWord> = LazyLock::new(|| CuesByLastWord::of(cues::list("mention.own-before")));
static BY_WORDS: Cues = Cues::new(|| cues::list("mention.by-words"));
static PSEUDONYM_CUES: Cues = Cues::new(|| cues::list("mention.pseudonym-cues"));

/// A list of cues before a title, each cue's words last first, under its
/// last word: a word of the sentence is looked up once rather than
/// compared with every cue (this runs for every title of a page).
struct CuesByLastWord(rustc_hash::FxHashMap<&'static str, Vec<Vec<&'static str>>>);

impl CuesByLastWord {
    fn of(list: Vec<&'static str>) -> CuesByLastWord {
        let mut by_last: rustc_hash::FxHashMap<&'static str, Vec<Vec<&'static str>>> = Default::default();
        for cue in list {
            let words: Vec<&'static str> = cue.rsplit(' ').collect();
            if let Some(&last) = words.first() {
                by_last.entry(last).or_default().push(words);
            }
        }
        CuesByLastWord(by_last)
    }
}

/// How many words back a cue may stand from the title it explains.
const WINDOW: usize = 14;

/// One word of a sentence (lowercased, in the sentence's word buffer; see
/// [`tokens`]), or a title placeholder.
#[derive(Debug)]
enum Tok<'a> {
    Word(&'a str),
    Title,
}

fn cue_distance(toks: &[Tok], at: usize, cues: &CuesByLastWord) -> Option<usize> {
    // Words before `at`, nearest first, skipping other titles and the
    // coordination between them ("*A*, *B* en *C*").
    // Titles in between are skipped without counting, so a sentence of
    // thousands of titles would make this quadratic: look back at most
    // LOOK_BACK tokens (a cue before more titles than that explains none).
    const LOOK_BACK: usize = 256;
    let back = &toks[at.saturating_sub(LOOK_BACK)..at];
    // The i-th word before the title, nearest first; a title reads as a
    // word no cue contains. Looked up in place: this runs several times
    // per title, and most calls stop after a few words.
    let word = |i: usize| -> Option<&str> {
        let j = back.len().checked_sub(i + 1)?;
        Some(match &back[j] {
            Tok::Word(w) => *w,
            Tok::Title => "\u{0}",
        })
    };
    let mut dist = 0;
    for (i, tok) in back.iter().rev().enumerate() {
        let Tok::Word(w) = tok else { continue };
        // Cues are matched backwards from their last word, this one.
        let ending_here = cues.0.get(*w).map_or(&[][..], Vec::as_slice);
        if ending_here.iter().any(|cue| cue.iter().enumerate().skip(1).all(|(k, part)| word(i + k) == Some(part))) {
            return Some(dist);
        }
        if !["en", "et", "and", "und", "o.a.", "zelf", "hij", "zij", "ook", "onder", "meer"].contains(w) {
            dist += 1;
        }
        if dist > WINDOW {
            return None;
        }
    }
    None
}

/// A word's place in the word buffer of [`tokens`], or a title placeholder.
type TokAt = Option<std::ops::Range<usize>>;

/// A sentence's words lowercased into `buf`, one after another, and its
/// tokens as places in it: one allocation for the sentence rather than a
/// `String` per word, which were read a few times and thrown away (this
/// runs on every sentence with a title). See [`tokens_in`].
fn tokens(content: &[Inline], buf: &mut String) -> (Vec<TokAt>, Vec<usize>) {
    // Returns tokens and, for each top-level node index, the token index of
    // the placeholder when the node is italic emphasis.
    let mut toks = Vec::new();
    let mut title_pos = vec![usize::MAX; content.len()];
    let mut push_words = |text: &str, toks: &mut Vec<TokAt>| {
        crate::text::for_each_word(text, |w| {
            let start = buf.len();
            // As `text::words` lowercases: ASCII in place, anything else
            // with `str::to_lowercase` (its final sigma included).
            if w.is_ascii() {
                buf.push_str(w);
                buf[start..].make_ascii_lowercase();
            } else {
                buf.push_str(&w.to_lowercase());
            }
            toks.push(Some(start..buf.len()));
        });
    };
    for (i, node) in content.iter().enumerate() {
        match node {
            Inline::Hi { rend: Rend::Italic, .. } => {
                title_pos[i] = toks.len();
                toks.push(None);
            }
            // A text node's plain text is its text: read in place.
            Inline::Text(t) => push_words(t, &mut toks),
            other => push_words(&plain_text(std::slice::from_ref(other)), &mut toks),
        }
    }
    (toks, title_pos)
}

/// The tokens of [`tokens`] as words borrowed from its buffer.
fn tokens_in<'a>(buf: &'a str, toks: &[TokAt]) -> Vec<Tok<'a>> {
    toks.iter().map(|t| t.clone().map_or(Tok::Title, |r| Tok::Word(&buf[r]))).collect()
}

/// What the subject is called, for recognising their names in the text.
#[derive(Debug, Default, Clone)]
pub struct SubjectNames {
    names: Vec<String>,
    /// All the names in one automaton: a text is read once for all of
    /// them, not once per name (this runs on every text of a page).
    matcher: Option<aho_corasick::AhoCorasick>,
    /// The longest name's length in bytes.
    longest: usize,
}

impl SubjectNames {
    /// Names from the subject record and the page title.
    pub fn new(person: Option<&Person>, title: Option<&str>) -> SubjectNames {
        let mut names: Vec<String> = Vec::new();
        if let Some(p) = person {
            for n in &p.names {
                if n.kind != "original-script" {
                    names.push(n.name.clone());
                }
            }
        }
        if let Some(t) = title {
            names.push(t.to_string());
            // The surname the page is titled with, alone ("Serge"), and
            // with the full name's first name ("Viktor Serge").
            if let Some(last) = t.split_whitespace().last().filter(|_| t.split_whitespace().count() > 1) {
                names.push(last.to_string());
                if let Some(first) = person.and_then(|p| p.names.first()).and_then(|n| n.name.split_whitespace().next())
                {
                    names.push(format!("{first} {last}"));
                }
            }
        }
        names.retain(|n| n.chars().count() >= 3);
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        let matcher = if names.is_empty() { None } else { aho_corasick::AhoCorasick::new(&names).ok() };
        let longest = names.first().map_or(0, String::len);
        SubjectNames { names, matcher, longest }
    }

    fn is_subject(&self, s: &str) -> bool {
        self.names.iter().any(|n| n == s.trim())
    }
}

/// Give italic and bold spans of one sentence their meaning, and mark the
/// subject's names.
pub(crate) fn annotate_sentence(
    content: Vec<Inline>,
    subject: &SubjectNames,
    page_lang: Option<&Lang>,
    candidates: &[&str],
) -> Vec<Inline> {
    // Only italic spans read the words around them: most sentences have
    // none and need no tokens (this runs on every sentence of a page).
    let has_italic = content.iter().any(|n| matches!(n, Inline::Hi { rend: Rend::Italic, .. }));
    let mut buf = String::new();
    let (toks, title_pos) = if has_italic { tokens(&content, &mut buf) } else { (Vec::new(), Vec::new()) };
    let toks = tokens_in(&buf, &toks);
    let mut out = Vec::with_capacity(content.len());
    // The nodes are moved into the result, not copied: the sentence is
    // the caller's to give away. An italic span looks at the node after
    // it, still in place behind the iterator.
    let mut nodes = content.into_iter().enumerate().peekable();
    while let Some((i, node)) = nodes.next() {
        match node {
            Inline::Hi { rend: Rend::Italic, content: inner } => {
                let next = nodes.peek().map(|(_, n)| n);
                out.push(classify_italic(inner, &toks, title_pos[i], next, subject, page_lang, candidates));
            }
            Inline::Hi { rend: Rend::Bold, content: inner } => out.push(classify_bold(inner, subject)),
            Inline::Text(t) => tag_names_into(t, subject, &mut out),
            other => out.push(other),
        }
    }
    normalize(out)
}

fn head_is_org(text: &str) -> bool {
    // Each word lowercased into one buffer, not a String per word (this
    // runs on every italic span); ASCII words in place, others as
    // `str::to_lowercase` maps them.
    let mut lower = String::with_capacity(text.len());
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).any(|w| {
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        ORG_HEAD.contains(&lower.as_str())
    })
}

fn classify_italic(
    inner: Vec<Inline>,
    toks: &[Tok],
    at: usize,
    next: Option<&Inline>,
    subject: &SubjectNames,
    page_lang: Option<&Lang>,
    candidates: &[&str],
) -> Inline {
    let text = plain_text(&inner);
    if head_is_org(&text) {
        return Inline::Name { kind: NameKind::Org, subject: false, rend: Some(Rend::Italic), content: inner };
    }
    let after = next.map(|n| plain_text(std::slice::from_ref(n))).unwrap_or_default();
    let kind = classify_title(toks, at, &after, subject);
    if kind == Some(MentionKind::Org) {
        return Inline::Name { kind: NameKind::Org, subject: false, rend: Some(Rend::Italic), content: inner };
    }
    let kind = match kind {
        Some(MentionKind::Periodical) => TitleKind::Periodical,
        Some(MentionKind::Other) => TitleKind::OtherWork,
        Some(MentionKind::Own) => TitleKind::OwnWork,
        // No cue: a capitalised span is probably a title; a lowercase one
        // ("*nadruk*") is plain emphasis.
        _ if text.chars().next().is_some_and(char::is_lowercase) => {
            return Inline::Hi { rend: Rend::Italic, content: inner };
        }
        _ => TitleKind::Unclassified,
    };
    let lang = lang::detect(&text, candidates, page_lang);
    Inline::Title { id: None, kind, lang, rend: Some(Rend::Italic), content: inner }
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum MentionKind {
    Periodical,
    Org,
    Other,
    Own,
}

fn classify_title(toks: &[Tok], at: usize, after: &str, subject: &SubjectNames) -> Option<MentionKind> {
    // The words after the title, as `text::words` gives them; only the
    // first eight are read below, and the next node may be a long text.
    let mut after_words: Vec<String> = Vec::new();
    crate::text::for_each_word(after, |w| {
        if after_words.len() < 8 {
            after_words.push(w.to_lowercase());
        }
    });
    // A periodical cue right before the title outranks what follows it
    // ("het blad *Le Libertaire* van Sébastien Faure" is his paper, not his work).
    let periodical_close = cue_distance(toks, at, &PERIODICAL_BEFORE).is_some_and(|d| d <= 1);
    if periodical_close {
        return Some(MentionKind::Periodical);
    }
    // Then local cues right after the title.
    if let Some(first) = after_words.first() {
        // "*Cement* van Gladkof": a work by the named person.
        if BY_WORDS.contains(&first.as_str()) {
            let rest = after.trim_start();
            let name = rest.split_once(' ').map(|x| x.1).unwrap_or("");
            let name_words: Vec<&str> = name
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            if !name_words.is_empty() {
                let who = name_words.join(" ");
                return Some(if subject.is_subject(&who) { MentionKind::Own } else { MentionKind::Other });
            }
        }
    }
    // Apposition: "*Anarchie*, een zeer strijdhaftig, individualistisch blad".
    if after.trim_start().starts_with(',') {
        let appo: Vec<String> = after_words.iter().take(8).cloned().collect();
        if appo.first().is_some_and(|w| {
            ["een", "a", "an", "un", "une", "ein", "eine", "het", "de", "le", "la", "the"].contains(&w.as_str())
        }) && appo.iter().any(|w| PERIODICAL_AFTER.contains(&w.as_str()))
        {
            return Some(MentionKind::Periodical);
        }
    }
    let mut best: Option<(usize, MentionKind)> = None;
    for (cues, kind) in [
        (&PERIODICAL_BEFORE, MentionKind::Periodical),
        (&ORG_BEFORE, MentionKind::Org),
        (&OTHER_BEFORE, MentionKind::Other),
        (&OWN_BEFORE, MentionKind::Own),
    ] {
        if let Some(d) = cue_distance(toks, at, cues) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, kind));
            }
        }
    }
    best.map(|(_, k)| k)
}

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect();
    (2..=8).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

fn classify_bold(inner: Vec<Inline>, subject: &SubjectNames) -> Inline {
    let text = plain_text(&inner);
    if subject.is_subject(&text) {
        return Inline::Name { kind: NameKind::Person, subject: true, rend: Some(Rend::Bold), content: inner };
    }
    if head_is_org(&text) || is_acronym(&text) {
        return Inline::Name { kind: NameKind::Org, subject: false, rend: Some(Rend::Bold), content: inner };
    }
    Inline::Hi { rend: Rend::Bold, content: inner }
}

/// Split a text node around the subject's names.
#[cfg(test)]
fn tag_names(t: &str, subject: &SubjectNames) -> Vec<Inline> {
    let mut out = Vec::new();
    tag_names_into(t.to_string(), subject, &mut out);
    out
}

/// [`tag_names`] into `out`, the text itself moved there when it names
/// none of them (most text does).
fn tag_names_into(t: String, subject: &SubjectNames, out: &mut Vec<Inline>) {
    let mut rest = t.as_str();
    while !rest.is_empty() {
        // Earliest match that stands alone as a word; the longest name at
        // equal positions.
        let mut best: Option<(usize, usize)> = None;
        for m in subject.matcher.iter().flat_map(|ac| ac.find_overlapping_iter(rest)) {
            // Matches come in the order they end: one ending past the best
            // start plus the longest name cannot start at or before it.
            if best.is_some_and(|(bi, _)| m.end() > bi + subject.longest) {
                break;
            }
            let (i, len) = (m.start(), m.len());
            let before = rest[..i].chars().next_back();
            let after = rest[i + len..].chars().next();
            let bounded =
                !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric() || c == '-');
            if bounded && best.is_none_or(|(bi, bl)| i < bi || (i == bi && len > bl)) {
                best = Some((i, len));
            }
        }
        let Some((i, len)) = best else {
            if rest.len() == t.len() {
                out.push(Inline::Text(t));
            } else {
                out.push(Inline::Text(rest.to_string()));
            }
            return;
        };
        if i > 0 {
            out.push(Inline::Text(rest[..i].to_string()));
        }
        out.push(Inline::Name {
            kind: NameKind::Person,
            subject: true,
            rend: None,
            content: vec![Inline::Text(rest[i..i + len].to_string())],
        });
        rest = &rest[i + len..];
    }
}

/// Language code of a language name as pages write it before a name in
/// another script ("Russisch: Виктор ...").
fn lang_of_name(word: &str) -> Option<Lang> {
    let w = word.trim().to_lowercase();
    let code = match w.as_str() {
        "russisch" | "russe" | "russian" | "ru" => "ru",
        "grieks" | "grec" | "greek" | "griechisch" => "el",
        "oekraïens" | "ukrainien" | "ukrainian" | "ukrainisch" => "uk",
        "bulgaars" | "bulgare" | "bulgarian" => "bg",
        "servisch" | "serbe" | "serbian" => "sr",
        "hebreeuws" | "hébreu" | "hebrew" | "jiddisch" | "yiddish" => "he",
        "arabisch" | "arabe" | "arabic" => "ar",
        "chinees" | "chinois" | "chinese" => "zh",
        "japans" | "japonais" | "japanese" => "ja",
        "jiddisch (yi)" => "yi",
        _ => return None,
    };
    Lang::new(code)
}

/// Read the subject from the first paragraph: bold names (first = full name,
/// after a pseudonym cue = pseudonym), a name in another script, and the
/// "(Place, date - Place, date)" life dates.
pub fn subject(first_para: &[Inline], title: Option<&str>) -> Option<Person> {
    let mut person = Person::default();
    let mut text_before = String::new();
    for node in first_para {
        match node {
            Inline::Hi { rend: Rend::Bold, content } => {
                let name = plain_text(content).trim().to_string();
                let lower = text_before.to_lowercase();
                let tail: String = lower.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
                let kind = if person.names.is_empty() {
                    "full"
                } else if PSEUDONYM_CUES.iter().any(|c| tail.contains(c)) {
                    "pseudonym"
                } else {
                    "variant"
                };
                if !name.is_empty() {
                    person.names.push(PersonName { name: name.clone(), kind: kind.into(), lang: None });
                }
                text_before.push_str(&name);
            }
            other => text_before.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    let text = plain_text(first_para);
    for group in parens(&text) {
        // "(Russisch: Виктор Львович Кибальчич)"
        if let Some((label, name)) = group.split_once(':') {
            if name.chars().any(|c| c.is_alphabetic() && !c.is_ascii() && !is_latin(c)) {
                person.names.push(PersonName {
                    name: name.trim().to_string(),
                    kind: "original-script".into(),
                    lang: lang_of_name(label),
                });
                continue;
            }
        }
        if person.birth.is_none()
            && group.split_whitespace().any(|w| date::year(w.trim_matches(|c: char| !c.is_ascii_digit())).is_some())
        {
            let normalized = group.replace('\u{a0}', " ");
            let parts: Vec<String> = match normalized.split_once(" - ") {
                Some((a, b)) => vec![a.trim().to_string(), b.trim().to_string()],
                None => normalized.split(['–', '—']).map(|s| s.trim().to_string()).collect(),
            };
            if (1..=2).contains(&parts.len()) {
                person.birth = life_event(&parts[0]);
                person.death = parts.get(1).and_then(|p| life_event(p));
            }
        }
    }
    if person.names.is_empty() {
        // Without a name in bold, only life dates make this a subject.
        person.birth.as_ref()?;
        person.names.push(PersonName { name: title?.to_string(), kind: "full".into(), lang: None });
    }
    Some(person)
}

fn is_latin(c: char) -> bool {
    // Latin-1 Supplement and Latin Extended blocks.
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

fn parens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(&text[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

fn life_event(part: &str) -> Option<Event> {
    let part = part.trim();
    if part.is_empty() || part == "?" {
        return None;
    }
    let (place, date_text) = match part.split_once(',') {
        Some((p, d)) if date::iso(d).is_some() => (Some(p.trim()), d.trim()),
        Some((d, p)) if date::iso(d).is_some() => (Some(p.trim()), d.trim()),
        _ => (None, part),
    };
    let when = date::iso(date_text);
    if when.is_none() && place.is_none() {
        return None;
    }
    Some(Event { when, date_text: Some(date_text.to_string()), place: place.map(str::to_string) })
}

#[cfg(test)]
mod tests {
    use super::{SubjectNames, tag_names};
    use crate::model::Inline;

    /// The text with each subject name found in brackets.
    fn tagged(t: &str, names: &SubjectNames) -> String {
        tag_names(t, names)
            .iter()
            .map(|n| match n {
                Inline::Text(s) => s.clone(),
                Inline::Name { subject: true, content, .. } => format!("[{}]", crate::model::plain_text(content)),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn subject_names_are_found_whole_and_longest_first() {
        let names = SubjectNames::new(None, Some("Victor Serge"));
        assert_eq!(
            tagged("Victor Serge (Serge) schreef; Sergeant en Serge-achtig niet, wel Serge.", &names),
            "[Victor Serge] ([Serge]) schreef; Sergeant en Serge-achtig niet, wel [Serge]."
        );
        // A name that first occurs inside a word is still found later.
        assert_eq!(tagged("Sergei en Serge", &names), "Sergei en [Serge]");
        assert_eq!(tagged("", &names), "");
        let none = SubjectNames::new(None, None);
        assert_eq!(tagged("Victor Serge", &none), "Victor Serge");
    }
}
