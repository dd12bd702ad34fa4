// Every knob of the bench, read once from the environment (all optional).
import { cpus } from 'node:os';
import process from 'node:process';
import { spawnSync } from 'node:child_process';

const env = process.env;
const list = (value, fallback) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const canPin = cpus().length >= 2 && has('taskset');

export const options = {
  /** Seconds per wrk cell, rounds of every cell, JIT warm-up seconds per target. */
  duration: Number(env.DURATION || 5),
  rounds: Number(env.ROUNDS || 3),
  warmup: Number(env.WARMUP || 5),
  concs: list(env.CONCS, '1,16,64').map(Number),
  /** Keep only these targets (direct is always kept: it is the latency baseline). */
  targets: env.TARGETS ? new Set(list(env.TARGETS, '')) : null,
  /** The target the RPS and CPU ratios are taken against. */
  ref: env.REF_TARGET || 'min-proxy',
  /** wrk and the SSE client on LOAD_CPU; mock and targets on SUT_CPU (MOCK_CPU moves the mock). */
  pin: env.PIN !== '0' && canPin,
  loadCpu: env.LOAD_CPU || '0',
  sutCpu: env.SUT_CPU || '1',
  mockCpu: env.MOCK_CPU || env.SUT_CPU || '1',
  allowedIp: env.ALLOWED_IP || '81.2.69.160', // GB in GeoLite2
  deniedIp: env.DENIED_IP || '5.255.255.5', // RU in GeoLite2
  sse: env.SSE !== '0',
  /** The /v1/messages streaming rows (direct and Cordon targets); MESSAGES_SSE=0 leaves them out. */
  messagesSse: env.MESSAGES_SSE !== '0',
  sseChunks: Number(env.SSE_CHUNKS || 16),
  sseIntervalMs: Number(env.SSE_INTERVAL_MS || 10),
  sseCount: Number(env.SSE_COUNT || 40),
  sseSeconds: Number(env.SSE_SECONDS || 5),
  sseConc: Number(env.SSE_CONC || 32),
  /** JSON (inline, or a path to a .json file) listing extra Cordon variants; see docs/benchmarks.md. */
  cordonVariants: env.CORDON_VARIANTS || null,
  /** Write V8 CPU profiles of the Node targets (Cordon, min-proxy): skews their figures, so profile in a separate run. */
  prof: env.PROF === '1' || env.CORDON_PROF === '1',
  keepTmp: env.KEEP_TMP === '1',
  hasWrk: has('wrk'),
  hasNginx: has('nginx'),
  geoip2Module: env.GEOIP2_MODULE || '/usr/lib/nginx/modules/ngx_http_geoip2_module.so',
};
