//! Align two texts with the library: read both (any supported syntax), find
//! the dictionary the way the CLI does, align, print each link.
//!
//! `cargo run --example align_two_texts -- corpora/udhr/nld.md corpora/udhr/fra.md`
//! (those two are the default).

use std::path::PathBuf;

use transalign::align::Config;
use transalign::data::DataConfig;
use transalign::jobs::align::{self as run, ReadAs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let src = args.next().unwrap_or_else(|| "corpora/udhr/nld.md".into());
    let tgt = args.next().unwrap_or_else(|| "corpora/udhr/fra.md".into());

    let (s, t, sl, tl) = run::read_pair(&src, &tgt, &ReadAs::default())?;
    // Bundled data first, then the system's: the same lookup as the CLI.
    let loaded = DataConfig::default().lexicon(&sl, &tl)?;
    eprintln!("{}", loaded.note);
    let done = run::align_texts(s, t, &sl, &tl, loaded.lexicon.as_ref(), &Config::default());

    let side = |segs: &[transalign::align::Segment], ix: &[usize]| {
        ix.iter().map(|&i| segs[i].text.as_str()).collect::<Vec<_>>().join(" ~~~ ")
    };
    for l in &done.alignment.links {
        println!(
            "{}-{}\t{:.3}\t{}\t{}",
            l.src.len(),
            l.tgt.len(),
            l.confidence,
            side(&done.src.segments, &l.src),
            side(&done.tgt.segments, &l.tgt)
        );
    }
    let unaligned = done.unaligned.len();
    eprintln!("{} links, {unaligned} segments left unaligned", done.alignment.links.len());
    Ok(())
}
