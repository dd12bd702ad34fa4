/**
 * Impossible travel: two requests of one key from places farther apart than the configured speed
 * allows in the time between them. Places are city coordinates when the geo data has them, the
 * country's centroid otherwise. Pure.
 */
import type { GeoFacts } from '../domain/origin.js';
import type { TravelSettings } from './settings.js';

export interface Position {
  readonly lat: number;
  readonly lon: number;
  /** `city`: coordinates from the geo data; `country`: the country's centroid. */
  readonly precision: 'city' | 'country';
  readonly country: string | null;
  readonly city: string | null;
}

/** A position at a time: what the hot state keeps per key as "last seen". */
export interface Sighting extends Position {
  readonly at: number;
}

export interface TravelFinding {
  readonly from: Sighting;
  readonly to: Sighting;
  readonly distanceKm: number;
  readonly hours: number;
  /** Infinity when both requests have the same time. */
  readonly speedKmh: number;
}

/** Country centroids by ISO 3166-1 alpha-2: `[latitude, longitude]`. */
export type CentroidTable = ReadonlyMap<string, readonly [number, number]>;

/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine), km. */
export function distanceKm(a: { readonly lat: number; readonly lon: number }, b: { readonly lat: number; readonly lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Where the geo facts place an address, or null when neither coordinates nor a known country are there. */
export function positionOf(facts: GeoFacts, centroids: CentroidTable): Position | null {
  if (facts.latitude !== null && facts.longitude !== null) {
    return { lat: facts.latitude, lon: facts.longitude, precision: facts.city !== null ? 'city' : 'country', country: facts.country, city: facts.city };
  }
  const centroid = facts.country === null ? undefined : centroids.get(facts.country);
  if (centroid === undefined) return null;
  return { lat: centroid[0], lon: centroid[1], precision: 'country', country: facts.country, city: null };
}

/**
 * The finding when going from `prev` to `next` was impossible, else null. Never fires within
 * `minDistanceKm`, nor between two country-level positions in the same country (both are its
 * centroid). A distance above the minimum covered in no time at all is impossible.
 */
export function impossibleTravel(prev: Sighting | null, next: Sighting, settings: TravelSettings): TravelFinding | null {
  if (!settings.enabled || prev === null) return null;
  if (prev.precision === 'country' && next.precision === 'country' && prev.country !== null && prev.country === next.country) return null;
  const km = distanceKm(prev, next);
  if (km < settings.minDistanceKm) return null;
  const hours = Math.max(0, next.at - prev.at) / 3_600_000;
  const speed = hours === 0 ? Number.POSITIVE_INFINITY : km / hours;
  if (speed <= settings.maxSpeedKmh) return null;
  return { from: prev, to: next, distanceKm: km, hours, speedKmh: speed };
}

/** A sighting as one short string for the hot state (cheaper than JSON on the hot path). */
export function encodeSighting(s: Sighting): string {
  return `${s.at}|${s.lat}|${s.lon}|${s.precision === 'city' ? 'c' : 'n'}|${s.country ?? ''}|${s.city ?? ''}`;
}

/** The inverse of `encodeSighting`; null for anything else. */
export function decodeSighting(text: string): Sighting | null {
  const parts = text.split('|');
  if (parts.length < 6) return null;
  const at = Number(parts[0]);
  const lat = Number(parts[1]);
  const lon = Number(parts[2]);
  if (!Number.isFinite(at) || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const country = parts[4] ?? '';
  const city = parts.slice(5).join('|'); // a city name may itself hold a "|"
  return { at, lat, lon, precision: parts[3] === 'c' ? 'city' : 'country', country: country === '' ? null : country, city: city === '' ? null : city };
}
