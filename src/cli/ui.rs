//! What the command line prints on standard error: notes, details (`-v`),
//! warnings, and a progress line on a terminal only.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use transalign::jobs::Feedback;

/// How much the run prints.
#[derive(Clone, Copy)]
pub struct Ui {
    /// Errors and warnings only.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
}

impl Ui {
    /// Feedback for one job, with a progress line of `len` steps (a spinner
    /// when `None`) on a terminal, none with `-q` or off a terminal.
    pub fn job(self, len: Option<u64>, what: &str) -> Term {
        let bar = if self.quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let (template, fallback) = match len {
                Some(_) => ("{spinner} {msg} {bar:30} {pos}/{len} {elapsed}", ProgressStyle::default_bar()),
                None => ("{spinner} {msg} {elapsed}", ProgressStyle::default_spinner()),
            };
            let bar = match len {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            };
            bar.set_style(ProgressStyle::with_template(template).unwrap_or(fallback));
            bar.set_message(what.to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        };
        Term { ui: self, bar }
    }
}

/// A job's feedback on standard error.
pub struct Term {
    ui: Ui,
    bar: ProgressBar,
}

impl Term {
    /// Print a line above the progress line.
    pub fn line(&self, msg: &str) {
        self.bar.suspend(|| say(&format!("transalign: {msg}")));
    }

    /// The job is done: the progress line goes.
    pub fn done(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

impl Feedback for Term {
    fn note(&mut self, msg: &str) {
        if !self.ui.quiet {
            self.line(msg);
        }
    }
    fn detail(&mut self, msg: &str) {
        if !self.ui.quiet && self.ui.verbose > 0 {
            self.line(msg);
        }
    }
    fn warn(&mut self, msg: &str) {
        self.line(&format!("warning: {msg}"));
    }
    fn stage(&mut self, what: &str) {
        self.bar.set_message(what.to_string());
    }
    fn step(&mut self) {
        self.bar.inc(1);
    }
}

/// Write a line on standard error, whatever becomes of it: a closed or
/// full standard error (`2>/dev/full`, `2>&1 | head -1`) must not stop
/// the job or lose its output, as `eprintln!`'s panic did.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
