#!/usr/bin/env node
// Builds data/enforcement/country-reach.json: for each ISO 3166-1 alpha-2 code of
// data/enforcement/country-centroids.json, how far (km, rounded up) the farthest point of the country's
// territory lies from that centroid. Impossible travel uses it as the uncertainty of a country-level
// place: a request placed "somewhere in FR" may be anywhere within that distance of FR's centroid.
//
// Shapes: Natural Earth admin-0 countries at 1:50m, as the world-atlas package ships them (TopoJSON;
// a devDependency for the dashboard). Natural Earth draws some territories that have their own ISO
// code inside their sovereign's shape (French Guiana and Réunion in France, Svalbard in Norway, the
// Caribbean Netherlands in the Netherlands…); geo data names those places by their own code, so a part
// of a shape whose middle lies within 300 km of such a code's centroid (and nearer to it than to the
// sovereign's) is that code's, not the sovereign's. Codes with no shape at all get no reach (null).
// Usage: node scripts/build-country-reach.mjs [as-of-date]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoCentroid, geoDistance } from 'd3-geo';
import { iso31661 } from 'iso-3166';
import { feature } from 'topojson-client';

const EARTH_RADIUS_KM = 6371.0088;
const SPLIT_KM = 300;
const require = createRequire(import.meta.url);
const atlasPath = require.resolve('world-atlas/countries-50m.json');
const atlasVersion = JSON.parse(readFileSync(require.resolve('world-atlas/package.json'), 'utf8')).version;
const topology = JSON.parse(readFileSync(atlasPath, 'utf8'));
const centroids = JSON.parse(readFileSync(new URL('../data/enforcement/country-centroids.json', import.meta.url), 'utf8')).centroids;
const asOf = process.argv[2] ?? new Date().toISOString().slice(0, 10);

const alpha2 = new Map(iso31661.map((c) => [c.numeric, c.alpha2]));
const km = (a, b) => geoDistance(a, b) * EARTH_RADIUS_KM;
const at = (code) => [centroids[code][1], centroids[code][0]]; // [lon, lat]

// Every polygon of every shape, with the code of the shape it belongs to.
const parts = [];
for (const f of feature(topology, topology.objects.countries).features) {
  const code = alpha2.get(f.id);
  if (code === undefined || centroids[code] === undefined || f.geometry === null) continue;
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const rings of polygons) parts.push({ code, rings });
}
const shaped = new Set(parts.map((p) => p.code));
const unshaped = Object.keys(centroids).filter((c) => !shaped.has(c));

const reach = {};
for (const part of parts) {
  const middle = geoCentroid({ type: 'Polygon', coordinates: part.rings });
  let owner = part.code;
  let nearest = km(middle, at(part.code));
  for (const code of unshaped) {
    const d = km(middle, at(code));
    if (d < SPLIT_KM && d < nearest) [owner, nearest] = [code, d];
  }
  const centre = at(owner);
  let farthest = reach[owner] ?? 0;
  for (const ring of part.rings) for (const point of ring) farthest = Math.max(farthest, km(centre, point));
  reach[owner] = farthest;
}

const sorted = {};
for (const code of Object.keys(centroids).sort()) sorted[code] = reach[code] === undefined ? null : Math.ceil(reach[code]);
const missing = Object.keys(sorted).filter((c) => sorted[c] === null);
const doc = {
  source: `npm world-atlas@${atlasVersion} (Natural Earth admin-0 countries, 1:50m), distances from data/enforcement/country-centroids.json`,
  license: 'Natural Earth: public domain; world-atlas: ISC',
  as_of: asOf,
  notes:
    'Kilometres from each country centroid to the farthest point of its territory (rounded up): how far a country-level place may be from its centroid. ' +
    `Territories with their own ISO code drawn inside a sovereign's shape are split off (a part within ${SPLIT_KM} km of such a code's centroid). ` +
    `No shape, so null (the same-country rule still applies): ${missing.join(', ')}. Rebuild: scripts/build-country-reach.mjs.`,
  reach_km: sorted,
};
writeFileSync(new URL('../data/enforcement/country-reach.json', import.meta.url), `${JSON.stringify(doc, null, 1)}\n`);
console.log(`${Object.keys(sorted).length - missing.length} countries with a reach; none for ${missing.join(' ')}`);
