/**
 * `cordon policy shadow FILE|VERSION` / `--off`, and `cordon policy shadow-report`: a candidate policy
 * judged beside the live one on every request; only the providers whose effect differs are recorded.
 */
import type { Command } from 'commander';
import { policyContext } from '../../app/policy-context.js';
import { shadowView } from '../../operations/index.js';
import { shortHash } from '../../policy/index.js';
import type { CliIo } from '../context.js';
import { withStore } from '../evidence-context.js';
import { CommandError, isoTime, table, writeJson } from '../output.js';
import { count, csv, describeRange, outputFormat, parseRange, place, type RangeOptions } from '../report-format.js';
import { runPolicyAction, type EvidenceContextSource } from './policy-action.js';
import { resolvePolicyRef } from './policy-ref.js';

interface ReportOptions extends RangeOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly all?: boolean;
}

export function addShadowCommands(policy: Command, io: CliIo, ctx: EvidenceContextSource): void {
  policy
    .command('shadow')
    .description('Run a candidate policy in shadow beside the live one (differences only are recorded), or stop it with --off.')
    .argument('[policy]', 'policy file or stored version (v3)')
    .option('--off', 'stop the shadow policy')
    .option('--json', 'print one JSON object')
    .action((ref: string | undefined, options: { readonly off?: boolean; readonly json?: boolean }) =>
      runPolicyAction(io, ctx, async (c) => {
        if ((ref === undefined) === (options.off !== true)) throw new CommandError('give a policy file or version to shadow, or --off');
        await withStore(c, async (store) => {
          if (options.off === true) {
            const was = await store.evidence.shadow.clear();
            if (options.json === true) return writeJson(c, { ok: true, stopped: was });
            return void c.out.write(was ? 'Shadow policy stopped.\n' : 'No shadow policy was running.\n');
          }
          const resolved = await resolvePolicyRef(ref as string, c, store, policyContext(c.config()));
          if (resolved.document === null) throw new CommandError('shadow a policy file or a stored version');
          const startedAt = c.now();
          await store.evidence.shadow.set({ document: resolved.document, hash: resolved.compiled.hash, source: resolved.label, startedAt });
          if (options.json === true) return writeJson(c, { ok: true, source: resolved.label, hash: resolved.compiled.hash, started_at: isoTime(startedAt) });
          c.out.write(`Shadowing ${resolved.label} (policy ${shortHash(resolved.compiled.hash)}) from ${isoTime(startedAt)}; the running gateway starts within a second or two.\n`);
        });
      }),
    );

  policy
    .command('shadow-report')
    .description('What the shadow policy would have decided differently: per country and provider, requests and keys that would change.')
    .option('--from <date>', 'from this instant (inclusive)')
    .option('--to <date>', 'to this instant (exclusive)')
    .option('--all', 'every shadow policy run in the range, not only the current one')
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV')
    .action((options: ReportOptions) =>
      runPolicyAction(io, ctx, async (c) => {
        const format = outputFormat(options);
        const range = parseRange(options);
        const { shadow, rows } = await withStore(c, async (store) => {
          const running = await store.evidence.shadow.get();
          return { shadow: running, rows: await store.evidence.shadow.report(range, options.all === true ? null : running?.hash ?? null) };
        });
        const change = (r: (typeof rows)[number]) => (r.change === 'allow_to_deny' ? 'allowed → refused' : 'refused → allowed');
        if (format === 'json') {
          return writeJson(c, shadowView(shadow, rows, range, isoTime));
        }
        if (format === 'csv') return void c.out.write(csv(['country', 'provider', 'change', 'requests', 'keys', 'shadow_rules'], rows.map((r) => [r.country, r.provider, r.change, r.requests, r.keys, r.shadowRules.join(' ')])));
        const head = shadow === null ? 'No shadow policy is running' : `Shadow ${shadow.source} (policy ${shortHash(shadow.hash)}) since ${isoTime(shadow.startedAt)}`;
        c.out.write(`${head}; differences over ${describeRange(range)}:\n`);
        if (rows.length === 0) return void c.out.write('  none recorded\n');
        c.out.write(table(['COUNTRY', 'PROVIDER', 'CHANGE', 'REQUESTS', 'KEYS', 'SHADOW RULE'], rows.map((r) => [place(r.country), r.provider, change(r), count(r.requests), count(r.keys), r.shadowRules.join(' ')])));
      }),
    );
}
