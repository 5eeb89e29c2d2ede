//! Fuzz target: page: MediaWiki wikitext through the page layer and TEI.
#![no_main]

use libfuzzer_sys::fuzz_target;
use transalign::read::Syntax;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        page(s, Syntax::MediaWiki);
    }
});

/// Parse a page in a syntax, and when it parses, write its TEI and read it back.
fn page(s: &str, syntax: Syntax) {
    let opts = transalign::parse::Options { syntax, ..Default::default() };
    if let Ok(p) = transalign::parse::parse_with(s, &opts) {
        let mut out = Vec::new();
        transalign::tei::write(&p.doc, &mut out).expect("writing a parsed page");
        let back = transalign::tei::read(std::str::from_utf8(&out).expect("UTF-8")).expect("reading our own TEI");
        assert!(back == p.doc, "page -> TEI -> model changed the document");
    }
}
