// Property test of the review page's edit model (src/review/model.js), run
// in Node by tests/it/review_model.rs: random states of every link shape, random
// ops of every kind (links, checks, flags, text, sentence splits and joins,
// discard, undo, redo), the invariants checked after every op, every undo
// restoring the state before exactly and every redo the state after.
// Usage: node review_model.js MODEL.js [OPS] [SEED]
"use strict";
const assert = require("assert");
const M = require(process.argv[2]);
const OPS = +(process.argv[3] || 20000);
let seed = +(process.argv[4] || 12345);

function rand() { // mulberry32
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const WORDS = ["stad", "huis", "la", "ville", "maison", "1948", "Paris", "de", "et", "<b>", "\"q\"", "é", "😀", "a&b"];
function sentence() {
  let s = [];
  for (let n = 1 + int(6); n > 0; n--) s.push(pick(WORDS));
  return s.join(" ");
}

// A random document: links of every shape the aligner makes and more.
const SHAPES = [[1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [2, 2], [3, 1], [1, 3], [2, 0], [0, 2], [4, 1]];
function randomDoc() {
  const links = [], src = [], tgt = [];
  for (let k = 0, n = 1 + int(12); k < n; k++) {
    const [a, b] = pick(SHAPES);
    const l = { src: [], tgt: [], confidence: Math.round(rand() * 1000) / 1000, checked: rand() < 0.2 };
    for (let x = 0; x < a; x++) { l.src.push(src.length); src.push({ id: "s" + src.length, text: sentence(), kind: "sentence", block: x === 0, section: false }); }
    for (let x = 0; x < b; x++) { l.tgt.push(tgt.length); tgt.push({ id: "t" + tgt.length, text: sentence(), kind: "sentence", block: x === 0, section: false }); }
    if (a + b === 1 && rand() < 0.5) l.unaligned = { reason: "shares 0% of its words", share: 0 };
    links.push(l);
  }
  return { format: "transalign-alignment", version: 1, src: { lang: "nl", file: "a.txt", segments: src }, tgt: { lang: "fr", file: "b.txt", segments: tgt }, links };
}

function randomOp(state) {
  const L = state.links.length, kinds = ["merge", "split", "push", "pull", "check", "flag", "text", "splitSentence", "joinSentences", "reset", "undo", "redo", "undo", "redo"];
  const op = pick(kinds);
  const side = pick(["src", "tgt"]);
  const n = state[side].length;
  // Mostly valid positions, sometimes out of range: a refusal must change nothing.
  const k = rand() < 0.95 ? int(L) : pick([-1, L, L + 3]);
  const i = rand() < 0.95 ? int(Math.max(n, 1)) : pick([-1, n]);
  switch (op) {
    case "split": return rand() < 0.3 && L > 0 && k >= 0 && k < L ? { op, k, a: int(state.links[k].n[0] + 1), b: int(state.links[k].n[1] + 1) } : { op, k };
    case "push": case "pull": return { op, k, side };
    case "text": return { op, side, i, text: rand() < 0.1 ? "  " : sentence() + (rand() < 0.1 ? "\nnext line" : "") };
    case "splitSentence": {
      const t = i >= 0 && i < n ? state[side][i].text : "";
      return rand() < 0.2 ? { op, side, i, at: int(t.length + 5), text: sentence() } : { op, side, i, at: int(t.length + 1) };
    }
    case "joinSentences": return { op, side, i };
    default: return { op, k };
  }
}

const words = (state, side) => state[side].map((s) => s.text).join("").replace(/\s+/g, "");
const counts = {};
let applied = 0, refused = 0, total = 0;
let docs = 0;
while (total < OPS) {
  const doc = randomDoc();
  docs++;
  const original = M.fromFile(doc);
  assert.strictEqual(M.check(original), null);
  let state = original, history = { undo: [], redo: [] };
  for (let step = 0; step < 200 && total < OPS; step++, total++) {
    const op = randomOp(state);
    const before = state;
    let r;
    if (op.op === "undo") r = M.undo(state, history);
    else if (op.op === "redo") r = M.redo(state, history);
    else r = M.doOp(state, history, op, original);
    if (r.error) {
      refused++;
      assert.strictEqual(state, before);
      continue;
    }
    applied++;
    counts[op.op] = (counts[op.op] || 0) + 1;
    const bad = M.check(r.state);
    assert.strictEqual(bad, null, JSON.stringify(op) + ": " + bad);
    // No sentence lost: structural edits keep every word, in order.
    if (!["text", "reset", "undo", "redo"].includes(op.op) && !(op.op === "splitSentence" && op.text !== undefined)) {
      for (const side of ["src", "tgt"]) assert.strictEqual(words(r.state, side), words(before, side), JSON.stringify(op));
    }
    if (op.op === "split" && op.a === undefined && before.links[op.k].n[0] === 1 && before.links[op.k].n[1] === 1) {
      assert.deepStrictEqual([r.state.links[op.k].n, r.state.links[op.k + 1].n], [[1, 0], [0, 1]], "a 1-1 link splits into 1-0 and 0-1");
    }
    // Undo restores the state before exactly; redo the state after.
    if (op.op !== "undo" && op.op !== "redo") {
      const u = M.undo(r.state, r.history);
      assert.deepStrictEqual(u.state, before, "undo of " + JSON.stringify(op));
      const again = M.redo(u.state, u.history);
      assert.deepStrictEqual(again.state, r.state, "redo of " + JSON.stringify(op));
      assert.deepStrictEqual(again.history, r.history);
    }
    // The file the page saves reads back to the same state.
    const file = M.toFile(doc, r.state);
    assert.deepStrictEqual(M.fromFile(JSON.parse(JSON.stringify(file))), r.state);
    // Replaying the history from the original gives the same state.
    if (step % 25 === 0) assert.deepStrictEqual(M.replay(original, r.history.undo.map((e) => e.do)), r.state);
    state = r.state;
    history = r.history;
  }
}
// Single sentences cannot be split.
const one = M.fromFile({ src: { segments: [{ id: "a", text: "x" }] }, tgt: { segments: [] }, links: [{ src: [0], tgt: [], confidence: 0.5 }] });
assert.ok(M.doOp(one, { undo: [], redo: [] }, { op: "split", k: 0 }).error);
for (const kind of ["merge", "split", "push", "pull", "check", "flag", "text", "splitSentence", "joinSentences", "reset", "undo", "redo"]) {
  assert.ok((counts[kind] || 0) >= 100, kind + " applied only " + (counts[kind] || 0) + " times");
}
console.log(JSON.stringify({ ops: total, applied, refused, docs, counts }));
