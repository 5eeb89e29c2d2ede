//! The integration tests: one binary, a module per area (ripgrep's layout),
//! so the crate is linked once. `cargo test --test it AREA::` runs one area.

mod common;

mod align;
mod browser;
mod cli;
mod data;
mod failures;
mod formats;
mod hostile;
mod layers;
mod learn;
mod multi;
mod multi_browser;
mod parse;
mod properties;
mod qa10;
mod qa7;
mod qa8;
mod qa9;
mod review_model;
mod robust;
mod silent;
mod silent2;
mod silent3;
mod silent4;
mod tei;
mod titles;
mod workflow;
