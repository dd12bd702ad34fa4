/**
 * What a policy argument names: `live` (the policy in force), `config` (the config's file or the
 * built-in default), a stored version (`v3`, or `3` when no such file exists), or a YAML file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { policyContext, policySource } from '../../app/policy-context.js';
import { compileConfiguredPolicy, compilePolicyText, livePolicy, type PolicyContext } from '../../operations/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { EvidenceCliContext } from '../evidence-context.js';
import { CommandError } from '../output.js';

export interface ResolvedPolicyRef {
  readonly compiled: CompiledPolicy;
  /** The YAML text, when the reference has one (a file or a stored version). */
  readonly document: string | null;
  /** For people: `live (v3)`, `v2`, `policy.yaml`, `config`. */
  readonly label: string;
  readonly version: number | null;
}

const VERSION = /^v?(\d+)$/;

export async function resolvePolicyRef(ref: string, ctx: EvidenceCliContext, store: Store, pctx: PolicyContext = policyContext(ctx.config())): Promise<ResolvedPolicyRef> {
  if (ref === 'live') {
    const live = await livePolicy(policySource(ctx.config(), store, pctx), ctx.now());
    return { compiled: live.compiled, document: null, label: live.version === null ? 'live (the config\'s policy)' : `live (v${live.version})`, version: live.version };
  }
  if (ref === 'config') return { compiled: compileConfiguredPolicy(ctx.config(), pctx), document: null, label: 'config', version: null };
  const version = VERSION.exec(ref);
  if (version !== null && (ref.startsWith('v') || !existsSync(ref))) {
    const id = Number(version[1]);
    const stored = await store.evidence.policies.get(id);
    if (stored === null) throw new CommandError(`there is no policy version ${id}; see "cordon policy history"`);
    return { compiled: compilePolicyText(stored.document, `v${id}`, pctx), document: stored.document, label: `v${id}`, version: id };
  }
  let text: string;
  try {
    text = readFileSync(ref, 'utf8');
  } catch (err) {
    throw new CommandError(`cannot read ${ref}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return { compiled: compilePolicyText(text, ref, pctx), document: text, label: ref, version: null };
}
