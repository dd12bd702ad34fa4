/**
 * An operator's action on a key — reinstate (the appeal), warn, suspend, block — from the CLI or the
 * admin API alike: recorded with the operator, the note, where it came from and the key's standing
 * before, announced through the webhook outbox when one is configured (docs/enforcement.md).
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { ActionKind, EnforcementAction } from '../domain/enforcement.js';
import { takeAction } from '../enforcement/service/index.js';
import type { EnforcementStore } from '../store/enforcement-port.js';
import type { AccountStore } from '../store/port.js';
import { findKey, type KeyLookup } from './key-lookup.js';

export interface KeyActionDeps {
  readonly accounts: AccountStore;
  readonly enforcement: EnforcementStore;
  /** Whether a webhook is configured: the action is then queued in the outbox with it. */
  readonly notify: boolean;
  /** Told of every action taken, once committed (the running app counts it and sends its webhook). */
  readonly actionTaken?: (action: EnforcementAction) => void;
}

/** Where an action came from, kept in its evidence. */
export type ActionChannel = { readonly via: 'cli' } | { readonly via: 'admin_api'; readonly adminTokenId: string };

export interface KeyActionRequest {
  /** Key id or displayed prefix (or the secret, with `bySecret`). */
  readonly ref: string;
  readonly bySecret?: boolean;
  readonly kind: ActionKind;
  /** Why; kept with the record. */
  readonly note: string;
  /** How long a suspension lasts; null for the other kinds. */
  readonly forMs: number | null;
  /** Who: the operator's name (recorded as `operator:<name>`). */
  readonly operator: string;
  readonly channel: ActionChannel;
  readonly at: number;
}

export type KeyActionResult =
  | Exclude<KeyLookup, { readonly kind: 'found' }>
  /** A revoked key takes no further action. */
  | { readonly kind: 'revoked'; readonly key: ApiKey }
  /** `key` as it stands after the action. */
  | { readonly kind: 'taken'; readonly action: EnforcementAction; readonly key: ApiKey; readonly tenant: Tenant };

export async function takeKeyAction(deps: KeyActionDeps, request: KeyActionRequest): Promise<KeyActionResult> {
  const found = await findKey(deps.accounts, request.ref, { bySecret: request.bySecret });
  if (found.kind !== 'found') return found;
  const { key, tenant } = found;
  if (key.status === 'revoked') return { kind: 'revoked', key };
  const action = await takeAction(
    deps.enforcement,
    {
      keyId: key.id,
      tenantId: tenant.id,
      kind: request.kind,
      at: request.at,
      until: request.forMs === null ? null : request.at + request.forMs,
      actor: `operator:${request.operator}`,
      rule: null,
      score: null,
      note: request.note,
      violationIds: [],
      evidence: { previous_status: key.status, previous_suspended_until: isoOrNull(key.suspendedUntil), ...channelEvidence(request.channel) },
    },
    { notify: deps.notify, context: { tenantName: tenant.name, keyPrefix: key.prefix, violations: [] } },
  );
  deps.actionTaken?.(action);
  const updated = (await deps.accounts.getKey(key.id)) ?? key;
  return { kind: 'taken', action, key: updated, tenant };
}

function channelEvidence(channel: ActionChannel): Record<string, string> {
  return channel.via === 'cli' ? { via: 'cli' } : { via: 'admin_api', admin_token: channel.adminTokenId };
}

/** Evidence times as every other stored evidence has them: ISO 8601 with milliseconds. */
function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
