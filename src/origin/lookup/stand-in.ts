/**
 * Stand-ins (GeoOptions.standIn): data that answers in place of configured files not loaded at start —
 * a MaxMind edition Cordon downloads itself, before its first download lands. Opened only when needed,
 * said in an event (the operator sees which file is missing, why, and what answers instead), listed in
 * status only while in use, and no longer consulted once the configured file loads (a slot keeps data
 * once loaded, so that is for good). Their memory is given back at the next restart.
 */
import { BundledAsnSource } from './bundled-asn-source.js';
import { DatabaseSlot, type SlotContext } from './database-slot.js';
import type { AsnSource } from './geo-lookup.js';
import { mmdbAsnSource } from './geo-lookup.js';
import type { GeoFileStatus, GeoOptions } from './geo-types.js';

export interface StandIns {
  /** Location stand-ins, consulted while no configured location file is loaded; empty when none is needed. */
  readonly locations: ReadonlyArray<DatabaseSlot<'location'>>;
  /** The bundled ASN index, consulted while the configured ASN file is not loaded; null when not needed. */
  readonly asn: BundledAsnSource | null;
  /** Status entries of the stand-ins still in use. */
  status(): GeoFileStatus[];
}

/** Call after the configured slots' first load: only what is missing gets a stand-in. */
export async function openStandIns(options: GeoOptions, context: SlotContext, locations: ReadonlyArray<DatabaseSlot<'location'>>, asnFile: DatabaseSlot<'asn'> | null): Promise<StandIns> {
  const wanted = options.standIn;
  const needLocation = wanted !== undefined && wanted.location.length > 0 && locations.length > 0 && locations.every((s) => s.current === null);
  const needAsn = wanted?.asn === true && asnFile !== null && asnFile.current === null;
  const standInLocations = needLocation ? wanted.location.map((path) => new DatabaseSlot(path, 'location', context)) : [];
  const [asn] = await Promise.all([needAsn ? BundledAsnSource.load(options.cacheDir, context) : Promise.resolve(null), ...standInLocations.map((s) => s.reload())]);
  const missing = (slots: ReadonlyArray<DatabaseSlot<'location' | 'asn'>>) => slots.map((s) => s.status().lastError ?? `${s.path}: not loaded`).join('; ');
  if (needLocation) {
    context.emit({ type: 'stand_in', role: 'location', path: locations.map((s) => s.path).join(','), standIn: wanted.location.join(','), at: context.now(), error: missing(locations) });
  }
  if (asn !== null && asnFile !== null) {
    context.emit({ type: 'stand_in', role: 'asn', path: asnFile.path, standIn: asn.status().path, at: context.now(), error: missing([asnFile]) });
  }
  return {
    locations: standInLocations,
    asn,
    status: () => {
      const rows: GeoFileStatus[] = [];
      if (locations.every((s) => s.current === null)) rows.push(...standInLocations.map((s) => ({ ...s.status(), standsInFor: locations.map((l) => l.path).join(',') })));
      if (asn !== null && asnFile !== null && asnFile.current === null) rows.push({ ...asn.status(), standsInFor: asnFile.path });
      return rows;
    },
  };
}

/** The configured ASN file once loaded; the stand-in until then. */
export function asnWithStandIn(file: DatabaseSlot<'asn'>, standIn: BundledAsnSource): AsnSource {
  const fromFile = mmdbAsnSource(file);
  return {
    lookup: (ip, text) => (file.current !== null ? fromFile.lookup(ip, text) : standIn.lookup(ip)),
    // Changes when the file loads, so cached facts from the stand-in are dropped.
    get data() {
      return file.current ?? standIn;
    },
  };
}
