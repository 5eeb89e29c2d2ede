//! The review page: one self-contained HTML file (styles, script and the
//! alignment inside; no network, no libraries) where a person checks and
//! corrects an alignment. Both texts side by side, a row per link, 1-0 and
//! 0-1 links as gaps, rows coloured by confidence; a filter for links below
//! a threshold and a jump to the next doubtful one; merge, split, moving a
//! sentence across a boundary and marking as checked, by keyboard and
//! mouse; work kept in the browser's storage as it is done; export as the
//! alignment JSON ([`crate::formats::json`]), beads, TSV and TMX, which the
//! CLI reads back (`convert`, `eval`). Rows are rendered in chunks as the
//! page scrolls, so 100 000 links open as fast as 300.

use std::io::Write;

use crate::error::{Error, Result};
use crate::formats::Aligned;

const CSS: &str = include_str!("review.css");
const JS: &str = include_str!("review.js");

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    crate::xml::escape_text(s, &mut o);
    o
}

/// Write the review page of an alignment.
pub fn write(x: &Aligned<'_>, out: &mut dyn Write) -> Result<()> {
    let file = crate::formats::json::to_file(x);
    // Inside <script>, "</" could end the element: JSON allows "<\/".
    let data = serde_json::to_string(&file).map_err(|e| Error::invalid(e.to_string()))?.replace("</", "<\\/");
    let title = format!("Review: {} ↔ {}", x.src_name, x.tgt_name);
    write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
{CSS}</style>
</head>
<body>
<header>
<h1>{title} <small>({sl} → {tl})</small></h1>
<div class="bar" role="toolbar" aria-label="Edit the selected link">
<button data-op="prev" title="Previous link (↑ or k)">↑</button>
<button data-op="next" title="Next link (↓ or j)">↓</button>
<button data-op="nextDoubtful" data-arg="1" id="next-doubtful" title="Next doubtful link (n)">next doubtful <kbd>n</kbd></button>
<button data-op="merge" id="merge" title="Merge with the next link (m)">merge <kbd>m</kbd></button>
<button data-op="split" id="split" title="Split the link in two (s)">split <kbd>s</kbd></button>
<button data-op="push" data-arg="src" title="Move its last source sentence to the next link (])">src ↓ <kbd>]</kbd></button>
<button data-op="pull" data-arg="src" title="Take the next link's first source sentence ([)">src ↑ <kbd>[</kbd></button>
<button data-op="push" data-arg="tgt" title="Move its last target sentence to the next link (}})">tgt ↓ <kbd>}}</kbd></button>
<button data-op="pull" data-arg="tgt" title="Take the next link's first target sentence ({{)">tgt ↑ <kbd>{{</kbd></button>
<button data-op="check" id="check" title="Mark as checked (c or space)">checked <kbd>c</kbd></button>
<button data-op="undo" title="Undo (u)">undo <kbd>u</kbd></button>
<label><input type="checkbox" id="only-low"> only below</label>
<label><input type="number" id="threshold" value="0.5" min="0" max="1" step="0.05" aria-label="confidence threshold" style="width:4.2rem"></label>
<span>export:</span>
<button data-export="json" id="export-json">JSON</button>
<button data-export="beads">beads</button>
<button data-export="tsv">TSV</button>
<button data-export="tmx">TMX</button>
<button id="discard" title="Forget the saved corrections">discard edits</button>
</div>
<div id="status" aria-live="polite"><span id="saved"></span></div>
<div class="legend"><span class="row hi" style="display:inline">≥ 0.9</span><span class="row mid" style="display:inline">≥ threshold</span><span class="row low" style="display:inline">below</span> confidence · ✓ checked</div>
<details id="export-panel"><summary>last export</summary><textarea id="export-out" readonly aria-label="last export"></textarea></details>
</header>
<main>
<div id="rows" role="grid" aria-label="alignment, one row per link"></div>
<div id="more"></div>
</main>
<script type="application/json" id="alignment-data">{data}</script>
<script>
{JS}</script>
</body>
</html>
"#,
        sl = esc(x.alignment.src_lang.code()),
        tl = esc(x.alignment.tgt_lang.code()),
        title = esc(&title),
    )?;
    Ok(())
}
