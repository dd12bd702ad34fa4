/**
 * Accounts under enforcement: keys with violations over a period, one key's evidence timeline, and
 * the operator's actions (reinstate — the appeal —, warn, suspend, block), each recorded with the
 * admin token's name as the actor and the operator's note by the operation `cordon accounts` uses too
 * (src/operations/key-actions.ts).
 */
import type { ApiKey, Tenant } from '../../domain/account.js';
import type { ActionKind, EnforcementAction, Violation } from '../../domain/enforcement.js';
import type { EnforcementSettings } from '../../enforcement/index.js';
import { violationJson } from '../../enforcement/service/index.js';
import { CordonError } from '../../errors/index.js';
import { accountStanding, actionView, findKey, listKeys, roundScore, scoresView, takeKeyAction, type KeyLookup } from '../../operations/index.js';
import type { EnforcementStore } from '../../store/enforcement-port.js';
import type { AccountStore } from '../../store/port.js';
import type { ACCOUNT_ENDPOINTS } from '../contract/accounts.js';
import { invalid, notFound, period } from '../request.js';
import type { AdminInput, Handlers } from '../router.js';
import { isoTime, keyJson, list } from '../wire.js';

export interface AccountRouteDeps {
  readonly accounts: AccountStore;
  readonly enforcement: EnforcementStore;
  readonly settings: EnforcementSettings;
  /** Told of every action taken here, once committed (the app counts it and sends its webhook). */
  readonly actionTaken?: (action: EnforcementAction) => void;
}

const STATUS_ORDER: Readonly<Record<ApiKey['status'], number>> = { blocked: 0, suspended: 1, warned: 2, active: 3, revoked: 4 };

export function accountHandlers(deps: AccountRouteDeps): Handlers<typeof ACCOUNT_ENDPOINTS> {
  return {
    listAccounts: (input) => listAccounts(deps, input),
    getAccount: (input) => showAccount(deps, input),
    reinstateAccount: (input) => operate(deps, 'reinstate', input),
    warnAccount: (input) => operate(deps, 'warn', input),
    suspendAccount: (input) => operate(deps, 'suspend', input, input.body.for),
    blockAccount: (input) => operate(deps, 'block', input),
  };
}

async function listAccounts(deps: AccountRouteDeps, { query, at }: AdminInput<typeof ACCOUNT_ENDPOINTS.listAccounts>) {
  const range = period(query, at, 24 * 7);
  const violations = (await deps.enforcement.listViolations({ since: range.from - 1, limit: query.limit })).filter((v) => v.at < range.to);
  const keys = await listKeys(deps.accounts);
  const byKey = new Map<string, Violation[]>();
  for (const v of violations) {
    const own = byKey.get(v.keyId);
    if (own) own.push(v);
    else byKey.set(v.keyId, [v]);
  }
  const rows = keys
    .filter(({ key: k }) => byKey.has(k.id) || k.status === 'warned' || k.status === 'suspended' || k.status === 'blocked')
    .map(({ key: k, tenant }) => {
      const own = byKey.get(k.id) ?? [];
      return {
        ...keyJson(k, tenant),
        violations: own.length,
        weight: roundScore(own.reduce((n, v) => n + v.weight, 0)),
        signals: [...new Set(own.map((v) => v.signal))].sort(),
        countries: [...new Set(own.flatMap((v) => (v.origin.country === null ? [] : [v.origin.country])))].sort(),
        last_violation_at: own.length === 0 ? null : isoTime(Math.max(...own.map((v) => v.at))),
      };
    })
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.weight - a.weight || a.id.localeCompare(b.id));
  return list(rows, { from: isoTime(range.from), to: isoTime(range.to) });
}

async function showAccount(deps: AccountRouteDeps, { params, query, at }: AdminInput<typeof ACCOUNT_ENDPOINTS.getAccount>) {
  const { key, tenant } = await requireKey(deps.accounts, params.key);
  const { keys, violations, actions } = await accountStanding(deps, { tenant, key }, query.limit, at);
  const scores = keys[0]?.scores ?? []; // the one key asked for
  return {
    key: keyJson(key, tenant),
    tenant: { id: tenant.id, name: tenant.name, registered_country: tenant.registeredCountry },
    scores: scoresView(scores, isoTime),
    timeline: timeline(violations, actions),
  };
}

/** Violations and actions in one list, newest first. */
function timeline(violations: readonly Violation[], actions: readonly EnforcementAction[]) {
  const items = [
    ...violations.map((v) => ({ at: v.at, item: { type: 'violation' as const, ...violationJson(v) } })),
    ...actions.map((a) => ({ at: a.at, item: { type: 'action' as const, ...actionView(a, isoTime) } })),
  ];
  return items.sort((a, b) => b.at - a.at).map((x) => x.item);
}

/** What every action takes: the key, the operator's note, and who and when. */
type ActionInput = Pick<AdminInput<typeof ACCOUNT_ENDPOINTS.warnAccount>, 'params' | 'body' | 'at' | 'token'>;

/** Takes an operator's action on a key; `forMs`, how long a suspension lasts. */
async function operate(deps: AccountRouteDeps, kind: ActionKind, { params, body, at, token }: ActionInput, forMs?: number) {
  const result = await takeKeyAction(
    { accounts: deps.accounts, enforcement: deps.enforcement, notify: deps.settings.webhook !== null, actionTaken: deps.actionTaken },
    { ref: params.key, kind, note: body.note, forMs: forMs ?? null, operator: token.name, channel: { via: 'admin_api', adminTokenId: token.id }, at },
  );
  if (result.kind === 'revoked') throw new CordonError('caller_admin_conflict', { detail: `Key ${result.key.id} is revoked; a revoked key cannot be given a ${kind}.` });
  if (result.kind !== 'taken') throw lookupError(result, params.key);
  return { action: actionView(result.action, isoTime), key: keyJson(result.key, result.tenant) };
}

async function requireKey(accounts: AccountStore, ref: string): Promise<{ key: ApiKey; tenant: Tenant }> {
  const found = await findKey(accounts, ref);
  if (found.kind !== 'found') throw lookupError(found, ref);
  return found;
}

function lookupError(miss: Exclude<KeyLookup, { kind: 'found' }>, ref: string): CordonError {
  return miss.kind === 'ambiguous' ? invalid('key', `The prefix ${ref} matches more than one key; use the key id.`) : notFound(`No API key has the id or prefix ${ref}.`);
}
