/** Keys with violations in the period, and every key not in good standing. */
import { api } from '../api.js';
import { countryName } from '../countries.js';
import { h } from '../dom.js';
import { fmtInt, fmtTime, periodQuery } from '../format.js';
import { badge, card, empty, kpi, table, type Page } from '../page.js';
import type { AccountList } from '../types.js';

export const accountsPage: Page = async (ctx) => {
  const { data } = await api<AccountList>(`/accounts?${periodQuery(ctx.period)}`);
  const count = (status: string) => data.filter((a) => a.status === status).length;
  return h(
    'div',
    { class: 'page' },
    h(
      'div',
      { class: 'kpis' },
      kpi('Keys with violations', fmtInt(data.filter((a) => a.violations > 0).length)),
      kpi('Suspended', fmtInt(count('suspended')), undefined, count('suspended') > 0 ? 'refused' : undefined),
      kpi('Blocked', fmtInt(count('blocked')), undefined, count('blocked') > 0 ? 'refused' : undefined),
      kpi('Warned', fmtInt(count('warned'))),
    ),
    card(
      'Accounts',
      data.length === 0
        ? empty('No key has violations in this period, and every key is in good standing.')
        : table(
            ['Key', 'Tenant', 'Status', 'Violations', 'Weight', 'Signals', 'Countries', 'Last violation'],
            data.map((a) => [
              h('a', { href: `#/accounts/${encodeURIComponent(a.id)}`, 'data-key': a.id }, `${a.prefix}…`),
              a.tenant ?? a.tenant_id,
              badge(a.status, a.status),
              fmtInt(a.violations),
              String(a.weight),
              a.signals.join(', ') || '–',
              h('span', { title: a.countries.map(countryName).join(', ') }, a.countries.join(' ') || '–'),
              fmtTime(a.last_violation_at),
            ]),
            { numeric: [3, 4], caption: 'Keys with violations or not in good standing' },
          ),
    ),
  );
};
