/**
 * Tor exit lists, in both formats the Tor Project publishes (docs/enforcement.md):
 * - the bulk exit list (`torbulkexitlist`): one IPv4 address per line;
 * - `exit-addresses`: blocks of `ExitNode <fingerprint>`, `Published …`, `LastStatus …` and one or more
 *   `ExitAddress <ip> YYYY-MM-DD HH:MM:SS` lines; the date is when the exit was last seen using it.
 * Exit addresses rotate, so the last-seen time is kept per address (null from the bulk list). Pure.
 */
import { normalizeIp } from '../address/index.js';

export interface TorExitList {
  /** Number of distinct addresses. */
  readonly size: number;
  /** Epoch ms the address was last seen as an exit, null when the list has no dates, undefined when not listed. */
  lastSeen(ip: string): number | null | undefined;
}

export interface ParsedTorList {
  readonly list: TorExitList;
  readonly format: 'bulk' | 'exit-addresses';
  /** Lines that were neither blank, comments nor a recognised entry (reported, not fatal). */
  readonly skipped: number;
}

const EXIT_ADDRESS = /^ExitAddress\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})\s*$/;
const BLOCK_KEYWORD = /^(ExitNode|Published|LastStatus)\s/;

export function parseTorExitList(text: string): ParsedTorList {
  const lines = text.split(/\r?\n/);
  const format = lines.some((l) => l.startsWith('ExitNode ')) ? 'exit-addresses' : 'bulk';
  const seen = new Map<string, number | null>();
  let skipped = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (format === 'bulk') {
      const ip = normalizeIp(line);
      if (ip === null) skipped++;
      else seen.set(ip, null);
      continue;
    }
    const m = EXIT_ADDRESS.exec(line);
    if (m === null) {
      if (!BLOCK_KEYWORD.test(line)) skipped++;
      continue;
    }
    const ip = normalizeIp(m[1] as string);
    const at = Date.parse(`${m[2]}T${m[3]}Z`);
    if (ip === null || Number.isNaN(at)) {
      skipped++;
      continue;
    }
    const previous = seen.get(ip);
    seen.set(ip, previous === undefined || previous === null ? at : Math.max(previous, at));
  }
  return { list: { size: seen.size, lastSeen: (ip) => seen.get(ip) }, format, skipped };
}

export const EMPTY_TOR_LIST: TorExitList = { size: 0, lastSeen: () => undefined };
