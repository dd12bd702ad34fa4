/**
 * Impossible travel: two requests of one key from places farther apart than the configured speed
 * allows in the time between them. Places are city coordinates when the geo data has them, the
 * country's centroid otherwise. A country-level place is only known to lie somewhere in its country,
 * so it has a radius (the country's reach: how far its territory extends from the centroid); two places
 * are judged by the nearest their true locations can be, never by their centres. Pure.
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
  /** How far the true place may lie from (lat, lon), km: 0 for a city, the country's reach otherwise. */
  readonly radiusKm: number;
}

/** A position at a time: what the hot state keeps per key as "last seen". */
export interface Sighting extends Position {
  readonly at: number;
}

export interface TravelFinding {
  readonly from: Sighting;
  readonly to: Sighting;
  /** The least distance between the two places (centre to centre, less both radii): what was judged. */
  readonly distanceKm: number;
  readonly hours: number;
  /** Infinity when both requests have the same time. */
  readonly speedKmh: number;
}

/** Where a country is, as a point and how far its territory reaches from it. */
export interface CountryPlace {
  readonly lat: number;
  readonly lon: number;
  /** Km from the point to the farthest point of the territory; null when unknown. */
  readonly reachKm: number | null;
}

/** Country places by ISO 3166-1 alpha-2 (data/enforcement/country-centroids.json and country-reach.json). */
export type CentroidTable = ReadonlyMap<string, CountryPlace>;

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

/**
 * Where the geo facts place an address, or null when neither coordinates nor a known country are there.
 * City coordinates are exact enough (radius 0: `minDistanceKm` absorbs the database's error). Coordinates
 * without a city are the geo data's point for the country: its radius is the country's reach plus how
 * far that point is from the centroid the reach is measured from. With a country of unknown reach, 0.
 */
export function positionOf(facts: GeoFacts, centroids: CentroidTable): Position | null {
  const { latitude: lat, longitude: lon } = facts;
  if (lat !== null && lon !== null && facts.city !== null) return { lat, lon, precision: 'city', country: facts.country, city: facts.city, radiusKm: 0 };
  const place = facts.country === null ? undefined : centroids.get(facts.country);
  if (lat !== null && lon !== null) {
    const radiusKm = place === undefined || place.reachKm === null ? 0 : Math.ceil(place.reachKm + distanceKm({ lat, lon }, place));
    return { lat, lon, precision: 'country', country: facts.country, city: null, radiusKm };
  }
  if (place === undefined) return null;
  return { lat: place.lat, lon: place.lon, precision: 'country', country: facts.country, city: null, radiusKm: place.reachKm ?? 0 };
}

/**
 * The finding when going from `prev` to `next` was impossible, else null. The distance judged is the
 * least the two places can be apart: centre to centre less both radii (a city has none, a country-level
 * place its country's reach). So nothing fires between a country-level place and any place in the same
 * country, nor, in general, unless even the nearest points the two places allow are farther apart than
 * `minDistanceKm` and than the speed allows. A country-level place and any other place in the same
 * country never fire, even when the country's reach is unknown. A distance above the minimum covered
 * in no time at all is impossible.
 */
export function impossibleTravel(prev: Sighting | null, next: Sighting, settings: TravelSettings): TravelFinding | null {
  if (!settings.enabled || prev === null) return null;
  if ((prev.precision === 'country' || next.precision === 'country') && prev.country !== null && prev.country === next.country) return null;
  const km = distanceKm(prev, next) - prev.radiusKm - next.radiusKm;
  if (km < settings.minDistanceKm) return null;
  const hours = Math.max(0, next.at - prev.at) / 3_600_000;
  const speed = hours === 0 ? Number.POSITIVE_INFINITY : km / hours;
  if (speed <= settings.maxSpeedKmh) return null;
  return { from: prev, to: next, distanceKm: km, hours, speedKmh: speed };
}

/** Where `facts` place the caller at `at`, as the hot state keeps it per key (built field by field: a spread is slower). */
export function sightingOf(facts: GeoFacts, centroids: CentroidTable, at: number): Sighting | null {
  const p = positionOf(facts, centroids);
  return p === null ? null : { lat: p.lat, lon: p.lon, precision: p.precision, country: p.country, city: p.city, radiusKm: p.radiusKm, at };
}

/**
 * A sighting as one short string for a shared hot state (cheaper than JSON; the in-process hot state
 * keeps the object itself). The precision
 * field is `c` for a city, `n<radius>` for a country-level place (`n` alone, as written before radii:
 * radius 0).
 */
export function encodeSighting(s: Sighting): string {
  return `${s.at}|${s.lat}|${s.lon}|${s.precision === 'city' ? 'c' : `n${s.radiusKm}`}|${s.country ?? ''}|${s.city ?? ''}`;
}

/** The inverse of `encodeSighting`; null for anything else. */
export function decodeSighting(text: string): Sighting | null {
  const parts = text.split('|');
  if (parts.length < 6) return null;
  const at = Number(parts[0]);
  const lat = Number(parts[1]);
  const lon = Number(parts[2]);
  if (!Number.isFinite(at) || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const precision = parts[3] ?? '';
  const radiusKm = precision === 'c' ? 0 : Number(precision.slice(1));
  const country = parts[4] ?? '';
  const city = parts.slice(5).join('|'); // a city name may itself hold a "|"
  return {
    at,
    lat,
    lon,
    precision: precision === 'c' ? 'city' : 'country',
    country: country === '' ? null : country,
    city: city === '' ? null : city,
    radiusKm: Number.isFinite(radiusKm) && radiusKm >= 0 ? radiusKm : 0,
  };
}

/** The hot state's codec for sightings (src/hot-state/port.ts `HotCodec`). */
export const SIGHTING_TEXT = Object.freeze({ encode: encodeSighting, decode: decodeSighting });
