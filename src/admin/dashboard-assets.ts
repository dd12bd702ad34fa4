/**
 * The dashboard's static files (built into dashboard/dist by `npm run build`), read once at startup
 * into memory: a closed set of names, so no request path ever reaches the file system.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DashboardAsset {
  readonly body: Buffer;
  readonly type: string;
}

export type DashboardAssets =
  | { readonly built: true; readonly files: ReadonlyMap<string, DashboardAsset> }
  | { readonly built: false; readonly dir: string };

/** Reads every file of `dir` (one level, known types only); `built: false` when there is no index.html. */
export function loadDashboardAssets(dir: string): DashboardAssets {
  if (!existsSync(join(dir, 'index.html'))) return { built: false, dir };
  const files = new Map<string, DashboardAsset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    const path = join(dir, name);
    if (type === undefined || !statSync(path).isFile()) continue;
    files.set(name, { body: readFileSync(path), type });
  }
  return { built: true, files };
}
