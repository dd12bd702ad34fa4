/** The world map of allowed and refused requests per country, refused regions, and the top countries. */
import { api } from '../api.js';
import { countryName, subdivisionInfo } from '../countries.js';
import { h } from '../dom.js';
import { fmtInt, fmtPercent, periodQuery } from '../format.js';
import { card, empty, kpi, table, type Page } from '../page.js';
import { NO_DATA, RAMPS, steppedScale } from '../scale.js';
import type { CountryReport, CountryStats, SubdivisionStats } from '../types.js';
import { loadWorld, worldMap, type MapSpec } from '../world-map.js';

type Mode = 'outcome' | 'allowed' | 'refused';
let mode: Mode = 'outcome';

export const overviewPage: Page = async (ctx) => {
  const [report, world] = await Promise.all([api<CountryReport>(`/stats/countries?${periodQuery(ctx.period)}`), loadWorld()]);
  const byCountry = new Map(report.countries.map((c) => [c.country, c]));
  const total = report.totals.allowed + report.totals.refused;
  const refusedPlaces = report.countries
    .filter((c) => c.refused > 0)
    .sort((a, b) => b.refused - a.refused || a.country.localeCompare(b.country))
    .map((c) => place(c, report.subdivisions.filter((s) => s.country === c.country && s.refused > 0)));

  const mapHost = h('div', { class: 'map-host' });
  const draw = () => mapHost.replaceChildren(worldMap(world, outcomeSpec(report, byCountry, mode)));
  draw();
  const modes: ReadonlyArray<[Mode, string]> = [['outcome', 'Allowed and refused'], ['allowed', 'Allowed'], ['refused', 'Refused']];
  const toggle = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': 'Colour the map by' },
    modes.map(([m, label]) =>
      h('button', {
        type: 'button',
        'aria-pressed': String(m === mode),
        'data-mode': m,
        onclick: (e: Event) => {
          mode = m;
          for (const b of toggle.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget));
          draw();
        },
      }, label),
    ),
  );

  const top = [...report.countries].sort((a, b) => b.refused + b.allowed - (a.refused + a.allowed)).slice(0, 12);
  return h(
    'div',
    { class: 'page' },
    h(
      'div',
      { class: 'kpis' },
      kpi('Requests', fmtInt(total)),
      kpi('Allowed', fmtInt(report.totals.allowed), fmtPercent(report.totals.allowed, total), 'allowed'),
      kpi('Refused', fmtInt(report.totals.refused), fmtPercent(report.totals.refused, total), 'refused'),
      kpi('Countries', fmtInt(report.countries.length), report.unknown.allowed + report.unknown.refused > 0 ? `+ ${fmtInt(report.unknown.allowed + report.unknown.refused)} of unknown origin` : undefined),
    ),
    card(null, h('div', { class: 'card-head' }, h('h2', {}, 'Requests by country'), toggle), mapHost),
    h(
      'div',
      { class: 'grid-2' },
      card(
        'Where requests were refused',
        refusedPlaces.length === 0
          ? empty('No request was refused in this period.')
          : h('ul', { class: 'callouts' }, refusedPlaces.slice(0, 12)),
      ),
      card(
        'Top countries by requests',
        top.length === 0
          ? empty('No traffic in this period.')
          : table(['Country', 'Allowed', 'Refused', 'Refused share'], top.map((c) => [h('span', {}, countryName(c.country), h('span', { class: 'muted' }, ` ${c.country}`)), fmtInt(c.allowed), fmtInt(c.refused), fmtPercent(c.refused, c.allowed + c.refused)]), { numeric: [1, 2, 3], caption: 'Countries with the most requests' }),
      ),
    ),
  );
};

/** A country with refusals, and the regions (subdivisions) they came from when the geo data named them. */
function place(c: CountryStats, regions: readonly SubdivisionStats[]): HTMLElement {
  return h(
    'li',
    { 'data-country': c.country },
    h('span', { class: 'dot dot-refused' }),
    h(
      'span',
      {},
      h('strong', {}, countryName(c.country)),
      ` ${c.country}`,
      regions.map((s) => h('span', { class: 'where', 'data-subdivision': s.subdivision }, `${subdivisionInfo(s.subdivision).name} (${s.subdivision}): ${fmtInt(s.refused)} refused`)),
    ),
    h('span', { class: 'num' }, `${fmtInt(c.refused)} refused`, c.allowed > 0 ? h('span', { class: 'muted' }, ` · ${fmtPercent(c.refused, c.refused + c.allowed)}`) : null),
  );
}

function outcomeSpec(report: CountryReport, byCountry: ReadonlyMap<string, CountryStats>, m: Mode): MapSpec {
  const allowedScale = steppedScale(Math.max(0, ...report.countries.map((c) => (m === 'outcome' && c.refused > 0 ? 0 : c.allowed))), RAMPS.allowed);
  const refusedScale = steppedScale(Math.max(0, ...report.countries.map((c) => c.refused)), RAMPS.refused);
  const legend = [];
  if (m !== 'refused') legend.push({ title: m === 'outcome' ? 'Allowed only' : 'Allowed', items: allowedScale.items });
  if (m !== 'allowed') legend.push({ title: m === 'outcome' ? 'Any refused' : 'Refused', items: refusedScale.items });
  legend.push({ title: '', items: [{ color: NO_DATA, label: 'No requests' }] });
  return {
    label: `World map of requests allowed and refused per country, ${report.from} to ${report.to}`,
    countries: report.countries.map((c) => c.country),
    legend,
    style(cc) {
      const c = byCountry.get(cc);
      if (c === undefined) return null;
      if (m === 'allowed') return c.allowed > 0 ? { fill: allowedScale.color(c.allowed), state: 'allowed' } : null;
      if (m === 'refused') return c.refused > 0 ? { fill: refusedScale.color(c.refused), state: 'refused' } : null;
      return c.refused > 0 ? { fill: refusedScale.color(c.refused), state: 'refused' } : { fill: allowedScale.color(c.allowed), state: 'allowed' };
    },
    tooltip(cc) {
      const c = byCountry.get(cc);
      return c === undefined ? null : [`Allowed ${fmtInt(c.allowed)}`, `Refused ${fmtInt(c.refused)} (${fmtPercent(c.refused, c.allowed + c.refused)})`];
    },
    markers: report.subdivisions.filter((s) => s.refused > 0).flatMap((s) => {
      const info = subdivisionInfo(s.subdivision);
      return info.at === null ? [] : [{ id: s.subdivision, at: info.at, label: info.name, color: RAMPS.refused[4], tooltip: [`${s.subdivision}, ${countryName(s.country)}`, `Refused ${fmtInt(s.refused)}`, `Allowed ${fmtInt(s.allowed)}`] }];
    }),
  };
}
