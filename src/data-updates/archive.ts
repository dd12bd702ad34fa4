/**
 * Unpacking what the sources ship: gzip (node:zlib, with the decompressed size bounded, so a small
 * bomb cannot fill memory) and tar (MaxMind's `.tar.gz`: a folder `GeoLite2-City_20261201/` with the
 * `.mmdb`, a licence and a copyright file). The tar reader is the few lines of POSIX ustar this needs —
 * regular files, GNU long names and pax headers skipped over — with every header's checksum checked:
 * no dependency for it (docs/dependencies.md). Pure: bytes in, bytes out, `ArchiveError` on anything
 * malformed.
 */
import { gunzipSync } from 'node:zlib';

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

const GZIP_MAGIC = [0x1f, 0x8b];
const BLOCK = 512;

export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === GZIP_MAGIC[0] && data[1] === GZIP_MAGIC[1];
}

/** Gunzips `data` when it is gzip (by its magic bytes), else returns it as is. */
export function gunzipIfNeeded(data: Buffer, maxBytes: number): Buffer {
  if (!isGzip(data)) return data;
  try {
    return gunzipSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ArchiveError(`gzip: the decompressed file is over the limit of ${maxBytes} bytes (updates.max_bytes)`);
    throw new ArchiveError(`gzip: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number, what: string): number {
  const raw = text(block, start, length).trim();
  if (!/^[0-7]+$/.test(raw)) throw new ArchiveError(`tar: the ${what} field "${raw}" is not an octal number`);
  return parseInt(raw, 8);
}

function checkHeader(block: Buffer, offset: number): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  if (sum !== octal(block, 148, 8, 'checksum')) throw new ArchiveError(`tar: the header at byte ${offset} fails its checksum (a corrupt archive)`);
}

/** Every regular file in a tar archive, by its path. */
export function readTar(data: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= data.length) {
    const block = data.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return files; // the end-of-archive blocks
    checkHeader(block, offset);
    const size = octal(block, 124, 12, 'size');
    const type = String.fromCharCode(block[156] as number);
    const start = offset + BLOCK;
    if (start + size > data.length) throw new ArchiveError(`tar: "${text(block, 0, 100)}" needs ${size} bytes, the archive ends before (truncated)`);
    const content = data.subarray(start, start + size);
    const prefix = text(block, 345, 155);
    const name = longName ?? (prefix === '' ? text(block, 0, 100) : `${prefix}/${text(block, 0, 100)}`);
    longName = null;
    if (type === 'L') longName = content.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '\0') files.set(name, content);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new ArchiveError('tar: the archive ends without its end-of-archive blocks (truncated)');
}

/** The one `.mmdb` in a (gzipped) tar archive. */
export function mmdbFromTar(data: Buffer, maxBytes: number): { name: string; data: Buffer } {
  const files = readTar(gunzipIfNeeded(data, maxBytes));
  const mmdbs = [...files].filter(([name]) => name.endsWith('.mmdb'));
  if (mmdbs.length !== 1) throw new ArchiveError(`tar: expected one .mmdb file in the archive, found ${mmdbs.length} (${[...files.keys()].join(', ') || 'no files'})`);
  const [name, content] = mmdbs[0] as [string, Buffer];
  return { name, data: content };
}
