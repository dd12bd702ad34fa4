/**
 * Loads the anonymizer list files (Tor exit list, CIDR lists, ASN lists) and keeps them current: each
 * file is watched and re-read on change; a file that fails to load or parse is reported and the
 * previous data for it stays in use (at start: nothing for it). The lists in use are swapped as one
 * value, so a lookup sees either the old lists or the new.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BypassFlag } from '../../domain/enforcement.js';
import { watchForChanges } from '../file-watch.js';
import type { CidrSet } from '../address/index.js';
import { NO_LISTS, type AnonymizerLists } from './anonymizer-lists.js';
import { parseAsnList, parseCidrListText } from './network-lists.js';
import { EMPTY_TOR_LIST, parseTorExitList, type TorExitList } from './tor-exit-list.js';

/** Which list files to load (config `origin.lists`). */
export interface ListSettings {
  /** Tor bulk exit list or `exit-addresses` file; reloaded on change. */
  readonly torExits: string | null;
  /** Plain CIDR list files, one block per line, each marking one flag. */
  readonly cidr: readonly { readonly file: string; readonly flag: BypassFlag }[];
  /** ASN list files (YAML like data/enforcement/hosting-asns.yaml, or one ASN per line). */
  readonly asn: readonly { readonly file: string; readonly flag: BypassFlag }[];
  readonly watch: boolean;
}

/** `bundled` in an ASN list entry: the shipped hosting list. */
export const BUNDLED_HOSTING_ASNS = fileURLToPath(new URL('../../../data/enforcement/hosting-asns.yaml', import.meta.url));

export type ListEvent =
  | { readonly type: 'loaded'; readonly file: string; readonly entries: number; readonly detail: string }
  | { readonly type: 'load_failed'; readonly file: string; readonly error: string };

export interface ListFiles {
  current(): AnonymizerLists;
  /** Re-reads every file now. */
  reload(): Promise<void>;
  close(): void;
}

export interface ListFileOptions {
  readonly onEvent?: (event: ListEvent) => void;
  readonly watchIntervalMs?: number;
  readonly watchDebounceMs?: number;
}

type Loaded = { tor: TorExitList } | { cidr: CidrSet } | { asns: ReadonlySet<number> };

interface Slot {
  readonly file: string;
  readonly load: (text: string) => { value: Loaded; entries: number; detail: string };
  value: Loaded | null;
}

export async function openListFiles(settings: ListSettings, options: ListFileOptions = {}): Promise<ListFiles> {
  const emit = (e: ListEvent) => options.onEvent?.(e);
  const slots: Slot[] = [];
  const flags: BypassFlag[] = [];
  if (settings.torExits !== null) {
    flags.push('tor');
    slots.push({ file: settings.torExits, value: null, load: (text) => {
      const parsed = parseTorExitList(text);
      // More lines that are not exits than exits: not a Tor list (an error page, a truncated download).
      if (parsed.skipped > parsed.list.size) throw new Error(`not a Tor exit list: ${parsed.skipped} of its ${parsed.skipped + parsed.list.size} lines are not exits`);
      return { value: { tor: parsed.list }, entries: parsed.list.size, detail: `${parsed.format}${parsed.skipped > 0 ? `, ${parsed.skipped} lines skipped` : ''}` };
    } });
  }
  for (const entry of settings.cidr) {
    flags.push(entry.flag);
    slots.push({ file: entry.file, value: null, load: (text) => {
      const set = parseCidrListText(text);
      return { value: { cidr: set }, entries: set.size, detail: `cidr ${entry.flag}` };
    } });
  }
  for (const entry of settings.asn) {
    flags.push(entry.flag);
    const file = entry.file === 'bundled' ? BUNDLED_HOSTING_ASNS : entry.file;
    slots.push({ file, value: null, load: (text) => {
      const list = parseAsnList(text, { yaml: /\.ya?ml$/i.test(file) });
      return { value: { asns: list.asns }, entries: list.asns.size, detail: `asn ${entry.flag}${list.asOf ? ` (as of ${list.asOf})` : ''}` };
    } });
  }

  let lists: AnonymizerLists = NO_LISTS;
  const rebuild = () => {
    let tor: TorExitList = EMPTY_TOR_LIST;
    const cidr: AnonymizerLists['cidr'][number][] = [];
    const asn: AnonymizerLists['asn'][number][] = [];
    slots.forEach((slot, i) => {
      const v = slot.value;
      const flag = flags[i] as BypassFlag;
      if (v === null) return;
      if ('tor' in v) tor = v.tor;
      else if ('cidr' in v) cidr.push({ set: v.cidr, flag, source: slot.file });
      else asn.push({ asns: v.asns, flag, source: slot.file });
    });
    lists = { tor, cidr, asn };
  };
  const load = async (slot: Slot) => {
    try {
      const loaded = slot.load(await readFile(slot.file, 'utf8'));
      // An empty list would silently turn its flag off: a failed download or a truncated file, not news.
      if (loaded.entries === 0) throw new Error('the list has no entries');
      slot.value = loaded.value;
      emit({ type: 'loaded', file: slot.file, entries: loaded.entries, detail: loaded.detail });
    } catch (error) {
      emit({ type: 'load_failed', file: slot.file, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const reloadAll = async () => {
    await Promise.all(slots.map(load));
    rebuild();
  };

  await reloadAll();
  const watch = { intervalMs: options.watchIntervalMs ?? 2000, debounceMs: options.watchDebounceMs ?? 1000 };
  const stops = settings.watch ? slots.map((slot) => watchForChanges(slot.file, watch, () => void load(slot).then(rebuild))) : [];
  return {
    current: () => lists,
    reload: reloadAll,
    close: () => {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
