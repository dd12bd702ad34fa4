// Mock OpenAI-compatible upstream (node:http only): the `direct` target and the upstream of every other.
// POST */chat/completions -> a fixed chat.completion JSON, or an SSE stream when the body has "stream": true.
// Env: HOST (127.0.0.1), PORT (9000), DELAY_MS (0, added before the response / first chunk),
//      SSE_CHUNKS (16 content chunks), SSE_INTERVAL_MS (10; 0 writes every chunk at once).
import http from 'node:http';
import process from 'node:process';

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 9000);
const DELAY_MS = Number(process.env.DELAY_MS || 0);
const SSE_CHUNKS = Number(process.env.SSE_CHUNKS || 16);
const SSE_INTERVAL_MS = Number(process.env.SSE_INTERVAL_MS ?? 10);

const completion = Buffer.from(JSON.stringify({
  id: 'chatcmpl-mock0001', object: 'chat.completion', created: 1700000000, model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! This is a fixed reply from the mock upstream used for gateway benchmarks.' }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 17, total_tokens: 29 }, system_fingerprint: 'fp_mock',
}));
const chunk = (delta, finish) => Buffer.from(`data: ${JSON.stringify({
  id: 'chatcmpl-mock0001', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
})}\n\n`);
const sseFirst = chunk({ role: 'assistant', content: '' }, null);
const sseToken = chunk({ content: 'tok ' }, null);
const sseLast = Buffer.concat([chunk({}, 'stop'), Buffer.from('data: [DONE]\n\n')]);

function sendJson(res) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': completion.length });
  res.end(completion);
}

function sendSse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(sseFirst);
  if (SSE_INTERVAL_MS <= 0) {
    for (let i = 0; i < SSE_CHUNKS; i++) res.write(sseToken);
    res.end(sseLast);
    return;
  }
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (sent++ < SSE_CHUNKS) return void res.write(sseToken);
    clearInterval(timer);
    res.end(sseLast);
  }, SSE_INTERVAL_MS);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url.endsWith('/models') ? '{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"}]}' : '{"ok":true}');
    return;
  }
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    let stream = false;
    try {
      stream = JSON.parse(Buffer.concat(parts).toString()).stream === true;
    } catch {
      // not JSON: answer as non-streaming
    }
    const reply = () => (stream ? sendSse(res) : sendJson(res));
    if (DELAY_MS > 0) setTimeout(reply, DELAY_MS);
    else reply();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => console.log(`mock-upstream on http://${HOST}:${PORT} pid=${process.pid}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
