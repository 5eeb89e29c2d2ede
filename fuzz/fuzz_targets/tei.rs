//! Fuzz target: the TEI reader, and a document it accepts written and read again.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(doc) = transalign::tei::read(s) {
            let mut out = Vec::new();
            transalign::tei::write(&doc, &mut out).expect("writing a read document");
            let again = transalign::tei::read(std::str::from_utf8(&out).expect("UTF-8")).expect("reading our own TEI");
            assert!(again == doc, "TEI round trip changed the document");
        }
    }
});
