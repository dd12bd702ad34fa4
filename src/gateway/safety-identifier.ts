/**
 * The end user named to the provider (docs/safety-identifiers.md): OpenAI's `safety_identifier`,
 * Anthropic's `metadata.user_id`. Per tenant: `off` removes the caller's, `pass_through` leaves the body
 * alone, `derive` fills the field when the caller did not, with an HMAC of tenant and end user under the
 * operator's secret — never the raw value. The end user is the attested address, else the request's
 * `user`, else the key.
 */
import { createHmac } from 'node:crypto';
import type { UpstreamPath } from '../domain/endpoint.js';
import type { AttestationOutcome } from '../domain/request-facts.js';
import type { SafetyIdentifierSettings, SafetyIdentifierSource, SentSafetyIdentifier } from '../domain/safety-identifier.js';
import type { WireProtocol } from '../protocols/index.js';

/** What happens to the body's identifier field: set to a value, removed, or nothing (null). */
export interface SafetyEdit {
  readonly field: WireProtocol['safetyField'];
  /** null: remove the field. */
  readonly value: string | null;
}

export interface SafetyPlan {
  readonly edit: SafetyEdit | null;
  /** What goes upstream, for the decision record; null when nothing does. */
  readonly sent: SentSafetyIdentifier | null;
}

export interface SafetyInput {
  readonly protocol: WireProtocol;
  readonly path: UpstreamPath;
  readonly body: Readonly<Record<string, unknown>>;
  readonly user: string | null;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly keyId: string;
  readonly attestation: AttestationOutcome | null;
}

const NOTHING: SafetyPlan = Object.freeze({ edit: null, sent: null });

export function planSafetyIdentifier(settings: SafetyIdentifierSettings | undefined, i: SafetyInput): SafetyPlan {
  if (settings === undefined || !i.protocol.safetyPaths.includes(i.path)) return NOTHING;
  const mode = settings.tenants.get(i.tenantName) ?? settings.mode;
  const own = fieldValue(i.body, i.protocol.safetyField);
  if (mode === 'off') return own === undefined ? NOTHING : { edit: { field: i.protocol.safetyField, value: null }, sent: null };
  if (own !== undefined) return { edit: null, sent: typeof own === 'string' ? { value: own, source: 'caller' } : null };
  if (mode === 'pass_through' || settings.secret === null) return NOTHING;
  const [source, endUser] = endUserOf(i);
  const value = deriveSafetyIdentifier(settings.secret.reveal(), i.tenantId, source, endUser);
  return { edit: { field: i.protocol.safetyField, value }, sent: { value, source } };
}

/**
 * `cdn_` and 32 hex digits of HMAC-SHA256(secret, tenant id, source and end user): stable for one end user
 * of one tenant, different across tenants, and not reversible without the secret.
 */
export function deriveSafetyIdentifier(secret: string, tenantId: string, source: SafetyIdentifierSource, endUser: string): string {
  return `cdn_${createHmac('sha256', secret).update(`${tenantId}\n${source}:${endUser}`).digest('hex').slice(0, 32)}`;
}

function endUserOf(i: SafetyInput): [SafetyIdentifierSource, string] {
  if (i.attestation?.status === 'valid') return ['attested', i.attestation.ip];
  if (i.user !== null) return ['user', i.user];
  return ['key', i.keyId];
}

/** The field's value in the body; undefined when it is absent (or null). */
function fieldValue(body: Readonly<Record<string, unknown>>, field: SafetyEdit['field']): unknown {
  let value: unknown = body;
  for (const name of field) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value ?? undefined;
}

/** The body with the edit applied (a copy; the caller's is left as it was). */
export function applySafetyEdit(body: Record<string, unknown>, edit: SafetyEdit): Record<string, unknown> {
  const [first, second] = edit.field;
  if (second === undefined) {
    const { [first]: _removed, ...rest } = body;
    return edit.value === null ? rest : { ...rest, [first]: edit.value };
  }
  const inner = body[first];
  const nested = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { ...body, [first]: applySafetyEdit(nested, { field: [second], value: edit.value }) };
}
