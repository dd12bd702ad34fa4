/**
 * A local HTTP server (loopback only) that plays the data origins the updater talks to: MaxMind's
 * update endpoints (metadata and download, basic auth), DB-IP's monthly files, the Tor Project's bulk
 * exit list, and any file by URL — with ETag / If-Modified-Since, and the failures a real network
 * gives: a truncated body, a server that never answers. Each route is a function the test sets.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakeOrigins {
  readonly url: string;
  /** Requests seen, as `METHOD path?query`. */
  readonly seen: string[];
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startFakeOrigins(): Promise<FakeOrigins> {
  const routes = new Map<string, Route>();
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const path = (req.url ?? '/').split('?')[0] as string;
    const handler = routes.get(path);
    if (handler === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    route: (path, handler) => void routes.set(path, handler),
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A file served with an ETag, answering 304 to a matching If-None-Match. */
export function conditional(body: Buffer | string, etag: string, lastModified = 'Tue, 01 Dec 2026 10:00:00 GMT'): Route {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'last-modified': lastModified, 'content-length': Buffer.byteLength(body) }).end(body);
  };
}

/** Announces `size` bytes, sends half, then cuts the connection. */
export function truncated(body: Buffer): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  };
}

/** Never answers (the test's timeout must end the download). */
export const silent: Route = () => undefined;

/** A minimal ustar archive (what MaxMind's `.tar.gz` holds), gzipped. */
export function tarGz(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
