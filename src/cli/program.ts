/**
 * The `cordon` program: every command group, loaded only when it runs (see COMMANDS).
 */
import { Command } from 'commander';
import { createCliContext, type FullCliContext } from './create-context.js';
import type { CliIo } from './context.js';

/**
 * Every command group, loaded only when it runs: a command imports what it needs (the gateway, the
 * geo data, PostgreSQL's client…) and nothing else, so `cordon keys list` does not load the gateway.
 * In the order `cordon --help` lists them.
 */
const COMMANDS: Readonly<Record<string, (ctx: FullCliContext, io: CliIo) => Promise<Command>>> = {
  serve: async (ctx) => (await import('./commands/serve.js')).serveCommand(ctx),
  check: async (ctx) => (await import('./commands/check.js')).checkCommand(ctx),
  keys: async (ctx) => (await import('./commands/keys.js')).keysCommand(ctx),
  migrate: async (ctx) => (await import('./commands/migrate.js')).migrateCommand({ ...ctx, storeUrl: () => ctx.config().storeUrl }),
  policy: async (ctx) => (await import('./commands/policy.js')).policyCommand(ctx),
  presets: async (_ctx, io) => (await import('./commands/presets.js')).presetsCommand(io),
  geo: async (ctx) => (await import('./commands/geo.js')).geoCommand(ctx),
  data: async (ctx) => (await import('./commands/data.js')).dataCommand(ctx),
  audit: async (ctx) => (await import('./commands/audit.js')).auditCommand(ctx),
  usage: async (ctx) => (await import('./commands/usage.js')).usageCommand(ctx),
  reach: async (ctx) => (await import('./commands/reach.js')).reachCommand(ctx),
  accounts: async (ctx) => (await import('./commands/accounts.js')).accountsCommand(ctx),
  tenants: async (ctx) => (await import('./commands/tenants.js')).tenantsCommand(ctx),
  'admin-tokens': async (ctx) => (await import('./commands/admin-tokens.js')).adminTokensCommand(ctx),
};

/**
 * The command group `argv` (arguments after the program) names, past the global `-c/--config FILE`;
 * null when it names none we know (help, a typo): then every group is loaded, for help and suggestions.
 */
export function requestedCommand(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-c' || arg === '--config') {
      i++;
      continue;
    }
    if (arg.startsWith('--config=') || (arg.startsWith('-c') && arg.length > 2)) continue;
    return Object.hasOwn(COMMANDS, arg) ? arg : null;
  }
  return null;
}

/** The program with the command group `argv` asks for, or with all of them. */
export async function buildProgram(argv: readonly string[], argvConfig: () => string | undefined): Promise<Command> {
  const io = { out: process.stdout, err: process.stderr };
  const ctx = createCliContext({ ...io, stdin: () => process.stdin }, argvConfig);
  const program = new Command('cordon')
    .description('Cordon — a region-aware gateway for AI APIs')
    .option('-c, --config <file>', 'config file (default: $CORDON_CONFIG, else built-in defaults)')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  const requested = requestedCommand(argv);
  const names = requested === null ? Object.keys(COMMANDS) : [requested];
  for (const command of await Promise.all(names.map((name) => (COMMANDS[name] as (typeof COMMANDS)[string])(ctx, io)))) program.addCommand(command);
  return program;
}

