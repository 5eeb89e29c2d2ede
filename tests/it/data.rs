//! The tool out of the box: bundled data, the lookup order, and the main
//! job on a machine without FreeDict or Hunspell installed.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("transalign").expect("binary built")
}

/// Every file the main job writes, relative to its output directory.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The outputs in `dir` are byte for byte the shipped `alignments/`, file for file.
fn assert_same_as_shipped(dir: &Path) {
    let shipped = common::root().join("alignments");
    let (got, want) = (tree(dir), tree(&shipped));
    assert_eq!(got, want, "the main job wrote other files than the shipped ones");
    for f in &got {
        assert!(
            std::fs::read(dir.join(f)).unwrap() == std::fs::read(shipped.join(f)).unwrap(),
            "{} differs from the shipped file",
            f.display()
        );
    }
}

#[test]
fn bundled_files_match_their_manifest() {
    let n = transalign::data::build::verify(&common::root().join("data")).unwrap();
    let lexicons = transalign::data::build::LEXICONS.len();
    assert_eq!(
        lexicons, 17,
        "FreeDict nl↔fr, de↔fr, nl↔en, en↔fr, es↔en, it↔en, pt↔en, is→en and the de↔en pivot legs"
    );
    assert_eq!(n, lexicons + 1, "the lexicons and the French morphology");
    // Each data file has its notice and its licence text beside it.
    let lex = common::root().join("data/lexicons");
    for (name, _) in transalign::data::build::LEXICONS {
        let notice = common::read(&lex.join(format!("NOTICE.freedict-{name}.txt")));
        assert!(notice.contains("Licence: "), "{name}");
    }
    for l in ["GPL-2.0", "GPL-3.0", "AGPL-3.0", "CC-BY-SA-3.0"] {
        assert!(lex.join(format!("LICENSE.{l}")).is_file(), "{l}");
    }
    assert!(common::root().join("data/morphology/LICENSE.MPL-2.0").is_file());
}

/// A copy of a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_tree(&p, &dest) } else { std::fs::copy(&p, &dest).map(|_| ()).unwrap() }
    }
}

/// The main job in a fresh copy of the corpus, elsewhere, with the
/// system's dictionaries and Hunspell switched off: the shipped outputs,
/// byte for byte (the report's links to the pages are relative, so the
/// layout, not the place, matters).
#[test]
fn main_job_from_anywhere_without_system_data() {
    let cwd = common::tempdir();
    copy_tree(&common::root().join("corpora"), &cwd.path().join("corpora"));
    let out = cwd.path().join("alignments");
    let a = bin()
        .current_dir(cwd.path())
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .args(["corpus", "--corpora", "corpora", "--out", "alignments"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("nl → fr: freedict-nld-fra + freedict-fra-nld (built in)"), "says which data it used: {err}");
    assert!(!err.contains("(system"), "{err}");
    assert_same_as_shipped(&out);
}

/// The same with /usr/share/dictd and /usr/share/hunspell really emptied,
/// in a private mount namespace (as root, or as a user namespace's root).
#[test]
fn main_job_with_system_directories_hidden() {
    let tmp = common::tempdir();
    copy_tree(&common::root().join("corpora"), &tmp.path().join("corpora"));
    let exe = assert_cmd::cargo::cargo_bin("transalign");
    let script = format!(
        "set -e; for d in /usr/share/dictd /usr/share/hunspell /usr/share/myspell; do \
           if [ -d $d ]; then mount -t tmpfs none $d; fi; done; \
         test -z \"$(ls -A /usr/share/dictd 2>/dev/null)\"; \
         cd '{}'; exec '{}' corpus --corpora corpora --out alignments",
        tmp.path().display(),
        exe.display(),
    );
    let mut cmd = std::process::Command::new("unshare");
    // Root can make a mount namespace; others need a user namespace too.
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        cmd.arg("--user").arg("--map-root-user");
    }
    let run = cmd.args(["--mount", "--propagation", "private", "sh", "-c", &script]).output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "unshare/mount or the main job failed: {err}");
    assert!(!err.contains("(system"), "{err}");
    assert_same_as_shipped(&tmp.path().join("alignments"));
}

#[test]
fn main_job_outside_a_checkout_fails_before_writing() {
    let cwd = common::tempdir();
    let a = bin().current_dir(cwd.path()).arg("corpus").output().unwrap();
    assert_eq!(a.status.code(), Some(2));
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(err.contains("corpora: no corpus directory here"), "{err}");
    assert!(err.contains("--corpora DIR"), "{err}");
    assert!(std::fs::read_dir(cwd.path()).unwrap().next().is_none(), "it wrote something");
}

/// A tiny dictd dictionary: an index and an uncompressed data file.
fn fake_dictd(dir: &Path, name: &str, entries: &[(&str, &str)]) {
    fn b64(mut n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = Vec::new();
        loop {
            s.push(A[n % 64]);
            n /= 64;
            if n == 0 {
                break;
            }
        }
        s.reverse();
        String::from_utf8(s).unwrap()
    }
    let (mut data, mut index) = (String::new(), String::new());
    for (head, trans) in entries {
        let entry = format!("{head}\n{trans}\n");
        index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len()), b64(entry.len())));
        data.push_str(&entry);
    }
    std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
    std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
}

#[test]
fn any_freedict_pair_is_found_by_639_1_or_639_3_code() {
    let dir = common::tempdir();
    fake_dictd(dir.path(), "freedict-lat-deu", &[("amor", "Liebe"), ("bellum", "Krieg")]);
    for pair in ["la-de", "lat-deu", "lat-de"] {
        let a = bin()
            .env("TRANSALIGN_DICT_DIR", dir.path())
            .env("TRANSALIGN_NO_BUNDLED_DATA", "1")
            .env_remove("TRANSALIGN_NO_SYSTEM_DATA")
            .args(["data", "list", pair])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&a.stdout);
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(out.contains("freedict-lat-deu (system, la→de, 2 pairs)"), "{pair}: {out}");
    }
    // And align uses it: "bellum" and "Krieg" become a shared key.
    let (s, t) = (dir.path().join("a.la"), dir.path().join("b.de"));
    std::fs::write(&s, "Amor vincit omnia.\nBellum omnium contra omnes.\n").unwrap();
    std::fs::write(&t, "Die Liebe besiegt alles.\nDer Krieg aller gegen alle.\n").unwrap();
    let a = bin()
        .env("TRANSALIGN_DICT_DIR", dir.path())
        .env("TRANSALIGN_NO_BUNDLED_DATA", "1")
        .env_remove("TRANSALIGN_NO_SYSTEM_DATA")
        .args(["align", "--segmented", "--src-lang", "la", "--tgt-lang", "de"])
        .arg(&s)
        .arg(&t)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("la → de: freedict-lat-deu (system)\n"), "{err}");
}

#[test]
fn an_empty_dictionary_file_means_no_dictionary() {
    let dir = common::tempdir();
    let empty = dir.path().join("null.dic");
    std::fs::write(&empty, "").unwrap();
    let a = bin()
        .current_dir(common::root())
        .args(["titles", "corpora/nl/victor-serge.md", "--format", "json", "--dict"])
        .arg(&empty)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    assert!(err.contains("no dictionary") && err.contains("null.dic is empty"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(v["data"]["reduced_evidence"][0].as_str().unwrap().contains("is empty"));
}

/// A binary copied elsewhere, with the data in `../share/transalign/data`
/// beside it, finds that data before the checkout's.
#[test]
fn an_installed_binary_finds_its_share_directory() {
    let dir = common::tempdir();
    let bin_dir = dir.path().join("bin");
    let share = dir.path().join("share/transalign/data");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::create_dir_all(share.join("lexicons")).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("transalign"), bin_dir.join("transalign")).unwrap();
    for f in ["freedict-nld-fra.tsv.gz", "freedict-fra-nld.tsv.gz"] {
        std::fs::copy(common::root().join("data/lexicons").join(f), share.join("lexicons").join(f)).unwrap();
    }
    let a = std::process::Command::new(bin_dir.join("transalign"))
        .current_dir(dir.path())
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .args(["data", "list", "nl-fr"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&a.stdout);
    assert!(a.status.success());
    let canonical = std::fs::canonicalize(&share).unwrap();
    assert!(out.contains(&format!("bundled          {}\n", canonical.display())), "{out}");
    assert!(out.contains(&canonical.join("lexicons/freedict-nld-fra.tsv.gz").display().to_string()), "{out}");
}

#[test]
fn transalign_data_comes_before_the_bundle() {
    let dir = common::tempdir();
    fake_dictd(dir.path(), "freedict-nld-fra", &[("stad", "ville")]);
    let a = bin().env("TRANSALIGN_DATA", dir.path()).args(["data", "list", "nl-fr", "--no-pivot"]).output().unwrap();
    let out = String::from_utf8_lossy(&a.stdout);
    assert!(out.contains("freedict-nld-fra (TRANSALIGN_DATA, nl→fr, 1 pairs)"), "{out}");
    assert!(!out.contains("bundled, nl→fr"), "one place supplies the pair: {out}");
}

/// Bundled and upstream files give the same lexicon, when upstream is
/// installed here (`cargo bench --bench data` prints the same comparison for all).
#[test]
fn bundled_morphology_analyses_like_hunspell() {
    let m = common::french_morphology();
    let a = m.analyze("conquise");
    assert!(a.iter().any(|x| x.lemma == "conquérir"), "{a:?}");
    let p = m.analyze("prison");
    assert!(p.iter().any(|x| x.gender == Some(transalign::lexicon::hunspell::Gender::Feminine)), "{p:?}");
}

/// The lexicon a data directory's files give, read whole (the old way):
/// the pair's forward file, then its backward file read backwards.
fn lexicon_from_files(src: &str, tgt: &str, s3: &str, t3: &str) -> transalign::lexicon::Lexicon {
    use transalign::lexicon::{Lexicon, bundle};
    let (s, t) = (transalign::Lang::new(src).unwrap(), transalign::Lang::new(tgt).unwrap());
    let mut lex = Lexicon::new(s, t);
    let dir = common::root().join("data/lexicons");
    for (name, reversed) in [(format!("freedict-{s3}-{t3}"), false), (format!("freedict-{t3}-{s3}"), true)] {
        let main = dir.join(format!("{name}.tsv.gz"));
        let pivot = dir.join("pivot").join(format!("{name}.tsv.gz"));
        if let Some(p) = [main, pivot].into_iter().find(|p| p.is_file()) {
            lex.add_pairs(&bundle::read(&p).unwrap().pairs, reversed);
        }
    }
    lex
}

/// The tables built into the binary give, entry for entry and in the same
/// order, the lexicons that reading data/'s files whole gives: the
/// translations, the headwords and their stem index, and the pivot through
/// English, word for word. (Outputs depend on that order.)
#[test]
fn built_in_tables_are_the_files_they_were_compiled_from() {
    assert!(transalign::data::builtin::present(), "the tests run on a build with the bundled-data feature");
    let pairs = [
        ("nl", "fr", "nld", "fra"),
        ("fr", "nl", "fra", "nld"),
        ("de", "fr", "deu", "fra"),
        ("fr", "de", "fra", "deu"),
        ("nl", "en", "nld", "eng"),
        ("en", "nl", "eng", "nld"),
        ("en", "fr", "eng", "fra"),
        ("fr", "en", "fra", "eng"),
        ("is", "en", "isl", "eng"),
        ("en", "is", "eng", "isl"),
    ];
    for (src, tgt, s3, t3) in pairs {
        let files = lexicon_from_files(src, tgt, s3, t3);
        let built = common::lexicon_direct(src, tgt);
        assert!(built.sources.iter().all(|s| s.contains("bundled")), "{src}-{tgt}: {:?}", built.sources);
        assert_eq!(built.len(), files.len(), "{src}-{tgt}: entries");
        assert!(built.entries() == files.entries(), "{src}-{tgt}: translations or their order differ");
        assert_eq!(built.headwords().sorted, files.headwords().sorted, "{src}-{tgt}: headwords");
        assert!(built.headwords().by_stem == files.headwords().by_stem, "{src}-{tgt}: stem index differs");
        for stem in ["hond", "chien", "hund", "dog", "ville", "stad"] {
            assert_eq!(built.stem_translations(stem), files.stem_translations(stem), "{src}-{tgt}: stem {stem}");
        }
        // Prefix queries read the compiled headwords; the files' lexicon
        // scans its sorted list.
        for prefix in ["gevangen", "hond", "ville", "re", "a", "zzz", ""] {
            let found = built.heads_with_prefix(prefix, 8);
            assert_eq!(found, files.heads_with_prefix(prefix, 8), "{src}-{tgt}: prefix {prefix:?}");
            assert!(found.iter().all(|h| h.starts_with(prefix)), "{src}-{tgt}: {found:?}");
        }
    }
    for (src, tgt, s3, t3) in [("nl", "fr", "nld", "fra"), ("de", "fr", "deu", "fra"), ("fr", "nl", "fra", "nld")] {
        let mut files = lexicon_from_files(src, tgt, s3, t3);
        let leg1 = lexicon_from_files(src, "en", s3, "eng");
        let leg2 = lexicon_from_files("en", tgt, "eng", t3);
        let n = files.add_pivot(&leg1, &leg2);
        let built = common::lexicon(src, tgt);
        assert_eq!(built.pivot_len(), n, "{src}-{tgt}: words through English");
        for (head, _) in leg1.entries() {
            assert_eq!(built.pivot(&head), files.pivot(&head), "{src}-{tgt}: pivot of {head}");
        }
    }
}

/// The built-in morphology analyses as the file it was compiled from.
#[test]
fn built_in_morphology_is_the_file_it_was_compiled_from() {
    let built = common::french_morphology();
    let path = common::root().join("data/morphology/fr.morph.gz");
    let file = transalign::lexicon::hunspell::Morphology::load(&path).unwrap();
    assert!(built.source.starts_with("built in"), "{}", built.source);
    assert_eq!(built.len(), file.len());
    let sorted = |m: &transalign::lexicon::hunspell::Morphology, w: &str| {
        let mut v: Vec<String> = m.analyze(w).iter().map(|a| format!("{a:?}")).collect();
        v.sort();
        v
    };
    let words = [
        "conquise",
        "prison",
        "prisons",
        "hommes",
        "dernier",
        "derniers",
        "révolutionnaires",
        "Lettres",
        "belle",
        "chevaux",
        "l",
        "le",
        "les",
        "temps",
        "xyzzy",
        "années",
        "Révolution",
    ];
    for w in words {
        assert_eq!(sorted(&built, w), sorted(&file, w), "{w}");
    }
}

/// Two short German and English texts.
fn de_en(dir: &Path) -> (PathBuf, PathBuf) {
    let (s, t) = (dir.join("a.de.txt"), dir.join("b.en.txt"));
    std::fs::write(&s, "Der Hund schläft im Garten.\nDie Katze trinkt Milch.\n").unwrap();
    std::fs::write(&t, "The dog sleeps in the garden.\nThe cat drinks milk.\n").unwrap();
    (s, t)
}

/// de–en has no dictionary of its own, but de→fr and fr→en are bundled:
/// it goes through French and says so in one short line (-v has the rest).
#[test]
fn de_en_aligns_through_a_pivot_and_says_so_in_one_line() {
    let dir = common::tempdir();
    let (s, t) = de_en(dir.path());
    let a = bin()
        .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
        .args(["align", "--src-lang", "de", "--tgt-lang", "en", "--format", "tsv"])
        .arg(&s)
        .arg(&t)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(a.status.success(), "{err}");
    let route: Vec<&str> = err.lines().filter(|l| l.contains("de → en")).collect();
    assert_eq!(route.len(), 1, "the route once: {err}");
    assert!(route[0].contains("no direct dictionary; through French (de→fr→en, built in)"), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 120), "no long data line without -v: {err}");
    assert!(!err.contains("warning"), "a pivot is a dictionary, not reduced evidence: {err}");
    let tsv = String::from_utf8_lossy(&a.stdout);
    assert!(tsv.contains("Der Hund schläft im Garten.\tThe dog sleeps in the garden."), "{tsv}");

    // -v: the detail, files included.
    let mut a = bin();
    a.env("TRANSALIGN_NO_SYSTEM_DATA", "1").args(["-v", "align", "--src-lang", "de", "--tgt-lang", "en"]);
    let out = a.arg(&s).arg(&t).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("freedict-fra-eng 2022.04.21-1 (bundled, fr→en") && err.contains("built in/lexicons"),
        "{err}"
    );

    // Without the pivot, no dictionary, and a warning that says so.
    let mut a = bin();
    a.env("TRANSALIGN_NO_SYSTEM_DATA", "1").args(["align", "--no-pivot", "--src-lang", "de", "--tgt-lang", "en"]);
    let out = a.arg(&s).arg(&t).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.contains("warning: reduced evidence: no dictionary for de-en"), "{err}");

    // data list shows the route, and the morphology once.
    let out = bin().env("TRANSALIGN_NO_SYSTEM_DATA", "1").args(["data", "list", "de-en"]).output().unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("\nde → en: no direct dictionary; through French"), "{list}");
    assert!(list.contains("fr morphology: hunspell-fr") && !list.contains("morphology: morphology"), "{list}");
}

/// An installed binary: the executable alone in a directory with no data/
/// around it and the system's dictionaries off (what `cargo install` gives
/// once the clone is removed) gives the same `titles` and `align` output
/// as the checkout's binary, and says its data is built in. Copying the
/// release binary is the same as `cargo install --locked --path .`, which
/// builds that binary with the same profile and copies it.
#[test]
fn an_installed_binary_works_with_the_clone_gone() {
    let dir = common::tempdir();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let exe = bin_dir.join("transalign");
    std::fs::copy(assert_cmd::cargo::cargo_bin("transalign"), &exe).unwrap();
    // The inputs, copied too, so that nothing of the checkout is read.
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    for f in ["nl/victor-serge.md", "udhr/deu.md", "udhr/fra.md"] {
        std::fs::copy(common::root().join("corpora").join(f), work.join(f.replace('/', "-"))).unwrap();
    }
    let run = |program: &Path, args: &[&str]| {
        let out = std::process::Command::new(program)
            .current_dir(&work)
            .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
            .env_remove("TRANSALIGN_DATA")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let checkout = assert_cmd::cargo::cargo_bin("transalign");
    for args in [
        &["titles", "nl-victor-serge.md", "--format", "json"][..],
        &["titles", "nl-victor-serge.md"][..],
        &["align", "udhr-deu.md", "udhr-fra.md", "--format", "tsv"][..],
    ] {
        let (installed, clone) = (run(&exe, args), run(&checkout, args));
        assert!(installed.stdout == clone.stdout, "{args:?}: the installed binary's output differs");
        let err = String::from_utf8_lossy(&installed.stderr);
        assert!(err.contains("(built in)"), "{args:?}: {err}");
    }
    let tsv = String::from_utf8(run(&exe, &["align", "udhr-deu.md", "udhr-fra.md", "--format", "tsv"]).stdout).unwrap();
    assert_eq!(tsv, common::read(&common::root().join("alignments/udhr/deu-fra.tsv")), "the shipped UDHR alignment");
    let list = String::from_utf8(run(&exe, &["data", "list", "nl-fr"]).stdout).unwrap();
    assert!(list.contains("bundled          built in"), "{list}");
    let verify = String::from_utf8(run(&exe, &["data", "verify"]).stdout).unwrap();
    let files = transalign::data::build::LEXICONS.len() + 1;
    assert!(verify.contains(&format!("built in: {files} files match MANIFEST.tsv")), "{verify}");
}

/// `data list` with no pair shows every bundled pair: a list written out
/// by hand left out es↔en, it↔en and pt↔en when they were bundled.
#[test]
fn data_list_shows_every_bundled_pair() {
    let out = bin().env("TRANSALIGN_NO_SYSTEM_DATA", "1").args(["data", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for (name, _) in transalign::data::build::LEXICONS {
        let (a, b) = name.split_once('-').unwrap();
        let (a, b) = (transalign::Lang::new(a).unwrap(), transalign::Lang::new(b).unwrap());
        let (a, b) = (a.primary(), b.primary());
        assert!(text.contains(&format!("\n{a} → {b}: ")) || text.contains(&format!("\n{b} → {a}: ")), "{name}: {text}");
    }
}

/// The licences of the data built in are reachable from the binary.
#[test]
fn the_binary_prints_the_notices_of_its_data() {
    let out = bin().args(["data", "notices"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for needle in [
        "GPL-3.0-only AND AGPL-3.0-only",
        "CC-BY-SA-3.0",
        "MPL-2.0",
        "NOTICE.freedict-deu-fra.txt",
        "NOTICE.hunspell-fr.txt",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let full = bin().args(["data", "notices", "--full"]).output().unwrap();
    let text = String::from_utf8_lossy(&full.stdout);
    assert!(
        text.contains("GNU AFFERO GENERAL PUBLIC LICENSE") && text.contains("Mozilla Public License"),
        "licence texts"
    );
}

/// Originals in a language with no dictionary to the page's, but one to
/// English: the built-in English legs link the titles through English
/// (nl→en→es, nl→en→it, nl→en→pt), and the run does not call its evidence
/// reduced. Before es/it/pt↔en were bundled, these pages got "no
/// dictionary" and no link at all. Portuguese titles must also be read as
/// Portuguese for the route to be taken: before Portuguese had function
/// words and spelling cues of its own, "Pão e terra" read as Italian and
/// "A canção do mar" as Spanish or Italian, the list as Italian, and the
/// titles were looked up in the Italian dictionary.
#[test]
fn originals_in_spanish_italian_and_portuguese_link_through_english() {
    let two = "- *Het lied van de zee*, 1940\n- *Brood en land*, 1935\n";
    // (language, the Dutch list, the bibliography, the links expected)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: [Case; 3] = [
        (
            "es",
            two,
            "- *Pan y tierra*, Barcelona, 1928\n- *La canción del mar*, Madrid, 1933\n",
            &[("Brood en land", "Pan y tierra"), ("Het lied van de zee", "La canción del mar")],
        ),
        (
            "it",
            two,
            "- *Pane e terra*, Roma, 1928\n- *La canzone del mare*, Milano, 1933\n",
            &[("Brood en land", "Pane e terra"), ("Het lied van de zee", "La canzone del mare")],
        ),
        (
            "pt",
            "- *Het lied van de zee*, 1940\n- *Brood en land*, 1935\n- *Het boek van de stad*, 1952\n",
            "- *Pão e terra*, Lisboa, 1928\n- *A canção do mar*, Porto, 1933\n- *O livro da cidade*, Coimbra, 1950\n",
            &[
                ("Brood en land", "Pão e terra"),
                ("Het lied van de zee", "A canção do mar"),
                ("Het boek van de stad", "O livro da cidade"),
            ],
        ),
    ];
    for (lang, translations, bibliography, want) in cases {
        let dir = common::tempdir();
        let page = dir.path().join("page.md");
        let text = format!(
            "# Test Auteur\n\nTest Auteur schreef veel boeken over de politiek van zijn tijd.\n\n\
             ## Nederlandse vertalingen\n\n{translations}\n\
             ## Bibliografie\n\n{bibliography}"
        );
        std::fs::write(&page, text).unwrap();
        let out = bin()
            .env("TRANSALIGN_NO_SYSTEM_DATA", "1")
            .args(["titles", "--format", "json"])
            .arg(&page)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{lang}: {err}");
        assert!(err.contains(&format!("through English (nl→en→{lang}, built in)")), "{lang}: {err}");
        assert!(!err.contains("reduced evidence"), "{lang}: {err}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["languages"]["originals"], lang, "{json}");
        for (nl, original) in want {
            let link = json["links"].as_array().unwrap().iter().find(|l| l["nl"] == *nl).expect(nl);
            assert_eq!(link[lang], *original, "{lang}: {link}");
        }
    }
}
