/**
 * `cordon check IP [IP…]` and `cordon check -`: the full decision for each address, per provider, and
 * why — under the policy the gateway runs (the latest applied version in the store, else the config's),
 * at `--at` or now. Policy, geo data and options are opened once; then each address costs a lookup, an
 * evaluation and its formatting, written in large batches (a day of logs through standard input).
 */
import { Command } from 'commander';
import type { OriginHandle } from '../../app/origin.js';
import { policySource } from '../../app/policy-context.js';
import { livePolicy } from '../../operations/index.js';
import type { AccountFacts } from '../../domain/account.js';
import type { Decision } from '../../domain/decision.js';
import type { Origin } from '../../domain/origin.js';
import { normalizeIp, parseIp } from '../../origin/index.js';
import { checkJson, describeOrigin, evaluateForProviders, explainDecision, parseInstant, type CompiledPolicy } from '../../policy/index.js';
import { BatchedOutput } from '../batched-output.js';
import { openOriginForCommand } from '../open-origin.js';
import type { FullCliContext } from '../create-context.js';
import { lineBatches } from '../line-input.js';
import { RecentRecords } from '../recent-records.js';
import { CliUsageError } from '../errors.js';

export { checkJson } from '../../policy/index.js';

interface CheckOptions {
  readonly provider?: string;
  readonly at?: string;
  readonly key?: string;
  readonly json?: boolean;
}

const NOT_AN_ADDRESS = 'not an IPv4 or IPv6 address';

const HELP = `
Addresses:
  Several addresses are checked in the order given. "-" reads them from
  standard input instead, one per line, and takes no other address: blank
  lines and lines starting with "#" are skipped, spaces around an address are
  ignored. --provider, --at and --key apply to every address; without --at,
  every address is judged at the instant the command started.

Output:
  One block per address (its origin, then each provider's decision), blocks
  separated by a blank line. --json: one JSON object per address, one per line
  (JSON Lines), in input order. A line of standard input that is not an
  address gives {"line":N,"input":"...","error":"${NOT_AN_ADDRESS}"}
  in its place (without --json, a message on standard error), and the rest is
  still checked.

Exit status:
  0  every address was checked
  1  a line of standard input was not an address (every other line was
     checked), or the check failed
  2  usage error, such as an argument that is not an address
`;

/** What every address is judged under: opened once per run. */
interface CheckRun {
  readonly policy: CompiledPolicy;
  readonly at: number;
  readonly providers: readonly string[];
  readonly account: AccountFacts | null;
  readonly origin: OriginHandle;
}

/**
 * How a run prints: an address's record (a pure function of the address within a run, so it can be
 * kept for the address's next line), what goes between two records, and what stands in for a line
 * that is not an address (null for nothing). Records are given without their final line end.
 */
interface Printer {
  readonly between: string;
  address(ip: string): string;
  notAddress(line: number, input: string): string | null;
}

/**
 * Records kept for addresses seen recently: logs repeat their callers, and a repeat then costs a copy
 * instead of geo, policy and JSON again (~20 µs a record with four providers). 128 MiB holds ~75,000
 * JSON records of four providers.
 */
const RECENT_RECORD_BYTES = 128 * 1024 * 1024;

export function checkCommand(ctx: FullCliContext): Command {
  return new Command('check')
    .description('explain the decision for client addresses: origin facts, then allow/deny per provider and the rule that decided')
    .argument('<ip...>', 'client IPv4 or IPv6 addresses, or - to read them from standard input, one per line')
    .option('-p, --provider <id>', 'only this provider (any configured provider, or one with a preset: openai, anthropic, gemini, deepseek)')
    .option('--at <date>', 'evaluate at this instant (ISO date or date-time with zone), e.g. 2025-06-30')
    .option('-k, --key <secret>', 'evaluate as this API key (tenant and registered country)')
    .option('--json', 'print one JSON object per address, one per line')
    .addHelpText('after', HELP)
    .action(async (inputs: string[], opts: CheckOptions) => {
      const addresses = commandLineAddresses(inputs);
      const run = await openRun(ctx, opts);
      const output = new BatchedOutput(ctx.out);
      const printer = opts.json === true ? jsonPrinter(run) : textPrinter(run, ctx);
      let bad: BadLines;
      try {
        bad = await checkLines(addresses === 'stdin' ? lineBatches(ctx.stdin()) : [addresses], printer, output);
        await output.end();
      } finally {
        await run.origin.close();
      }
      if (bad.count > 0) {
        ctx.err.write(`cordon: lines of standard input that are not an address: ${bad.count} (first: line ${bad.first})\n`);
        process.exitCode = 1;
      }
    });
}

/** The addresses given as arguments, normalised; `'stdin'` for `-`. A bad argument is a usage error. */
function commandLineAddresses(inputs: readonly string[]): readonly string[] | 'stdin' {
  if (inputs.includes('-')) {
    if (inputs.length > 1) throw new CliUsageError('"-" reads the addresses from standard input and takes no other address');
    return 'stdin';
  }
  return inputs.map((input) => {
    const ip = normalizeIp(input);
    if (ip === null) throw new CliUsageError(`"${input}" is ${NOT_AN_ADDRESS}`);
    return ip;
  });
}

async function openRun(ctx: FullCliContext, opts: CheckOptions): Promise<CheckRun> {
  const at = opts.at === undefined ? Date.now() : parseInstant(opts.at);
  if (at === null) throw new CliUsageError(`--at "${opts.at}": expected an ISO date such as 2025-06-30 or a date-time with a zone such as 2025-06-30T12:00:00Z`);
  const config = ctx.config();
  const policy = await livePolicyAt(ctx, at);
  const providers = opts.provider === undefined ? config.providers.map((p) => p.id) : [opts.provider];
  if (opts.provider !== undefined && !policy.providers.includes(opts.provider)) {
    throw new CliUsageError(`unknown provider "${opts.provider}"; known: ${policy.providers.join(', ')}`);
  }
  const account = opts.key === undefined ? null : await accountFor(ctx, opts.key);
  const origin = await openOriginForCommand(ctx.err, config);
  return { policy, at, providers, account, origin };
}

interface BadLines {
  count: number;
  /** 1-based line number of the first one; 0 when there is none. */
  first: number;
}

/**
 * Checks each address line in order, each batch of lines written before the next is read; stops early
 * when the reader of the output has gone.
 */
async function checkLines(batches: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, printer: Printer, output: BatchedOutput): Promise<BadLines> {
  const bad: BadLines = { count: 0, first: 0 };
  const recent = new RecentRecords(RECENT_RECORD_BYTES);
  let lineNo = 0;
  let printed = 0;
  for await (const lines of batches) {
    for (const line of lines) {
      lineNo++;
      const text = line.trim();
      if (text === '' || text.charCodeAt(0) === 0x23 /* # */) continue;
      let record: string | Uint8Array | null | undefined = recent.get(text);
      if (record === undefined) {
        // Only validated here: the origin normalises the address itself (formatting IPv6 text once more is not free).
        if (parseIp(text) === null) {
          if (bad.count++ === 0) bad.first = lineNo;
          record = printer.notAddress(lineNo, text);
          if (record === null) continue;
          record += '\n';
        } else {
          record = recent.set(text, printer.address(text));
        }
      }
      if (printed++ > 0 && printer.between !== '') output.add(printer.between);
      if (output.add(record)) {
        await output.flush();
        if (output.closed) return bad;
      }
    }
    // What was read is answered before waiting for more: `tail -f … | cordon check -` keeps up.
    await output.flush();
    if (output.closed) return bad;
  }
  return bad;
}

/** The origin the gateway would give a client connecting from `ip` directly, and each provider's decision on it. */
function decide(run: CheckRun, ip: string): { origin: Origin; decisions: Decision[] } {
  // The gateway's own origin for a direct client: geo facts and the anonymizer lists' flags.
  const origin = run.origin.origin(ip);
  return { origin, decisions: evaluateForProviders(run.policy, { origin, account: run.account, at: run.at }, run.providers) };
}

/** JSON Lines: today's single-address object, one per line; a line that is not an address says so in its place. */
function jsonPrinter(run: CheckRun): Printer {
  return {
    between: '',
    address(ip) {
      const { origin, decisions } = decide(run, ip);
      return JSON.stringify(checkJson(origin, decisions, run.at, run.policy.hash));
    },
    notAddress: (line, input) => JSON.stringify({ line, input, error: NOT_AN_ADDRESS }),
  };
}

/** Today's text block per address, blocks separated by a blank line; a line that is not an address goes to stderr. */
function textPrinter(run: CheckRun, ctx: FullCliContext): Printer {
  return {
    between: '\n',
    address(ip) {
      const { origin, decisions } = decide(run, ip);
      return `${describeOrigin(origin)}\n\n${decisions.map((d) => explainDecision(d, run.policy)).join('\n\n')}`;
    },
    notAddress(line, input) {
      ctx.err.write(`cordon: line ${line}: "${input}" is ${NOT_AN_ADDRESS}\n`);
      return null;
    },
  };
}

async function livePolicyAt(ctx: FullCliContext, at: number) {
  const store = await ctx.openStore();
  try {
    return (await livePolicy(policySource(ctx.config(), store), at)).compiled;
  } finally {
    await store.close();
  }
}

async function accountFor(ctx: FullCliContext, secret: string): Promise<AccountFacts> {
  const { store, close } = await ctx.openAccountStore();
  try {
    const found = await store.findKeyBySecret(secret);
    if (!found) throw new CliUsageError('--key: no such API key in the configured store');
    return { keyId: found.key.id, tenantId: found.tenant.id, tenantName: found.tenant.name, registeredCountry: found.tenant.registeredCountry };
  } finally {
    await close();
  }
}
