/**
 * Looking ahead before a policy change: the semantic diff of two policies (which places flip, per
 * provider), a simulation of a candidate against recorded traffic, and the shadow policy (on, off,
 * and the differences it recorded). Diff and simulation change nothing, so a read token may run them.
 */
import { CordonError } from '../../errors/index.js';
import { PolicyValidationError, formatIssue, semanticDiff, type CompiledPolicy, type PlaceChange, type SemanticDiff } from '../../policy/index.js';
import type { SimulationResult } from '../../simulation/index.js';
import type { PolicyService } from '../evidence-ports.js';
import { bodyInstant, bodyString, invalid, queryInstant, type AdminRequest } from '../request.js';
import type { AdminRoute } from '../router.js';
import { isoTime } from '../wire.js';
import { MAX_DOCUMENT, versionById } from './policies.js';
import { tableRowJson, totalsJson } from './reports.js';

interface Resolved {
  readonly compiled: CompiledPolicy;
  /** `live`, `v3`, or `document`. */
  readonly label: string;
  readonly document: string | null;
}

export function foresightRoutes(policy: PolicyService): AdminRoute[] {
  /** `{ "version": 3 }`, `{ "document": "…yaml…" }`, or (when `live_ok`) nothing / `"live"`: the live policy. */
  async function resolve(req: AdminRequest, value: unknown, name: string): Promise<Resolved> {
    if (value === undefined || value === null || value === 'live') {
      const live = await policy.live(req.at);
      return { compiled: live.compiled, label: live.version === null ? 'live' : `live (v${live.version})`, document: null };
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw invalid(name, `${name}: expected "live", { "version": N } or { "document": "…" }.`);
    const spec = value as Record<string, unknown>;
    if (spec.version !== undefined) {
      const v = await versionById(policy, String(spec.version));
      return { compiled: policy.compile(v.document, `policy version ${v.id}`), label: `v${v.id}`, document: v.document };
    }
    const document = bodyString(spec, 'document', { max: MAX_DOCUMENT });
    try {
      return { compiled: policy.compile(document, `${name}.document`), label: 'document', document };
    } catch (err) {
      if (err instanceof PolicyValidationError) throw invalid(name, `${name}: the policy document is not valid: ${err.issues.map(formatIssue).join('; ')}`);
      throw err;
    }
  }

  return [
    {
      method: 'POST',
      path: '/admin/policy/diff',
      role: 'read',
      async handle(req) {
        const body = await req.body();
        const [base, candidate] = [await resolve(req, body.base, 'base'), await resolve(req, body.candidate, 'candidate')];
        const at = bodyInstant(body, 'at', req.at);
        const diff = semanticDiff(base.compiled, candidate.compiled, { countries: policy.countries, at });
        return { body: { base: side(base), candidate: side(candidate), ...diffJson(diff) } };
      },
    },
    {
      method: 'POST',
      path: '/admin/policy/simulate',
      role: 'read',
      async handle(req) {
        const body = await req.body();
        const [base, candidate] = [await resolve(req, body.base, 'base'), await resolve(req, body.candidate, 'candidate')];
        const range = { from: bodyInstant(body, 'from', req.at - 30 * 86_400_000), to: bodyInstant(body, 'to', req.at + 1) };
        const result = await policy.simulate(base.compiled, candidate.compiled, range);
        return { body: { base: side(base), candidate: side(candidate), from: isoTime(range.from), to: isoTime(range.to), ...simulationJson(result) } };
      },
    },
    {
      method: 'GET',
      path: '/admin/policy/shadow',
      role: 'read',
      async handle(req) {
        const shadow = await policy.shadow.get();
        const range = { from: queryInstant(req.query, 'from', shadow?.startedAt ?? req.at - 86_400_000), to: queryInstant(req.query, 'to', req.at + 1) };
        const rows = shadow === null ? [] : await policy.shadow.report(range, shadow.hash);
        return {
          body: {
            running: shadow !== null,
            shadow: shadow === null ? null : { hash: shadow.hash, source: shadow.source, started_at: isoTime(shadow.startedAt) },
            from: isoTime(range.from),
            to: isoTime(range.to),
            report: rows.map((r) => ({ country: r.country, provider: r.provider, change: r.change, requests: r.requests, keys: r.keys, shadow_rules: r.shadowRules })),
          },
        };
      },
    },
    {
      method: 'PUT',
      path: '/admin/policy/shadow',
      role: 'admin',
      async handle(req) {
        const body = await req.body();
        const candidate = await resolve(req, body.candidate ?? null, 'candidate');
        if (candidate.document === null) throw invalid('candidate', 'candidate: give a version or a document to run in shadow; the live policy is already live.');
        await policy.shadow.set({ document: candidate.document, hash: candidate.compiled.hash, source: candidate.label === 'document' ? `admin API (${req.token.name})` : candidate.label, startedAt: req.at });
        return { status: 201, body: { running: true, shadow: { hash: candidate.compiled.hash, source: candidate.label, started_at: isoTime(req.at) } } };
      },
    },
    {
      method: 'DELETE',
      path: '/admin/policy/shadow',
      role: 'admin',
      async handle() {
        const was = await policy.shadow.clear();
        if (!was) throw new CordonError('caller_admin_not_found', { detail: 'No shadow policy is running.' });
        return { body: { running: false } };
      },
    },
  ];
}

function side(r: Resolved) {
  return { policy: r.label, hash: r.compiled.hash };
}

function changeJson(c: PlaceChange) {
  return { kind: c.kind, place: c.place, from: c.from, to: c.to };
}

function diffJson(diff: SemanticDiff) {
  return {
    probes: diff.probes,
    steps: diff.steps.map((s) => ({ at: isoTime(s.at), providers: s.providers.map((p) => ({ provider: p.provider, opened: p.opened.map(changeJson), closed: p.closed.map(changeJson) })) })),
  };
}

function simulationJson(r: SimulationResult) {
  return {
    scanned: r.scanned,
    skipped: r.skipped,
    rerouted: r.rerouted,
    rows: r.rows.map((row) => ({ change: row.change, ...tableRowJson(row) })),
    totals: { opened: totalsJson(r.totals.opened), closed: totalsJson(r.totals.closed) },
    estimates: r.estimates.map((e) => ({ model: e.model, basis: e.basis, requests: e.requests })),
  };
}
