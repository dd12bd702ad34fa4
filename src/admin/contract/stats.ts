/** Counts for the dashboard: allowed and refused per country (and subdivision), and per hour. */
import { z } from 'zod/v4';
import { cc, count, counts, period, time } from './common.js';
import type { Endpoint } from './endpoint.js';

const Counts = z.strictObject(counts);

export const CountryReport = z.strictObject({
  from: time,
  to: time,
  totals: Counts,
  unknown: Counts,
  countries: z.array(z.strictObject({ country: cc, ...counts })),
  subdivisions: z.array(z.strictObject({ country: cc, subdivision: z.string().describe('ISO 3166-2'), ...counts })),
});

export const Timeline = z.strictObject({
  from: time,
  to: time,
  bucket: z.literal('hour'),
  points: z.array(z.strictObject({ at: time, allowed: count, refused: count })),
});

export const STATS_ENDPOINTS = {
  countryStats: {
    method: 'GET',
    path: '/admin/stats/countries',
    role: 'read',
    tag: 'stats',
    summary: 'Requests allowed and refused per country and subdivision over a period (default: the last 24 hours)',
    query: z.object(period),
    response: CountryReport,
  },
  timelineStats: {
    method: 'GET',
    path: '/admin/stats/timeline',
    role: 'read',
    tag: 'stats',
    summary: 'Requests allowed and refused per hour over a period (default: the last 24 hours; at most 31 days)',
    query: z.object(period),
    response: Timeline,
  },
} as const satisfies Record<string, Endpoint>;
