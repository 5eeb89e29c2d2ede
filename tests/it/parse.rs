//! Parsing wiki author pages into the document model, on the shipped pages.

use crate::common;

use transalign::model::*;
use transalign::segment::{Segmenter, Sentencex, sentences};

fn seed() -> transalign::load::Parsed {
    transalign::load::page(&common::root().join("corpora/nl/victor-serge.md")).expect("seed parses")
}

fn all_sentences(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk_blocks(doc, &mut |b, _, _| {
        if let Block::Para(p) = b {
            for s in &p.sentences {
                out.push((s.id.clone(), plain_text(&s.content)));
            }
        }
    });
    out
}

#[test]
fn seed_copy_is_byte_identical_to_shared_seed() {
    let shared = common::root().join("../shared/seeds/000_9613ec163e76de76.txt");
    if shared.exists() {
        assert_eq!(
            std::fs::read(shared).unwrap(),
            std::fs::read(common::root().join("corpora/nl/victor-serge.md")).unwrap()
        );
    }
}

#[test]
fn seed_head_footer_and_subject() {
    let p = seed();
    let d = &p.doc;
    assert_eq!(d.title.as_deref(), Some("Victor Serge"));
    assert_eq!(d.lang.as_ref().map(Lang::code), Some("nl"));
    assert_eq!(d.source.site.as_deref(), Some("Anarchisme.nl"));
    assert_eq!(d.source.site_url.as_deref(), Some("http://www.anarchisme.nl/"));
    assert_eq!(d.source.permalink.as_deref(), Some("http://www.anarchisme.nl/namespace/victor_serge"));
    assert_eq!(d.source.updated.as_deref(), Some("2020-04-14T21:55:00"));
    assert_eq!(d.source.updated_text.as_deref(), Some("14/04/20 21:55"));
    let s = d.subject.as_ref().expect("subject");
    let names: Vec<(&str, &str)> = s.names.iter().map(|n| (n.name.as_str(), n.kind.as_str())).collect();
    assert_eq!(
        names,
        [
            ("Viktor Lvovitsj Kibaltsjitsj", "full"),
            ("Victor Serge", "pseudonym"),
            ("Виктор Львович Кибальчич", "original-script")
        ]
    );
    assert_eq!(s.names[2].lang.as_ref().map(Lang::code), Some("ru"));
    let birth = s.birth.as_ref().unwrap();
    assert_eq!((birth.when.as_deref(), birth.place.as_deref()), (Some("1890-12-30"), Some("Brussel")));
    let death = s.death.as_ref().unwrap();
    assert_eq!((death.when.as_deref(), death.place.as_deref()), (Some("1947-11-17"), Some("Mexico-Stad")));
    // The footer is metadata, not body text.
    assert!(all_sentences(d).iter().all(|(_, t)| !t.contains("Last update") && !t.contains("Permanent link")));
}

#[test]
fn seed_sections_nest_by_heading_level() {
    let d = seed().doc;
    let heads: Vec<String> = d.sections.iter().map(|s| plain_text(&s.head)).collect();
    assert_eq!(
        heads,
        [
            "Biografie",
            "Russische Revolutie",
            "Victor Serges denken en geschriften",
            "Teksten",
            "Bibliografie",
            "Over Victor Serge",
            "Voetnoot"
        ]
    );
    let bib = &d.sections[4];
    assert_eq!(bib.role, SectionRole::Originals);
    let subs: Vec<(String, u8, SectionRole)> =
        bib.sections.iter().map(|s| (plain_text(&s.head), s.level, s.role)).collect();
    assert_eq!(subs, [("Fictie".into(), 3, SectionRole::Originals), ("Non-fictie".into(), 3, SectionRole::Originals)]);
    assert_eq!(d.sections[3].role, SectionRole::Translations);
    // "geschriften" in a heading over prose does not make it a bibliography.
    assert_eq!(d.sections[2].role, SectionRole::Prose);
    assert_eq!(d.sections[6].role, SectionRole::Notes);
}

#[test]
fn seed_sentences_do_not_split_at_abbreviations_but_do_at_sentence_ends() {
    let d = seed().doc;
    let s = all_sentences(&d);
    let find = |needle: &str| -> &str {
        &s.iter().find(|(_, t)| t.contains(needle)).unwrap_or_else(|| panic!("no sentence contains {needle:?}")).1
    };
    // Abbreviations stay inside their sentence.
    for (abbr, rest) in [
        ("waar hij o.a. zei", "krachten te verzamelen."),
        ("die z.i. geroepen", "krachten te verzamelen."),
        ("idee, d.i. het beginsel", "aangetast mag worden."),
        ("Zinovjef e.a. uit de", "gevangen gezet."),
        ("groep z.g. illegale", "terugschrikten."),
        ("te St.Petersburg.", "te St.Petersburg."),
    ] {
        let sent = find(abbr);
        assert!(sent.ends_with(rest), "{abbr:?} is in {sent:?}, which should end with {rest:?}");
    }
    // Real sentence ends split.
    assert!(s.iter().any(|(_, t)| t == "Viktor Lvovitsj Kibaltsjitsj was in 1890 te Brussel geboren."));
    assert!(
        s.iter().any(|(_, t)| t == "Zijn vader, een Russisch dokter, was als revolutionair naar België uitgeweken.")
    );
    let n_bio = s.iter().filter(|(id, _)| id.starts_with("d1.")).count();
    assert_eq!(n_bio, 13, "Biografie has 4 + 9 sentences");
    // Every sentence ends with a sentence mark or is a caption-like fragment.
    for (id, t) in &s {
        assert!(!t.is_empty() && t == t.trim(), "{id}: {t:?}");
    }
}

#[test]
fn segmenter_handles_initials_and_issue_numbers() {
    let nl = Sentencex::new("nl");
    let got = sentences(&nl, "Hij schreef met L. Trotsky een boek. Het verscheen in n°11 van het blad. Daarna niets.");
    assert_eq!(got, ["Hij schreef met L. Trotsky een boek.", "Het verscheen in n°11 van het blad.", "Daarna niets."]);
    let fr = Sentencex::new("fr");
    let got = sentences(&fr, "Il a vu M. Dupont hier. Le n°11 du journal est paru ! Oui.");
    assert_eq!(got, ["Il a vu M. Dupont hier.", "Le n°11 du journal est paru !", "Oui."]);
    // Protected ranges (titles) are never cut: without protection this is
    // three sentences, with the title "Zhivago. Een roman" protected, two.
    let text = "Hij las Zhivago. Een roman. Toen sliep hij.";
    assert_eq!(nl.split(text, &[]).len(), 3);
    let title = text.find("Zhivago").unwrap()..text.find(" roman").unwrap() + 6;
    let got: Vec<&str> = nl.split(text, std::slice::from_ref(&title)).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, ["Hij las Zhivago. Een roman.", "Toen sliep hij."]);
}

#[test]
fn seed_bibliographic_entries_are_typed() {
    let d = seed().doc;
    let bibls = d.bibls();
    let texts: Vec<&Bibl> = bibls.iter().filter(|b| b.role == Some(SectionRole::Translations)).collect();
    let originals: Vec<&Bibl> = bibls.iter().filter(|b| b.role == Some(SectionRole::Originals)).collect();
    assert_eq!(texts.len(), 9);
    assert_eq!(originals.len(), 16);
    for b in &texts {
        assert_eq!(b.lang.as_ref().map(Lang::code), Some("nl"), "{}", b.title);
    }
    for b in &originals {
        assert_eq!(b.lang.as_ref().map(Lang::code), Some("fr"), "{}", b.title);
    }
    let weer = texts.iter().find(|b| b.title == "De weerspannige").unwrap();
    assert_eq!((weer.year, weer.date_text.as_deref()), (None, Some("onbekend")));
    let stad = texts.iter().find(|b| b.title == "De veroverde stad").unwrap();
    assert_eq!((stad.year, stad.notes.clone()), (Some(1967), vec!["Boek, roman".to_string()]));

    let exp = originals.iter().find(|b| b.title == "L'expérience communiste").unwrap();
    assert_eq!(exp.periodical.as_deref(), Some("Le Communiste"));
    assert_eq!(exp.pub_place.as_deref(), Some("Stockel-Bois"));
    assert_eq!(exp.scope.as_deref(), Some("n°11"));
    assert_eq!((exp.year, exp.date.as_deref()), (Some(1908), Some("1908-04-18")));
    assert_eq!(exp.pseudonym.as_deref(), Some("Le Rétif"));
    assert_eq!(exp.kind, Some(TitleKind::Article));
    let lutte = originals.iter().find(|b| b.title == "La Lutte Contre le Stalinisme").unwrap();
    assert_eq!(lutte.publisher.as_deref(), Some("Maspero"));
    assert_eq!(lutte.coauthors, ["L. Trotsky"]);
    assert_eq!((lutte.pub_place.as_deref(), lutte.year), (Some("Parijs"), Some(1977)));
    let mem = originals.iter().find(|b| b.title.starts_with("Mémoires")).unwrap();
    assert_eq!(mem.title, "Mémoires d'un révolutionnaire, 1901-1941", "a comma inside the emphasis stays in the title");
    assert_eq!(mem.year, Some(1951));
    let lenine = originals.iter().find(|b| b.title == "De Lénine à Staline").unwrap();
    assert_eq!((lenine.pub_place.as_deref(), lenine.year), (None, Some(1937)));
    let toulaev = originals.iter().find(|b| b.title == "L'Affaire Toulaev").unwrap();
    assert_eq!((toulaev.pub_place.as_deref(), toulaev.year), (Some("Parijs"), Some(1949)));
    let fictie = originals.iter().filter(|b| b.section.last().map(String::as_str) == Some("Fictie")).count();
    assert_eq!(fictie, 7);
}

#[test]
fn seed_prose_titles_are_classified_from_context() {
    let d = seed().doc;
    let m: Vec<(String, Option<TitleKind>, Option<String>)> =
        d.mentions().into_iter().map(|b| (b.title, b.kind, b.lang.map(|l| l.code().to_string()))).collect();
    let kind_of = |t: &str| m.iter().find(|x| x.0 == t).unwrap_or_else(|| panic!("{t} not found")).1;
    let lang_of = |t: &str| m.iter().find(|x| x.0 == t).unwrap().2.clone();
    for p in ["Anarchie", "Tierra y Libertad", "l'Internationale communiste", "Le Crapouillot"] {
        assert_eq!(kind_of(p), Some(TitleKind::Periodical), "{p}");
    }
    for o in ["Cement", "Herinneringen"] {
        assert_eq!(kind_of(o), Some(TitleKind::OtherWork), "{o}");
    }
    let own = [
        "Geschiedenis van het Eerste Jaar der Revolutie",
        "Litteratuur en Revolutie",
        "De Klassenstrijd in de Chinese Revolutie",
        "Achter de Schermen van de Geheime Politie (de Ochrana)",
        "Gevangen",
        "De Opkomst van onze Kracht",
        "De veroverde Stad",
    ];
    for t in own {
        assert_eq!(kind_of(t), Some(TitleKind::OwnWork), "{t}");
        assert_eq!(lang_of(t).as_deref(), Some("nl"), "{t}");
    }
    assert_eq!(lang_of("Tierra y Libertad").as_deref(), Some("es"));
    assert_eq!(lang_of("Le Crapouillot").as_deref(), Some("fr"));
    // Organisations are names, not titles.
    assert!(!m.iter().any(|x| x.0 == "Revolutionaire Groep"));
    let mut orgs = Vec::new();
    fn find_orgs(c: &[Inline], out: &mut Vec<String>) {
        for i in c {
            if let Inline::Name { kind: NameKind::Org, content, .. } = i {
                out.push(plain_text(content));
            }
            if let Some(ch) = i.children() {
                find_orgs(ch, out);
            }
        }
    }
    walk_blocks(&d, &mut |b, _, _| {
        if let Block::Para(p) = b {
            for s in &p.sentences {
                find_orgs(&s.content, &mut orgs);
            }
        }
    });
    assert_eq!(orgs, ["Revolutionaire Groep", "Bonnot-bende", "CNT"]);
}

#[test]
fn escaped_characters_and_links_survive() {
    let p = seed();
    let mut found = false;
    // The seed's escapes sit in its footer (metadata); check them in a body too.
    let src = "# T\n\n## S\n\nEen \\*ster\\* en [victor\\_serge](http://x.org/a_b) hier.\n";
    let d = common::md_page(src).unwrap().doc;
    walk_blocks(&d, &mut |b, _, _| {
        if let Block::Para(par) = b {
            let t = plain_text(&par.sentences[0].content);
            assert_eq!(t, "Een *ster* en victor_serge hier.");
            found = true;
        }
    });
    assert!(found);
    assert_eq!(p.doc.source.permalink.as_deref(), Some("http://www.anarchisme.nl/namespace/victor_serge"));
}

#[test]
fn source_positions_point_into_the_file() {
    let p = seed();
    let src = common::read(&common::root().join("corpora/nl/victor-serge.md"));
    let line_of = |needle: &str| src.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(p.positions["d4"].line, line_of("## Teksten"));
    assert_eq!(p.positions["d4.lb1.b7"].line, line_of("De veroverde stad](#)"));
    assert_eq!(p.positions["d5.2.lb1.b1"].line, line_of("L'expérience communiste"));
    assert_eq!(p.positions["d1.p2.s4"].line, line_of("Hij begon zijn revolutionaire"));
}

#[test]
fn other_pages_quirks() {
    let k = transalign::load::page(&common::root().join("corpora/nl/pjotr-kropotkin.md")).unwrap().doc;
    let kb = k.bibls();
    // Subsections under "Teksten" keep the translations role; the
    // bibliography comes before the texts on this page.
    let boeken: Vec<&Bibl> = kb.iter().filter(|b| b.section.last().map(String::as_str) == Some("Boeken")).collect();
    assert_eq!(boeken.len(), 5);
    assert!(boeken.iter().all(|b| b.role == Some(SectionRole::Translations)));
    let jongeren = kb.iter().find(|b| b.title == "Aan de jongeren").unwrap();
    assert_eq!((jongeren.year, jongeren.authors.clone()), (None, vec!["Ferdinand Domela Nieuwenhuis".to_string()]));
    let aux = kb.iter().find(|b| b.title == "Aux jeunes gens").unwrap();
    assert_eq!(aux.notes, ["eerst in Le Révolté"]);
    let conq = kb.iter().find(|b| b.title == "La Conquête du pain").unwrap();
    assert_eq!(conq.publisher.as_deref(), Some("Tresse et Stock"));

    let h = transalign::load::page(&common::root().join("corpora/nl/victor-hugo.md")).unwrap().doc;
    // No footer on this page, numbered lists, "Werken"/"Vertalingen" headings.
    assert_eq!(h.source.permalink, None);
    let hb = h.bibls();
    assert_eq!(hb.iter().filter(|b| b.role == Some(SectionRole::Originals)).count(), 9);
    assert_eq!(hb.iter().filter(|b| b.role == Some(SectionRole::Translations)).count(), 9);
    let q = hb.iter().find(|b| b.title == "Quatre-vingt-treize").unwrap();
    assert_eq!(q.lang.as_ref().map(Lang::code), Some("fr"));
    let mis = hb.iter().find(|b| b.title == "Les Misérables").unwrap();
    assert_eq!(
        (mis.pub_place.as_deref(), mis.publisher.as_deref()),
        (Some("Brussel"), Some("Lacroix, Verboeckhoven et Cie"))
    );

    let m = transalign::load::page(&common::root().join("corpora/nl/louise-michel.md")).unwrap().doc;
    let s = m.subject.as_ref().unwrap();
    assert!(s.names.iter().any(|n| n.name == "Enjolras" && n.kind == "pseudonym"));
    let mb = m.bibls();
    let microbes = mb.iter().find(|b| b.title == "Menschelijke microben").unwrap();
    assert_eq!((microbes.year, microbes.date_text.clone()), (None, None), "no date at all is not 'unknown'");
    let misere = mb.iter().find(|b| b.title == "La Misère").unwrap();
    assert_eq!(misere.coauthors, ["Marguerite Tinayre"]);
    // "Over Louise Michel": "Edith Thomas, *Louise Michel ou la Velléda de
    // l'anarchie*, Parijs, 1971" is a record of secondary literature, its
    // author named before the title (a plain item, "Edith Thomas, Parijs,
    // 1971", would not be one).
    let about: Vec<_> = mb.iter().filter(|b| b.role == Some(SectionRole::Secondary)).collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert_eq!(about[0].title, "Louise Michel ou la Velléda de l'anarchie");
    assert_eq!(about[0].authors, ["Edith Thomas"]);
    assert_eq!((about[0].pub_place.as_deref(), about[0].year), (Some("Parijs"), Some(1971)));

    let c = transalign::load::page(&common::root().join("corpora/nl/albert-camus.md")).unwrap().doc;
    // DokuWiki's page template footer and breadcrumb.
    assert_eq!(c.title.as_deref(), Some("Albert Camus"));
    assert_eq!(c.source.updated.as_deref(), Some("2021-03-02T10:11:00"));
    let cb = c.bibls();
    // "La Peste" alone could be Spanish or Italian; among French titles it is French.
    let peste = cb.iter().find(|b| b.title == "La Peste").unwrap();
    assert_eq!(peste.lang.as_ref().map(Lang::code), Some("fr"));
    let mentions = c.mentions();
    // "*De pest* (1947)": the year in parentheses is the mention's.
    let pest = mentions.iter().find(|m| m.title == "De pest").unwrap();
    assert_eq!((pest.kind, pest.year), (Some(TitleKind::OwnWork), Some(1947)));
    // "voor de krant *Combat* en ... na de publicatie van *De mens in opstand*":
    // each title takes its nearest cue.
    let kind = |t: &str| mentions.iter().find(|m| m.title == t).and_then(|m| m.kind);
    assert_eq!(kind("Combat"), Some(TitleKind::Periodical));
    assert_eq!(kind("De mens in opstand"), Some(TitleKind::OwnWork));
}

#[test]
fn list_language_settles_ambiguous_titles_but_not_clear_ones() {
    let src = "# Test Auteur\n\n## Bibliografie\n\n- *La Peste*, Parijs, 1947\n- *L'Étranger*, Parijs, 1942\n\
               - *La Chute*, Parijs, 1956\n- *The Conquest of Bread*, Londen, 1906\n";
    let doc = common::md_page(src).unwrap().doc;
    let lang_of =
        |t: &str| doc.bibls().into_iter().find(|b| b.title == t).and_then(|b| b.lang).map(|l| l.code().to_string());
    assert_eq!(lang_of("La Peste").as_deref(), Some("fr"));
    assert_eq!(lang_of("La Chute").as_deref(), Some("fr"));
    assert_eq!(lang_of("The Conquest of Bread").as_deref(), Some("en"), "a title's own words outvote its list");
}

#[test]
fn quirky_page_keeps_its_structure() {
    let d = transalign::load::page(&common::root().join("tests/data/quirky.md")).unwrap().doc;
    // A line before the title does not stop "# Emma Goldman" being the title,
    // and the subject comes from the first paragraph that names someone.
    assert_eq!(d.title.as_deref(), Some("Emma Goldman"));
    let s = d.subject.as_ref().unwrap();
    assert_eq!(s.birth.as_ref().and_then(|b| b.when.as_deref()), Some("1869-06-27"));
    assert!(matches!(d.front[0], Block::Para(_)));
    assert!(
        matches!(d.front.iter().find(|b| matches!(b, Block::Quote(_))), Some(Block::Quote(q)) if q.blocks.len() == 2)
    );
    assert!(d.front.iter().any(|b| matches!(b, Block::Code(c) if c.text == "code block <with> & stuff")));
    // Nested list items of a bibliography become entries of their own.
    let texts: Vec<String> =
        d.bibls().into_iter().filter(|b| b.role == Some(SectionRole::Translations)).map(|b| b.title).collect();
    assert_eq!(texts, ["Anarchisme en andere essays", "Een sublijst", "Mijn desillusie in Rusland"]);
    let originals: Vec<(String, Option<String>)> = d
        .bibls()
        .into_iter()
        .filter(|b| b.role == Some(SectionRole::Originals))
        .map(|b| (b.title, b.lang.map(|l| l.code().to_string())))
        .collect();
    assert_eq!(originals[0], ("Anarchism and Other Essays".to_string(), Some("en".to_string())));
    assert_eq!(d.bibls()[3].publisher.as_deref(), Some("Mother Earth Publishing Association"));
    // A second level-1 heading is a section; "Diep" (h4) nests under Bibliografie.
    let heads: Vec<(String, u8)> = d.sections.iter().map(|s| (plain_text(&s.head), s.level)).collect();
    assert_eq!(heads, [("Teksten".into(), 2), ("Bibliografie".into(), 2), ("Tweede titel op niveau 1".into(), 1)]);
    assert_eq!(plain_text(&d.sections[0].sections[0].head), "Subsectie");
    assert_eq!((plain_text(&d.sections[1].sections[0].head), d.sections[1].sections[0].level), ("Diep".into(), 4));
    // Lowercase emphasis without a cue is emphasis, not a title.
    let sentences = all_sentences(&d);
    assert!(sentences.iter().any(|(_, t)| t == "Een citaat met nadruk en kracht."));
    assert!(d.mentions().iter().all(|m| m.title != "nadruk"));
}

/// Titles named in Dutch prose, in the language they are written in: what
/// a reader of each title would say, not what the tool once said. Letter
/// pairs every language of the list writes ("ll" in *nouvelle*, "rr" in
/// *guerre*) must not make a French or Italian title Spanish, and a
/// trigram vote whatlang itself is unsure of must not outvote a French
/// spelling. (Titles with no function word or spelling the lists know,
/// such as *Brave New World* or *Der Zauberberg*, take the page's
/// language: telling them needs a lexicon.)
#[test]
fn titles_in_prose_get_their_own_language() {
    let cases = [
        ("Nouvelle Géographie universelle", "fr"),
        ("La Guerre et la Paix", "fr"),
        ("Les Travailleurs de la mer", "fr"),
        ("La Bête humaine", "fr"),
        ("Tierra y Libertad", "es"),
        ("Cien años de soledad", "es"),
        ("La casa de Bernarda Alba", "es"),
        ("Il nome della rosa", "it"),
        ("La coscienza di Zeno", "it"),
        ("Se questo è un uomo", "it"),
        ("L'anarchia", "it"),
        ("Im Westen nichts Neues", "de"),
        ("The Conquest of Bread", "en"),
        ("De verovering van het brood", "nl"),
    ];
    let mut src = String::from("# Test Auteur\n\n");
    for (title, _) in cases {
        src.push_str(&format!("Hij las in die jaren het boek *{title}* opnieuw.\n\n"));
    }
    let doc = common::md_page(&src).unwrap().doc;
    let mentions = doc.mentions();
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(title, want)| {
            let got = mentions.iter().find(|m| m.title == *title).and_then(|m| m.lang.as_ref()).map(|l| l.code());
            (got != Some(*want)).then(|| format!("{title}: {got:?}, not {want}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A list of translations written as a table, in each syntax that has
/// tables: every body row is an entry with its title and year (the header
/// row is not, marked as one or not: the HTML's is plain cells), as a list
/// item would be. Tables were once read as prose
/// there, and their works were reported "not translated". A table in a
/// prose section stays paragraphs.
#[test]
fn a_table_of_translations_is_read_as_entries() {
    use transalign::syntax::Syntax;
    let pages = [
        (
            Syntax::Markdown,
            "# Jean Test\n\n**Jean Test** (Parijs, 1854 - Parijs, 1939) was een schrijver.\n\n## Leven\n\n\
             | Jaar | Gebeurtenis |\n|---|---|\n| 1894 | Proces |\n\n## Vertalingen\n\n\
             | Titel | Jaar |\n|---|---|\n| [De stervende maatschappij](#) | 1894 |\n| *Het individu* | [1890] |\n\n\
             - [Nono](#), 1902\n",
        ),
        (
            Syntax::DokuWiki,
            "====== Jean Test ======\n\n**Jean Test** (Parijs, 1854 - Parijs, 1939) was een schrijver.\n\n\
             ===== Leven =====\n\n^ Jaar ^ Gebeurtenis ^\n| 1894 | Proces |\n\n===== Vertalingen =====\n\n\
             ^ Titel ^ Jaar ^\n| [[De stervende maatschappij]] | 1894 |\n| //Het individu// | [1890] |\n\n\
             \x20 * [[Nono]], 1902\n",
        ),
        (
            Syntax::MediaWiki,
            "'''Jean Test''' (Parijs, 1854 - Parijs, 1939) was een schrijver.\n\n== Leven ==\n\
             {|\n! Jaar !! Gebeurtenis\n|-\n| 1894 || Proces\n|}\n\n== Vertalingen ==\n\
             {| class=\"wikitable\"\n! Titel !! Jaar\n|-\n| [[De stervende maatschappij]] || 1894\n|-\n\
             | ''Het individu'' || [1890]\n|}\n\n* [[Nono]], 1902\n",
        ),
        (
            Syntax::Html,
            "<html><body><h1>Jean Test</h1><p><b>Jean Test</b> (Parijs, 1854 - Parijs, 1939) was een schrijver.</p>\
             <h2>Leven</h2><table><tr><th>Jaar</th><th>Gebeurtenis</th></tr><tr><td>1894</td><td>Proces</td></tr></table>\
             <h2>Vertalingen</h2><table><tr><td>Titel</td><td>Jaar</td></tr>\
             <tr><td><a href=\"#\">De stervende maatschappij</a></td><td>1894</td></tr>\
             <tr><td><i>Het individu</i></td><td>[1890]</td></tr></table>\
             <ul><li><a href=\"#\">Nono</a>, 1902</li></ul></body></html>",
        ),
    ];
    for (syntax, src) in pages {
        let doc = transalign::load::page_str(src, Some(syntax)).unwrap().doc;
        let entries: Vec<(String, Option<i32>)> = doc
            .bibls()
            .into_iter()
            .filter(|b| b.role == Some(SectionRole::Translations))
            .map(|b| (b.title, b.year))
            .collect();
        assert_eq!(
            entries,
            [
                ("De stervende maatschappij".to_string(), Some(1894)),
                ("Het individu".to_string(), Some(1890)),
                ("Nono".to_string(), Some(1902))
            ],
            "{syntax:?}"
        );
        // The table in "Leven" is two paragraphs, its header row one of them.
        let leven = doc.sections.iter().find(|s| plain_text(&s.head) == "Leven").expect("Leven");
        let paras: Vec<String> = leven
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => {
                    Some(p.sentences.iter().map(|s| plain_text(&s.content)).collect::<Vec<_>>().join(" "))
                }
                _ => None,
            })
            .collect();
        assert_eq!(paras, ["Jaar | Gebeurtenis", "1894 | Proces"], "{syntax:?}");
    }
}

/// The sections of translations and of originals are found by their
/// headings' words, which the cue table lists per language: a page in
/// Polish, Czech, Swedish, Danish, Russian or Greek had no "Teksten" for
/// the tool ("no translated titles: every original is untranslated").
#[test]
fn translation_and_original_headings_in_other_languages() {
    for (translations, originals) in [
        ("Przekłady", "Bibliografia"),
        ("Překlady", "Dílo"),
        ("Översättningar", "Skrifter"),
        ("Oversættelser", "Værker"),
        ("Переводы", "Сочинения"),
        ("Μεταφράσεις", "Έργα"),
        ("Traduções", "Publicações"),
    ] {
        let src = format!(
            "# Victor Serge\n\nVictor Serge (1890-1947).\n\n## {translations}\n\n- *Een titel*, 1989\n\n\
             ## {originals}\n\n- *L'Affaire Toulaév*, Paris, 1948\n"
        );
        let doc = common::md_page(&src).unwrap().doc;
        let roles: Vec<Option<SectionRole>> = doc.bibls().iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            [Some(SectionRole::Translations), Some(SectionRole::Originals)],
            "{translations} / {originals}"
        );
    }
}

/// The language of each entry's title, by title.
fn bibl_langs(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.bibls().into_iter().map(|b| (b.title.clone(), b.lang.map(|l| l.code().to_string()))).collect()
}

/// Titles in a language the title detector has no word lists for come out
/// in that language, not in the known one a shared word or a trigram
/// guess points to: a Polish page's own titles (they were German, Spanish
/// or Portuguese), and Polish originals in a Dutch bibliography (Spanish).
/// A Dutch title naming a Polish city stays Dutch.
#[test]
fn titles_in_a_language_outside_the_word_lists_get_that_language() {
    let pl = "# Albert Camus\n\nAlbert Camus (1913-1960) był francuskim pisarzem i filozofem. Jego powieść *Dżuma* \
              ukazała się w Polsce w 1948 roku, a jego książki są czytane w szkołach.\n\n## Przekłady\n\n\
              - *Obcy*, Warszawa, 1958\n- *Dżuma*, Warszawa, 1948\n- *Człowiek zbuntowany*, Kraków, 1971\n\
              - *Upadek*, Warszawa, 1957\n\n## Bibliografia\n\n- *L'Étranger*, Paris, 1942\n- *La Peste*, Paris, 1947\n\
              - *L'Homme révolté*, Paris, 1951\n- *La Chute*, Paris, 1956\n";
    let doc = common::md_page(pl).unwrap().doc;
    let langs = bibl_langs(&doc);
    let want = |t: &str| if ["Obcy", "Dżuma", "Człowiek zbuntowany", "Upadek"].contains(&t) { "pl" } else { "fr" };
    let wrong: Vec<_> = langs.iter().filter(|(t, l)| l.as_deref() != Some(want(t))).collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    let mention = doc.mentions().into_iter().find(|m| m.title == "Dżuma").expect("Dżuma named in the prose");
    assert_eq!(mention.lang.map(|l| l.code().to_string()).as_deref(), Some("pl"));

    let nl = "# Władysław Reymont\n\nWładysław Reymont (1867-1925) was een Poolse schrijver die in 1924 de \
              Nobelprijs voor literatuur kreeg. Zijn bekendste boeken zijn in het Nederlands vertaald.\n\n\
              ## Teksten\n\n- *De boeren*, Amsterdam, 1926\n- *Het beloofde land van Łódź*, Amsterdam, 1930\n\
              - *De komediante*, Rotterdam, 1928\n\n## Bibliografie\n\n- *Chłopi*, Warszawa, 1904\n\
              - *Ziemia obiecana*, Warszawa, 1899\n- *Komediantka*, Warszawa, 1896\n- *Fermenty*, Warszawa, 1897\n";
    let doc = common::md_page(nl).unwrap().doc;
    let langs = bibl_langs(&doc);
    let dutch = ["De boeren", "Het beloofde land van Łódź", "De komediante"];
    let wrong: Vec<_> = langs
        .iter()
        .filter(|(t, l)| l.as_deref() != Some(if dutch.contains(&t.as_str()) { "nl" } else { "pl" }))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// The shapes of an entry's tail that were mislabelled: a city before the
/// year of a translation was its author, a translator after a colon two
/// authors ("Vertaling" one of them), "Place: Publisher" an author and a
/// place, and an edition's year was no date.
#[test]
fn places_translators_and_edition_years_in_entries() {
    let src = "# Test Auteur\n\nTest Auteur was een schrijver die veel schreef over de wereld en het leven.\n\n\
               ## Teksten\n\n- *De boeren*, Amsterdam, 1926. Vertaling: Jan de Vries.\n\
               - *Het geld*, Budapest: Grimm, 1892.\n\n## Bibliografie\n\n- *La Terre*, Paris, 2e druk 1888.\n\
               - *Nana*, Paris, 1880, 2e druk 1881.\n";
    let doc = common::md_page(src).unwrap().doc;
    let bibls = doc.bibls();
    let get = |t: &str| bibls.iter().find(|b| b.title == t).unwrap_or_else(|| panic!("no entry {t}"));
    let boeren = get("De boeren");
    assert_eq!(boeren.pub_place.as_deref(), Some("Amsterdam"));
    assert!(boeren.authors.is_empty(), "{:?}", boeren.authors);
    assert_eq!(boeren.notes, ["Vertaling: Jan de Vries"]);
    let geld = get("Het geld");
    assert_eq!((geld.pub_place.as_deref(), geld.publisher.as_deref()), (Some("Budapest"), Some("Grimm")));
    assert!(geld.authors.is_empty(), "{:?}", geld.authors);
    assert_eq!(get("La Terre").year, Some(1888));
    assert_eq!(get("Nana").year, Some(1880), "the first year stays the entry's");
}

/// A title in running text is the subject's own work, another's, or a
/// periodical by the words before or after it, in the page's language:
/// Spanish, Italian, Portuguese, Polish and Swedish prose left every title
/// unclassified (the cues were Dutch, French, English and German).
#[test]
fn prose_cues_classify_titles_in_more_languages() {
    use transalign::model::TitleKind;
    let cases = [
        (
            "Victor Hugo",
            "Victor Hugo fue un escritor francés. Su novela *Los miserables* se publicó en 1862 en París y en Bruselas.",
            "Los miserables",
            TitleKind::OwnWork,
        ),
        (
            "Victor Hugo",
            "Victor Hugo fue un escritor francés. Escribió artículos para la revista *El Museo Universal* durante muchos años.",
            "El Museo Universal",
            TitleKind::Periodical,
        ),
        (
            "Italo Svevo",
            "Italo Svevo fu uno scrittore italiano. Il suo romanzo *La coscienza di Zeno* uscì nel 1923 a Bologna.",
            "La coscienza di Zeno",
            TitleKind::OwnWork,
        ),
        (
            "Eça de Queirós",
            "Eça de Queirós foi um escritor português. O seu romance *O Primo Basílio* foi publicado em 1878 em Lisboa.",
            "O Primo Basílio",
            TitleKind::OwnWork,
        ),
        (
            "Bolesław Prus",
            "Bolesław Prus był polskim pisarzem. Jego powieść *Lalka* ukazała się w 1890 roku w Warszawie.",
            "Lalka",
            TitleKind::OwnWork,
        ),
        (
            "August Strindberg",
            "August Strindberg var en svensk författare. Hans roman *Röda rummet* kom ut 1879 i Stockholm.",
            "Röda rummet",
            TitleKind::OwnWork,
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(name, prose, title, want)| {
            let doc = common::md_page(&format!("# {name}\n\n{prose}\n")).unwrap().doc;
            let got = doc.mentions().into_iter().find(|m| m.title == *title).and_then(|m| m.kind);
            (got != Some(*want)).then(|| format!("{title}: {got:?}, not {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
