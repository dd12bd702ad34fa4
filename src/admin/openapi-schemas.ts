/** Component schemas of the admin API's OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 uses). */

import { UNKNOWN_REASONS } from '../domain/origin.js';

type Schema = Readonly<Record<string, unknown>>;

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const time = { type: 'string', format: 'date-time' } as const;
const ntime = { type: ['string', 'null'], format: 'date-time' } as const;
const int = { type: 'integer', minimum: 0 } as const;
const cc = { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
export const listOf = (name: string): Schema => obj({ object: { const: 'list' }, data: { type: 'array', items: ref(name) } }, ['object', 'data']);

const counts = { allowed: int, refused: int };
const presetVersion = {
  in_force_from: { type: 'string', description: 'ISO date or date-time with a zone, as the preset file writes it' },
  read_on: { type: 'string', format: 'date', description: 'The day the source was read' },
  source: str,
  entries: obj({ countries: int, subdivisions: int, asns: int }),
};

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  Error: obj({ error: obj({ message: str, type: str, param: nstr, code: str }) }),
  AdminToken: obj({ id: str, name: str, role: { enum: ['read', 'admin'] }, prefix: str, created_at: time, last_used_at: ntime, revoked_at: ntime }),
  CreatedAdminToken: { allOf: [ref('AdminToken'), obj({ secret: { type: 'string', description: 'Shown in this answer only.' } })] },
  Tenant: obj({ id: str, name: str, registered_country: { anyOf: [cc, { type: 'null' }] }, created_at: time }),
  Key: obj({
    id: str,
    prefix: str,
    tenant: nstr,
    tenant_id: str,
    status: { enum: ['active', 'warned', 'suspended', 'blocked', 'revoked'] },
    suspended_until: ntime,
    created_at: time,
    revoked_at: ntime,
  }),
  CreatedKey: { allOf: [ref('Key'), obj({ secret: { type: 'string', description: 'Shown in this answer only.' } })] },
  CountryReport: obj({
    from: time,
    to: time,
    totals: obj(counts),
    unknown: obj(counts),
    countries: { type: 'array', items: obj({ country: cc, ...counts }) },
    subdivisions: { type: 'array', items: obj({ country: cc, subdivision: { type: 'string', description: 'ISO 3166-2' }, ...counts }) },
  }),
  Timeline: obj({ from: time, to: time, bucket: { const: 'hour' }, points: { type: 'array', items: obj({ at: time, ...counts }) } }),
  AccountSummary: {
    allOf: [
      ref('Key'),
      obj({ violations: int, weight: { type: 'number' }, signals: { type: 'array', items: str }, countries: { type: 'array', items: cc }, last_violation_at: ntime }),
    ],
  },
  Action: obj({ id: str, key_id: str, kind: { enum: ['warn', 'suspend', 'block', 'reinstate'] }, at: time, until: ntime, actor: str, rule: nstr, score: { type: ['number', 'null'] }, note: nstr, violation_ids: { type: 'array', items: str }, evidence: { type: 'object' } }),
  Violation: obj({ id: str, signal: str, rule: str, weight: { type: 'number' }, at: time, request_id: str, origin: { type: 'object' }, detail: { type: 'object' } }),
  Account: obj({
    key: ref('Key'),
    tenant: obj({ id: str, name: str, registered_country: nstr }),
    scores: { type: 'array', items: obj({ action: str, score: { type: 'number' }, threshold: { type: 'number' }, window: str, since: time, violations: int }) },
    timeline: {
      type: 'array',
      description: 'Violations and actions, newest first; `type` tells which.',
      items: { oneOf: [{ allOf: [obj({ type: { const: 'violation' } }), ref('Violation')] }, { allOf: [obj({ type: { const: 'action' } }), ref('Action')] }] },
    },
  }),
  Preset: obj({
    name: str,
    kind: { enum: ['terms', 'law'] },
    default: { enum: ['allow', 'deny', null], description: 'A terms list: deny for an allow-list; null for a law preset' },
    ...presetVersion,
    versions: { type: 'array', items: obj(presetVersion), description: 'Every version, oldest first; each applies from its in_force_from until the next one' },
  }),
  ActionResult: obj({ action: ref('Action'), key: ref('Key') }),
  GeoFacts: obj({
    ip: str,
    country: { anyOf: [cc, { type: 'null' }] },
    subdivisions: { type: 'array', items: str },
    city: nstr,
    latitude: { type: ['number', 'null'] },
    longitude: { type: ['number', 'null'] },
    asn: { type: ['integer', 'null'] },
    org: nstr,
    anonymizer: { type: 'array', items: str },
    unknown: { enum: [...UNKNOWN_REASONS, null] },
  }),
  Check: obj({
    origin: { type: 'object', description: 'Origin facts, as `cordon check --json` prints them; `carrier` is the IPv6 address that carried `ip` (Teredo, 6to4, NAT64…) with its own facts, or null' },
    at: time,
    policy_hash: str,
    decisions: {
      type: 'array',
      items: obj({
        provider: str,
        effect: { enum: ['allow', 'deny'] },
        layer: { enum: ['law', 'terms', 'operator'] },
        rule_id: str,
        matched: nstr,
        decided_on: { enum: ['client', 'carrier'], description: 'Whose facts decided: the client address, or the IPv6 address that carried it (its deny is stricter)' },
        trail: { type: 'array', items: obj({ layer: str, effect: str, rule_id: str, matched: nstr }) },
      }),
    },
  }),
};
