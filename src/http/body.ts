/** Reads a JSON request body with a size limit; rejects bad input with OpenAI-shaped 4xx errors. */
import type { IncomingMessage } from 'node:http';
import { CordonError } from '../errors/index.js';

export interface JsonBody {
  readonly raw: Buffer;
  readonly value: Record<string, unknown>;
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody> {
  // The content type is not checked: like OpenAI, the body is parsed as JSON whatever the header says
  // (curl sends form encoding by default), and a body that is not JSON gets a clear 400.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new CordonError('caller_body_too_large', { limit });
  }
  const raw = await collect(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new CordonError('caller_invalid_json', { detail: err instanceof Error ? err.message : 'parse error' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CordonError('caller_invalid_request', { detail: 'The request body must be a JSON object.' });
  }
  return { raw, value: value as Record<string, unknown> };
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        // Stop buffering but keep draining, so the 413 can still be written on this connection.
        chunks.length = 0;
        reject(new CordonError('caller_body_too_large', { limit }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
      done = true;
    });
  });
}
