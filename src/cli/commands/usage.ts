/**
 * `cordon usage`: tokens and cost from the daily rollup, grouped by tenant, country, provider, model,
 * key or day (any combination), over whole UTC days.
 */
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import { USAGE_DIMENSIONS, type UsageDimension, type UsageRow } from '../../store/index.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { CommandError, runAction, table, writeJson } from '../output.js';
import { count, csv, describeRange, outputFormat, parseRange, usd, type RangeOptions } from '../report-format.js';
import { usdAmount } from '../../metering/index.js';

interface UsageOptions extends RangeOptions {
  readonly by: string[];
  readonly json?: boolean;
  readonly csv?: boolean;
}

export function usageCommand(ctx: EvidenceCliContext): Command {
  return cliCommand('usage', 'Token usage and cost per tenant, country, provider, model, key or day (from the daily rollup, whole UTC days).', ctx)
    .option('--by <dimension>', `group by ${USAGE_DIMENSIONS.join('|')}; repeat or comma-separate for several`, collect, [])
    .option('--from <date>', 'from this day (inclusive)')
    .option('--to <date>', 'to this instant (exclusive; the day it falls in is included unless it is midnight)')
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV')
    .action((options: UsageOptions) =>
      runAction(ctx, async () => {
        const format = outputFormat(options);
        const by = dimensions(options.by.length === 0 ? ['tenant'] : options.by);
        const range = parseRange(options);
        const rows = await withStore(ctx, (store) => store.evidence.usage.summary(range, by));
        const total = totalOf(rows);
        if (format === 'json') return writeJson(ctx, { by, from: range.from === null ? null : new Date(range.from).toISOString(), to: range.to === null ? null : new Date(range.to).toISOString(), rows: rows.map(rowJson), total: rowJson({ ...total, group: {} }) });
        const cells = (r: UsageRow) => by.map((d) => r.group[d] ?? (d === 'country' ? 'unknown' : '-'));
        if (format === 'csv') {
          return void ctx.out.write(csv([...by, 'requests', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_usd', 'unpriced_requests'], rows.map((r) => [...cells(r), r.requests, r.inputTokens, r.cachedInputTokens, r.outputTokens, usdAmount(r.costNanoUsd), r.unpriced])));
        }
        ctx.out.write(`Usage over ${describeRange(range)}, by ${by.join(', ')}:\n`);
        if (rows.length === 0) return void ctx.out.write('  none recorded\n');
        const line = (r: UsageRow, head: string[]) => [...head, count(r.requests), count(r.inputTokens), count(r.cachedInputTokens), count(r.outputTokens), `${usd(r.costNanoUsd)}${r.unpriced > 0 ? ` (+${count(r.unpriced)} unpriced)` : ''}`];
        const header = [...by.map((d) => d.toUpperCase()), 'REQUESTS', 'INPUT', 'CACHED', 'OUTPUT', 'COST'];
        ctx.out.write(table(header, [...rows.map((r) => line(r, cells(r))), line({ ...total, group: {} }, ['total', ...by.slice(1).map(() => '')])]));
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

function dimensions(values: readonly string[]): UsageDimension[] {
  return values.map((v) => {
    const d = USAGE_DIMENSIONS.find((x) => x === v);
    if (d === undefined) throw new CommandError(`--by ${v}: expected one of ${USAGE_DIMENSIONS.join(', ')}`);
    return d;
  });
}

function totalOf(rows: readonly UsageRow[]): Omit<UsageRow, 'group'> {
  const sum = (f: (r: UsageRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    requests: sum((r) => r.requests),
    inputTokens: sum((r) => r.inputTokens),
    cachedInputTokens: sum((r) => r.cachedInputTokens),
    outputTokens: sum((r) => r.outputTokens),
    costNanoUsd: sum((r) => r.costNanoUsd),
    unpriced: sum((r) => r.unpriced),
  };
}

function rowJson(r: UsageRow): Record<string, unknown> {
  return {
    ...r.group,
    requests: r.requests,
    input_tokens: r.inputTokens,
    cached_input_tokens: r.cachedInputTokens,
    output_tokens: r.outputTokens,
    cost_usd: usdAmount(r.costNanoUsd),
    cost_nano_usd: r.costNanoUsd,
    unpriced_requests: r.unpriced,
  };
}
