/**
 * Impossible-travel maths: distances, speeds, thresholds, and what never fires — among them every pair
 * of a country-level place and a place in the same country, and neighbours a country-level place cannot
 * tell apart. Pure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UNKNOWN_GEO } from '../../src/domain/origin.js';
import type { GeoFacts } from '../../src/domain/origin.js';
import { decodeSighting, distanceKm, encodeSighting, impossibleTravel, positionOf, type CentroidTable, type Sighting, type TravelSettings } from '../../src/enforcement/index.js';
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
  return { ...PLACES[place], precision, country, city: precision === 'city' ? place : null, radiusKm: 0, at: T0 + minutes * MIN };
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

describe('impossibleTravel: country-level places (the shipped centroids and reaches)', () => {
  const centroids = loadCountryCentroids();
  const city = (country: string, name: string, lat: number, lon: number): GeoFacts => ({ ...UNKNOWN_GEO, country, city: name, latitude: lat, longitude: lon, unknown: null });
  const countryOnly = (country: string): GeoFacts => ({ ...UNKNOWN_GEO, country, unknown: null });
  /** A country-level answer that carries the geo data's own point for the country (MaxMind's for DE). */
  const countryPoint = (country: string, lat: number, lon: number): GeoFacts => ({ ...UNKNOWN_GEO, country, latitude: lat, longitude: lon, unknown: null });
  const BERLIN = city('DE', 'Berlin', 52.52, 13.405);
  const MUNICH = city('DE', 'Munich', 48.137, 11.575);
  const STRASBOURG = city('FR', 'Strasbourg', 48.573, 7.752);
  const PARIS = city('FR', 'Paris', 48.857, 2.352);
  const MARSEILLE = city('FR', 'Marseille', 43.296, 5.37);
  const HONOLULU = city('US', 'Honolulu', 21.307, -157.858);
  const seen = (facts: GeoFacts, minutes: number, table: CentroidTable = centroids): Sighting => {
    const p = positionOf(facts, table);
    assert.ok(p, 'placed');
    return { ...p, at: T0 + minutes * MIN };
  };
  const cases: Array<{ name: string; prev: GeoFacts; next: GeoFacts; minutes: number; fires: boolean; table?: CentroidTable }> = [
    { name: 'a city, then its country at country level a minute later (the centroid is 350 km away): same country', prev: BERLIN, next: countryOnly('DE'), minutes: 1, fires: false },
    { name: 'the same the other way round', prev: countryOnly('DE'), next: MUNICH, minutes: 1, fires: false },
    { name: 'two country-level places in one country', prev: countryOnly('DE'), next: countryOnly('DE'), minutes: 0, fires: false },
    { name: "a city, then the geo data's own country point (no city) in the same country", prev: MUNICH, next: countryPoint('DE', 51.2993, 9.491), minutes: 1, fires: false },
    { name: 'a large country: Honolulu, then the US at country level (centroid 6,000 km away)', prev: HONOLULU, next: countryOnly('US'), minutes: 1, fires: false },
    { name: 'same country, unknown reach: the same-country rule alone holds', prev: BERLIN, next: countryOnly('DE'), minutes: 1, fires: false, table: new Map([['DE', { lat: 51, lon: 9, reachKm: null }]]) },
    { name: 'neighbours: Strasbourg, then Germany at country level (the border is 2 km away)', prev: STRASBOURG, next: countryOnly('DE'), minutes: 1, fires: false },
    { name: 'neighbours, both at country level: France then Germany', prev: countryOnly('FR'), next: countryOnly('DE'), minutes: 1, fires: false },
    { name: 'two cities of one country are still judged as cities: Paris → Marseille in 10 minutes', prev: PARIS, next: MARSEILLE, minutes: 10, fires: true },
    { name: 'far apart even from their nearest points: Germany then Japan, both country level, in 10 minutes', prev: countryOnly('DE'), next: countryOnly('JP'), minutes: 10, fires: true },
    { name: 'Berlin, then the US at country level within the hour: at least 1,100 km in 60 minutes', prev: BERLIN, next: countryOnly('US'), minutes: 60, fires: true },
    { name: 'the same in two hours: possible', prev: BERLIN, next: countryOnly('US'), minutes: 120, fires: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const finding = impossibleTravel(seen(c.prev, 0, c.table), seen(c.next, c.minutes, c.table), SETTINGS);
      assert.equal(finding !== null, c.fires, finding === null ? 'no finding' : `${Math.round(finding.distanceKm)} km at ${Math.round(finding.speedKmh)} km/h`);
      const reverse = impossibleTravel(seen(c.next, 0, c.table), seen(c.prev, c.minutes, c.table), SETTINGS);
      assert.equal(reverse !== null, c.fires, 'the order of the two places does not matter');
    });
  }
  test('what fires is judged by the least distance: centre to centre less both radii', () => {
    const from = seen(countryOnly('DE'), 0);
    const to = seen(countryOnly('JP'), 10);
    const finding = impossibleTravel(from, to, SETTINGS);
    assert.equal(Math.round(finding?.distanceKm ?? 0), Math.round(distanceKm(from, to) - from.radiusKm - to.radiusKm));
  });
});

describe('positionOf', () => {
  const centroids = loadCountryCentroids();
  test('the shipped centroid table covers every ISO 3166-1 code the policy knows, and Kosovo', () => {
    const iso = JSON.parse(readFileSync(new URL('../../data/presets/iso3166-1.json', import.meta.url), 'utf8')) as { codes: Record<string, string> };
    const missing = [...Object.keys(iso.codes), 'XK'].filter((cc) => !centroids.has(cc));
    assert.deepEqual(missing, []);
  });
  test('city coordinates win; without a city they are country precision', () => {
    assert.deepEqual(positionOf({ ...UNKNOWN_GEO, country: 'DE', city: 'Berlin', latitude: 52.5, longitude: 13.4, unknown: null }, centroids), { lat: 52.5, lon: 13.4, precision: 'city', country: 'DE', city: 'Berlin', radiusKm: 0 });
    const us = positionOf({ ...UNKNOWN_GEO, country: 'US', latitude: 37.75, longitude: -97.82, unknown: null }, centroids);
    assert.equal(us?.precision, 'country');
    const place = centroids.get('US');
    assert.ok(place?.reachKm);
    assert.equal(us?.radiusKm, Math.ceil(place.reachKm + distanceKm({ lat: 37.75, lon: -97.82 }, place)), "the country's reach, plus how far the geo data's point is from the centroid");
  });
  test('no coordinates: the country centroid with the country\'s reach; nothing known: null', () => {
    const p = positionOf({ ...UNKNOWN_GEO, country: 'FR', unknown: null }, centroids);
    assert.deepEqual(p, { lat: 46, lon: 2, precision: 'country', country: 'FR', city: null, radiusKm: centroids.get('FR')?.reachKm });
    assert.equal(positionOf(UNKNOWN_GEO, centroids), null);
  });
  test('the shipped reaches: every shaped country has one, territories with their own code are not counted in their sovereign\'s', () => {
    const reach = (cc: string) => centroids.get(cc)?.reachKm ?? null;
    assert.ok((reach('DE') ?? 0) > 400 && (reach('DE') ?? 0) < 700, `DE ${reach('DE')}`);
    assert.ok((reach('FR') ?? 0) < 1200, `FR without Réunion and French Guiana: ${reach('FR')}`);
    assert.ok((reach('US') ?? 0) > 5000, `US with Alaska and Hawaii: ${reach('US')}`);
    assert.ok((reach('RE') ?? 0) < 100 && (reach('GF') ?? 0) < 400);
    const none = [...centroids].filter(([, p]) => p.reachKm === null).map(([cc]) => cc);
    assert.ok(none.length <= 8, `codes without a reach: ${none.join(' ')}`);
  });
});

describe('sighting encoding (the hot state keeps it as a string)', () => {
  test('round trip, including a city with a separator in its name and unknown fields', () => {
    for (const s of [at('berlin', 5), { ...at('paris', 1), city: 'A|B' }, { lat: -33.87, lon: 151.2, precision: 'country' as const, country: null, city: null, radiusKm: 0, at: 0 }, { ...at('berlin', 2, 'country', 'DE'), radiusKm: 508 }]) {
      assert.deepEqual(decodeSighting(encodeSighting(s)), s);
    }
    assert.deepEqual(decodeSighting('5|51|9|n|DE|'), { at: 5, lat: 51, lon: 9, precision: 'country', country: 'DE', city: null, radiusKm: 0 }, 'written before radii: radius 0');
    assert.equal(decodeSighting('garbage'), null);
    assert.equal(decodeSighting('x|1|2|c||'), null);
  });
});
