//! The compiled form of the bundled data: tables that are read where they
//! lie, with no parsing, so a run opens a dictionary in microseconds.
//!
//! `build.rs` compiles `data/` into these tables at build time and the
//! binary embeds them (feature `bundled-data`); this file is shared with
//! the build script (`#[path]`), so it uses nothing of the crate but
//! [`crate::text::fold`], which `build.rs` includes the same way.
//!
//! For each bundled dictionary file (language A → B) there are two tables,
//! each an [`fst::Map`] from a folded key to an offset into a value area:
//!
//! * `fwd`: an A word → its B translations, in the order
//!   [`crate::lexicon::Lexicon::add`] would keep them;
//! * `inv`: a B word → the A words that list it, in file order (the file
//!   read backwards, as a B → A dictionary).
//!
//! Each direct route (a pair that one or both files serve) also has a
//! `by_stem` table: the stem of a one-word headword → the translations of
//! every headword with that stem, in headword order.
//!
//! A value area is a run of lists: a LEB128 count, then per string a LEB128
//! byte length and the UTF-8 bytes. A morphology has a `words` table (word →
//! its entries: flags and fields) and its suffix rules as text.

use std::collections::HashMap;

/// The Snowball algorithm for a language (ISO 639-1), if rust-stemmers has one.
pub fn snowball(primary: &str) -> Option<rust_stemmers::Algorithm> {
    use rust_stemmers::Algorithm::*;
    Some(match primary {
        "nl" => Dutch,
        "fr" => French,
        "de" => German,
        "en" => English,
        "es" => Spanish,
        "it" => Italian,
        "pt" => Portuguese,
        "da" => Danish,
        "sv" => Swedish,
        "no" | "nb" => Norwegian,
        "fi" => Finnish,
        "hu" => Hungarian,
        "ro" => Romanian,
        "ru" => Russian,
        "el" => Greek,
        "tr" => Turkish,
        _ => return None,
    })
}

/// The ISO 639-1 code of the ISO 639-3 codes FreeDict file names use for
/// the bundled languages (the build script has no language table).
pub fn primary_of(code3: &str) -> &str {
    match code3 {
        "nld" => "nl",
        "fra" => "fr",
        "deu" => "de",
        "eng" => "en",
        "isl" => "is",
        other => other,
    }
}

// ---------------------------------------------------------------- reading

/// One compiled table: keys in an fst, values in a byte area.
#[derive(Clone)]
pub struct Table<'a> {
    keys: fst::Map<&'a [u8]>,
    vals: &'a [u8],
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({} keys, {} value bytes)", self.keys.len(), self.vals.len())
    }
}

/// A list of strings in a value area, read as it is iterated.
#[derive(Clone, Debug)]
pub struct Strs<'a> {
    buf: &'a [u8],
    left: usize,
}

fn leb(buf: &mut &[u8]) -> usize {
    let mut n = 0usize;
    let mut shift = 0;
    while let Some((&b, rest)) = buf.split_first() {
        *buf = rest;
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

impl<'a> Iterator for Strs<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let len = leb(&mut self.buf);
        let (s, rest) = self.buf.split_at(len.min(self.buf.len()));
        self.buf = rest;
        // Written from `String`s by the build: always UTF-8.
        Some(std::str::from_utf8(s).unwrap_or_default())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Strs<'_> {}

impl<'a> Table<'a> {
    /// A table over compiled bytes; `None` when they are not an fst.
    pub fn new(keys: &'a [u8], vals: &'a [u8]) -> Option<Table<'a>> {
        Some(Table { keys: fst::Map::new(keys).ok()?, vals })
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The strings stored under `key`.
    pub fn get(&self, key: &str) -> Option<Strs<'a>> {
        let off = self.keys.get(key)? as usize;
        let mut buf = self.vals.get(off..)?;
        let left = leb(&mut buf);
        Some(Strs { buf, left })
    }

    /// Every key, in byte order.
    pub fn keys(&self) -> Vec<String> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.keys.len());
        let mut s = self.keys.keys();
        while let Some(k) = s.next() {
            out.push(String::from_utf8_lossy(k).into_owned());
        }
        out
    }

    /// The first `limit` keys starting with `prefix`, in byte order.
    pub fn keys_with_prefix(&self, prefix: &str, limit: usize) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut s = self.keys.range().ge(prefix).into_stream();
        while let Some((k, _)) = s.next() {
            if out.len() == limit || !k.starts_with(prefix.as_bytes()) {
                break;
            }
            out.push(String::from_utf8_lossy(k).into_owned());
        }
        out
    }

    /// Every key with its strings, in byte order, read in one pass.
    pub fn for_each(&self, mut f: impl FnMut(&str, Strs<'a>)) {
        use fst::Streamer;
        let mut s = self.keys.stream();
        while let Some((k, off)) = s.next() {
            let mut buf = self.vals.get(off as usize..).unwrap_or_default();
            let left = leb(&mut buf);
            f(std::str::from_utf8(k).unwrap_or_default(), Strs { buf, left });
        }
    }
}

// ---------------------------------------------------------------- writing

/// Write a LEB128 number.
fn put_leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Compile `key → strings` into (fst bytes, value bytes).
pub fn write_table<S: AsRef<str>>(entries: &HashMap<String, Vec<S>>) -> (Vec<u8>, Vec<u8>) {
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort_unstable();
    let mut vals = Vec::new();
    let mut b = fst::MapBuilder::memory();
    for k in keys {
        let list = &entries[k];
        let off = vals.len() as u64;
        put_leb(&mut vals, list.len());
        for s in list {
            put_leb(&mut vals, s.as_ref().len());
            vals.extend_from_slice(s.as_ref().as_bytes());
        }
        // Keys are sorted and distinct: insert cannot fail.
        b.insert(k.as_bytes(), off).unwrap_or_default();
    }
    (b.into_inner().unwrap_or_default(), vals)
}

/// A bundled lexicon file read for compiling: its header and its raw
/// (headword, translation) pairs in file order.
pub struct RawLexicon {
    /// `# key<TAB>value` fields.
    pub header: Vec<(String, String)>,
    /// Pairs as written (not folded).
    pub pairs: Vec<(String, String)>,
}

/// Read the text of a bundled lexicon (the format of
/// [`crate::lexicon::bundle`], whose reader names bad lines; the build
/// only meets files that `data verify` checked).
pub fn read_lexicon_text(text: &str) -> RawLexicon {
    let mut r = RawLexicon { header: Vec::new(), pairs: Vec::new() };
    for line in text.lines().skip(1) {
        let line = line.trim_end_matches('\r');
        if let Some(h) = line.strip_prefix("# ") {
            if let Some((k, v)) = h.split_once('\t') {
                r.header.push((k.to_string(), v.to_string()));
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        let head = f.next().unwrap_or_default();
        r.pairs.extend(f.filter(|t| !t.trim().is_empty()).map(|t| (head.to_string(), t.to_string())));
    }
    r
}

/// Folded `key → values` in the order `Lexicon::add` keeps: first
/// occurrence wins, duplicates dropped.
pub fn fold_pairs<'p>(pairs: impl Iterator<Item = (&'p str, &'p str)>) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (a, b) in pairs {
        let (s, t) = (crate::text::fold(a.trim()), crate::text::fold(b.trim()));
        if s.is_empty() || t.is_empty() {
            continue;
        }
        let v = map.entry(s).or_default();
        if !v.contains(&t) {
            v.push(t);
        }
    }
    map
}

/// Stem → the translations of every one-word headword with that stem,
/// in headword order, without repeats: what
/// [`crate::lexicon::Headwords::by_stem`] holds, computed once at build
/// time. Empty for a language without a Snowball stemmer.
pub fn by_stem(map: &HashMap<String, Vec<String>>, primary: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let Some(alg) = snowball(primary) else { return out };
    let stemmer = rust_stemmers::Stemmer::create(alg);
    let mut keys: Vec<&String> = map.keys().filter(|k| !k.contains(' ')).collect();
    keys.sort_unstable();
    for k in keys {
        let e = out.entry(crate::text::fold(&stemmer.stem(k))).or_default();
        for t in &map[k] {
            if !e.contains(t) {
                e.push(t.clone());
            }
        }
    }
    out
}

/// Merged lookup over a forward map and an inverted one, as a lexicon
/// loaded from both files of a pair sees it.
pub fn merged<'m>(
    fwd: Option<&'m HashMap<String, Vec<String>>>,
    inv: Option<&'m HashMap<String, Vec<String>>>,
    key: &str,
) -> Vec<&'m String> {
    let mut out: Vec<&String> = Vec::new();
    for m in [fwd, inv].into_iter().flatten() {
        for t in m.get(key).into_iter().flatten() {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The morphology format read for compiling: words → entries (flags,
/// fields), and the suffix-rule lines as they are.
pub struct RawMorphology {
    /// `# key<TAB>value` fields.
    pub header: Vec<(String, String)>,
    /// Word → [(flags, fields)], each a space-separated list, file order.
    pub words: HashMap<String, Vec<(String, String)>>,
    /// The `S` lines, as written.
    pub rules: String,
}

/// Read the text of a bundled morphology (see [`crate::lexicon::hunspell`]).
pub fn read_morphology_text(text: &str) -> RawMorphology {
    let mut m = RawMorphology { header: Vec::new(), words: HashMap::new(), rules: String::new() };
    for line in text.lines().skip(1) {
        if let Some(h) = line.strip_prefix("# ") {
            if let Some((k, v)) = h.split_once('\t') {
                m.header.push((k.to_string(), v.to_string()));
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["S", ..] => {
                m.rules.push_str(line);
                m.rules.push('\n');
            }
            ["W", word, flags, morph] if !word.is_empty() => {
                m.words.entry(word.to_string()).or_default().push((flags.to_string(), morph.to_string()))
            }
            _ => {}
        }
    }
    m
}

/// Compile morphology words: word → a list of 2 × entries strings (flags,
/// fields, flags, fields, …).
pub fn write_morphology(words: &HashMap<String, Vec<(String, String)>>) -> (Vec<u8>, Vec<u8>) {
    let flat: HashMap<String, Vec<&str>> = words
        .iter()
        .map(|(w, es)| (w.clone(), es.iter().flat_map(|(f, m)| [f.as_str(), m.as_str()]).collect()))
        .collect();
    write_table(&flat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_prefix_are_those_a_sorted_scan_finds() {
        let words =
            ["gevangen", "gevangene", "gevangenis", "gevangenissen", "gevaar", "gevangenschap", "ge", "gf", "één"];
        let entries: HashMap<String, Vec<&str>> = words.iter().map(|w| (w.to_string(), vec!["x"])).collect();
        let (keys, vals) = write_table(&entries);
        let table = Table::new(&keys, &vals).expect("an fst");
        let mut sorted: Vec<&str> = words.to_vec();
        sorted.sort_unstable();
        for prefix in ["gevangen", "gevangenis", "ge", "g", "", "één", "h", "gevangenschappen"] {
            for limit in [0, 1, 2, 8] {
                let scan: Vec<String> =
                    sorted.iter().filter(|w| w.starts_with(prefix)).take(limit).map(|w| w.to_string()).collect();
                assert_eq!(table.keys_with_prefix(prefix, limit), scan, "prefix {prefix:?}, limit {limit}");
            }
        }
    }
}
