//! Title alignment against hand-written gold for every shipped page, and
//! one test per kind of evidence and per trap.

mod common;

use transalign::Lang;
use transalign::lexicon::Lexicon;
use transalign::lexicon::hunspell::Morphology;
use transalign::titles::{self, Flag, Resources, TitleAlignment};

fn lex() -> Lexicon {
    common::lexicon("nl", "fr")
}

fn morph() -> Morphology {
    common::french_morphology()
}

fn align_src(src: &str, lex: Option<&Lexicon>, morph: Option<&Morphology>) -> TitleAlignment {
    let doc = common::md_page(src).unwrap().doc;
    titles::align(&doc, &Resources { lex, morph }, "test", Default::default())
}

/// Every shipped page against its gold (the truth, not what the tool is
/// expected to manage): no wrong link anywhere, every right answer with
/// the gold's flags, and recall no lower than when the gold was written.
#[test]
fn every_page_against_its_gold_no_wrong_link() {
    use transalign::titles::eval;
    let (lex, morph) = (lex(), morph());
    let mut scores = Vec::new();
    for page in common::corpus_pages() {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let gold = eval::read_gold(&common::root().join(format!("tests/data/titles/{name}.gold.tsv"))).unwrap();
        let doc = transalign::load::page(&page).unwrap().doc;
        let a = titles::align(&doc, &Resources { lex: Some(&lex), morph: Some(&morph) }, "", Default::default());
        for l in &a.links {
            assert_eq!(l.score.is_some(), l.original.is_some());
            assert_eq!(l.evidence.is_empty(), l.original.is_none(), "{name}: a link says why, a refusal does not");
            assert!(l.original.is_none() || l.nearest.is_none(), "{name}: only refusals have a nearest original");
        }
        scores.push(eval::score(&name, &a, &gold).unwrap());
    }
    let total = eval::total(&scores);
    println!("{}", eval::table(&scores));
    for s in &scores {
        for r in
            s.rows.iter().filter(|r| r.outcome != eval::Outcome::RightLink && r.outcome != eval::Outcome::RightRefusal)
        {
            println!(
                "{:?} {}: {} → {:?} (gold {:?}: {})",
                r.outcome, s.page, r.gold.title, r.got, r.gold.original, r.gold.why
            );
        }
    }
    assert!(scores.len() >= 9 && total.titles >= 90);
    assert_eq!(total.wrong, 0, "a wrong link is worse than a missed one");
    assert_eq!(total.flag_errors, 0, "flags differ from the gold");
    assert!(total.recall() >= 0.90, "recall {:.3} fell below 0.90", total.recall());
}

/// A title that reads the same in both languages takes the language of
/// the list it is in: French in the bibliography, Dutch in the texts.
#[test]
fn same_title_in_both_languages_takes_its_lists_language() {
    let doc = transalign::load::page(&common::root().join("corpora/nl/emile-zola.md")).unwrap().doc;
    let bibls = doc.bibls();
    let lang_of = |title: &str, role: transalign::model::SectionRole| {
        bibls
            .iter()
            .find(|b| b.title == title && b.role == Some(role))
            .and_then(|b| b.lang.clone())
            .map(|l| l.code().to_string())
    };
    use transalign::model::SectionRole::{Originals, Translations};
    for t in ["Nana", "Germinal", "Lourdes", "Rome", "Thérèse Raquin"] {
        assert_eq!(lang_of(t, Originals).as_deref(), Some("fr"), "{t} in the bibliography");
        assert_eq!(lang_of(t, Translations).as_deref(), Some("nl"), "{t} in the Dutch texts");
    }
    // And the year that opens a numbered entry ("1867 — *Thérèse Raquin*") is its date.
    let b = bibls.iter().find(|b| b.title == "Thérèse Raquin" && b.role == Some(Originals)).unwrap();
    assert_eq!(b.year, Some(1867));
}

/// Two matched words beat one: "Brieven van een balling" is "Lettres
/// d'un exilé", not "Lettres", though "Lettres" is all matched.
#[test]
fn two_shared_words_beat_one_exact_hit() {
    let src = page(&["Brieven van een balling"], &["Lettres", "Lettres d'un exilé"]);
    let a = align_src(&src, Some(&lex()), Some(&morph()));
    assert_eq!(a.links[0].original.as_ref().map(|o| o.title.as_str()), Some("Lettres d'un exilé"), "{:?}", a.links[0]);
    // Without the second word's evidence (no pivot through English), the
    // one shared word cannot choose between them: refused, and it says so.
    let a = align_src(&src, Some(&common::lexicon_direct("nl", "fr")), Some(&morph()));
    let l = &a.links[0];
    assert!(l.original.is_none(), "{l:?}");
    assert!(l.nearest.as_ref().is_some_and(|n| n.reason.contains("does not tell them apart")), "{l:?}");
}

/// Senses the dictionary lacks: through English ("balling" is only
/// "banni" in FreeDict), a French prefix ("entr|aide"), a Dutch compound
/// with a particle ("in|bezit|neming"), spelling before 1947.
#[test]
fn synonyms_through_pivot_derivation_compounds_and_old_spelling() {
    let src = page(
        &["Wederzijdse hulp", "De inbezitneming", "Menschelijke microben", "Waarheid"],
        &[
            "L'Entraide, un facteur de l'évolution",
            "Prise de possession",
            "Les Microbes humains",
            "Vérité",
            "La Guerre",
        ],
    );
    let a = align_src(&src, Some(&lex()), Some(&morph()));
    let got = linked(&a);
    let want = [
        ("Wederzijdse hulp", "L'Entraide, un facteur de l'évolution"),
        ("De inbezitneming", "Prise de possession"),
        ("Menschelijke microben", "Les Microbes humains"),
        ("Waarheid", "Vérité"),
    ];
    for (t, o) in want {
        assert!(got.contains(&(t.to_string(), Some(o.to_string()))), "{t} → {o}: {got:?}");
    }
    let ev = |t: &str| a.links.iter().find(|l| l.translation.title == t).unwrap().evidence.join(" | ");
    assert!(ev("Wederzijdse hulp").contains("derivation"), "{}", ev("Wederzijdse hulp"));
    assert!(ev("De inbezitneming").contains("compound"), "{}", ev("De inbezitneming"));
    assert!(ev("Waarheid").contains("pivot via English"), "{}", ev("Waarheid"));
}

/// When two originals score alike, refuse rather than pick one.
#[test]
fn equal_evidence_for_two_originals_is_refused() {
    // "arbeid" reaches both "œuvre" and "travail" through English "work".
    let src = page(&["Arbeid"], &["L'Œuvre", "Travail"]);
    let a = align_src(&src, Some(&lex()), Some(&morph()));
    assert!(a.links[0].original.is_none(), "{:?}", a.links[0]);
    // With one of them gone, the other is linked.
    let a = align_src(&page(&["Arbeid"], &["Travail"]), Some(&lex()), Some(&morph()));
    assert_eq!(a.links[0].original.as_ref().map(|o| o.title.as_str()), Some("Travail"));
}

#[test]
fn seed_coverage_and_json_contract() {
    let doc = transalign::load::page(&common::root().join("corpora/nl/victor-serge.md")).unwrap().doc;
    let (lex, morph) = (lex(), morph());
    let a = titles::align(&doc, &Resources { lex: Some(&lex), morph: Some(&morph) }, "", Default::default());
    assert_eq!((a.coverage.originals, a.coverage.translated), (16, 7));
    assert!((a.coverage.ratio - 0.4375).abs() < 1e-12);
    let v = titles::to_json(&a);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(&keys[..4], ["page", "links", "untranslated", "coverage"]);
    let link = &v["links"][13];
    let lk: Vec<&str> = link.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(&lk[..7], ["nl", "nl_year", "fr", "fr_year", "score", "evidence", "flags"]);
    assert_eq!(link["nl"], "De veroverde stad");
    assert_eq!(link["nl_year"], 1967);
    assert_eq!(link["fr"], "Ville conquise");
    assert_eq!(link["fr_year"], 1932);
    assert!(link["score"].as_f64().unwrap() > 0.9);
    assert!(link["evidence"].as_array().unwrap().iter().any(|e| e.as_str().unwrap().contains("stad~ville")));
    let brief = v["links"].as_array().unwrap().iter().find(|l| l["nl"] == "Brief uit Rusland").unwrap();
    assert_eq!(brief["fr"], serde_json::Value::Null);
    assert_eq!(brief["score"], serde_json::Value::Null);
    assert_eq!(brief["flags"][0], "no-original-listed");
    assert_eq!(v["untranslated"].as_array().unwrap().len(), 9);
    assert_eq!(v["untranslated"][0]["fr"], "Les dernier temps");
    assert_eq!(v["coverage"]["translated"], 7);
}

/// A page with one translated title and the given originals.
fn page(translations: &[&str], originals: &[&str]) -> String {
    let mut s =
        String::from("# Test Auteur\n\n**Test Auteur** (Gent, 1900 - Luik, 1980) was een schrijver.\n\n## Teksten\n\n");
    for t in translations {
        s.push_str(&format!("- [{t}](#), 1950\n"));
    }
    s.push_str("\n## Bibliografie\n\n");
    for o in originals {
        s.push_str(&format!("- *{o}*, Parijs, 1930\n"));
    }
    s
}

fn linked(a: &TitleAlignment) -> Vec<(String, Option<String>)> {
    a.links.iter().map(|l| (l.translation.title.clone(), l.original.as_ref().map(|o| o.title.clone()))).collect()
}

#[test]
fn evidence_dictionary_and_inflection() {
    let l = lex();
    let a = align_src(
        &page(&["De veroverde stad"], &["Destin d'une révolution", "Ville conquise"]),
        Some(&l),
        Some(&morph()),
    );
    assert_eq!(linked(&a)[0].1.as_deref(), Some("Ville conquise"));
    let ev = a.links[0].evidence.join(" | ");
    assert!(ev.contains("lexicon: stad~ville"), "{ev}");
    assert!(
        ev.contains("veroverde~conquise") && ev.contains("veroveren"),
        "inflected forms through their dictionary forms: {ev}"
    );
}

#[test]
fn evidence_prefix_compounds() {
    let l = lex();
    // gevangen → gevangenis = prison.
    let a = align_src(
        &page(&["Gevangen"], &["Les hommes dans la prison", "La Lutte Contre le Stalinisme"]),
        Some(&l),
        Some(&morph()),
    );
    assert_eq!(linked(&a)[0].1.as_deref(), Some("Les hommes dans la prison"));
    // A compound split into dictionary words: zee|arbeiders.
    let a = align_src(
        &page(&["De zeearbeiders"], &["Les Travailleurs de la mer", "Histoire d'un crime"]),
        Some(&l),
        Some(&morph()),
    );
    assert_eq!(linked(&a)[0].1.as_deref(), Some("Les Travailleurs de la mer"));
    assert!(a.links[0].evidence.iter().any(|e| e.starts_with("compound: zeearbeiders~mer")));
}

#[test]
fn evidence_derivation_and_suffix_cognates() {
    let l = lex();
    // FreeDict has vreemdeling = "inconnu" only; the base vreemd = étranger.
    let a = align_src(&page(&["De vreemdeling"], &["La Chute", "L'Étranger"]), Some(&l), Some(&morph()));
    assert_eq!(linked(&a)[0].1.as_deref(), Some("L'Étranger"));
    assert!(
        a.links[0].evidence.iter().any(|e| e.starts_with("derivation: vreemdeling~étranger")),
        "{:?}",
        a.links[0].evidence
    );
    // Dutch -tie(s)/-teit against French -tion(s)/-té.
    assert!(transalign::lexicon::cognate("reflecties", "reflexions") >= 0.8);
    assert!(transalign::lexicon::cognate("universiteit", "universite") >= 0.95);
    assert!(transalign::lexicon::cognate("revolutie", "revolution") >= 0.95);
    let a = align_src(
        &page(&["Reflecties op de guillotine"], &["Le Mythe de Sisyphe", "Réflexions sur la guillotine"]),
        None,
        None,
    );
    assert_eq!(linked(&a)[0].1.as_deref(), Some("Réflexions sur la guillotine"));
}

#[test]
fn evidence_transliterated_names() {
    let page_src = page(
        &["De aanslag op kameraad Toelajev", "Van Lenin tot Stalin"],
        &["L'Affaire Toulaev", "De Lénine à Staline"],
    );
    // With the dictionary, a capitalised word it does not know is a name,
    // and a transliterated name carries a link.
    let lex = lex();
    let a = align_src(&page_src, Some(&lex), None);
    assert_eq!(
        linked(&a),
        [
            ("De aanslag op kameraad Toelajev".to_string(), Some("L'Affaire Toulaev".to_string())),
            ("Van Lenin tot Stalin".to_string(), Some("De Lénine à Staline".to_string()))
        ]
    );
    assert!(a.links[0].evidence.iter().any(|e| e.contains("toelajev~toulaev")));
    // Without one, nothing says "Toelajev" is a name rather than a word
    // that merely looks alike: one such word never links, two do.
    let a = align_src(&page_src, None, None);
    assert_eq!(
        linked(&a),
        [
            ("De aanslag op kameraad Toelajev".to_string(), None),
            ("Van Lenin tot Stalin".to_string(), Some("De Lénine à Staline".to_string()))
        ]
    );
    assert!(transalign::lexicon::cognate("toelajev", "toulaev") > 0.9);
    assert!(transalign::lexicon::cognate("revolutionair", "revolte") < 0.8, "a false friend");
}

#[test]
fn evidence_numbers() {
    let a = align_src(&page(&["Drieënnegentig", "Negentig"], &["Quatre-vingt-dix", "Quatre-vingt-treize"]), None, None);
    assert_eq!(
        linked(&a),
        [
            ("Drieënnegentig".to_string(), Some("Quatre-vingt-treize".to_string())),
            ("Negentig".to_string(), Some("Quatre-vingt-dix".to_string()))
        ]
    );
    let a = align_src(&page(&["Drieduizend"], &["Trois mille"]), None, None);
    assert_eq!(linked(&a)[0].1.as_deref(), Some("Trois mille"));
}

#[test]
fn assignment_is_one_to_one_and_global() {
    let l = lex();
    // Both Dutch titles resemble "La Conquête du pain"; only one is its
    // translation, and the other gets its own original.
    let a = align_src(
        &page(
            &["De verovering van het brood", "De verovering van de stad"],
            &["La Conquête du pain", "La Conquête de la ville"],
        ),
        Some(&l),
        Some(&morph()),
    );
    assert_eq!(
        linked(&a),
        [
            ("De verovering van het brood".to_string(), Some("La Conquête du pain".to_string())),
            ("De verovering van de stad".to_string(), Some("La Conquête de la ville".to_string()))
        ]
    );
    // With one original, the better title takes it and the other is left out.
    let a = align_src(
        &page(&["De verovering van de stad", "De verovering van het brood"], &["La Conquête du pain"]),
        Some(&l),
        Some(&morph()),
    );
    assert_eq!(a.links.iter().filter(|l| l.original.is_some()).count(), 1);
    assert_eq!(a.links[1].original.as_ref().map(|o| o.title.as_str()), Some("La Conquête du pain"));
    assert!(a.links[0].flags.contains(&Flag::NoOriginalListed));
}

#[test]
fn one_ordinary_shared_word_is_not_enough() {
    let l = lex();
    let m = morph();
    for (nl, fr) in [
        ("De Oktoberrevolutie te Moskou", "Destin d'une révolution"),
        ("Litteratuur en Revolutie", "Destin d'une révolution"),
        ("De Franse Revolutie", "La Grande Révolution"),
        ("De Klassenstrijd in de Chinese Revolutie", "La Lutte Contre le Stalinisme"),
        ("Anarchisme en marxisme", "Les anarchistes et l'expérience de la révolution russe"),
        ("Gedenkschriften van een revolutionair", "Paroles d'un révolté"),
    ] {
        let a = align_src(&page(&[nl], &[fr]), Some(&l), Some(&m));
        assert_eq!(a.links[0].original, None, "{nl} must not link to {fr}");
        assert!(a.links[0].flags.contains(&Flag::NoOriginalListed));
    }
}

#[test]
fn years_flag_conflicts_and_variants_are_one_work() {
    let src = "# A\n\n**A** (X, 1900 - Y, 1980).\n\n## Teksten\n\n- [Het Jaar Zonder Genade](#), 1920\n- [Het jaar zonder genade](#), 1930\n- [Het jaar  zonder génade](#)\n\n## Bibliografie\n\n- *L'Année sans pardon*, Parijs, 1925\n";
    let a = align_src(src, Some(&lex()), Some(&morph()));
    assert!(a.links.iter().all(|l| l.original.is_some()), "variants share the link");
    assert_eq!(a.links[0].flags, [Flag::YearConflict(1920, 1925)]);
    assert_eq!(a.links[1].flags, [Flag::VariantOf("Het Jaar Zonder Genade".into())]);
    assert_eq!(a.links[2].flags, [Flag::NoDate, Flag::VariantOf("Het Jaar Zonder Genade".into())]);
    assert_eq!(a.coverage.translated, 1);
}

#[test]
fn agreement_checks_agree_with_grammalecte() {
    // Our Hunspell-based checks against a real grammar checker, on every
    // French title of every shipped page: the same titles get agreement errors.
    let m = morph();
    let mut titles_fr = Vec::new();
    for page in common::corpus_pages() {
        let doc = transalign::load::page(&page).unwrap().doc;
        for b in doc.bibls() {
            if b.lang.as_ref().map(Lang::code) == Some("fr") {
                titles_fr.push(b.title);
            }
        }
    }
    let ours: Vec<&String> = titles_fr
        .iter()
        .filter(|t| transalign::report::grammar::check(t, &m).iter().any(|f| f.kind == "agreement"))
        .collect();
    assert_eq!(ours, ["Les dernier temps", "Les hommes dans le prison"]);
    let dir = common::tempdir();
    let f = dir.path().join("titles.txt");
    std::fs::write(&f, titles_fr.join("\n\n")).unwrap();
    let out = std::process::Command::new("grammalecte-cli")
        .args(["-f", f.to_str().unwrap(), "-j"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run grammalecte-cli ({e}); apt-get install -y grammalecte-cli"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("grammalecte JSON");
    let mut theirs = Vec::new();
    for p in v["data"].as_array().unwrap() {
        let agreement = p["lGrammarErrors"].as_array().unwrap().iter().any(|e| e["sType"] == "gn");
        if agreement {
            let i = p["iParagraph"].as_u64().unwrap() as usize;
            // Paragraphs are separated by blank lines: index i is title i/2.
            theirs.push(titles_fr[i / 2].clone());
        }
    }
    let ours: Vec<String> = ours.into_iter().cloned().collect();
    assert_eq!(ours, theirs);
}
