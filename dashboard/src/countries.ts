/**
 * Country codes and names for the map: world-atlas features carry ISO 3166-1 numeric ids; the admin
 * API speaks alpha-2. Three Natural Earth features have no id and are mapped by name.
 */
import { iso31661 } from 'iso-3166/1.js';
import centroidsFile from '../../data/enforcement/country-centroids.json';

const byNumeric = new Map(iso31661.map((c) => [c.numeric, c.alpha2]));
const names = new Map(iso31661.map((c) => [c.alpha2, c.name]));
const UNNUMBERED: Readonly<Record<string, string>> = { Kosovo: 'XK', Somaliland: 'SO', 'N. Cyprus': 'CY' };

export function alpha2Of(numericId: string | number | undefined, name: string): string | null {
  if (numericId !== undefined) return byNumeric.get(String(numericId).padStart(3, '0')) ?? null;
  return UNNUMBERED[name] ?? null;
}

/** Short English names ("Russia", "North Korea") from the browser; the ISO 3166 names otherwise. */
const display = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }) : null;

export function countryName(cc: string): string {
  return display?.of(cc) ?? names.get(cc) ?? (cc === 'XK' ? 'Kosovo' : cc);
}

const centroids: Readonly<Record<string, readonly number[]>> = centroidsFile.centroids;

/** A representative point [longitude, latitude] for a country too small for the map's borders. */
export function countryPoint(cc: string): readonly [number, number] | null {
  const [lat, lon] = centroids[cc] ?? [];
  return lat === undefined || lon === undefined ? null : [lon, lat];
}

/**
 * Subdivisions that decide access (sanctioned regions), with approximate centres [lon, lat] for a
 * marker. Any other subdivision is listed by code, without a marker.
 */
const SUBDIVISIONS: Readonly<Record<string, { readonly name: string; readonly at: readonly [number, number] }>> = {
  'UA-43': { name: 'Crimea', at: [34.1, 45.3] },
  'RU-CRI': { name: 'Crimea', at: [34.1, 45.3] },
  'UA-40': { name: 'Sevastopol', at: [33.52, 44.6] },
  'RU-SEV': { name: 'Sevastopol', at: [33.52, 44.6] },
  'UA-14': { name: 'Donetsk', at: [37.8, 48.0] },
  'UA-09': { name: 'Luhansk', at: [39.3, 48.6] },
  'UA-23': { name: 'Zaporizhzhia', at: [35.4, 47.3] },
  'UA-65': { name: 'Kherson', at: [33.4, 46.6] },
};

export function subdivisionInfo(code: string): { readonly name: string; readonly at: readonly [number, number] | null } {
  const known = SUBDIVISIONS[code];
  return known ?? { name: code, at: null };
}
