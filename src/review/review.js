// The review page: shows an alignment side by side, lets a person correct
// it (merge, split, move a sentence across a boundary, mark as checked),
// keeps the work in localStorage and exports it. No network, no libraries.
"use strict";
(function () {
  const DOC = JSON.parse(document.getElementById("alignment-data").textContent);
  const CHUNK = 300;
  const KEY = "transalign-review:" + fingerprint();
  let links = DOC.links.map((l) => ({ src: l.src.slice(), tgt: l.tgt.slice(), confidence: l.confidence, checked: !!l.checked, edited: false, why: l.unaligned ? l.unaligned.reason : "" }));
  let history = [];
  let view = [];            // link indices shown, in order
  let rendered = 0;         // how many of `view` are in the DOM
  let sel = 0;              // selected link index
  const rows = document.getElementById("rows");
  const more = document.getElementById("more");
  const thr = document.getElementById("threshold");
  const onlyLow = document.getElementById("only-low");

  function fingerprint() {
    // FNV-1a over the texts' ids and sizes: one key per document pair.
    let h = 0x811c9dc5;
    const s = DOC.src.file + "|" + DOC.tgt.file + "|" + DOC.src.segments.length + "|" + DOC.tgt.segments.length + "|" +
      DOC.src.segments.map((x) => x.id + ":" + x.text.length).join(",") + "|" +
      DOC.tgt.segments.map((x) => x.id + ":" + x.text.length).join(",");
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(16);
  }

  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && Array.isArray(saved.links) && valid(saved.links)) {
        links = saved.links;
        sel = Math.min(saved.sel || 0, links.length - 1);
        return true;
      }
    } catch (e) { /* a broken save is ignored */ }
    return false;
  }

  function valid(ls) {
    let i = 0, j = 0;
    for (const l of ls) {
      for (const x of l.src) { if (x !== i++) return false; }
      for (const y of l.tgt) { if (y !== j++) return false; }
      if (l.src.length + l.tgt.length === 0) return false;
    }
    return i === DOC.src.segments.length && j === DOC.tgt.segments.length;
  }

  function save() {
    try { localStorage.setItem(KEY, JSON.stringify({ links, sel })); setSaved("saved"); }
    catch (e) { setSaved("not saved: " + e.name); }
  }
  function setSaved(t) { document.getElementById("saved").textContent = t; }

  function threshold() { const v = parseFloat(thr.value); return isNaN(v) ? 0.5 : v; }
  function doubtful(l) { return !l.checked && l.confidence < threshold(); }
  function cls(l) { return l.confidence >= 0.9 ? "hi" : l.confidence >= threshold() ? "mid" : "low"; }

  function esc(t) { return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function side(ids, segs, why) {
    if (ids.length === 0) return '<p class="gap">— no counterpart —' + (why ? '<small class="why">' + esc(why) + "</small>" : "") + "</p>";
    return ids.map((i) => '<p data-id="' + esc(segs[i].id) + '">' + esc(segs[i].text) + "</p>").join("");
  }
  function rowHtml(k) {
    const l = links[k];
    const conf = l.edited ? "edited" : l.confidence.toFixed(2);
    return '<div class="row ' + cls(l) + (l.checked ? " checked" : "") + (k === sel ? " sel" : "") +
      '" data-k="' + k + '" tabindex="-1" role="row" aria-selected="' + (k === sel) + '">' +
      '<div class="n">' + (k + 1) + "</div>" +
      '<div class="side src" lang="' + esc(DOC.src.lang) + '">' + side(l.src, DOC.src.segments, l.why) + "</div>" +
      '<div class="side tgt" lang="' + esc(DOC.tgt.lang) + '">' + side(l.tgt, DOC.tgt.segments, l.why) + "</div>" +
      '<div class="conf">' + conf + "<small>" + l.src.length + "-" + l.tgt.length + "</small></div></div>";
  }

  function rebuildView() {
    view = [];
    const low = onlyLow.checked;
    for (let k = 0; k < links.length; k++) if (!low || doubtful(links[k])) view.push(k);
    rows.innerHTML = "";
    rendered = 0;
    renderMore();
  }
  function renderMore(upTo) {
    const end = Math.min(view.length, Math.max(rendered + CHUNK, upTo === undefined ? 0 : upTo + 1));
    if (end <= rendered) return;
    let html = "";
    for (let v = rendered; v < end; v++) html += rowHtml(view[v]);
    rows.insertAdjacentHTML("beforeend", html);
    rendered = end;
    status();
  }
  function rerender() {
    // After an edit: the same rows again, as far as they were shown.
    const shown = rendered;
    const low = onlyLow.checked;
    view = [];
    for (let k = 0; k < links.length; k++) if (!low || doubtful(links[k]) || k === sel) view.push(k);
    rows.innerHTML = "";
    rendered = 0;
    renderMore(Math.max(shown - 1, view.indexOf(sel)));
    status();
    show(sel);
  }

  function status() {
    const n = links.length;
    const low = links.filter(doubtful).length;
    const checked = links.filter((l) => l.checked).length;
    const edited = links.filter((l) => l.edited).length;
    document.getElementById("status").innerHTML =
      "<b>" + n + "</b> links · <b>" + low + "</b> below " + threshold() + " · <b>" + checked + "</b> checked · <b>" +
      edited + "</b> edited · showing " + rendered + " of " + view.length + ' · <span id="saved">' +
      (document.getElementById("saved") ? document.getElementById("saved").textContent : "") + "</span>";
  }

  function rowEl(k) { return rows.querySelector('.row[data-k="' + k + '"]'); }
  function select(k) {
    if (k < 0 || k >= links.length) return;
    const old = rowEl(sel);
    if (old) { old.classList.remove("sel"); old.setAttribute("aria-selected", "false"); }
    sel = k;
    show(k);
  }
  function show(k) {
    let v = view.indexOf(k);
    if (v < 0) return;
    if (v >= rendered) renderMore(v);
    const el = rowEl(k);
    if (el) {
      el.classList.add("sel");
      el.setAttribute("aria-selected", "true");
      el.scrollIntoView({ block: "nearest" });
      el.focus({ preventScroll: true });
    }
  }

  function edit(fn) {
    history.push(JSON.stringify({ links, sel }));
    if (history.length > 200) history.shift();
    fn();
    save();
    rerender();
  }
  // The aligner's reason no longer holds once a person changed the link.
  function mark(l) { l.edited = true; l.checked = true; l.confidence = 1; l.why = ""; }

  const ops = {
    merge() {
      if (sel + 1 >= links.length) return;
      edit(() => {
        const a = links[sel], b = links[sel + 1];
        const m = { src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt) };
        mark(m);
        links.splice(sel, 2, m);
      });
    },
    split() {
      const l = links[sel];
      if (l.src.length + l.tgt.length < 2) return;
      edit(() => {
        const a = Math.ceil(l.src.length / 2), b = Math.ceil(l.tgt.length / 2);
        let first = { src: l.src.slice(0, a), tgt: l.tgt.slice(0, b) };
        let second = { src: l.src.slice(a), tgt: l.tgt.slice(b) };
        if (first.src.length + first.tgt.length === 0 || second.src.length + second.tgt.length === 0) {
          // One side only: one segment a link.
          const all = l.src.length ? l.src.map((i) => ({ src: [i], tgt: [] })) : l.tgt.map((j) => ({ src: [], tgt: [j] }));
          first = all[0]; second = { src: all.slice(1).flatMap((x) => x.src), tgt: all.slice(1).flatMap((x) => x.tgt) };
        }
        mark(first); mark(second);
        links.splice(sel, 1, first, second);
      });
    },
    // Move the last sentence of a side of the selected link into the next link.
    push(sideName) {
      const l = links[sel], n = links[sel + 1];
      if (!n || l[sideName].length === 0) return;
      edit(() => {
        n[sideName].unshift(l[sideName].pop());
        mark(l); mark(n);
        if (l.src.length + l.tgt.length === 0) links.splice(sel, 1);
      });
    },
    // Pull the first sentence of a side of the next link into the selected one.
    pull(sideName) {
      const l = links[sel], n = links[sel + 1];
      if (!n || n[sideName].length === 0) return;
      edit(() => {
        l[sideName].push(n[sideName].shift());
        mark(l); mark(n);
        if (n.src.length + n.tgt.length === 0) links.splice(sel + 1, 1);
      });
    },
    check() { edit(() => { links[sel].checked = !links[sel].checked; }); },
    undo() {
      const h = history.pop();
      if (!h) return;
      const s = JSON.parse(h);
      links = s.links; sel = s.sel;
      save();
      rerender();
    },
    next() { select(Math.min(sel + 1, links.length - 1)); },
    prev() { select(Math.max(sel - 1, 0)); },
    nextDoubtful(dir) {
      for (let k = sel + dir; k >= 0 && k < links.length; k += dir) if (doubtful(links[k])) { select(k); return; }
    },
  };

  // Exports: the documented JSON, and beads, TSV, TMX made from it.
  function exportJson() {
    const out = JSON.parse(JSON.stringify(DOC));
    out.links = links.map((l) => ({ src: l.src, tgt: l.tgt, confidence: Math.round(l.confidence * 1000) / 1000, checked: l.checked }));
    return JSON.stringify(out, null, 1) + "\n";
  }
  function text(ids, segs, sep) { return ids.map((i) => segs[i].text).join(sep); }
  function exportBeads() { return links.map((l) => "[" + l.src.join(", ") + "]:[" + l.tgt.join(", ") + "]:" + l.confidence.toFixed(3)).join("\n") + "\n"; }
  function exportTsv() {
    const one = (t) => t.replace(/[\t\r\n]/g, " ");
    return DOC.src.lang + "\t" + DOC.tgt.lang + "\tconfidence\n" + links.map((l) =>
      one(text(l.src, DOC.src.segments, " ~~~ ")) + "\t" + one(text(l.tgt, DOC.tgt.segments, " ~~~ ")) + "\t" + l.confidence.toFixed(3)).join("\n") + "\n";
  }
  function exportTmx() {
    const x = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    let s = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="transalign-review" creationtoolversion="1" segtype="sentence" o-tmf="transalign" adminlang="en" srclang="' +
      x(DOC.src.lang) + '" datatype="plaintext"/>\n<body>\n';
    for (const l of links) {
      s += '<tu><prop type="x-confidence">' + l.confidence.toFixed(3) + "</prop>";
      if (l.src.length) s += '<tuv xml:lang="' + x(DOC.src.lang) + '"><seg>' + x(text(l.src, DOC.src.segments, " ")) + "</seg></tuv>";
      if (l.tgt.length) s += '<tuv xml:lang="' + x(DOC.tgt.lang) + '"><seg>' + x(text(l.tgt, DOC.tgt.segments, " ")) + "</seg></tuv>";
      s += "</tu>\n";
    }
    return s + "</body>\n</tmx>\n";
  }
  function download(name, type, body) {
    document.getElementById("export-out").value = body;
    document.getElementById("export-panel").open = true;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body], { type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  const base = (DOC.src.file.replace(/.*\//, "").replace(/\.[^.]*$/, "") || "src") + "-" + (DOC.tgt.file.replace(/.*\//, "").replace(/\.[^.]*$/, "") || "tgt");
  const exporters = {
    json: () => download(base + ".corrected.json", "application/json", exportJson()),
    beads: () => download(base + ".corrected.beads", "text/plain", exportBeads()),
    tsv: () => download(base + ".corrected.tsv", "text/tab-separated-values", exportTsv()),
    tmx: () => download(base + ".corrected.tmx", "application/xml", exportTmx()),
  };

  document.querySelectorAll("[data-op]").forEach((b) => b.addEventListener("click", () => {
    const op = b.dataset.op, arg = b.dataset.arg;
    if (op === "nextDoubtful") ops.nextDoubtful(+arg); else if (arg) ops[op](arg); else ops[op]();
  }));
  document.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => exporters[b.dataset.export]()));
  document.getElementById("discard").addEventListener("click", () => {
    localStorage.removeItem(KEY);
    links = DOC.links.map((l) => ({ src: l.src.slice(), tgt: l.tgt.slice(), confidence: l.confidence, checked: !!l.checked, edited: false, why: l.unaligned ? l.unaligned.reason : "" }));
    history = []; sel = 0; setSaved("edits discarded"); rerender();
  });
  rows.addEventListener("click", (e) => { const r = e.target.closest(".row"); if (r) select(+r.dataset.k); });
  thr.addEventListener("change", rebuildView);
  onlyLow.addEventListener("change", rebuildView);
  document.addEventListener("keydown", (e) => {
    if (e.target.matches("input, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    const keys = {
      ArrowDown: ops.next, j: ops.next, ArrowUp: ops.prev, k: ops.prev,
      n: () => ops.nextDoubtful(1), N: () => ops.nextDoubtful(-1),
      m: ops.merge, s: ops.split, c: ops.check, " ": ops.check, u: ops.undo,
      "]": () => ops.push("src"), "[": () => ops.pull("src"), "}": () => ops.push("tgt"), "{": () => ops.pull("tgt"),
    };
    const f = keys[e.key];
    if (f) { e.preventDefault(); f(); }
  });
  new IntersectionObserver((es) => { if (es.some((x) => x.isIntersecting)) renderMore(); }).observe(more);

  const restored = restore();
  rebuildView();
  setSaved(restored ? "restored your saved work" : "nothing edited yet");
  show(sel);
  window.transalignReview = { links: () => links, exportJson, exportBeads, exportTsv, exportTmx, ops };
})();
