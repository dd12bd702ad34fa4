/**
 * Loads the country places impossible travel uses: data/enforcement/country-centroids.json (a point per
 * country) and data/enforcement/country-reach.json (how far each country's territory reaches from it).
 * Source and date are inside each file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CentroidTable, CountryPlace } from '../travel.js';

const CENTROIDS_URL = new URL('../../../data/enforcement/country-centroids.json', import.meta.url);
const REACH_URL = new URL('../../../data/enforcement/country-reach.json', import.meta.url);
const CODE = z.string().regex(/^[A-Z]{2}$/);
const header = { source: z.string(), license: z.string(), as_of: z.string(), notes: z.string() };

const centroidsFile = z.object({ ...header, centroids: z.record(CODE, z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)])) }).strict();
const reachFile = z.object({ ...header, reach_km: z.record(CODE, z.number().nonnegative().max(20_100).nullable()) }).strict();

export function loadCountryCentroids(): CentroidTable {
  const { centroids } = centroidsFile.parse(JSON.parse(readFileSync(CENTROIDS_URL, 'utf8')));
  const { reach_km: reach } = reachFile.parse(JSON.parse(readFileSync(REACH_URL, 'utf8')));
  return new Map(Object.entries(centroids).map(([code, [lat, lon]]): [string, CountryPlace] => [code, { lat, lon, reachKm: reach[code] ?? null }]));
}
