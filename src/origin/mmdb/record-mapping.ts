/**
 * Database records to facts, for both schemas. Records come from files, so they are read as
 * `unknown` and checked field by field; a field of the wrong type counts as absent.
 *
 * - GeoIP2/GeoLite2 (MaxMind): `country.iso_code`, `subdivisions[].iso_code` (the part after the
 *   country: "ENG" in GB-ENG), `city.names.en`, `location.latitude/longitude`;
 *   ASN/ISP: `autonomous_system_number`, `autonomous_system_organization` (ISP: also `organization`,
 *   `isp`); Anonymous-IP: `is_anonymous_vpn`, `is_public_proxy`, `is_residential_proxy`,
 *   `is_tor_exit_node`, `is_hosting_provider` (present only when true).
 * - flat (ip-location-db): `country_code`, `state1`, `state2` (English names), `city`,
 *   `latitude`, `longitude`; names become ISO 3166-2 codes through `SubdivisionNames`.
 */
import type { AnonymizerFlag } from '../../domain/origin.js';
import type { NetworkFacts } from '../asn/index.js';
import { subdivisionCodesFromData } from './subdivision-aliases.js';
import type { SubdivisionNames } from './subdivision-names.js';

export interface LocationFacts {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  readonly subdivisions: readonly string[];
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function countryCode(value: unknown): string | null {
  const code = text(value)?.toUpperCase() ?? null;
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

function addCodes(out: string[], code: string): void {
  for (const c of subdivisionCodesFromData(code)) if (!out.includes(c)) out.push(c);
}

export function geoip2Location(record: unknown): LocationFacts | null {
  const r = fields(record);
  const country = countryCode(fields(r?.['country'])?.['iso_code']);
  if (r === null || country === null) return null;
  const subdivisions: string[] = [];
  const list = r['subdivisions'];
  if (Array.isArray(list)) {
    for (const item of list) {
      const iso = text(fields(item)?.['iso_code']);
      if (iso !== null) addCodes(subdivisions, `${country}-${iso.toUpperCase()}`);
    }
  }
  const location = fields(r['location']);
  return {
    country,
    subdivisions: Object.freeze(subdivisions),
    city: text(fields(fields(r['city'])?.['names'])?.['en']),
    latitude: finite(location?.['latitude']),
    longitude: finite(location?.['longitude']),
  };
}

export function flatLocation(record: unknown, names: SubdivisionNames): LocationFacts | null {
  const r = fields(record);
  const country = countryCode(r?.['country_code']);
  if (r === null || country === null) return null;
  const subdivisions: string[] = [];
  for (const key of ['state1', 'state2']) {
    const name = text(r[key]);
    const code = name === null ? null : names.lookup(country, name);
    if (code !== null) addCodes(subdivisions, code);
  }
  return {
    country,
    subdivisions: Object.freeze(subdivisions),
    city: text(r['city']),
    latitude: finite(r['latitude']),
    longitude: finite(r['longitude']),
  };
}

/** ASN and organisation from a GeoLite2-ASN, GeoIP2-ISP or ip-location-db ASN record. */
export function networkFacts(record: unknown): NetworkFacts | null {
  const r = fields(record);
  if (r === null) return null;
  const asnValue = finite(r['autonomous_system_number']);
  const asn = asnValue !== null && Number.isInteger(asnValue) && asnValue >= 0 ? asnValue : null;
  const org = text(r['autonomous_system_organization']) ?? text(r['organization']) ?? text(r['isp']);
  return asn === null && org === null ? null : { asn, org };
}

const ANONYMOUS_IP_FLAGS: ReadonlyArray<readonly [string, AnonymizerFlag]> = [
  ['is_anonymous_vpn', 'vpn'],
  ['is_hosting_provider', 'hosting'],
  ['is_public_proxy', 'public_proxy'],
  ['is_residential_proxy', 'residential_proxy'],
  ['is_tor_exit_node', 'tor'],
];

/** Anonymizer flags of a GeoIP2 Anonymous-IP record, sorted. */
export function anonymizerFlags(record: unknown): readonly AnonymizerFlag[] {
  const r = fields(record);
  if (r === null) return [];
  const flags: AnonymizerFlag[] = [];
  for (const [key, flag] of ANONYMOUS_IP_FLAGS) if (r[key] === true) flags.push(flag);
  return Object.freeze(flags.sort()); // shared by every lookup that hits this record
}
