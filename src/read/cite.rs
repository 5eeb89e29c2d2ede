//! Citation templates of wikis (`{{cite book}}`, `{{citeer boek}}`,
//! `{{Literatur}}`, `{{Ouvrage}}`, …) read as the entry a reader of the
//! page sees: their named parameters are the fields of a bibliographic
//! entry. Without this a wiki bibliography written in such templates, and
//! every note citing a source, came out empty.
//!
//! Parameter names are read in English, Dutch, German and French, the
//! languages of the wikis whose pages the tool reads; unknown parameters
//! are ignored.

/// A citation's fields, each as written in the template.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Citation {
    /// Authors, "First Last" where the template gives the parts.
    pub authors: Vec<String>,
    /// The title of the work cited.
    pub title: String,
    /// The periodical, website or collection it is in, if any: the title
    /// is then an article's.
    pub container: Option<String>,
    /// Where it came out.
    pub place: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Year or date, as written.
    pub date: Option<String>,
    /// Volume of a periodical.
    pub volume: Option<String>,
    /// Issue of a periodical.
    pub issue: Option<String>,
    /// Page or pages.
    pub pages: Option<String>,
}

/// Whether a template of this name (any case) is a citation.
pub fn is_citation(name: &str) -> bool {
    let n = name.trim().to_lowercase().replace('_', " ");
    ["cite ", "citeer ", "cita "].iter().any(|p| n.starts_with(p))
        || matches!(n.as_str(), "citation" | "literatur" | "ouvrage" | "article" | "chapitre" | "lien web" | "cite")
}

/// Parameter names per field, lowercased: English, Dutch, German, French.
const TITLE: &[&str] = &["title", "titel", "titre"];
const CHAPTER: &[&str] = &["chapter", "contribution", "hoofdstuk", "titre chapitre"];
const CONTAINER: &[&str] = &[
    "journal",
    "work",
    "newspaper",
    "magazine",
    "periodical",
    "website",
    "werk",
    "tijdschrift",
    "krant",
    "sammelwerk",
    "zeitschrift",
    "périodique",
    "site",
];
const PLACE: &[&str] = &["location", "place", "publication-place", "plaats", "ort", "lieu"];
const PUBLISHER: &[&str] = &["publisher", "uitgever", "verlag", "éditeur", "editeur"];
const DATE: &[&str] = &["year", "date", "jaar", "datum", "jahr", "année", "annee"];
const VOLUME: &[&str] = &["volume", "jaargang", "band", "tome"];
const ISSUE: &[&str] = &["issue", "number", "nummer", "numéro", "numero"];
const PAGES: &[&str] = &["pages", "page", "pp", "p", "pagina", "pagina's", "paginas", "seiten", "seite", "passage"];
/// Whole names of authors.
const AUTHOR: &[&str] = &["author", "authors", "auteur", "autor", "autorin"];
/// Family and given names, each with an optional number ("last2").
const LAST: &[&str] = &["last", "surname", "achternaam", "nom"];
const FIRST: &[&str] = &["first", "given", "voornaam", "prénom", "prenom"];

/// Read a citation template's named parameters (`name`, value; values
/// already as plain text). `None` when it names no title.
pub fn read(params: &[(String, String)]) -> Option<Citation> {
    let get = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            params
                .iter()
                .find(|(k, v)| k.trim().eq_ignore_ascii_case(n) && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    };
    let mut c = Citation {
        title: get(TITLE)?,
        container: get(CONTAINER),
        place: get(PLACE),
        publisher: get(PUBLISHER),
        date: get(DATE),
        volume: get(VOLUME),
        issue: get(ISSUE),
        pages: get(PAGES),
        ..Citation::default()
    };
    // A chapter of a book is the article; the book, its container.
    if let Some(chapter) = get(CHAPTER) {
        c.container = Some(std::mem::replace(&mut c.title, chapter));
    }
    for k in 0..=9 {
        let suffix = if k == 0 { String::new() } else { k.to_string() };
        let named = |names: &[&str]| -> Option<String> {
            let keys: Vec<String> = names.iter().map(|n| format!("{n}{suffix}")).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            get(&keys)
        };
        let author = match (named(LAST), named(FIRST)) {
            (Some(last), Some(first)) => Some(format!("{first} {last}")),
            (Some(last), None) => Some(last),
            _ => named(AUTHOR),
        };
        if let Some(a) = author {
            if !c.authors.contains(&a) {
                c.authors.push(a);
            }
        }
    }
    Some(c)
}

/// A piece of a citation as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Plain text.
    Text(String),
    /// A title in italics (a book's, or the periodical an article is in).
    Italic(String),
}

impl Citation {
    /// The citation as a list entry writes it: "Authors, *Title*, Place:
    /// Publisher, Year, p. 12", or for an article "Authors, “Title”,
    /// *Periodical* 12 (3), Year, pp. 3–9".
    pub fn shown(&self) -> Vec<Shown> {
        let mut out = Vec::new();
        let mut text = String::new();
        if !self.authors.is_empty() {
            text.push_str(&self.authors.join(", "));
            text.push_str(", ");
        }
        match &self.container {
            Some(container) => {
                text.push_str(&format!("“{}”, ", self.title));
                out.push(Shown::Text(std::mem::take(&mut text)));
                out.push(Shown::Italic(container.clone()));
                if let Some(v) = &self.volume {
                    text.push_str(&format!(" {v}"));
                }
                if let Some(i) = &self.issue {
                    text.push_str(&format!(" ({i})"));
                }
            }
            None => {
                if !text.is_empty() {
                    out.push(Shown::Text(std::mem::take(&mut text)));
                }
                out.push(Shown::Italic(self.title.clone()));
            }
        }
        match (&self.place, &self.publisher) {
            (Some(p), Some(q)) => text.push_str(&format!(", {p}: {q}")),
            (Some(p), None) => text.push_str(&format!(", {p}")),
            (None, Some(q)) => text.push_str(&format!(", {q}")),
            (None, None) => {}
        }
        if let Some(d) = &self.date {
            text.push_str(&format!(", {d}"));
        }
        if let Some(p) = &self.pages {
            let several = p.contains(['-', '–', ',']);
            text.push_str(&format!(", {} {p}", if several { "pp." } else { "p." }));
        }
        if !text.is_empty() {
            out.push(Shown::Text(text));
        }
        out
    }
}

/// A short footnote, `{{sfn|Robb|1997|p=45}}`, as its note reads: "Robb
/// 1997, p. 45". `None` without an author or year.
pub fn short_note(params: &[(Option<String>, String)]) -> Option<String> {
    let positional: Vec<&str> =
        params.iter().filter(|(k, _)| k.is_none()).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect();
    if positional.is_empty() {
        return None;
    }
    let mut note = positional.join(" ");
    let named =
        |n: &str| params.iter().find(|(k, _)| k.as_deref().is_some_and(|k| k.trim() == n)).map(|(_, v)| v.trim());
    if let Some(p) = named("p").or_else(|| named("page")) {
        note.push_str(&format!(", p. {p}"));
    } else if let Some(p) = named("pp").or_else(|| named("pages")) {
        note.push_str(&format!(", pp. {p}"));
    }
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn text(shown: &[Shown]) -> String {
        shown
            .iter()
            .map(|s| match s {
                Shown::Text(t) => t.clone(),
                Shown::Italic(t) => format!("*{t}*"),
            })
            .collect()
    }

    #[test]
    fn a_book_in_each_language_reads_as_a_list_entry() {
        let en = read(&params(&[
            ("last", "Serge"),
            ("first", "Victor"),
            ("title", "Mémoires d'un révolutionnaire"),
            ("location", "Paris"),
            ("publisher", "Seuil"),
            ("year", "1951"),
        ]))
        .unwrap();
        assert_eq!(text(&en.shown()), "Victor Serge, *Mémoires d'un révolutionnaire*, Paris: Seuil, 1951");
        let nl = read(&params(&[
            ("achternaam", "Serge"),
            ("voornaam", "Victor"),
            ("titel", "Ville conquise"),
            ("plaats", "Parijs"),
            ("uitgever", "Rieder"),
            ("jaar", "1932"),
            ("pagina", "12"),
        ]))
        .unwrap();
        assert_eq!(text(&nl.shown()), "Victor Serge, *Ville conquise*, Parijs: Rieder, 1932, p. 12");
        let de = read(&params(&[
            ("Autor", "Victor Serge"),
            ("Titel", "Die Tragödie"),
            ("Verlag", "Dietz"),
            ("Jahr", "1950"),
        ]))
        .unwrap();
        assert_eq!(text(&de.shown()), "Victor Serge, *Die Tragödie*, Dietz, 1950");
    }

    #[test]
    fn an_article_names_its_periodical_in_italics_and_several_authors_in_order() {
        let c = read(&params(&[
            ("last1", "Serge"),
            ("first1", "Victor"),
            ("last2", "Souvarine"),
            ("first2", "Boris"),
            ("title", "Le problème"),
            ("journal", "Esprit"),
            ("volume", "12"),
            ("issue", "3"),
            ("year", "1937"),
            ("pages", "3–9"),
        ]))
        .unwrap();
        assert_eq!(text(&c.shown()), "Victor Serge, Boris Souvarine, “Le problème”, *Esprit* 12 (3), 1937, pp. 3–9");
    }

    #[test]
    fn no_title_no_citation_and_other_templates_are_not_citations() {
        assert_eq!(read(&params(&[("last", "Serge"), ("year", "1951")])), None);
        assert!(is_citation("Cite book") && is_citation("citeer_boek") && is_citation("Literatur"));
        assert!(!is_citation("Infobox person") && !is_citation("citation needed"));
    }

    #[test]
    fn a_short_footnote_reads_as_its_note() {
        let p = vec![(None, "Robb".to_string()), (None, "1997".to_string()), (Some("p".to_string()), "45".to_string())];
        assert_eq!(short_note(&p).as_deref(), Some("Robb 1997, p. 45"));
        assert_eq!(short_note(&[]), None);
    }
}
