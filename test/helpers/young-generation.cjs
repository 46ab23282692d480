"use strict";
// node --max-semi-space-size=N young-generation.cjs hold|operator|leave: with N = 16, V8's
// largest semi-space is 16 MiB on any machine (its own size on one with 8 GiB or more).
// Allocates like a start-up (everything survives) and then like a server under load (much
// survives a while, in turns of the event loop, where the collections' observers run), and
// prints the largest semi-space seen in each phase, in MiB, as JSON, and whether the cap
// started (test/unit/heap.test.ts). "hold": bin/heap.cjs holds the young generation first
// and caps it after the start-up phase, told that node was given no flag; "operator": the
// same, left to read node's own options (which size the young generation); "leave": neither.
const { setImmediate: nextTurn } = require("node:timers/promises");
const heap = require("../../bin/heap.cjs");
const mode = process.argv[2];
const cap = mode === "hold" ? heap.holdYoungGeneration({ execArgv: [], nodeOptions: "" }) : mode === "operator" ? heap.holdYoungGeneration() : null;
const MiB = 1024 ** 2;
let largest = 0;
const sample = () => (largest = Math.max(largest, heap.semiSpaceBytes() / MiB));

const kept = [];
for (let i = 0; i < 400_000; i++) {
  kept.push({ i, s: `module ${i}` });
  if (i % 1000 === 0) sample();
}
const startup = largest;

const capped = cap ? cap() !== null : false;
largest = 0;
const ring = new Array(100_000);
let n = 0;
(async () => {
  // Turns of ~0.4 MB, a few requests' worth each: smaller than a semi-space, as a server's
  // are (the observer hears of a collection a turn later, so a turn that allocated several
  // semi-spaces' worth could grow them once past the cap).
  for (let turn = 0; turn < 400; turn++) {
    for (let i = 0; i < 5_000; i++, n++) ring[n % ring.length] = { n, s: `request ${n}`, a: [n] };
    sample();
    await nextTurn();
  }
  process.stdout.write(`${JSON.stringify({ startup, load: largest, capped, kept: kept.length })}\n`);
  process.exit(0);
})();
