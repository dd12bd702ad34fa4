/**
 * An upstream asked for `accept-encoding: identity` may compress anyway. Bodies Cordon reads (metering)
 * must be plain, so gzip, deflate and brotli are decoded here, and the headers that described the
 * encoded bytes (`content-encoding`, `content-length`) are dropped. Any other encoding is left as it
 * came, with its header, so the caller is never handed bytes labelled as something they are not.
 */
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, constants } from 'node:zlib';
import type { UpstreamResponse } from './contract.js';

type Headers = UpstreamResponse['headers'];

/** Partial flushes: an event stream's events come out as they arrive, not when a block fills. */
const decoders: Readonly<Record<string, () => Transform>> = {
  gzip: () => createGunzip({ flush: constants.Z_SYNC_FLUSH }),
  'x-gzip': () => createGunzip({ flush: constants.Z_SYNC_FLUSH }),
  deflate: () => createInflate({ flush: constants.Z_SYNC_FLUSH }),
  br: () => createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH }),
};

export function decodeContent(headers: Headers, body: Readable): { headers: Headers; body: Readable } {
  const encoding = headers['content-encoding'];
  if (encoding === undefined) return { headers, body };
  const make = typeof encoding === 'string' ? decoders[encoding.trim().toLowerCase()] : undefined;
  if (make === undefined) return { headers, body };
  const decoded = make();
  // Errors of either side reach the decoded stream (the relay's); destroying it releases the upstream's.
  pipeline(body, decoded, () => {});
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return { headers: rest, body: decoded };
}
