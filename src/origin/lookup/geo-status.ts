/**
 * What an operator is told about the geo data in use: one line for a start-up banner, and whether the
 * gateway is ready (a location database is loaded). Pure: a `GeoStatus` in, text out.
 */
import type { GeoStatus } from './geo-types.js';

/** `location: city ipv4 (2026-06-17); asn: NOT LOADED (file not found)`, one entry per source. */
export function describeGeoStatus(status: GeoStatus): string {
  return status.files.map((f) => `${f.role}: ${f.loaded ? `${f.type ?? '?'}${f.buildDate ? ` (${f.buildDate.slice(0, 10)})` : ''}` : `NOT LOADED (${f.lastError ?? 'unknown error'})`}${f.standsInFor === undefined ? '' : ' standing in until the configured file loads'}`).join('; ');
}

/** Ready when a location database is loaded; otherwise which files failed and why. */
export function geoReadiness(status: GeoStatus): { ok: boolean; detail?: string } {
  if (status.locationAvailable) return { ok: true };
  const failed = status.files.filter((f) => !f.loaded).map((f) => `${f.path}: ${f.lastError ?? 'not loaded'}`);
  return { ok: false, detail: `no location database loaded (${failed.join('; ')})` };
}
