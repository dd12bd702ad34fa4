/**
 * Shared by the geo tests: where MaxMind's test data is, network arithmetic for the JSON oracles,
 * and a service factory that records events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { v6Block } from '../../src/origin/address/cidr.js';
import { createGeoService, type GeoEvent, type GeoOptions, type GeoService } from '../../src/origin/index.js';
import { formatIpv4, formatIpv6, INVALID_IPV4, parseIpv4, parseIpv6, type Ipv6Words } from '../../src/origin/address/ip.js';

/** MaxMind's test databases and their source JSON (`test/fixtures/maxmind/`, with their licence). */
export const MAXMIND_TESTDATA = new URL('../fixtures/maxmind/', import.meta.url);

export function testdataPath(name: string): string {
  return fileURLToPath(new URL(name, MAXMIND_TESTDATA));
}

/**
 * First and last address of a network from the oracle JSON; `::a.b.c.d/n` (n ≥ 96) is IPv4.
 * Some entries have host bits set (`::74.209.24.0/116`); the database holds the masked network.
 */
export function networkBounds(network: string): { first: string; last: string } {
  const [address = '', prefixText = ''] = network.split('/');
  const prefix = Number(prefixText);
  const v4Text = address.startsWith('::') && address.includes('.') ? address.slice(2) : address;
  const v4 = parseIpv4(v4Text);
  if (v4 !== INVALID_IPV4) {
    const bits = v4Text === address ? prefix : prefix - 96;
    const size = 2 ** (32 - bits);
    const first = v4 - (v4 % size);
    return { first: formatIpv4(first), last: formatIpv4(first + size - 1) };
  }
  const words = parseIpv6(address);
  const mask = (w: number, i: number) => {
    const keep = Math.min(32, Math.max(0, prefix - 32 * i));
    return keep === 0 ? 0 : (w & ~(2 ** (32 - keep) - 1)) >>> 0;
  };
  const masked: Ipv6Words | null = words && [mask(words[0], 0), mask(words[1], 1), mask(words[2], 2), mask(words[3], 3)];
  const block = masked && v6Block(masked, prefix);
  if (!block) throw new Error(`bad network in oracle: ${network}`);
  return { first: formatIpv6(block.start), last: formatIpv6(block.end) };
}

/** The oracle JSON: a list of single-key objects `{ network: record }`. */
export async function readOracle(name: string): Promise<Array<[string, Record<string, unknown>]>> {
  const { readFile } = await import('node:fs/promises');
  const list = JSON.parse(await readFile(testdataPath(name), 'utf8')) as Array<Record<string, Record<string, unknown>>>;
  return list.map((entry) => Object.entries(entry)[0] as [string, Record<string, unknown>]);
}

export interface ServiceUnderTest {
  readonly service: GeoService;
  readonly events: GeoEvent[];
  /**
   * Resolves with the next event of `type` (or one already seen since the last call); rejects after
   * 10 s. Its timer also keeps the event loop alive: the watcher itself does not (by design).
   */
  nextEvent(type: GeoEvent['type']): Promise<GeoEvent>;
  close(): Promise<void>;
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'cordon-geo-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const FIXED_NOW = new Date('2026-11-28T12:00:00Z');

export async function startService(options: Partial<GeoOptions>): Promise<ServiceUnderTest> {
  const events: GeoEvent[] = [];
  let consumed = 0;
  const waiters: Array<{ type: GeoEvent['type']; resolve: (e: GeoEvent) => void }> = [];
  const take = (type: GeoEvent['type']): GeoEvent | undefined => {
    const index = events.findIndex((e, i) => i >= consumed && e.type === type);
    if (index === -1) return undefined;
    consumed = index + 1;
    return events[index];
  };
  const service = await createGeoService({
    location: [],
    asn: null,
    anonymousIp: null,
    cacheDir: join(tmpdir(), 'cordon-geo-unused-cache'),
    watch: false,
    now: () => FIXED_NOW,
    ...options,
    onEvent: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        const found = take(waiter.type);
        if (found) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(found);
        }
      }
    },
  });
  consumed = events.length; // start-up events are read through `events`
  return {
    service,
    events,
    nextEvent: (type) => {
      const found = take(type);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within 10 s; saw ${events.map((e) => e.type).join(', ')}`)), 10_000);
        waiters.push({
          type,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    close: () => service.close(),
  };
}
