/**
 * Geo lookup (`cordon geo lookup`: the databases alone) and `check` (`cordon check --json`: the
 * gateway's origin and the decision per provider).
 */
import { z } from 'zod/v4';
import { EFFECTS, LAYERS } from '../../domain/decision.js';
import { ANONYMIZER_FLAGS, CARRIER_KINDS, UNKNOWN_REASONS } from '../../domain/origin.js';
import { cc, nullableString, time } from './common.js';
import type { Endpoint } from './endpoint.js';
import { ipAddress, optionalInstant, optionalQuery } from './fields.js';

const anonymizer = z.array(z.enum(ANONYMIZER_FLAGS));
const unknown = z.enum(UNKNOWN_REASONS).nullable();

export const GeoFacts = z.strictObject({
  ip: z.string(),
  country: cc.nullable(),
  subdivisions: z.array(z.string()),
  city: nullableString,
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  asn: z.int().nullable(),
  org: nullableString,
  anonymizer,
  unknown,
});

const place = {
  ip: z.string(),
  country: cc.nullable(),
  subdivision: nullableString,
  subdivisions: z.array(z.string()),
  city: nullableString,
  asn: z.int().nullable(),
  org: nullableString,
  anonymizer,
  unknown,
};
const trailStep = { layer: z.enum(LAYERS), effect: z.enum(EFFECTS), rule_id: z.string(), matched: nullableString };

export const Check = z.strictObject({
  origin: z
    .strictObject({ ...place, carrier: z.strictObject({ kind: z.enum(CARRIER_KINDS), ...place }).nullable() })
    .describe('Origin facts, as `cordon check --json` prints them; `carrier` is the IPv6 address that carried `ip` (Teredo, 6to4, NAT64…) with its own facts, or null'),
  at: time,
  policy_hash: z.string(),
  decisions: z.array(
    z.strictObject({
      provider: z.string(),
      ...trailStep,
      decided_on: z.enum(['client', 'carrier']).describe('Whose facts decided: the client address, or the IPv6 address that carried it (its deny is stricter)'),
      trail: z.array(z.strictObject(trailStep)),
    }),
  ),
});

export const GEO_ENDPOINTS = {
  geoLookup: {
    method: 'GET',
    path: '/admin/geo/{ip}',
    role: 'read',
    tag: 'geo',
    summary: 'What the geo databases say about an address',
    params: z.object({ ip: ipAddress.describe('IPv4 or IPv6 address') }),
    response: GeoFacts,
  },
  check: {
    method: 'GET',
    path: '/admin/check',
    role: 'read',
    tag: 'geo',
    summary: 'Explain the decision for an address per provider (the JSON of `cordon check --json`)',
    query: z.object({
      ip: ipAddress.describe('Client address'),
      provider: z.string().optional().describe('Only this provider'),
      key_id: optionalQuery(z.string()).describe('Evaluate as this API key (tenant and registered country)'),
      at: optionalInstant('Evaluate at this instant (ISO date or date-time)'),
    }),
    response: Check,
  },
} as const satisfies Record<string, Endpoint>;
