/**
 * `cordon accounts show|reinstate|suspend|block`: the standing of keys under enforcement, and the
 * operator's side of the ladder (docs/enforcement.md). Every action is recorded with the operator, the
 * note (for a reinstatement: the appeal) and, when a webhook is configured, announced through the
 * outbox (the running gateway delivers it).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import type { ActionKind } from '../../domain/enforcement.js';
import { parseDuration } from '../../enforcement/index.js';
import { accountStanding } from '../../operations/account-standing.js';
import { takeKeyAction } from '../../operations/key-actions.js';
import type { Store } from '../../store/port.js';
import type { StoreCliContext } from '../context.js';
import { CommandError, isoTime, runAction, writeJson } from '../output.js';
import { findTarget, keyLookupError } from './account-target.js';
import { actionJson, actionsTable, keyJson, scoresJson, scoresText, statusText, tenantJson, violationJson, violationsTable } from './accounts-view.js';

interface ShowOptions {
  readonly json?: boolean;
  readonly limit: string;
}
interface ActOptions {
  readonly json?: boolean;
  readonly note: string;
  readonly by?: string;
  readonly for?: string;
}

export function accountsCommand(ctx: StoreCliContext): Command {
  const accounts = cliCommand('accounts', 'Enforcement standing of keys and tenants: show, reinstate (the appeal), suspend, block.', ctx);

  accounts
    .command('show')
    .description('Status, score per ladder rung, violations with their evidence, and actions of a key or of every key of a tenant.')
    .argument('<key-or-tenant>', 'key id (key_…), displayed prefix (sk-cordon-…) or tenant name')
    .option('--limit <n>', 'violations and actions to list, newest first', '20')
    .option('--json', 'print one JSON object')
    .action((target: string, options: ShowOptions) => runAction(ctx, () => show(ctx, target, options)));

  const act = (name: ActionKind, description: string) =>
    accounts
      .command(name)
      .description(description)
      .argument('<key>', 'key id (key_…) or displayed prefix (sk-cordon-…)')
      .requiredOption('--note <text>', name === 'reinstate' ? 'the appeal or the reason, kept with the record' : 'the reason, kept with the record')
      .option('--by <name>', 'operator name for the record (default: the user running the command)')
      .option('--json', 'print the recorded action as JSON');
  act('reinstate', 'Reinstate a warned, suspended or blocked key (status active); its earlier violations no longer count.').action((key: string, o: ActOptions) => runAction(ctx, () => operate(ctx, 'reinstate', key, o)));
  act('suspend', 'Suspend a key for a time (403 account_suspended until it ends).')
    .requiredOption('--for <duration>', 'how long, e.g. 30m, 12h, 7d')
    .action((key: string, o: ActOptions) => runAction(ctx, () => operate(ctx, 'suspend', key, o)));
  act('block', 'Block a key until it is reinstated (403 account_blocked).').action((key: string, o: ActOptions) => runAction(ctx, () => operate(ctx, 'block', key, o)));
  act('warn', 'Warn a key (x-cordon-warning on its responses until reinstated).').action((key: string, o: ActOptions) => runAction(ctx, () => operate(ctx, 'warn', key, o)));
  return accounts;
}

async function show(ctx: StoreCliContext, text: string, options: ShowOptions): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new CommandError('--limit must be a positive whole number.');
  await withStore(ctx, async (store) => {
    const target = await findTarget(store.accounts, text);
    const { tenant } = target;
    const now = ctx.now();
    const deps = { accounts: store.accounts, enforcement: store.enforcement, settings: ctx.enforcementSettings() };
    const [{ policy, keys: standings, violations, actions }, settings] = await Promise.all([
      accountStanding(deps, { tenant, key: target.kind === 'key' ? target.key : null }, limit, now),
      store.enforcement.getTenantEnforcement(tenant.id),
    ]);
    if (options.json === true) {
      writeJson(ctx, {
        tenant: tenantJson(tenant, settings, policy),
        keys: standings.map((s) => ({ ...keyJson(s.key, tenant), scores: scoresJson(s.scores) })),
        violations: violations.map(violationJson),
        actions: actions.map(actionJson),
      });
      return;
    }
    ctx.out.write(`tenant  ${tenant.name} (${tenant.id}, registered country ${tenant.registeredCountry ?? 'none'}, may attest: ${settings.mayAttest ? 'yes' : 'no'})\n`);
    for (const s of standings) ctx.out.write(`key     ${s.key.id} (${s.key.prefix}…)  ${statusText(s.key, now)}\n        score ${scoresText(s.scores)}\n`);
    ctx.out.write(`\nViolations (newest ${limit}):\n${violationsTable(violations)}\nActions (newest ${limit}):\n${actionsTable(actions)}`);
  });
}

async function operate(ctx: StoreCliContext, kind: ActionKind, keyText: string, options: ActOptions): Promise<void> {
  const note = options.note.trim();
  if (note === '') throw new CommandError('--note must not be empty: say why (it is kept with the record).');
  const forMs = kind === 'suspend' ? parseDuration(options.for ?? '') : null;
  if (kind === 'suspend' && forMs === null) throw new CommandError(`--for must be a duration such as 30m, 12h or 7d, not "${options.for ?? ''}".`);
  const operator = options.by?.trim() || operatorName();
  const settings = ctx.enforcementSettings();
  await withStore(ctx, async (store) => {
    const result = await takeKeyAction(
      { accounts: store.accounts, enforcement: store.enforcement, notify: settings.webhook !== null },
      { ref: keyText.trim(), bySecret: true, kind, note, forMs, operator, channel: { via: 'cli' }, at: ctx.now() },
    );
    if (result.kind === 'revoked') throw new CommandError(`Key ${result.key.id} is revoked; a revoked key cannot be ${kind === 'reinstate' ? 'reinstated' : `given a ${kind}`}.`);
    if (result.kind !== 'taken') throw keyLookupError(result, keyText);
    const { action, key, tenant } = result;
    if (options.json === true) {
      writeJson(ctx, actionJson(action));
      return;
    }
    const what = kind === 'suspend' ? `suspended until ${isoTime(action.until)}` : kind === 'reinstate' ? 'reinstated (active)' : kind === 'block' ? 'blocked' : 'warned';
    ctx.out.write(`Key ${key.id} (${key.prefix}…) of tenant ${tenant.name} ${what}; recorded as ${action.id} by ${action.actor}.${settings.webhook !== null ? ' The webhook is queued.' : ''}\n`);
  });
}

function operatorName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

async function withStore(ctx: StoreCliContext, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await ctx.openStore();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}
