//! Parse an author page (Markdown, DokuWiki, MediaWiki, HTML) into the
//! document model, print what it holds, and write TEI P5 to standard output.
//!
//! `cargo run --example export_tei -- corpora/nl/victor-serge.md > serge.xml`

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).map_or_else(|| "corpora/nl/victor-serge.md".into(), std::path::PathBuf::from);
    let parsed = transalign::load::page(&path)?;
    let doc = &parsed.doc;
    let name = doc.title.as_deref().unwrap_or("(untitled)");
    eprintln!("{name}: {} bibliographic entries", doc.bibls().len());
    for b in doc.bibls() {
        let lang = b.lang.as_ref().map_or("?", |l| l.code());
        let year = b.year.map_or_else(|| "?".into(), |y| y.to_string());
        let place = b.pub_place.as_deref().unwrap_or("-");
        eprintln!("  [{lang}] {} ({place}, {year})", b.title);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    transalign::tei::write(doc, &mut out)?;
    out.flush()?;
    Ok(())
}
