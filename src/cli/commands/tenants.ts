/**
 * `cordon tenants attest-secret|country-mismatch`: per-tenant enforcement settings kept in the store.
 * An attestation secret is printed once and stored as it is: HMAC verification needs the key itself,
 * so unlike an API key it cannot be kept as a hash (docs/attestation.md).
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import type { Tenant } from '../../domain/account.js';
import type { Store } from '../../store/port.js';
import type { StoreCliContext } from '../context.js';
import { CommandError, runAction, writeJson } from '../output.js';

export const ATTESTATION_SECRET_PREFIX = 'cas_';

interface SecretOptions {
  readonly json?: boolean;
  readonly revoke?: boolean;
}

export function tenantsCommand(ctx: StoreCliContext): Command {
  const tenants = cliCommand('tenants', 'Per-tenant enforcement settings: the attestation secret, the country-mismatch signal.', ctx);

  tenants
    .command('attest-secret')
    .description('Create (or replace) the tenant\'s secret for signing end-user addresses (x-cordon-end-user) and print it once; the tenant may attest from now on.')
    .argument('<tenant>', 'tenant name')
    .option('--revoke', 'remove the secret instead: the tenant may no longer attest')
    .option('--json', 'print one JSON object')
    .action((name: string, options: SecretOptions) => runAction(ctx, () => attestSecret(ctx, name, options)));

  tenants
    .command('country-mismatch')
    .description('Count (on) or ignore (off) requests from outside the tenant\'s registered country; "config" follows the config file.')
    .argument('<tenant>', 'tenant name')
    .argument('<setting>', 'on, off or config')
    .option('--json', 'print one JSON object')
    .action((name: string, setting: string, options: { json?: boolean }) => runAction(ctx, () => countryMismatch(ctx, name, setting, options)));
  return tenants;
}

async function attestSecret(ctx: StoreCliContext, name: string, options: SecretOptions): Promise<void> {
  await withTenant(ctx, name, async (store, tenant) => {
    if (options.revoke === true) {
      await store.enforcement.setAttestationSecret(tenant.id, null);
      if (options.json === true) writeJson(ctx, { tenant: tenant.name, tenant_id: tenant.id, may_attest: false });
      else ctx.out.write(`Tenant ${tenant.name} may no longer attest end-user addresses; its secret is deleted.\n`);
      return;
    }
    const secret = ATTESTATION_SECRET_PREFIX + randomBytes(32).toString('base64url');
    const previous = await store.enforcement.getTenantEnforcement(tenant.id);
    await store.enforcement.setAttestationSecret(tenant.id, secret);
    if (options.json === true) {
      writeJson(ctx, { secret, tenant: tenant.name, tenant_id: tenant.id, may_attest: true, replaced: previous.attestationSecret !== null });
      return;
    }
    ctx.out.write(
      `${secret}\n\nStore this secret now: it cannot be shown again.${previous.attestationSecret !== null ? ' The previous secret no longer works.' : ''}\n` +
        `Tenant ${tenant.name} may now send x-cordon-end-user headers signed with it (docs/attestation.md).\n`,
    );
  });
}

async function countryMismatch(ctx: StoreCliContext, name: string, setting: string, options: { json?: boolean }): Promise<void> {
  const value = ({ on: true, off: false, config: null } as const)[setting as 'on' | 'off' | 'config'];
  if (value === undefined) throw new CommandError(`The setting must be on, off or config, not "${setting}".`);
  await withTenant(ctx, name, async (store, tenant) => {
    await store.enforcement.setCountryMismatch(tenant.id, value);
    const effective = value ?? ctx.enforcementSettings().tenants.get(tenant.name)?.countryMismatch ?? ctx.enforcementSettings().defaults.countryMismatch;
    if (options.json === true) writeJson(ctx, { tenant: tenant.name, tenant_id: tenant.id, country_mismatch: effective, source: value === null ? 'config' : 'store' });
    else ctx.out.write(`Country mismatch for tenant ${tenant.name}: ${effective ? 'counted' : 'ignored'}${value === null ? ' (from the config)' : ''}.\n`);
  });
}

async function withTenant(ctx: StoreCliContext, name: string, body: (store: Store, tenant: Tenant) => Promise<void>): Promise<void> {
  const store = await ctx.openStore();
  try {
    const tenant = await store.accounts.findTenantByName(name.trim());
    if (tenant === null) throw new CommandError(`No tenant is named ${name}; tenants are created with "cordon keys create --tenant NAME".`);
    await body(store, tenant);
  } finally {
    await store.close();
  }
}
