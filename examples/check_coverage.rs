//! Coverage of a directory of author pages: for each page, how many French
//! originals have a translation listed, and what the report flags.
//!
//! `cargo run --example check_coverage -- corpora/nl`

use transalign::data::DataConfig;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os().nth(1).map_or_else(|| "corpora/nl".into(), std::path::PathBuf::from);
    let paths = transalign::report::page_files(&[dir])?;
    let mut notes = |n: &str| eprintln!("{n}");
    // One page in memory at a time, however large the directory.
    let summary = transalign::report::stream(&paths, None, &DataConfig::default(), &mut notes, &mut |page| {
        let c = &page.titles.coverage;
        println!(
            "{}\t{}/{} originals translated ({:.1} %)\t{} issues",
            page.file,
            c.translated,
            c.originals,
            100.0 * c.ratio,
            page.issues.len()
        );
        Ok(())
    })?;
    println!(
        "total\t{}/{} originals translated ({:.1} %) over {} pages",
        summary.total.translated,
        summary.total.originals,
        100.0 * summary.total.ratio,
        summary.pages
    );
    Ok(())
}
