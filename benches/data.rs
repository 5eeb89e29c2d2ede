//! How fast the bundled data opens: built into the binary (compiled
//! tables, read where they lie), against parsing data/'s `.tsv.gz` files
//! and the upstream files they were made from (when installed):
//! `cargo bench --bench data`.
//!
//! Prints, per lexicon and for the French morphology, the median time of
//! five runs from data/ and from dictd/Hunspell, checking that both give
//! the same entries; then, per built-in route, the time to open it and to
//! look up a thousand of its headwords.

use std::path::Path;
use std::time::Instant;

use transalign::Lang;
use transalign::lexicon::{Lexicon, bundle, hunspell::Morphology};

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..5)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dictd = Path::new("/usr/share/dictd");
    println!("| data | entries | bundled load | upstream load | same entries |");
    println!("|---|---|---|---|---|");
    for (name, _) in transalign::data::build::LEXICONS {
        let (s, t) = name.split_once('-').ok_or("name")?;
        let (sl, tl) = (Lang::new(s).ok_or("lang")?, Lang::new(t).ok_or("lang")?);
        let sub = if data.join(format!("lexicons/freedict-{name}.tsv.gz")).is_file() { "" } else { "pivot/" };
        let file = data.join(format!("lexicons/{sub}freedict-{name}.tsv.gz"));
        let mut from_bundle = Lexicon::new(sl.clone(), tl.clone());
        let ms_bundle = median_ms(|| {
            let mut l = Lexicon::new(sl.clone(), tl.clone());
            if let Ok(b) = bundle::read(&file) {
                l.add_pairs(&b.pairs, false);
            }
            from_bundle = l;
        });
        let index = dictd.join(format!("freedict-{name}.index"));
        let (ms_up, same) = if index.is_file() && sub.is_empty() {
            let mut up = Lexicon::new(sl.clone(), tl.clone());
            let ms = median_ms(|| {
                let mut l = Lexicon::new(sl.clone(), tl.clone());
                let _ = l.load_dictd(&index, false);
                up = l;
            });
            let same =
                up.len() == from_bundle.len() && up.entries().iter().all(|(h, ts)| from_bundle.get(h) == ts.as_slice());
            (format!("{ms:.0} ms"), if same { "yes" } else { "NO" })
        } else {
            ("—".to_string(), "—")
        };
        println!("| {sub}freedict-{name} | {} | {ms_bundle:.0} ms | {ms_up} | {same} |", from_bundle.len());
    }
    let morph = data.join("morphology/fr.morph.gz");
    let mut m = None;
    let ms_bundle = median_ms(|| m = Morphology::load(&morph).ok());
    let m = m.ok_or("bundled morphology does not load")?;
    let dic = Path::new("/usr/share/hunspell/fr.dic");
    let (ms_up, same) = if dic.is_file() {
        let mut up = None;
        let ms = median_ms(|| up = Morphology::load(dic).ok());
        let up = up.ok_or("fr.dic does not load")?;
        let words = ["conquise", "prison", "dernier", "hommes", "révolutionnaire", "Staline", "forces", "écrites"];
        let same = words.iter().all(|w| m.analyze(w) == up.analyze(w) || sorted(m.analyze(w)) == sorted(up.analyze(w)));
        (format!("{ms:.0} ms"), if same { "yes" } else { "NO" })
    } else {
        ("—".to_string(), "—")
    };
    println!("| morphology/fr | {} | {ms_bundle:.0} ms | {ms_up} | {same} |", m.len());

    println!("\n| built-in route | open | 1000 lookups | same as data/ |");
    println!("|---|---|---|---|");
    for pair in ["nl-fr", "fr-nl", "de-fr", "fr-de", "nl-en", "en-fr", "is-en"] {
        let (s, t) = pair.split_once('-').ok_or("pair")?;
        let (sl, tl) = (Lang::new(s).ok_or("lang")?, Lang::new(t).ok_or("lang")?);
        let cfg = transalign::data::DataConfig { no_pivot: true, ..Default::default() };
        let mut lex = None;
        let open = median_ms(|| lex = cfg.lexicon(&sl, &tl).ok().and_then(|l| l.lexicon));
        let lex = lex.ok_or("no built-in lexicon")?;
        let heads: Vec<(String, Vec<String>)> = lex.entries().into_iter().step_by(37).take(1000).collect();
        let look = median_ms(|| {
            let fresh = cfg.lexicon(&sl, &tl).ok().and_then(|l| l.lexicon);
            if let Some(l) = fresh {
                for (h, _) in &heads {
                    std::hint::black_box(l.get(h));
                }
            }
        }) - open;
        let same = heads.iter().all(|(h, ts)| lex.get(h) == ts.as_slice());
        println!("| {pair} | {:.3} ms | {look:.2} ms | {} |", open, if same { "yes" } else { "NO" });
    }
    let fr = Lang::new("fr").ok_or("lang")?;
    let mut bm = None;
    let open =
        median_ms(|| bm = transalign::data::DataConfig::default().morphology(&fr).ok().and_then(|m| m.morphology));
    let bm = bm.ok_or("no built-in morphology")?;
    let words = ["conquise", "prison", "dernier", "hommes", "révolutionnaire", "Staline", "forces", "écrites"];
    let same = words.iter().all(|w| sorted(bm.analyze(w)) == sorted(m.analyze(w)));
    println!("| morphology fr | {open:.3} ms | — | {} |", if same { "yes" } else { "NO" });
    Ok(())
}

fn sorted(mut v: Vec<transalign::lexicon::hunspell::Analysis>) -> Vec<String> {
    let mut s: Vec<String> = v.drain(..).map(|a| format!("{a:?}")).collect();
    s.sort();
    s
}
