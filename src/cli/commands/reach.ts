/**
 * `cordon reach`: the demand the live policy turns away — recorded requests it refuses, by country and
 * by each provider of their route, with the layer and rule that refused, and estimated tokens and
 * revenue (the requests were never served).
 */
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import { policySource } from '../../app/policy-context.js';
import { reachOnRecords } from '../../operations/foresight.js';
import { livePolicy } from '../../operations/live-policy.js';
import { shortHash } from '../../policy/index.js';
import { reachView } from '../../operations/foresight-view.js';
import type { ReachResult } from '../../simulation/index.js';
import { changeCsv, changeTable } from '../change-report.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { isoTime, runAction, table, writeJson } from '../output.js';
import { progressLine } from '../progress.js';
import { count, describeRange, outputFormat, parseRange, place, usd, type RangeOptions } from '../report-format.js';

export function reachCommand(ctx: EvidenceCliContext): Command {
  return cliCommand('reach', 'Refused demand: recorded requests the live policy turns away, by country and provider, with estimated tokens and revenue.', ctx)
    .option('--from <date>', 'recorded from this instant (inclusive)')
    .option('--to <date>', 'recorded to this instant (exclusive)')
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV')
    .action((options: RangeOptions & { readonly json?: boolean; readonly csv?: boolean }) =>
      runAction(ctx, async () => {
        const format = outputFormat(options);
        const range = parseRange(options);
        const progress = progressLine(ctx.err, 'replaying');
        const { result, version } = await withStore(ctx, async (store) => {
          const live = await livePolicy(policySource(ctx.config(), store), ctx.now());
          const result = await reachOnRecords({ config: ctx.config(), requests: store.evidence.requests }, live.compiled, range, progress.update);
          return { result, version: live.version };
        });
        progress.done();
        if (format === 'csv') return void ctx.out.write(changeCsv(result.rows, 'layer'));
        if (format === 'json') return writeJson(ctx, reachView(result, version, range, isoTime));
        const label = version === null ? 'the config\'s policy' : `v${version}`;
        ctx.out.write(reachText(result, `live policy ${label} (${shortHash(result.policyHash)})`, describeRange(range)));
      }),
    );
}

function reachText(r: ReachResult, policy: string, range: string): string {
  const lines = [`The ${policy} refuses ${count(r.refused)} of ${count(r.scanned)} recorded requests (${range}); estimated ${count(r.totals.tokens)} tokens, ${usd(r.totals.revenueNanoUsd)} at the first provider of each route.`];
  if (r.refused === 0) return `${lines.join('\n')}\n`;
  lines.push('', 'By country:', table(['COUNTRY', 'REQUESTS', 'KEYS'], r.byCountry.map((c) => [place(c.country), count(c.requests), count(c.keys)])).trimEnd().replace(/^/gm, '  '));
  for (const layer of ['law', 'terms', 'operator']) {
    const rows = r.rows.filter((x) => x.change === layer);
    if (rows.length === 0) continue;
    lines.push('', `Refused by the ${layer} layer, per provider it would have gone to:`, changeTable(rows, null).trimEnd());
    lines.push(table(['COUNTRY', 'PROVIDER', 'RULE'], rows.map((x) => [place(x.country), x.provider, r.topRules.get(`${x.country}|${x.provider}`) ?? '-'])).trimEnd().replace(/^/gm, '    '));
  }
  lines.push('', '* tokens and revenue are estimates: the average of served requests of the same model, at the provider\'s price.');
  return `${lines.join('\n')}\n`;
}
