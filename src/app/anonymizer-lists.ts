/**
 * Opens the operator's anonymizer lists (`enforcement.lists`: Tor exits, CIDR and ASN lists) from
 * config. They are origin facts, so the geo handle opens them, whether enforcement is on or not: the
 * origin resolver (policy) and enforcement both read the lists in use through `current()`.
 */
import type { Config } from '../config/types.js';
import { openListFiles, type ListEvent, type ListFiles } from '../origin/lists/index.js';
import type { Logger } from '../observability/logger.js';

/** `watch: false` (the CLI) reads the files once, whatever the config says. */
export function openAnonymizerLists(config: Config, logger: Logger, options: { watch?: boolean } = {}): Promise<ListFiles> {
  const settings = config.enforcement.lists;
  return openListFiles(options.watch === false ? { ...settings, watch: false } : settings, { onEvent: (e) => logListEvent(logger, e) });
}

function logListEvent(logger: Logger, e: ListEvent): void {
  if (e.type === 'loaded') logger.log('info', 'anonymizer list loaded', { file: e.file, entries: e.entries, detail: e.detail });
  else logger.log('error', 'anonymizer list failed to load; the previous data stays in use', { file: e.file, error: e.error });
}
