/**
 * Builds the geo service from options: opens every configured source, watches files for changes,
 * and exposes the composite lookup. Nothing here throws for a missing or corrupt database: the file
 * is reported (event and status), lookups give `geo_unavailable` facts, and the caller decides
 * whether that fails closed. Only a broken install (the shipped names table unreadable) rejects.
 */
import { join } from 'node:path';
import type { GeoFacts } from '../../domain/origin.js';
import { BundledAsnSource } from './bundled-asn-source.js';
import { DatabaseSlot, type SlotContext } from './database-slot.js';
import { watchForChanges } from '../file-watch.js';
import { CompositeGeoLookup, type AsnSource } from './geo-lookup.js';
import { StandIns } from './stand-in.js';
import type { GeoEvent, GeoOptions, GeoService, GeoStatus, Located } from './geo-types.js';
import { loadSubdivisionNames, VerifiedFiles, type DatabaseRole } from '../mmdb/index.js';

const DEFAULT_WATCH_INTERVAL_MS = 2000;
const DEFAULT_WATCH_DEBOUNCE_MS = 1000;

export async function createGeoService(options: GeoOptions): Promise<GeoService> {
  const onEvent = options.onEvent;
  const context: SlotContext = {
    names: await loadSubdivisionNames(options.subdivisionNamesFile),
    verified: new VerifiedFiles(join(options.cacheDir, 'mmdb-verified.json')),
    now: options.now ?? (() => new Date()),
    // A listener that throws must not break loading or the watcher.
    emit: (event: GeoEvent) => {
      try {
        onEvent?.(event);
      } catch {
        /* the listener's problem, not ours */
      }
    },
  };

  const locations = options.location.map((path) => new DatabaseSlot(path, 'location', context));
  const asnFile = options.asn !== null && options.asn !== 'bundled' ? new DatabaseSlot(options.asn, 'asn', context) : null;
  const anonymousIp = options.anonymousIp !== null ? new DatabaseSlot(options.anonymousIp, 'anonymous_ip', context) : null;
  const slots = [...locations, ...(asnFile ? [asnFile] : []), ...(anonymousIp ? [anonymousIp] : [])];

  const [bundledAsn] = await Promise.all([
    options.asn === 'bundled' ? BundledAsnSource.load(options.cacheDir, context) : Promise.resolve(null),
    ...slots.map((slot) => slot.reload()),
  ]);
  const standIn = await StandIns.open(options, context, locations, asnFile);
  const asn: AsnSource | null = bundledAsn ?? standIn.asnSource();
  const lookup = new CompositeGeoLookup(locations, asn, anonymousIp, standIn.locations);

  const watchOptions = {
    intervalMs: options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS,
    debounceMs: options.watchDebounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS,
  };
  // Missing files are watched too: when one appears, it is loaded.
  const reload = async (slot: DatabaseSlot<DatabaseRole>) => {
    await slot.reload();
    standIn.release();
  };
  const stopWatching = options.watch ? slots.map((slot) => watchForChanges(slot.path, watchOptions, () => void reload(slot))) : [];

  return {
    lookup: (ip: string): GeoFacts => lookup.lookup(ip),
    locate: (ip: string): Located => lookup.locate(ip),
    status: (): GeoStatus => {
      const standIns = standIn.status();
      const files = [...slots.map((s) => s.status()), ...(bundledAsn ? [bundledAsn.status()] : []), ...standIns];
      return { locationAvailable: locations.some((s) => s.current !== null) || standIns.some((f) => f.role === 'location' && f.loaded), files };
    },
    reloadAll: async () => {
      await Promise.all(slots.map(reload));
    },
    close: async () => {
      for (const stop of stopWatching.splice(0)) stop();
    },
  };
}
