#!/usr/bin/env node
// Measures the geo module: load times (cold ASN index build, warm cache read, MMDB verify+open) and
// per-lookup cost on the hot path, beside the bare `maxmind` reader for reference.
// Usage: node --import tsx scripts/geo-bench.mjs [seconds-per-case]   (default 2)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Reader } from 'maxmind';
import { createGeoService, createOriginResolver, defaultBundledLocationFiles, listedFlags, NO_LISTS, parseCidrList, resolveClientAddress } from '../src/origin/index.ts';

const seconds = Number(process.argv[2] ?? 2);
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 255;
const randomV4 = Array.from({ length: 200_000 }, () => `${1 + (rnd() % 223)}.${rnd()}.${rnd()}.${rnd()}`);
const hotV4 = randomV4.slice(0, 1000);
const randomV6 = Array.from({ length: 20_000 }, () => `2a0${rnd() % 10}:${rnd().toString(16)}${rnd().toString(16)}::${rnd().toString(16)}`);

/** ns per call of fn over inputs, after a short warm-up. */
function measure(name, inputs, fn) {
  let n = 0;
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) fn(inputs[n++ % inputs.length]);
  n = 0;
  const start = performance.now();
  const stop = start + seconds * 1000;
  let sink = 0;
  while (performance.now() < stop) {
    for (let i = 0; i < 1000; i++) if (fn(inputs[n++ % inputs.length])) sink++;
  }
  const ms = performance.now() - start;
  const result = { case: name, ns_per_op: Math.round((ms * 1e6) / n), ops_per_s: Math.round(n / (ms / 1000)), answered: +(sink / n).toFixed(3) };
  console.log(JSON.stringify(result));
  return result;
}

async function startService(cacheDir) {
  const started = performance.now();
  const events = [];
  const service = await createGeoService({
    location: defaultBundledLocationFiles(),
    asn: 'bundled',
    anonymousIp: null,
    cacheDir,
    watch: false,
    onEvent: (e) => events.push(e),
  });
  return { service, events, ms: performance.now() - started };
}

const cacheDir = mkdtempSync(join(tmpdir(), 'cordon-geo-bench-'));
try {
  const cold = await startService(cacheDir);
  const warm = await startService(cacheDir);
  const files = warm.service.status().files;
  console.log(
    JSON.stringify({
      case: 'load',
      service_cold_ms: Math.round(cold.ms),
      asn_index_build_ms: Math.round(cold.events.find((e) => e.type === 'asn_index_built')?.ms ?? NaN),
      service_warm_ms: Math.round(warm.ms),
      asn_index_warm_ms: files.find((f) => f.role === 'asn')?.loadMs,
      mmdb_verify_open_ms: Object.fromEntries(files.filter((f) => f.role === 'location').map((f) => [f.type, f.loadMs])),
    }),
  );

  const geo = warm.service;
  const bare = new Reader(readFileSync(defaultBundledLocationFiles()[0]));
  measure('bare maxmind reader.get, 200k random IPv4 (reference)', randomV4, (ip) => bare.get(ip));
  measure('GeoLookup.lookup, 200k random IPv4', randomV4, (ip) => geo.lookup(ip).country);
  measure('GeoLookup.lookup, 1k hot IPv4', hotV4, (ip) => geo.lookup(ip).country);
  measure('GeoLookup.lookup, 20k random IPv6', randomV6, (ip) => geo.lookup(ip).country);
  measure('GeoLookup.locate, 1k hot IPv4', hotV4, (ip) => geo.locate(ip).facts.country);

  const trusted = parseCidrList(['10.0.0.0/8', '172.16.0.0/12', '2001:db8::/32']);
  const headers = randomV4.slice(0, 1000).map((ip) => `${ip}, 10.1.2.3`);
  measure('resolveClientAddress, trusted peer, 2-hop X-Forwarded-For', headers, (xff) =>
    resolveClientAddress({ socketIp: '::ffff:10.0.0.1', header: 'x-forwarded-for', value: xff, trusted }).ip,
  );
  measure('CidrSet.has, random IPv4', randomV4, (ip) => trusted.has(ip));

  // The origin of a request as the gateway builds it: client address, located, joined with the lists' flags.
  const lists = { ...NO_LISTS, cidr: [{ set: parseCidrList(['198.51.100.0/24']), flag: 'vpn', source: 'bench' }] };
  const resolver = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, listedFlags: (ip, asn) => listedFlags(lists, ip, asn) });
  const hotSockets = hotV4.map((ip) => ({ socketIp: ip, headers: {} }));
  measure('OriginResolver.resolve, 1k hot IPv4, socket peer', hotSockets, (conn) => resolver.resolve(conn).country);
  const hotForwarded = hotV4.map((ip) => ({ socketIp: '::ffff:10.0.0.1', headers: { 'x-forwarded-for': `${ip}, 10.1.2.3` } }));
  measure('OriginResolver.resolve, 1k hot IPv4, trusted peer, 2-hop X-Forwarded-For', hotForwarded, (conn) => resolver.resolve(conn).country);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
