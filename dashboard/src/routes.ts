/** The dashboard's pages: hash path, title, and whether the sidebar lists it. */
import type { Page } from './page.js';
import { accountPage } from './pages/account.js';
import { accountsPage } from './pages/accounts.js';
import { overviewPage } from './pages/overview.js';
import { policiesPage } from './pages/policies.js';
import { simulatePage } from './pages/simulate.js';
import { trafficPage } from './pages/traffic.js';
import { dataPage } from './pages/data.js';

export interface PageRoute {
  /** `map`, `accounts/:id`. */
  readonly path: string;
  readonly title: string;
  /** The sidebar entry it belongs to. */
  readonly nav: string;
  readonly inNav: boolean;
  readonly page: Page;
}

export const PAGES: readonly PageRoute[] = [
  { path: 'map', title: 'World map', nav: 'map', inNav: true, page: overviewPage },
  { path: 'traffic', title: 'Traffic', nav: 'traffic', inNav: true, page: trafficPage },
  { path: 'accounts', title: 'Accounts', nav: 'accounts', inNav: true, page: accountsPage },
  { path: 'accounts/:id', title: 'Account', nav: 'accounts', inNav: false, page: accountPage },
  { path: 'policies', title: 'Policy versions', nav: 'policies', inNav: true, page: policiesPage },
  { path: 'simulate', title: 'Simulation and reach', nav: 'simulate', inNav: true, page: simulatePage },
  { path: 'data', title: 'Data sources', nav: 'data', inNav: true, page: dataPage },
];
