/**
 * Codes some datasets use for Ukrainian regions under Russian occupation, beside the ISO 3166-2 code.
 * A fact table, not a policy: a rule written for either code must match an origin the data labels
 * with the other. Pure and synchronous so the policy engine can call it on the hot path.
 */

export const SUBDIVISION_ALIASES_SOURCE = {
  source:
    'ISO 3166-2:UA (canonical codes) and the aliases seen in geolocation datasets, as listed in the ' +
    'project reference law.md ("Subdivisions and the aliases datasets use")',
  as_of: '2026-11-28',
} as const;

/** [ISO 3166-2 code, alias used by datasets]. */
export const SUBDIVISION_ALIAS_PAIRS = [
  ['UA-43', 'RU-CRI'], // Autonomous Republic of Crimea
  ['UA-40', 'RU-SEV'], // Sevastopol
  ['UA-14', 'RU-DON'], // Donetsk oblast
  ['UA-09', 'RU-LUG'], // Luhansk oblast
  ['UA-23', 'RU-ZAP'], // Zaporizhzhia oblast
  ['UA-65', 'RU-KHE'], // Kherson oblast
] as const satisfies ReadonlyArray<readonly [string, string]>;

function findPair(code: string): readonly [string, string] | undefined {
  const upper = code.trim().toUpperCase();
  return SUBDIVISION_ALIAS_PAIRS.find(([iso, alias]) => iso === upper || alias === upper);
}

/** The other codes of the same region (`'UA-43'` → `['RU-CRI']`, `'RU-CRI'` → `['UA-43']`); else []. */
export function subdivisionAliases(code: string): string[] {
  const pair = findPair(code);
  if (pair === undefined) return [];
  const upper = code.trim().toUpperCase();
  return pair.filter((c) => c !== upper);
}

/**
 * The codes an origin carries for a subdivision code found in the data: the code itself, preceded by
 * its ISO 3166-2 code when the data used an alias (`'RU-CRI'` → `['UA-43', 'RU-CRI']`).
 */
export function subdivisionCodesFromData(code: string): string[] {
  const pair = findPair(code);
  return pair !== undefined && pair[1] === code ? [pair[0], code] : [code];
}
