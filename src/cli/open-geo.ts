/** The geo data as a CLI command opens it: no file watching, no logs, a status line when it is slow. */
import type { Writable } from 'node:stream';
import { openGeo, type GeoHandle } from '../app/geo.js';
import type { Config } from '../config/types.js';
import { silentLogger } from '../observability/logger.js';
import { withStatus } from './progress.js';

export function openGeoForCommand(err: Writable, config: Config): Promise<GeoHandle> {
  return withStatus(err, 'opening the geo data (the first time in a data folder: verifying the databases and building the ASN index, a few seconds)', () =>
    openGeo(config, silentLogger, { watch: false }),
  );
}
