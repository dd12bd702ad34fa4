#!/usr/bin/env node
// Builds data/enforcement/country-centroids.json from the `world-countries` npm package
// (mledoze/countries, ODbL-1.0): each country's `latlng`, a representative central point (from the CIA
// World Factbook), rounded to 0.01° (about 1 km: far finer than a country centroid's meaning).
// Usage: npm pack world-countries@5.1.0 && tar xzf world-countries-5.1.0.tgz
//        node scripts/build-country-centroids.mjs package/countries.json [as-of-date]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [input, asOf = new Date().toISOString().slice(0, 10)] = process.argv.slice(2);
if (!input) {
  console.error('usage: node scripts/build-country-centroids.mjs PATH/TO/world-countries/countries.json [YYYY-MM-DD]');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(dirname(input), 'package.json'), 'utf8'));
const countries = JSON.parse(readFileSync(input, 'utf8'));
const round = (x) => Math.round(x * 100) / 100;
const centroids = {};
for (const c of [...countries].sort((a, b) => a.cca2.localeCompare(b.cca2))) {
  if (!/^[A-Z]{2}$/.test(c.cca2) || !Array.isArray(c.latlng) || c.latlng.length !== 2) continue;
  centroids[c.cca2] = [round(c.latlng[0]), round(c.latlng[1])];
}
const doc = {
  source: `npm world-countries@${pkg.version} (https://github.com/mledoze/countries), field latlng`,
  license: 'ODbL-1.0 (Open Database License; see licenses/WORLD-COUNTRIES-ODbL and NOTICE.md)',
  as_of: asOf,
  notes:
    'One representative central point per ISO 3166-1 alpha-2 code, [latitude, longitude] in degrees, rounded to 0.01. ' +
    'Used for impossible travel when the geo data has no coordinates for an address. Not a geometric centroid: ' +
    'for large countries the point can be 1000+ km from where most people live. Rebuild: scripts/build-country-centroids.mjs.',
  centroids,
};
writeFileSync(new URL('../data/enforcement/country-centroids.json', import.meta.url), `${JSON.stringify(doc, null, 1).replace(/\[\n\s+(-?[\d.]+),\n\s+(-?[\d.]+)\n\s+\]/g, '[$1, $2]')}\n`);
console.log(`${Object.keys(centroids).length} countries written`);
