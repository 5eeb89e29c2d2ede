//! Cue words and section names, read from `cues.tsv` (compiled in): the
//! page layer's knowledge of the wiki's languages is data, one list per
//! kind of cue, so a language is added by adding lines, not code.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A cue list, read from the table on first use.
pub type Cues = std::sync::LazyLock<Vec<&'static str>>;

const TABLE: &str = include_str!("cues.tsv");

/// The entries of one list, in table order (empty for an unknown name).
pub fn list(name: &str) -> Vec<&'static str> {
    static LISTS: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            if let Some((k, v)) = line.split_once('\t') {
                m.entry(k).or_default().push(v);
            }
        }
        m
    });
    lists.get(name).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_list_the_code_names_is_in_the_table() {
        for name in [
            "heading.translations",
            "heading.originals",
            "heading.genres",
            "heading.notes",
            "heading.secondary-prefixes",
            "footer.last-modified",
            "footer.by",
            "bibl.publisher-words",
            "bibl.edition-words",
            "bibl.translator-cues",
            "bibl.translator-from-cues",
            "bibl.pseudonym-cues",
            "bibl.coauthor-cues",
            "bibl.genre-words",
            "mention.periodical-before",
            "mention.own-before",
            "mention.by-words",
        ] {
            assert!(!super::list(name).is_empty(), "{name}");
        }
    }
}
