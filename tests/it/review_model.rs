//! The review page's edit model (src/review/model.js) under random edits,
//! in Node: 20,000 ops of every kind on documents with links of every
//! shape, the invariants checked after each, undo and redo exact (see
//! tests/review_model.js). Node must be installed: without it the test
//! fails (scripts/test installs it).

use crate::common;

use std::process::Command;

#[test]
fn edit_model_keeps_its_invariants_under_20000_random_ops() {
    let root = common::root();
    for seed in ["1", "7"] {
        let out = Command::new("node")
            .arg(root.join("tests/review_model.js"))
            .arg(root.join("src/review/model.js"))
            .args(["20000", seed])
            .output()
            .unwrap_or_else(|e| panic!("cannot run node ({e}); install nodejs (scripts/test does)"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "seed {seed}: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("the test prints its counts");
        assert_eq!(v["ops"], 20000, "{v}");
        assert!(v["applied"].as_u64().unwrap() >= 10_000, "{v}");
        println!("seed {seed}: {v}");
    }
}
