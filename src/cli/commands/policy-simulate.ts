/**
 * `cordon policy simulate CANDIDATE`: recorded traffic replayed through the candidate and the live
 * policy; per country and provider, the requests, keys, tokens and revenue that would change from
 * refused to allowed (opened) and from allowed to refused (closed), with totals. Tokens of requests
 * that were refused (never served) are estimated from served requests of the same model, and marked.
 */
import type { Command } from 'commander';
import { policyContext } from '../../app/policy-context.js';
import { shortHash } from '../../policy/index.js';
import type { SimulationResult } from '../../simulation/index.js';
import { simulateOnRecords } from '../../operations/foresight.js';
import { simulationView } from '../../operations/foresight-view.js';
import { changeCsv, changeTable } from '../change-report.js';
import type { CliIo } from '../context.js';
import { withStore } from '../evidence-context.js';
import { isoTime, writeJson } from '../output.js';
import { progressLine } from '../progress.js';
import { count, describeRange, outputFormat, parseRange, type RangeOptions } from '../report-format.js';
import { runPolicyAction, type EvidenceContextSource } from './policy-action.js';
import { resolvePolicyRef, type ResolvedPolicyRef } from './policy-ref.js';

interface SimulateOptions extends RangeOptions {
  readonly against: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

export function addSimulateCommand(policy: Command, io: CliIo, ctx: EvidenceContextSource): void {
  policy
    .command('simulate')
    .description('Replay recorded traffic through a candidate policy: per country and provider, what would change from refused to allowed and back.')
    .argument('<candidate>', 'policy file or stored version (v3)')
    .option('--against <policy>', 'the baseline: "live", "config", a file or a version', 'live')
    .option('--from <date>', 'recorded from this instant (inclusive)')
    .option('--to <date>', 'recorded to this instant (exclusive)')
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV')
    .action((ref: string, options: SimulateOptions) =>
      runPolicyAction(io, ctx, async (c) => {
        const format = outputFormat(options);
        const range = parseRange(options);
        const pctx = policyContext(c.config());
        const progress = progressLine(c.err, 'simulating');
        const { candidate, baseline, result } = await withStore(c, async (store) => {
          const candidate = await resolvePolicyRef(ref, c, store, pctx);
          const baseline = await resolvePolicyRef(options.against, c, store, pctx);
          const result = await simulateOnRecords({ config: c.config(), requests: store.evidence.requests }, { baseline: baseline.compiled, candidate: candidate.compiled }, range, progress.update);
          return { candidate, baseline, result };
        });
        progress.done();
        if (format === 'csv') return void c.out.write(changeCsv(result.rows, 'change'));
        if (format === 'json') return writeJson(c, simulationView(result, { base: baseline.label, candidate: candidate.label }, range, isoTime));
        c.out.write(simulationText(result, candidate, baseline, describeRange(range)));
      }),
    );
}

export function simulationText(r: SimulationResult, candidate: ResolvedPolicyRef, baseline: ResolvedPolicyRef, range: string): string {
  const out = [
    `Candidate ${candidate.label} (policy ${shortHash(r.candidateHash)}) against ${baseline.label} (policy ${shortHash(r.baselineHash)}), ${range}: ${count(r.scanned)} recorded requests`,
  ];
  for (const [change, title] of [['opened', 'Refused now, allowed by the candidate'], ['closed', 'Allowed now, refused by the candidate']] as const) {
    const rows = r.rows.filter((x) => x.change === change);
    out.push('', `${title} (${change}):`);
    out.push(rows.length === 0 ? '  none' : changeTable(rows, r.totals[change]).trimEnd());
  }
  const notes: string[] = [];
  if (r.estimates.length > 0) {
    const per = r.estimates.map((e) => `${e.model}: ${count(e.requests)}${e.basis === 'model' ? '' : e.basis === 'all_models' ? ' (from all models: none of this model served)' : ' (no served requests at all: 0)'}`);
    notes.push(`* includes estimates: requests that were never served have the average tokens of served requests of the same model (${per.join('; ')}).`);
  }
  if (r.rerouted > 0) notes.push(`${count(r.rerouted)} request(s) would be served by another provider (same outcome; not counted above).`);
  if (r.skipped > 0) notes.push(`${count(r.skipped)} request(s) refused for the account's standing were left out.`);
  return `${[...out, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
}
