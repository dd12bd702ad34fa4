/** One key: standing, ladder scores, the evidence timeline, and the operator's actions (the appeal). */
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { fmtTime } from '../format.js';
import { badge, card, empty, type Page, type PageContext } from '../page.js';
import type { Account, ActionItem, ViolationItem } from '../types.js';

export const accountPage: Page = async (ctx) => {
  const id = ctx.params.id ?? '';
  const a = await api<Account>(`/accounts/${encodeURIComponent(id)}`);
  const status = a.key.status === 'suspended' && a.key.suspended_until ? `suspended until ${fmtTime(a.key.suspended_until)}` : a.key.status;
  return h(
    'div',
    { class: 'page' },
    h('p', {}, h('a', { href: '#/accounts' }, '← All accounts')),
    h(
      'div',
      { class: 'grid-2' },
      card(
        `Key ${a.key.prefix}…`,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Status'),
          h('dd', { 'data-status': a.key.status }, badge(a.key.status, a.key.status), ' ', a.key.status === 'suspended' ? status.replace(/^suspended /, '') : ''),
          h('dt', {}, 'Key id'),
          h('dd', {}, h('code', {}, a.key.id)),
          h('dt', {}, 'Tenant'),
          h('dd', {}, `${a.tenant.name} (registered country ${a.tenant.registered_country ?? 'none'})`),
          h('dt', {}, 'Created'),
          h('dd', {}, fmtTime(a.key.created_at)),
          ...a.scores.flatMap((s) => [h('dt', {}, `Score to ${s.action}`), h('dd', {}, meter(s.score, s.threshold), ` ${s.score} / ${s.threshold} in ${s.window}`)]),
        ),
      ),
      actions(ctx, a),
    ),
    card('Evidence timeline', a.timeline.length === 0 ? empty('No violations or actions recorded for this key.') : h('ol', { class: 'timeline' }, a.timeline.map(item))),
  );
};

function meter(score: number, threshold: number): HTMLElement {
  return h('meter', { min: 0, max: threshold, value: Math.min(score, threshold), high: threshold * 0.7, optimum: 0, 'aria-label': `score ${score} of ${threshold}` });
}

function actions(ctx: PageContext, a: Account): HTMLElement {
  if (ctx.session.role !== 'admin') return card('Actions', empty('Your token has the read role: actions need an admin token.'));
  if (a.key.status === 'revoked') return card('Actions', empty('This key is revoked; it cannot be reinstated.'));
  const note = h('textarea', { id: 'action-note', name: 'note', required: true, placeholder: 'Why: the appeal, the reason. Kept with the record.' });
  const duration = h('select', { id: 'suspend-for', 'aria-label': 'Suspend for' }, ['1h', '12h', '1d', '7d', '30d'].map((d) => h('option', { value: d, selected: d === '1d' }, d)));
  const message = h('p', { class: 'form-error', role: 'status' });
  const run = async (kind: 'reinstate' | 'warn' | 'suspend' | 'block') => {
    if (note.value.trim() === '') {
      message.textContent = 'Write a note first: every action is recorded with its reason.';
      note.focus();
      return;
    }
    try {
      await api(`/accounts/${encodeURIComponent(a.key.id)}/${kind}`, { method: 'POST', body: { note: note.value.trim(), ...(kind === 'suspend' ? { for: duration.value } : {}) } });
      ctx.refresh();
    } catch (err) {
      message.textContent = err instanceof ApiError ? err.message : String(err);
    }
  };
  const button = (kind: 'reinstate' | 'warn' | 'suspend' | 'block', label: string, cls: string) => h('button', { type: 'button', class: cls, 'data-action': kind, onclick: () => void run(kind) }, label);
  return card(
    'Actions',
    h(
      'div',
      { class: 'form' },
      h('label', { for: 'action-note' }, 'Note'),
      note,
      h('div', { class: 'row' }, button('reinstate', 'Reinstate', 'primary'), button('warn', 'Warn', 'secondary'), duration, button('suspend', 'Suspend', 'danger'), button('block', 'Block', 'danger')),
      message,
    ),
  );
}

function item(x: ActionItem | ViolationItem): HTMLElement {
  if (x.type === 'action') {
    return h(
      'li',
      { class: 't-action', 'data-kind': x.kind },
      h('div', { class: 't-head' }, badge(x.kind, x.kind), h('strong', {}, x.actor), h('span', { class: 't-time' }, fmtTime(x.at))),
      h('div', { class: 't-body' }, [x.until ? `until ${fmtTime(x.until)}` : null, x.rule ? `rule ${x.rule}` : null, x.score !== null ? `score ${x.score}` : null, x.note ? `“${x.note}”` : null].filter(Boolean).join(' · ')),
    );
  }
  const o = x.origin;
  const where = [o.network, o.country, ...(o.subdivisions ?? []), o.asn ? `AS${o.asn}` : null, o.org].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 't-violation' },
    h('div', { class: 't-head' }, badge(x.signal.replace(/_/g, ' '), 'deny'), h('code', {}, x.rule), h('span', { class: 't-time' }, fmtTime(x.at)), h('span', { class: 'muted' }, `weight ${x.weight}`)),
    h('div', { class: 't-body' }, where, ' · request ', h('code', {}, x.request_id)),
  );
}
