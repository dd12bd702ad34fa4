/** Counts for the dashboard: allowed and refused per country (and subdivision), and per hour. */
import type { AdminQueries } from '../../store/admin-query-port.js';
import type { STATS_ENDPOINTS } from '../contract/stats.js';
import { period } from '../request.js';
import type { Handlers } from '../router.js';
import { isoTime } from '../wire.js';

const HOUR_MS = 3_600_000;
/** 31 days of hourly buckets at most, so one answer stays small. */
const MAX_HOURS = 31 * 24;

export function statsHandlers(queries: AdminQueries): Handlers<typeof STATS_ENDPOINTS> {
  return {
    countryStats: async ({ query, at }) => {
      const range = period(query, at);
      const { countries, subdivisions } = await queries.countByCountry(range);
      const known = countries.filter((c): c is typeof c & { country: string } => c.country !== null).sort((a, b) => a.country.localeCompare(b.country));
      const unknown = countries.find((c) => c.country === null) ?? { allowed: 0, refused: 0 };
      const sum = (key: 'allowed' | 'refused') => countries.reduce((n, c) => n + c[key], 0);
      return {
        from: isoTime(range.from),
        to: isoTime(range.to),
        totals: { allowed: sum('allowed'), refused: sum('refused') },
        unknown: { allowed: unknown.allowed, refused: unknown.refused },
        countries: known.map((c) => ({ country: c.country, allowed: c.allowed, refused: c.refused })),
        subdivisions: subdivisions
          .sort((a, b) => b.refused - a.refused || a.subdivision.localeCompare(b.subdivision))
          .map((s) => ({ country: s.country, subdivision: s.subdivision, allowed: s.allowed, refused: s.refused })),
      };
    },
    timelineStats: async ({ query, at }) => {
      const range = period(query, at);
      // Whole hours ending with the one `to` falls in; a partial first hour is left out.
      const to = Math.ceil(range.to / HOUR_MS) * HOUR_MS;
      const hours = Math.min(MAX_HOURS, Math.max(1, Math.floor((to - range.from) / HOUR_MS)));
      const start = to - hours * HOUR_MS;
      const counts = new Map((await queries.countByHour({ from: start, to })).map((h) => [h.hour, h]));
      const points = Array.from({ length: hours }, (_, i) => {
        const hour = start + i * HOUR_MS;
        const c = counts.get(hour);
        return { at: isoTime(hour), allowed: c?.allowed ?? 0, refused: c?.refused ?? 0 };
      });
      return { from: isoTime(start), to: isoTime(to), bucket: 'hour' as const, points };
    },
  };
}
