//! Title alignment against hand-written gold for every shipped page, and
//! one test per kind of evidence and per trap.

use crate::common;

use transalign::Lang;
use transalign::lexicon::Lexicon;
use transalign::lexicon::hunspell::Morphology;
use transalign::titles::{self, Flag, Resources, TitleAlignment, TitleLink};

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
    // One title is one row: 95 occurrences were 85 titles when duplicates merged.
    assert!(scores.len() >= 9 && total.titles >= 85);
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
    assert_eq!(
        brief["flags"][0],
        "not-linked(Les anarchistes et l'expérience de la révolution russe: low-score, low-coverage)"
    );
    assert_eq!(brief["nearest"]["rules"], serde_json::json!(["low-score", "low-coverage"]));
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

/// Every original translated: the text output printed a bare "Not
/// translated:" heading, which read as if the list had been lost.
#[test]
fn text_output_says_when_no_original_is_left_untranslated() {
    let lex = lex();
    let all = align_src(&page(&["Germinal"], &["Germinal"]), Some(&lex), None);
    assert!(all.untranslated.is_empty(), "{:?}", all.untranslated);
    assert!(titles::titles_text(&all).contains("\nNot translated: none\n"), "{}", titles::titles_text(&all));
    let some = align_src(&page(&["Germinal"], &["Germinal", "Nana"]), Some(&lex), None);
    let text = titles::titles_text(&some);
    assert!(text.contains("\nNot translated:\n  Nana (1930)\n"), "{text}");
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
    // The other shares "verovering" with it: a candidate, refused because
    // it went to the better title.
    assert!(
        matches!(&a.links[0].flags[0], Flag::NotLinked(o, rules) if o == "La Conquête du pain" && rules.contains(&"taken")),
        "{:?}",
        a.links[0]
    );
}

#[test]
fn one_ordinary_shared_word_is_not_enough() {
    let l = lex();
    let m = morph();
    // One look-alike word (a compound's part included: "oktober|revolutie")
    // is no evidence at all: no candidate, so no-original-listed.
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
        assert_eq!(a.links[0].flags, [Flag::NoOriginalListed], "{nl}");
        assert_eq!(a.links[0].nearest, None, "{nl}");
    }
    // One ordinary word of many (Rusland = Russie ~ russe) is evidence,
    // not enough.
    let fr = "Les anarchistes et l'expérience de la révolution russe";
    let a = align_src(&page(&["Brief uit Rusland"], &[fr]), Some(&l), Some(&m));
    assert_eq!(a.links[0].original, None);
    assert!(matches!(&a.links[0].flags[0], Flag::NotLinked(o, _) if o == fr), "{:?}", a.links[0]);
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

/// A shipped page's title alignment, with the bundled data.
fn shipped(name: &str) -> TitleAlignment {
    let doc = transalign::load::page(&common::root().join("corpora/nl").join(name)).unwrap().doc;
    let (lex, morph) = (lex(), morph());
    titles::align(&doc, &Resources { lex: Some(&lex), morph: Some(&morph) }, "", Default::default())
}

/// The one row of a title (panics when it is not exactly one).
fn row<'a>(a: &'a TitleAlignment, title: &str) -> &'a TitleLink {
    let rows: Vec<&TitleLink> = a.links.iter().filter(|l| l.translation.title == title).collect();
    assert_eq!(rows.len(), 1, "{title}: {rows:?}");
    rows[0]
}

/// `no-original-listed` only when no original shares any evidence: one
/// look-alike word is none.
#[test]
fn flag_no_original_listed_on_shipped_pages() {
    let camus = shipped("albert-camus.md");
    let l = row(&camus, "Het misverstand");
    assert_eq!(l.flags, [Flag::NoOriginalListed]);
    assert_eq!(l.nearest, None);
    // It shares only revolutie ~ révolution with "Destin d'une révolution".
    let serge = shipped("victor-serge.md");
    let l = row(&serge, "Litteratuur en Revolutie");
    assert_eq!(l.flags, [Flag::NoOriginalListed]);
    assert_eq!(l.nearest, None);
}

/// `not-linked` when an original shares evidence but the rules refused
/// the link: the flag names that original and the rules.
#[test]
fn flag_not_linked_on_shipped_pages() {
    let zola = shipped("emile-zola.md");
    let l = row(&zola, "Brief aan de jeugd");
    assert_eq!(l.flags, [Flag::NotLinked("Lettre à la France".into(), vec!["ambiguous", "low-score"])]);
    assert_eq!(l.flags[0].to_string(), "not-linked(Lettre à la France: ambiguous, low-score)");
    let n = l.nearest.as_ref().unwrap();
    assert!(n.reason.contains("\"Lettre à la jeunesse\" scores as well"), "{}", n.reason);
    let serge = shipped("victor-serge.md");
    let l = row(&serge, "Geschiedenis van het Eerste Jaar der Revolutie");
    assert!(
        matches!(&l.flags[0], Flag::NotLinked(o, rules) if o == "Les Années sans pardon" && rules[0] == "taken"),
        "{l:?}"
    );
    // On every page, every refusal: not-linked exactly when a nearest
    // original is named, and the flag names that one.
    for page in common::corpus_pages() {
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        for l in shipped(&name).links.iter().filter(|l| l.original.is_none()) {
            let want = match &l.nearest {
                Some(n) => Flag::NotLinked(n.title.clone(), n.rules.clone()),
                None => Flag::NoOriginalListed,
            };
            assert_eq!(l.flags[0], want, "{name}: {}", l.translation.title);
            for r in l.nearest.iter().flat_map(|n| &n.rules) {
                assert!(Flag::RULES.iter().any(|(k, _)| k == r), "{r} has no legend entry");
            }
        }
    }
}

/// A single look-alike word never makes an original the nearest.
#[test]
fn a_single_look_alike_is_never_the_nearest_original() {
    // paradijs ~ Paris used to be named; vrouwen = dames is real evidence.
    let zola = shipped("emile-zola.md");
    let l = row(&zola, "Het paradijs der vrouwen");
    assert_eq!(l.flags, [Flag::NotLinked("Au Bonheur des Dames".into(), vec!["low-score"])]);
    assert!(l.nearest.as_ref().unwrap().evidence.iter().all(|e| !e.contains("paris")), "{l:?}");
    // principe ~ principe ("Du principe fédératif"); oktober|revolutie ~
    // révolution, a compound's part that looks alike.
    let proudhon = shipped("pierre-joseph-proudhon.dokuwiki");
    assert_eq!(row(&proudhon, "Het principe van de kunst").flags, [Flag::NoOriginalListed]);
    let serge = shipped("victor-serge.md");
    assert_eq!(row(&serge, "De Oktoberrevolutie te Moskou").flags, [Flag::NoOriginalListed]);
}

/// When two originals score alike, the years can settle it.
#[test]
fn years_settle_a_tie() {
    // Zola's "Arbeid" (1902): "Travail" (1901) and "L'Œuvre" (1886) are
    // both "work"; a year after one and sixteen after the other.
    let zola = shipped("emile-zola.md");
    let l = row(&zola, "Arbeid");
    assert_eq!(l.original.as_ref().map(|o| o.title.as_str()), Some("Travail"), "{l:?}");
    assert!(
        l.evidence.iter().any(|e| e.starts_with("years settle a tie") && e.contains("\"L'Œuvre\" (1886)")),
        "{:?}",
        l.evidence
    );
    let src = |year: i32| {
        format!(
            "# Test Auteur\n\n**Test Auteur** (Gent, 1900 - Luik, 1980) was een schrijver.\n\n## Teksten\n\n- [Arbeid](#), {year}\n\n## Bibliografie\n\n- *L'Œuvre*, Parijs, 1886\n- *Travail*, Parijs, 1901\n"
        )
    };
    let (lex, morph) = (lex(), morph());
    // Dated before "Travail" came out: only "L'Œuvre" is possible.
    let a = align_src(&src(1890), Some(&lex), Some(&morph));
    assert_eq!(a.links[0].original.as_ref().map(|o| o.title.as_str()), Some("L'Œuvre"), "{:?}", a.links[0]);
    // Long after both: the years do not tell, and it is refused.
    let a = align_src(&src(1950), Some(&lex), Some(&morph));
    assert_eq!(a.links[0].original, None);
    assert!(matches!(&a.links[0].flags[0], Flag::NotLinked(_, rules) if rules == &["ambiguous"]), "{:?}", a.links[0]);
}

/// One title is one row: "De pest", named in the text and listed, is one
/// row that notes the mention, in the titles and in the report.
#[test]
fn one_title_is_one_row() {
    let path = common::root().join("corpora/nl/albert-camus.md");
    let camus = shipped("albert-camus.md");
    let l = row(&camus, "De pest");
    assert_eq!((l.translation.origin, l.translation.year), (titles::Origin::List, Some(1947)));
    assert_eq!(l.also.iter().map(|x| x.origin).collect::<Vec<_>>(), [titles::Origin::Prose]);
    assert!(titles::titles_text(&camus).contains("De pest (1947)\n  → La Peste (1947)"));
    // Another spelling with another year stays its own row, flagged.
    assert_eq!(row(&camus, "de Pest").flags, [Flag::VariantOf("De pest".into())]);
    let cfg = transalign::data::DataConfig::default();
    let r = transalign::report::build(&[path], None, &cfg, &mut |_| {}).unwrap();
    assert_eq!(r.pages[0].titles.links.iter().filter(|l| l.translation.title == "De pest").count(), 1);
    let text = transalign::report::render_text(&r);
    assert!(text.contains("  De pest (1947) → La Peste  (also named in the text, line 9)\n"), "{text}");
    assert_eq!(text.matches("← De pest (").count(), 1, "{text}");
    // Listed twice letter for letter: one row, and the catalogue check
    // names the second entry.
    let dir = common::tempdir();
    let page = dir.path().join("twice.md");
    std::fs::write(
        &page,
        "# Test Auteur\n\n**Test Auteur** (Gent, 1900 - Luik, 1980) was een schrijver.\n\n## Teksten\n\n- [De pest](#), 1947\n- [De val](#), 1957\n- [De pest](#), 1949\n\n## Bibliografie\n\n- *La Peste*, Parijs, 1947\n- *La Chute*, Parijs, 1956\n",
    )
    .unwrap();
    let r = transalign::report::build(&[page], None, &cfg, &mut |_| {}).unwrap();
    let t = &r.pages[0].titles;
    assert_eq!(t.links.len(), 2, "{:?}", t.links);
    assert_eq!(t.links[0].also.iter().map(|x| x.year).collect::<Vec<_>>(), [Some(1949)]);
    let dup: Vec<_> = r.pages[0].issues.iter().filter(|i| i.kind == "duplicate").collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].line, Some(9));
    assert!(transalign::report::render_text(&r).contains("(also listed again (1949), line 9)"));
}

/// The flags the other rules raise, each on a title of a shipped page.
#[test]
fn flags_no_date_year_conflict_variant_low_confidence_on_shipped_pages() {
    let camus = shipped("albert-camus.md");
    assert_eq!(row(&camus, "Brieven aan een Duitse vriend").flags, [Flag::NoDate]);
    assert_eq!(row(&camus, "Reflecties op de guillotine").flags, [Flag::YearConflict(1956, 1957)]);
    assert_eq!(row(&camus, "de Pest").flags, [Flag::VariantOf("De pest".into())]);
    let zola = shipped("emile-zola.md");
    assert_eq!(row(&zola, "Ik beschuldig").flags, [Flag::LowConfidence]);
}

/// Every flag raised has its legend line in the titles text and the
/// report text; over the shipped pages every kind of flag is raised.
#[test]
fn every_flag_has_a_legend_entry() {
    let mut kinds = std::collections::BTreeSet::new();
    let pages = common::corpus_pages();
    for page in &pages {
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let a = shipped(&name);
        let text = titles::titles_text(&a);
        for f in a.links.iter().flat_map(|l| &l.flags) {
            let (_, meaning) = Flag::LEGEND.iter().find(|(k, _)| *k == f.kind()).expect("a legend entry");
            assert!(text.contains(&format!("\n  {}: {meaning}\n", f.kind())), "{name}: {}", f.kind());
            kinds.insert(f.kind());
        }
    }
    let all: std::collections::BTreeSet<&str> = Flag::LEGEND.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, all, "every kind of flag on some shipped page");
    let r = transalign::report::build(&pages, None, &transalign::data::DataConfig::default(), &mut |_| {}).unwrap();
    let text = transalign::report::render_text(&r);
    for (k, meaning) in Flag::LEGEND {
        assert!(text.contains(&format!("\n  {k}: {meaning}\n")), "report legend lacks {k}");
    }
    for (rule, what) in Flag::RULES {
        assert!(text.contains(&format!("\n    {rule}: {what}\n")), "report legend lacks {rule}");
    }
}

/// An original listed twice letter for letter (two editions) is one work:
/// its translation links to it and coverage counts it once, and the
/// catalogue check still names the second listing. As two, the translation
/// was "ambiguous" between them and both were "not translated".
#[test]
fn an_original_listed_twice_is_one_work() {
    let dir = common::tempdir();
    let page = dir.path().join("editions.md");
    std::fs::write(
        &page,
        "# Test Auteur\n\n**Test Auteur** (Gent, 1840 - Luik, 1902) was een schrijver.\n\n## Teksten\n\n\
         - [Het geld](#), 1892\n- [De vreugde van het leven](#), 1886\n\n## Bibliografie\n\n\
         - *Germinal*, Parijs, 1885\n- *L'Argent*, Parijs, 1891\n- *L'Argent*, Parijs, 1891\n\
         - *La Joie de vivre*, Parijs, 1884\n- *La Joie de vivre*, Brussel, 1886\n",
    )
    .unwrap();
    let cfg = transalign::data::DataConfig::default();
    let r = transalign::report::build(&[page], None, &cfg, &mut |_| {}).unwrap();
    let p = &r.pages[0];
    let linked: Vec<(String, Option<String>)> = p
        .titles
        .links
        .iter()
        .map(|l| (l.translation.title.clone(), l.original.as_ref().map(|o| o.title.clone())))
        .collect();
    assert_eq!(
        linked,
        [
            ("Het geld".to_string(), Some("L'Argent".to_string())),
            ("De vreugde van het leven".to_string(), Some("La Joie de vivre".to_string()))
        ]
    );
    assert_eq!(p.titles.originals.len(), 3, "Germinal, L'Argent, La Joie de vivre");
    let text = transalign::report::render_text(&r);
    assert!(text.contains("Originals (3 listed, 2 translated"), "{text}");
    let dup: Vec<_> = p.issues.iter().filter(|i| i.kind == "duplicate").map(|i| i.title.as_str()).collect();
    assert_eq!(dup, ["L'Argent", "La Joie de vivre"]);
}
