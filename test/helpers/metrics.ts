/** Reading `/metrics` (Prometheus text) in tests: one scrape, then the sum of the matching series. */

export async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/**
 * The sum of the samples of `name` whose labels include every one given (0 when none matches; a
 * series that does not exist yet has not moved). Label values are compared unescaped.
 */
export function sampleSum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) found.set(pair[1] as string, (pair[2] as string).replace(/\\(.)/g, '$1'));
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) sum += Number(match[3]);
  }
  return sum;
}

/** Whether the scrape has the series at all (a counter of a closed vocabulary starts at 0). */
export function hasSeries(text: string, name: string, labels: Readonly<Record<string, string>>): boolean {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text.split('\n').some((line) => line.startsWith(`${name}{`) && wanted.every((w) => line.includes(w)));
}
