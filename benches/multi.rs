//! `transalign multi` measured: accuracy of the pairs projected out of a
//! multi-alignment against gold pairs, beside the pairwise runs, with and
//! without the translation-to-translation repair; and time for N = 2, 4
//! and 8 versions of a 10,000-sentence text.
//!
//!     cargo bench --bench multi [-- --accuracy | --timing] [--dir BENCH_DIR]
//!
//! **The three-way case.** No two gold pairs in `../shared/bench` share a
//! text, so each gold document pair (pivot P = its source, A = its target)
//! gets a second version B of its target, made by re-cutting A: every 17th
//! sentence dropped, every 7th merged with the next, every 5th longer than
//! 100 characters split at the comma or semicolon nearest its middle. The
//! gold P–B follows from P–A through that mapping (a gold link whose B
//! side vanished gives one 1-0 link per pivot sentence; gold links that
//! now share a B sentence are merged), and so does the gold A–B. B is in
//! A's language, so the check aligns A and B directly. This favours the
//! check: A and B share their words, which no two real translations do.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use transalign::Lang;
use transalign::align::{Link, Segment};
use transalign::data::DataConfig;
use transalign::eval::{self, Bead, Scores};
use transalign::jobs::Silent;
use transalign::jobs::multi::{CheckMode, MultiOptions, align_versions};
use transalign::multi::check::{Repair, repair};
use transalign::multi::{MultiAlignment, Version};

struct Doc {
    set: String,
    src: Vec<Segment>,
    tgt: Vec<Segment>,
    gold: Vec<Bead>,
    langs: (Lang, Lang),
}

fn segments(p: &Path) -> Vec<Segment> {
    transalign::jobs::align::read_text(p, true, None, None).map(|t| t.segments).unwrap_or_default()
}

fn load(bench: &Path) -> Vec<Doc> {
    let mut docs = Vec::new();
    let defr = bench.join("defr-dev");
    if let (true, Some(de), Some(fr)) = (defr.join("dev.defr").is_file(), Lang::new("de"), Lang::new("fr")) {
        docs.push(Doc {
            set: "defr-dev".into(),
            src: segments(&defr.join("dev.de")),
            tgt: segments(&defr.join("dev.fr")),
            gold: eval::read_beads(&defr.join("dev.defr")).unwrap_or_default(),
            langs: (de, fr),
        });
    }
    for set in ["enfr-transread-dev", "enis-parice-dev"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(bench.join(set))
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.sort();
        for d in dirs.into_iter().filter(|d| d.join("gold.beads").is_file()) {
            let langs = std::fs::read_to_string(d.join("langs")).unwrap_or_default();
            let mut it = langs.split_whitespace().filter_map(Lang::new);
            let (Some(s), Some(t)) = (it.next(), it.next()) else { continue };
            docs.push(Doc {
                set: set.into(),
                src: segments(&d.join("src.txt")),
                tgt: segments(&d.join("tgt.txt")),
                gold: eval::read_beads(&d.join("gold.beads")).unwrap_or_default(),
                langs: (s, t),
            });
        }
    }
    docs
}

/// A second version of a text, re-cut as the module documentation says,
/// with `seed` shifting which sentences are touched; and for each
/// sentence of the text, the new version's sentences it became.
fn recut(segs: &[Segment], seed: usize) -> (Vec<Segment>, Vec<Vec<usize>>) {
    let mut out: Vec<Segment> = Vec::new();
    let mut map = vec![Vec::new(); segs.len()];
    let mut i = 0;
    while i < segs.len() {
        let k = i + seed;
        let text = segs[i].text.clone();
        if k % 17 == 16 {
            i += 1;
            continue;
        }
        if k % 7 == 3 && i + 1 < segs.len() && (k + 1) % 17 != 16 {
            map[i].push(out.len());
            map[i + 1].push(out.len());
            out.push(Segment::new(format!("s{}", out.len() + 1), format!("{} {}", text, segs[i + 1].text)));
            i += 2;
            continue;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let cut = (k % 5 == 1 && chars.len() > 100)
            .then(|| {
                let mid = chars.len() / 2;
                chars
                    .iter()
                    .enumerate()
                    .filter(|(n, (_, c))| {
                        (*c == ',' || *c == ';') && *n > chars.len() * 35 / 100 && *n < chars.len() * 65 / 100
                    })
                    .min_by_key(|(n, _)| n.abs_diff(mid))
                    .map(|(_, (b, c))| b + c.len_utf8())
            })
            .flatten();
        match cut {
            Some(b) if !text[b..].trim().is_empty() => {
                map[i].push(out.len());
                out.push(Segment::new(format!("s{}", out.len() + 1), text[..b].trim().to_string()));
                map[i].push(out.len());
                out.push(Segment::new(format!("s{}", out.len() + 1), text[b..].trim().to_string()));
            }
            _ => {
                map[i].push(out.len());
                out.push(Segment::new(format!("s{}", out.len() + 1), text));
            }
        }
        i += 1;
    }
    (out, map)
}

/// The gold P–B from the gold P–A and the re-cut map of A.
fn derived_gold(gold: &[Bead], map: &[Vec<usize>]) -> Vec<Bead> {
    let mut out: Vec<Bead> = Vec::new();
    for (ps, as_) in gold {
        let mut bs: Vec<usize> = as_.iter().flat_map(|&a| map.get(a).cloned().unwrap_or_default()).collect();
        bs.sort_unstable();
        bs.dedup();
        if bs.is_empty() {
            // Its target side vanished: each pivot sentence unaligned.
            out.extend(ps.iter().map(|&p| (vec![p], vec![])));
            continue;
        }
        if ps.is_empty() {
            out.extend(bs.iter().map(|&b| (vec![], vec![b])));
            continue;
        }
        // Merged with the previous link when they now share a sentence.
        if let Some(last) = out.iter_mut().rev().find(|(p, b)| !p.is_empty() && !b.is_empty())
            && last.1.iter().any(|b| bs.contains(b))
        {
            last.0.extend(ps.iter().copied());
            last.0.sort_unstable();
            last.1.extend(bs);
            last.1.sort_unstable();
            last.1.dedup();
            continue;
        }
        out.push((ps.clone(), bs));
    }
    out
}

/// The gold A–B: each sentence of A and what it became.
fn recut_gold(map: &[Vec<usize>]) -> Vec<Bead> {
    let mut out: Vec<Bead> = Vec::new();
    for (a, bs) in map.iter().enumerate() {
        if bs.is_empty() {
            out.push((vec![a], vec![]));
        } else if let Some(last) = out.last_mut().filter(|l| l.1 == *bs) {
            last.0.push(a);
        } else {
            out.push((vec![a], bs.clone()));
        }
    }
    out
}

fn beads(links: &[Link]) -> Vec<Bead> {
    links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect()
}

/// One document's three-way case, aligned once.
struct Case {
    set: String,
    m: MultiAlignment,
    gold_pa: Vec<Bead>,
    gold_pb: Vec<Bead>,
    gold_ab: Vec<Bead>,
}

fn case(d: &Doc, data: &DataConfig) -> Case {
    let (b, map) = recut(&d.tgt, 0);
    let versions = vec![
        Version::new("P", "P", d.langs.0.clone(), d.src.clone()),
        Version::new("A", "A", d.langs.1.clone(), d.tgt.clone()),
        Version::new("B", "B", d.langs.1.clone(), b),
    ];
    let opts = MultiOptions { check: CheckMode::Chain, ..Default::default() };
    let m = align_versions(versions, &opts, data, &mut Silent).expect("aligned");
    Case {
        set: d.set.clone(),
        m,
        gold_pb: derived_gold(&d.gold, &map),
        gold_ab: recut_gold(&map),
        gold_pa: d.gold.clone(),
    }
}

/// The case's multi-alignment with the check's repair applied.
fn repaired(m: &MultiAlignment, how: Repair) -> MultiAlignment {
    let mut versions = m.versions.clone();
    let mut checks = m.checks.clone();
    for c in &mut checks {
        c.repaired = repair(&mut versions, c.a, c.b, &c.links, how);
    }
    MultiAlignment::new(versions, checks).expect("repaired links cover the texts")
}

fn f1s(s: &Scores) -> String {
    format!("{:.3} / {:.3}", s.strict.f1, s.lax.f1)
}

/// Rows flagged `disagree`, and how many of them hold a link of A or B
/// that is not in its gold; rows with such a link in all.
fn flag_quality(c: &Case) -> (usize, usize, usize) {
    let (ga, gb): (HashSet<&Bead>, HashSet<&Bead>) = (c.gold_pa.iter().collect(), c.gold_pb.iter().collect());
    let (mut flagged, mut flagged_wrong, mut wrong) = (0, 0, 0);
    for row in &c.m.rows {
        let bad = |v: usize, g: &HashSet<&Bead>| {
            row.cells[v].links.iter().any(|&k| {
                let l = &c.m.versions[v].links[k];
                !g.contains(&(l.src.clone(), l.tgt.clone()))
            })
        };
        let is_wrong = bad(1, &ga) || bad(2, &gb);
        let is_flagged = row.has(transalign::multi::FlagKind::Disagree);
        wrong += usize::from(is_wrong);
        flagged += usize::from(is_flagged);
        flagged_wrong += usize::from(is_wrong && is_flagged);
    }
    (flagged, flagged_wrong, wrong)
}

fn accuracy(bench: &Path) {
    let docs = load(bench);
    if docs.is_empty() {
        eprintln!("no gold sets in {}: nothing to measure", bench.display());
        return;
    }
    let data = DataConfig::default();
    let cases: Vec<Case> = docs.iter().map(|d| case(d, &data)).collect();
    let mut sets: Vec<String> = cases.iter().map(|c| c.set.clone()).collect();
    sets.dedup();
    sets.push("all".into());
    println!("Strict / lax F1 of each pair against its gold (P = source, A = target, B = A re-cut):\n");
    println!(
        "| set | docs | P–A pairwise | P–A from multi | P–A repaired | P–B pairwise | P–B from multi | P–B repaired | A–B composed | A–B direct | A–B repaired | disagree rows (with a wrong link) / rows with a wrong link | blocks repaired |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for set in &sets {
        let these: Vec<&Case> = cases.iter().filter(|c| set == "all" || &c.set == set).collect();
        let mut pa = (Vec::new(), Vec::new(), Vec::new());
        let mut pb = (Vec::new(), Vec::new(), Vec::new());
        let mut ab = (Vec::new(), Vec::new(), Vec::new());
        let (mut flagged, mut flagged_wrong, mut wrong, mut blocks) = (0, 0, 0, 0);
        for c in &these {
            let m = &c.m;
            let fixed = repaired(m, Repair::default());
            let proj = |m: &MultiAlignment, x, y| beads(&m.project(x, y).expect("projection").links);
            // Pairwise: the links each pair got from the aligner, untouched.
            pa.0.push((c.gold_pa.clone(), beads(&m.versions[1].links)));
            pa.1.push((c.gold_pa.clone(), proj(m, 0, 1)));
            pa.2.push((c.gold_pa.clone(), proj(&fixed, 0, 1)));
            pb.0.push((c.gold_pb.clone(), beads(&m.versions[2].links)));
            pb.1.push((c.gold_pb.clone(), proj(m, 0, 2)));
            pb.2.push((c.gold_pb.clone(), proj(&fixed, 0, 2)));
            ab.0.push((c.gold_ab.clone(), proj(m, 1, 2)));
            ab.1.push((c.gold_ab.clone(), beads(&m.checks[0].links)));
            ab.2.push((c.gold_ab.clone(), proj(&fixed, 1, 2)));
            let (f, fw, w) = flag_quality(c);
            flagged += f;
            flagged_wrong += fw;
            wrong += w;
            blocks += fixed.checks.iter().map(|c| c.repaired).sum::<usize>();
        }
        let s = |v: &Vec<(Vec<Bead>, Vec<Bead>)>| f1s(&eval::score_all(v));
        println!(
            "| {set} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {flagged} ({flagged_wrong}) / {wrong} | {blocks} |",
            these.len(),
            s(&pa.0),
            s(&pa.1),
            s(&pa.2),
            s(&pb.0),
            s(&pb.1),
            s(&pb.2),
            s(&ab.0),
            s(&ab.1),
            s(&ab.2)
        );
    }
    println!("\nRepair margins (all sets, strict F1 of P–A / P–B):\n");
    println!("| margin | P–A | P–B | blocks repaired |");
    println!("|---|---|---|---|");
    for margin in [0.0, 0.05, 0.1, 0.2, 0.3] {
        let (mut pa, mut pb, mut blocks) = (Vec::new(), Vec::new(), 0);
        for c in &cases {
            let fixed = repaired(&c.m, Repair { margin });
            pa.push((c.gold_pa.clone(), beads(&fixed.versions[1].links)));
            pb.push((c.gold_pb.clone(), beads(&fixed.versions[2].links)));
            blocks += fixed.checks.iter().map(|c| c.repaired).sum::<usize>();
        }
        println!(
            "| {margin} | {:.3} | {:.3} | {blocks} |",
            eval::score_all(&pa).strict.f1,
            eval::score_all(&pb).strict.f1
        );
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn timing(bench: &Path) {
    let dir = bench.join("defr-dev");
    let (de, fr) = (segments(&dir.join("dev.de")), segments(&dir.join("dev.fr")));
    if de.is_empty() || fr.is_empty() {
        eprintln!("no defr-dev in {}: no timing", bench.display());
        return;
    }
    let copies = 10_000usize.div_ceil(de.len());
    let repeat = |s: &[Segment]| -> Vec<Segment> {
        (0..copies)
            .flat_map(|k| {
                s.iter()
                    .enumerate()
                    .map(move |(i, x)| Segment::new(format!("s{}", k * s.len() + i + 1), x.text.clone()))
            })
            .collect()
    };
    let (pivot, fr_all) = (repeat(&de), repeat(&fr));
    let (Some(l_de), Some(l_fr)) = (Lang::new("de"), Lang::new("fr")) else { return };
    let data = DataConfig::default();
    // Load the lexicon once before timing, as a long-running user would.
    let _ = data.lexicon(&l_de, &l_fr);
    println!(
        "\nTime for N versions (pivot: the German dev text ×{copies}, {} sentences; versions: the French ×{copies}, {} sentences, each re-cut differently; 2 cores):\n",
        pivot.len(),
        fr_all.len()
    );
    println!("| N | pairs aligned | check | time | per version | peak RSS so far |");
    println!("|---:|---:|---|---:|---:|---:|");
    for check in [CheckMode::None, CheckMode::Chain] {
        for n in [2usize, 4, 8] {
            let mut versions = vec![Version::new("de", "de", l_de.clone(), pivot.clone())];
            for k in 1..n {
                let segs = if k == 1 { fr_all.clone() } else { recut(&fr_all, k).0 };
                versions.push(Version::new(format!("fr{k}"), format!("fr{k}"), l_fr.clone(), segs));
            }
            let opts = MultiOptions { check, ..Default::default() };
            let start = Instant::now();
            let m = align_versions(versions, &opts, &data, &mut Silent).expect("aligned");
            let t = start.elapsed().as_secs_f64();
            println!(
                "| {n} | {} | {} | {t:.1} s | {:.2} s | {:.0} MB |",
                n - 1 + m.checks.len(),
                match check {
                    CheckMode::None => "none",
                    CheckMode::Chain => "chain",
                    CheckMode::All => "all",
                },
                t / (n - 1) as f64,
                peak_rss_mb()
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let bench = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"));
    let only = |flag: &str| args.iter().any(|a| a == flag);
    if !only("--timing") {
        accuracy(&bench);
    }
    if !only("--accuracy") {
        timing(&bench);
    }
}
