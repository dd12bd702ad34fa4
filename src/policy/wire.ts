/**
 * The one place snake_case (YAML) becomes camelCase (TypeScript), and ISO dates become epoch ms.
 * Input is already validated by the zod schemas in `schema-*.ts`.
 */
import { UNKNOWN_REASONS } from '../domain/origin.js';
import { parseInstant } from './instant.js';
import type { PolicyDocument, PolicyRule, PresetVersion, RuleMatch, Scope, Setting, TermsEntry, UnknownSettings } from './model.js';
import type { WireLawPreset, WirePolicy, WireTermsEntry, WireTermsPreset, WireUnknownOrigin } from './schema-files.js';
import type { WireMatch, WireRule } from './schema-rule.js';

function instantOrNull(text: string | undefined): number | null {
  return text === undefined ? null : parseInstant(text);
}

function scopeFromWire(scope: { only?: string[]; except?: string[] } | undefined): Scope | null {
  if (scope === undefined) return null;
  return scope.only !== undefined ? { mode: 'only', names: scope.only } : { mode: 'except', names: scope.except ?? [] };
}

function matchFromWire(m: WireMatch | undefined): RuleMatch {
  if (m === undefined) return {};
  const out: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = {};
  if (m.country !== undefined) out.country = m.country;
  if (m.subdivision !== undefined) out.subdivision = m.subdivision;
  if (m.asn !== undefined) out.asn = m.asn;
  if (m.anonymizer !== undefined) out.anonymizer = m.anonymizer;
  if (m.tenant !== undefined) out.tenant = m.tenant;
  if (m.registered_country !== undefined) out.registeredCountry = m.registered_country;
  if (m.registered_country_differs !== undefined) out.registeredCountryDiffers = true;
  if (m.unknown_origin !== undefined) out.unknownOrigin = m.unknown_origin === true ? [...UNKNOWN_REASONS] : m.unknown_origin;
  return out;
}

export function ruleFromWire(r: WireRule): PolicyRule {
  return {
    id: r.id,
    effect: r.effect,
    match: matchFromWire(r.match),
    providers: scopeFromWire(r.providers),
    tenants: scopeFromWire(r.tenants),
    effectiveFrom: instantOrNull(r.effective_from),
    effectiveUntil: instantOrNull(r.effective_until),
    reason: r.reason ?? null,
  };
}

/** `unknown_origin`: one value for both reasons, or a mapping. */
function originFromWire(origin: WireUnknownOrigin): Pick<UnknownSettings, 'private' | 'notFound'> {
  return typeof origin === 'string' ? { private: origin, notFound: origin } : { private: origin.private, notFound: origin.not_found };
}

function unknownFromWire(origin: WireUnknownOrigin, geoUnavailable: Setting, hidden: Setting): UnknownSettings {
  return { ...originFromWire(origin), geoUnavailable, hidden };
}

function termsEntryFromWire(e: WireTermsEntry): TermsEntry {
  const unknown: Partial<UnknownSettings> = {
    ...(e.unknown_origin !== undefined && originFromWire(e.unknown_origin)),
    ...(e.geo_unavailable !== undefined && { geoUnavailable: e.geo_unavailable }),
    ...(e.hidden_origin !== undefined && { hidden: e.hidden_origin }),
  };
  return {
    preset: e.preset ?? null,
    default: e.default ?? null,
    rules: e.rules.map(ruleFromWire),
    unknown,
    source: e.source ?? null,
    asOf: e.as_of ?? null,
    notes: e.notes ?? null,
  };
}

export function policyFromWire(w: WirePolicy): PolicyDocument {
  const { law, terms, operator } = w.layers;
  const lists: Record<string, TermsEntry> = {};
  for (const [name, entry] of Object.entries(terms.providers)) lists[name] = termsEntryFromWire(entry);
  return {
    version: w.version,
    description: w.description ?? null,
    layers: {
      law: {
        presets: law.presets,
        default: law.default,
        unknown: unknownFromWire(law.unknown_origin, law.geo_unavailable, law.hidden_origin),
        rules: law.rules.map(ruleFromWire),
      },
      terms: { unknown: unknownFromWire(terms.unknown_origin, terms.geo_unavailable, terms.hidden_origin), lists },
      operator: {
        default: operator.default,
        unknown: unknownFromWire(operator.unknown_origin, operator.geo_unavailable, operator.hidden_origin),
        rules: operator.rules.map(ruleFromWire),
      },
    },
  };
}

/** One version file of a terms or law preset (`default` only for terms). */
export function presetVersionFromWire(file: string, w: WireLawPreset | WireTermsPreset): PresetVersion {
  return {
    inForceFrom: w.in_force_from,
    from: parseInstant(w.in_force_from) ?? 0,
    source: w.source,
    readOn: w.read_on,
    notes: w.notes,
    file,
    rules: w.rules.map(ruleFromWire),
  };
}
