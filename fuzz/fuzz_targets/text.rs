//! Fuzz target: a plain-text document to align: read, segment, align with itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use transalign::read::Syntax;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(t) = transalign::align::input::from_syntax(s, Syntax::Text, transalign::Lang::new("nl")) {
            let l = transalign::Lang::new("nl").unwrap();
            let a = transalign::align::align(&t.segments, &t.segments, &l, &l, None, &Default::default());
            assert!(a.links.iter().all(|k| (0.0..=1.0).contains(&k.confidence)));
        }
    }
});
