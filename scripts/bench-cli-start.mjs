#!/usr/bin/env node
/**
 * CLI start-up: wall time of `cordon check IP --json` and `cordon keys list` beside `node -e ''` (a
 * bare Node start) in the same run, alternating the three so the VM's drift hits each alike. Goal:
 * each command within 5× of a bare Node start. Runs the built CLI (`npm run build` first) in a fresh
 * temporary folder, on the embedded defaults; one untimed run of each first (it creates the SQLite
 * file, builds the ASN index cache and stamps the verified geo files, as a user's first call does).
 *
 *   node scripts/bench-cli-start.mjs [runs=20]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 20);
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'cordon-cli-start-'));
const env = { PATH: process.env.PATH ?? '' };
const cases = [
  { name: "node -e ''", args: ['-e', ''] },
  { name: 'cordon check 8.8.8.8 --json', args: [cli, 'check', '8.8.8.8', '--json'] },
  { name: 'cordon keys list', args: [cli, 'keys', 'list'] },
];

function once(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

try {
  for (const c of cases) once(c.args); // first calls: store created, caches written
  const times = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.name).push(once(c.args));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = median(times.get(cases[0].name));
  console.log(`node ${process.version}, ${runs} runs each, interleaved; median wall time`);
  for (const c of cases) {
    const m = median(times.get(c.name));
    console.log(`${c.name.padEnd(30)} ${m.toFixed(0).padStart(6)} ms  ${(m / floor).toFixed(2)}×`);
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
