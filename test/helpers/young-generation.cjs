"use strict";
/* global setImmediate */
// node --max-semi-space-size=16 young-generation.cjs hold|leave: V8's largest semi-space is
// then 16 MiB on any machine (its own size on one with 8 GiB or more). Allocates like a
// start-up (everything survives) and then like a server under load (much survives a
// while, in turns of the event loop, where the collections' observers run), and prints the
// largest semi-space seen in each phase, in MiB, as JSON. "hold": bin/heap.cjs holds the
// young generation first and caps it after the start-up phase, told that node was given no
// flag (test/unit/heap.test.ts).
const heap = require("../../bin/heap.cjs");
const hold = process.argv[2] === "hold";
if (hold) heap.holdYoungGeneration({ execArgv: [], options: "" });
const MiB = 1024 ** 2;
let largest = 0;
const sample = () => (largest = Math.max(largest, heap.semiSpaceBytes() / MiB));

const kept = [];
for (let i = 0; i < 400_000; i++) {
  kept.push({ i, s: `module ${i}` });
  if (i % 1000 === 0) sample();
}
const startup = largest;

if (hold) heap.capYoungGeneration();
largest = 0;
const ring = new Array(100_000);
let n = 0;
(async () => {
  for (let turn = 0; turn < 100; turn++) {
    for (let i = 0; i < 20_000; i++, n++) ring[n % ring.length] = { n, s: `request ${n}`, a: [n] };
    sample();
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.stdout.write(`${JSON.stringify({ startup, load: largest, kept: kept.length })}\n`);
  process.exit(0);
})();
