/**
 * `cordon admin-tokens create|list|revoke`: the bearer tokens of the admin API and dashboard. Only a
 * token's hash is stored; `create` prints the secret once.
 */
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import { adminTokenView } from '../../operations/index.js';
import { ADMIN_ROLES, isAdminRole, type AdminToken, type AdminTokenStore } from '../../store/admin-token-port.js';
import type { StoreCliContext } from '../context.js';
import { CommandError, isoTime, runAction, table, writeJson } from '../output.js';

type Ctx = Pick<StoreCliContext, 'out' | 'err' | 'openStore'>;

interface JsonFlag {
  readonly json?: boolean;
}
interface CreateOptions extends JsonFlag {
  readonly role: string;
  readonly name?: string;
}

export function adminTokensCommand(ctx: Ctx): Command {
  const cmd = cliCommand('admin-tokens', 'Create, list and revoke the tokens operators present to the admin API and dashboard.', ctx);

  cmd
    .command('create')
    .description('Create a token and print it once; only its hash is stored. "read" may look, "admin" may also change things.')
    .requiredOption('--role <role>', `${ADMIN_ROLES.join(' or ')}`)
    .option('--name <name>', 'who or what holds it (shown in listings)', 'operator')
    .option('--json', 'print one JSON object: token, id, name, role, prefix')
    .action((options: CreateOptions) => runAction(ctx, () => create(ctx, options)));

  cmd
    .command('list')
    .description('List tokens (id, prefix, name, role, created, last used, revoked); secrets are never shown.')
    .option('--json', 'print a JSON array')
    .action((options: JsonFlag) => runAction(ctx, () => listTokens(ctx, options)));

  cmd
    .command('revoke')
    .description('Revoke a token by its id (adm_…) or its displayed prefix (ck-admin-…, if it names one token).')
    .argument('<id-or-prefix>', 'as shown by "cordon admin-tokens list"')
    .option('--json', 'print the revoked token as a JSON object')
    .action((idOrPrefix: string, options: JsonFlag) => runAction(ctx, () => revoke(ctx, idOrPrefix, options)));

  return cmd;
}

async function create(ctx: Ctx, options: CreateOptions): Promise<void> {
  if (!isAdminRole(options.role)) throw new CommandError(`--role must be ${ADMIN_ROLES.join(' or ')}, not "${options.role}".`);
  const role = options.role;
  const name = (options.name ?? 'operator').trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) throw new CommandError('--name must be 1 to 200 printable characters.');
  await withTokens(ctx, async (tokens) => {
    const { token, secret } = await tokens.create({ name, role });
    if (options.json === true) {
      writeJson(ctx, { token: secret, ...tokenJson(token) });
      return;
    }
    ctx.out.write(`${secret}\n\nStore this token now: it cannot be shown again.\n  id      ${token.id}\n  name    ${token.name}\n  role    ${token.role}\n  prefix  ${token.prefix}\n`);
  });
}

async function listTokens(ctx: Ctx, options: JsonFlag): Promise<void> {
  await withTokens(ctx, async (tokens) => {
    const all = await tokens.list();
    if (options.json === true) {
      writeJson(ctx, all.map(tokenJson));
      return;
    }
    if (all.length === 0) {
      ctx.out.write('No admin tokens. Create one with "cordon admin-tokens create --role read".\n');
      return;
    }
    const rows = all.map((t) => [t.id, t.prefix, t.name, t.role, isoTime(t.createdAt), isoTime(t.lastUsedAt), t.revokedAt === null ? '-' : isoTime(t.revokedAt)]);
    ctx.out.write(table(['ID', 'PREFIX', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'], rows));
  });
}

async function revoke(ctx: Ctx, idOrPrefix: string, options: JsonFlag): Promise<void> {
  await withTokens(ctx, async (tokens) => {
    const token = await tokens.revoke(idOrPrefix.trim());
    if (token === null) throw new CommandError(`No admin token has the id or prefix ${idOrPrefix}; see "cordon admin-tokens list".`);
    if (options.json === true) {
      writeJson(ctx, tokenJson(token));
      return;
    }
    ctx.out.write(`Revoked ${token.id} (${token.prefix}…, ${token.name}) at ${isoTime(token.revokedAt)}.\n`);
  });
}

async function withTokens(ctx: Ctx, body: (tokens: AdminTokenStore) => Promise<void>): Promise<void> {
  const store = await ctx.openStore();
  try {
    await body(store.adminTokens);
  } finally {
    await store.close();
  }
}

function tokenJson(t: AdminToken) {
  return adminTokenView(t, isoTime);
}
