// Latency of lone requests: one JSON chat request at a time with a pause between them (as the SSE
// client's streams come, one every ~175 ms), against back-to-back requests (wrk at c=1). A gateway
// that is fast when hot can be slower on a request that finds the process idle.
// Usage: node bench/clients/spaced-json.mjs URL API_KEY GAP_MS [COUNT=80]   (prints the p50 in ms)
import http from 'node:http';
import process from 'node:process';

const [url, key, gapText, countText] = process.argv.slice(2);
const gapMs = Number(gapText ?? 0);
const count = Number(countText ?? 80);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}`, 'x-forwarded-for': '81.2.69.160' };

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (res) => {
      res.once('data', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
      res.resume();
    });
    req.on('error', reject);
    req.end(body);
  });
}

const times = [];
for (let i = 0; i < count; i++) {
  times.push(await once());
  await new Promise((resolve) => setTimeout(resolve, gapMs));
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ gap_ms: gapMs, count, p50_ms: Number(times[Math.floor(count / 2)].toFixed(3)) }));
agent.destroy();
