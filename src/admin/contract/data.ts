/** Provenance of the data in use (docs/data.md), as `cordon data status --json` prints it. */
import { z } from 'zod/v4';
import { count, listOf, nullableString, optionalTime } from './common.js';
import type { Endpoint } from './endpoint.js';

export const DataSource = z.strictObject({
  name: z.string(),
  kind: z.string().describe('`maxmind`, `mmdb`, `tor_exits`, `cidr`, `asn`, `presets` (kept by the updater), or `geo` / `list` / `presets` for data no updater keeps'),
  managed: z.boolean().describe('True when an updates.sources entry keeps it current'),
  origin: z.string().describe('Where the data comes from (a URL without its query, or "bundled with Cordon")'),
  file: nullableString,
  built: optionalTime.describe('When the data was built: MMDB build date, Last-Modified, a list\'s as_of, the bundle\'s date'),
  sha256: nullableString,
  checked: optionalTime.describe('Last time its origin was asked for news; null when nothing checks it'),
  changed: optionalTime.describe('Last time new data replaced the old'),
  age_seconds: count.nullable(),
  max_age_days: z.number().nullable(),
  stale: z.boolean().describe('Older than its maximum age, or never obtained'),
  last_error: nullableString.describe('Why the last update failed (the data in use was kept)'),
});

/** One source as a data version stood for it (`data_dir/data-state/versions.jsonl`). */
export const DataVersionSource = DataSource.pick({ name: true, origin: true, built: true, sha256: true });

export const DATA_ENDPOINTS = {
  dataStatus: {
    method: 'GET',
    path: '/admin/data',
    role: 'read',
    tag: 'data',
    summary: 'Each data source in use: origin, build date, file hash, last check and change, staleness (`cordon data status --json`)',
    response: listOf(DataSource, { version: z.string().describe('The data-version id (`dv_…`) decision records carry as versions.data') }),
  },
} as const satisfies Record<string, Endpoint>;
