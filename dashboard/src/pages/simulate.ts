/**
 * Foresight on recorded traffic: simulate a candidate policy (requests, keys, tokens and revenue it
 * would open or close per country) and reach (the demand the live policy turns away), as maps and tables.
 */
import { api, ApiError } from '../api.js';
import { changeSpec, type PlaceCount } from '../change-map.js';
import { countryName } from '../countries.js';
import { h } from '../dom.js';
import { fmtInt, fmtUsd, periodQuery } from '../format.js';
import { card, empty, kpi, table, type Page, type PageContext } from '../page.js';
import type { PolicyRef, ReachJson, SimulationJson, VersionList } from '../types.js';
import { loadWorld, worldMap, type World } from '../world-map.js';

export const simulatePage: Page = async (ctx) => {
  const [versions, reach, world] = await Promise.all([api<VersionList>('/policy/versions'), api<ReachJson>(`/reach?${periodQuery(ctx.period)}`), loadWorld()]);
  const pick = h('select', { id: 'sim-candidate', 'aria-label': 'Candidate policy' }, versions.data.map((v) => h('option', { value: String(v.id) }, `v${v.id} · ${v.reason.slice(0, 40)}`)), h('option', { value: 'document' }, 'A document I paste…'));
  const pasted = h('textarea', { id: 'sim-document', class: 'code', placeholder: 'Policy YAML (version: 1 …)', hidden: versions.data.length > 0 });
  pick.addEventListener('change', () => (pasted.hidden = pick.value !== 'document'));
  const out = h('div', { class: 'sim-out' });
  const run = async () => {
    out.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Replaying recorded requests…'));
    const candidate: PolicyRef = pick.value === 'document' ? { document: pasted.value } : { version: Number(pick.value) };
    const range = new URLSearchParams(periodQuery(ctx.period));
    try {
      const sim = await api<SimulationJson>('/policy/simulate', { method: 'POST', body: { candidate, from: range.get('from'), to: range.get('to') } });
      out.replaceChildren(simulationView(sim, world));
    } catch (err) {
      out.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, err instanceof ApiError ? err.message : String(err)));
    }
  };
  return h(
    'div',
    { class: 'page' },
    card('Simulate a candidate against recorded traffic', h('div', { class: 'form' }, h('div', { class: 'row' }, h('label', { for: 'sim-candidate' }, 'Candidate'), pick, h('button', { type: 'button', class: 'primary', id: 'sim-run', onclick: () => void run() }, 'Simulate')), pasted), out),
    reachView(reach, world, ctx),
  );
};

function byCountry<T extends { readonly country: string | null }>(rows: readonly T[], add: (into: PlaceCount, row: T) => PlaceCount): Map<string, PlaceCount> {
  const out = new Map<string, PlaceCount>();
  for (const r of rows) if (r.country !== null) out.set(r.country, add(out.get(r.country) ?? { opened: 0, closed: 0 }, r));
  return out;
}

function simulationView(sim: SimulationJson, world: World): HTMLElement {
  const counts = byCountry(sim.rows, (c, r) => ({ opened: c.opened + (r.change === 'opened' ? r.requests : 0), closed: c.closed + (r.change === 'closed' ? r.requests : 0) }));
  return h(
    'div',
    { class: 'page' },
    h('div', { class: 'kpis' }, kpi('Replayed', fmtInt(sim.scanned)), kpi('Would open', fmtInt(sim.totals.opened.requests), `${fmtUsd(sim.totals.opened.revenue_usd)} revenue`, 'allowed'), kpi('Would close', fmtInt(sim.totals.closed.requests), `${fmtUsd(sim.totals.closed.revenue_usd)} revenue`, 'refused'), kpi('Rerouted', fmtInt(sim.rerouted))),
    sim.rows.length === 0 ? empty('No recorded request would change outcome under this candidate.') : worldMap(world, changeSpec('Requests the candidate would open and close, per country', counts, new Map(), true)),
    sim.rows.length === 0
      ? null
      : table(['Change', 'Country', 'Provider', 'Requests', 'Keys', 'Tokens', 'Revenue'], sim.rows.map((r) => [r.change, r.country === null ? 'unknown' : countryName(r.country), r.provider, fmtInt(r.requests), fmtInt(r.keys), fmtInt(r.tokens), fmtUsd(r.revenue_usd)]), { numeric: [3, 4, 5, 6], caption: 'Simulation by country and provider' }),
  );
}

function reachView(reach: ReachJson, world: World, ctx: PageContext): HTMLElement {
  const counts = byCountry(reach.by_country, (c, r) => ({ opened: 0, closed: c.closed + r.requests }));
  const spec = changeSpec('Requests the live policy refuses, per country', counts, new Map(), true);
  return card(
    `Reach: demand the live policy turns away (${ctx.period})`,
    h('div', { class: 'kpis' }, kpi('Requests replayed', fmtInt(reach.scanned)), kpi('Turned away', fmtInt(reach.refused), undefined, 'refused'), kpi('Keys', fmtInt(reach.totals.keys)), kpi('Revenue forgone', fmtUsd(reach.totals.revenue_usd), 'estimated')),
    reach.refused === 0 ? empty('The live policy turned no recorded request away in this period.') : worldMap(world, { ...spec, legend: [{ title: 'Turned away', items: spec.legend[1]?.items ?? [] }, ...spec.legend.slice(2)] }),
    reach.rows.length === 0
      ? null
      : table(['Country', 'Provider', 'Layer', 'Top rule', 'Requests', 'Keys', 'Revenue'], reach.rows.map((r) => [r.country === null ? 'unknown' : countryName(r.country), r.provider, r.layer, h('code', {}, r.top_rule ?? '–'), fmtInt(r.requests), fmtInt(r.keys), fmtUsd(r.revenue_usd)]), { numeric: [4, 5, 6], caption: 'Demand turned away by country, provider and layer' }),
  );
}
