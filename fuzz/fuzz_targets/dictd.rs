//! Fuzz target: a dictd index and its data (split at the first NUL), and entry texts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    if let Ok(idx) = std::str::from_utf8(&data[..cut]) {
        let rest = data.get(cut + 1..).unwrap_or(&[]);
        let _ = transalign::lexicon::dictd::parse_pairs(idx, rest, std::path::Path::new("fuzz.index"));
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = transalign::lexicon::dictd::translations(s);
    }
});
