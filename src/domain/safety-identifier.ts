/** Safety identifiers: the end user named to the provider (docs/safety-identifiers.md). */
import type { Secret } from './secret.js';

/** off: none sent (the caller's removed); pass_through: the caller's as sent; derive: Cordon's when the caller sent none. */
export type SafetyIdentifierMode = 'off' | 'pass_through' | 'derive';

export interface SafetyIdentifierSettings {
  readonly mode: SafetyIdentifierMode;
  /** Per tenant, by name. */
  readonly tenants: ReadonlyMap<string, SafetyIdentifierMode>;
  /** The operator's HMAC key; null when no tenant derives. */
  readonly secret: Secret | null;
}

/** Where the end user a derived identifier stands for came from; `caller` when the caller set the field itself. */
export type SafetyIdentifierSource = 'caller' | 'attested' | 'user' | 'key';

/** What was sent upstream as the end user's identifier, as the decision record keeps it. */
export interface SentSafetyIdentifier {
  readonly value: string;
  readonly source: SafetyIdentifierSource;
}
