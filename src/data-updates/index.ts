/**
 * Fresh data without a release (docs/data.md): the sources Cordon keeps current by itself — MaxMind
 * editions, MMDB files and lists by URL, signed preset bundles — each download verified, written
 * beside the file in use and renamed over it; and the provenance of every datum in use.
 */
export { dataStatus, dataVersionId, HashCache, staleness, type DataSourceStatus, type StatusInputs } from './data-status.js';
export { installedPresets, openBundle, BUNDLE_FORMAT } from './preset-bundle.js';
export { NO_UPDATES, type MaxmindAccount, type SourceSettings, type UpdateSettings } from './settings.js';
export { folderHash } from './swap.js';
export { createUpdater, unknownSources, type Updater, type UpdaterOptions } from './updater.js';
export type { UpdateOutcome, UpdateResult } from './update-source.js';
export { VersionLog } from './version-log.js';
