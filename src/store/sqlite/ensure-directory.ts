/**
 * Creates a directory and its missing parents. Written out instead of `mkdirSync(…, { recursive })`
 * because Node's recursive mkdir loops forever where mkdir answers ENOENT under an existing parent
 * (e.g. /proc); here every failure is thrown once.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode } from './error-code.js';

export function ensureDirectory(dir: string): void {
  if (isDirectory(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    // Another process (the CLI beside the gateway) may have created it a moment ago.
    if (errorCode(err) !== 'EEXIST' || !isDirectory(dir)) throw err;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
