/**
 * What an operator is told about the geo data in use: one line for a start-up banner, and whether the
 * gateway is ready (a location database is loaded). Pure: a `GeoStatus` in, text out.
 */
import type { GeoFileStatus, GeoStatus } from './geo-types.js';

function describeFile(f: GeoFileStatus): string {
  return f.loaded ? `${f.type ?? '?'}${f.buildDate ? ` (${f.buildDate.slice(0, 10)})` : ''}` : `NOT LOADED (${f.lastError ?? 'unknown error'})`;
}

/**
 * `location: city ipv4 (2026-06-17); asn: NOT LOADED (file not found)`, one entry per source; a file
 * with stand-ins (geo-types.ts, `standIn`) names what answers meanwhile.
 */
export function describeGeoStatus(status: GeoStatus): string {
  const standIns = status.files.filter((f) => f.standsInFor !== undefined);
  return status.files
    .filter((f) => f.standsInFor === undefined)
    .map((f) => {
      const meanwhile = f.loaded ? [] : standIns.filter((s) => s.role === f.role && (s.standsInFor ?? '').split(',').includes(f.path));
      if (meanwhile.length === 0) return `${f.role}: ${describeFile(f)}`;
      return `${f.role}: not loaded yet (${f.lastError ?? 'unknown error'}), meanwhile ${meanwhile.map(describeFile).join(', ')}`;
    })
    .join('; ');
}

/** Ready when a location database is loaded; otherwise which files failed and why. */
export function geoReadiness(status: GeoStatus): { ok: boolean; detail?: string } {
  if (status.locationAvailable) return { ok: true };
  const failed = status.files.filter((f) => !f.loaded).map((f) => `${f.path}: ${f.lastError ?? 'not loaded'}`);
  return { ok: false, detail: `no location database loaded (${failed.join('; ')})` };
}
