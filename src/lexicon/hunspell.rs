//! Morphological analysis with a Hunspell dictionary that carries
//! morphology fields (Debian's `hunspell-fr`: `prison/S.() po:nom is:fem`).
//!
//! Only suffix rules are applied: French inflection (number, gender) is all
//! suffixes, and the prefix rules of this dictionary are the elided
//! articles (l', d', qu'), which callers split off as words. spellbook and
//! similar crates check spelling but drop the morphology fields, which are
//! what agreement checks need; hence this small reader.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

struct Entry {
    flags: Vec<String>,
    morph: Vec<String>,
}

struct Suffix {
    strip: String,
    add: String,
    cond: Vec<CondAtom>,
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

fn cond_matches(cond: &[CondAtom], base: &str) -> bool {
    let chars: Vec<char> = base.chars().collect();
    if cond.len() > chars.len() {
        return false;
    }
    let tail = &chars[chars.len() - cond.len()..];
    cond.iter().zip(tail).all(|(a, c)| match a {
        CondAtom::Any => true,
        CondAtom::Char(x) => x == c,
        CondAtom::Set(set, neg) => set.contains(c) != *neg,
    })
}

/// A Hunspell dictionary read for morphology.
pub struct Morphology {
    words: HashMap<String, Vec<Entry>>,
    suffixes: HashMap<String, Vec<Suffix>>,
    /// Where it was read from, for messages.
    pub source: String,
}

fn split_flags(s: &str, long: bool) -> Vec<String> {
    if long {
        let cs: Vec<char> = s.chars().collect();
        cs.chunks(2).map(|c| c.iter().collect()).collect()
    } else {
        s.chars().map(|c| c.to_string()).collect()
    }
}

impl Morphology {
    /// The French dictionary Debian's `hunspell-fr` installs, if present.
    pub fn french() -> Option<PathBuf> {
        let p = PathBuf::from("/usr/share/hunspell/fr.dic");
        p.is_file().then_some(p)
    }

    /// Read `NAME.dic` and the `NAME.aff` beside it.
    pub fn load(dic: &Path) -> Result<Morphology> {
        let aff = dic.with_extension("aff");
        let aff_text = crate::io::read_text(&aff)?;
        let dic_text = crate::io::read_text(dic)?;
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
                return Err(Error::new(ErrorKind::Dictionary {
                    pos: Pos { line: n + 1, col: 1 },
                    msg: "SFX rule without a flag".into(),
                })
                .in_file(&aff));
            }
            suffixes.entry(f[1].to_string()).or_default().push(Suffix {
                strip: strip.to_string(),
                add: add.to_string(),
                cond: parse_cond(f[4]),
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
            return Err(
                Error::new(ErrorKind::Dictionary { pos: Pos { line: 1, col: 1 }, msg: "no words".into() }).in_file(dic)
            );
        }
        Ok(Morphology { words, suffixes, source: dic.display().to_string() })
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
            if let Some(es) = self.words.get(form) {
                for e in es {
                    if !e.flags.iter().any(|f| self.suffixes.contains_key(f)) {
                        out.push(Self::reading(form, e.morph.iter().cloned()));
                    }
                }
            }
            for (flag, rules) in &self.suffixes {
                for r in rules {
                    let Some(stem) = form.strip_suffix(r.add.as_str()) else { continue };
                    let base = format!("{stem}{}", r.strip);
                    if !cond_matches(&r.cond, &base) {
                        continue;
                    }
                    if let Some(es) = self.words.get(&base) {
                        for e in es.iter().filter(|e| e.flags.iter().any(|f| f == flag)) {
                            out.push(Self::reading(&base, e.morph.iter().cloned().chain(r.morph.iter().cloned())));
                        }
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
