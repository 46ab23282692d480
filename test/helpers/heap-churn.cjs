"use strict";
// node heap-churn.cjs [apply]: keeps ~25 MiB live while garbage that outlives the young
// generation streams through, then prints the largest heapUsed it saw, in MiB. With
// "apply", bin/heap.cjs sets V8's heap growth first (test/unit/heap.test.ts).
if (process.argv[2] === "apply") require("../../bin/heap.cjs").applyHeapGrowth();
const live = [];
for (let i = 0; i < 200_000; i++) live.push({ i, s: `live ${i}` });
const ring = new Array(300_000);
let peak = 0;
for (let i = 0; i < 4_000_000; i++) {
  ring[i % ring.length] = { i, s: `garbage ${i}`, a: [i, i + 1] };
  if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
}
process.stdout.write(`${Math.round(peak / 1048576)} ${live.length}\n`);
