/**
 * Builds what the origin is made of from config — the geo service and the operator's anonymizer lists —
 * and the origin resolver over them. Everything that shows an origin (the gateway, `cordon check`, the
 * admin API's check) gets it here, so they agree.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Origin } from '../domain/origin.js';
import { createGeoService, createOriginResolver, defaultBundledLocationFiles, listedFlags, parseCidrList, type GeoEvent, type GeoService, type ListFiles, type OriginResolver } from '../origin/index.js';
import type { Logger } from '../observability/logger.js';
import { openAnonymizerLists } from './anonymizer-lists.js';

export interface GeoHandle {
  readonly service: GeoService;
  /** The anonymizer lists in use (reloaded when a file changes); enforcement reads them too. */
  readonly lists: ListFiles;
  readonly originResolver: OriginResolver;
  /** The origin the gateway gives a client connecting from `ip` directly: geo facts and list flags. */
  origin(ip: string): Origin;
  /** One line for the startup banner. */
  describe(): string;
  readiness(): { ok: boolean; detail?: string };
  close(): Promise<void>;
}

export async function openGeo(config: Config, logger: Logger, options: { watch?: boolean } = {}): Promise<GeoHandle> {
  const trusted = parseCidrList(config.server.trustedProxies);
  const lists = await openAnonymizerLists(config, logger, { watch: options.watch });
  let service: GeoService;
  try {
    service = await createGeoService({
      location: config.geo.location === 'bundled' ? defaultBundledLocationFiles() : config.geo.location,
      asn: config.geo.asn,
      anonymousIp: config.geo.anonymousIp,
      cacheDir: join(config.dataDir, 'cache'),
      watch: options.watch ?? config.geo.watch,
      onEvent: (e) => logGeoEvent(logger, e),
    });
  } catch (error) {
    lists.close();
    throw error;
  }
  const originResolver = createOriginResolver({
    geo: service,
    trustedProxies: trusted,
    forwardedHeader: config.server.forwardedHeader,
    countryHeader: config.server.countryHeader,
    onIgnoredForwarding: warnOncePerPeer(logger),
    onOtherHeader: warnOnceOtherHeader(logger, config.server.forwardedHeader),
    // Read per call: a reloaded list applies to the next request.
    listedFlags: (ip, asn) => listedFlags(lists.current(), ip, asn),
  });
  return {
    service,
    lists,
    originResolver,
    origin: (ip) => originResolver.resolve({ socketIp: ip, headers: {} }),
    describe() {
      const files = service.status().files;
      return files.map((f) => `${f.role}: ${f.loaded ? `${f.type ?? '?'}${f.buildDate ? ` (${f.buildDate.slice(0, 10)})` : ''}` : `NOT LOADED (${f.lastError ?? 'unknown error'})`}`).join('; ');
    },
    readiness() {
      const status = service.status();
      if (status.locationAvailable) return { ok: true };
      const failed = status.files.filter((f) => !f.loaded).map((f) => `${f.path}: ${f.lastError ?? 'not loaded'}`);
      return { ok: false, detail: `no location database loaded (${failed.join('; ')})` };
    },
    async close() {
      lists.close();
      await service.close();
    },
  };
}

function logGeoEvent(logger: Logger, e: GeoEvent): void {
  const level = e.type === 'load_failed' || e.type === 'reload_failed' ? 'error' : 'info';
  logger.log(level, `geo ${e.type}`, { ...e, at: e.at.toISOString() });
}

/** Warns once (per process: the gateway opens its geo once) that a trusted proxy's request carried the header not read. */
function warnOnceOtherHeader(logger: Logger, configured: string): (header: string, peer: string) => void {
  let warned = false;
  return (header, peer) => {
    if (warned) return;
    warned = true;
    logger.log('warn', `a trusted proxy's request carried ${header}, which is ignored: only server.forwarded_header (${configured}) is read. If your proxy writes ${header}, set server.forwarded_header (CORDON_FORWARDED_HEADER) to it; otherwise the client wrote it. Logged once.`, { header, peer });
  };
}

/** Warns once per peer (up to 1,000 peers) that its forwarding headers were ignored. */
function warnOncePerPeer(logger: Logger): (peer: string) => void {
  const warned = new Set<string>();
  return (peer) => {
    if (warned.has(peer) || warned.size >= 1000) return;
    warned.add(peer);
    logger.log('warn', 'forwarding headers from a private peer that is not a trusted proxy were ignored; if it is your load balancer, add it to server.trusted_proxies (CORDON_TRUSTED_PROXIES)', { peer });
  };
}
