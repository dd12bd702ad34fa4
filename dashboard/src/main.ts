/**
 * The dashboard shell: sign-in with an admin token, the navigation, the period picker and a hash
 * router (`#/map`, `#/traffic`, `#/accounts/{id}`, …). Pages render from the admin API only.
 */
import { api, ApiError, setUnauthorizedHandler } from './api.js';
import { h, svg } from './dom.js';
import { PERIODS, type PeriodId } from './format.js';
import type { Page, PageContext } from './page.js';
import { PAGES } from './routes.js';
import { clearToken, getToken, setToken } from './session.js';
import type { Session } from './types.js';

const root = document.getElementById('app') as HTMLElement;
let period: PeriodId = '24h';
let session: Session | null = null;

async function start(): Promise<void> {
  setUnauthorizedHandler(() => {
    session = null;
    showSignIn('Your session ended: the admin token was refused. Sign in again.');
  });
  window.addEventListener('hashchange', () => void render());
  if (getToken() === null) return showSignIn();
  try {
    session = await api<Session>('/session');
    await render();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) showSignIn(messageOf(err));
  }
}

function showSignIn(notice?: string): void {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'ck-admin-…' });
  const error = h('p', { class: 'form-error', role: 'alert' }, notice ?? '');
  const form = h(
    'form',
    { class: 'signin-card', 'aria-labelledby': 'signin-title' },
    h('div', { class: 'brand brand-large' }, logo(), h('span', {}, 'Cordon')),
    h('h1', { id: 'signin-title' }, 'Sign in to the dashboard'),
    h('p', { class: 'muted' }, 'Paste an admin token. Create one with ', h('code', {}, 'cordon admin-tokens create --role read'), '.'),
    h('label', { for: 'token' }, 'Admin token'),
    input,
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    api<Session>('/session', { token })
      .then((s) => {
        setToken(token);
        session = s;
        if (location.hash === '' || location.hash === '#/') location.hash = '#/map';
        return render();
      })
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError && err.status === 401 ? 'That token was not accepted.' : messageOf(err);
      });
  });
  root.replaceChildren(h('main', { class: 'signin' }, form, attribution()));
  input.focus();
}

function match(hash: string): { page: Page; title: string; nav: string; params: Record<string, string> } {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '');
  for (const route of PAGES) {
    const want = route.path.split('/').filter((p) => p !== '');
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decodeURIComponent(parts[i] ?? '')), true) : w === parts[i]))) {
      return { page: route.page, title: route.title, nav: route.nav, params };
    }
  }
  const first = PAGES[0] as (typeof PAGES)[number];
  return { page: first.page, title: first.title, nav: first.nav, params: {} };
}

async function render(): Promise<void> {
  if (session === null) return showSignIn();
  const current = session;
  const route = match(location.hash);
  const main = h('main', { id: 'main', class: 'content', tabindex: -1 });
  const ctx: PageContext = {
    session: current,
    period,
    params: route.params,
    navigate: (hash) => {
      location.hash = hash;
    },
    refresh: () => void render(),
  };
  root.replaceChildren(h('div', { class: 'shell' }, sidebar(route.nav, current), h('div', { class: 'body' }, topbar(route.title), main, attribution())));
  document.title = `${route.title} · Cordon`;
  main.append(h('div', { class: 'loading', role: 'status' }, 'Loading…'));
  try {
    main.replaceChildren(await route.page(ctx));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    main.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, h('strong', {}, 'Could not load this page. '), messageOf(err)));
  }
}

function sidebar(active: string, s: Session): HTMLElement {
  const items = PAGES.filter((p) => p.inNav);
  return h(
    'nav',
    { class: 'sidebar', 'aria-label': 'Dashboard' },
    h('a', { class: 'brand', href: '#/map' }, logo(), h('span', {}, 'Cordon')),
    h('ul', {}, items.map((p) => h('li', {}, h('a', { href: `#/${p.path}`, 'aria-current': p.nav === active ? 'page' : undefined }, p.title)))),
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'who-name' }, s.name),
      h('span', { class: `badge badge-${s.role === 'admin' ? 'admin' : 'muted'}` }, s.role === 'admin' ? 'admin' : 'read only'),
      h('button', { type: 'button', class: 'link', onclick: () => { clearToken(); session = null; showSignIn(); } }, 'Sign out'),
    ),
  );
}

function topbar(title: string): HTMLElement {
  const select = h('select', { id: 'period', 'aria-label': 'Period' }, PERIODS.map((p) => h('option', { value: p.id, selected: p.id === period }, p.label)));
  select.addEventListener('change', () => {
    period = select.value as PeriodId;
    void render();
  });
  return h('header', { class: 'topbar' }, h('h1', {}, title), h('div', { class: 'topbar-tools' }, select, h('button', { type: 'button', class: 'secondary', onclick: () => void render() }, 'Refresh')));
}

function attribution(): HTMLElement {
  return h(
    'footer',
    { class: 'attribution' },
    h('span', {}, 'Map data: ', h('a', { href: 'https://www.naturalearthdata.com/' }, 'Natural Earth'), ' (public domain) via ', h('a', { href: 'https://github.com/topojson/world-atlas' }, 'world-atlas'), '; borders as drawn there, counts by the geo database’s codes.'),
    h('span', {}, h('a', { href: 'https://db-ip.com' }, 'IP Geolocation by DB-IP'), ' (CC BY 4.0) and GeoLite2 data created by MaxMind.'),
  );
}

function logo(): SVGSVGElement {
  return svg(
    'svg',
    { viewBox: '0 0 24 24', class: 'logo', 'aria-hidden': 'true' },
    svg('circle', { cx: 12, cy: 12, r: 9, fill: 'none', stroke: 'currentColor', 'stroke-width': 2.2 }),
    svg('path', { d: 'M3.5 12h17M12 3c2.6 2.5 3.8 5.5 3.8 9s-1.2 6.5-3.8 9', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.6, 'stroke-linecap': 'round' }),
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

void start();
