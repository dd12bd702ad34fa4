/** Traffic and refusals over time, hour by hour. */
import { api } from '../api.js';
import { ALLOWED_COLOR, REFUSED_COLOR, timeChart } from '../chart.js';
import { h } from '../dom.js';
import { fmtInt, fmtPercent, fmtTime, periodQuery } from '../format.js';
import { card, kpi, type Page } from '../page.js';
import type { Timeline } from '../types.js';
import { swatch } from '../world-map.js';

export const trafficPage: Page = async (ctx) => {
  const t = await api<Timeline>(`/stats/timeline?${periodQuery(ctx.period)}`);
  const allowed = t.points.reduce((n, p) => n + p.allowed, 0);
  const refused = t.points.reduce((n, p) => n + p.refused, 0);
  const peak = t.points.reduce((best, p) => (p.refused > (best?.refused ?? 0) ? p : best), t.points[0]);
  return h(
    'div',
    { class: 'page' },
    h(
      'div',
      { class: 'kpis' },
      kpi('Requests', fmtInt(allowed + refused)),
      kpi('Allowed', fmtInt(allowed), fmtPercent(allowed, allowed + refused), 'allowed'),
      kpi('Refused', fmtInt(refused), fmtPercent(refused, allowed + refused), 'refused'),
      kpi('Peak refusals', peak && peak.refused > 0 ? fmtInt(peak.refused) : '0', peak && peak.refused > 0 ? `in the hour from ${fmtTime(peak.at)}` : undefined),
    ),
    card(
      null,
      h('div', { class: 'card-head' }, h('h2', {}, 'Requests per hour'), h('div', { class: 'legend inline' }, h('span', {}, swatch(ALLOWED_COLOR), 'Allowed'), h('span', {}, swatch(REFUSED_COLOR), 'Refused'))),
      timeChart(t.points, `Requests per hour, allowed and refused, ${t.from} to ${t.to}`),
    ),
  );
};
