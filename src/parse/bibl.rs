//! Bibliographic entries: mark up the fields of one list item in place.
//!
//! An entry is read as a title (the emphasis or link it starts with, or the
//! text up to the first separator) followed by chunks separated by commas,
//! semicolons, colons or sentence dots, and parenthesised notes. Each chunk
//! is recognised by its shape: a date, an issue number, a name after a
//! place, a note with a cue word ("onder pseudoniem", "samen met").
//! Unrecognised text stays plain: we would rather under-tag than mislabel.

use super::cues::{self, Cues};
use super::date;
use super::inline::normalize;
use crate::lang;
use crate::model::{Field, Inline, Lang, NameKind, Rend, SectionRole, TitleKind, plain_text};

/// Context an entry is read in.
pub struct EntryContext<'a> {
    /// Role of the list the entry is in.
    pub role: SectionRole,
    /// Language of the page (tie-breaker for title language).
    pub page_lang: Option<&'a Lang>,
    /// Language of the list's titles taken together (a weak prior for each).
    pub list_lang: Option<&'a Lang>,
    /// The languages a title is weighed among ([`lang::candidates`]).
    pub candidates: &'a [&'a str],
}

/// Does this item look like a bibliographic entry (starts with a marked-up title)?
pub(crate) fn starts_with_title(content: &[Inline]) -> bool {
    match lead(content) {
        Some(Inline::Hi { rend: Rend::Italic | Rend::Bold, .. }) => true,
        Some(Inline::Ref { content, .. }) => !content.is_empty(),
        _ => false,
    }
}

/// The node an entry's title is in: the first that is not blank, past a
/// leading year ("1867 — *Thérèse Raquin*").
pub fn lead(content: &[Inline]) -> Option<&Inline> {
    let mut nodes = content.iter().filter(|n| !matches!(n, Inline::Text(t) if t.trim().is_empty())).peekable();
    let first = nodes.next()?;
    match first {
        Inline::Text(t) if leading_date(t).is_some_and(|(_, rest)| rest.trim().is_empty()) => nodes.next(),
        Inline::Text(t) if nodes.peek().is_some_and(|n| is_marked_title(n)) && leading_authors(t).is_some() => {
            nodes.next()
        }
        other => Some(other),
    }
}

/// Whether a node can hold an entry's title: emphasis or a link.
fn is_marked_title(n: &Inline) -> bool {
    match n {
        Inline::Hi { rend, .. } => *rend != Rend::Strike,
        Inline::Ref { content, .. } => !content.is_empty(),
        _ => false,
    }
}

/// The authors named before an entry's marked-up title ("Victor Serge,
/// *Ville conquise*", "Serge, Victor. *L'Affaire Toulaév*", "Victor Serge
/// and Boris Souvarine, *…*"): the text split into its names and the
/// separators around them, as `(text, is_name)` pieces. `None` unless the
/// text is one inverted name ("Last, First") or names of two to four words
/// each: a lone word before a title ("In: *Esprit*", "Vertaling: *…*") is
/// no author.
fn leading_authors(t: &str) -> Option<Vec<(&str, bool)>> {
    let body_end = t.trim_end_matches([',', '.', ':', ';', ' ']).len();
    let body_start = t.len() - t.trim_start().len();
    if body_start >= body_end {
        return None;
    }
    let body = &t[body_start..body_end];
    let words = |p: &str| p.split_whitespace().count();
    let name = |p: &str, most: usize| is_name_like(p) && words(p) <= most;
    let mut out = vec![(&t[..body_start], false)];
    if let Some((last, first)) = body.split_once(", ") {
        if !first.contains([',', ';']) && name(last, 2) && name(first, 3) && !has_conjunction(body) {
            out.extend([(body, true), (&t[body_end..], false)]);
            return Some(out);
        }
    }
    let mut rest = body;
    loop {
        let next = NAME_SEPARATORS.iter().filter_map(|sep| rest.find(sep).map(|at| (at, sep.len()))).min();
        let (part, sep_len) = match next {
            Some((at, len)) => (&rest[..at], len),
            None => (rest, 0),
        };
        if !(name(part, 4) && words(part) >= 2) {
            return None;
        }
        out.push((part, true));
        if sep_len == 0 {
            break;
        }
        let sep_end = part.len() + sep_len;
        out.push((&rest[part.len()..sep_end], false));
        rest = &rest[sep_end..];
    }
    out.push((&t[body_end..], false));
    Some(out)
}

/// Quotation marks that open a title in quotes.
const OPENING_QUOTES: [char; 5] = ['"', '“', '«', '„', '‘'];

/// What parts a list of authors' names, in the languages of the pages read.
const NAME_SEPARATORS: [&str; 7] = [", ", "; ", " and ", " & ", " en ", " et ", " und "];

fn has_conjunction(t: &str) -> bool {
    NAME_SEPARATORS[2..].iter().any(|c| t.contains(c))
}

/// A year that opens an entry, with the separator after it: "1867 — ",
/// "1867: ", "1867. ", "(1867) ". Returns the year as written and the text
/// after the separator.
fn leading_date(t: &str) -> Option<(&str, &str)> {
    let s = t.trim_start();
    let (inner, after) = match s.strip_prefix('(') {
        Some(r) => {
            let close = r.find(')')?;
            (&r[..close], &r[close + 1..])
        }
        None => {
            let end = s.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '–' || c == '/')).unwrap_or(s.len());
            let end = s[..end].trim_end_matches(['-', '–', '/']).len();
            (&s[..end], &s[end..])
        }
    };
    date::iso(inner)?;
    // A separator must follow, and then the title: a bare "1867" is a date
    // entry of its own, not a lead.
    let rest = after.trim_start();
    let rest = ["—", "–", "-", ":", ".", ","]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
        .map(str::trim_start)
        .or_else(|| (after.len() > rest.len() && s.starts_with('(')).then_some(rest))?;
    Some((inner, rest))
}

/// Nodes an entry's annotation is given room for at first.
const ENTRY_NODES: usize = 8;

/// Annotate an entry's content with its title and fields.
pub(crate) fn annotate(content: Vec<Inline>, ctx: &EntryContext<'_>) -> Vec<Inline> {
    // Room for a usual entry's nodes from the start: growing the vector
    // (nodes of some 80 bytes) cost a reallocation and a copy, several per
    // entry. It is short-lived: `normalize` below makes a new one whenever
    // texts were pushed side by side, as they nearly always are.
    let mut out: Vec<Inline> = Vec::with_capacity(ENTRY_NODES);
    let mut rest = content.into_iter().peekable();
    let mut state = State::default();

    // 1. The title: leading markup, or leading text up to a separator.
    while let Some(Inline::Text(t)) = rest.peek() {
        if !t.trim().is_empty() {
            break;
        }
        out.push(rest.next().unwrap_or(Inline::Text(String::new())));
    }
    // A year before the title ("1867 — *Thérèse Raquin*") is the date.
    let mut first = rest.next();
    if let Some(Inline::Text(t)) = &first {
        if let Some((year, after)) = leading_date(t) {
            let at = t.find(year).unwrap_or(0);
            let sep_end = t.len() - after.len();
            if at > 0 {
                push_text(&mut out, &t[..at]);
            }
            if let Some(when) = date::iso(year) {
                out.push(field(Field::Date { when: Some(when), to: None, doubted: false }, year));
                state.has_date = true;
            }
            push_text(&mut out, &t[at + year.len()..sep_end]);
            first = if after.trim().is_empty() { rest.next() } else { Some(Inline::Text(after.to_string())) };
        }
    }
    // Authors before the title: "Victor Serge, *Ville conquise*, …", or
    // before a title in quotes, "Victor Serge, « Le problème », *Esprit*".
    if let Some(Inline::Text(t)) = &first {
        let quoted = t.find(OPENING_QUOTES).filter(|&q| q > 0);
        let authors = match quoted {
            Some(q) => leading_authors(&t[..q]).map(|parts| (parts, Some(q))),
            None => rest.peek().filter(|n| is_marked_title(n)).and_then(|_| leading_authors(t)).map(|p| (p, None)),
        };
        if let Some((parts, q)) = authors {
            for (text, is_name) in parts {
                out.push(if is_name { field(Field::Author, text) } else { Inline::Text(text.to_string()) });
            }
            first = match q {
                Some(q) => Some(Inline::Text(t[q..].to_string())),
                None => rest.next(),
            };
        }
    }
    // Works about the subject are by others.
    let kind = if ctx.role == SectionRole::Secondary { TitleKind::OtherWork } else { TitleKind::OwnWork };
    match first {
        Some(Inline::Hi { rend, content }) if rend != Rend::Strike => {
            out.push(title(content, kind, Some(rend), ctx));
            state.has_title = true;
        }
        Some(Inline::Ref { target, content }) => {
            let inner = match content.as_slice() {
                [Inline::Hi { rend, content }] => vec![title(content.clone(), kind, Some(*rend), ctx)],
                _ => vec![title(content, kind, None, ctx)],
            };
            out.push(Inline::Ref { target, content: inner });
            state.has_title = true;
        }
        Some(Inline::Text(t)) => {
            let cut = title_end(&t);
            let head = &t[..cut];
            if !head.trim().is_empty() {
                let lead = head.len() - head.trim_start().len();
                let trail = head.trim_end().len();
                if lead > 0 {
                    push_text(&mut out, &head[..lead]);
                }
                out.push(title(vec![Inline::Text(head[lead..trail].to_string())], kind, None, ctx));
                state.has_title = true;
                // What follows the title's words, its trailing blanks and the
                // rest: `t` from there on, borrowed rather than copied.
                fields_in_text(&t[trail..], ctx, &mut state, &mut out);
            } else {
                fields_in_text(&t, ctx, &mut state, &mut out);
            }
        }
        Some(other) => out.push(other),
        None => {}
    }

    // 2. The rest: a second title is the periodical; text holds the fields.
    // A parenthesis may hold markup ("(eerst in *Le Révolté*)"): its nodes are
    // gathered into one note.
    let mut note: Option<Vec<Inline>> = None;
    for node in rest {
        if let Some(parts) = note.as_mut() {
            match node {
                Inline::Text(t) => match closing_paren(&t) {
                    Some(i) => {
                        parts.push(Inline::Text(t[..i].to_string()));
                        let parts = note.take().unwrap_or_default();
                        out.push(note_of(parts, ctx));
                        fields_in_text(&t[i..], ctx, &mut state, &mut out);
                    }
                    None => parts.push(Inline::Text(t)),
                },
                Inline::Hi { rend: Rend::Italic, content } => {
                    parts.push(title(content, TitleKind::Unclassified, Some(Rend::Italic), ctx));
                }
                other => parts.push(other),
            }
            continue;
        }
        match node {
            Inline::Text(t) => match unclosed_paren(&t) {
                Some(i) => {
                    fields_in_text(&t[..i], ctx, &mut state, &mut out);
                    out.push(Inline::Text("(".into()));
                    note = Some(vec![Inline::Text(t[i + 1..].to_string())]);
                }
                None => fields_in_text(&t, ctx, &mut state, &mut out),
            },
            Inline::Hi { rend: Rend::Italic, content } if state.has_title && !state.has_periodical => {
                out.push(title(content, TitleKind::Periodical, Some(Rend::Italic), ctx));
                state.has_periodical = true;
                state.last = Some(Slot::Periodical);
            }
            other => out.push(other),
        }
    }
    // A parenthesis never closed: its content stays as it was.
    if let Some(parts) = note {
        out.extend(parts);
    }

    // An entry that appeared in a periodical is an article.
    if state.has_periodical {
        if let Some(first) = out.iter_mut().find(|n| matches!(n, Inline::Title { .. } | Inline::Ref { .. })) {
            set_title_kind(first, TitleKind::Article);
        }
    }
    normalize(out)
}

/// Push text onto an entry's nodes, joined to a text right before it as
/// [`normalize`] joins them (the space at the seam once): an entry's
/// separators and words came as a text node each, which `normalize` then
/// copied into one, a vector and several strings per entry for nothing.
/// Joining sooner gives the same texts, since joining is associative and
/// empty texts are dropped either way. A text that is "(" (blanks aside)
/// is never joined, to another or another to it: `paren` steps back over
/// such nodes and blank ones to the field before, and a joined node holds
/// a "(" only with more than blanks beside it.
fn push_text(out: &mut Vec<Inline>, t: &str) {
    if t.is_empty() {
        return;
    }
    if t.trim() != "(" {
        if let Some(Inline::Text(prev)) = out.last_mut() {
            if prev.trim() != "(" {
                prev.push_str(if prev.ends_with(' ') && t.starts_with(' ') { &t[1..] } else { t });
                return;
            }
        }
    }
    out.push(Inline::Text(t.to_string()));
}

/// Byte index of a `(` left open at the end of `t`.
fn unclosed_paren(t: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in t.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().copied()
}

/// Byte index of the `)` that closes a parenthesis opened before `t`.
fn closing_paren(t: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A note made of several nodes; a title inside after "in" is where the work appeared.
fn note_of(parts: Vec<Inline>, _ctx: &EntryContext<'_>) -> Inline {
    let text = plain_text(&parts);
    let lower = text.trim().to_lowercase();
    let appeared_in = ["eerst in", "in ", "verschenen in", "paru dans", "dans ", "first in", "erschienen in"]
        .iter()
        .any(|c| lower.starts_with(c));
    let parts = parts
        .into_iter()
        .map(|n| match n {
            Inline::Title { id, lang, rend, content, .. } if appeared_in => {
                Inline::Title { id, kind: TitleKind::Periodical, lang, rend, content }
            }
            other => other,
        })
        .collect();
    let content = normalize(parts);
    if plain_text(&content).trim().is_empty() {
        return Inline::Text(plain_text(&content));
    }
    Inline::Field { field: Field::Note { kind: "note".into() }, content }
}

fn set_title_kind(node: &mut Inline, to: TitleKind) {
    match node {
        Inline::Title { kind, .. } => *kind = to,
        Inline::Ref { content, .. } => {
            if let Some(n) = content.first_mut() {
                set_title_kind(n, to);
            }
        }
        _ => {}
    }
}

/// A title in an entry, its language detected among the list's.
fn title(content: Vec<Inline>, kind: TitleKind, rend: Option<Rend>, ctx: &EntryContext<'_>) -> Inline {
    // When the title's own words cannot tell ("Germinal", "Nana"), the
    // list's language decides before the page's.
    // Most titles are one text: read in place rather than copied.
    let text = match content.as_slice() {
        [Inline::Text(t)] => std::borrow::Cow::Borrowed(t.as_str()),
        _ => std::borrow::Cow::Owned(plain_text(&content)),
    };
    let lang = lang::detect_in(&text, ctx.candidates, ctx.list_lang, ctx.list_lang.or(ctx.page_lang));
    Inline::Title { id: None, kind, lang, rend, content }
}

/// Where an unmarked title ends: at the first ", ", ". " or " (" outside parentheses.
fn title_end(t: &str) -> usize {
    let b = t.as_bytes();
    for i in 0..b.len() {
        let next_space = b.get(i + 1).is_none_or(|c| *c == b' ');
        if (b[i] == b',' || b[i] == b';') && next_space {
            return i;
        }
        if b[i] == b'.' && next_space && i > 1 && !b[i - 1].is_ascii_digit() {
            return i;
        }
        if b[i] == b'(' && i > 0 && b[i - 1] == b' ' {
            return i - 1;
        }
    }
    t.len()
}

#[derive(Default)]
struct State {
    has_title: bool,
    has_periodical: bool,
    has_place: bool,
    has_publisher: bool,
    has_date: bool,
    last: Option<Slot>,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Place,
    Publisher,
    Periodical,
    Other,
}

enum Piece<'a> {
    Gap(&'a str),
    Chunk(&'a str),
    Paren(&'a str),
}

/// Split text into chunks, separators and parenthesised groups.
fn pieces<'t>(t: &'t str) -> Vec<Piece<'t>> {
    let mut out = Vec::new();
    let b = t.as_bytes();
    let mut i = 0;
    let mut chunk_start = 0;
    let flush = |out: &mut Vec<Piece<'t>>, from: usize, to: usize| {
        if from < to {
            let s = &t[from..to];
            let lead = s.len() - s.trim_start().len();
            let trail = s.trim_end().len();
            if s.trim().is_empty() {
                out.push(Piece::Gap(s));
            } else {
                if lead > 0 {
                    out.push(Piece::Gap(&s[..lead]));
                }
                out.push(Piece::Chunk(&s[lead..trail]));
                if trail < s.len() {
                    out.push(Piece::Gap(&s[trail..]));
                }
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'(' {
            flush(&mut out, chunk_start, i);
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= b.len() {
                // Unclosed parenthesis: keep the rest as one chunk.
                out.push(Piece::Chunk(&t[i..]));
                return out;
            }
            out.push(Piece::Paren(&t[i..=j]));
            i = j + 1;
            chunk_start = i;
            continue;
        }
        let next_is_space = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        // A library catalogue's areas: "*Titel* / Albert Camus. – Paris :
        // Gallimard, 1947. – 336 p." (a dash or slash between spaces).
        // (0xE2 leads the dashes' UTF-8 bytes: most bytes are neither.)
        if (c == b'/' || c == 0xE2) && i > 0 && b[i - 1] == b' ' {
            let dash = ["/", "–", "—"].iter().find(|d| t[i..].starts_with(**d)).map(|d| d.len());
            if let Some(len) = dash.filter(|len| b.get(i + len).is_none_or(|n| n.is_ascii_whitespace())) {
                flush(&mut out, chunk_start, i);
                out.push(Piece::Gap(&t[i..i + len]));
                i += len;
                chunk_start = i;
                continue;
            }
        }
        let is_sep = match c {
            b',' | b';' | b':' => next_is_space,
            // A dot ends a chunk unless it ends an abbreviation or initial ("L.", "n°.").
            b'.' => next_is_space && !is_abbrev_dot(&t[chunk_start..i]),
            _ => false,
        };
        if is_sep {
            flush(&mut out, chunk_start, i);
            out.push(Piece::Gap(&t[i..i + 1]));
            chunk_start = i + 1;
        }
        i += 1;
    }
    flush(&mut out, chunk_start, b.len());
    out
}

fn is_abbrev_dot(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let mut cs = last.chars();
    // A single capital is an initial; short lowercase words are
    // abbreviations ("nr", "vol"), and "ca." in "ca. 1880" qualifies the
    // year after it (see `date::written`).
    let lower = last.to_lowercase();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        || [
            "nr", "no", "vol", "jg", "p", "pp", "blz", "ed", "dl", "uitg", "réd", "éd", "ca", "c", "omstr", "env",
            // "St. Petersburg", "Ste. Foy": a place's name, not two chunks.
            "st", "ste",
        ]
        .contains(&lower.as_str())
        || CUE_ABBREVIATIONS.contains(&lower.as_str())
}

/// The abbreviated words of the translator cues ("przeł.", "übers. von",
/// "trans."), without their dot: a dot after one does not end the chunk,
/// or "przeł. Maria Zenowicz" split into a lone cue and an author.
static CUE_ABBREVIATIONS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    TRANSLATOR_CUES
        .iter()
        .chain(TRANSLATOR_FROM_CUES.iter())
        .flat_map(|cue| cue.split(' '))
        .filter_map(|w| w.strip_suffix('.'))
        .collect()
});

fn fields_in_text(t: &str, ctx: &EntryContext<'_>, st: &mut State, out: &mut Vec<Inline>) {
    let mut adjacent = false; // no separator since the last field
    let ps = pieces(t);
    let mut skip_to = 0;
    for (i, piece) in ps.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        match *piece {
            Piece::Gap(g) => {
                if g.contains([',', ';', ':', '.', '/', '–', '—']) {
                    adjacent = false;
                }
                push_text(out, g);
            }
            // "*La Peste* / Albert Camus": who is responsible for it.
            Piece::Chunk(c) if after_slash(&ps[..i]) && is_name_like(c) => {
                out.push(field(Field::Author, c));
                st.last = Some(Slot::Other);
                adjacent = true;
            }
            Piece::Chunk(c) => {
                // "Vertaling: Jan de Vries": the colon that ends the cue
                // also separates chunks.
                if let Some((names, end)) = after_colon(t, c, &ps[i + 1..]) {
                    if let Some((cue, tail)) =
                        strip_indexed(names, &TRANSLATOR_INDEX).filter(|(cue, _)| cue.ends_with(':'))
                    {
                        if is_name_like(tail.trim()) {
                            out.push(translator(cue, tail));
                            st.last = Some(Slot::Other);
                            skip_to = i + 1 + end;
                            adjacent = true;
                            continue;
                        }
                    }
                }
                // "Budapest: Grimm, 1881", "New York: Dodd, Mead, 1900": an
                // imprint, place and publisher (in a list of translations
                // too, where a name is otherwise its author, and there
                // "Paris, Seuil, 1962" as well: one word, a name, a year;
                // a place of one word, since "Jan Jansen, Querido, 1970"
                // names its translator).
                if !st.has_place && !st.has_publisher && is_name_like(c) {
                    // Two words ("Buenos Aires, Losada, 1953") once the
                    // translator is named: the names left are the imprint's.
                    let translated = || {
                        out.iter().any(
                            |n| matches!(n, Inline::Field { field: Field::Note { kind }, .. } if kind == "translator"),
                        )
                    };
                    let seps: &[char] = match c.split(' ').count() {
                        1 if ctx.role == SectionRole::Translations => &[':', ','],
                        2 if ctx.role == SectionRole::Translations && translated() => &[':', ','],
                        1..=3 => &[':'],
                        _ => &[],
                    };
                    // After a colon, a publisher of several names ("Dodd,
                    // Mead") may stand before the year.
                    let imprint = seps.iter().find_map(|&sep| {
                        let names = if sep == ':' { 2 } else { 0 };
                        after_sep(&ps[i + 1..], sep).filter(|&(publisher, gaps)| {
                            is_name_like(publisher) && before_year_after_names(&ps[i + 2 + gaps..], names)
                        })
                    });
                    if let Some((publisher, gaps)) = imprint {
                        out.push(field(Field::PubPlace, c));
                        for p in &ps[i + 1..i + 1 + gaps] {
                            if let Piece::Gap(g) = p {
                                push_text(out, g);
                            }
                        }
                        out.push(field(Field::Publisher, publisher));
                        (st.has_place, st.has_publisher, st.last) = (true, true, Some(Slot::Publisher));
                        skip_to = i + 2 + gaps;
                        adjacent = true;
                        continue;
                    }
                }
                // "Amsterdam, 1986": one word right before the year is where
                // the book came out, even after a translation's title, where
                // a name is otherwise its author.
                if ctx.role == SectionRole::Translations
                    && !st.has_place
                    && !c.contains(' ')
                    && is_name_like(c)
                    && before_year(&ps[i + 1..])
                {
                    st.has_place = true;
                    st.last = Some(Slot::Place);
                    out.push(field(Field::PubPlace, c));
                } else {
                    chunk(c, ctx, st, out);
                }
                adjacent = true;
            }
            Piece::Paren(p) => {
                let inner = &p[1..p.len() - 1];
                push_text(out, "(");
                paren(inner, adjacent, st, out);
                push_text(out, ")");
                adjacent = true;
            }
        }
    }
}

/// Whether the gaps that end `before` hold a catalogue's " / ".
fn after_slash(before: &[Piece<'_>]) -> bool {
    before
        .iter()
        .rev()
        .map_while(|p| match p {
            Piece::Gap(g) => Some(g.trim()),
            _ => None,
        })
        .any(|g| g == "/")
}

/// The chunk after the gaps that open `rest`, with its index, if those
/// gaps hold the separator `sep` and nothing else but spaces.
fn after_sep<'t>(rest: &[Piece<'t>], sep: char) -> Option<(&'t str, usize)> {
    let gaps = rest.iter().take_while(|p| matches!(p, Piece::Gap(_))).count();
    let mut marks = rest[..gaps]
        .iter()
        .flat_map(|p| match p {
            Piece::Gap(g) => g.chars(),
            _ => "".chars(),
        })
        .filter(|c| !c.is_whitespace());
    if marks.next() != Some(sep) || marks.next().is_some() {
        return None;
    }
    match rest.get(gaps) {
        Some(Piece::Chunk(next)) => Some((next, gaps)),
        _ => None,
    }
}

/// A chunk `c` of `t`, a colon and the chunk after it, as one slice of
/// `t`, with how many of `rest`'s pieces it takes.
fn after_colon<'t>(t: &'t str, c: &str, rest: &[Piece<'t>]) -> Option<(&'t str, usize)> {
    let (next, gaps) = after_sep(rest, ':')?;
    // Pieces are slices of `t`, in order.
    let start = c.as_ptr() as usize - t.as_ptr() as usize;
    let end = next.as_ptr() as usize - t.as_ptr() as usize + next.len();
    Some((t.get(start..end)?, gaps + 1))
}

/// Whether the pieces after a chunk are a comma and a year.
fn before_year(rest: &[Piece<'_>]) -> bool {
    before_year_after_names(rest, 0)
}

/// Whether the pieces after a chunk are a comma and a year, after at most
/// `names` more names, each after a comma.
fn before_year_after_names(rest: &[Piece<'_>], names: usize) -> bool {
    match after_sep(rest, ',') {
        Some((next, _)) if date::written(next).is_some() => true,
        Some((next, gaps)) if names > 0 && is_name_like(next) => before_year_after_names(&rest[gaps + 1..], names - 1),
        _ => false,
    }
}

/// A field around text; blank text stays text (an empty field would not
/// survive a TEI round trip: the model holds no empty containers).
fn field(f: Field, text: &str) -> Inline {
    if text.trim().is_empty() {
        return Inline::Text(text.to_string());
    }
    Inline::Field { field: f, content: vec![Inline::Text(text.to_string())] }
}

/// Issue/volume/page markers and the unit they count.
fn scope(c: &str) -> Option<(String, String)> {
    // Every marker below starts with one of these letters, and no other
    // character lowercases to one of them: most chunks are refused here,
    // before lowercasing a copy.
    if !c.as_bytes().first().is_some_and(|b| b"nvjpbsNVJPBS".contains(b)) {
        return None;
    }
    let l = c.to_lowercase();
    let units = [
        ("n°", "issue"),
        ("nº", "issue"),
        ("nr.", "issue"),
        ("nr", "issue"),
        ("no.", "issue"),
        ("no", "issue"),
        ("vol.", "volume"),
        ("jg.", "volume"),
        ("jaargang", "volume"),
        ("pp.", "page"),
        ("p.", "page"),
        ("blz.", "page"),
        ("s.", "page"),
    ];
    for (prefix, unit) in units {
        if let Some(rest) = l.strip_prefix(prefix) {
            let n = rest.trim();
            if !n.is_empty()
                && n.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                && n.chars().all(|ch| ch.is_ascii_digit() || "-–/ ".contains(ch))
            {
                return Some((unit.to_string(), n.to_string()));
            }
        }
    }
    None
}

static PUBLISHER_WORDS: Cues = Cues::new(|| cues::list("bibl.publisher-words"));

static EDITION_WORDS: Cues = Cues::new(|| cues::list("bibl.edition-words"));

/// An edition statement: a few words, one of them an edition word ("2e
/// druk", "3e éd.", "nieuwe uitgave").
fn is_edition(c: &str) -> bool {
    let lower = c.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() <= 4 && words.iter().any(|w| EDITION_WORDS.contains(w))
}

fn is_name_like(c: &str) -> bool {
    // Words counted, not collected; the punctuation matched, not searched
    // for in a string (this runs on most chunks of every entry).
    let words = c.split_whitespace().take(7).count();
    (1..=6).contains(&words)
        && c.chars().next().is_some_and(char::is_uppercase)
        && c.chars().all(|ch| ch.is_alphabetic() || matches!(ch, ' ' | '-' | '\'' | '’' | '.' | '&'))
}

fn chunk(c: &str, ctx: &EntryContext<'_>, st: &mut State, out: &mut Vec<Inline>) {
    if !st.has_date {
        if let Some(d) = date::written(c) {
            st.has_date = true;
            st.last = Some(Slot::Other);
            out.push(field(d, c));
            return;
        }
        if date::is_unknown_date(c) {
            st.has_date = true;
            st.last = Some(Slot::Other);
            out.push(field(Field::Date { when: None, to: None, doubted: false }, c));
            return;
        }
        // "Parijs 1949": a place and a year without a comma; "2e druk
        // 1888": an edition and its year, the one the entry has.
        if let Some((head, tail)) = c.rsplit_once(' ') {
            let place = is_name_like(head);
            if let (true, Some(y)) = (place || is_edition(head), date::year(tail)) {
                if place && ctx.role == SectionRole::Translations && !st.has_place && !head.contains(' ') {
                    // After a translation's title a name is its author, but
                    // one word right before the year is where it came out.
                    st.has_place = true;
                    out.push(field(Field::PubPlace, head));
                } else if place {
                    chunk(head, ctx, st, out);
                } else {
                    push_text(out, head);
                }
                push_text(out, " ");
                st.has_date = true;
                out.push(field(Field::Date { when: Some(date::year_string(y)), to: None, doubted: false }, tail));
                return;
            }
        }
    }
    // "vert. door J. van Rees": who translated it.
    if let Some((cue, tail)) = translator_cue(c) {
        if is_name_like(tail.trim()) {
            out.push(translator(cue, tail));
            st.last = Some(Slot::Other);
            return;
        }
    }
    if let Some((unit, n)) = scope(c) {
        out.push(field(Field::Scope { unit, n }, c));
        st.last = Some(Slot::Other);
        return;
    }
    // "*L'Étranger*. Roman. Paris: Gallimard": what kind of work, not where.
    if is_genre(c) {
        out.push(field(Field::Note { kind: "genre".into() }, c));
        st.last = Some(Slot::Other);
        return;
    }
    if !is_name_like(c) {
        push_text(out, c);
        st.last = Some(Slot::Other);
        return;
    }
    let lower = c.to_lowercase();
    let publisher_word = lower.split_whitespace().any(|w| PUBLISHER_WORDS.contains(&w));
    let f = if publisher_word && !st.has_publisher {
        st.has_publisher = true;
        st.last = Some(Slot::Publisher);
        Field::Publisher
    } else {
        match ctx.role {
            // A name after a translated text's title is its author; once
            // its imprint has begun ("New York: Dodd, Mead"), no longer.
            SectionRole::Translations if !st.has_place && !st.has_publisher => {
                st.last = Some(Slot::Other);
                Field::Author
            }
            _ if !st.has_place => {
                st.has_place = true;
                st.last = Some(Slot::Place);
                Field::PubPlace
            }
            _ if !st.has_publisher => {
                st.has_publisher = true;
                st.last = Some(Slot::Publisher);
                Field::Publisher
            }
            _ => {
                push_text(out, c);
                return;
            }
        }
    };
    out.push(field(f, c));
}

/// An imprint in parentheses, "(Parijs: Brocard, 1840)", "(Genève, 1875)":
/// it opens with a place and holds a year; names after the place are the
/// publisher, other words stay text. Marks nothing unless it is one.
fn imprint(inner: &str, st: &mut State, out: &mut Vec<Inline>) -> bool {
    let ps = pieces(inner);
    let chunks: Vec<&str> = ps.iter().filter_map(|p| if let Piece::Chunk(c) = p { Some(*c) } else { None }).collect();
    let opens_with_place = chunks.first().is_some_and(|c| is_name_like(c) && date::iso(c).is_none());
    let has_year = chunks.iter().any(|c| date::iso(c).is_some());
    if st.has_date || st.has_place || !opens_with_place || !has_year || ps.iter().any(|p| matches!(p, Piece::Paren(_)))
    {
        return false;
    }
    for p in ps {
        match p {
            Piece::Gap(g) => push_text(out, g),
            Piece::Paren(_) => {}
            Piece::Chunk(c) => {
                if let (false, Some(d)) = (st.has_date, date::written(c)) {
                    st.has_date = true;
                    out.push(field(d, c));
                } else if is_name_like(c) && !st.has_place {
                    st.has_place = true;
                    out.push(field(Field::PubPlace, c));
                } else if is_name_like(c) && !st.has_publisher {
                    st.has_publisher = true;
                    out.push(field(Field::Publisher, c));
                } else {
                    push_text(out, c);
                }
            }
        }
    }
    st.last = Some(Slot::Other);
    true
}

static PSEUDONYM_CUES: Cues = Cues::new(|| cues::list("bibl.pseudonym-cues"));

static COAUTHOR_CUES: Cues = Cues::new(|| cues::list("bibl.coauthor-cues"));

static TRANSLATOR_CUES: Cues = Cues::new(|| cues::list("bibl.translator-cues"));

/// Translator cues naming the language translated from, "…" standing for
/// it: "traduit de … par" ("traduit de l'italien par"), "aus dem … von".
static TRANSLATOR_FROM_CUES: Cues = Cues::new(|| cues::list("bibl.translator-from-cues"));

/// [`TRANSLATOR_FROM_CUES`] as the words before "…" and after it.
static GAPPED_CUES: std::sync::LazyLock<Vec<(Vec<&'static str>, Vec<&'static str>)>> = std::sync::LazyLock::new(|| {
    TRANSLATOR_FROM_CUES
        .iter()
        .filter_map(|cue| cue.split_once(" … "))
        .map(|(before, after)| (before.split(' ').collect(), after.split(' ').collect()))
        .collect()
});

/// Most words "…" in a cue stands for ("de l'italien", "het Oudgrieks").
const GAP_WORDS: usize = 3;

/// `c` split after a translator cue that begins it: a plain one, or one
/// naming the language translated from.
fn translator_cue(c: &str) -> Option<(&str, &str)> {
    strip_indexed(c, &TRANSLATOR_INDEX).or_else(|| strip_gapped_cue(c))
}

/// `inner` split after one of [`GAPPED_CUES`] when it begins `inner`, case
/// aside, and is followed by a space; "…" stands for one to [`GAP_WORDS`]
/// words.
fn strip_gapped_cue(inner: &str) -> Option<(&str, &str)> {
    let first = inner.split(' ').next()?;
    // Most chunks begin with no cue: refused on their first word (ASCII
    // words, most of them, compared without lowercasing a copy).
    let lower = (!first.is_ascii()).then(|| first.to_lowercase());
    let opens = |w: &str| w.eq_ignore_ascii_case(first) || lower.as_deref() == Some(w);
    if !GAPPED_CUES.iter().any(|(before, _)| before.first().is_some_and(|w| opens(w))) {
        return None;
    }
    // Words of `inner` with where each ends.
    let words: Vec<(String, usize)> = inner
        .split(' ')
        .scan(0, |at, w| {
            let end = *at + w.len();
            *at = end + 1;
            Some((w.to_lowercase(), end))
        })
        .collect();
    GAPPED_CUES.iter().find_map(|(before, after)| gapped_match(inner, &words, before, after))
}

/// `inner` split after the cue `before … after` if its `words` begin with it.
fn gapped_match<'a>(
    inner: &'a str,
    words: &[(String, usize)],
    before: &[&str],
    after: &[&str],
) -> Option<(&'a str, &'a str)> {
    let same =
        |i: usize, want: &[&str]| want.iter().enumerate().all(|(k, w)| words.get(i + k).is_some_and(|(x, _)| x == w));
    if !same(0, before) {
        return None;
    }
    (1..=GAP_WORDS).find_map(|gap| {
        let from = before.len() + gap;
        // The cue must be followed by something: the names.
        if !same(from, after) || words.len() <= from + after.len() {
            return None;
        }
        let (_, end) = words[from + after.len() - 1];
        Some(inner.split_at(end))
    })
}

static GENRE_WORDS: Cues = Cues::new(|| cues::list("bibl.genre-words"));

/// `inner` split after the first of `cues` (lowercase) that begins it,
/// case aside, and is followed by a space.
#[cfg(test)]
fn strip_cue<'a>(inner: &'a str, cues: &[&str]) -> Option<(&'a str, &'a str)> {
    strip_first_cue(inner, cues.iter().copied())
}

/// A cue list with its cues grouped by their first byte, in list order.
struct IndexedCues {
    cues: &'static [&'static str],
    /// For each byte, the places in `cues` of those that start with it.
    by_first: Vec<Vec<u16>>,
}

impl IndexedCues {
    fn new(cues: &'static [&'static str]) -> IndexedCues {
        let mut by_first = vec![Vec::new(); 256];
        for (i, cue) in cues.iter().enumerate() {
            if let (Some(&b), Ok(i)) = (cue.as_bytes().first(), u16::try_from(i)) {
                by_first[b as usize].push(i);
            }
        }
        IndexedCues { cues, by_first }
    }
}

/// [`TRANSLATOR_CUES`], [`PSEUDONYM_CUES`] and [`COAUTHOR_CUES`] indexed.
static TRANSLATOR_INDEX: std::sync::LazyLock<IndexedCues> =
    std::sync::LazyLock::new(|| IndexedCues::new(&TRANSLATOR_CUES));
static PSEUDONYM_INDEX: std::sync::LazyLock<IndexedCues> =
    std::sync::LazyLock::new(|| IndexedCues::new(&PSEUDONYM_CUES));
static COAUTHOR_INDEX: std::sync::LazyLock<IndexedCues> = std::sync::LazyLock::new(|| IndexedCues::new(&COAUTHOR_CUES));

/// `inner` split after the first of the indexed cues that begins it, case
/// aside, and is followed by a space: what `strip_cue` gives, comparing
/// only the cues that start with the first byte of `inner`'s first
/// character lowercased (every chunk of every entry is asked, and most
/// lists hold dozens of cues; the others could not match).
fn strip_indexed<'a>(inner: &'a str, cues: &IndexedCues) -> Option<(&'a str, &'a str)> {
    let first = inner.chars().next()?.to_lowercase().next()?;
    let mut buf = [0u8; 4];
    let first_byte = first.encode_utf8(&mut buf).as_bytes()[0];
    strip_first_cue(inner, cues.by_first[first_byte as usize].iter().map(|&i| cues.cues[i as usize]))
}

/// `inner` split after the first of `cues` (lowercase, in order) that
/// begins it, case aside, and is followed by a space.
fn strip_first_cue<'a, 'c>(inner: &'a str, cues: impl Iterator<Item = &'c str>) -> Option<(&'a str, &'a str)> {
    // Each cue matched on `inner` itself, character by character, rather
    // than on a lowercased copy of every chunk. A cue starts with the first
    // character of `inner` lowercased, or `lowercase_prefix` refuses it.
    // `str::to_lowercase` and the characters' own lowercasing, which
    // `lowercase_prefix` uses, differ only on Σ, which the string's makes ς
    // at the end of a word: for a cue holding a sigma, the copy still
    // decides, as it always did.
    let first = inner.chars().next()?.to_lowercase().next()?;
    let mut buf = [0u8; 4];
    let first = first.encode_utf8(&mut buf).as_bytes();
    let mut lower: Option<String> = None;
    cues.filter(|cue| cue.as_bytes().starts_with(first))
        .filter_map(|cue| lowercase_prefix(inner, cue).map(|at| (cue, at)))
        .filter(|(cue, _)| {
            !cue.contains(['σ', 'ς']) || lower.get_or_insert_with(|| inner.to_lowercase()).starts_with(*cue)
        })
        .map(|(_, at)| inner.split_at(at))
        .find(|(_, tail)| tail.starts_with(' '))
}

/// The length in bytes of the start of `text` that lowercases to `lower`.
/// Matched character by character on `text` itself: lowercasing can change
/// a text's length (the Kelvin sign "K" is three bytes, "k" one), so a
/// length measured on a lowercased copy can cut `text` in the wrong place,
/// or inside a character.
fn lowercase_prefix(text: &str, lower: &str) -> Option<usize> {
    // An ASCII character lowercases to one ASCII byte: the two are compared
    // byte by byte up to the first other character of `text` (every cue is
    // tried on most chunks, and decoding each character cost more).
    let (t, l) = (text.as_bytes(), lower.as_bytes());
    let mut i = 0;
    while i < t.len() && t[i].is_ascii() {
        if i == l.len() {
            return Some(i);
        }
        if t[i].to_ascii_lowercase() != l[i] {
            return None;
        }
        i += 1;
    }
    // `i` is on a character boundary of both: what came before is ASCII.
    lowercase_prefix_chars(&text[i..], lower.get(i..)?).map(|at| at + i)
}

/// [`lowercase_prefix`] character by character.
fn lowercase_prefix_chars(text: &str, lower: &str) -> Option<usize> {
    let mut want = lower.chars().peekable();
    for (at, c) in text.char_indices() {
        if want.peek().is_none() {
            return Some(at);
        }
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return None;
            }
        }
    }
    want.peek().is_none().then_some(text.len())
}

/// A translator note: the cue and the names after it ("vert. door J. van Rees").
fn translator(cue: &str, tail: &str) -> Inline {
    Inline::Field { field: Field::Note { kind: "translator".into() }, content: names_after(cue, tail) }
}

fn names_after(cue: &str, tail: &str) -> Vec<Inline> {
    let mut content = vec![Inline::Text(cue.to_string())];
    let lead = tail.len() - tail.trim_start().len();
    content.push(Inline::Text(tail[..lead].to_string()));
    let rest = &tail[lead..];
    // "A en B", "A, B et C": each name its own element.
    let mut start = 0;
    let seps = [", ", " en ", " et ", " and ", " und ", " & "];
    loop {
        let next = seps.iter().filter_map(|s| rest[start..].find(s).map(|i| (start + i, s.len()))).min();
        let end = next.map_or(rest.len(), |(i, _)| i);
        let name = &rest[start..end];
        if is_name_like(name) {
            content.push(Inline::Name {
                kind: NameKind::Person,
                subject: false,
                rend: None,
                content: vec![Inline::Text(name.to_string())],
            });
        } else {
            content.push(Inline::Text(name.to_string()));
        }
        match next {
            Some((i, len)) => {
                content.push(Inline::Text(rest[i..i + len].to_string()));
                start = i + len;
            }
            None => break,
        }
    }
    normalize(content)
}

fn paren(inner: &str, adjacent: bool, st: &mut State, out: &mut Vec<Inline>) {
    let trimmed = inner.trim();
    if let Some((cue, tail)) = strip_indexed(trimmed, &PSEUDONYM_INDEX) {
        if is_name_like(tail.trim()) {
            out.push(Inline::Field {
                field: Field::Note { kind: "pseudonym".into() },
                content: names_after(cue, tail),
            });
            return;
        }
    }
    if let Some((cue, tail)) = strip_indexed(trimmed, &COAUTHOR_INDEX) {
        if tail.trim().chars().next().is_some_and(char::is_uppercase) {
            out.push(Inline::Field { field: Field::Note { kind: "coauthor".into() }, content: names_after(cue, tail) });
            return;
        }
    }
    if let Some((cue, tail)) = translator_cue(trimmed) {
        if is_name_like(tail.trim().trim_matches(['\'', '"'])) {
            out.push(translator(cue, tail));
            return;
        }
    }
    // "Parijs (Maspero)": a name right after the place is its publisher.
    let names_only = trimmed.split(", ").all(is_name_like);
    // After a translation's title, "Amsterdam (Becht)" is a place and its
    // publisher too, not an author and a note: a short name followed by a
    // name in parentheses.
    if adjacent && names_only && !st.has_place && !st.has_publisher {
        let prev =
            out.iter_mut().rev().find(|n| !matches!(n, Inline::Text(t) if t.trim().is_empty() || t.trim() == "("));
        if let Some(Inline::Field { field: f @ Field::Author, content }) = prev {
            if plain_text(content).split_whitespace().count() <= 2 {
                *f = Field::PubPlace;
                st.has_place = true;
                st.has_publisher = true;
                st.last = Some(Slot::Publisher);
                out.push(field(Field::Publisher, inner));
                return;
            }
        }
    }
    if adjacent && st.last == Some(Slot::Place) && !st.has_publisher && names_only {
        st.has_publisher = true;
        st.last = Some(Slot::Publisher);
        out.push(field(Field::Publisher, inner));
        return;
    }
    if !st.has_date {
        if let Some(d) = date::written(trimmed) {
            st.has_date = true;
            out.push(field(d, inner));
            return;
        }
    }
    if imprint(inner, st, out) {
        return;
    }
    // "(toneel, 1944)": the genre, and the year the entry has.
    if let Some((genre, year)) = trimmed.rsplit_once(", ").filter(|(g, _)| is_genre(g)) {
        if let Some(d) = date::written(year.trim()).filter(|_| !st.has_date) {
            // The text stays as written, spaces around it included.
            let lead = &inner[..inner.len() - inner.trim_start().len()];
            let trail = &inner[inner.trim_end().len()..];
            push_text(out, lead);
            out.push(field(Field::Note { kind: "genre".into() }, genre));
            push_text(out, &format!(", {}", &year[..year.len() - year.trim_start().len()]));
            st.has_date = true;
            out.push(field(d, year.trim()));
            push_text(out, trail);
            return;
        }
    }
    let kind = if is_genre(trimmed) { "genre" } else { "note" };
    out.push(field(Field::Note { kind: kind.into() }, inner));
}

/// Whether text names only genres ("roman", "essais, nouvelles", "toneel").
fn is_genre(t: &str) -> bool {
    // Asked of every chunk of every entry: a set, and a lowercased copy
    // only of a word that has capitals.
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| GENRE_WORDS.iter().copied().collect());
    let genre = |x: &str| {
        if x.chars().any(char::is_uppercase) { SET.contains(x.to_lowercase().as_str()) } else { SET.contains(x) }
    };
    t.split([',', ';', '/']).all(|w| w.split_whitespace().all(genre) && !w.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_is_matched_on_the_text_itself_not_on_a_lowercased_copy() {
        // The Kelvin sign lowercases to a one-byte "k": a length measured on
        // a lowercased copy cut this text inside its "é" (a panic).
        assert_eq!(strip_cue("\u{212A}éx y", &["kéx"]), Some(("\u{212A}éx", " y")));
        assert_eq!(strip_cue("Vertaald door Jan", &["vert.", "vertaald door"]), Some(("Vertaald door", " Jan")));
        assert_eq!(strip_cue("ÜBERSETZT VON Paul", &["übersetzt von"]), Some(("ÜBERSETZT VON", " Paul")));
        // A cue must end at a space: not inside a longer word, nor the end.
        assert_eq!(strip_cue("Vertaalder Jan", &["vertaald"]), None);
        assert_eq!(strip_cue("alias", &["alias"]), None);
    }

    #[test]
    fn lowercase_prefix_by_bytes_as_by_characters() {
        let texts = [
            "Vertaald door Jan",
            "VERT. door",
            "\u{212A}éx y",
            "Übers. von",
            "ÜBERSETZT VON X",
            "trad.",
            "",
            "t",
            "İx",
            "ΜΕΤΆΦΡΑΣΗ: Α",
        ];
        let cues = [
            "vertaald door",
            "vert.",
            "kéx",
            "übers.",
            "übersetzt von",
            "trad. par",
            "trad.",
            "t",
            "",
            "i̇x",
            "μετάφραση:",
        ];
        for t in texts {
            for c in cues {
                assert_eq!(lowercase_prefix(t, c), lowercase_prefix_chars(t, c), "{t:?} {c:?}");
            }
        }
    }
}
