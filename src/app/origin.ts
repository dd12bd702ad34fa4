/**
 * Builds the request's origin from config — the geo service, the operator's anonymizer lists
 * (`origin.lists`) and the origin resolver over them — with the logging each needs. Everything that
 * shows an origin (the gateway, `cordon check`, the admin API's check) gets it here, so they agree.
 * Wiring only: what an origin is, is src/origin/.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Origin } from '../domain/origin.js';
import type { Logger } from '../observability/logger.js';
import { createGeoService, createOriginResolver, defaultBundledLocationFiles, describeGeoStatus, geoReadiness, listedFlags, openListFiles, parseCidrList, type GeoEvent, type GeoService, type ListEvent, type ListFiles, type OriginResolver } from '../origin/index.js';

export interface OriginHandle {
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

/** `watch: false` (the CLI) reads every file once, whatever the config says. */
export async function openOrigin(config: Config, logger: Logger, options: { watch?: boolean } = {}): Promise<OriginHandle> {
  const trusted = parseCidrList(config.server.trustedProxies);
  // Origin facts, so opened whether enforcement is on or not: the resolver (policy) and enforcement both read `current()`.
  const listSettings = options.watch === false ? { ...config.origin.lists, watch: false } : config.origin.lists;
  const lists = await openListFiles(listSettings, { onEvent: (e) => logListEvent(logger, e) });
  let service: GeoService;
  try {
    const standIn = config.geo.bundledUntilLoaded;
    service = await createGeoService({
      location: config.geo.location === 'bundled' ? defaultBundledLocationFiles() : config.geo.location,
      ...(standIn.location || standIn.asn ? { standIn: { location: standIn.location ? defaultBundledLocationFiles() : [], asn: standIn.asn } } : {}),
      asn: config.geo.asn,
      anonymousIp: config.geo.anonymousIp,
      cacheDir: join(config.dataDir, 'cache'),
      watch: options.watch ?? config.geo.watch,
      onEvent: (e) => logGeoEvent(logger, e, standIn),
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
    describe: () => describeGeoStatus(service.status()),
    readiness: () => geoReadiness(service.status()),
    async close() {
      lists.close();
      await service.close();
    },
  };
}

/** A file with a stand-in missing at start is expected (its download comes): a warning, and the stand-in event says what answers. */
function logGeoEvent(logger: Logger, e: GeoEvent, standIn: Config['geo']['bundledUntilLoaded']): void {
  const at = e.at.toISOString();
  if (e.type === 'stand_in') {
    logger.log('warn', `geo ${e.role} file not loaded (${e.error}); the bundled data answers in its place until it is (a download by the updater, or a file placed there, loads it)`, { ...e, at });
    return;
  }
  const expected = e.type === 'load_failed' && (e.role === 'location' || e.role === 'asn') && standIn[e.role];
  const level = expected ? 'warn' : e.type === 'load_failed' || e.type === 'reload_failed' ? 'error' : 'info';
  logger.log(level, `geo ${e.type}`, { ...e, at });
}

function logListEvent(logger: Logger, e: ListEvent): void {
  if (e.type === 'loaded') logger.log('info', 'anonymizer list loaded', { file: e.file, entries: e.entries, detail: e.detail });
  else logger.log('error', 'anonymizer list failed to load; the previous data stays in use', { file: e.file, error: e.error });
}

/** Warns once (per process: the gateway opens its origin once) that a trusted proxy's request carried the header not read. */
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
