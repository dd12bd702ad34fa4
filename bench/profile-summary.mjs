#!/usr/bin/env node
// Prints the top self-time functions of V8 CPU profiles (node --cpu-prof), Cordon's own code first.
// Usage: node bench/profile-summary.mjs <file.cpuprofile | folder> [top=25]
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { profileMarkdown, summariseProfile } from './lib/profile.mjs';

const [target, top = '25'] = process.argv.slice(2);
if (!target) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile | folder> [top]');
  process.exit(2);
}
const files = statSync(target).isDirectory()
  ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f))
  : [target];
const repo = resolve(import.meta.dirname, '..');
for (const f of files) console.log(`${profileMarkdown(summariseProfile(f, { repo, top: Number(top) }))}\n`);
