//! The architecture holds: every `crate::` path in the library points at
//! its own floor or one below, and no two top-level modules import each
//! other in a loop. The floors are written down once, here; the README's
//! table of floors is generated from them (run with `TRANSALIGN_BLESS=1`
//! to rewrite it after changing them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common;

/// The library's floors, lowest first: a module may import from its own
/// floor and those below, never from above. The binary (`main.rs`,
/// `cli/`) sits on top of all of them.
const FLOORS: &[(&str, &[&str])] = &[
    (
        "ground: model and text utilities, no I/O but io",
        &["error", "syntax", "text", "xml", "io", "model", "segment", "lang"],
    ),
    ("data: lexicons, morphology, where data is found", &["lexicon", "data"]),
    ("readers: one per syntax, to the reader tree (TEI to a document)", &["read"]),
    ("page layer: reader tree to a document with ids", &["parse"]),
    ("TEI writer", &["tei"]),
    ("the one door: a file, bytes or text to a document", &["load"]),
    ("aligners: segments and titles", &["align", "titles"]),
    ("outputs: formats, review page, reports, scoring", &["formats", "review", "report", "eval", "multi"]),
    ("jobs: what the commands do", &["jobs"]),
    ("fuzzing checks (hidden)", &["fuzzing"]),
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|(_, mods)| mods.contains(&module))
}

/// Source text without comments and string literals, so that a path in a
/// doc comment or a message is not an import.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b[i..].starts_with(b"r#") || b[i..].starts_with(b"r\"")) && !is_ident(b, i) {
            // A raw string: r"…", r#"…"#, r##"…"##.
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            i += 2 + hashes;
            while i < b.len() && !b[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '"'.
            i += 3;
        } else {
            // Copy one whole UTF-8 character.
            let len = src[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&src[i..i + len]);
            i += len;
        }
    }
    out
}

fn is_ident(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// The top-level modules a file's code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `transalign_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first name of each item at depth one.
            let (mut depth, mut item, mut items) = (1, String::new(), Vec::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        items.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                item.push(c);
            }
            items.push(item);
            for it in items {
                let name: String = it.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.insert(name);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src is readable") {
        let p = e.expect("a directory entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Top-level module → the top-level modules it imports, and where.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut graph: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).expect("under src");
        let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let module = first.trim_end_matches(".rs").to_string();
        // The binary's own files sit above every floor.
        if ["main", "lib", "cli"].contains(&module.as_str()) {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&f).expect("a source file"));
        for m in imports(&code) {
            if m != module && !["Error", "ErrorKind", "Result", "Lang", "Document", "Bibl"].contains(&m.as_str()) {
                graph.entry(module.clone()).or_default().entry(m).or_default().push(rel.display().to_string());
            }
        }
        graph.entry(module).or_default();
    }
    graph
}

/// What breaks the layering: imports from a higher floor, modules on no
/// floor, and loops between modules.
fn violations(graph: &BTreeMap<String, BTreeMap<String, Vec<String>>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (m, deps) in graph {
        let Some(fm) = floor_of(m) else {
            bad.push(format!("module {m} is on no floor: add it to FLOORS in tests/it/layers.rs"));
            continue;
        };
        for (d, files) in deps {
            match floor_of(d) {
                None => bad.push(format!("{m} imports crate::{d}, which is on no floor ({})", files.join(", "))),
                Some(fd) if fd > fm => bad.push(format!(
                    "{m} (floor {fm}: {}) imports crate::{d} from above (floor {fd}: {}) in {}",
                    FLOORS[fm].0,
                    FLOORS[fd].0,
                    files.join(", ")
                )),
                _ => {}
            }
        }
    }
    // Loops: a module that reaches itself.
    for start in graph.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((m, path)) = stack.pop() {
            for d in graph.get(&m).map(|d| d.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                if &d == start {
                    let mut cycle = path.clone();
                    cycle.push(d);
                    let msg = format!("import loop: {}", cycle.join(" → "));
                    if !bad.iter().any(|b| b.starts_with("import loop") && same_cycle(b, &cycle)) {
                        bad.push(msg);
                    }
                } else if seen.insert(d.clone()) {
                    let mut p = path.clone();
                    p.push(d.clone());
                    stack.push((d, p));
                }
            }
        }
    }
    bad
}

fn same_cycle(msg: &str, cycle: &[String]) -> bool {
    let set: BTreeSet<&str> = cycle.iter().map(String::as_str).collect();
    let other: BTreeSet<&str> = msg.trim_start_matches("import loop: ").split(" → ").collect();
    set == other
}

#[test]
fn no_module_imports_from_a_higher_floor_and_none_loops() {
    let graph = module_graph(&common::root().join("src"));
    assert!(graph.contains_key("align") && graph.contains_key("load"), "the scan found the modules: {graph:?}");
    let bad = violations(&graph);
    assert!(bad.is_empty(), "the layering is broken:\n  {}", bad.join("\n  "));
}

#[test]
fn an_upward_import_or_a_loop_is_caught() {
    // The checker itself, on a deliberate upward import (the model floor
    // reaching into the aligner) and a loop (the page layer and the door).
    let dir = common::tempdir();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("model")).unwrap();
    std::fs::write(src.join("model/mod.rs"), "use crate::align::Segment;\n// crate::jobs in a comment\n").unwrap();
    std::fs::write(src.join("align.rs"), "use crate::{model, text::words};\nlet s = \"crate::report\";").unwrap();
    std::fs::write(src.join("parse.rs"), "fn f() { crate::load::page(p) }").unwrap();
    std::fs::write(src.join("load.rs"), "use crate::parse::{self, Reader};").unwrap();
    let graph = module_graph(&src);
    assert_eq!(graph["align"].keys().collect::<Vec<_>>(), ["model", "text"], "strings and comments are not imports");
    let bad = violations(&graph);
    assert!(bad.iter().any(|b| b.starts_with("model (floor 0") && b.contains("crate::align")), "{bad:?}");
    assert!(bad.iter().any(|b| b.starts_with("parse (floor 3") && b.contains("crate::load")), "{bad:?}");
    assert!(bad.iter().any(|b| b.starts_with("import loop") && b.contains("load") && b.contains("parse")), "{bad:?}");
    assert_eq!(bad.iter().filter(|b| b.starts_with("import loop")).count(), 2, "two loops, each said once: {bad:?}");
}

/// The README's table of floors, between its markers.
fn floors_table() -> String {
    let mut s = String::from("| floor | modules |\n|---|---|\n");
    for (what, mods) in FLOORS.iter().rev() {
        let names: Vec<String> = mods.iter().map(|m| format!("`{m}`")).collect();
        s.push_str(&format!("| {what} | {} |\n", names.join(", ")));
    }
    s
}

#[test]
fn the_readme_shows_these_floors() {
    let readme_path = common::root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (start, end) = ("<!-- floors: generated by tests/it/layers.rs -->\n", "<!-- end of floors -->");
    let a = readme.find(start).expect("README has the floors markers") + start.len();
    let b = readme[a..].find(end).expect("README closes the floors markers") + a;
    let want = floors_table();
    if readme[a..b] != want {
        if std::env::var_os("TRANSALIGN_BLESS").is_some() {
            std::fs::write(&readme_path, format!("{}{want}{}", &readme[..a], &readme[b..])).unwrap();
        } else {
            panic!("the README's floors differ from tests/it/layers.rs; rerun with TRANSALIGN_BLESS=1:\n{want}");
        }
    }
}

/// The library's dependency tree, without the binary's `cli` feature, has
/// no clap in it (sentencex is vendored without its program for this).
#[test]
fn the_library_builds_without_clap() {
    let crates = |features: &[&str]| -> Vec<String> {
        let out = std::process::Command::new(env!("CARGO"))
            .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "-p", "transalign"])
            .args(features)
            .current_dir(common::root())
            .output()
            .expect("run cargo tree");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    };
    let lib = crates(&["--no-default-features"]);
    assert!(lib.iter().any(|l| l.starts_with("sentencex ")), "the tree lists the library's dependencies:\n{lib:?}");
    let clap: Vec<&String> = lib.iter().filter(|l| l.starts_with("clap")).collect();
    assert!(clap.is_empty(), "clap in the library's tree: {clap:?}");
    // With the default features (the binary), clap is there: the check sees it.
    assert!(crates(&[]).iter().any(|l| l.starts_with("clap ")));
}
