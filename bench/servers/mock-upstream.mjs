// Mock OpenAI-compatible upstream (node:http only): the `direct` target and the upstream of every other.
// POST */chat/completions -> a fixed chat.completion JSON, or an SSE stream when the body has "stream": true.
// POST */messages with "stream": true -> an Anthropic Messages stream of the same pacing (message_start,
// content_block_start, ping, SSE_CHUNKS content_block_delta, content_block_stop, message_delta, message_stop).
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
// What OpenAI sends when the request asks for `stream_options.include_usage` (Cordon always does): a last
// chunk with no choices and the usage, before [DONE]. Without it every stream would be metered by estimate.
const sseLastWithUsage = Buffer.concat([
  chunk({}, 'stop'),
  Buffer.from(`data: ${JSON.stringify({ id: 'chatcmpl-mock0001', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 12, completion_tokens: 17, total_tokens: 29 } })}\n\n`),
  Buffer.from('data: [DONE]\n\n'),
]);

const event = (type, data) => Buffer.from(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
const messagesFirst = Buffer.concat([
  event('message_start', { message: { id: 'msg_mock0001', type: 'message', role: 'assistant', content: [], model: 'claude-haiku-4-5', stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } } }),
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  event('ping', {}),
]);
const messagesToken = event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'tok ' } });
const messagesLast = Buffer.concat([
  event('content_block_stop', { index: 0 }),
  event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 17 } }),
  event('message_stop', {}),
]);

function sendJson(res) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': completion.length });
  res.end(completion);
}

function sendSse(res, [first, token, last] = [sseFirst, sseToken, sseLast]) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(first);
  if (SSE_INTERVAL_MS <= 0) {
    for (let i = 0; i < SSE_CHUNKS; i++) res.write(token);
    res.end(last);
    return;
  }
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (sent++ < SSE_CHUNKS) return void res.write(token);
    clearInterval(timer);
    res.end(last);
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
    let usage = false;
    try {
      const body = JSON.parse(Buffer.concat(parts).toString());
      stream = body.stream === true;
      usage = body.stream_options?.include_usage === true;
    } catch {
      // not JSON: answer as non-streaming
    }
    const messages = req.url.endsWith('/messages');
    const openAi = [sseFirst, sseToken, usage ? sseLastWithUsage : sseLast];
    const reply = () => (stream ? sendSse(res, messages ? [messagesFirst, messagesToken, messagesLast] : openAi) : sendJson(res));
    if (DELAY_MS > 0) setTimeout(reply, DELAY_MS);
    else reply();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => console.log(`mock-upstream on http://${HOST}:${PORT} pid=${process.pid}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
