/**
 * Builds an `AsnIndex` from the CSV files of `@ip-location-db/asn`:
 * - `asn-ipv4-num.csv`: `start,end,asn,org` with IPv4 addresses as integers;
 * - `asn-ipv6.csv`: `start,end,asn,org` with IPv6 addresses as text.
 * `org` is quoted when it holds a comma (`"Cloudflare, Inc."`, `""` for a quote inside).
 * Data: RouteViews, DB-IP and NRO, CC BY 4.0 (see the package's licence files).
 */
import { AsnIndex } from './asn-index.js';
import { parseIpv6 } from '../address/index.js';

/** One CSV line as [start, end, asn, org]; null for a line that is not four fields. */
export function splitCsvLine(line: string): [string, string, string, string] | null {
  const c1 = line.indexOf(',');
  const c2 = line.indexOf(',', c1 + 1);
  const c3 = line.indexOf(',', c2 + 1);
  if (c1 === -1 || c2 === -1 || c3 === -1) return null;
  let org = line.slice(c3 + 1);
  if (org.startsWith('"')) {
    if (!org.endsWith('"') || org.length < 2) return null;
    org = org.slice(1, -1).replace(/""/g, '"');
  }
  return [line.slice(0, c1), line.slice(c1 + 1, c2), line.slice(c2 + 1, c3), org];
}

/**
 * Interns organisation names: each distinct name is stored once, as a string of its own. (A name cut
 * from the CSV text is a slice that keeps the whole text alive: 28 MB of CSV held for the life of the
 * process; docs/benchmarks.md, "Memory".)
 */
class OrgTable {
  readonly names: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  id(raw: string): number {
    const name = raw.replace(/\0/g, ''); // NUL separates names in the serialised index
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      const own = Buffer.from(name, 'utf8').toString('utf8');
      this.names.push(own);
      this.ids.set(own, id);
    }
    return id;
  }
}

function uint32(text: string, what: string, line: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`line ${line}: ${what} "${text}" is not an unsigned 32-bit integer`);
  return n;
}

function* lines(csv: string): Generator<[string, number]> {
  let start = 0;
  let n = 0;
  while (start < csv.length) {
    let end = csv.indexOf('\n', start);
    if (end === -1) end = csv.length;
    n++;
    const line = csv.slice(start, csv[end - 1] === '\r' ? end - 1 : end);
    if (line !== '') yield [line, n];
    start = end + 1;
  }
}

/** Sorts parallel columns by the order of `order` (indices), when the input was not sorted. */
function permute(column: number[], order: number[], width = 1): Uint32Array {
  const out = new Uint32Array(order.length * width);
  order.forEach((from, to) => {
    for (let k = 0; k < width; k++) out[to * width + k] = column[from * width + k]!;
  });
  return out;
}

function sortedOrder(count: number, compare: (a: number, b: number) => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = 1; i < count; i++) if (compare(i - 1, i) > 0) return order.sort(compare);
  return order;
}

export interface AsnCsvInput {
  readonly ipv4NumCsv: string;
  readonly ipv6Csv: string;
}

export function buildAsnIndex(input: AsnCsvInput): AsnIndex {
  const orgs = new OrgTable();
  const s4: number[] = [], e4: number[] = [], a4: number[] = [], o4: number[] = [];
  for (const [line, n] of lines(input.ipv4NumCsv)) {
    const f = splitCsvLine(line);
    if (f === null) throw new Error(`asn-ipv4-num.csv line ${n}: expected start,end,asn,org`);
    s4.push(uint32(f[0], 'start', n));
    e4.push(uint32(f[1], 'end', n));
    a4.push(uint32(f[2], 'asn', n));
    o4.push(orgs.id(f[3]));
  }
  const b6: number[] = [], a6: number[] = [], o6: number[] = [];
  for (const [line, n] of lines(input.ipv6Csv)) {
    const f = splitCsvLine(line);
    const start = f && parseIpv6(f[0]);
    const end = f && parseIpv6(f[1]);
    if (!f || !start || !end) throw new Error(`asn-ipv6.csv line ${n}: expected start,end,asn,org with IPv6 addresses`);
    b6.push(...start, ...end);
    a6.push(uint32(f[2], 'asn', n));
    o6.push(orgs.id(f[3]));
  }
  const order4 = sortedOrder(s4.length, (x, y) => s4[x]! - s4[y]!);
  const order6 = sortedOrder(a6.length, (x, y) => {
    for (let k = 0; k < 4; k++) if (b6[x * 8 + k] !== b6[y * 8 + k]) return b6[x * 8 + k]! - b6[y * 8 + k]!;
    return 0;
  });
  return new AsnIndex({
    v4Starts: permute(s4, order4),
    v4Ends: permute(e4, order4),
    v4Asns: permute(a4, order4),
    v4Orgs: permute(o4, order4),
    v6Bounds: permute(b6, order6, 8),
    v6Asns: permute(a6, order6),
    v6Orgs: permute(o6, order6),
    orgs: orgs.names,
  });
}
