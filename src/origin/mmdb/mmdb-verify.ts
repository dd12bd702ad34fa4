/**
 * Structural check of a whole MaxMind DB (MMDB) file before it is used, after the checks of
 * MaxMind's own verifiers (libmaxminddb `mmdbverify`, Go `Reader.Verify`).
 *
 * Why: the `maxmind` reader trusts the file. MaxMind's corrupt test databases open without error
 * and one of them answers every lookup with a wrong latitude. A corrupt file must be refused with a
 * reason, never give a wrong answer; so before a file replaces the one in use we check that:
 * - the metadata decodes, has the required keys with sane values, and the search tree fits;
 * - the 16-byte separator between tree and data is all zeroes;
 * - every tree record points to a node, to "empty", or inside the data section;
 * - the data section decodes end to end with strict types and sizes (a double is 8 bytes, a map key
 *   a string, a pointer lands inside the section), and every pointer (from the tree or from data)
 *   lands on the start of a value.
 *
 * It walks every node and every data byte once, yielding to the event loop between slices so a
 * reload does not stall requests.
 */
import { MmdbFormatError, MmdbValueDecoder, OffsetSet } from './mmdb-value-decoder.js';

export { MmdbFormatError } from './mmdb-value-decoder.js';

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'); // "\xAB\xCD\xEFMaxMind.com"
const DATA_SEPARATOR_SIZE = 16;
/** Nodes (or data values) checked between two yields to the event loop. */
const SLICE = 1 << 16;

export interface MmdbLayout {
  readonly databaseType: string;
  readonly ipVersion: 4 | 6;
  readonly recordSize: 24 | 28 | 32;
  readonly nodeCount: number;
  readonly buildEpoch: Date;
  readonly dataSectionSize: number;
  /** Number of top-level values in the data section (records and shared values). */
  readonly dataValueCount: number;
  /** The first top-level value of the data section: a sample record for schema detection. */
  readonly sample: unknown;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function readMetadata(db: Buffer): { start: number; values: Record<string, unknown> } {
  const markerAt = db.lastIndexOf(METADATA_MARKER);
  if (markerAt === -1) throw new MmdbFormatError('no MaxMind DB metadata marker: not an MMDB file');
  const start = markerAt + METADATA_MARKER.length;
  const decoder = new MmdbValueDecoder(db, start, db.length - start);
  const { value } = decoder.read(0);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MmdbFormatError('metadata is not a map');
  }
  return { start: markerAt, values: value as Record<string, unknown> };
}

function uintField(meta: Record<string, unknown>, key: string): number {
  const v = meta[key];
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new MmdbFormatError(`metadata ${key} is missing or not an unsigned integer`);
  }
  return n;
}

function checkMetadata(meta: Record<string, unknown>, metadataStart: number) {
  const major = uintField(meta, 'binary_format_major_version');
  if (major !== 2) throw new MmdbFormatError(`unsupported binary format major version ${major}`);
  const recordSize = uintField(meta, 'record_size');
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) {
    throw new MmdbFormatError(`unsupported record size ${recordSize}`);
  }
  const ipVersion = uintField(meta, 'ip_version');
  if (ipVersion !== 4 && ipVersion !== 6) throw new MmdbFormatError(`invalid ip_version ${ipVersion}`);
  const nodeCount = uintField(meta, 'node_count');
  if (nodeCount === 0) throw new MmdbFormatError('node_count is 0');
  const databaseType = meta['database_type'];
  if (typeof databaseType !== 'string' || databaseType === '') {
    throw new MmdbFormatError('metadata database_type is missing');
  }
  const treeSize = (nodeCount * recordSize) / 4;
  if (treeSize + DATA_SEPARATOR_SIZE > metadataStart) {
    throw new MmdbFormatError(
      `node_count ${nodeCount} needs a ${treeSize}-byte search tree, but only ${metadataStart} bytes precede the metadata`,
    );
  }
  const buildEpoch = new Date(uintField(meta, 'build_epoch') * 1000);
  return { recordSize, ipVersion, nodeCount, databaseType, treeSize, buildEpoch } as const;
}

/** Reads the left (0) or right (1) record of a node; inlined byte reads, as this runs millions of times. */
function recordReader(db: Buffer, recordSize: 24 | 28 | 32): (node: number, side: 0 | 1) => number {
  if (recordSize === 24) {
    return (node, side) => {
      const o = node * 6 + side * 3;
      return db[o]! * 0x10000 + db[o + 1]! * 0x100 + db[o + 2]!;
    };
  }
  if (recordSize === 32) return (node, side) => db.readUInt32BE(node * 8 + side * 4);
  return (node, side) => {
    const o = node * 7;
    const middle = db[o + 3]!;
    return side === 0
      ? (middle >> 4) * 0x1000000 + db[o]! * 0x10000 + db[o + 1]! * 0x100 + db[o + 2]!
      : (middle & 0x0f) * 0x1000000 + db[o + 4]! * 0x10000 + db[o + 5]! * 0x100 + db[o + 6]!;
  };
}

async function checkSearchTree(
  db: Buffer,
  recordSize: 24 | 28 | 32,
  nodeCount: number,
  dataSectionSize: number,
  pointed: OffsetSet,
): Promise<void> {
  const read = recordReader(db, recordSize);
  const check = (node: number, record: number) => {
    if (record <= nodeCount) return; // another node, or "no data"
    const offset = record - nodeCount - DATA_SEPARATOR_SIZE;
    if (offset < 0 || offset >= dataSectionSize) {
      throw new MmdbFormatError(`search tree node ${node} points outside the data section (record ${record})`);
    }
    pointed.add(offset);
  };
  for (let node = 0; node < nodeCount; node++) {
    if (node % SLICE === SLICE - 1) await yieldToEventLoop();
    check(node, read(node, 0));
    check(node, read(node, 1));
  }
}

/** Verifies a whole MMDB buffer; throws `MmdbFormatError` with the reason. */
export async function verifyMmdb(db: Buffer): Promise<MmdbLayout> {
  const metadata = readMetadata(db);
  const m = checkMetadata(metadata.values, metadata.start);
  for (let i = 0; i < DATA_SEPARATOR_SIZE; i++) {
    if (db[m.treeSize + i] !== 0) throw new MmdbFormatError('the data section separator is not zero');
  }
  const dataStart = m.treeSize + DATA_SEPARATOR_SIZE;
  const dataSectionSize = metadata.start - dataStart;
  const pointedByTree = new OffsetSet(dataSectionSize);
  await checkSearchTree(db, m.recordSize, m.nodeCount, dataSectionSize, pointedByTree);

  const starts = new OffsetSet(dataSectionSize);
  const pointerTargets = new OffsetSet(dataSectionSize);
  const decoder = new MmdbValueDecoder(db, dataStart, dataSectionSize, starts, pointerTargets);
  let offset = 0;
  let count = 0;
  let sample: unknown = null;
  while (offset < dataSectionSize) {
    if (count === 0) sample = decoder.read(0).value;
    offset = decoder.skip(offset, 0);
    if (++count % SLICE === 0) await yieldToEventLoop();
  }
  if (!pointedByTree.within(starts)) {
    throw new MmdbFormatError('the search tree points into the middle of a data value');
  }
  if (!pointerTargets.within(starts)) {
    throw new MmdbFormatError('a data pointer lands in the middle of a data value');
  }
  return {
    databaseType: m.databaseType,
    ipVersion: m.ipVersion,
    recordSize: m.recordSize,
    nodeCount: m.nodeCount,
    buildEpoch: m.buildEpoch,
    dataSectionSize,
    dataValueCount: count,
    sample,
  };
}

