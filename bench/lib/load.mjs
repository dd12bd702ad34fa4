// Load generators, pinned to the load CPU: wrk (JSON requests) and the SSE client (streams).
import { join } from 'node:path';
import process from 'node:process';
import { CHAT_PATH, MESSAGES_PATH, chatBody } from './http.mjs';
import { options } from './options.mjs';
import { runCommand } from './procs.mjs';

const HERE = import.meta.dirname;
const WRK_SCRIPT = join(HERE, '..', 'clients', 'wrk-post.lua');
const SSE_CLIENT = join(HERE, '..', 'clients', 'sse-client.mjs');

export const requestHeaders = (target, ip = options.allowedIp) => ({ ...target.headers, 'x-forwarded-for': ip });

/** One wrk run: { requests, rps, p50_us, p99_us, non2xx, err_* } or { error }. */
export async function wrk(target, conc, seconds) {
  const url = `http://127.0.0.1:${target.port}${CHAT_PATH}`;
  const argv = ['wrk', '-t1', `-c${conc}`, `-d${seconds}s`, '--timeout', '10s', '-s', WRK_SCRIPT, url];
  const WRK_HEADERS = Object.entries(requestHeaders(target)).map(([k, v]) => `${k}: ${v}`).join('|');
  const r = await runCommand(argv, { env: { WRK_HEADERS, WRK_BODY: chatBody }, cpu: options.loadCpu, timeoutMs: (seconds + 30) * 1000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (!line) return { error: (r.stderr || r.stdout || `wrk exited ${r.status}`).slice(0, 300) };
  const j = JSON.parse(line.slice('WRKJSON '.length));
  return { ...j, rps: j.requests / (j.duration_us / 1e6) };
}

/** One SSE client run ({ conc, count } or { conc, seconds }; `messages` for /v1/messages): the client's JSON line, or { error }. */
export async function sse(target, opts) {
  const url = `http://127.0.0.1:${target.port}${opts.messages ? MESSAGES_PATH : CHAT_PATH}`;
  const arg = JSON.stringify({ url, headers: requestHeaders(target), ...opts });
  const r = await runCommand([process.execPath, SSE_CLIENT, arg], { cpu: options.loadCpu, timeoutMs: 180_000 });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: (r.stderr || r.stdout || `sse client exited ${r.status}`).slice(0, 300) };
  }
}
