/** The simulated upstream's answers on the wire: a JSON body, or an event stream from whole frames. */
import { Readable } from 'node:stream';
import type { UpstreamResponse } from './contract.js';

export function json(status: number, value: unknown): UpstreamResponse {
  const payload = Buffer.from(JSON.stringify(value));
  return { status, headers: { 'content-type': 'application/json', 'content-length': String(payload.length) }, body: Readable.from([payload]) };
}

export function eventStream(frames: readonly string[]): UpstreamResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body: Readable.from(frames.map((f) => Buffer.from(f))) };
}
