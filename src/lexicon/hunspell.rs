//! Morphological analysis with a Hunspell dictionary that carries
//! morphology fields (Debian's `hunspell-fr`: `prison/S.() po:nom is:fem`).
//!
//! Only suffix rules are applied: French inflection (number, gender) is all
//! suffixes, and the prefix rules of this dictionary are the elided
//! articles (l', d', qu'), which callers split off as words. spellbook and
//! similar crates check spelling but drop the morphology fields, which are
//! what agreement checks need; hence this small reader.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Pos, Result};

/// Grammatical gender as Hunspell-fr tags it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// is:mas
    Masculine,
    /// is:fem
    Feminine,
    /// is:epi (either)
    Either,
}

/// Grammatical number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    /// is:sg
    Singular,
    /// is:pl
    Plural,
    /// is:inv (either)
    Either,
}

/// One reading of a word form.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The dictionary form it comes from.
    pub lemma: String,
    /// Parts of speech (`nom`, `adj`, `det`, `detpos`, `prep`, …).
    pub pos: Vec<String>,
    /// Gender, if tagged.
    pub gender: Option<Gender>,
    /// Number, if tagged.
    pub number: Option<Number>,
}

impl Analysis {
    /// Is this reading a determiner (article, possessive, demonstrative)?
    pub fn is_determiner(&self) -> bool {
        self.pos.iter().any(|p| p == "det" || p == "detpos" || p == "detdem")
    }

    /// Is this reading a noun or an adjective?
    pub fn is_nominal(&self) -> bool {
        self.pos.iter().any(|p| p == "nom" || p == "adj")
    }
}

#[derive(Clone)]
struct Entry {
    flags: Vec<String>,
    morph: Vec<String>,
}

/// Suffix rules by the ending they add (see [`Morphology::by_ending`]):
/// each a flag and the rule's place in that flag's list, flags in order.
struct Endings {
    rules: HashMap<String, Vec<(String, usize)>>,
    /// Bytes of the longest ending.
    longest: usize,
}

struct Suffix {
    strip: String,
    add: String,
    cond: Vec<CondAtom>,
    /// The condition as written, for the bundled format.
    cond_text: String,
    morph: Vec<String>,
}

enum CondAtom {
    Any,
    Char(char),
    Set(Vec<char>, bool),
}

fn parse_cond(c: &str) -> Vec<CondAtom> {
    let mut out = Vec::new();
    let mut it = c.chars().peekable();
    while let Some(ch) = it.next() {
        match ch {
            '.' => out.push(CondAtom::Any),
            '[' => {
                let neg = it.peek() == Some(&'^');
                if neg {
                    it.next();
                }
                let mut set = Vec::new();
                for x in it.by_ref() {
                    if x == ']' {
                        break;
                    }
                    set.push(x);
                }
                out.push(CondAtom::Set(set, neg));
            }
            c => out.push(CondAtom::Char(c)),
        }
    }
    out
}

/// Whether a word, given by its letters from the last, meets a rule's
/// condition on its end (a word made of a stem and an ending need not be
/// built to be tested).
fn cond_matches(cond: &[CondAtom], mut letters: impl Iterator<Item = char>) -> bool {
    cond.iter().rev().all(|a| {
        let Some(c) = letters.next() else { return false };
        match a {
            CondAtom::Any => true,
            CondAtom::Char(x) => *x == c,
            CondAtom::Set(set, neg) => set.contains(&c) != *neg,
        }
    })
}

/// A Hunspell dictionary read for morphology.
pub struct Morphology {
    words: Words,
    /// Suffix rules by flag; for compiled data, parsed from `rules` on first use.
    suffixes: OnceLock<HashMap<String, Vec<Suffix>>>,
    /// The suffix rules by the ending they add, built on first use.
    by_ending: OnceLock<Endings>,
    /// The `S` lines of the bundled format, not yet parsed.
    rules: &'static str,
    /// Where it was read from, for messages.
    pub source: String,
    /// Header fields of the bundled format (name, version, …).
    header: Vec<(String, String)>,
}

/// The words: owned, or in a compiled table read where it lies.
enum Words {
    Owned(HashMap<String, Vec<Entry>>),
    Compiled { table: super::compiled::Table<'static>, len: usize },
}

fn split_flags(s: &str, long: bool) -> Vec<String> {
    if long {
        let cs: Vec<char> = s.chars().collect();
        cs.chunks(2).map(|c| c.iter().collect()).collect()
    } else {
        s.chars().map(|c| c.to_string()).collect()
    }
}

/// First line of the bundled morphology format.
pub const MAGIC: &str = "# transalign morphology 1";

/// Morphology fields the analyses use (part of speech, gender, number);
/// the bundled format keeps only these.
fn useful_field(f: &str) -> bool {
    f.starts_with("po:") || f.starts_with("is:")
}

/// A suffix rule line of the bundled format: `S<TAB>flag<TAB>strip<TAB>add<TAB>condition<TAB>fields`.
fn rule_line(line: &str) -> Option<(String, Suffix)> {
    let f: Vec<&str> = line.split('\t').collect();
    match f.as_slice() {
        ["S", flag, strip, add, cond, morph] if !flag.is_empty() => Some((
            flag.to_string(),
            Suffix {
                strip: strip.to_string(),
                add: add.to_string(),
                cond: parse_cond(cond),
                cond_text: cond.to_string(),
                morph: morph.split_whitespace().map(str::to_string).collect(),
            },
        )),
        _ => None,
    }
}

fn dict_err(path: &Path, line: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Dictionary { pos: Pos { line, col: 1 }, msg: msg.into() }).in_file(path)
}

impl Morphology {
    /// Read a morphology: the bundled format (`.morph.gz`, see
    /// [`Morphology::write_bundle`]) or a Hunspell `NAME.dic` with the
    /// `NAME.aff` beside it.
    pub fn load(path: &Path) -> Result<Morphology> {
        let bytes = crate::io::read_bytes(path)?;
        if bytes.starts_with(&[0x1f, 0x8b]) || bytes.starts_with(MAGIC.as_bytes()) {
            return Morphology::read_bundle(path, &bytes);
        }
        let aff = path.with_extension("aff");
        let aff_text = crate::io::read_text(&aff)?;
        let dic_text = crate::io::decode_utf8(bytes).map_err(|e| e.in_file(path))?;
        Morphology::from_hunspell(&aff_text, &aff, &dic_text, path)
    }

    /// Build from the text of a Hunspell `.aff` and `.dic` (paths for messages).
    pub fn from_hunspell(aff_text: &str, aff: &Path, dic_text: &str, dic: &Path) -> Result<Morphology> {
        let long = aff_text.lines().any(|l| l.trim() == "FLAG long");
        let mut suffixes: HashMap<String, Vec<Suffix>> = HashMap::new();
        for (n, line) in aff_text.lines().enumerate() {
            let f: Vec<&str> = line.split_whitespace().collect();
            // Rule lines have at least 5 fields; headers ("SFX S. Y 2") have 4.
            if f.first() != Some(&"SFX") || f.len() < 5 {
                continue;
            }
            let add = f[3].split('/').next().unwrap_or("");
            let strip = if f[2] == "0" { "" } else { f[2] };
            let add = if add == "0" { "" } else { add };
            if f[1].is_empty() {
                return Err(dict_err(aff, n + 1, "SFX rule without a flag"));
            }
            suffixes.entry(f[1].to_string()).or_default().push(Suffix {
                strip: strip.to_string(),
                add: add.to_string(),
                cond: parse_cond(f[4]),
                cond_text: f[4].to_string(),
                morph: f[5..].iter().map(|s| s.to_string()).collect(),
            });
        }
        let mut words: HashMap<String, Vec<Entry>> = HashMap::new();
        for line in dic_text.lines().skip(1) {
            let mut parts = line.split_whitespace();
            let Some(head) = parts.next() else { continue };
            let (word, flags) = match head.split_once('/') {
                Some((w, f)) => (w, split_flags(f, long)),
                None => (head, Vec::new()),
            };
            let morph: Vec<String> = parts.map(str::to_string).collect();
            words.entry(word.to_string()).or_default().push(Entry { flags, morph });
        }
        if words.is_empty() {
            return Err(dict_err(dic, 1, "no words"));
        }
        Ok(Morphology {
            words: Words::Owned(words),
            suffixes: OnceLock::from(suffixes),
            by_ending: OnceLock::new(),
            rules: "",
            source: dic.display().to_string(),
            header: Vec::new(),
        })
    }

    /// Header fields of a bundled morphology (name, version, licence).
    pub fn field(&self, key: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// A morphology over compiled tables (the built-in data): `table` maps
    /// a word to its entries' flags and fields, `rules` holds the `S` lines
    /// of the bundled format; `len` is the number of words.
    pub fn from_compiled(
        table: super::compiled::Table<'static>,
        len: usize,
        rules: &'static str,
        header: Vec<(String, String)>,
        source: String,
    ) -> Morphology {
        Morphology {
            words: Words::Compiled { table, len },
            suffixes: OnceLock::new(),
            by_ending: OnceLock::new(),
            rules,
            source,
            header,
        }
    }

    /// Number of dictionary words.
    pub fn len(&self) -> usize {
        match &self.words {
            Words::Owned(m) => m.len(),
            Words::Compiled { len, .. } => *len,
        }
    }

    /// Whether it has no words (never true of a loaded morphology).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries of a dictionary word.
    fn entries(&self, word: &str) -> Cow<'_, [Entry]> {
        match &self.words {
            Words::Owned(m) => m.get(word).map_or(Cow::Borrowed(&[][..]), |v| Cow::Borrowed(v.as_slice())),
            Words::Compiled { table, .. } => {
                let Some(strs) = table.get(word) else { return Cow::Borrowed(&[][..]) };
                let fields: Vec<&str> = strs.collect();
                let split = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                Cow::Owned(
                    fields
                        .chunks(2)
                        .map(|c| Entry { flags: split(c[0]), morph: split(c.get(1).unwrap_or(&"")) })
                        .collect(),
                )
            }
        }
    }

    /// Every dictionary word, sorted.
    fn words_sorted(&self) -> Vec<String> {
        let mut v: Vec<String> = match &self.words {
            Words::Owned(m) => m.keys().cloned().collect(),
            Words::Compiled { table, .. } => table.keys(),
        };
        v.sort();
        v
    }

    /// The suffix rules by flag.
    fn suffixes(&self) -> &HashMap<String, Vec<Suffix>> {
        self.suffixes.get_or_init(|| {
            let mut m: HashMap<String, Vec<Suffix>> = HashMap::new();
            for line in self.rules.lines() {
                if let Some((flag, r)) = rule_line(line) {
                    m.entry(flag).or_default().push(r);
                }
            }
            m
        })
    }

    /// The suffix rules by the ending they add: a word form looks its few
    /// endings up instead of testing every rule (thousands in Hunspell-fr,
    /// which made analysing a word most of `report`'s time).
    fn by_ending(&self) -> &Endings {
        self.by_ending.get_or_init(|| {
            let suffixes = self.suffixes();
            let mut flags: Vec<&String> = suffixes.keys().collect();
            flags.sort();
            let mut rules: HashMap<String, Vec<(String, usize)>> = HashMap::new();
            let mut longest = 0;
            for flag in flags {
                for (k, r) in suffixes[flag].iter().enumerate() {
                    rules.entry(r.add.clone()).or_default().push((flag.clone(), k));
                    longest = longest.max(r.add.len());
                }
            }
            Endings { rules, longest }
        })
    }

    /// Write the bundled format: gzip of `S` lines (suffix rules: flag,
    /// strip, add, condition, fields) and `W` lines (word, flags, fields),
    /// sorted, keeping only the fields analyses use (`po:`, `is:`). It
    /// analyses every word exactly as the Hunspell files it came from.
    pub fn write_bundle(&self, header: &[(String, String)], w: &mut dyn std::io::Write) -> Result<()> {
        let mut text = String::new();
        text.push_str(MAGIC);
        text.push('\n');
        for (k, v) in header {
            text.push_str(&format!("# {k}\t{v}\n"));
        }
        let suffixes = self.suffixes();
        let mut flags: Vec<&String> = suffixes.keys().collect();
        flags.sort();
        for flag in flags {
            for r in &suffixes[flag] {
                let morph: Vec<&str> = r.morph.iter().map(String::as_str).filter(|f| useful_field(f)).collect();
                text.push_str(&format!("S\t{flag}\t{}\t{}\t{}\t{}\n", r.strip, r.add, r.cond_text, morph.join(" ")));
            }
        }
        for h in self.words_sorted() {
            for e in self.entries(&h).iter() {
                let morph: Vec<&str> = e.morph.iter().map(String::as_str).filter(|f| useful_field(f)).collect();
                text.push_str(&format!("W\t{h}\t{}\t{}\n", e.flags.join(" "), morph.join(" ")));
            }
        }
        let mut gz = flate2::GzBuilder::new().mtime(0).write(w, flate2::Compression::best());
        gz.write_all(text.as_bytes())?;
        gz.finish()?;
        Ok(())
    }

    /// Read the bundled format from bytes (gzip or plain); `path` is for messages.
    pub fn read_bundle(path: &Path, bytes: &[u8]) -> Result<Morphology> {
        let raw = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| dict_err(path, 1, format!("not a valid gzip file: {e}")))?;
            out
        } else {
            bytes.to_vec()
        };
        let text = crate::io::decode_utf8(raw).map_err(|e| e.in_file(path))?;
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err(dict_err(path, 1, format!("not a transalign morphology: the first line must be '{MAGIC}'")));
        }
        let mut header = Vec::new();
        let mut words: HashMap<String, Vec<Entry>> = HashMap::new();
        let mut suffixes: HashMap<String, Vec<Suffix>> = HashMap::new();
        for (n, line) in lines.enumerate() {
            let line_no = n + 2;
            if let Some(h) = line.strip_prefix("# ") {
                if let Some((k, v)) = h.split_once('\t') {
                    header.push((k.to_string(), v.to_string()));
                }
                continue;
            }
            if let Some((flag, r)) = rule_line(line) {
                suffixes.entry(flag).or_default().push(r);
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let fields = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            match f.as_slice() {
                ["W", word, flags, morph] if !word.is_empty() => words
                    .entry(word.to_string())
                    .or_default()
                    .push(Entry { flags: fields(flags), morph: fields(morph) }),
                [""] => {}
                _ => {
                    return Err(dict_err(
                        path,
                        line_no,
                        "expected 'S<TAB>flag<TAB>strip<TAB>add<TAB>condition<TAB>fields' or 'W<TAB>word<TAB>flags<TAB>fields'",
                    ));
                }
            }
        }
        if words.is_empty() {
            return Err(dict_err(path, 1, "no words"));
        }
        Ok(Morphology {
            words: Words::Owned(words),
            suffixes: OnceLock::from(suffixes),
            by_ending: OnceLock::new(),
            rules: "",
            source: path.display().to_string(),
            header,
        })
    }

    fn reading(lemma: &str, fields: impl Iterator<Item = String>) -> Analysis {
        let mut a = Analysis { lemma: lemma.to_string(), pos: Vec::new(), gender: None, number: None };
        for f in fields {
            if let Some(p) = f.strip_prefix("po:") {
                a.pos.push(p.to_string());
            } else if let Some(v) = f.strip_prefix("is:") {
                match v {
                    "mas" => a.gender = Some(Gender::Masculine),
                    "fem" => a.gender = Some(Gender::Feminine),
                    "epi" => a.gender = Some(Gender::Either),
                    "sg" => a.number = Some(Number::Singular),
                    "pl" => a.number = Some(Number::Plural),
                    "inv" => a.number = Some(Number::Either),
                    _ => {}
                }
            }
        }
        a
    }

    /// All readings of a word form (try the lowercase form too).
    pub fn analyze(&self, word: &str) -> Vec<Analysis> {
        let mut out = Vec::new();
        let lower = word.to_lowercase();
        let forms: Vec<&str> = if lower == word { vec![word] } else { vec![word, &lower] };
        for form in forms {
            // Entries without suffix flags are complete readings.
            let suffixes = self.suffixes();
            for e in self.entries(form).iter() {
                if !e.flags.iter().any(|f| suffixes.contains_key(f)) {
                    out.push(Self::reading(form, e.morph.iter().cloned()));
                }
            }
            // Many rules lead to the same base: look each up once.
            let mut seen: HashMap<String, Cow<'_, [Entry]>> = HashMap::new();
            let endings = self.by_ending();
            // Every ending of the form (the empty one first) no longer than
            // the longest a rule adds.
            let cuts = form.char_indices().map(|(i, _)| i).rev();
            for cut in std::iter::once(form.len()).chain(cuts).take_while(|&c| form.len() - c <= endings.longest) {
                let (stem, ending) = form.split_at(cut);
                let Some(found) = endings.rules.get(ending) else { continue };
                for (flag, k) in found {
                    let r = &suffixes[flag][*k];
                    if !cond_matches(&r.cond, r.strip.chars().rev().chain(stem.chars().rev())) {
                        continue;
                    }
                    let base = format!("{stem}{}", r.strip);
                    let entries = seen.entry(base.clone()).or_insert_with(|| self.entries(&base));
                    for e in entries.iter().filter(|e| e.flags.iter().any(|f| f == flag)) {
                        out.push(Self::reading(&base, e.morph.iter().cloned().chain(r.morph.iter().cloned())));
                    }
                }
            }
        }
        out
    }

    /// Is the word form known at all?
    pub fn knows(&self, word: &str) -> bool {
        !self.analyze(word).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The readings of `word` found by testing every suffix rule, as
    /// `analyze` did before it indexed the rules by ending.
    fn by_scan(m: &Morphology, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        let lower = word.to_lowercase();
        let forms: Vec<&str> = if lower == word { vec![word] } else { vec![word, &lower] };
        for form in forms {
            for e in m.entries(form).iter() {
                if !e.flags.iter().any(|f| m.suffixes().contains_key(f)) {
                    out.push(format!("{:?}", Morphology::reading(form, e.morph.iter().cloned())));
                }
            }
            for (flag, rules) in m.suffixes() {
                for r in rules {
                    let Some(stem) = form.strip_suffix(r.add.as_str()) else { continue };
                    let base = format!("{stem}{}", r.strip);
                    if !cond_matches(&r.cond, base.chars().rev()) {
                        continue;
                    }
                    for e in m.entries(&base).iter().filter(|e| e.flags.iter().any(|f| f == flag)) {
                        let a = Morphology::reading(&base, e.morph.iter().cloned().chain(r.morph.iter().cloned()));
                        out.push(format!("{a:?}"));
                    }
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn rules_by_ending_read_what_testing_every_rule_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/morphology/fr.morph.gz");
        let m = Morphology::load(&path).expect("the bundled French morphology");
        let heads = m.words_sorted();
        let step = (heads.len() / 1500).max(1);
        let mut compared = 0;
        for h in heads.iter().step_by(step) {
            for form in [h.clone(), format!("{h}s"), format!("{h}es"), format!("{h}ent"), format!("{h}aient")] {
                let mut ours: Vec<String> = m.analyze(&form).iter().map(|a| format!("{a:?}")).collect();
                ours.sort();
                assert_eq!(ours, by_scan(&m, &form), "{form}");
                compared += 1;
            }
        }
        // Forms the rules make of the words, a sample and all those with
        // the longest endings ("détruisissions"): each must be read back.
        let longest = m.by_ending().longest;
        let mut inflected = 0;
        for (k, h) in heads.iter().enumerate() {
            for e in m.entries(h).iter() {
                for (flag, r) in e.flags.iter().filter_map(|f| m.suffixes().get(f).map(|rs| (f, rs))) {
                    for (x, r) in r.iter().enumerate() {
                        let Some(stem) = h.strip_suffix(r.strip.as_str()) else { continue };
                        if !cond_matches(&r.cond, h.chars().rev()) || (r.add.len() + 2 < longest && (k + x) % 997 != 0)
                        {
                            continue;
                        }
                        let form = format!("{stem}{}", r.add);
                        let mut ours: Vec<String> = m.analyze(&form).iter().map(|a| format!("{a:?}")).collect();
                        ours.sort();
                        assert!(!ours.is_empty(), "{form} ({h} with {flag})");
                        assert_eq!(ours, by_scan(&m, &form), "{form}");
                        inflected += 1;
                    }
                }
            }
        }
        assert!(compared > 5000 && inflected > 400, "{compared} forms, {inflected} inflected");
    }
}
