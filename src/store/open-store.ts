/**
 * Picks a backend from a store URL:
 * - `sqlite:PATH`, `sqlite://PATH` (so `sqlite:///var/lib/cordon.db` is absolute), `sqlite::memory:`;
 * - a plain path ending in `.sqlite`, `.sqlite3` or `.db`;
 * - `postgres://…` / `postgresql://…`: PostgreSQL (several instances sharing one store).
 */
import type { Store, StoreDeps } from './port.js';
import { redactUrl } from './redact-url.js';
import { openSqliteStore } from './sqlite/index.js';
import { StoreError } from './store-error.js';

export type StoreLocation =
  | { readonly backend: 'sqlite'; readonly path: string }
  | { readonly backend: 'postgres'; readonly url: string };

const SQLITE_FILE = /\.(sqlite3?|db)$/i;

export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw unsupported('sqlite: needs a path, as in sqlite:./cordon.db or sqlite::memory:');
    return { backend: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { backend: 'postgres', url: trimmed };
  // A one-letter "scheme" is a Windows drive (C:\cordon.db), not a URL.
  if ((scheme === undefined || scheme.length === 1) && SQLITE_FILE.test(trimmed)) return { backend: 'sqlite', path: trimmed };
  throw unsupported(
    scheme === undefined || scheme.length === 1
      ? `Cannot tell which store "${trimmed}" is: use sqlite:PATH, or a path ending in .sqlite or .db`
      : `Store URLs with scheme "${scheme}:" are not supported; use sqlite:PATH or postgres://…`,
  );
}

/** One line naming the backend a store URL picks, without its password: `SQLite .cordon/cordon.db`. */
export function describeStore(url: string): string {
  const location = parseStoreUrl(url);
  return location.backend === 'sqlite' ? `SQLite ${location.path}` : `PostgreSQL ${redactUrl(location.url)}`;
}

/** Opens the store a URL names, migrated and ready. */
export async function openStore(url: string, deps: StoreDeps): Promise<Store> {
  const location = parseStoreUrl(url);
  switch (location.backend) {
    case 'sqlite':
      return openSqliteStore({ ...deps, path: location.path });
    case 'postgres': {
      // Loaded only for a PostgreSQL URL: a SQLite install (and every CLI call on one) never loads pg.
      const { openPostgresStore } = await import('./postgres/index.js');
      return openPostgresStore({ ...deps, url: location.url });
    }
  }
}

function unsupported(message: string): StoreError {
  return new StoreError('store_unsupported_url', message);
}
