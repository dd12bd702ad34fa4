/**
 * A compact, read-only index of IP ranges to ASN and organisation, looked up by binary search.
 *
 * Layout (typed arrays, so a cache file maps straight back into memory):
 * - IPv4: `v4Starts`, `v4Ends`, `v4Asns`, `v4Orgs` (one entry per range, sorted by start);
 * - IPv6: `v6Bounds` (8 words per range: start[4], end[4]), `v6Asns`, `v6Orgs`;
 * - organisations: a string table, referenced by index from `*Orgs`.
 *
 * Serialised form: the magic "CRDNASN1", a u32 header length, a JSON header (source key and section
 * lengths), then each typed array 4-byte aligned, then the organisations as one UTF-8 blob,
 * NUL-separated (decoded with one call). Byte order is the machine's: the file is a local cache,
 * rebuilt when it does not fit.
 */
import { findV4Range, findV6Range, type Ipv6Words } from '../address/index.js';

/** What an ASN source says about an address: the bundled index, or an ASN/ISP database (mmdb/). */
export interface NetworkFacts {
  readonly asn: number | null;
  readonly org: string | null;
}

const MAGIC = 'CRDNASN1';
const FORMAT = 1;

export interface AsnIndexArrays {
  readonly v4Starts: Uint32Array;
  readonly v4Ends: Uint32Array;
  readonly v4Asns: Uint32Array;
  readonly v4Orgs: Uint32Array;
  readonly v6Bounds: Uint32Array;
  readonly v6Asns: Uint32Array;
  readonly v6Orgs: Uint32Array;
  readonly orgs: readonly string[];
}

export class AsnIndex {
  constructor(private readonly a: AsnIndexArrays) {}

  get rangeCount(): number {
    return this.a.v4Starts.length + this.a.v6Asns.length;
  }

  get orgCount(): number {
    return this.a.orgs.length;
  }

  private facts(asn: number, org: number): NetworkFacts {
    return { asn, org: this.a.orgs[org] || null };
  }

  lookupV4(ip: number): NetworkFacts | null {
    const i = findV4Range(this.a.v4Starts, this.a.v4Ends, ip);
    return i === -1 ? null : this.facts(this.a.v4Asns[i]!, this.a.v4Orgs[i]!);
  }

  lookupV6(words: Ipv6Words): NetworkFacts | null {
    const i = findV6Range(this.a.v6Bounds, words);
    return i === -1 ? null : this.facts(this.a.v6Asns[i]!, this.a.v6Orgs[i]!);
  }

  /** The serialised form, tagged with `key` (what it was built from). */
  serialize(key: string): Buffer {
    const orgBytes = Buffer.from(this.a.orgs.join('\0'), 'utf8');
    const arrays = [this.a.v4Starts, this.a.v4Ends, this.a.v4Asns, this.a.v4Orgs, this.a.v6Bounds, this.a.v6Asns, this.a.v6Orgs];
    const header = Buffer.from(JSON.stringify({ format: FORMAT, key, lengths: arrays.map((x) => x.length), orgBytes: orgBytes.length }), 'utf8');
    const headerLength = Buffer.alloc(4);
    headerLength.writeUInt32LE(header.length);
    const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), headerLength, header];
    const pad = () => {
      const size = parts.reduce((n, p) => n + p.length, 0);
      if (size % 4 !== 0) parts.push(Buffer.alloc(4 - (size % 4)));
    };
    for (const array of arrays) {
      pad();
      parts.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    }
    parts.push(orgBytes);
    return Buffer.concat(parts);
  }

  /** Reads a serialised index; null when it is not one, or was built from something other than `key`. */
  static deserialize(file: Buffer, key: string): AsnIndex | null {
    if (file.length < 12 || file.toString('latin1', 0, 8) !== MAGIC) return null;
    const headerLength = file.readUInt32LE(8);
    let header: { format?: unknown; key?: unknown; lengths?: unknown; orgBytes?: unknown };
    try {
      header = JSON.parse(file.toString('utf8', 12, 12 + headerLength)) as typeof header;
    } catch {
      return null;
    }
    const { lengths, orgBytes } = header;
    if (header.format !== FORMAT || header.key !== key || !Array.isArray(lengths) || lengths.length !== 7 || typeof orgBytes !== 'number') return null;
    // Copy once into an aligned buffer: typed-array views need 4-byte alignment.
    const bytes = new Uint8Array(file.length);
    bytes.set(file);
    let offset = 12 + headerLength;
    const views: Uint32Array[] = [];
    for (const length of lengths) {
      if (typeof length !== 'number') return null;
      offset = (offset + 3) & ~3;
      if (offset + length * 4 > bytes.length) return null;
      views.push(new Uint32Array(bytes.buffer, offset, length));
      offset += length * 4;
    }
    if (offset + orgBytes !== bytes.length) return null;
    const orgs = new TextDecoder().decode(bytes.subarray(offset)).split('\0');
    const [v4Starts, v4Ends, v4Asns, v4Orgs, v6Bounds, v6Asns, v6Orgs] = views as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    return new AsnIndex({ v4Starts, v4Ends, v4Asns, v4Orgs, v6Bounds, v6Asns, v6Orgs, orgs });
  }
}
