/**
 * A key's standing under enforcement, or that of every key of a tenant, as `cordon accounts show` and
 * `GET /admin/accounts/{key}` show it: each key's score on every rung of its tenant's ladder now
 * (counting what the ladder counts: the violations and actions inside the longest window), and the
 * newest violations and actions as evidence.
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { EnforcementAction, Violation } from '../domain/enforcement.js';
import { longestWindow, policyFor, scoreRung, type EnforcementSettings, type RungScore, type TenantPolicy } from '../enforcement/index.js';
import type { EnforcementStore } from '../store/enforcement-port.js';
import type { AccountStore } from '../store/port.js';

export interface StandingDeps {
  readonly accounts: AccountStore;
  readonly enforcement: EnforcementStore;
  readonly settings: EnforcementSettings;
}

/** One key, or (key null) every key of the tenant. */
export interface StandingTarget {
  readonly tenant: Tenant;
  readonly key: ApiKey | null;
}

export interface KeyStanding {
  readonly key: ApiKey;
  /** One per rung of the tenant's ladder, in its order. */
  readonly scores: readonly RungScore[];
}

export interface AccountStanding {
  /** The tenant's enforcement policy (its ladder and overrides). */
  readonly policy: TenantPolicy;
  readonly keys: readonly KeyStanding[];
  /** The newest `limit` of each, newest first. */
  readonly violations: readonly Violation[];
  readonly actions: readonly EnforcementAction[];
}

export async function accountStanding(deps: StandingDeps, target: StandingTarget, limit: number, now: number): Promise<AccountStanding> {
  const policy = policyFor(deps.settings, target.tenant.name);
  const filter = target.key !== null ? { keyId: target.key.id } : { tenantId: target.tenant.id };
  const since = now - longestWindow(policy);
  const [inWindow, actionsInWindow, violations, actions] = await Promise.all([
    deps.enforcement.listViolations({ ...filter, since }),
    deps.enforcement.listActions({ ...filter, since }),
    deps.enforcement.listViolations({ ...filter, limit }),
    deps.enforcement.listActions({ ...filter, limit }),
  ]);
  const keys = target.key !== null ? [target.key] : await deps.accounts.listKeys({ tenantId: target.tenant.id });
  const standing = (key: ApiKey): KeyStanding => {
    const own = { violations: inWindow.filter((v) => v.keyId === key.id), actions: actionsInWindow.filter((a) => a.keyId === key.id), now };
    return { key, scores: policy.ladder.map((rung) => scoreRung(rung, own)) };
  };
  return { policy, keys: keys.map(standing), violations, actions };
}
