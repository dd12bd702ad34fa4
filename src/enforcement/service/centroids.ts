/** Loads data/enforcement/country-centroids.json (source and date inside the file). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CentroidTable } from '../travel.js';

const CENTROIDS_URL = new URL('../../../data/enforcement/country-centroids.json', import.meta.url);

const file = z
  .object({
    source: z.string(),
    license: z.string(),
    as_of: z.string(),
    notes: z.string(),
    centroids: z.record(z.string().regex(/^[A-Z]{2}$/), z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)])),
  })
  .strict();

export function loadCountryCentroids(): CentroidTable {
  const doc = file.parse(JSON.parse(readFileSync(CENTROIDS_URL, 'utf8')));
  return new Map(Object.entries(doc.centroids));
}
