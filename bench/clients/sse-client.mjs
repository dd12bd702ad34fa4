// SSE load client: N concurrent streaming chat requests against one URL, for a time or a count.
// Usage: node sse-client.mjs '<json>'   with {url, headers, conc, seconds | count, messages?}
// `messages: true` sends Anthropic Messages requests (the stream ends with `message_stop`, not `[DONE]`).
// Prints one JSON line: streams ok/failed, streams/s, time to first event (TTFT), total stream time,
// worst gap between two events of a stream, events per stream (percentiles in ms).
import http from 'node:http';
import process from 'node:process';

const opts = JSON.parse(process.argv[2]);
const url = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.conc });
const body = JSON.stringify(opts.messages
  ? { model: 'claude-haiku-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hello' }] }
  : { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Say hello' }] });
const END = opts.messages ? '"type":"message_stop"' : '[DONE]';
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...opts.headers };
const ttft = [];
const total = [];
const gaps = [];
const events = [];
let ok = 0;
let failed = 0;
let started = 0;
const deadline = opts.seconds ? Date.now() + opts.seconds * 1000 : Infinity;
const more = () => (opts.count ? started < opts.count : Date.now() < deadline);
const ms = (ns) => Number(ns) / 1e6;

function oneStream() {
  return new Promise((resolve) => {
    started++;
    const t0 = process.hrtime.bigint();
    let first = 0n;
    let last = 0n;
    let maxGap = 0n;
    let n = 0;
    let buf = '';
    let done = false;
    const fail = () => {
      failed++;
      resolve();
    };
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (data) => {
        buf += data;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const event = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!event.startsWith('data:') && !event.includes('\ndata:')) continue;
          const now = process.hrtime.bigint();
          if (!first) first = now;
          else if (now - last > maxGap) maxGap = now - last;
          last = now;
          n++;
          if (event.includes(END)) done = true;
        }
      });
      res.on('end', () => {
        if (res.statusCode !== 200 || !done) return fail();
        ok++;
        ttft.push(ms(first - t0));
        total.push(ms(last - t0));
        gaps.push(ms(maxGap));
        events.push(n);
        resolve();
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function worker() {
  while (more()) await oneStream();
}

function pct(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(3);
}

const t0 = Date.now();
await Promise.all(Array.from({ length: opts.conc }, worker));
const secs = (Date.now() - t0) / 1000;
console.log(JSON.stringify({
  conc: opts.conc, streams_ok: ok, streams_failed: failed, streams_per_s: +(ok / secs).toFixed(1),
  ttft_p50_ms: pct(ttft, 50), ttft_p99_ms: pct(ttft, 99), total_p50_ms: pct(total, 50), total_p99_ms: pct(total, 99),
  max_gap_p50_ms: pct(gaps, 50), max_gap_p99_ms: pct(gaps, 99), max_gap_max_ms: pct(gaps, 100), events_per_stream: pct(events, 50),
}));
agent.destroy();
