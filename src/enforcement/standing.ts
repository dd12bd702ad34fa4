/**
 * Standing: what a key's status lets it do at an instant (docs/glossary.md), and the refusal callers
 * get when it lets it do nothing. One place for both askers: the gateway asks it of the key it found
 * (src/gateway/decide.ts), the enforcer of the status another instance's action has just given the key.
 */
import type { ApiKey } from '../domain/account.js';
import { CordonError } from '../errors/index.js';

/**
 * Null when the key may be used at `now` (active, warned, or a suspension that has ended); otherwise
 * the refusal its standing gives. Allocates nothing for a usable key.
 */
export function standingRefusal(key: Pick<ApiKey, 'status' | 'suspendedUntil'>, now: number): CordonError | null {
  switch (key.status) {
    case 'active':
    case 'warned':
      return null;
    case 'revoked':
      return new CordonError('account_revoked_key');
    case 'blocked':
      return new CordonError('account_blocked');
    case 'suspended':
      // A suspension with no end, or one still running, refuses; an ended one lets the key through.
      if (key.suspendedUntil !== null && key.suspendedUntil <= now) return null;
      return suspendedRefusal(key.suspendedUntil);
  }
}

/** The refusal of a key suspended until `until` (null: until further notice). */
export function suspendedRefusal(until: number | null): CordonError {
  return new CordonError('account_suspended', { until: until === null ? 'further notice' : new Date(until).toISOString() });
}
