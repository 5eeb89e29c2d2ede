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
    let doc = transalign::parse::page(src).unwrap().doc;
    titles::align(&doc, &Resources { lex, morph }, "test", Default::default())
}

fn flags(l: &titles::TitleLink) -> String {
    if l.flags.is_empty() { "-".into() } else { l.flags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }
}

#[test]
fn every_page_matches_its_gold() {
    let (lex, morph) = (lex(), morph());
    let mut checked = 0;
    for page in common::corpus_pages() {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let gold_path = common::root().join(format!("tests/data/titles/{name}.gold.tsv"));
        let gold = common::read(&gold_path);
        let rows: Vec<Vec<&str>> = gold
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
            .collect();
        let doc = transalign::parse::page_file(&page).unwrap().doc;
        let a = titles::align(&doc, &Resources { lex: Some(&lex), morph: Some(&morph) }, "", Default::default());
        assert_eq!(a.links.len(), rows.len(), "{name}: number of translated titles");
        for (l, row) in a.links.iter().zip(&rows) {
            assert_eq!(row.len(), 4, "{name}: gold rows have 4 columns: {row:?}");
            assert_eq!(l.translation.title, row[0], "{name}: titles in page order");
            let got = l.original.as_ref().map_or("-", |o| o.title.as_str());
            assert_eq!(got, row[1], "{name}: original of {:?} (gold: {})", row[0], row[3]);
            assert_eq!(flags(l), row[2], "{name}: flags of {:?} (gold: {})", row[0], row[3]);
            assert_eq!(l.score.is_some(), l.original.is_some());
            assert_eq!(l.evidence.is_empty(), l.original.is_none(), "{name}: a link says why, a refusal does not");
            checked += 1;
        }
    }
    assert!(checked >= 40);
}

#[test]
fn seed_coverage_and_json_contract() {
    let doc = transalign::parse::page_file(&common::root().join("corpora/nl/victor-serge.md")).unwrap().doc;
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
        let doc = transalign::parse::page_file(&page).unwrap().doc;
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
