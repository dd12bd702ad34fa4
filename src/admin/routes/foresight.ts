/**
 * Looking ahead before a policy change: the semantic diff of two policies (which places flip, per
 * provider), a simulation of a candidate against recorded traffic, and the shadow policy (on, off,
 * and the differences it recorded). Diff and simulation change nothing, so a read token may run them.
 */
import { CordonError } from '../../errors/index.js';
import { PolicyValidationError, formatIssue, semanticDiff, type CompiledPolicy } from '../../policy/index.js';
import { diffView, shadowView, simulationView } from '../../operations/index.js';
import type { PolicyService } from '../evidence-ports.js';
import type { FORESIGHT_ENDPOINTS, PolicyRef } from '../contract/foresight.js';
import { invalid, lastDays } from '../request.js';
import type { Handlers } from '../router.js';
import { isoTime } from '../wire.js';
import { versionById } from './policies.js';

interface Resolved {
  readonly compiled: CompiledPolicy;
  /** `live`, `v3`, or `document`. */
  readonly label: string;
  readonly document: string | null;
}

export function foresightHandlers(policy: PolicyService): Handlers<typeof FORESIGHT_ENDPOINTS> {
  /** A policy reference: absent or `"live"`, the live policy; `{ "version": 3 }`; `{ "document": "…yaml…" }`. */
  async function resolve(ref: PolicyRef, name: string, at: number): Promise<Resolved> {
    if (ref === undefined || ref === null || ref === 'live') {
      const live = await policy.live(at);
      return { compiled: live.compiled, label: live.version === null ? 'live' : `live (v${live.version})`, document: null };
    }
    if ('version' in ref) {
      const v = await versionById(policy, ref.version);
      return { compiled: policy.compile(v.document, `policy version ${v.id}`), label: `v${v.id}`, document: v.document };
    }
    try {
      return { compiled: policy.compile(ref.document, `${name}.document`), label: 'document', document: ref.document };
    } catch (err) {
      if (err instanceof PolicyValidationError) throw invalid(name, `${name}: the policy document is not valid: ${err.issues.map(formatIssue).join('; ')}`);
      throw err;
    }
  }
  const both = async (body: { readonly base?: PolicyRef; readonly candidate?: PolicyRef }, at: number) => [await resolve(body.base, 'base', at), await resolve(body.candidate, 'candidate', at)] as const;

  return {
    diffPolicies: async ({ body, at }) => {
      const [base, candidate] = await both(body, at);
      const diff = semanticDiff(base.compiled, candidate.compiled, { countries: policy.countries, at: body.at ?? at });
      return diffView(diff, side(base), side(candidate), isoTime);
    },
    simulatePolicy: async ({ body, at }) => {
      const [base, candidate] = await both(body, at);
      const range = lastDays(body, at);
      const result = await policy.simulate(base.compiled, candidate.compiled, range);
      return simulationView(result, { base: base.label, candidate: candidate.label }, range, isoTime);
    },
    getShadow: async ({ query, at }) => {
      const shadow = await policy.shadow.get();
      const range = { from: query.from ?? shadow?.startedAt ?? at - 86_400_000, to: query.to ?? at + 1 };
      const rows = shadow === null ? [] : await policy.shadow.report(range, shadow.hash);
      return shadowView(shadow, rows, range, isoTime);
    },
    startShadow: async ({ body, token, at }) => {
      const candidate = await resolve(body.candidate, 'candidate', at);
      if (candidate.document === null) throw invalid('candidate', 'candidate: give a version or a document to run in shadow; the live policy is already live.');
      await policy.shadow.set({ document: candidate.document, hash: candidate.compiled.hash, source: candidate.label === 'document' ? `admin API (${token.name})` : candidate.label, startedAt: at });
      return { running: true as const, shadow: { hash: candidate.compiled.hash, source: candidate.label, started_at: isoTime(at) } };
    },
    stopShadow: async () => {
      const was = await policy.shadow.clear();
      if (!was) throw new CordonError('caller_admin_not_found', { detail: 'No shadow policy is running.' });
      return { running: false as const };
    },
  };
}

function side(r: Resolved) {
  return { policy: r.label, hash: r.compiled.hash };
}
