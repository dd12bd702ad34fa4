/**
 * `cordon keys create|list|revoke`: API keys and the tenants they belong to, on the configured store.
 * Output goes to ctx.out / ctx.err; a failing action writes one `error:` line and sets
 * process.exitCode (2 for a bad option value, 1 for an action that could not be done), so the store is
 * always closed. Commander's own usage errors (an unknown option, a
 * missing --tenant) and --help are left to commander, as for the root program: they end the process
 * unless the caller applies exitOverride() (the tests do).
 */
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import type { ApiKey } from '../../domain/account.js';
import { createKey, keyView, listKeys, revokeKey } from '../../operations/index.js';
import type { AccountStore } from '../../store/port.js';
import type { CliContext } from '../context.js';
import { CliUsageError } from '../errors.js';
import { CommandError, isoTime, runAction, table, writeJson } from '../output.js';

interface JsonFlag {
  readonly json?: boolean;
}
interface CreateOptions extends JsonFlag {
  readonly tenant: string;
  readonly country?: string;
}
interface ListOptions extends JsonFlag {
  readonly tenant?: string;
}

export function keysCommand(ctx: CliContext): Command {
  const keys = cliCommand('keys', 'Create, list and revoke the API keys callers present to the gateway.', ctx);

  keys
    .command('create')
    .description('Create a key for a tenant (creating the tenant if new) and print it once; only its hash is stored.')
    .requiredOption('--tenant <name>', 'tenant the key belongs to')
    .option('--country <cc>', "tenant's registered country, ISO 3166-1 alpha-2 (e.g. DE); used when the tenant is new")
    .option('--json', 'print one JSON object: key, id, tenant, tenant_id, registered_country, prefix')
    .action((options: CreateOptions) => runAction(ctx, () => create(ctx, options)));

  keys
    .command('list')
    .description('List keys (id, prefix, tenant, status, created); secrets are never shown.')
    .option('--tenant <name>', 'only the keys of this tenant')
    .option('--json', 'print a JSON array')
    .action((options: ListOptions) => runAction(ctx, () => list(ctx, options)));

  keys
    .command('revoke')
    .description('Revoke a key by its id (key_…) or its displayed prefix (sk-cordon-…, if it names one key).')
    .argument('<id-or-prefix>', 'key id or displayed prefix, as shown by "cordon keys list"')
    .option('--json', 'print the revoked key as a JSON object')
    .action((idOrPrefix: string, options: JsonFlag) => runAction(ctx, () => revoke(ctx, idOrPrefix, options)));

  return keys;
}

async function create(ctx: CliContext, options: CreateOptions): Promise<void> {
  const name = parseTenantName(options.tenant);
  const country = options.country === undefined ? null : parseCountry(options.country);
  await withStore(ctx, async (store) => {
    const tenant = await store.ensureTenant({ name, registeredCountry: country });
    if (country !== null && tenant.registeredCountry !== country) {
      ctx.err.write(`note: tenant ${name} already exists with registered country ${tenant.registeredCountry ?? 'none'}; --country ${country} was not applied\n`);
    }
    const { key, secret } = await createKey(store, tenant);
    if (options.json === true) {
      writeJson(ctx, { key: secret, id: key.id, tenant: tenant.name, tenant_id: tenant.id, registered_country: tenant.registeredCountry, prefix: key.prefix });
      return;
    }
    // The key alone on standard output, so `KEY=$(cordon keys create …)` captures just the key; the
    // notes go to standard error, which a terminal shows beside it.
    ctx.out.write(`${secret}\n`);
    ctx.err.write(
      `\nStore this key now: it cannot be shown again.\n` +
        `  tenant  ${tenant.name} (${tenant.id}, registered country ${tenant.registeredCountry ?? 'none'})\n` +
        `  key id  ${key.id}\n  prefix  ${key.prefix}\n`,
    );
  });
}

async function list(ctx: CliContext, options: ListOptions): Promise<void> {
  const name = options.tenant === undefined ? undefined : parseTenantName(options.tenant);
  await withStore(ctx, async (store) => {
    let tenantId: string | undefined;
    if (name !== undefined) {
      const tenant = await store.findTenantByName(name);
      if (tenant === null) throw new CommandError(`No tenant is named ${name}.`);
      tenantId = tenant.id;
    }
    const keys = await listKeys(store, tenantId === undefined ? {} : { tenantId });
    if (options.json === true) {
      writeJson(ctx, keys.map(({ key, tenant }) => keyView(key, tenant, isoTime)));
      return;
    }
    if (keys.length === 0) {
      ctx.out.write(name === undefined ? 'No keys.\n' : `No keys for tenant ${name}.\n`);
      return;
    }
    const rows = keys.map(({ key, tenant }) => [key.id, key.prefix, tenant?.name ?? key.tenantId, statusText(key), isoTime(key.createdAt)]);
    ctx.out.write(table(['ID', 'PREFIX', 'TENANT', 'STATUS', 'CREATED'], rows));
  });
}

async function revoke(ctx: CliContext, idOrPrefix: string, options: JsonFlag): Promise<void> {
  await withStore(ctx, async (store) => {
    const revoked = await revokeKey(store, idOrPrefix.trim());
    if (revoked === null) throw new CommandError(`No key has the id or prefix ${idOrPrefix}; see "cordon keys list".`);
    const { key, tenant } = revoked;
    if (options.json === true) {
      writeJson(ctx, keyView(key, tenant, isoTime));
      return;
    }
    ctx.out.write(`Revoked ${key.id} (${key.prefix}…) of tenant ${tenant?.name ?? key.tenantId} at ${isoTime(key.revokedAt)}.\n`);
  });
}

/** Opens the store for one command and always closes it. */
async function withStore(ctx: CliContext, body: (store: AccountStore) => Promise<void>): Promise<void> {
  const opened = await ctx.openAccountStore();
  try {
    await body(opened.store);
  } finally {
    await opened.close();
  }
}

function parseCountry(value: string): string {
  const cc = value.trim();
  if (!/^[A-Za-z]{2}$/.test(cc)) {
    throw new CliUsageError(`--country must be a two-letter ISO 3166-1 alpha-2 code such as DE or US, not "${value}".`);
  }
  return cc.toUpperCase();
}

function parseTenantName(value: string): string {
  const name = value.trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new CliUsageError('--tenant must be 1 to 200 printable characters.');
  }
  return name;
}

function statusText(key: ApiKey): string {
  return key.status === 'suspended' && key.suspendedUntil !== null ? `suspended until ${isoTime(key.suspendedUntil)}` : key.status;
}
