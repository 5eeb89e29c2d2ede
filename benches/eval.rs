//! Accuracy on every gold set in `../shared/bench` (defr-dev, and each set
//! of `DOC/src.txt`, `DOC/tgt.txt`, `DOC/gold.beads`, `DOC/langs`): strict
//! and lax P/R/F1 per set (micro-averaged over its documents) and overall,
//! the worst document of each set, and how well unaligned sentences (1-0,
//! 0-1) are found: how many the system outputs against the gold's, with
//! precision and recall.
//!
//!     cargo bench --bench eval -- [--gold DIR] [--docs] [--no-dict] [--check FLOORS.tsv]
//!         [--without CUE]... [--ablation] [--learn | --no-learn] [--settings]
//!
//! `--without CUE` switches a cue of the aligner off (`length`, `lexical`,
//! `dialogue`, …: see `transalign::align::Cue`); `--ablation` prints,
//! instead of the table, one row per cue: the strict F1 of each set and the
//! omission precision and recall without it (the README's "what each part
//! does" table).
//!
//! `--settings` prints, instead, one row per set and setting: the bundled
//! dictionary, an empty one, each with the lexicon learned from the text
//! pair (`--learn`), and with one lexicon learned over all the set's
//! documents (as `align --batch` does); then the same for each set
//! abridged (see [`abridge`]), with 1-0/0-1 precision and recall and the
//! time each row took; after each kind, every setting over all its sets at
//! once (`all`, `all, abridged`).
//!
//! Each set aligns with the data the tool finds (bundled first), as
//! `transalign align --segmented` does. With `--check`, it exits non-zero
//! when a set's strict or lax F1 is below its floor in the file
//! (`set<TAB>strict<TAB>lax` lines): no set may drop below what it scored
//! when the floor was written.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use transalign::Lang;
use transalign::align::{self, Config, Cue, Learn, Learner, Segment};
use transalign::data::DataConfig;
use transalign::eval::{self, Bead};

struct Doc {
    name: String,
    src: Vec<Segment>,
    tgt: Vec<Segment>,
    gold: Vec<Bead>,
    langs: (Lang, Lang),
}

fn segments(p: &Path) -> Vec<Segment> {
    transalign::jobs::align::read_text(p, true, None, None).map(|t| t.segments).unwrap_or_default()
}

fn load_set(dir: &Path) -> Vec<Doc> {
    if dir.join("dev.defr").is_file() {
        let (Some(de), Some(fr)) = (Lang::new("de"), Lang::new("fr")) else { return Vec::new() };
        return vec![Doc {
            name: "dev".into(),
            src: segments(&dir.join("dev.de")),
            tgt: segments(&dir.join("dev.fr")),
            gold: eval::read_beads(&dir.join("dev.defr")).unwrap_or_default(),
            langs: (de, fr),
        }];
    }
    let mut docs = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    entries.sort();
    for d in entries.into_iter().filter(|d| d.join("gold.beads").is_file()) {
        let langs = std::fs::read_to_string(d.join("langs")).unwrap_or_default();
        let mut it = langs.split_whitespace().filter_map(Lang::new);
        let (Some(s), Some(t)) = (it.next(), it.next()) else { continue };
        docs.push(Doc {
            name: d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            src: segments(&d.join("src.txt")),
            tgt: segments(&d.join("tgt.txt")),
            gold: eval::read_beads(&d.join("gold.beads")).unwrap_or_default(),
            langs: (s, t),
        });
    }
    docs
}

/// A deterministic pseudo-random sequence (xorshift64*), so that the
/// abridged sets are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// A document abridged as a translator abridges: on one side (the target
/// for even-numbered documents, the source for odd), runs of 1 to 20
/// sentences deleted until 5 to 30 % of that side is gone; the gold follows
/// (a deleted sentence leaves its counterparts unaligned, one 1-0 or 0-1
/// bead each, and the indices after it shift).
fn abridge(d: &Doc, k: usize) -> Doc {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (k as u64 + 1).wrapping_mul(0x1000_0000_01b3));
    let on_target = k.is_multiple_of(2);
    let n = if on_target { d.tgt.len() } else { d.src.len() };
    let share = rng.range(5, 30);
    let goal = n * share / 100;
    let mut gone = vec![false; n];
    let mut count = 0;
    let mut tries = 0;
    while count < goal && tries < 10_000 {
        tries += 1;
        let len = rng.range(1, 20).min(goal - count);
        let at = rng.range(0, n.saturating_sub(len));
        // Runs do not touch each other: they would make one longer run.
        let (lo, hi) = (at.saturating_sub(1), (at + len + 1).min(n));
        if gone[lo..hi].iter().any(|&g| g) {
            continue;
        }
        gone[at..at + len].iter_mut().for_each(|g| *g = true);
        count += len;
    }
    let mut new_index = vec![usize::MAX; n];
    let mut next = 0;
    for (i, g) in gone.iter().enumerate() {
        if !g {
            new_index[i] = next;
            next += 1;
        }
    }
    let keep = |segs: &[Segment]| -> Vec<Segment> {
        segs.iter().zip(&gone).filter(|(_, g)| !**g).map(|(s, _)| s.clone()).collect()
    };
    let (src, tgt) = if on_target { (d.src.clone(), keep(&d.tgt)) } else { (keep(&d.src), d.tgt.clone()) };
    let mut gold = Vec::new();
    for (s, t) in &d.gold {
        let (cut, other) = if on_target { (t, s) } else { (s, t) };
        let kept: Vec<usize> = cut.iter().filter(|&&x| !gone[x]).map(|&x| new_index[x]).collect();
        if kept.is_empty() && !other.is_empty() {
            for &x in other {
                gold.push(if on_target { (vec![x], vec![]) } else { (vec![], vec![x]) });
            }
        } else if !kept.is_empty() || !other.is_empty() {
            gold.push(if on_target { (other.clone(), kept) } else { (kept, other.clone()) });
        }
    }
    Doc { name: format!("{}-abridged", d.name), src, tgt, gold, langs: d.langs.clone() }
}

/// The longest run of consecutive system links that are not gold links,
/// and the number of runs of three or more: how far an error carries.
fn wrong_runs(gold: &[Bead], test: &[Bead]) -> (usize, usize) {
    let g: HashSet<&Bead> = gold.iter().collect();
    let (mut longest, mut long_runs, mut run) = (0, 0, 0);
    for b in test.iter().chain(std::iter::once(&(vec![usize::MAX], vec![]))) {
        if !b.0.contains(&usize::MAX) && !g.contains(b) {
            run += 1;
        } else {
            longest = longest.max(run);
            if run >= 3 {
                long_runs += 1;
            }
            run = 0;
        }
    }
    (longest, long_runs)
}

/// Unaligned sentences of an alignment, as (side, index).
fn nulls(beads: &[Bead]) -> HashSet<(bool, usize)> {
    let mut out = HashSet::new();
    for (s, t) in beads {
        if t.is_empty() {
            out.extend(s.iter().map(|&i| (true, i)));
        }
        if s.is_empty() {
            out.extend(t.iter().map(|&j| (false, j)));
        }
    }
    out
}

/// One row of the table: a set (or the total) with its scores, its worst
/// document, its unaligned sentences (gold, ours, right) and the wrong-run
/// columns.
fn print_row(name: &str, docs: usize, s: &eval::Scores, worst: &str, nulls: (usize, usize, usize), runs: &str) {
    let (gold, ours, right) = nulls;
    let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    println!(
        "| {name} | {docs} | {:.3} | {:.3} | **{:.3}** | {:.3} | {:.3} | **{:.3}** | {worst} | {gold} / {ours} / {right} | {:.2} | {:.2} | {runs} |",
        s.strict.precision,
        s.strict.recall,
        s.strict.f1,
        s.lax.precision,
        s.lax.recall,
        s.lax.f1,
        ratio(right, ours),
        ratio(right, gold)
    );
}

fn main() {
    let mut args: Vec<String> = common::args();
    let mut bench = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench");
    if let Some(i) = args.iter().position(|a| a == "--gold") {
        bench = PathBuf::from(args.get(i + 1).cloned().unwrap_or_default());
        args.drain(i..(i + 2).min(args.len()));
    }
    let show_docs = args.iter().any(|a| a == "--docs");
    let no_dict = args.iter().any(|a| a == "--no-dict");
    let floors: Vec<(String, f64, f64)> = match args.iter().position(|a| a == "--check") {
        None => Vec::new(),
        Some(i) => {
            let path = args.get(i + 1).cloned().unwrap_or_default();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                eprintln!("benches/eval: cannot read floors {path}: {e}");
                std::process::exit(2);
            });
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| {
                    let f: Vec<&str> = l.split('\t').collect();
                    match (f.first(), f.get(1).and_then(|v| v.parse().ok()), f.get(2).and_then(|v| v.parse().ok())) {
                        (Some(set), Some(strict), Some(lax)) => (set.to_string(), strict, lax),
                        _ => {
                            eprintln!("benches/eval: {path}: not a `set<TAB>strict<TAB>lax` line: {l:?}");
                            std::process::exit(2);
                        }
                    }
                })
                .collect()
        }
    };
    let mut without = Vec::new();
    while let Some(i) = args.iter().position(|a| a == "--without") {
        let name = args.get(i + 1).cloned().unwrap_or_default();
        without.push(name.parse::<Cue>().unwrap_or_else(|e| {
            eprintln!("eval_bench: --without: {e}");
            std::process::exit(2);
        }));
        args.drain(i..(i + 2).min(args.len()));
    }
    let ablation = args.iter().any(|a| a == "--ablation");
    let learn = if args.iter().any(|a| a == "--learn") {
        align::Learn::Always
    } else if args.iter().any(|a| a == "--no-learn") {
        align::Learn::Never
    } else {
        align::Learn::Auto
    };
    let mut sets: Vec<PathBuf> =
        std::fs::read_dir(&bench).map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    sets.retain(|p| p.is_dir());
    sets.sort();
    if sets.is_empty() {
        eprintln!("benches/eval: no gold sets under {}", bench.display());
        std::process::exit(2);
    }
    let cfg = DataConfig { no_dict, ..DataConfig::default() };
    let lexicons = transalign::data::LexiconCache::default();
    let loaded: Vec<(String, Vec<Doc>)> = sets
        .iter()
        .map(|set| (set.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), load_set(set)))
        .collect();
    let align_doc = |d: &Doc, without: &[Cue]| -> Vec<Bead> {
        let lex = lexicons.get(&cfg, &d.langs.0, &d.langs.1, |_| {}).ok();
        let lex = lex.as_ref().and_then(|l| l.lexicon.as_ref());
        let acfg = Config { without: without.to_vec(), learn, ..Config::default() };
        let a = align::align(&d.src, &d.tgt, &d.langs.0, &d.langs.1, lex, &acfg);
        a.links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect()
    };
    if args.iter().any(|a| a == "--settings") {
        settings_table(&loaded, &without);
        return;
    }
    if ablation {
        let names: Vec<&str> = loaded.iter().map(|(n, _)| n.as_str()).collect();
        println!("| cue | what it costs | strict F1 without it: {} | omission P / R |", names.join(" / "));
        println!("|---|---|---|---|");
        // The whole model, each cue alone off, then every learned cue off
        // (no second pass).
        let learned: Vec<Cue> = Cue::ALL.into_iter().filter(|c| c.is_learned()).collect();
        let rows = std::iter::once((None, Vec::new()))
            .chain(Cue::ALL.into_iter().map(|c| (Some(c.name()), vec![c])))
            .chain(std::iter::once((Some("every learned cue"), learned)));
        for (row, cues) in rows {
            let off: Vec<Cue> = without.iter().copied().chain(cues.iter().copied()).collect();
            let mut f1s = Vec::new();
            let (mut gn, mut sn, mut right) = (0, 0, 0);
            for (_, docs) in &loaded {
                let pairs: Vec<(Vec<Bead>, Vec<Bead>)> =
                    docs.iter().map(|d| (d.gold.clone(), align_doc(d, &off))).collect();
                f1s.push(format!("{:.3}", eval::score_all(&pairs).strict.f1));
                for (g, t) in &pairs {
                    let (g, t) = (nulls(g), nulls(t));
                    gn += g.len();
                    sn += t.len();
                    right += g.intersection(&t).count();
                }
            }
            let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
            let about = match cues.as_slice() {
                [] => "",
                [c] => c.about(),
                _ => "no second pass: the first pass's alignment is the result",
            };
            let name = row.unwrap_or("(none: the whole model)");
            println!("| {name} | {about} | {} | {:.2} / {:.2} |", f1s.join(" / "), ratio(right, sn), ratio(right, gn));
        }
        return;
    }
    println!(
        "| set | docs | strict P | strict R | strict F1 | lax P | lax R | lax F1 | worst doc (strict/lax F1) | unaligned: gold / ours / right | omission P | omission R | longest wrong run | runs ≥ 3 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all_pairs = Vec::new();
    let (mut all_gold_nulls, mut all_sys_nulls, mut all_right) = (0, 0, 0);
    let mut failed = false;
    for (name, docs) in &loaded {
        let name = name.as_str();
        let mut pairs = Vec::new();
        let mut worst: Option<(String, f64, f64)> = None;
        let (mut gn, mut sn, mut right) = (0, 0, 0);
        let (mut longest, mut long_runs) = (0, 0);
        for d in docs {
            let test = align_doc(d, &without);
            let s = eval::score_all(&[(d.gold.clone(), test.clone())]);
            let (l, r) = wrong_runs(&d.gold, &test);
            if show_docs {
                println!(
                    "|   {name}/{} | | | | {:.3} | | | {:.3} | | | | | {l} | {r} |",
                    d.name, s.strict.f1, s.lax.f1
                );
            }
            if worst.as_ref().is_none_or(|w| s.strict.f1 < w.1) {
                worst = Some((d.name.clone(), s.strict.f1, s.lax.f1));
            }
            longest = longest.max(l);
            long_runs += r;
            let (g, t) = (nulls(&d.gold), nulls(&test));
            gn += g.len();
            sn += t.len();
            right += g.intersection(&t).count();
            pairs.push((d.gold.clone(), test));
        }
        let s = eval::score_all(&pairs);
        let w = worst.unwrap_or_default();
        let worst = format!("{} {:.3}/{:.3}", w.0, w.1, w.2);
        print_row(name, docs.len(), &s, &worst, (gn, sn, right), &format!("{longest} | {long_runs}"));
        for (set_name, strict, lax) in &floors {
            if *set_name == name && (s.strict.f1 + 1e-9 < *strict || s.lax.f1 + 1e-9 < *lax) {
                eprintln!(
                    "benches/eval: {name} scored strict {:.4} / lax {:.4}, below its floor {strict} / {lax}",
                    s.strict.f1, s.lax.f1
                );
                failed = true;
            }
        }
        all_pairs.extend(pairs);
        all_gold_nulls += gn;
        all_sys_nulls += sn;
        all_right += right;
    }
    let s = eval::score_all(&all_pairs);
    print_row("all", all_pairs.len(), &s, "", (all_gold_nulls, all_sys_nulls, all_right), " | ");
    for (set_name, _, _) in &floors {
        if !sets.iter().any(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == *set_name)) {
            eprintln!("benches/eval: {set_name} has a floor but no gold set under {}", bench.display());
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// How a row of the settings table aligns: with the bundled dictionary or
/// none, and whether it learns a lexicon per text pair or over the set.
#[derive(Clone, Copy)]
struct Setting {
    name: &'static str,
    dict: bool,
    learn: Learn,
    over_set: bool,
}

const SETTINGS: [Setting; 6] = [
    Setting { name: "bundled", dict: true, learn: Learn::Never, over_set: false },
    Setting { name: "empty", dict: false, learn: Learn::Never, over_set: false },
    Setting { name: "empty + learned", dict: false, learn: Learn::Always, over_set: false },
    Setting { name: "bundled + learned", dict: true, learn: Learn::Always, over_set: false },
    Setting { name: "empty + learned over the set", dict: false, learn: Learn::Never, over_set: true },
    Setting { name: "bundled + learned over the set", dict: true, learn: Learn::Never, over_set: true },
];

/// Align every document of a set under one setting.
fn align_set(
    docs: &[Doc],
    st: Setting,
    without: &[Cue],
    caches: &[transalign::data::LexiconCache; 2],
) -> Vec<Vec<Bead>> {
    // A cache per kind of dictionary: a cache knows only the language pair.
    let lexicons = &caches[usize::from(st.dict)];
    let data = DataConfig { no_dict: !st.dict, ..DataConfig::default() };
    let lex_of = |d: &Doc| lexicons.get(&data, &d.langs.0, &d.langs.1, |_| {}).ok();
    let cfg = Config { without: without.to_vec(), learn: st.learn, ..Config::default() };
    let run = |d: &Doc, cfg: &Config| {
        let lex = lex_of(d);
        let lex = lex.as_ref().and_then(|l| l.lexicon.as_ref());
        align::align(&d.src, &d.tgt, &d.langs.0, &d.langs.1, lex, cfg)
    };
    let first: Vec<align::Alignment> = docs.iter().map(|d| run(d, &cfg)).collect();
    let out = if st.over_set && !docs.is_empty() {
        // One lexicon over every document of the set (one language pair
        // per set), as `align --batch` learns it; then each realigned.
        let lex = lex_of(&docs[0]);
        let lex = lex.as_ref().and_then(|l| l.lexicon.as_ref());
        let mut learner = Learner::new(&docs[0].langs.0, &docs[0].langs.1, lex);
        for (d, a) in docs.iter().zip(&first) {
            learner.add_links(&d.src, &d.tgt, &a.links);
        }
        let cfg = Config { learned: Some(Arc::new(learner.finish())), ..cfg.clone() };
        docs.iter().map(|d| run(d, &cfg)).collect()
    } else {
        first
    };
    out.iter().map(|a| a.links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect()).collect()
}

/// The settings table: a row per set and setting, then the abridged sets.
fn settings_table(loaded: &[(String, Vec<Doc>)], without: &[Cue]) {
    println!("| set | setting | strict F1 | lax F1 | 1-0/0-1: gold / ours / right | omission P | omission R | time |");
    println!("|---|---|---:|---:|---|---:|---:|---:|");
    let lexicons: [transalign::data::LexiconCache; 2] = Default::default();
    let abridged: Vec<(String, Vec<Doc>)> = loaded
        .iter()
        .map(|(name, docs)| {
            (format!("{name}, abridged"), docs.iter().enumerate().map(|(k, d)| abridge(d, k)).collect())
        })
        .collect();
    // After the sets of each kind, every setting over all of them at once
    // (micro-averaged, as `all` in the main table): the figure a target
    // "on the abridgement" is read from, beside each set's own.
    for (group, all) in [(loaded, "all"), (&abridged[..], "all, abridged")] {
        let mut pooled: Vec<(Vec<GoldAndTest>, f64)> = vec![(Vec::new(), 0.0); SETTINGS.len()];
        for (name, docs) in group {
            for (st, pool) in SETTINGS.iter().zip(&mut pooled) {
                // Loading the lexicon is paid once per set, not in a row's time.
                let _ = align_set(
                    &docs[..docs.len().min(1)],
                    Setting { learn: Learn::Never, over_set: false, ..*st },
                    without,
                    &lexicons,
                );
                let start = Instant::now();
                let tests = align_set(docs, *st, without, &lexicons);
                let took = start.elapsed().as_secs_f64();
                let pairs: Vec<GoldAndTest> = docs.iter().zip(tests).map(|(d, t)| (d.gold.clone(), t)).collect();
                settings_row(name, st.name, &pairs, took);
                pool.0.extend(pairs);
                pool.1 += took;
            }
        }
        if group.len() > 1 {
            for (st, (pairs, took)) in SETTINGS.iter().zip(&pooled) {
                settings_row(all, st.name, pairs, *took);
            }
        }
    }
}

/// A document's gold beads and the system's.
type GoldAndTest = (Vec<Bead>, Vec<Bead>);

/// One row of the settings table.
fn settings_row(set: &str, setting: &str, pairs: &[GoldAndTest], took: f64) {
    let s = eval::score_all(pairs);
    let (mut gn, mut sn, mut right) = (0, 0, 0);
    for (g, t) in pairs {
        let (g, t) = (nulls(g), nulls(t));
        gn += g.len();
        sn += t.len();
        right += g.intersection(&t).count();
    }
    let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    println!(
        "| {set} | {setting} | {:.3} | {:.3} | {gn} / {sn} / {right} | {:.2} | {:.2} | {took:.2} s |",
        s.strict.f1,
        s.lax.f1,
        ratio(right, sn),
        ratio(right, gn)
    );
}
