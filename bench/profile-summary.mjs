#!/usr/bin/env node
// Self time of the CPU profiles of a `PROF=1 npm run bench` run (or of any .cpuprofile files), Cordon's
// own code first, per function and per file / package, in µs per request when the run's bench.json is there.
// Usage: node bench/profile-summary.mjs <bench/results/STAMP | file.cpuprofile ...> [--top N]
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import process from 'node:process';
import { compareMarkdown, profileMarkdown, summariseProfile, summariseRun } from './lib/profile.mjs';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
if (args.length === 0) {
  console.error('usage: node bench/profile-summary.mjs <bench/results/STAMP | file.cpuprofile ...> [--top N]');
  process.exit(2);
}
const repo = resolve(import.meta.dirname, '..');
const summaries = args.flatMap((arg) => {
  if (arg.endsWith('.cpuprofile')) return [summariseProfile(arg, { repo, top, label: basename(arg) })];
  const results = join(arg, 'bench.json');
  const run = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : null;
  return summariseRun(join(arg, 'prof'), { repo, top, window: run?.meta.measure_window_us ?? null, cells: run?.cells ?? [] });
});
console.log(`${compareMarkdown(summaries, top)}\n\n${summaries.map((s) => profileMarkdown(s, top)).join('\n\n')}`);
