#!/usr/bin/env node
// Builds the dashboard into dashboard/dist: dashboard/src (TypeScript) bundled by esbuild with d3-geo,
// topojson-client and iso-3166, the static files, and the world-atlas map data. No CDN: everything the
// page loads is served by Cordon. Runs in `npm run build` and `prepare`; dist is not committed.
// Usage: node scripts/build-dashboard.mjs [--out DIR]   (default dashboard/dist; tests build elsewhere)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboard');
const outArg = process.argv.indexOf('--out');
const out = outArg === -1 ? join(root, 'dist') : process.argv[outArg + 1];
if (!out) throw new Error('--out needs a directory');
const require = createRequire(import.meta.url);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const name of readdirSync(join(root, 'static'))) copyFileSync(join(root, 'static', name), join(out, name));
copyFileSync(require.resolve('world-atlas/countries-110m.json'), join(out, 'countries-110m.json'));
console.log(`dashboard built: ${out}`);
