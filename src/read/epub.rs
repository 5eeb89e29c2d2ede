//! EPUB (2 and 3) → one HTML text: the documents of the spine, in reading
//! order, each body in a `<section>`. The HTML reader then reads it, so
//! chapters' headings and paragraphs become the same anchors as in any
//! page. Content documents are read with the HTML5 parser (XHTML in the
//! wild carries entities and errors an XML parser would refuse).

use scraper::Selector;

use super::zipped::{Container, resolve};
use crate::error::{Error, Result};
use crate::syntax::Syntax;

/// The container's spine as one HTML document.
pub(crate) fn to_html(bytes: &[u8]) -> Result<String> {
    let mut c = Container::open(bytes, Syntax::Epub)?;
    let container = c.xml("META-INF/container.xml")?;
    let opf_path = find_all(&container, "rootfile")
        .into_iter()
        .find_map(|e| e.attr("full-path").map(str::to_string))
        .ok_or_else(|| Error::container(Syntax::Epub, "META-INF/container.xml names no rootfile"))?;
    let opf = c.xml(&opf_path)?;
    // id → (href, media type): a spine of thousands of items looks each up once.
    let manifest: std::collections::HashMap<&str, (&str, &str)> = find_all(&opf, "item")
        .into_iter()
        .filter_map(|e| Some((e.attr("id")?, (e.attr("href")?, e.attr("media-type").unwrap_or("")))))
        .collect();
    let spine: Vec<String> =
        find_all(&opf, "itemref").into_iter().filter_map(|e| e.attr("idref").map(str::to_string)).collect();
    if spine.is_empty() {
        return Err(Error::container(Syntax::Epub, format!("{opf_path} has an empty spine")));
    }
    let body = Selector::parse("body").map_err(|e| Error::container(Syntax::Epub, e.to_string()))?;
    let mut out = String::from("<!DOCTYPE html>\n<html><body>\n");
    for idref in &spine {
        let Some(&(href, media)) = manifest.get(idref.as_str()) else {
            return Err(Error::container(
                Syntax::Epub,
                format!("spine item '{idref}' is not in the manifest of {opf_path}"),
            ));
        };
        if !media.contains("html") {
            continue;
        }
        let path = resolve(&opf_path, href);
        let chapter = c.text(&path)?;
        let doc =
            super::html::parse_dom(&chapter).map_err(|e| Error::container(Syntax::Epub, format!("{path}:{e}")))?;
        if let Some(b) = doc.select(&body).next() {
            out.push_str("<section>\n");
            out.push_str(&b.inner_html());
            out.push_str("\n</section>\n");
        }
        if out.len() as u64 > super::zipped::MAX_ENTRY {
            return Err(Error::container(
                Syntax::Epub,
                format!("its chapters add up to more than {} MB of text", super::zipped::MAX_ENTRY >> 20),
            ));
        }
    }
    out.push_str("</body></html>\n");
    Ok(out)
}

fn find_all<'a>(e: &'a crate::xml::Elem, local: &str) -> Vec<&'a crate::xml::Elem> {
    let mut out = Vec::new();
    fn rec<'a>(e: &'a crate::xml::Elem, local: &str, out: &mut Vec<&'a crate::xml::Elem>) {
        if e.local() == local {
            out.push(e);
        }
        for c in e.elems() {
            rec(c, local, out);
        }
    }
    rec(e, local, &mut out);
    out
}
