// The review page: shows an alignment side by side and lets a person
// correct it. Every edit goes through the edit model (model.js, the one
// place that keeps the invariants) and is saved at once: to IndexedDB, or
// to the server of `transalign review --serve`. Only the rows near the
// screen are in the DOM, so an edit deep in 100 000 links stays fast.
// No network but that server, no libraries.
"use strict";
(function () {
  const M = window.TransalignModel;
  const $ = (id) => document.getElementById(id);
  const DOC = JSON.parse($("alignment-data").textContent);
  const OPT = JSON.parse($("page-options").textContent);
  const TOKEN = new URLSearchParams(location.search).get("t") || "";
  const SERVED = !!OPT.served;
  const WIN = 70; // rows in the DOM: two screens and more around the selection

  // The one escaping function for text, and the one for attributes.
  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(t) { return String(t).replace(/[&<>"']/g, (c) => ESC[c]); }
  function attr(t) { return esc(t).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;"); }

  // --- state -------------------------------------------------------------
  let state = M.fromFile(DOC);
  let history = DOC.review ? { undo: DOC.review.undo || [], redo: DOC.review.redo || [] } : { undo: [], redo: [] };
  let sel = Math.min((DOC.review && DOC.review.sel) || 0, Math.max(state.links.length - 1, 0));
  let cur = 0; // the sentence cursor inside the selected link
  let revision = (DOC.review && DOC.review.revision) || 0;
  let srcStart = new Int32Array(0), tgtStart = new Int32Array(0);
  let view = null; // link indices shown (null: all)
  let w0 = 0, w1 = 0, rowH = 0;
  let query = "";
  let blocked = ""; // why edits are refused (a conflict with another tab)
  const ratioAll = (() => {
    let a = 0, b = 0;
    for (const s of state.src) a += s.text.length;
    for (const s of state.tgt) b += s.text.length;
    return b ? a / b : 1;
  })();

  const rows = $("rows"), win = $("win"), padTop = $("pad-top"), padBottom = $("pad-bottom");
  const thr = $("threshold"), filterSel = $("filter");

  // Where each link starts on each side; after an edit at link `from`,
  // only the links from there on are counted again, in the same arrays
  // while they are big enough (no garbage per edit).
  function derive(from) {
    const n = state.links.length;
    let k0 = from || 0;
    if (srcStart.length < n + 1) {
      const grow = (a) => { const b = new Int32Array(Math.ceil((n + 1) * 1.25)); b.set(a.subarray(0, Math.min(a.length, k0 + 1))); return b; };
      srcStart = grow(srcStart); tgtStart = grow(tgtStart);
    }
    k0 = Math.min(k0, n);
    srcStart[0] = 0; tgtStart[0] = 0;
    const L = state.links;
    for (let k = k0; k < n; k++) { srcStart[k + 1] = srcStart[k] + L[k].n[0]; tgtStart[k + 1] = tgtStart[k] + L[k].n[1]; }
    if (sel >= n) sel = Math.max(n - 1, 0);
  }
  function threshold() { const v = parseFloat(thr.value); return isNaN(v) ? 0.5 : v; }
  function doubtful(l) { return !l.checked && l.confidence < threshold(); }
  function keep(l) {
    switch (filterSel.value) {
      case "doubtful": return doubtful(l);
      case "unchecked": return !l.checked;
      case "edited": return !!l.edited;
      case "unaligned": return l.n[0] === 0 || l.n[1] === 0;
      case "flagged": return !!l.flagged;
      default: return true;
    }
  }
  function computeView() {
    if (filterSel.value === "all") { view = null; return; }
    const out = [];
    const L = state.links;
    for (let k = 0; k < L.length; k++) if (k === sel || keep(L[k])) out.push(k);
    view = Int32Array.from(out);
  }
  function vlen() { return view ? view.length : state.links.length; }
  function at(p) { return view ? view[p] : p; }
  function posOf(k) {
    if (!view) return k < state.links.length ? k : -1;
    let lo = 0, hi = view.length - 1;
    while (lo <= hi) { const m = (lo + hi) >> 1; if (view[m] === k) return m; if (view[m] < k) lo = m + 1; else hi = m - 1; }
    return -1;
  }

  // --- rendering -----------------------------------------------------------
  function cls(l) { return l.edited ? "ed" : l.confidence >= 0.9 ? "hi" : l.confidence >= threshold() ? "mid" : "low"; }
  function hl(t) {
    if (!query) return esc(t);
    const low = t.toLowerCase();
    if (low.length !== t.length) return esc(t);
    let out = "", from = 0, i;
    while ((i = low.indexOf(query, from)) >= 0) {
      out += esc(t.slice(from, i)) + "<mark>" + esc(t.slice(i, i + query.length)) + "</mark>";
      from = i + query.length;
    }
    return out + esc(t.slice(from));
  }
  function side(k, s) {
    const l = state.links[k];
    const name = s ? "tgt" : "src", segs = state[name], start = s ? tgtStart[k] : srcStart[k];
    if (l.n[s] === 0) {
      const why = l.unaligned && l.unaligned.reason && !l.edited ? '<small class="why">' + esc(l.unaligned.reason) + "</small>" : "";
      return '<p class="gap">— no counterpart —' + why + "</p>";
    }
    let h = "";
    for (let x = 0; x < l.n[s]; x++) {
      const i = start + x, g = segs[i];
      const c = (k === sel && cur === x + (s ? l.n[0] : 0) ? " cur" : "") + (g.edited ? " edited" : "");
      h += '<p class="s' + c + '" data-side="' + name + '" data-i="' + i + '" data-id="' + attr(g.id) + '" title="' + attr(g.id) + '">' + hl(g.text) + "</p>";
    }
    return h;
  }
  function evidence(k) {
    const l = state.links[k];
    const len = (s) => { let n = 0; const segs = s ? state.tgt : state.src, st = s ? tgtStart[k] : srcStart[k]; for (let x = 0; x < l.n[s]; x++) n += segs[st + x].text.length; return n; };
    const a = len(0), b = len(1);
    const parts = [];
    if (a && b) parts.push("length " + a + " / " + b + " characters: ratio " + (a / b).toFixed(2) + " (the texts overall " + ratioAll.toFixed(2) + ")");
    if (l.edited) parts.push("changed by you: the aligner's evidence no longer applies");
    else if (l.unaligned && l.unaligned.reason) parts.push("left out: " + esc(l.unaligned.reason));
    else if (l.evidence) parts.push(esc(l.evidence));
    else if (a && b) parts.push("no shared words, names or numbers: length and position only");
    return '<div class="ev">' + parts.join(" · ") + "</div>";
  }
  function rowHtml(k) {
    const l = state.links[k];
    const conf = l.edited ? "edited" : l.confidence.toFixed(2);
    return '<div class="row ' + cls(l) + (l.checked ? " checked" : "") + (l.flagged ? " flagged" : "") + (k === sel ? " sel" : "") +
      '" data-k="' + k + '" tabindex="-1" role="row" aria-selected="' + (k === sel) + '">' +
      '<div class="n">' + (k + 1) + "</div>" +
      '<div class="side src" lang="' + attr(DOC.src.lang) + '">' + side(k, 0) + "</div>" +
      '<div class="side tgt" lang="' + attr(DOC.tgt.lang) + '">' + side(k, 1) + "</div>" +
      '<div class="conf">' + conf + "<small>" + l.n[0] + "-" + l.n[1] + "</small></div>" +
      (k === sel ? evidence(k) : "") + "</div>";
  }
  function renderWindow(center, keepStart) {
    const V = vlen();
    if (keepStart !== undefined && center >= keepStart && center < keepStart + WIN - 10) w0 = Math.max(0, Math.min(keepStart, Math.max(0, V - WIN)));
    else w0 = Math.max(0, Math.min(center - Math.floor(WIN / 3), V - WIN));
    w1 = Math.min(V, w0 + WIN);
    let h = "";
    for (let p = w0; p < w1; p++) h += rowHtml(at(p));
    win.innerHTML = h;
    if (!rowH && w1 > w0) rowH = Math.max(20, win.offsetHeight / (w1 - w0));
    padTop.style.height = Math.round(w0 * rowH) + "px";
    padBottom.style.height = Math.round((V - w1) * rowH) + "px";
  }
  function rowEl(k) { return win.querySelector('.row[data-k="' + k + '"]'); }
  function reveal(k) {
    const el = rowEl(k);
    if (!el) return;
    el.scrollIntoView({ block: "nearest" });
    el.focus({ preventScroll: true });
  }
  // Show link k selected: render around it when it is not in the DOM.
  function show(k) {
    const p = posOf(k);
    if (p < 0) return;
    if (p < w0 || p >= w1 || (p < w0 + 5 && w0 > 0) || (p > w1 - 6 && w1 < vlen())) renderWindow(p);
    reveal(k);
  }
  function rerenderRow(k) {
    const el = rowEl(k);
    if (el) el.outerHTML = rowHtml(k);
  }
  function select(k, c) {
    if (k < 0 || k >= state.links.length) return;
    const old = sel;
    sel = k; cur = c || 0;
    if (posOf(k) < 0) { computeView(); renderWindow(posOf(k)); }
    else { rerenderRow(old); if (old !== k) rerenderRow(k); }
    show(k);
    status();
  }
  // After the state changed (from link `from` on): everything derived
  // again, the same rows shown.
  function refresh(from) {
    derive(from);
    computeView();
    const p = Math.max(posOf(sel), 0);
    const el = rowEl(sel), top = el ? el.getBoundingClientRect().top : null;
    renderWindow(p, w0);
    const now = rowEl(sel);
    if (now && top !== null) window.scrollBy(0, now.getBoundingClientRect().top - top);
    show(sel);
    status();
  }
  function onScroll() {
    const V = vlen();
    if (V <= WIN) return;
    const r = win.getBoundingClientRect(), vh = window.innerHeight;
    if (r.top <= 0 && r.bottom >= vh) return;
    if ((r.top > 0 && w0 === 0) || (r.bottom < vh && w1 === V)) return;
    // Which row is at the top of the screen, estimated in the padding.
    const y = -rows.getBoundingClientRect().top + headerHeight();
    const p = Math.max(0, Math.min(V - 1, Math.floor(y / rowH)));
    renderWindow(p);
    const el = rowEl(at(p));
    if (el) window.scrollBy(0, el.getBoundingClientRect().top - headerHeight());
  }
  let scrollQueued = false;
  window.addEventListener("scroll", () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => { scrollQueued = false; onScroll(); });
  }, { passive: true });
  function headerHeight() { const h = document.querySelector("header"); return getComputedStyle(h).position === "sticky" ? h.offsetHeight : 0; }

  // The counts in the status line, kept up to date edit by edit (an edit
  // deep in 100 000 links does not count them all again).
  let counts = null;
  function count(ls, sign) {
    const t = threshold();
    for (const l of ls) {
      if (l.checked) counts.checked += sign; else if (l.confidence < t) counts.low += sign;
      if (l.edited) counts.edited += sign;
      if (l.flagged) counts.flagged += sign;
    }
  }
  function recount() { counts = { checked: 0, low: 0, edited: 0, flagged: 0 }; count(state.links, 1); }
  function status() {
    const L = state.links, t = threshold();
    if (!counts) recount();
    const { checked, low, edited, flagged } = counts;
    $("status").innerHTML = "<b>" + checked + "</b> of <b>" + L.length + "</b> checked · <b>" + low + "</b> doubtful (below " + esc(t) +
      ") · <b>" + edited + "</b> edited · <b>" + flagged + "</b> flagged · link " + (sel + 1) + (view ? " · showing " + view.length + " (" + esc(filterSel.value) + ")" : "") +
      ' · <span id="saved">' + esc(savedText) + "</span>";
  }

  // --- messages --------------------------------------------------------------
  let msgTimer = 0;
  function say(t, bad) {
    const m = $("message");
    m.textContent = t;
    m.className = bad ? "bad" : "";
    clearTimeout(msgTimer);
    msgTimer = setTimeout(() => { m.textContent = ""; }, 6000);
  }
  let savedText = "";
  function setSaved(t) { savedText = t; const s = $("saved"); if (s) s.textContent = t; }
  function banner(text, reload) {
    $("banner-text").textContent = text;
    $("banner-reload").hidden = !reload;
    $("banner").hidden = false;
    document.body.classList.add("unsaved");
  }
  function clearBanner() { $("banner").hidden = true; document.body.classList.remove("unsaved"); }

  // --- editing ----------------------------------------------------------------
  function commit(r, kind) {
    const [gone, come] = kind === "undo" ? [r.entry.do.add, r.entry.undo.add] : [r.entry.undo.add, r.entry.do.add];
    if (counts) { count(gone, -1); count(come, 1); }
    state = r.state; history = r.history;
    if (r.sel !== undefined) sel = Math.min(r.sel, Math.max(state.links.length - 1, 0));
    const l = state.links[sel];
    cur = l ? Math.max(0, Math.min(cur, l.n[0] + l.n[1] - 1)) : 0;
    const trimmed = trimHistory();
    const sp = kind === "undo" ? r.entry.undo : r.entry.do;
    refresh(sp.k);
    persist(kind, r.entry, trimmed);
  }
  function run(op) {
    if (blocked) { say(blocked, true); return false; }
    const r = M.doOp(state, history, op, op.op === "reset" ? rootState() : undefined);
    if (r.error) { say(r.error, true); return false; }
    commit(r, "do");
    say(r.entry.label + " ✓ (u undoes)");
    return true;
  }
  function undoRedo(which) {
    if (blocked) { say(blocked, true); return; }
    const r = which === "undo" ? M.undo(state, history) : M.redo(state, history);
    if (r.error) { say(r.error, true); return; }
    commit(r, which);
    say((which === "undo" ? "undone: " : "redone: ") + r.entry.label);
  }
  // The state before every edit in the history: what "discard" goes back to.
  function rootState() { return M.replay(state, history.undo.slice().reverse().map((e) => e.undo)); }
  function trimHistory() {
    const over = history.undo.length - M.MAX_HISTORY;
    if (over <= 0) return null;
    const root = rootState();
    const dropped = history.undo.slice(0, over);
    history = { undo: history.undo.slice(over), redo: history.redo };
    return M.replay(root, dropped.map((e) => e.do));
  }
  function curSentence() {
    const l = state.links[sel];
    if (!l) return null;
    const c = Math.min(cur, l.n[0] + l.n[1] - 1);
    return c < l.n[0] ? { side: "src", i: srcStart[sel] + c } : { side: "tgt", i: tgtStart[sel] + c - l.n[0] };
  }
  function moveCursor(d) {
    const l = state.links[sel];
    if (!l) return;
    cur = Math.max(0, Math.min(l.n[0] + l.n[1] - 1, cur + d));
    rerenderRow(sel);
    reveal(sel);
  }
  let editing = null;
  function edit() {
    if (blocked) { say(blocked, true); return; }
    const s = curSentence();
    if (!s) return;
    show(sel);
    const p = win.querySelector('p[data-side="' + s.side + '"][data-i="' + s.i + '"]');
    if (!p) return;
    const ta = document.createElement("textarea");
    ta.className = "editor";
    ta.value = state[s.side][s.i].text;
    ta.setAttribute("aria-label", "sentence text: Enter saves, Shift+Enter splits at the cursor, Esc cancels");
    p.replaceChildren(ta);
    ta.rows = Math.max(2, Math.ceil(ta.value.length / 60));
    ta.focus();
    editing = { side: s.side, i: s.i, ta };
    const done = () => { if (editing && editing.ta === ta) editing = null; };
    ta.addEventListener("keydown", (e) => {
      if (e.key === "Escape") { e.preventDefault(); done(); refresh(); say("edit cancelled"); }
      else if (e.key === "Enter" && e.shiftKey) {
        e.preventDefault(); done();
        if (!run({ op: "splitSentence", side: s.side, i: s.i, at: ta.selectionStart, text: ta.value })) refresh();
      } else if (e.key === "Enter") {
        e.preventDefault(); done();
        if (ta.value.trim() === state[s.side][s.i].text) refresh();
        else if (!run({ op: "text", side: s.side, i: s.i, text: ta.value })) refresh();
      }
      e.stopPropagation();
    });
    ta.addEventListener("blur", () => {
      if (!editing || editing.ta !== ta) return;
      done();
      // Leaving the editor keeps what was typed.
      if (ta.value.trim() !== state[s.side][s.i].text) run({ op: "text", side: s.side, i: s.i, text: ta.value }); else refresh();
    });
  }
  function join() {
    const s = curSentence();
    if (s) run({ op: "joinSentences", side: s.side, i: s.i });
  }

  // --- moving around ------------------------------------------------------------
  function step(d) {
    const p = posOf(sel);
    const q = Math.max(0, Math.min(vlen() - 1, (p < 0 ? 0 : p) + d));
    select(at(q));
  }
  function nextDoubtful(dir) {
    for (let k = sel + dir; k >= 0 && k < state.links.length; k += dir) if (doubtful(state.links[k])) { select(k); return; }
    say("no " + (dir > 0 ? "further" : "earlier") + " doubtful link");
  }
  function matches(k) {
    const l = state.links[k];
    for (let x = 0; x < l.n[0]; x++) if (state.src[srcStart[k] + x].text.toLowerCase().includes(query)) return true;
    for (let x = 0; x < l.n[1]; x++) if (state.tgt[tgtStart[k] + x].text.toLowerCase().includes(query)) return true;
    return false;
  }
  function search(dir) {
    const q = $("search").value.trim().toLowerCase();
    if (q !== query) { query = q; renderWindow(Math.max(posOf(sel), 0), w0); }
    if (!query) return;
    const n = state.links.length;
    for (let d = 1; d <= n; d++) {
      const k = (((sel + dir * d) % n) + n) % n;
      if (matches(k)) { select(k); say("found in link " + (k + 1)); return; }
    }
    say("“" + query + "” is in neither text", true);
  }
  function jump(text) {
    const t = text.trim();
    let k = -1;
    const m = /^([st])\s*(\d+)$/i.exec(t);
    if (/^\d+$/.test(t)) k = +t - 1;
    else if (m) k = M.linkOf(state, m[1].toLowerCase() === "s" ? 0 : 1, +m[2] - 1);
    else if (t) {
      for (const [name, s] of [["src", 0], ["tgt", 1]]) {
        const i = state[name].findIndex((g) => g.id === t);
        if (i >= 0) { k = M.linkOf(state, s, i); break; }
      }
    }
    if (k < 0 || k >= state.links.length) { say("no link or sentence “" + t + "”", true); return; }
    select(k);
  }

  // --- saving ---------------------------------------------------------------------
  // Without a server: IndexedDB, keyed by a hash of both texts; the record
  // is the undo history (and, once it grew past its cap, the state it
  // starts from), so a save is small however long the text.
  // The key: SHA-256 of both texts (ids and texts), computed after the
  // first rows are on screen; a plain 64-bit hash where the browser has no
  // WebCrypto.
  async function hash() {
    const parts = [];
    for (const d of [DOC.src, DOC.tgt]) { parts.push(d.lang, d.file); for (const g of d.segments) parts.push(g.id, g.text); }
    const all = parts.join("\u0001");
    if (window.crypto && crypto.subtle) {
      const h = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(all)));
      return Array.from(h.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
    }
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < all.length; i++) { const c = all.charCodeAt(i); h1 = Math.imul(h1 ^ c, 2654435761); h2 = Math.imul(h2 ^ c, 1597334677); }
    return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
  }
  let KEY = "";
  // The fingerprint of the alignment this page's history starts from (set
  // on opening, before any save): a record made on another is not replayed.
  let BASE;
  let db = null, saveTimer = 0, rootFile = null, saving = Promise.resolve();
  function openDb() {
    return new Promise((resolve, reject) => {
      let req;
      try { req = indexedDB.open("transalign-review", 1); } catch (e) { reject(e); return; }
      req.onupgradeneeded = () => { req.result.createObjectStore("work"); };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error("the browser's storage is blocked by another tab"));
    });
  }
  function idbGet(key) {
    return new Promise((resolve, reject) => {
      const r = db.transaction("work").objectStore("work").get(key);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  function saveFailed(e) {
    const why = (e && (e.name || e.message)) || "unknown error";
    setSaved("NOT SAVED");
    banner("Your work is NOT being saved in this browser (" + why + (why === "QuotaExceededError" ? ": the browser's storage is full" : "") +
      "). Download it now to keep it; the file opens again with transalign convert or review --alignment.");
  }
  function saveNow() {
    saveTimer = 0;
    if (!db) return Promise.resolve();
    const rec = { undo: history.undo, redo: history.redo, sel, root: rootFile, base: BASE, saved: Date.now() };
    saving = new Promise((resolve) => {
      try {
        const tx = db.transaction("work", "readwrite");
        tx.objectStore("work").put(rec, KEY);
        tx.oncomplete = () => { setSaved("saved in this browser"); clearBanner(); resolve(); };
        tx.onabort = tx.onerror = () => { saveFailed(tx.error); resolve(); };
      } catch (e) { saveFailed(e); resolve(); }
    });
    return saving;
  }
  // With a server: each edit is sent, in order, with the revision it applies to.
  const queue = [];
  let sending = false, lastWritten = revision, statusTimer = 0;
  function api(path, init) {
    init = init || {};
    init.headers = Object.assign({ "X-Transalign-Token": TOKEN }, init.headers || {});
    return fetch(path + "?t=" + encodeURIComponent(TOKEN), init);
  }
  async function pump() {
    if (sending || !queue.length || blocked) return;
    sending = true;
    const req = queue[0];
    try {
      const r = await api("/api/edit", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
      const body = await r.json();
      if (r.status === 409) {
        blocked = body.message || "this alignment was changed in another tab or window: reload";
        banner("Not saved: " + blocked, true);
        setSaved("NOT SAVED: conflict");
      } else if (!r.ok) {
        blocked = "the server refused an edit (" + (body.error || r.status) + "); reload to go on from the saved state";
        banner("Not saved: " + blocked, true);
      } else {
        queue.shift();
        lastWritten = body.written;
        if (body.error) banner("The server cannot write the file: " + body.error + ". Download your work to keep it.");
        else clearBanner();
        serverStatus(body);
      }
    } catch (e) {
      banner("The server does not answer (" + e.message + "): " + queue.length + " edit(s) are NOT saved to the file. Download your work to keep it; trying again…");
      setSaved("NOT SAVED");
      setTimeout(pump, 2000);
    }
    sending = false;
    if (queue.length) pump(); else if (flushWaiters.length && !blocked) flushWaiters.splice(0).forEach((f) => f());
  }
  const flushWaiters = [];
  function serverStatus(body) {
    clearTimeout(statusTimer);
    // A save that failed after the last edit's answer is said here: the
    // page said "saving…" for ever.
    if (body.error) banner("The server cannot write the file: " + body.error + ". Download your work to keep it.");
    if (body.written >= body.revision) { setSaved("saved to the file (revision " + body.revision + ")"); return; }
    setSaved("saving…");
    statusTimer = setTimeout(async () => {
      try { const r = await api("/api/status"); serverStatus(await r.json()); } catch (e) { setSaved("NOT SAVED"); }
    }, 600);
  }
  function persist(kind, entry, trimmedRoot) {
    if (SERVED) {
      const req = { rev: revision, kind };
      if (kind === "do") { req.splice = entry.do; req.label = entry.label; req.sel = entry.sel; }
      revision++;
      queue.push(req);
      pump();
      return;
    }
    if (trimmedRoot) rootFile = M.toFile(DOC, trimmedRoot);
    setSaved("saving…");
    if (!saveTimer) saveTimer = setTimeout(saveNow, 150);
  }
  // Resolves when every edit made so far is saved (tests and the benchmark wait on it).
  function flushed() {
    if (SERVED) return queue.length && !blocked ? new Promise((r) => flushWaiters.push(r)) : Promise.resolve();
    if (saveTimer) { clearTimeout(saveTimer); return saveNow(); }
    return saving;
  }
  async function restore() {
    if (SERVED) { setSaved("saved to the file (revision " + revision + ")"); return; }
    try { KEY = "transalign-review:" + (await hash()); db = await openDb(); } catch (e) { saveFailed(e); return; }
    const pageRoot = M.replay(state, history.undo.slice().reverse().map((e) => e.undo));
    BASE = M.fingerprint(pageRoot);
    let rec;
    try { rec = await idbGet(KEY); } catch (e) { saveFailed(e); return; }
    if (!rec) { setSaved(history.undo.length ? "" : "nothing edited yet"); return; }
    try {
      const s = M.restore(rec, pageRoot);
      const bad = M.check(s);
      if (bad) throw new Error(bad);
      state = s; history = { undo: rec.undo, redo: rec.redo || [] }; counts = null; sel = Math.min(rec.sel || 0, Math.max(s.links.length - 1, 0)); rootFile = rec.root || null;
      refresh();
      setSaved("restored your saved work (" + rec.undo.length + " edits)");
    } catch (e) {
      // Never dropped without a word: kept aside, and said.
      try { const tx = db.transaction("work", "readwrite"); tx.objectStore("work").put(rec, KEY + ":unreadable:" + Date.now()); } catch (_) { /* the banner says it */ }
      banner("Your saved work could not be restored (" + e.message + "); it is kept aside in this browser's storage. Download the alignment as it is now, or reload.");
    }
  }

  // --- exports ------------------------------------------------------------------------
  function exportJson() { return JSON.stringify(M.toFile(DOC, state), null, 1) + "\n"; }
  function text(k, s, sep) {
    const l = state.links[k], segs = s ? state.tgt : state.src, st = s ? tgtStart[k] : srcStart[k];
    const out = [];
    for (let x = 0; x < l.n[s]; x++) out.push(segs[st + x].text);
    return out.join(sep);
  }
  function ids(k, s) { const st = s ? tgtStart[k] : srcStart[k], out = []; for (let x = 0; x < state.links[k].n[s]; x++) out.push(st + x); return out; }
  function exportBeads() { return state.links.map((l, k) => "[" + ids(k, 0).join(", ") + "]:[" + ids(k, 1).join(", ") + "]:" + l.confidence.toFixed(3)).join("\n") + "\n"; }
  // What a person did to a link, as the CLI's TSV, TMX and TEI name it:
  // a reviewer's checks must survive the export.
  const MARKS = ["checked", "flagged", "edited"];
  const marksOf = (l) => MARKS.filter((m) => l[m]);
  function exportTsv() {
    const one = (t) => t.replace(/[\t\r\n]/g, " ");
    const reviewed = state.links.some((l) => marksOf(l).length > 0);
    return DOC.src.lang + "\t" + DOC.tgt.lang + "\tconfidence" + (reviewed ? "\treview" : "") + "\n" + state.links.map((l, k) =>
      one(text(k, 0, " ~~~ ")) + "\t" + one(text(k, 1, " ~~~ ")) + "\t" + l.confidence.toFixed(3) +
      (reviewed ? "\t" + marksOf(l).join(",") : "")).join("\n") + "\n";
  }
  function exportTmx() {
    let s = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="transalign-review" creationtoolversion="2" segtype="sentence" o-tmf="transalign" adminlang="en" srclang="' +
      attr(DOC.src.lang) + '" datatype="plaintext"/>\n<body>\n';
    state.links.forEach((l, k) => {
      s += '<tu><prop type="x-confidence">' + l.confidence.toFixed(3) + "</prop>";
      for (const m of marksOf(l)) s += '<prop type="x-' + m + '">true</prop>';
      if (l.n[0]) s += '<tuv xml:lang="' + attr(DOC.src.lang) + '"><seg>' + esc(text(k, 0, " ")) + "</seg></tuv>";
      if (l.n[1]) s += '<tuv xml:lang="' + attr(DOC.tgt.lang) + '"><seg>' + esc(text(k, 1, " ")) + "</seg></tuv>";
      s += "</tu>\n";
    });
    return s + "</body>\n</tmx>\n";
  }
  function download(name, type, body) {
    const out = $("export-out");
    if (out) { out.value = body; $("export-panel").hidden = false; }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body], { type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  const stem = (f) => (String(f).replace(/.*\//, "").replace(/\.[^.]*$/, "") || "text");
  const base = stem(DOC.src.file) + "-" + stem(DOC.tgt.file);
  const exporters = {
    json: () => download(base + ".corrected.json", "application/json", exportJson()),
    beads: () => download(base + ".corrected.beads", "text/plain", exportBeads()),
    tsv: () => download(base + ".corrected.tsv", "text/tab-separated-values", exportTsv()),
    tmx: () => download(base + ".corrected.tmx", "application/xml", exportTmx()),
  };

  // --- commands and keys ------------------------------------------------------------
  const cmd = {
    next: () => step(1), prev: () => step(-1),
    nextDoubtful: () => nextDoubtful(1), prevDoubtful: () => nextDoubtful(-1),
    merge: () => run({ op: "merge", k: sel }),
    split: () => run({ op: "split", k: sel }),
    srcDown: () => run({ op: "push", k: sel, side: "src" }), srcUp: () => run({ op: "pull", k: sel, side: "src" }),
    tgtDown: () => run({ op: "push", k: sel, side: "tgt" }), tgtUp: () => run({ op: "pull", k: sel, side: "tgt" }),
    check: () => run({ op: "check", k: sel }), flag: () => run({ op: "flag", k: sel }),
    undo: () => undoRedo("undo"), redo: () => undoRedo("redo"),
    edit, join, left: () => moveCursor(-1), right: () => moveCursor(1),
    search: () => $("search").focus(), searchNext: () => search(1), searchPrev: () => search(-1),
    jump: () => $("jump").focus(), help: () => toggleHelp(),
    discard: () => { $("confirm").hidden = false; $("confirm-no").focus(); },
  };
  const KEYS = {
    j: "next", ArrowDown: "next", k: "prev", ArrowUp: "prev", n: "nextDoubtful", N: "prevDoubtful",
    m: "merge", s: "split", o: "srcDown", "]": "srcDown", i: "srcUp", "[": "srcUp", O: "tgtDown", "}": "tgtDown", I: "tgtUp", "{": "tgtUp",
    c: "check", " ": "check", x: "flag", u: "undo", r: "redo", e: "edit", Enter: "edit", J: "join",
    h: "left", ArrowLeft: "left", l: "right", ArrowRight: "right", f: "search", "/": "search", ">": "searchNext", "<": "searchPrev",
    g: "jump", "?": "help",
  };
  function toggleHelp(open) {
    const h = $("help");
    h.hidden = open === undefined ? !h.hidden : !open;
    if (!h.hidden) $("help-close").focus(); else reveal(sel);
  }
  document.addEventListener("keydown", (e) => {
    if (!$("help").hidden || !$("confirm").hidden) {
      if (e.key === "Escape" || (e.key === "?" && !$("help").hidden)) { e.preventDefault(); toggleHelp(false); $("confirm").hidden = true; reveal(sel); }
      return;
    }
    const t = e.target;
    if (t.matches && t.matches("input, textarea, select")) {
      if (t.id === "search" && e.key === "Enter") { e.preventDefault(); search(e.shiftKey ? -1 : 1); }
      else if (t.id === "jump" && e.key === "Enter") { e.preventDefault(); jump(t.value); }
      else if (e.key === "Escape" && (t.id === "search" || t.id === "jump")) { t.blur(); reveal(sel); }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) { e.preventDefault(); cmd.undo(); }
      else if (k === "y" || (k === "z" && e.shiftKey)) { e.preventDefault(); cmd.redo(); }
      return;
    }
    // AltGr arrives as Ctrl+Alt on some systems: such keys are never ours.
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const name = KEYS[e.key];
    if (name) { e.preventDefault(); cmd[name](); }
  });
  document.querySelectorAll("[data-op]").forEach((b) => b.addEventListener("click", () => {
    const op = b.dataset.op, arg = b.dataset.arg;
    const named = { push: arg === "tgt" ? "tgtDown" : "srcDown", pull: arg === "tgt" ? "tgtUp" : "srcUp" };
    cmd[named[op] || op]();
  }));
  document.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => exporters[b.dataset.export]()));
  $("discard").addEventListener("click", cmd.discard);
  $("confirm-no").addEventListener("click", () => { $("confirm").hidden = true; reveal(sel); });
  $("confirm-yes").addEventListener("click", () => { $("confirm").hidden = true; if (run({ op: "reset" })) say("every edit discarded (u brings them back)"); });
  $("help-close").addEventListener("click", () => toggleHelp(false));
  $("banner-download").addEventListener("click", exporters.json);
  $("banner-reload").addEventListener("click", () => location.reload());
  win.addEventListener("click", (e) => {
    const r = e.target.closest(".row");
    if (!r || e.target.closest("textarea")) return;
    const k = +r.dataset.k, p = e.target.closest("p.s");
    let c = 0;
    if (p) {
      const l = state.links[k], i = +p.dataset.i;
      c = p.dataset.side === "src" ? i - srcStart[k] : l.n[0] + i - tgtStart[k];
    }
    select(k, c);
  });
  win.addEventListener("dblclick", (e) => { if (e.target.closest("p.s")) edit(); });
  thr.addEventListener("change", () => { counts = null; renderWindow(Math.max(posOf(sel), 0), w0); refresh(); });
  filterSel.addEventListener("change", () => { computeView(); rowH = 0; renderWindow(Math.max(posOf(sel), 0)); show(sel); status(); });
  $("search").addEventListener("input", () => { query = $("search").value.trim().toLowerCase(); renderWindow(Math.max(posOf(sel), 0), w0); });
  window.addEventListener("beforeunload", () => { if (saveTimer) { clearTimeout(saveTimer); saveNow(); } });
  // The header's height, for scrolling rows into view under it.
  const fit = () => document.documentElement.style.setProperty("--head", (headerHeight() + 8) + "px");
  window.addEventListener("resize", fit);

  // The export box, for people without downloads.
  const panel = document.createElement("details");
  panel.id = "export-panel";
  panel.hidden = true;
  panel.innerHTML = '<summary>last export</summary><textarea id="export-out" readonly aria-label="last export"></textarea>';
  document.querySelector("header").appendChild(panel);

  derive();
  computeView();
  renderWindow(Math.max(posOf(sel), 0));
  fit();
  status();
  show(sel);
  const ready = restore().then(() => { document.body.dataset.ready = "1"; });
  window.transalignReview = {
    ready, flushed, keys: KEYS, commands: cmd,
    state: () => state, history: () => history, sel: () => sel, revision: () => revision,
    links: () => state.links.map((l, k) => ({ src: ids(k, 0), tgt: ids(k, 1), confidence: l.confidence, checked: !!l.checked, flagged: !!l.flagged, edited: !!l.edited })),
    select, run, exportJson, exportBeads, exportTsv, exportTmx,
  };
})();
