//! What the commands do, above the library's floors: read inputs through
//! the door ([`crate::load`]), run the aligners and reports, write outputs.
//! The CLI only maps flags to these jobs; the Python package and library
//! users call them too.

pub mod align;
pub mod batch;
pub mod corpus;
pub mod data;
pub mod eval;
pub mod multi;
pub mod output;
pub mod report;
pub mod review;
pub mod titles;

/// What a job tells the person running it; the CLI prints it on standard
/// error, a library caller may ignore it ([`Silent`]).
pub trait Feedback {
    /// A line worth reading: which data was used, what was made.
    fn note(&mut self, msg: &str);
    /// More detail (`-v`): files read, timings.
    fn detail(&mut self, msg: &str) {
        let _ = msg;
    }
    /// Something that makes the results weaker or doubtful.
    fn warn(&mut self, msg: &str);
    /// The stage a long job has reached (a progress line on a terminal).
    fn stage(&mut self, what: &str) {
        let _ = what;
    }
    /// One unit of work done (a page, a pair).
    fn step(&mut self) {}
}

/// Feedback that goes nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Feedback for Silent {
    fn note(&mut self, _: &str) {}
    fn warn(&mut self, _: &str) {}
}
