//! Title alignment of whole pages: read a page, load the lexicon of its
//! languages and the French morphology once for many pages, align.

use std::path::Path;

use super::{Resources, TitleAlignment};
use crate::data::{DataConfig, LexiconCache, SharedLexicon};
use crate::error::Result;
use crate::lexicon::hunspell::Morphology;
use crate::model::Lang;
use crate::syntax::Syntax;

/// Parse a page and align its titles, loading the lexicon for its
/// languages (and the French morphology for French originals); `note`
/// hears what was used.
pub fn titles_for_page(
    page: &Path,
    syntax: Option<Syntax>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<TitleAlignment> {
    titles_for_page_in(page, syntax, None, cfg, note)
}

/// [`titles_for_page`] with the page's language given (`--lang`: a page
/// whose language was detected wrong) or, when `None`, detected.
pub fn titles_for_page_in(
    page: &Path,
    syntax: Option<Syntax>,
    lang: Option<&Lang>,
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<TitleAlignment> {
    let parsed = read_page(page, syntax, lang, note)?;
    TitleAligner::new(cfg).align(page, &parsed.doc, note)
}

/// Read a page through the door, passing on what the reader noted, under the page's name.
pub(crate) fn read_page(
    path: &Path,
    syntax: Option<Syntax>,
    lang: Option<&Lang>,
    note: &mut dyn FnMut(&str),
) -> Result<crate::parse::Parsed> {
    let parsed = crate::load::page_in(path, syntax, lang.cloned())?;
    for n in &parsed.notes {
        note(&format!("{}: {n}", path.display()));
    }
    Ok(parsed)
}

/// [`titles_for_page`] for many pages, loading each lexicon and the
/// morphology once.
pub(crate) fn titles_for_pages(
    pages: &[std::path::PathBuf],
    cfg: &DataConfig,
    note: &mut dyn FnMut(&str),
) -> Result<Vec<TitleAlignment>> {
    let aligner = TitleAligner::new(cfg);
    pages
        .iter()
        .map(|page| {
            let parsed = read_page(page, None, None, note)?;
            aligner.align(page, &parsed.doc, note)
        })
        .collect()
}

/// Aligns the titles of one page after another, loading each lexicon and
/// the French morphology once, when a page first needs them.
pub struct TitleAligner<'a> {
    cfg: &'a DataConfig,
    lexicons: LexiconCache,
    morph: std::cell::OnceCell<crate::data::LoadedMorphology>,
    /// What each lexicon loaded so far is, in words.
    pub(crate) used: std::cell::RefCell<Vec<String>>,
}

impl<'a> TitleAligner<'a> {
    /// An aligner that loads what `cfg` finds.
    pub fn new(cfg: &'a DataConfig) -> Self {
        TitleAligner {
            cfg,
            lexicons: LexiconCache::default(),
            morph: std::cell::OnceCell::new(),
            used: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The lexicons loaded so far, for other work of the same run to share.
    pub fn lexicons(&self) -> &LexiconCache {
        &self.lexicons
    }

    /// The data configuration it loads by.
    pub fn config(&self) -> &DataConfig {
        self.cfg
    }

    /// The lexicon for titles in `tl` with originals in `ol`, loaded the
    /// first time and recorded among the data the run used.
    pub fn lexicon(&self, tl: &Lang, ol: &Lang, note: &mut dyn FnMut(&str)) -> Result<SharedLexicon> {
        // The person hears the route in one line; the report records the
        // data in full.
        self.lexicons.get_loaded(self.cfg, tl, ol, |l| {
            note(&l.route);
            self.used.borrow_mut().push(format!("{tl} → {ol}; {}", l.note));
        })
    }

    /// The French morphology, looked up the first time it is asked for.
    pub fn french(&self, note: &mut dyn FnMut(&str)) -> Result<&crate::data::LoadedMorphology> {
        if self.morph.get().is_none() {
            let fr = crate::Lang::new("fr").ok_or_else(|| crate::Error::invalid("'fr' is not a language code"))?;
            let loaded = self.cfg.morphology(&fr)?;
            note(&loaded.note);
            self.used.borrow_mut().push(loaded.note.clone());
            let _ = self.morph.set(loaded);
        }
        self.morph.get().ok_or_else(|| crate::Error::invalid("morphology not loaded"))
    }

    /// Align one page's titles.
    pub fn align(
        &self,
        page: &Path,
        doc: &crate::model::Document,
        note: &mut dyn FnMut(&str),
    ) -> Result<TitleAlignment> {
        let (translations, originals, tl, ol) = super::collect(doc);
        check_lists(page, translations.len(), originals.len(), note)?;
        let lex = self.lexicon(&tl, &ol, note)?;
        let mut data = lex.provenance();
        // Translations in the language of their originals are none: the
        // lists were read as one language (a Spanish page whose "Obras"
        // read as French, like its French translations), and the titles
        // met on identical words alone, "Nouvelles exemplaires" never
        // "Novelas ejemplares", with only a note "fr → fr: one language".
        let listed = translations.iter().filter(|t| t.origin == super::Origin::List).count();
        if let Some(w) = one_language(&tl, &ol, listed, originals.len()) {
            data.reduced_evidence.push(w);
        }
        // titles::align uses the morphology for French originals only: read
        // it only when a page has them.
        let morph: Option<&Morphology> = if ol.primary() == "fr" {
            let m = self.french(note)?;
            match (&m.morphology, &m.used) {
                (Some(morph), Some(u)) => {
                    data.used.push(u.clone());
                    Some(morph)
                }
                _ => {
                    data.reduced_evidence.push(m.note.clone());
                    None
                }
            }
        } else {
            None
        };
        let res = Resources { lex: lex.lexicon.as_ref(), morph };
        Ok(super::align(doc, &res, &lex.note, data))
    }
}

/// Reduced evidence, in words, when a page's listed translations and its
/// originals are in one language (see [`TitleAligner::align`]).
fn one_language(tl: &Lang, ol: &Lang, translations: usize, originals: usize) -> Option<String> {
    (translations > 0 && originals > 0 && !tl.is_und() && tl.primary() == ol.primary()).then(|| {
        format!(
            "the translated titles and the originals both read as {} ({}), so they were matched as one language, without a dictionary (identical words, cognates, names and numbers); check the languages of the page's lists",
            tl.primary(),
            tl.name()
        )
    })
}

/// A page needs a list of texts or a bibliography to say anything about titles.
fn check_lists(page: &Path, translations: usize, originals: usize, note: &mut dyn FnMut(&str)) -> Result<()> {
    match (translations, originals) {
        (0, 0) => Err(crate::Error::new(crate::ErrorKind::Structure(
            "no translated titles and no originals: no heading names a list of texts (\"Teksten\", \"Translations\", \"Übersetzungen\", \"Traducciones\", …) or a bibliography (\"Bibliografie\", \"Bibliography\", \"Werke\", \"Obras\", …)".into(),
        ))
        .in_file(page)),
        (_, 0) => {
            note(&format!("{}: no originals listed (no \"Bibliografie\"): every title is reported without an original", page.display()));
            Ok(())
        }
        (0, _) => {
            note(&format!("{}: no translated titles (no \"Teksten\" and none named in the text): every original is untranslated", page.display()));
            Ok(())
        }
        _ => Ok(()),
    }
}
