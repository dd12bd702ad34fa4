/**
 * Codes some datasets use for Ukrainian regions under Russian occupation, and the ISO 3166-2 code of
 * the same region. Geo facts carry the ISO code beside the dataset's own (`RU-CRI` → `['UA-43',
 * 'RU-CRI']`), so the origin names the region by its ISO code whatever the data said; policy matches
 * either through the alias groups of `data/presets/subdivision-aliases.yaml`, which this table must
 * agree with (test/origin/mmdb/subdivisions.test.ts checks it does).
 */

/** Dataset code → ISO 3166-2 code. */
export const DATASET_SUBDIVISION_CODES: ReadonlyMap<string, string> = new Map([
  ['RU-CR', 'UA-43'], // Crimea, as commercial databases write it (ISO-like, not in ISO 3166-2:RU)
  ['RU-CRI', 'UA-43'], // Crimea, in databases that follow Russia's own subdivision list
  ['RU-SEV', 'UA-40'], // Sevastopol
  ['RU-DON', 'UA-14'], // Donetsk oblast
  ['RU-LUG', 'UA-09'], // Luhansk oblast
  ['RU-ZAP', 'UA-23'], // Zaporizhzhia oblast
  ['RU-KHE', 'UA-65'], // Kherson oblast
]);

/**
 * The codes an origin carries for a subdivision code found in the data: the code itself, preceded by
 * its ISO 3166-2 code when the data used a dataset code (`'RU-CRI'` → `['UA-43', 'RU-CRI']`).
 */
export function subdivisionCodesFromData(code: string): string[] {
  const iso = DATASET_SUBDIVISION_CODES.get(code);
  return iso === undefined ? [code] : [iso, code];
}
