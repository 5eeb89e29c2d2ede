//! Bilingual lexicons shared by segment and title alignment: FreeDict
//! dictionaries (dictd files from Debian), hunalign's `target @ source`
//! dictionaries, folding, stemming and cognates.

pub mod bundle;
pub mod compiled;
pub mod dictd;
pub mod fold;
pub mod hunspell;
pub mod numbers;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Pos, Result};
use crate::model::Lang;
pub use fold::{Stemmer, cognate, cognate_skeletons, fold, tokens, translit_skeleton};

/// Most pivot translations kept per word.
pub const PIVOT_MAX: usize = 8;

/// A translation lexicon from a source to a target language. Words are
/// stored folded; phrases keep their spaces.
///
/// A lexicon either owns its entries (read from files, or added) or reads
/// them where they lie, from compiled tables ([`Compiled`]: the built-in
/// data), decoding an entry the first time it is asked for. Both give the
/// same translations in the same order.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Source language.
    pub src: Lang,
    /// Target language.
    pub tgt: Lang,
    map: HashMap<String, Vec<String>>,
    /// Translations through English of words `map` lacks: weaker evidence.
    pivot: HashMap<String, Vec<String>>,
    /// What was loaded, in words, for messages ("freedict-nld-fra (nl→fr)").
    pub sources: Vec<String>,
    /// Built on first use, reset by every change to `map`.
    headwords: OnceLock<Headwords>,
    /// Entries read from compiled tables (then `map` is empty).
    compiled: Option<Compiled>,
    /// A pivot composed on demand from two compiled legs, and how many
    /// words it reaches (then `pivot` is empty).
    compiled_pivot: Option<std::sync::Arc<(Lexicon, Lexicon, usize)>>,
    /// Entries decoded so far from `compiled`, `compiled_pivot`, and stems.
    cache: Cache,
}

/// A lexicon in compiled tables: the forward file's words, then the
/// backward file's inverted words, merged as loading the files one after
/// the other would; and the route's stem index.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// Key → translations, in load order.
    pub parts: Vec<compiled::Table<'static>>,
    /// Stem → translations ([`Headwords::by_stem`]), when the source
    /// language has a stemmer.
    pub by_stem: Option<compiled::Table<'static>>,
    /// The one-word headwords, when known (else read from `parts`).
    pub heads: Option<compiled::Table<'static>>,
}

impl Compiled {
    fn get(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.parts {
            for t in p.get(key).into_iter().flatten() {
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_string());
                }
            }
        }
        out
    }

    /// Every key, sorted, once.
    fn keys(&self) -> Vec<String> {
        let mut all: Vec<String> = self.parts.iter().flat_map(|p| p.keys()).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Decoded entries, kept so that lookups can hand out slices.
#[derive(Default)]
struct Cache {
    get: elsa::sync::FrozenMap<String, Vec<String>>,
    pivot: elsa::sync::FrozenMap<String, Vec<String>>,
    stems: elsa::sync::FrozenMap<String, Vec<String>>,
    len: OnceLock<usize>,
}

impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::default()
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cache")
    }
}

/// The pivot candidates for one source word: `glosses` are its English
/// translations, `en_tgt` gives an English word's target translations.
/// Candidates rank by how likely a reader who picks one English gloss and
/// then one of its translations at random ends there (ties: first seen);
/// at most [`PIVOT_MAX`].
fn compose<'t>(glosses: &[String], en_tgt: impl Fn(&str) -> &'t [String]) -> Vec<String> {
    // (target, probability, first seen)
    let mut cands: Vec<(&String, f64, usize)> = Vec::new();
    for e in glosses {
        let ts = en_tgt(e);
        let p = 1.0 / (glosses.len() * ts.len().max(1)) as f64;
        for t in ts {
            match cands.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += p,
                None => {
                    let n = cands.len();
                    cands.push((t, p, n));
                }
            }
        }
    }
    cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    cands.truncate(PIVOT_MAX);
    cands.into_iter().map(|c| c.0.clone()).collect()
}

/// The one-word headwords of a lexicon, by stem and in sorted order: for
/// inflected and truncated forms the lexicon does not list as such.
#[derive(Debug, Clone, Default)]
pub struct Headwords {
    /// Translations of every headword with this (Snowball) stem.
    pub by_stem: HashMap<String, Vec<String>>,
    /// Headwords, sorted, for prefix search.
    pub sorted: Vec<String>,
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new(src: Lang, tgt: Lang) -> Lexicon {
        Lexicon {
            src,
            tgt,
            map: HashMap::new(),
            pivot: HashMap::new(),
            sources: Vec::new(),
            headwords: OnceLock::new(),
            compiled: None,
            compiled_pivot: None,
            cache: Cache::default(),
        }
    }

    /// A lexicon that reads compiled tables where they lie.
    pub fn from_compiled(src: Lang, tgt: Lang, tables: Compiled) -> Lexicon {
        Lexicon { compiled: Some(tables), ..Lexicon::new(src, tgt) }
    }

    /// Compose the pivot from two compiled legs (this source → English,
    /// English → this target) on demand, word by word, instead of all at
    /// once as [`Lexicon::add_pivot`] does; `words` is how many it reaches
    /// (counted when the tables were built).
    pub fn set_compiled_pivot(&mut self, src_en: Lexicon, en_tgt: Lexicon, words: usize) {
        self.pivot.clear();
        self.cache.pivot = elsa::sync::FrozenMap::new();
        self.compiled_pivot = Some(std::sync::Arc::new((src_en, en_tgt, words)));
    }

    /// Turn compiled entries into owned ones, before a change.
    fn materialize(&mut self) {
        if self.compiled.is_none() && self.compiled_pivot.is_none() {
            return;
        }
        if let Some(c) = self.compiled.take() {
            for k in c.keys() {
                let v = c.get(&k);
                self.map.insert(k, v);
            }
        }
        if let Some(legs) = self.compiled_pivot.take() {
            let (a, b, _) = &*legs;
            self.add_pivot(a, b);
        }
        self.cache = Cache::default();
        self.headwords.take();
    }

    /// Number of source entries.
    pub fn len(&self) -> usize {
        match &self.compiled {
            None => self.map.len(),
            Some(c) => *self.cache.len.get_or_init(|| c.keys().len()),
        }
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        match &self.compiled {
            None => self.map.is_empty(),
            Some(c) => c.parts.iter().all(compiled::Table::is_empty),
        }
    }

    /// Add one translation pair (folded on the way in).
    pub fn add(&mut self, src: &str, tgt: &str) {
        let (s, t) = (fold(src.trim()), fold(tgt.trim()));
        if s.is_empty() || t.is_empty() {
            return;
        }
        self.materialize();
        self.headwords.take();
        let v = self.map.entry(s).or_default();
        if !v.contains(&t) {
            v.push(t);
        }
    }

    /// Headwords by stem and sorted, built once per lexicon (stemming every
    /// headword is the costly part of matching a page's titles; compiled
    /// tables carry the stems).
    pub fn headwords(&self) -> &Headwords {
        self.headwords.get_or_init(|| {
            let stemmer = Stemmer::new(&self.src);
            let mut hw = Headwords::default();
            if let (Some(Compiled { by_stem: Some(stems), .. }), true) = (&self.compiled, stemmer.is_real()) {
                hw.sorted = self.one_word_heads();
                hw.by_stem.reserve(stems.len());
                stems.for_each(|stem, ts| {
                    hw.by_stem.insert(stem.to_string(), ts.map(str::to_string).collect());
                });
                return hw;
            }
            hw.sorted = match &self.compiled {
                Some(c) => c.keys(),
                None => self.map.keys().cloned().collect(),
            };
            hw.sorted.retain(|h| !h.contains(' '));
            hw.sorted.sort_unstable();
            // In headword order, not the map's: the order of a stem's
            // translations decides between equal matches, and outputs must
            // not change from run to run.
            for h in &hw.sorted {
                let e = hw.by_stem.entry(stemmer.stem(h)).or_default();
                for t in self.get(h) {
                    if !e.contains(t) {
                        e.push(t.clone());
                    }
                }
            }
            hw
        })
    }

    /// Translations of every one-word headword with this (Snowball) stem,
    /// in headword order: [`Headwords::by_stem`] for one stem, without
    /// building the whole index when the tables are compiled.
    pub fn stem_translations(&self, stem: &str) -> &[String] {
        let stems = match &self.compiled {
            Some(Compiled { by_stem: Some(t), .. }) if Stemmer::new(&self.src).is_real() => t,
            _ => return self.headwords().by_stem.get(stem).map_or(&[], Vec::as_slice),
        };
        if let Some(v) = self.cache.stems.get(stem) {
            return v;
        }
        let v: Vec<String> = stems.get(stem).into_iter().flatten().map(str::to_string).collect();
        if v.is_empty() {
            return &[];
        }
        self.cache.stems.insert(stem.to_string(), v)
    }

    /// Translations of a folded word or phrase.
    pub fn get(&self, folded: &str) -> &[String] {
        let Some(c) = &self.compiled else {
            return self.map.get(folded).map_or(&[], Vec::as_slice);
        };
        if let Some(v) = self.cache.get.get(folded) {
            return v;
        }
        let v = c.get(folded);
        if v.is_empty() {
            return &[];
        }
        self.cache.get.insert(folded.to_string(), v)
    }

    /// All (source, targets) entries, sorted by source.
    pub fn entries(&self) -> Vec<(String, Vec<String>)> {
        let mut keys: Vec<String> = match &self.compiled {
            Some(c) => c.keys(),
            None => self.map.keys().cloned().collect(),
        };
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| {
                let v = self.get(&k).to_vec();
                (k, v)
            })
            .collect()
    }

    /// Translations of a folded word reached through English (whether or
    /// not the direct dictionary has the word).
    pub fn pivot(&self, folded: &str) -> &[String] {
        let Some(legs) = &self.compiled_pivot else {
            return self.pivot.get(folded).map_or(&[], Vec::as_slice);
        };
        if let Some(v) = self.cache.pivot.get(folded) {
            return v;
        }
        if folded.contains(' ') {
            return &[];
        }
        let (a, b, _) = &**legs;
        let v = compose(a.get(folded), |e| b.get(e));
        if v.is_empty() {
            return &[];
        }
        self.cache.pivot.insert(folded.to_string(), v)
    }

    /// Number of words with pivot translations.
    pub fn pivot_len(&self) -> usize {
        match &self.compiled_pivot {
            Some(legs) => legs.2,
            None => self.pivot.len(),
        }
    }

    /// Add (headword, translation) pairs; `reversed` when they go target → source.
    pub fn add_pairs(&mut self, pairs: &[(String, String)], reversed: bool) {
        self.materialize();
        for (a, b) in pairs {
            if reversed { self.add(b, a) } else { self.add(a, b) }
        }
    }

    /// The first `limit` one-word headwords starting with `prefix`, in
    /// byte order: read from the compiled table where there is one, which
    /// spares building the sorted list of all of them.
    pub fn heads_with_prefix(&self, prefix: &str, limit: usize) -> Vec<String> {
        if let Some(Compiled { heads: Some(h), .. }) = &self.compiled {
            return h.keys_with_prefix(prefix, limit);
        }
        let heads = &self.headwords().sorted;
        let from = heads.partition_point(|h| h.as_str() < prefix);
        heads[from..].iter().take_while(|h| h.starts_with(prefix)).take(limit).cloned().collect()
    }

    /// The one-word headwords, sorted.
    fn one_word_heads(&self) -> Vec<String> {
        if let Some(Compiled { heads: Some(h), .. }) = &self.compiled {
            return h.keys();
        }
        let mut heads: Vec<String> = match &self.compiled {
            Some(c) => c.keys(),
            None => self.map.keys().cloned().collect(),
        };
        heads.retain(|h| !h.contains(' '));
        heads.sort_unstable();
        heads
    }

    /// Compose `src_en` (this source → English) and `en_tgt` (English →
    /// this target) for every one-word source entry: for the words this
    /// lexicon lacks, and for senses its entries lack ("balling" is only
    /// "banni" here, "exile" → "exiler" through English).
    /// Candidates rank by how likely a reader who picks one English gloss
    /// and then one of its translations at random ends there: a target
    /// reached through several glosses ranks high, one reached only through
    /// a gloss with many senses ("job") ranks low. At most [`PIVOT_MAX`]
    /// are kept, so a polysemous English word does not flood a word with
    /// unrelated senses. Returns the words added.
    pub fn add_pivot(&mut self, src_en: &Lexicon, en_tgt: &Lexicon) -> usize {
        if self.compiled_pivot.take().is_some() {
            self.cache.pivot = elsa::sync::FrozenMap::new();
        }
        let mut added = 0;
        for head in src_en.one_word_heads() {
            let cands = compose(src_en.get(&head), |e| en_tgt.get(e));
            if cands.is_empty() {
                continue;
            }
            self.pivot.insert(head, cands);
            added += 1;
        }
        added
    }

    /// Load a dictionary file given by the user: a dictd `.index` (or its
    /// `.dict[.dz]`), whose direction is read from a FreeDict name
    /// (`freedict-nld-fra`), or a hunalign dictionary (`target @ source`).
    pub fn load_path(&mut self, path: &Path) -> Result<()> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            return Err(Error::new(ErrorKind::IsDirectory).in_file(path));
        }
        if !path.exists() {
            return Err(Error::from(std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"))
                .in_file(path));
        }
        let index = if name.ends_with(".index") {
            Some(path.to_path_buf())
        } else {
            name.strip_suffix(".dict.dz")
                .or_else(|| name.strip_suffix(".dict"))
                .map(|stem| path.with_file_name(format!("{stem}.index")))
        };
        match index {
            // A hunalign dictionary is often named .dict too: read it as
            // one when it reads as one, else say what a dictd file lacks
            // (rather than "NAME.index: no such file", a file never given).
            Some(idx) if !idx.exists() => {
                if name.ends_with(".dict") && looks_hunalign(path) {
                    return self.load_hunalign(path);
                }
                Err(Error::invalid(format!(
                    "read as a dictd dictionary by its name, but its index {} is not beside it; a hunalign \
                     dictionary (\"target @ source\" lines) is read under any other name, such as .dic",
                    idx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ))
                .in_file(path))
            }
            Some(idx) => {
                let base = idx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let (s, t) = (self.src.iso639_3(), self.tgt.iso639_3());
                let reversed = base.contains(&format!("{t}-{s}")) && !base.contains(&format!("{s}-{t}"));
                self.load_dictd(&idx, reversed)
            }
            None => self.load_hunalign(path),
        }
    }

    /// Load a dictd dictionary; `reversed` when it goes target → source.
    pub fn load_dictd(&mut self, index: &Path, reversed: bool) -> Result<()> {
        let pairs = dictd::read_pairs(index)?;
        if pairs.is_empty() {
            return Err(Error::new(ErrorKind::Dictionary { pos: Pos { line: 1, col: 1 }, msg: "no entries".into() })
                .in_file(index));
        }
        self.add_pairs(&pairs, reversed);
        let name = index.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = if reversed {
            format!("{}→{}, read backwards", self.src, self.tgt)
        } else {
            format!("{}→{}", self.src, self.tgt)
        };
        self.sources.push(format!("{name} ({dir}, {} pairs)", pairs.len()));
        Ok(())
    }

    /// Load a hunalign dictionary: one `target phrase @ source phrase` per line.
    pub fn load_hunalign(&mut self, path: &Path) -> Result<()> {
        let text = crate::io::read_text(path)?;
        self.add_hunalign_text(&text, path)
    }

    /// Add the entries of a hunalign dictionary's text; `path` is for messages.
    pub fn add_hunalign_text(&mut self, text: &str, path: &Path) -> Result<()> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((tgt, src)) = line.split_once(" @ ") else {
                return Err(Error::new(ErrorKind::Dictionary {
                    pos: Pos { line: i + 1, col: 1 },
                    msg: "expected 'target phrase @ source phrase' (hunalign dictionary format)".into(),
                })
                .in_file(path));
            };
            self.add(src, tgt);
            n += 1;
        }
        if n == 0 {
            return Err(Error::new(ErrorKind::Dictionary { pos: Pos { line: 1, col: 1 }, msg: "no entries".into() })
                .in_file(path));
        }
        self.sources.push(format!("{} (hunalign format, {n} pairs)", path.display()));
        Ok(())
    }

    /// The same lexicon read the other way round.
    pub fn reversed(&self) -> Lexicon {
        let mut r = Lexicon::new(self.tgt.clone(), self.src.clone());
        for (s, ts) in self.entries() {
            for t in ts {
                r.map.entry(t).or_default().push(s.clone());
            }
        }
        r.sources = self.sources.iter().map(|s| format!("{s}, reversed")).collect();
        r
    }
}

/// Whether a file's first line with text is a hunalign entry (`target @ source`).
fn looks_hunalign(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else { return false };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    head.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.contains(" @ "))
}
