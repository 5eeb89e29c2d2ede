//! Silent failures found by QA, round 9 (leftovers of round 8, then a new
//! user's inputs: pages and texts of other languages, wrong flags and
//! files): each test fails on the code before its fix.

use std::path::Path;

use crate::common;

/// Run `args` in `dir`; returns the exit code, standard output and error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// Two short Dutch and French texts, one sentence a line.
fn texts(d: &Path) {
    std::fs::write(d.join("a.txt"), "Een huis.\nTwee katten.\nDrie honden.\n").unwrap();
    std::fs::write(d.join("b.txt"), "Une maison.\nDeux chats.\nTrois chiens.\n").unwrap();
}

const SEG: [&str; 5] = ["--segmented", "--src-lang", "nl", "--tgt-lang", "fr"];

/// A link of an alignment JSON without `confidence` (a gold file written
/// by hand, as beads are written without a score) read as confidence 0:
/// every such link came out doubtful in the review page and under
/// `--review-below`, and `convert` wrote 0.000 for it in every format.
/// Now a link without one (or with `null`) is certain, 1, as a beads line
/// without a score is to `eval`.
#[test]
fn a_link_without_confidence_is_certain() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let (code, _, err) =
        run(d, &[&["-q", "align", "a.txt", "b.txt", "--no-dict"][..], &SEG, &["-o", "a.json"]].concat());
    assert_eq!(code, 0, "{err}");
    let mut f: serde_json::Value = serde_json::from_str(&common::read(&d.join("a.json"))).unwrap();
    let links = f["links"].as_array_mut().unwrap();
    assert_eq!(links.len(), 3, "{links:?}");
    links[0].as_object_mut().unwrap().remove("confidence");
    links[1].as_object_mut().unwrap().remove("confidence");
    links[2]["confidence"] = serde_json::Value::Null;
    std::fs::write(d.join("gold.json"), serde_json::to_string_pretty(&f).unwrap()).unwrap();
    let (code, _, err) = run(d, &["convert", "gold.json", "-o", "gold.beads"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(common::read(&d.join("gold.beads")), "[0]:[0]:1.000\n[1]:[1]:1.000\n[2]:[2]:1.000\n");
    // The review page of the gold file lists no doubtful link.
    let (code, _, err) = run(
        d,
        &[
            &["review", "a.txt", "b.txt", "--alignment", "gold.json"][..],
            &SEG,
            &["--review-below", "0.9", "-o", "p.html"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    let page = common::read(&d.join("p.html"));
    assert!(page.contains("\"confidence\":1.0") || page.contains("\"confidence\":1"), "{page}");
    assert!(!page.contains("\"confidence\":0.0"), "{page}");
    // A confidence given is still checked.
    let mut bad = f.clone();
    bad["links"][0]["confidence"] = serde_json::json!(1.5);
    std::fs::write(d.join("bad.json"), serde_json::to_string_pretty(&bad).unwrap()).unwrap();
    let (code, _, err) = run(d, &["convert", "bad.json", "-o", "bad.beads"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.json:") && err.contains("confidence 1.5 is not in [0, 1]"), "{err}");
}

/// `align --batch --save-lexicon` over two language pairs aligned every
/// pair once and made the output directory before refusing: the refusal
/// came after minutes, and left an empty `--out-dir` behind. Now it is
/// refused once the texts are read, before anything is aligned or written.
#[test]
fn a_batch_saving_a_lexicon_of_two_language_pairs_writes_nothing() {
    let root = common::root();
    let dir = common::tempdir();
    let d = dir.path();
    let udhr = root.join("corpora/udhr");
    let manifest = format!("{0}/nld.md\t{0}/fra.md\tnl-fr\n{0}/deu.md\t{0}/fra.md\tde-fr\n", udhr.to_str().unwrap());
    std::fs::write(d.join("m.tsv"), manifest).unwrap();
    let (code, _, err) = run(d, &["-q", "align", "--batch", "m.tsv", "--out-dir", "out", "--save-lexicon", "lex.tsv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--save-lexicon saves one language pair's lexicon, and this batch has 2"), "{err}");
    assert!(!d.join("out").exists(), "the output directory was made");
    assert!(!d.join("lex.tsv").exists(), "a lexicon was written");
}

/// A first save that failed (`review --serve -o` where no file can be
/// made) was said twice: once as a failed save, once as the error.
#[test]
fn a_failed_first_save_is_said_once() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    // /proc takes no new file, even for root.
    let (code, out, err) =
        run(d, &[&["review", "a.txt", "b.txt", "--no-dict"][..], &SEG, &["--serve", "-o", "/proc/A.json"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no URL: {out}");
    assert_eq!(err.matches("/proc/A.json").count(), 1, "{err}");
    assert!(err.contains("cannot write /proc/A.json: "), "{err}");
}

/// `review --serve`'s checks of `-o` ran after the texts were read and
/// aligned (minutes on a book): a missing `-o`, one that exists, a
/// directory or a `-o` in a directory that does not exist were said only
/// then. Now they come first: here before the missing text is read.
#[test]
fn a_served_review_checks_its_output_before_aligning() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    std::fs::write(d.join("A.json"), "{}").unwrap();
    for (out, says) in [
        (None, "--serve saves every edit: give -o FILE.json"),
        (Some("A.json"), "A.json exists: resume the review in it with --alignment A.json"),
        (Some("nodir/A.json"), "-o nodir/A.json: nodir is not a directory"),
    ] {
        let mut args = vec!["review", "missing.txt", "b.txt", "--no-dict", "--serve"];
        args.extend(SEG);
        if let Some(o) = out {
            args.extend(["-o", o]);
        }
        let (code, _, err) = run(d, &args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{out:?}: {err}");
        assert!(!err.contains("missing.txt"), "{out:?}: the text was read first: {err}");
    }
}

/// `corpus --out DIR` inside `--corpora` wrote the outputs among the
/// inputs, exit 0: `--out corpora` put `udhr/nld-fra.tsv` beside the texts,
/// `--out corpora/nl` the report's `report.txt` where the next run reads
/// it as a page. Now refused, before anything is written.
#[test]
fn corpus_refuses_an_output_inside_its_input() {
    let root = common::root();
    let dir = common::tempdir();
    let d = dir.path();
    let c = d.join("corpora/udhr");
    std::fs::create_dir_all(&c).unwrap();
    for f in ["nld.md", "fra.md"] {
        std::fs::copy(root.join("corpora/udhr").join(f), c.join(f)).unwrap();
    }
    for out in ["corpora", "corpora/udhr", "corpora/new/dir", "./corpora/../corpora/x"] {
        let (code, _, err) = run(d, &["-q", "corpus", "--corpora", "corpora", "--out", out]);
        assert_eq!(code, 2, "{out}: {err}");
        assert!(err.contains(&format!("--out {out} is inside --corpora corpora")), "{out}: {err}");
    }
    let mut left: Vec<String> = walk(&d.join("corpora"));
    left.sort();
    assert_eq!(left, ["udhr/fra.md", "udhr/nld.md"], "the input directory was written to");
    // Beside it is fine.
    let (code, _, err) = run(d, &["-q", "corpus", "--corpora", "corpora", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(d.join("out/udhr/nld-fra.tsv").is_file());
}

/// The files under `dir`, relative to it.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(p) = todo.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                todo.push(e);
            } else {
                out.push(e.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}

/// `corpus --out FILE` and `man --out-dir FILE` failed with "FILE: File
/// exists (os error 17)", as `align --batch --out-dir FILE` did. Now each
/// says it is a file, before any work.
#[test]
fn an_output_directory_that_is_a_file_says_it_is_one() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    for (args, says) in [
        (&["corpus", "--corpora", "nowhere", "--out", "a.txt"][..], "--out a.txt is a file, not a directory"),
        (&["man", "--out-dir", "a.txt"][..], "--out-dir a.txt is a file, not a directory"),
    ] {
        let (code, _, err) = run(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
    assert_eq!(common::read(&d.join("a.txt")), "Een huis.\nTwee katten.\nDrie honden.\n");
}

/// `align -o DIR`, `-o nodir/out.tsv`, `--save-lexicon nodir/lex.tsv`,
/// `multi … -o DIR`, `review … -o nodir/page.html`: the output was found unwritable only after the texts
/// were read and aligned (minutes on a book). Now before: here before the
/// missing text is read.
#[test]
fn an_output_no_write_could_make_is_refused_first() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    std::fs::create_dir(d.join("adir")).unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["align", "missing.txt", "b.txt", "-o", "adir"], "adir: is a directory, expected a file"),
        (
            &["align", "missing.txt", "b.txt", "--save-lexicon", "nodir/l.tsv"],
            "l.tsv: the directory nodir does not exist",
        ),
        (&["align", "missing.txt", "b.txt", "-o", "nodir/x.tsv"], "x.tsv: the directory nodir does not exist"),
        (&["align", "missing.txt", "b.txt", "-o", "a.txt/x.tsv"], "the directory a.txt is not a directory"),
        (&["multi", "missing.txt", "b.txt", "-o", "adir"], "adir: is a directory, expected a file"),
        (&["review", "missing.txt", "b.txt", "-o", "nodir/p.html"], "the directory nodir does not exist"),
    ];
    for (args, says) in cases {
        let (code, _, err) = run(d, &[args, &SEG[..1]].concat());
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("missing.txt"), "{args:?}: the text was read first: {err}");
    }
    // Moses's -o is a prefix, and keeps its own message.
    let (code, _, err) = run(d, &["align", "a.txt", "b.txt", "--segmented", "--format", "moses", "-o", "adir"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--format moses: -o adir is a directory"), "{err}");
}

/// `align --batch --out-dir FILE` read every pair, then failed with "FILE:
/// File exists (os error 17)". Now refused first, saying what it is.
#[test]
fn a_batch_into_a_file_says_it_is_one() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    std::fs::write(d.join("m.tsv"), "missing.txt\tb.txt\n").unwrap();
    let (code, _, err) = run(d, &["align", "--batch", "m.tsv", "--out-dir", "a.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--out-dir a.txt is a file, not a directory"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(common::read(&d.join("a.txt")), "Een huis.\nTwee katten.\nDrie honden.\n");
}

/// A TSV alignment opens with `# warning:` lines when the evidence was
/// reduced (no dictionary for the pair): given to `convert`, it was "not
/// JSON", where a TSV without them is named as one.
#[test]
fn a_tsv_with_warnings_given_as_an_alignment_is_named() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let (code, _, err) =
        run(d, &[&["-q", "align", "a.txt", "b.txt", "--no-dict"][..], &SEG, &["-o", "a.tsv"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(common::read(&d.join("a.tsv")).starts_with("# warning:"), "the case this is about");
    let (code, _, err) = run(d, &["convert", "a.tsv", "-o", "a.tmx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a TSV file"), "{err}");
    assert!(!d.join("a.tmx").exists());
}

/// `-o` named as a page or book the tool only reads (`notes.md`, `.docx`,
/// `.epub`, `.wiki`) got the command's default format, exit 0: `align -o
/// notes.md` replaced a person's Markdown notes with beads. Refused now,
/// before any work, the file untouched; `--format` still wins.
#[test]
fn an_output_named_as_an_input_format_is_refused() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let notes = "# Notes\n\nMy own notes.\n";
    std::fs::write(d.join("notes.md"), notes).unwrap();
    let cases: [&[&str]; 5] = [
        &["align", "a.txt", "b.txt", "--segmented", "-o", "notes.md"],
        &["align", "a.txt", "b.txt", "--segmented", "-o", "out.docx"],
        &["tei", "notes.md", "-o", "page.wiki"],
        &["report", "notes.md", "-o", "r.epub"],
        &["review", "a.txt", "b.txt", "--segmented", "-o", "r.md"],
    ];
    for args in cases {
        let (code, _, err) = run(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        let out = args[args.len() - 1];
        assert!(err.contains(&format!("-o {out} is named as an input")), "{args:?}: {err}");
        assert!(!d.join(out).exists() || out == "notes.md", "{args:?} wrote {out}");
    }
    assert_eq!(common::read(&d.join("notes.md")), notes);
    let (code, _, err) =
        run(d, &["align", "a.txt", "b.txt", "--segmented", "--no-dict", "--format", "tsv", "-o", "x.md"]);
    assert_eq!(code, 0, "{err}");
    assert!(common::read(&d.join("x.md")).contains("Een huis.\tUne maison."));
}

/// An empty manifest (or one of comments only: the wrong file given)
/// aligned nothing, wrote a summary of 0 pairs and exited 0. Now an error
/// naming the file, nothing written.
#[test]
fn an_empty_manifest_is_an_error() {
    let dir = common::tempdir();
    let d = dir.path();
    for (name, text) in [("empty.tsv", ""), ("comments.tsv", "# SRC\tTGT\n\n")] {
        std::fs::write(d.join(name), text).unwrap();
        let (code, _, err) = run(d, &["align", "--batch", name, "--out-dir", "out"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(&format!("{name}: no pair in the manifest")), "{err}");
        assert!(!d.join("out").exists(), "{name}: the output directory was made");
    }
}

/// `align --dict lex.txt -o lex.txt` replaced the person's dictionary with
/// the alignment (and `--save-lexicon lex.txt` with the learned lexicon),
/// exit 0: only the texts counted as inputs. The data files read are
/// inputs too now, for every command that reads them.
#[test]
fn an_output_over_the_dictionary_read_is_refused() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let lex = "huis @ maison\nkat @ chat\n";
    std::fs::write(d.join("lex.txt"), lex).unwrap();
    std::fs::write(d.join("page.md"), "# Victor Hugo\n\n## Werken\n\n* *Les Misérables* (1862)\n").unwrap();
    let cases: [&[&str]; 5] = [
        &["align", "a.txt", "b.txt", "--segmented", "--dict", "lex.txt", "-o", "lex.txt"],
        &["align", "a.txt", "b.txt", "--segmented", "--dict", "./lex.txt", "--save-lexicon", "lex.txt"],
        &["multi", "a.txt", "b.txt", "--segmented", "--dict", "lex.txt", "-o", "lex.txt"],
        &["titles", "page.md", "--dict", "lex.txt", "-o", "lex.txt"],
        &["report", "page.md", "--dict", "lex.txt", "-o", "lex.txt"],
    ];
    for args in cases {
        let (code, _, err) = run(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("would be overwritten"), "{args:?}: {err}");
        assert_eq!(common::read(&d.join("lex.txt")), lex, "{args:?}");
    }
}

/// A manifest line of four columns (`SRC TGT NAME nl-fr`: languages, as a
/// user may guess) was read for its first three and the rest dropped,
/// exit 0. Now an error at the fourth column's place.
#[test]
fn a_manifest_line_of_four_columns_is_refused() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    std::fs::write(d.join("m.tsv"), "a.txt\tb.txt\tab\tnl-fr\n").unwrap();
    let (code, _, err) = run(d, &["align", "--batch", "m.tsv", "--out-dir", "out"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("m.tsv:1:16: 4 columns where at most 3 are read"), "{err}");
    assert!(err.contains("\"nl-fr\""), "{err}");
    assert!(!d.join("out").exists());
    // Trailing tabs, as a spreadsheet writes them, are no column.
    std::fs::write(d.join("m.tsv"), "a.txt\tb.txt\tab\t\t\n").unwrap();
    let (code, _, err) = run(d, &["-q", "align", "--batch", "m.tsv", "--out-dir", "out", "--segmented", "--no-dict"]);
    assert_eq!(code, 0, "{err}");
    assert!(d.join("out/ab.beads").is_file());
}

/// `review --serve --port N` with N in use said "cannot listen" only
/// after the texts were read and aligned. Now before: here before the
/// missing text is read.
#[test]
fn a_served_review_on_a_port_in_use_says_so_first() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, out, err) = run(
        d,
        &[&["review", "missing.txt", "b.txt", "--no-dict", "--serve"][..], &SEG, &["--port", &port, "-o", "A.json"]]
            .concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no URL: {out}");
    assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
    assert!(!err.contains("missing.txt"), "the text was read first: {err}");
    assert!(!d.join("A.json").exists());
}

/// `align --batch m.tsv --save-lexicon m.tsv` (or a text the manifest
/// lists) replaced it with the learned lexicon, exit 0: a batch's inputs
/// were not checked against it. Refused now, the file kept.
#[test]
fn a_batch_never_saves_its_lexicon_over_an_input() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let manifest = "a.txt\tb.txt\tab\n";
    std::fs::write(d.join("m.tsv"), manifest).unwrap();
    for over in ["m.tsv", "b.txt", "./a.txt"] {
        let (code, _, err) = run(d, &["align", "--batch", "m.tsv", "--out-dir", "out", "--save-lexicon", over]);
        assert_eq!(code, 2, "{over}: {err}");
        assert!(err.contains("would be overwritten"), "{over}: {err}");
        assert!(!d.join("out").exists(), "{over}");
    }
    assert_eq!(common::read(&d.join("m.tsv")), manifest);
    assert_eq!(common::read(&d.join("b.txt")), "Une maison.\nDeux chats.\nTrois chiens.\n");
}

/// Where the directory takes no unnamed file (O_TMPFILE), a write that
/// failed said tempfile's own words too: "… at path
/// \"/proc/.transalign-x1Y2.tmp\"", a name the user never gave. Now the
/// output and the OS error alone.
#[test]
fn a_failed_write_names_the_output_not_a_temporary_file() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    // /proc takes no new file, named or not, even for root.
    let (code, _, err) =
        run(d, &[&["align", "a.txt", "b.txt", "--no-dict"][..], &SEG, &["-o", "/proc/x.tsv"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/proc/x.tsv: "), "{err}");
    assert!(!err.contains("at path") && !err.contains(".transalign-"), "{err}");
}

/// `data verify DIR` on a directory that is not a data directory said only
/// the OS error of its missing manifest; a batch of one pair said "1 pairs
/// aligned".
#[test]
fn data_verify_names_a_data_directory_and_a_batch_counts_in_words() {
    let dir = common::tempdir();
    let d = dir.path();
    texts(d);
    let (code, _, err) = run(d, &["data", "verify", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a data directory: it has no MANIFEST.tsv"), "{err}");
    std::fs::write(d.join("m.tsv"), "a.txt\tb.txt\n").unwrap();
    let (code, _, err) =
        run(d, &["align", "--batch", "m.tsv", "--out-dir", "out", "--src-lang", "nl", "--tgt-lang", "fr"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 pair aligned into out"), "{err}");
}

/// A MediaWiki export leaves the page's name out of its text: a page
/// opening with `== Werken ==` got `<title></title>` in TEI and an empty
/// page name in `titles`, exit 0. It is now titled after its file, and
/// says so. `tei` also dropped the reader's notes (templates skipped)
/// that `align` printed.
#[test]
fn a_page_without_a_title_heading_is_titled_after_its_file_and_tei_says_what_it_skipped() {
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(
        d.join("Jan_Jansen.wiki"),
        "{{Infobox persoon\n| naam = Jan\n}}\nHij schreef boeken in het Nederlands en vertaalde veel uit het Frans.\n\n\
         == Werken ==\n* ''Het huis'' (1930)\n* ''De tuin'' (1932)\n",
    )
    .unwrap();
    let (code, out, err) = run(d, &["tei", "Jan_Jansen.wiki", "--lang", "nl", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<title>Jan Jansen</title>"), "{out}");
    assert!(err.contains("the page is titled after its file, \"Jan Jansen\""), "{err}");
    assert!(err.contains("1 template skipped"), "{err}");
    let (code, out, err) = run(d, &["titles", "Jan_Jansen.wiki", "--lang", "nl", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["page"], "Jan Jansen", "{out}");
}

/// YAML front matter opening a Markdown page (a static site's page, an
/// Obsidian note) was read as text: its `title:` line and the closing
/// `---` made a setext heading, the page's first section, and its keys a
/// paragraph. It is left out of the text, said, and its title is the
/// page's when the page has no level-1 heading; a page opening with a rule
/// and a setext heading is read as before.
#[test]
fn yaml_front_matter_is_not_text_and_gives_its_title() {
    let dir = common::tempdir();
    let d = dir.path();
    std::fs::write(
        d.join("fm.md"),
        "---\ntitle: \"Victor Serge\"\ndate: 2024-01-02\ntags:\n  - auteur\n---\n\n\
         Victor Serge was een Russisch-Belgisch schrijver die in het Frans schreef.\n\n\
         ## Teksten\n\n* *De stad*, 1932\n",
    )
    .unwrap();
    let (code, out, err) = run(d, &["tei", "fm.md", "--lang", "nl", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<title>Victor Serge</title>"), "{out}");
    assert!(!out.contains("2024-01-02") && !out.contains("auteur"), "{out}");
    assert!(err.contains("YAML front matter (lines 1–6) left out of the text"), "{err}");
    std::fs::write(d.join("rule.md"), "---\n\nGewone tekst.\n\nEen kop\n---\n\n# Titel\n\n## Deel\n\nTekst.\n")
        .unwrap();
    let (code, out, err) = run(d, &["tei", "rule.md", "--lang", "nl", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Gewone tekst.") && out.contains(">Een kop</head>"), "{out}");
    assert!(!err.contains("YAML"), "{err}");
}
