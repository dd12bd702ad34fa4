/**
 * `cordon policy diff A B`: what would change, not what the text says. Both policies are evaluated
 * over every country, the subdivisions and networks the policies name and the unknown origins, for
 * every provider; the places that change from refused to allowed (opened) or back (closed) are listed
 * per provider, now and from each later date a rule starts or ends.
 */
import type { Command } from 'commander';
import { policyContext } from '../../app/policy-context.js';
import { formatInstant, parseInstant, semanticDiff, shortHash, type PlaceChange, type SemanticDiff } from '../../policy/index.js';
import type { CliIo } from '../context.js';
import { withStore } from '../evidence-context.js';
import { diffView } from '../../operations/index.js';
import { CommandError, isoTime, writeJson } from '../output.js';
import { runPolicyAction, type EvidenceContextSource } from './policy-action.js';
import { resolvePolicyRef } from './policy-ref.js';

interface DiffOptions {
  readonly at?: string;
  readonly json?: boolean;
}

export function addDiffCommand(policy: Command, io: CliIo, ctx: EvidenceContextSource): void {
  policy
    .command('diff')
    .description('Semantic diff of two policies: per provider, the countries, subdivisions and networks that change from refused to allowed and back.')
    .argument('<a>', 'policy file, stored version (v3), "live" or "config"')
    .argument('<b>', 'the policy to compare it with (same forms)')
    .option('--at <date>', 'evaluate from this instant (default: now); later rule dates are shown as further steps')
    .option('--json', 'print one JSON object')
    .action((a: string, b: string, options: DiffOptions) =>
      runPolicyAction(io, ctx, async (c) => {
        const at = options.at === undefined ? c.now() : parseInstant(options.at);
        if (at === null) throw new CommandError(`--at "${options.at}": expected an ISO date or a date-time with a zone`);
        const pctx = policyContext(c.config());
        const [from, to] = await withStore(c, async (store) => [await resolvePolicyRef(a, c, store, pctx), await resolvePolicyRef(b, c, store, pctx)] as const);
        const diff = semanticDiff(from.compiled, to.compiled, { countries: pctx.presets.countries, at });
        if (options.json === true) return writeJson(c, diffView(diff, { policy: from.label, hash: from.compiled.hash }, { policy: to.label, hash: to.compiled.hash }, isoTime));
        c.out.write(`${from.label} (policy ${shortHash(from.compiled.hash)}) → ${to.label} (policy ${shortHash(to.compiled.hash)})\n${diffText(diff)}`);
      }),
    );
}

export function diffText(diff: SemanticDiff): string {
  const lines: string[] = [];
  diff.steps.forEach((step, i) => {
    lines.push(`${i === 0 ? 'At' : 'From'} ${formatInstant(step.at)}:`);
    if (step.providers.length === 0) lines.push('  no provider changes anywhere');
    for (const p of step.providers) {
      lines.push(`  ${p.provider}`);
      for (const [what, changes] of [['opened', p.opened], ['closed', p.closed]] as const) {
        for (const [rule, places] of byRule(changes, what)) lines.push(`    ${what} ${places.join(' ')}  (${rule})`);
      }
    }
  });
  lines.push(`(${diff.probes} places compared per provider)`);
  return `${lines.join('\n')}\n`;
}

/** Places grouped by the rule that now decides them (the new deny for closed places, the old one for opened). */
function byRule(changes: readonly PlaceChange[], what: 'opened' | 'closed'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of changes) {
    const rule = what === 'closed' ? `now ${c.to.rule}` : `was ${c.from.rule}`;
    out.set(rule, [...(out.get(rule) ?? []), c.place]);
  }
  return out;
}
