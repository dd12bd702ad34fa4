// Minimal pass-through proxy (node:http server + undici Pool): the floor any Node gateway can reach.
// GEO=1 adds the smallest possible geo enforcement: a MaxMind lookup of the client IP (first
// X-Forwarded-For hop, since every bench client is 127.0.0.1) and a country deny-list -> 451.
// Env: HOST (127.0.0.1), PORT (8081), UPSTREAM (http://127.0.0.1:9000), GEO (0|1), MMDB (path),
//      DENY (CN,RU,KP,IR,SY,CU).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { Pool } from 'undici';
import { Reader } from 'maxmind';

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 8081);
const pool = new Pool(process.env.UPSTREAM || 'http://127.0.0.1:9000', { connections: 256, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

function strip(headers) {
  const out = {};
  for (const k in headers) if (!HOP.has(k)) out[k] = headers[k];
  return out;
}

function geoDeny() {
  const reader = new Reader(readFileSync(process.env.MMDB));
  const deny = new Set((process.env.DENY || 'CN,RU,KP,IR,SY,CU').split(','));
  return (req) => {
    const xff = req.headers['x-forwarded-for'];
    const ip = xff ? xff.split(',', 1)[0].trim() : req.socket.remoteAddress;
    const cc = reader.get(ip)?.country_code ?? 'ZZ';
    return deny.has(cc) ? cc : null;
  };
}
const denied = process.env.GEO === '1' ? geoDeny() : () => null;

const server = http.createServer(async (req, res) => {
  const cc = denied(req);
  if (cc) {
    req.resume();
    res.writeHead(451, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `not available in ${cc}`, type: 'unsupported_country_region_territory' } }));
    return;
  }
  try {
    const up = await pool.request({ method: req.method, path: req.url, headers: strip(req.headers), body: req.method === 'GET' ? null : req });
    res.writeHead(up.statusCode, strip(up.headers));
    up.body.pipe(res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: String(err.message), type: 'upstream_error' } }));
  }
});
server.listen(PORT, HOST, () => console.log(`min-proxy${process.env.GEO === '1' ? '+geo' : ''} on http://${HOST}:${PORT} pid=${process.pid}`));
// Exit through process.exit so that --cpu-prof (PROF=1) gets to write its profile.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
