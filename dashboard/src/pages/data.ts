/** Where the geolocation data, lists and presets come from, how old each is, and which are stale (`GET /admin/data`). */
import { api } from '../api.js';
import { h } from '../dom.js';
import { fmtInt, fmtTime } from '../format.js';
import { badge, card, kpi, table, type Page } from '../page.js';
import type { DataStatus } from '../types.js';

function age(seconds: number | null): string {
  return seconds === null ? '–' : `${fmtInt(Math.floor(seconds / 86_400))} d`;
}

export const dataPage: Page = async () => {
  const status = await api<DataStatus>('/data');
  const stale = status.data.filter((s) => s.stale);
  return h(
    'div',
    { class: 'page' },
    h('div', { class: 'kpis' }, kpi('Data sources', fmtInt(status.data.length)), kpi('Stale', fmtInt(stale.length), undefined, stale.length > 0 ? 'refused' : undefined), kpi('Data version', status.version, 'recorded in each decision')),
    card(
      'Data sources',
      table(
        ['Source', 'State', 'Built', 'Age', 'Max age', 'Origin', 'Checked', 'Changed', 'SHA-256', 'Last error'],
        status.data.map((s) => [
          s.name,
          badge(s.stale ? 'stale' : 'current', s.stale ? 'deny' : 'allow'),
          fmtTime(s.built),
          age(s.age_seconds),
          s.max_age_days === null ? '–' : `${s.max_age_days} d`,
          s.managed ? s.origin : `${s.origin} (not updated)`,
          fmtTime(s.checked),
          fmtTime(s.changed),
          h('code', { title: s.sha256 ?? '' }, s.sha256 === null ? '–' : `${s.sha256.slice(0, 12)}…`),
          s.last_error ?? '',
        ]),
        { numeric: [3, 4], caption: 'Each data source in use' },
      ),
    ),
  );
};
