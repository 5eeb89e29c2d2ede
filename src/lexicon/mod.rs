//! Bilingual lexicons shared by segment and title alignment: FreeDict
//! dictionaries (dictd files from Debian), hunalign's `target @ source`
//! dictionaries, folding, stemming and cognates.

pub mod bundle;
pub mod dictd;
pub mod fold;
pub mod hunspell;
pub mod numbers;

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, ErrorKind, Pos, Result};
use crate::model::Lang;
pub use fold::{Stemmer, cognate, fold, tokens, translit_skeleton};

/// Most pivot translations kept per word.
pub const PIVOT_MAX: usize = 8;

/// A translation lexicon from a source to a target language. Words are
/// stored folded; phrases keep their spaces.
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
    headwords: std::sync::OnceLock<Headwords>,
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
            headwords: std::sync::OnceLock::new(),
        }
    }

    /// Number of source entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Add one translation pair (folded on the way in).
    pub fn add(&mut self, src: &str, tgt: &str) {
        let (s, t) = (fold(src.trim()), fold(tgt.trim()));
        if s.is_empty() || t.is_empty() {
            return;
        }
        self.headwords.take();
        let v = self.map.entry(s).or_default();
        if !v.contains(&t) {
            v.push(t);
        }
    }

    /// Headwords by stem and sorted, built once per lexicon (stemming every
    /// headword is the costly part of matching a page's titles).
    pub fn headwords(&self) -> &Headwords {
        self.headwords.get_or_init(|| {
            let stemmer = Stemmer::new(&self.src);
            let mut hw = Headwords {
                sorted: self.map.keys().filter(|h| !h.contains(' ')).cloned().collect(),
                ..Headwords::default()
            };
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

    /// Translations of a folded word or phrase.
    pub fn get(&self, folded: &str) -> &[String] {
        self.map.get(folded).map_or(&[], Vec::as_slice)
    }

    /// All (source, targets) entries.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.map.iter()
    }

    /// Translations of a folded word reached through English (whether or
    /// not the direct dictionary has the word).
    pub fn pivot(&self, folded: &str) -> &[String] {
        self.pivot.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Number of words with pivot translations.
    pub fn pivot_len(&self) -> usize {
        self.pivot.len()
    }

    /// Add (headword, translation) pairs; `reversed` when they go target → source.
    pub fn add_pairs(&mut self, pairs: &[(String, String)], reversed: bool) {
        for (a, b) in pairs {
            if reversed { self.add(b, a) } else { self.add(a, b) }
        }
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
        let mut added = 0;
        let mut heads: Vec<&String> = src_en.map.keys().filter(|h| !h.contains(' ')).collect();
        heads.sort_unstable();
        for head in heads {
            // (target, probability, first seen)
            let mut cands: Vec<(String, f64, usize)> = Vec::new();
            let glosses = src_en.get(head);
            for e in glosses {
                let ts = en_tgt.get(e);
                let p = 1.0 / (glosses.len() * ts.len().max(1)) as f64;
                for t in ts {
                    match cands.iter_mut().find(|c| &c.0 == t) {
                        Some(c) => c.1 += p,
                        None => {
                            let n = cands.len();
                            cands.push((t.clone(), p, n));
                        }
                    }
                }
            }
            if cands.is_empty() {
                continue;
            }
            cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
            cands.truncate(PIVOT_MAX);
            self.pivot.insert(head.clone(), cands.into_iter().map(|c| c.0).collect());
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
        for (s, ts) in &self.map {
            for t in ts {
                r.map.entry(t.clone()).or_default().push(s.clone());
            }
        }
        r.sources = self.sources.iter().map(|s| format!("{s}, reversed")).collect();
        r
    }
}
