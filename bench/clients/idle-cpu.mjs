// How much slower this machine runs the same JavaScript right after being idle. A fixed piece of work
// (~20 µs when hot) is timed back to back, then after sleeping 1, 3 and 10 ms. On a VM whose vCPU halts
// when idle, code that runs after a pause (the first token of a stream that waited on the upstream,
// a lone request) finds cold caches and takes several times longer than in a wrk loop: any gateway's
// per-request code is multiplied by that factor in the SSE time-to-first-token row.
// Usage: taskset -c 1 node bench/clients/idle-cpu.mjs [SAMPLES=200]   (pin it where the gateway runs)
import process from 'node:process';

const samples = Number(process.argv[2] ?? 200);
const data = Array.from({ length: 2000 }, (_, i) => ({ a: i, b: String(i), c: [i, i + 1] }));
function work() {
  let s = 0;
  for (const d of data) s += d.a + d.b.length + d.c[1];
  return JSON.stringify(data.slice(0, 50)).length + s;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
for (let i = 0; i < 5000; i++) work(); // optimised before timing

const results = {};
for (const gap of [0, 1, 3, 10]) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    if (gap > 0) await sleep(gap);
    else await null;
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  results[`idle_${gap}ms_p50_us`] = +times[times.length >> 1].toFixed(1);
}
const hot = results.idle_0ms_p50_us;
console.log(JSON.stringify({ ...results, slowdown_after_3ms: +(results.idle_3ms_p50_us / hot).toFixed(2), slowdown_after_10ms: +(results.idle_10ms_p50_us / hot).toFixed(2) }));
