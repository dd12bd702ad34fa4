/** The `safety_identifiers:` section into its settings; a derive mode without a secret is a problem. */
import type { SafetyIdentifierSettings } from '../domain/safety-identifier.js';
import type { SafetyIdentifiersFile } from './safety-schema.js';
import { EnvSecret } from './secret.js';

export function resolveSafetyIdentifiers(doc: SafetyIdentifiersFile, env: Readonly<Record<string, string | undefined>>, file: string, problems: string[]): SafetyIdentifierSettings {
  const derives = doc.mode === 'derive' || Object.values(doc.tenants).includes('derive');
  if (derives && doc.secret === null) problems.push('safety_identifiers.secret: expected an env:NAME secret: a tenant derives safety identifiers, and they are an HMAC under it');
  return {
    mode: doc.mode,
    tenants: new Map(Object.entries(doc.tenants)),
    secret: doc.secret === null ? null : new EnvSecret('safety_identifiers.secret', doc.secret, env, file, 'safety identifiers are derived with it'),
  };
}
