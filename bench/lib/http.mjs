// Small HTTP helpers: one POST, a free loopback port, waiting for a target to answer.
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const CHAT_PATH = '/v1/chat/completions';
export const MESSAGES_PATH = '/v1/messages';
export const messagesStreamBody = JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hello' }] });
export const chatBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 });
export const streamBody = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Say hello' }] });

/** POSTs `body`; resolves { status, body } (status 0 on a connection error or timeout). */
export function post(port, path, headers, body, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
        res.on('error', (err) => resolve({ status: 0, body: String(err.message) }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, body: String(err.message) }));
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until a chat request answers 200, the process exits, or `ms` pass. */
export async function waitReady(target, headers, proc, ms = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (proc && proc.exitCode !== null) return false;
    const r = await post(target.port, CHAT_PATH, headers, chatBody, 2000);
    if (r.status === 200) return true;
    await sleep(200);
  }
  return false;
}
