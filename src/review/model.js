// The review page's edit model: pure functions (state, op) → state, and the
// one place that keeps the invariants. Shared by the page (review.js) and the
// property test (tests/it/review_model.rs runs it in Node); the server
// (serve.rs) applies the same splices and checks the same invariants.
//
// A state is { src: [seg], tgt: [seg], links: [link] }, never mutated:
//   seg  = { id, text, kind, block, section, edited? }
//   link = { n: [ns, nt], confidence, checked, flagged?, edited?, unaligned?, evidence? }
// A link holds the next ns source and nt target sentences, so every sentence
// is in exactly one link, in order, by construction; the invariant left to
// keep is ns + nt ≥ 1 (no empty link) and that the counts add up.
//
// Every edit is a splice: at link k remove rm links and insert `add`; at
// source sentence i remove rm sentences and insert `add` (the same for the
// target). The inverse of a splice is a splice, so undo restores exactly.
"use strict";
(function (root) {
  function nOf(l) { return l.n[0] + l.n[1]; }

  // Where link k starts: its first source and target sentence.
  function starts(state, k) {
    let i = 0, j = 0;
    const ls = state.links;
    for (let x = 0; x < k && x < ls.length; x++) { i += ls[x].n[0]; j += ls[x].n[1]; }
    return [i, j];
  }

  // The link that holds sentence `i` of a side (0 source, 1 target), or -1.
  function linkOf(state, side, i) {
    let at = 0;
    const ls = state.links;
    for (let k = 0; k < ls.length; k++) {
      at += ls[k].n[side];
      if (i < at) return k;
    }
    return -1;
  }

  function spliceArr(a, at, rm, add) {
    // A copy with the change: slice and concat run natively, fast on 100 000 links.
    return a.slice(0, at).concat(add, a.slice(at + rm));
  }

  // Apply a splice; returns { state, inverse }.
  function applySplice(state, sp) {
    const next = { src: state.src, tgt: state.tgt, links: state.links };
    const inv = { k: sp.k, rm: sp.add.length, add: state.links.slice(sp.k, sp.k + sp.rm) };
    next.links = spliceArr(state.links, sp.k, sp.rm, sp.add);
    for (const side of ["src", "tgt"]) {
      const s = sp[side];
      if (!s) continue;
      inv[side] = { i: s.i, rm: s.add.length, add: state[side].slice(s.i, s.i + s.rm) };
      next[side] = spliceArr(state[side], s.i, s.rm, s.add);
    }
    return { state: next, inverse: inv };
  }

  // Invariants; returns null when they hold, else what breaks them.
  function check(state) {
    let ns = 0, nt = 0;
    for (let k = 0; k < state.links.length; k++) {
      const l = state.links[k];
      if (!l || !Array.isArray(l.n) || l.n.length !== 2) return "link " + k + " has no counts";
      const [a, b] = l.n;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0) return "link " + k + " has bad counts";
      if (a + b === 0) return "link " + k + " is empty";
      if (!(l.confidence >= 0 && l.confidence <= 1)) return "link " + k + " has confidence " + l.confidence;
      ns += a; nt += b;
    }
    if (ns !== state.src.length) return "the links hold " + ns + " source sentences of " + state.src.length;
    if (nt !== state.tgt.length) return "the links hold " + nt + " target sentences of " + state.tgt.length;
    for (const side of ["src", "tgt"]) {
      const seen = new Set();
      for (const s of state[side]) {
        if (typeof s.id !== "string" || s.id === "") return side + ": a sentence without id";
        if (seen.has(s.id)) return side + ": id " + s.id + " twice";
        seen.add(s.id);
        if (typeof s.text !== "string" || s.text.trim() === "") return side + " " + s.id + ": empty text";
        if (/[\r\n]/.test(s.text)) return side + " " + s.id + ": a line break in the text";
      }
    }
    return null;
  }

  // The invariants around one splice, before it is applied (what check()
  // would find, without walking the whole text: an edit deep in a long
  // document stays fast).
  function checkSplice(state, sp) {
    if (!(Number.isInteger(sp.k) && Number.isInteger(sp.rm) && sp.k >= 0 && sp.rm >= 0 && sp.k + sp.rm <= state.links.length)) return "links out of range";
    const delta = [0, 0];
    for (const l of sp.add) {
      if (!l || !Array.isArray(l.n) || !Number.isInteger(l.n[0]) || !Number.isInteger(l.n[1]) || l.n[0] < 0 || l.n[1] < 0) return "a link without counts";
      if (l.n[0] + l.n[1] === 0) return "an empty link";
      if (!(l.confidence >= 0 && l.confidence <= 1)) return "a confidence out of [0, 1]";
      delta[0] += l.n[0]; delta[1] += l.n[1];
    }
    for (let x = sp.k; x < sp.k + sp.rm; x++) { delta[0] -= state.links[x].n[0]; delta[1] -= state.links[x].n[1]; }
    for (const [side, s] of [["src", 0], ["tgt", 1]]) {
      const p = sp[side];
      let change = 0;
      if (p) {
        if (!(Number.isInteger(p.i) && p.i >= 0 && p.rm >= 0 && p.i + p.rm <= state[side].length)) return side + " sentences out of range";
        for (const g of p.add) {
          if (typeof g.id !== "string" || g.id === "" || typeof g.text !== "string" || g.text.trim() === "" || /[\r\n]/.test(g.text)) return "a sentence without id or text";
        }
        change = p.add.length - p.rm;
      }
      if (delta[s] !== change) return "the links would not hold every " + (s ? "target" : "source") + " sentence once";
    }
    return null;
  }

  // A link a person made or changed: it no longer has the aligner's
  // confidence, evidence or reason.
  function made(ns, nt, flagged) {
    const l = { n: [ns, nt], confidence: 1, checked: true, edited: true };
    if (flagged) l.flagged = true;
    return l;
  }
  // What is left of a link an edit took a sentence from or gave one to, as a
  // side effect: nobody has looked at it in that shape, so it is not checked
  // and has no confidence (it shows among the doubtful and unchecked links
  // until the person checks it). A flag stays: it marks the sentences.
  function leftover(ns, nt, flagged) {
    const l = { n: [ns, nt], confidence: 0, checked: false, edited: true };
    if (flagged) l.flagged = true;
    return l;
  }
  // The same link with one sentence more or fewer on one side after a
  // sentence split or join: its text is the same, so its marks stay, as
  // after a text edit (the person decided where a sentence ends, not what
  // the link holds).
  function resized(l, n) { return withProps(l, { n, edited: true }); }
  function withProps(l, props) { return Object.assign({}, l, props); }

  // A fresh id for the second half of a split of `id`: id.1, id.2, … the
  // first one not used in that text.
  function freshId(segs, id) {
    const taken = new Set();
    const p = id + ".";
    for (const s of segs) if (s.id.startsWith(p)) taken.add(s.id);
    let n = 1;
    while (taken.has(p + n)) n++;
    return p + n;
  }

  function clean(t) { return String(t).replace(/[\r\n\t]+/g, " ").trim(); }

  const SIDES = { src: 0, tgt: 1 };

  // Turn a user op into a splice (and where the selection goes), or
  // { error } when it cannot be done: the page shows the message.
  function build(state, op, original) {
    const L = state.links, k = op.k;
    const link = (x) => (x >= 0 && x < L.length ? L[x] : null);
    switch (op.op) {
      case "merge": {
        const a = link(k), b = link(k + 1);
        if (!a || !b) return { error: "no next link to merge with" };
        return { splice: { k, rm: 2, add: [made(a.n[0] + b.n[0], a.n[1] + b.n[1], a.flagged || b.flagged)] }, sel: k };
      }
      case "split": {
        const l = link(k);
        if (!l) return { error: "no link selected" };
        const [ns, nt] = l.n;
        if (ns + nt < 2) return { error: "a link of one sentence cannot be split; join sentences or move them instead" };
        let a, b;
        if (op.a !== undefined) { a = op.a; b = op.b; }
        else if (ns === 1 && nt === 1) { a = 1; b = 0; }
        else { a = Math.ceil(ns / 2); b = Math.ceil(nt / 2); }
        let first = [a, b], second = [ns - a, nt - b];
        if (ns === 1 && nt === 1 && op.a === undefined) { first = [1, 0]; second = [0, 1]; }
        if (a < 0 || b < 0 || a > ns || b > nt || first[0] + first[1] === 0 || second[0] + second[1] === 0) {
          return { error: "that split would leave an empty link" };
        }
        // The person decided the two halves when they chose where to cut or
        // there was one place to cut (two sentences); otherwise the cut in
        // the middle is the page's guess, and both halves wait for a check.
        const mk = op.a !== undefined || ns + nt === 2 ? made : leftover;
        return { splice: { k, rm: 1, add: [mk(first[0], first[1], l.flagged), mk(second[0], second[1], l.flagged)] }, sel: k };
      }
      case "push": case "pull": {
        const s = SIDES[op.side];
        const a = link(k), b = link(k + 1);
        if (s === undefined || !a) return { error: "no link selected" };
        if (!b) return { error: "this is the last link: there is no next link to move a sentence to or from" };
        const from = op.op === "push" ? a : b;
        if (from.n[s] === 0) return { error: "no " + (s ? "target" : "source") + " sentence there to move" };
        const na = a.n.slice(), nb = b.n.slice();
        if (op.op === "push") { na[s]--; nb[s]++; } else { na[s]++; nb[s]--; }
        // The selected link is the one the person decided; the next one only
        // gave or took a sentence, unless the move emptied one of the two,
        // which makes it a merge the person decided.
        const add = [];
        const one = na[0] + na[1] === 0 || nb[0] + nb[1] === 0;
        if (na[0] + na[1] > 0) add.push(made(na[0], na[1], a.flagged));
        if (nb[0] + nb[1] > 0) add.push((one ? made : leftover)(nb[0], nb[1], b.flagged));
        return { splice: { k, rm: 2, add }, sel: Math.min(k, k + add.length - 1) };
      }
      case "check": case "flag": {
        const l = link(k);
        if (!l) return { error: "no link selected" };
        const next = withProps(l, op.op === "check" ? { checked: !l.checked } : { flagged: true });
        // Absent, not false: a state and the file it saves read back alike.
        if (op.op === "flag" && l.flagged) delete next.flagged;
        return { splice: { k, rm: 1, add: [next] }, sel: k };
      }
      case "text": {
        const s = SIDES[op.side], segs = state[op.side];
        if (s === undefined || !(op.i >= 0 && op.i < segs.length)) return { error: "no such sentence" };
        const t = clean(op.text);
        if (t === "") return { error: "a sentence cannot be empty: join it with its neighbour instead" };
        if (t === segs[op.i].text) return { error: "the text is unchanged" };
        const lk = linkOf(state, s, op.i);
        return {
          splice: { k: lk, rm: 1, add: [withProps(L[lk], { edited: true })], [op.side]: { i: op.i, rm: 1, add: [withProps(segs[op.i], { text: t, edited: true })] } },
          sel: lk,
        };
      }
      case "splitSentence": {
        const s = SIDES[op.side], segs = state[op.side];
        if (s === undefined || !(op.i >= 0 && op.i < segs.length)) return { error: "no such sentence" };
        const seg = segs[op.i];
        const text = op.text !== undefined ? String(op.text) : seg.text;
        const left = clean(text.slice(0, op.at)), right = clean(text.slice(op.at));
        if (left === "" || right === "") return { error: "put the cursor inside the sentence, where it should be cut" };
        const lk = linkOf(state, s, op.i);
        const n = L[lk].n.slice();
        n[s]++;
        const two = [
          withProps(seg, { text: left, edited: true }),
          { id: freshId(segs, seg.id), text: right, kind: seg.kind, block: false, section: false, edited: true },
        ];
        return { splice: { k: lk, rm: 1, add: [resized(L[lk], n)], [op.side]: { i: op.i, rm: 1, add: two } }, sel: lk };
      }
      case "joinSentences": {
        const s = SIDES[op.side], segs = state[op.side];
        if (s === undefined || !(op.i >= 0 && op.i + 1 < segs.length)) return { error: "no next sentence in this text to join with" };
        const a = segs[op.i], b = segs[op.i + 1];
        const joined = withProps(a, { text: clean(a.text + " " + b.text), edited: true });
        const ka = linkOf(state, s, op.i), kb = linkOf(state, s, op.i + 1);
        const add = [];
        if (ka === kb) {
          const n = L[ka].n.slice();
          n[s]--;
          add.push(resized(L[ka], n));
        } else {
          // The second sentence leaves its link for the first one's; what is
          // left of its link is a side effect nobody decided.
          for (let x = ka; x < kb; x++) add.push(x === ka ? withProps(L[x], { edited: true }) : L[x]);
          const n = L[kb].n.slice();
          n[s]--;
          if (n[0] + n[1] > 0) add.push(leftover(n[0], n[1], L[kb].flagged));
        }
        return { splice: { k: ka, rm: kb - ka + 1, add, [op.side]: { i: op.i, rm: 2, add: [joined] } }, sel: ka };
      }
      case "reset": {
        if (!original) return { error: "nothing to go back to" };
        return {
          splice: {
            k: 0, rm: L.length, add: original.links,
            src: { i: 0, rm: state.src.length, add: original.src },
            tgt: { i: 0, rm: state.tgt.length, add: original.tgt },
          },
          sel: 0,
        };
      }
      default:
        return { error: "unknown edit " + op.op };
    }
  }

  const LABELS = {
    merge: "merge", split: "split link", push: "move sentence down", pull: "move sentence up", check: "check",
    flag: "flag", text: "edit text", splitSentence: "split sentence", joinSentences: "join sentences", reset: "discard edits",
  };

  // A history is { undo: [entry], redo: [entry] }; an entry is
  // { label, sel, do: splice, undo: splice }. Each returns
  // { state, history, sel } or { error }.
  const MAX_HISTORY = 10000;
  function doOp(state, history, op, original) {
    const b = build(state, op, original);
    if (b.error) return { error: b.error };
    const bad = checkSplice(state, b.splice);
    if (bad) return { error: "refused: " + bad };
    const r = applySplice(state, b.splice);
    const entry = { label: LABELS[op.op] || op.op, sel: b.sel, do: b.splice, undo: r.inverse };
    let undo = history.undo.concat([entry]);
    if (undo.length > MAX_HISTORY) undo = undo.slice(undo.length - MAX_HISTORY);
    return { state: r.state, history: { undo, redo: [] }, sel: b.sel, entry };
  }
  function undo(state, history) {
    const e = history.undo[history.undo.length - 1];
    if (!e) return { error: "nothing to undo" };
    const r = applySplice(state, e.undo);
    return { state: r.state, history: { undo: history.undo.slice(0, -1), redo: history.redo.concat([e]) }, sel: e.sel, entry: e };
  }
  function redo(state, history) {
    const e = history.redo[history.redo.length - 1];
    if (!e) return { error: "nothing to redo" };
    const r = applySplice(state, e.do);
    return { state: r.state, history: { undo: history.undo.concat([e]), redo: history.redo.slice(0, -1) }, sel: e.sel, entry: e };
  }

  // The alignment file (src/formats/json.rs) ↔ a state.
  function fromFile(file) {
    const seg = (s) => {
      const o = { id: String(s.id), text: String(s.text), kind: s.kind || "sentence", block: !!s.block, section: !!s.section };
      if (s.edited) o.edited = true;
      return o;
    };
    const links = file.links.map((l) => {
      const o = { n: [l.src.length, l.tgt.length], confidence: typeof l.confidence === "number" ? l.confidence : 0, checked: !!l.checked };
      if (l.flagged) o.flagged = true;
      if (l.edited) o.edited = true;
      if (l.unaligned) o.unaligned = l.unaligned;
      if (l.evidence) o.evidence = l.evidence;
      return o;
    });
    // Segments as the file has them (never changed in place, so shared),
    // unless one lacks a field the page needs.
    const segs = (list) => (list.every((s) => typeof s.id === "string" && typeof s.text === "string" && s.kind && s.edited !== false) ? list : list.map(seg));
    return { src: segs(file.src.segments), tgt: segs(file.tgt.segments), links };
  }
  function toFile(doc, state, review) {
    const side = (d, segs) => ({ lang: d.lang, file: d.file, segments: segs });
    let i = 0, j = 0;
    const links = state.links.map((l) => {
      const o = { src: [], tgt: [], confidence: Math.round(l.confidence * 1000) / 1000, checked: !!l.checked };
      for (let x = 0; x < l.n[0]; x++) o.src.push(i++);
      for (let x = 0; x < l.n[1]; x++) o.tgt.push(j++);
      if (l.flagged) o.flagged = true;
      if (l.edited) o.edited = true;
      if (l.unaligned) o.unaligned = l.unaligned;
      if (l.evidence) o.evidence = l.evidence;
      return o;
    });
    const f = { format: "transalign-alignment", version: 2, src: side(doc.src, state.src), tgt: side(doc.tgt, state.tgt), links };
    // How the alignment was made stays with it through every export.
    if (Array.isArray(doc.warnings) && doc.warnings.length) f.warnings = doc.warnings;
    if (review) f.review = review;
    return f;
  }

  // Replay splices on copies, in place: restoring a saved history of
  // thousands of edits must not copy the whole text for each.
  function replay(state, splices) {
    const s = { src: state.src.slice(), tgt: state.tgt.slice(), links: state.links.slice() };
    // Spreading a long list into splice() would overflow the stack.
    const put = (a, at, rm, add) => (add.length < 1000 ? (a.splice(at, rm, ...add), a) : spliceArr(a, at, rm, add));
    for (const sp of splices) {
      s.links = put(s.links, sp.k, sp.rm, sp.add);
      for (const side of ["src", "tgt"]) if (sp[side]) s[side] = put(s[side], sp[side].i, sp[side].rm, sp[side].add);
    }
    return s;
  }

  // Replay a saved history's entries on `state`, each only where it finds
  // what it was made on (the links and sentences its inverse puts back).
  // A history kept in the browser is keyed by the texts alone, so a page
  // made again with another alignment of the same texts found the earlier
  // page's edits: replayed by position, a check of link 3 marked another
  // link whenever the counts still added up. Throws, naming the entry.
  function replayChecked(state, entries) {
    const s = { src: state.src.slice(), tgt: state.tgt.slice(), links: state.links.slice() };
    const put = (a, at, rm, add) => (add.length < 1000 ? (a.splice(at, rm, ...add), a) : spliceArr(a, at, rm, add));
    const sameLink = (a, b) => !!a && !!b && a.n[0] === b.n[0] && a.n[1] === b.n[1] && a.confidence === b.confidence &&
      !!a.checked === !!b.checked && !!a.flagged === !!b.flagged && !!a.edited === !!b.edited;
    const sameSeg = (a, b) => !!a && !!b && a.id === b.id && a.text === b.text;
    const found = (have, at, was, same) => was.every((w, j) => same(have[at + j], w));
    entries.forEach((e, i) => {
      const sp = e.do, inv = e.undo;
      let ok = sp.rm === inv.add.length && found(s.links, sp.k, inv.add, sameLink);
      for (const side of ["src", "tgt"]) if (sp[side]) ok = ok && !!inv[side] && sp[side].rm === inv[side].add.length && found(s[side], sp[side].i, inv[side].add, sameSeg);
      if (!ok) throw new Error("saved edit " + (i + 1) + " (" + e.label + ") was made on another alignment of these texts");
      s.links = put(s.links, sp.k, sp.rm, sp.add);
      for (const side of ["src", "tgt"]) if (sp[side]) s[side] = put(s[side], sp[side].i, sp[side].rm, sp[side].add);
    });
    return s;
  }

  // A short fingerprint of an alignment's links (counts and marks): what a
  // saved history starts from, so that it is replayed on that alignment
  // only (the texts are the storage key already).
  function fingerprint(state) {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    const mix = (c) => { h1 = Math.imul(h1 ^ c, 2654435761); h2 = Math.imul(h2 ^ c, 1597334677); };
    for (const l of state.links) {
      const s = l.n[0] + "," + l.n[1] + "," + l.confidence + (l.checked ? "c" : "") + (l.flagged ? "f" : "") + (l.edited ? "e" : "") + ";";
      for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
    }
    return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
  }

  // The state a record saved in the browser restores on a page whose
  // alignment, its own history undone, is `pageRoot`. A record keeps
  // either the state it starts from (`root`, once the history outgrew its
  // cap) or the fingerprint of the page's (`base`); one made on another
  // alignment of the same texts (the page made again with other flags or
  // a newer aligner) throws: its edits, replayed by position, marked and
  // changed other links than the person's.
  function restore(rec, pageRoot) {
    if (!rec.root && rec.base !== undefined && rec.base !== fingerprint(pageRoot)) {
      throw new Error("the saved work was made on another alignment of these texts (this page was made again)");
    }
    return replayChecked(rec.root ? fromFile(rec.root) : pageRoot, rec.undo);
  }

  const api = { starts, linkOf, applySplice, check, checkSplice, build, doOp, undo, redo, fromFile, toFile, replay, replayChecked, fingerprint, restore, freshId, MAX_HISTORY };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.TransalignModel = api;
})(typeof window !== "undefined" ? window : this);
