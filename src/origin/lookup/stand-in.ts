/**
 * Stand-ins (GeoOptions.standIn): data that answers in place of configured files not loaded at start —
 * a MaxMind edition Cordon downloads itself, before its first download lands. Opened only when needed,
 * said in an event (the operator sees which file is missing, why, and what answers instead), listed in
 * status only while in use, and dropped once the configured file loads (a slot keeps data once
 * loaded, so that is for good): their memory is given back.
 */
import type { ParsedIp } from '../address/index.js';
import type { NetworkFacts } from '../asn/index.js';
import { BundledAsnSource } from './bundled-asn-source.js';
import { DatabaseSlot, type SlotContext } from './database-slot.js';
import { mmdbAsnSource, type AsnSource } from './geo-lookup.js';
import type { GeoFileStatus, GeoOptions } from './geo-types.js';

export class StandIns {
  #asn: BundledAsnSource | null;

  private constructor(
    private readonly configured: ReadonlyArray<DatabaseSlot<'location'>>,
    private readonly asnFile: DatabaseSlot<'asn'> | null,
    /** Location stand-ins, consulted while no configured location file is loaded; empty when none is needed. */
    readonly locations: ReadonlyArray<DatabaseSlot<'location'>>,
    asn: BundledAsnSource | null,
  ) {
    this.#asn = asn;
  }

  /** Call after the configured slots' first load: only what is missing gets a stand-in. */
  static async open(options: GeoOptions, context: SlotContext, locations: ReadonlyArray<DatabaseSlot<'location'>>, asnFile: DatabaseSlot<'asn'> | null): Promise<StandIns> {
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
    return new StandIns(locations, asnFile, standInLocations, asn);
  }

  #locationInUse(): boolean {
    return this.locations.length > 0 && this.configured.every((s) => s.current === null);
  }

  #asnInUse(): boolean {
    return this.#asn !== null && this.asnFile?.current === null;
  }

  /** Status entries of the stand-ins still in use. */
  status(): GeoFileStatus[] {
    const rows: GeoFileStatus[] = [];
    if (this.#locationInUse()) rows.push(...this.locations.map((s) => ({ ...s.status(), standsInFor: this.configured.map((l) => l.path).join(',') })));
    if (this.#asn !== null && this.asnFile !== null && this.#asnInUse()) rows.push({ ...this.#asn.status(), standsInFor: this.asnFile.path });
    return rows;
  }

  /** Drops the stand-ins whose configured files have loaded (call after a reload). */
  release(): void {
    if (!this.#locationInUse()) for (const s of this.locations) s.release();
    if (!this.#asnInUse()) this.#asn = null;
  }

  /** The configured ASN file once loaded; the stand-in until then; null without an ASN file. */
  asnSource(): AsnSource | null {
    const file = this.asnFile;
    if (file === null) return null;
    const fromFile = mmdbAsnSource(file);
    if (this.#asn === null) return fromFile;
    const standIn = (): BundledAsnSource | null => this.#asn;
    return {
      lookup: (ip: ParsedIp, text: string): NetworkFacts | null => (file.current !== null ? fromFile.lookup(ip, text) : (standIn()?.lookup(ip) ?? null)),
      // Changes when the file loads, so facts cached from the stand-in are dropped.
      get data() {
        return file.current ?? standIn();
      },
    };
  }
}
