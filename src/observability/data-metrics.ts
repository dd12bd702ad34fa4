/**
 * The age of each data source in `/metrics` (docs/data.md): seconds since the data was built, since
 * its origin was last checked, and whether it is stale. Read from the last status snapshot when scraped
 * (nothing is computed per request); the `source` label is a name from the config or a fixed one, so
 * the series are bounded.
 */
import { Gauge, type Registry } from 'prom-client';

export interface DataAgeRow {
  readonly name: string;
  readonly built: string | null;
  readonly checked: string | null;
  readonly stale: boolean;
}

export function registerDataMetrics(registry: Registry, rows: () => readonly DataAgeRow[], now: () => number = Date.now): void {
  const seconds = (iso: string | null) => (iso === null || Number.isNaN(Date.parse(iso)) ? null : Math.max(0, (now() - Date.parse(iso)) / 1000));
  const gauge = (name: string, help: string, value: (r: DataAgeRow) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const r of rows()) {
          const v = value(r);
          if (v !== null) this.set({ source: r.name }, v);
        }
      },
    });
  gauge('cordon_data_age_seconds', 'Seconds since each data source was built (MMDB build date, Last-Modified, bundle date)', (r) => seconds(r.built));
  gauge('cordon_data_checked_age_seconds', 'Seconds since the updater last asked each source for news (absent for data no updater keeps)', (r) => seconds(r.checked));
  gauge('cordon_data_stale', '1 when the data source is older than its maximum age (updates.sources[].max_age_days)', (r) => (r.stale ? 1 : 0));
}
