//! Silent failures found in stop 39: bibliographies whose entries the
//! readers lost or misread with exit 0. Each test fails on the code before
//! its fix.

use crate::common;

/// A wiki bibliography written in citation templates (`{{cite book}}`,
/// `{{citeer boek}}`), the way most Wikipedia pages write theirs, came out
/// as an empty `listBibl`: the templates were skipped ("3 templates
/// skipped"), and `titles` said the page had no originals.
#[test]
fn a_wiki_bibliography_of_citation_templates_keeps_its_entries() {
    let dir = common::tempdir();
    let page = "'''Victor Serge''' was a revolutionary and writer.\n\n== Bibliography ==\n\
* {{cite book |last=Serge |first=Victor |title=Mémoires d'un révolutionnaire |location=Paris |publisher=Éditions du Seuil |year=1951}}\n\
* {{Citation |author=Victor Serge |title=L'Affaire Toulaév |place=Paris |publisher=Le Seuil |date=1948}}\n\
* {{citeer boek |achternaam=Serge |voornaam=Victor |titel=Ville conquise |plaats=Paris |uitgever=Rieder |jaar=1932}}\n";
    std::fs::write(dir.path().join("serge.wiki"), page).unwrap();
    let (code, tei, err) = common::run_in(dir.path(), &["-q", "tei", "serge.wiki", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(tei.matches("<bibl ").count(), 3, "{tei}");
    for field in [
        "<author>Victor Serge</author>",
        ">Mémoires d'un révolutionnaire</title>",
        "<pubPlace>Paris</pubPlace>: <publisher>Rieder</publisher>",
        "<date when=\"1948\">1948</date>",
    ] {
        assert!(tei.contains(field), "{field} missing from\n{tei}");
    }
    let (code, json, err) = common::run_in(dir.path(), &["-q", "titles", "serge.wiki", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["coverage"]["originals"], 3, "{json}");
}

/// A source cited in a note (`<ref>{{cite book …}}</ref>`) and a short
/// footnote (`{{sfn|Robb|1997|p=45}}`) were dropped: the notes section
/// held nothing of them.
#[test]
fn notes_that_cite_a_source_keep_it() {
    let dir = common::tempdir();
    let page = "'''Victor Hugo''' was a French writer.<ref>{{cite book |last=Robb |first=Graham \
|title=Victor Hugo: A Biography |publisher=Norton |year=1997 |page=12}}</ref> He wrote many novels.\
{{sfn|Robb|1997|p=45}}\n\n== References ==\n{{reflist}}\n";
    std::fs::write(dir.path().join("hugo.wiki"), page).unwrap();
    let (code, tei, err) = common::run_in(dir.path(), &["-q", "tei", "hugo.wiki", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(tei.contains("Graham Robb, <title"), "{tei}");
    assert!(tei.contains(">Victor Hugo: A Biography</title>, Norton, 1997, p. 12"), "{tei}");
    assert!(tei.contains("Robb 1997, p. 45"), "{tei}");
    assert!(!err.contains("skipped"), "{err}");
}

/// An entry that names its author before the title, the most common style
/// of a bibliography ("Edith Thomas, *Louise Michel …*, Parijs, 1971"),
/// had the author read as an article's title and the book as the
/// periodical it appeared in; in a list of secondary literature such
/// entries were not taken for a bibliography at all.
#[test]
fn an_author_before_the_title_is_the_author() {
    let dir = common::tempdir();
    let page = "# Victor Serge\n\nVictor Serge was a writer and a revolutionary who wrote in French.\n\n\
## Bibliografie\n\n\
- Victor Serge, *Mémoires d'un révolutionnaire*, Paris: Éditions du Seuil, 1951.\n\
- Serge, Victor. *L'Affaire Toulaév*. Paris: Le Seuil, 1948.\n\
- Victor Serge, « Le problème », *Esprit* 12 (1937), pp. 3–9.\n\
- In: *Esprit*, 1937.\n\n\
## Literatuur\n\n\
- Susan Weissman, *Victor Serge: The Course Is Set on Hope*, Londen, 2001\n\
- Richard Greeman en Bill Marshall, *Victor Serge*, Oxford, 1998\n";
    std::fs::write(dir.path().join("serge.md"), page).unwrap();
    let (code, tei, err) = common::run_in(dir.path(), &["-q", "tei", "serge.md", "--lang", "nl"]);
    assert_eq!(code, 0, "{err}");
    let bibl = |needle: &str| -> String {
        tei.lines().find(|l| l.contains("<bibl ") && l.contains(needle)).unwrap_or_default().to_string()
    };
    let b = bibl("Mémoires");
    assert!(b.contains("<author>Victor Serge</author>"), "{b}");
    assert!(b.contains("type=\"own-work\" level=\"m\""), "the book is not a periodical: {b}");
    assert!(bibl("Toulaév").contains("<author>Serge, Victor</author>"), "{tei}");
    let b = bibl("Esprit* 12").to_string() + &bibl("Le problème");
    assert!(b.contains("<author>Victor Serge</author>") && b.contains("type=\"article\""), "{b}");
    assert!(b.contains("« Le problème »</title>"), "{b}");
    // A lone word before a title is no author.
    assert!(!bibl("In: ").contains("<author>"), "{tei}");
    // Secondary literature by others: a bibliography, its works not the subject's.
    assert!(tei.contains("<listBibl xml:id=\"d2.lb1\" type=\"secondary\">"), "{tei}");
    let b = bibl("Weissman");
    assert!(b.contains("<author>Susan Weissman</author>") && b.contains("type=\"other-work\""), "{b}");
    let b = bibl("Greeman");
    assert!(b.contains("<author>Richard Greeman</author> en <author>Bill Marshall</author>"), "{b}");
}

/// What kind of work an entry is ("Roman.", "nouvelles", "(toneel, 1944)")
/// was read as the place it came out, or hid the entry's year in a note;
/// a library catalogue's entry ("*La Peste* / Albert Camus. – Paris :
/// Gallimard, 1947.") gave the author as the place and the place as the
/// publisher.
#[test]
fn genres_and_catalogue_entries_are_read_field_by_field() {
    let dir = common::tempdir();
    let page = "# Albert Camus\n\nAlbert Camus was een Franse schrijver en filosoof die in Algerije werd geboren.\n\n\
## Bibliografie\n\n\
- *L'Étranger*. Roman. Paris: Gallimard, 1942.\n\
- *La Peste* / Albert Camus. – Paris : Gallimard, 1947. – 336 p.\n\
- *Caligula* (toneel, 1944)\n\
- *L'Exil et le Royaume*, nouvelles, 1957\n";
    std::fs::write(dir.path().join("camus.md"), page).unwrap();
    let (code, tei, err) = common::run_in(dir.path(), &["-q", "tei", "camus.md", "--lang", "fr"]);
    assert_eq!(code, 0, "{err}");
    let bibl = |needle: &str| -> String {
        tei.lines().find(|l| l.contains("<bibl ") && l.contains(needle)).unwrap_or_default().to_string()
    };
    let b = bibl("Étranger");
    assert!(b.contains("<note type=\"genre\">Roman</note>"), "{b}");
    assert!(b.contains("<pubPlace>Paris</pubPlace>: <publisher>Gallimard</publisher>"), "{b}");
    let b = bibl("La Peste");
    assert!(b.contains("/ <author>Albert Camus</author>"), "{b}");
    assert!(b.contains("<pubPlace>Paris</pubPlace> : <publisher>Gallimard</publisher>"), "{b}");
    assert!(b.contains("<date when=\"1947\">"), "{b}");
    let b = bibl("Caligula");
    assert!(b.contains("(<note type=\"genre\">toneel</note>, <date when=\"1944\">1944</date>)"), "{b}");
    assert!(bibl("Royaume").contains("<note type=\"genre\">nouvelles</note>"), "{tei}");
}
