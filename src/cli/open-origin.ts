/** The origin (geo data and anonymizer lists) as a CLI command opens it: no file watching, no logs, a status line when it is slow. */
import type { Writable } from 'node:stream';
import { openOrigin, type OriginHandle } from '../app/origin.js';
import type { Config } from '../config/types.js';
import { silentLogger } from '../observability/logger.js';
import { withStatus } from './progress.js';

export function openOriginForCommand(err: Writable, config: Config): Promise<OriginHandle> {
  return withStatus(err, 'opening the geo data (the first time in a data folder: verifying the databases and building the ASN index, a few seconds)', () =>
    openOrigin(config, silentLogger, { watch: false }),
  );
}
