/** What every page gets from the shell, and small pieces pages share. */
import { h } from './dom.js';
import type { PeriodId } from './format.js';
import type { Session } from './types.js';

export interface PageContext {
  readonly session: Session;
  readonly period: PeriodId;
  /** Path parameters of the route (`#/accounts/{id}`). */
  readonly params: Readonly<Record<string, string>>;
  navigate(hash: string): void;
  /** Renders the current page again (after an action). */
  refresh(): void;
}

export type Page = (ctx: PageContext) => Promise<HTMLElement>;

export function card(title: string | null, ...body: ReadonlyArray<Node | string | null | false>): HTMLElement {
  return h('section', { class: 'card' }, title === null ? null : h('h2', {}, title), ...body);
}

export function kpi(label: string, value: string, note?: string, tone?: 'refused' | 'allowed'): HTMLElement {
  return h('div', { class: `kpi${tone ? ` kpi-${tone}` : ''}` }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, value), note ? h('span', { class: 'kpi-note' }, note) : null);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Node | string>>, options: { numeric?: readonly number[]; caption?: string } = {}): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      options.caption ? h('caption', { class: 'sr-only' }, options.caption) : null,
      h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: numeric.has(i) ? 'num' : undefined }, c))))),
    ),
  );
}

export function badge(text: string, tone: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}` }, text);
}
