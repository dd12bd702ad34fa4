/**
 * One HTTP download for the updater (undici): conditional when the caller has validators (ETag,
 * Last-Modified), bounded in size and time, read whole into memory. Every way a download can go
 * wrong — an error status, a body over the limit, a body shorter than its Content-Length, a server
 * that stops answering — rejects with a `DownloadError` saying which, so nothing partial is used.
 */
import { Agent, interceptors, request, type Dispatcher } from 'undici';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly url: string,
    readonly reason: string,
    /** The HTTP status, when the server answered with one. */
    readonly status: number | null = null,
  ) {
    super(`${redact(url)}: ${reason}`);
  }
}

export interface DownloadOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Validators from the last download: sent as If-None-Match / If-Modified-Since. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly maxBytes: number;
  /** Headers to last byte. */
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher;
}

export type Downloaded =
  | { readonly status: 'not_modified' }
  | { readonly status: 'ok'; readonly body: Buffer; readonly etag: string | null; readonly lastModified: string | null };

/** A dispatcher that follows up to five redirects (MaxMind's download answers with one to its storage). */
export function downloadDispatcher(): Agent {
  return new Agent({ connections: 4 }).compose(interceptors.redirect({ maxRedirections: 5 })) as Agent;
}

/** Query strings can carry keys (`license_key=`): logs and errors show the URL without them. */
export function redact(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

export async function download(url: string, options: DownloadOptions): Promise<Downloaded> {
  const headers: Record<string, string> = { 'user-agent': 'cordon-data-updater', ...options.headers };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, { method: 'GET', headers, signal, dispatcher: options.dispatcher, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  } catch (error) {
    throw new DownloadError(url, signal.aborted ? `no answer within ${options.timeoutMs} ms` : `request failed: ${describe(error)}`);
  }
  const { statusCode, body } = response;
  // Destroying the body on purpose (too big, not needed) must not surface as an unhandled 'error'.
  body.on('error', () => undefined);
  if (statusCode === 304) {
    body.resume();
    return { status: 'not_modified' };
  }
  if (statusCode < 200 || statusCode > 299) {
    const text = await readBounded(body, 512, url, signal, options.timeoutMs).catch(() => Buffer.alloc(0));
    throw new DownloadError(url, `HTTP ${statusCode}${text.length > 0 ? `: ${text.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200)}` : ''}`, statusCode);
  }
  const declared = Number(header(response.headers, 'content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    body.destroy();
    throw new DownloadError(url, `the file is ${declared} bytes, over the limit of ${options.maxBytes} bytes (updates.max_bytes)`);
  }
  const data = await readBounded(body, options.maxBytes, url, signal, options.timeoutMs, true);
  if (Number.isFinite(declared) && data.length !== declared) throw new DownloadError(url, `truncated: ${data.length} of ${declared} bytes`);
  return { status: 'ok', body: data, etag: header(response.headers, 'etag'), lastModified: header(response.headers, 'last-modified') };
}

async function readBounded(body: Dispatcher.ResponseData['body'], max: number, url: string, signal: AbortSignal, timeoutMs: number, strict = false): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        body.destroy();
        if (!strict) break;
        throw new DownloadError(url, `the file is over the limit of ${max} bytes (updates.max_bytes)`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(url, signal.aborted ? `no complete answer within ${timeoutMs} ms` : `truncated: the connection ended after ${size} bytes (${describe(error)})`);
  }
  return Buffer.concat(chunks, Math.min(size, max));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
