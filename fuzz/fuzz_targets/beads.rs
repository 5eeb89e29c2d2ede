//! Fuzz target: the alignment readers of eval and convert.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = transalign::eval::parse_beads(s);
    }
});
