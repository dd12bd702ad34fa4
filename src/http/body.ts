/**
 * Reads a JSON request body within a size and a nesting budget; rejects bad input with 4xx errors in the
 * caller's protocol's shape (the route's formatter). Protocol-neutral: every JSON surface reads bodies here.
 */
import type { IncomingMessage } from 'node:http';
import { CordonError } from '../errors/index.js';

export interface JsonBody {
  readonly raw: Buffer;
  readonly value: Record<string, unknown>;
}

export interface BodyLimits {
  readonly maxBytes: number;
  /** Nesting of objects and arrays; the body object itself is level 1. */
  readonly maxDepth: number;
}

/** The caller went away (mid-body, or mid-answer): expected, nobody is left to answer, logged at info. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGone';
  }
}

export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<JsonBody> {
  // The content type is not checked: like OpenAI, the body is parsed as JSON whatever the header says
  // (curl sends form encoding by default), and a body that is not JSON gets a clear 400.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    throw new CordonError('caller_body_too_large', { limit: limits.maxBytes });
  }
  const raw = await collect(req, limits.maxBytes);
  // Counted on the bytes before parsing: JSON.parse spends ~2 ms per thousand levels, and what reads the
  // value after it (JSON.stringify, the metering) recurses and would overflow the stack.
  if (nestsDeeperThan(raw, limits.maxDepth)) throw new CordonError('caller_json_too_deep', { limit: limits.maxDepth });
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** True when brackets outside strings nest deeper than `max` (one pass, no allocation). */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
  // Every level takes two bytes at least: a body shorter than that cannot exceed the budget.
  if (raw.length <= max * 2) return false;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === QUOTE) {
      // Skip the string with the native search (most of a body is string content); an unterminated
      // string ends the scan, and JSON.parse refuses it.
      i = closingQuote(raw, i);
      if (i === -1) return false;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function closingQuote(raw: Buffer, open: number): number {
  let end = raw.indexOf(QUOTE, open + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (raw[end - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = raw.indexOf(QUOTE, end + 1);
  }
  return -1;
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; what is left of the body is the edge's to bound (server.ts, after the 413).
        settle();
        reject(new CordonError('caller_body_too_large', { limit }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      settle();
      resolve(body);
    };
    // A client that leaves mid-body: 'close' before 'end' (with or without an 'error' first).
    const onClose = () => {
      settle();
      reject(new ClientGone());
    };
    const settle = () => {
      if (done) return;
      done = true;
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
  });
}
