//! Silent failures found by QA, round 8 (a new user following the README,
//! flags combined in odd ways, hand-edited and foreign inputs): each test
//! fails on the code before its fix.

use std::path::Path;

use crate::common;

/// Run `args` in `dir`; returns the exit code, standard output and error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// `titles --lang de` and `report --lang de` on a Dutch page matched its
/// titles as Dutch (the listed translations' own language wins over the
/// flag), exit 0, and said nothing: the flag was accepted and ignored.
/// Now a warning names the flag, the language used and the page; a flag
/// that agrees says nothing.
#[test]
fn a_lang_flag_the_titles_overrule_is_warned_about() {
    let root = common::root();
    let page = "corpora/nl/victor-serge.md";
    for cmd in ["titles", "report"] {
        let (code, out, err) = run(&root, &[cmd, page, "--lang", "de", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\"translations\": \"nl\""), "{cmd}: {out}");
        assert!(
            err.contains(
                "victor-serge.md: --lang says de (German), but its translated titles read as nl (Dutch), \
                 the language they were matched in; check --lang"
            ),
            "{cmd}: {err}"
        );
        let (code, _, err) = run(&root, &[cmd, page, "--lang", "nl", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(!err.contains("check --lang"), "{cmd}: {err}");
    }
}
