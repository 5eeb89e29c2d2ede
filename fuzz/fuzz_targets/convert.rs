//! Fuzz target: see `transalign::fuzzing`, which runs the same check on
//! the regression inputs in the normal test suite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| transalign::fuzzing::run("convert", data));
