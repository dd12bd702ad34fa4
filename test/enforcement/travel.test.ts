/** Impossible-travel maths: distances, speeds, thresholds, and what never fires. Pure. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UNKNOWN_GEO } from '../../src/domain/origin.js';
import { decodeSighting, distanceKm, encodeSighting, impossibleTravel, positionOf, type Sighting, type TravelSettings } from '../../src/enforcement/index.js';
import { loadCountryCentroids } from '../../src/enforcement/service/index.js';

const SETTINGS: TravelSettings = { enabled: true, maxSpeedKmh: 1000, minDistanceKm: 100 };
const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1);

const PLACES = {
  berlin: { lat: 52.52, lon: 13.405 },
  potsdam: { lat: 52.39, lon: 13.065 },
  paris: { lat: 48.8566, lon: 2.3522 },
  newYork: { lat: 40.7128, lon: -74.006 },
  tokyo: { lat: 35.6762, lon: 139.6503 },
  sydney: { lat: -33.8688, lon: 151.2093 },
} as const;

function at(place: keyof typeof PLACES, minutes: number, precision: 'city' | 'country' = 'city', country: string | null = null): Sighting {
  return { ...PLACES[place], precision, country, city: precision === 'city' ? place : null, at: T0 + minutes * MIN };
}

describe('distanceKm (haversine)', () => {
  const cases: Array<[keyof typeof PLACES, keyof typeof PLACES, number]> = [
    ['berlin', 'paris', 878],
    ['paris', 'newYork', 5837],
    ['tokyo', 'sydney', 7826],
    ['berlin', 'potsdam', 27],
  ];
  for (const [a, b, km] of cases) {
    test(`${a} → ${b} ≈ ${km} km`, () => {
      const d = distanceKm(PLACES[a], PLACES[b]);
      assert.ok(Math.abs(d - km) < km * 0.01, `${d}`);
      assert.equal(Math.round(distanceKm(PLACES[b], PLACES[a])), Math.round(d), 'symmetric');
    });
  }
  test('antipodes are half the circumference, not NaN', () => {
    assert.ok(Math.abs(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 }) - 20015) < 5);
  });
});

describe('impossibleTravel', () => {
  const cases: Array<{ name: string; prev: Sighting | null; next: Sighting; fires: boolean; settings?: TravelSettings }> = [
    { name: 'Berlin → Paris in 10 minutes (5,300 km/h)', prev: at('berlin', 0), next: at('paris', 10), fires: true },
    { name: 'Berlin → Paris in 2 hours (440 km/h, a flight)', prev: at('berlin', 0), next: at('paris', 120), fires: false },
    { name: 'Paris → New York in 8 hours (730 km/h)', prev: at('paris', 0), next: at('newYork', 480), fires: false },
    { name: 'Paris → New York in 3 hours (1,950 km/h)', prev: at('paris', 0), next: at('newYork', 180), fires: true },
    { name: 'Berlin → Potsdam at the same instant: within the minimum distance', prev: at('berlin', 0), next: at('potsdam', 0), fires: false },
    { name: 'the same city twice', prev: at('berlin', 0), next: at('berlin', 1), fires: false },
    { name: 'two places at the same instant beyond the minimum: infinite speed', prev: at('berlin', 0), next: at('paris', 0), fires: true },
    { name: 'no previous sighting', prev: null, next: at('paris', 0), fires: false },
    { name: 'same country at country precision never fires', prev: at('berlin', 0, 'country', 'DE'), next: at('potsdam', 0, 'country', 'DE'), fires: false },
    { name: 'turned off', prev: at('berlin', 0), next: at('tokyo', 1), fires: false, settings: { ...SETTINGS, enabled: false } },
    { name: 'a lower speed limit makes a fast train impossible', prev: at('berlin', 0), next: at('paris', 240), fires: true, settings: { ...SETTINGS, maxSpeedKmh: 200 } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const finding = impossibleTravel(c.prev, c.next, c.settings ?? SETTINGS);
      assert.equal(finding !== null, c.fires);
      if (finding) assert.ok(finding.speedKmh > (c.settings ?? SETTINGS).maxSpeedKmh);
    });
  }
});

describe('positionOf', () => {
  const centroids = loadCountryCentroids();
  test('the shipped centroid table covers every ISO 3166-1 code the policy knows, and Kosovo', () => {
    const iso = JSON.parse(readFileSync(new URL('../../data/presets/iso3166-1.json', import.meta.url), 'utf8')) as { codes: Record<string, string> };
    const missing = [...Object.keys(iso.codes), 'XK'].filter((cc) => !centroids.has(cc));
    assert.deepEqual(missing, []);
  });
  test('city coordinates win; without a city they are country precision', () => {
    assert.deepEqual(positionOf({ ...UNKNOWN_GEO, country: 'DE', city: 'Berlin', latitude: 52.5, longitude: 13.4, unknown: null }, centroids), { lat: 52.5, lon: 13.4, precision: 'city', country: 'DE', city: 'Berlin' });
    assert.equal(positionOf({ ...UNKNOWN_GEO, country: 'US', latitude: 37.75, longitude: -97.82, unknown: null }, centroids)?.precision, 'country');
  });
  test('no coordinates: the country centroid; nothing known: null', () => {
    const p = positionOf({ ...UNKNOWN_GEO, country: 'FR', unknown: null }, centroids);
    assert.deepEqual(p, { lat: 46, lon: 2, precision: 'country', country: 'FR', city: null });
    assert.equal(positionOf(UNKNOWN_GEO, centroids), null);
  });
});

describe('sighting encoding (the hot state keeps it as a string)', () => {
  test('round trip, including a city with a separator in its name and unknown fields', () => {
    for (const s of [at('berlin', 5), { ...at('paris', 1), city: 'A|B' }, { lat: -33.87, lon: 151.2, precision: 'country' as const, country: null, city: null, at: 0 }]) {
      assert.deepEqual(decodeSighting(encodeSighting(s)), s);
    }
    assert.equal(decodeSighting('garbage'), null);
    assert.equal(decodeSighting('x|1|2|c||'), null);
  });
});
