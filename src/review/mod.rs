//! The review page: one self-contained HTML file (styles, script and the
//! alignment inside; no network, no libraries) where a person checks and
//! corrects an alignment. Both texts side by side under headers naming the
//! files and languages, a row per link, 1-0 and 0-1 links as gaps, rows
//! coloured by confidence, each link's evidence; merge, split, moving a
//! sentence across a boundary, editing, splitting and joining sentences,
//! checking and flagging, undo and redo, by keyboard and mouse; search,
//! jumps and filters. Every edit goes through the edit model
//! (`model.js`: pure functions that keep the invariants) and is saved as
//! it is made: in the browser's IndexedDB, or, with `review --serve`
//! ([`serve`]), to the alignment JSON on disk. Only the rows near the
//! screen are in the page, so 100 000 links open and edit as fast as 300.
//!
//! Every value reaches the HTML through one escaping function for text and
//! attributes (`crate::xml::html_text`, `crate::xml::html_attr`; `esc`
//! and `attr` in the script), the data through
//! `crate::xml::json_for_html`, and the Content-Security-Policy allows
//! only the page's own script, by its hash.

pub mod serve;
pub mod work;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::Aligned;
use crate::formats::json::AlignmentFile;
use crate::xml::{html_attr, html_text};

const CSS: &str = include_str!("review.css");
const MODEL_JS: &str = include_str!("model.js");
const PAGE_JS: &str = include_str!("review.js");

/// The page's script: the edit model, then the page.
pub fn script() -> String {
    format!("{MODEL_JS}\n{PAGE_JS}")
}

/// How the page is made.
#[derive(Debug, Clone)]
pub struct PageOptions {
    /// Links below this confidence are doubtful (`n`, the filter).
    pub threshold: f64,
    /// Served by `review --serve`: edits go to the server, not to IndexedDB.
    pub served: bool,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions { threshold: 0.5, served: false }
    }
}

/// Write the review page of an alignment.
pub fn write(x: &Aligned<'_>, out: &mut dyn Write) -> Result<()> {
    write_file(&crate::formats::json::to_file(x), &PageOptions::default(), out)
}

/// Write the review page of an alignment file (its checked marks, flags,
/// corrections and undo history kept).
pub(crate) fn write_file(file: &AlignmentFile, opts: &PageOptions, out: &mut dyn Write) -> Result<()> {
    let data = crate::xml::json_for_html(file).map_err(|e| Error::invalid(e.to_string()))?;
    let options = serde_json::json!({"threshold": opts.threshold, "served": opts.served});
    let options = crate::xml::json_for_html(&options).map_err(|e| Error::invalid(e.to_string()))?;
    let js = script();
    let connect = if opts.served { " connect-src 'self';" } else { "" };
    let title = format!("Review: {} ↔ {}", file.src.file, file.tgt.file);
    let head = |d: &crate::formats::json::Side| {
        format!(
            "<span class=\"file\">{}</span> <span class=\"lang\">({})</span>",
            html_text(if d.file.is_empty() { "?" } else { &d.file }),
            html_text(&d.lang)
        )
    };
    write!(
        out,
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src {hash};{connect} img-src data:">
<title>{title}</title>
<style>
{CSS}</style>
</head>
<body>
<header>
<h1>{title} <small>({sl} → {tl})</small></h1>
{warnings}<div class="bar" role="toolbar" aria-label="Edit the selected link">
<button data-op="prev" title="Previous link (k or ↑)">↑</button>
<button data-op="next" title="Next link (j or ↓)">↓</button>
<button data-op="nextDoubtful" id="next-doubtful" title="Next doubtful link (n; previous: N)">doubtful <kbd>n</kbd></button>
<button data-op="merge" id="merge" title="Merge with the next link (m)">merge <kbd>m</kbd></button>
<button data-op="split" id="split" title="Split the link in two (s)">split <kbd>s</kbd></button>
<button data-op="push" data-arg="src" id="src-down" title="Move its last source sentence to the next link (o or ])">src ↓ <kbd>o</kbd></button>
<button data-op="pull" data-arg="src" id="src-up" title="Take the next link's first source sentence (i or [)">src ↑ <kbd>i</kbd></button>
<button data-op="push" data-arg="tgt" id="tgt-down" title="Move its last target sentence to the next link (O or }})">tgt ↓ <kbd>O</kbd></button>
<button data-op="pull" data-arg="tgt" id="tgt-up" title="Take the next link's first target sentence (I or {{)">tgt ↑ <kbd>I</kbd></button>
<button data-op="edit" id="edit" title="Edit the sentence with the cursor (e); in the editor Enter saves, Shift+Enter splits the sentence at the cursor, Esc cancels">edit <kbd>e</kbd></button>
<button data-op="join" id="join" title="Join the sentence with the cursor and the next one of its text (J)">join <kbd>J</kbd></button>
<button data-op="check" id="check" title="Mark as checked (c or space)">checked <kbd>c</kbd></button>
<button data-op="flag" id="flag" title="Flag, to come back to (x)">flag <kbd>x</kbd></button>
<button data-op="undo" id="undo" title="Undo (u or Ctrl+Z)">undo <kbd>u</kbd></button>
<button data-op="redo" id="redo" title="Redo (r or Ctrl+Y)">redo <kbd>r</kbd></button>
<label>show <select id="filter" aria-label="which links to show">
<option value="all">all links</option>
<option value="doubtful">doubtful</option>
<option value="unchecked">unchecked</option>
<option value="edited">edited</option>
<option value="unaligned">1-0 and 0-1</option>
<option value="flagged">flagged</option>
</select></label>
<label title="Links below this confidence are doubtful">below <input type="number" id="threshold" value="{threshold}" min="0" max="1" step="0.05" aria-label="confidence threshold"></label>
<input type="search" id="search" placeholder="search both texts (f)" aria-label="search both texts">
<button data-op="searchPrev" id="search-prev" title="Previous match (Shift+Enter in the search box, or &lt;)">◀</button>
<button data-op="searchNext" id="search-next" title="Next match (Enter in the search box, or &gt;)">▶</button>
<input type="text" id="jump" placeholder="go to: 12, s40, t7 (g)" aria-label="go to a link number, or s/t and a sentence number" size="12">
<span class="exports">export:
<button data-export="json" id="export-json">JSON</button>
<button data-export="beads">beads</button>
<button data-export="tsv">TSV</button>
<button data-export="tmx">TMX</button></span>
<button id="discard" title="Go back to the alignment as it was before any edit (asks first; can be undone)">discard edits</button>
<button data-op="help" id="help-button" title="Keys (?)">? keys</button>
</div>
<div id="status" aria-live="polite"></div>
<div id="banner" role="alert" hidden><span id="banner-text"></span> <button id="banner-download">download my work (JSON)</button> <button id="banner-reload" hidden>reload</button></div>
<div id="message" role="status" aria-live="polite"></div>
<div class="colheads" aria-hidden="true"><div class="n">#</div><div>{hs}</div><div>{ht}</div><div class="conf">conf.</div></div>
</header>
<main>
<div id="rows" role="grid" aria-label="alignment, one row per link"><div id="pad-top"></div><div id="win"></div><div id="pad-bottom"></div></div>
</main>
<div id="confirm" class="dialog" role="alertdialog" aria-labelledby="confirm-text" hidden><p id="confirm-text">Discard every edit and go back to the alignment as it was? You can undo this.</p><button id="confirm-yes">discard</button> <button id="confirm-no">keep my edits</button></div>
<div id="help" class="dialog" role="dialog" aria-label="Keys" hidden>
<h2>Keys</h2>
<table>
<tr><td><kbd>j</kbd> <kbd>k</kbd> <kbd>↓</kbd> <kbd>↑</kbd></td><td>next, previous link</td></tr>
<tr><td><kbd>n</kbd> <kbd>N</kbd></td><td>next, previous doubtful link</td></tr>
<tr><td><kbd>h</kbd> <kbd>l</kbd> <kbd>←</kbd> <kbd>→</kbd></td><td>cursor to the previous, next sentence of the link</td></tr>
<tr><td><kbd>m</kbd></td><td>merge with the next link</td></tr>
<tr><td><kbd>s</kbd></td><td>split the link (a 1-1 link into 1-0 and 0-1)</td></tr>
<tr><td><kbd>o</kbd> <kbd>i</kbd> (<kbd>]</kbd> <kbd>[</kbd>)</td><td>last source sentence to the next link; next link's first source sentence here</td></tr>
<tr><td><kbd>O</kbd> <kbd>I</kbd> (<kbd>}}</kbd> <kbd>{{</kbd>)</td><td>the same for the target</td></tr>
<tr><td><kbd>e</kbd> or <kbd>Enter</kbd></td><td>edit the sentence with the cursor: <kbd>Enter</kbd> saves, <kbd>Shift</kbd>+<kbd>Enter</kbd> splits it at the text cursor, <kbd>Esc</kbd> cancels</td></tr>
<tr><td><kbd>J</kbd></td><td>join the sentence with the cursor and the next one of its text</td></tr>
<tr><td><kbd>c</kbd> or space</td><td>checked / not checked</td></tr>
<tr><td><kbd>x</kbd></td><td>flag / unflag</td></tr>
<tr><td><kbd>u</kbd> <kbd>r</kbd> (<kbd>Ctrl</kbd>+<kbd>Z</kbd>, <kbd>Ctrl</kbd>+<kbd>Y</kbd>)</td><td>undo, redo</td></tr>
<tr><td><kbd>f</kbd> or <kbd>/</kbd></td><td>search both texts (<kbd>Enter</kbd> next, <kbd>Shift</kbd>+<kbd>Enter</kbd> previous; <kbd>&gt;</kbd> <kbd>&lt;</kbd> outside the box)</td></tr>
<tr><td><kbd>g</kbd></td><td>go to a link number, or <code>s12</code> / <code>t12</code> for a source / target sentence</td></tr>
<tr><td><kbd>?</kbd></td><td>these keys (<kbd>Esc</kbd> closes)</td></tr>
</table>
<p>Every key is a letter or a sign typed without AltGr on QWERTY, AZERTY and QWERTZ keyboards; the bracket keys are extra.</p>
<button id="help-close">close</button>
</div>
<script type="application/json" id="alignment-data">{data}</script>
<script type="application/json" id="page-options">{options}</script>
<script>{js}</script>
</body>
</html>
"##,
        hash = crate::xml::script_hash(&js),
        title = html_text(&title),
        threshold = html_attr(&opts.threshold.to_string()),
        sl = html_text(&file.src.lang),
        tl = html_text(&file.tgt.lang),
        hs = head(&file.src),
        ht = head(&file.tgt),
        warnings = file
            .warnings
            .iter()
            .map(|w| format!("<p class=\"warning\"><strong>Warning:</strong> {}</p>\n", html_text(w)))
            .collect::<String>(),
    )?;
    Ok(())
}

/// Read `path` as an alignment JSON file, checked; `None` when it is not
/// JSON (beads).
pub(crate) fn read_json(path: &Path) -> Result<Option<AlignmentFile>> {
    let text = crate::io::read_text(path)?;
    if !crate::formats::json::looks_like(&text) {
        return Ok(None);
    }
    let f = crate::formats::json::parse_file(&text).map_err(|e| e.in_file(path))?;
    crate::formats::json::to_alignment_in(&f, &text).map_err(|e| e.in_file(path))?;
    if let Some(r) = &f.review {
        work::Review::from_value(r).map_err(|e| e.in_file(path))?;
    }
    Ok(Some(f))
}
