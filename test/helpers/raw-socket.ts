/**
 * Raw TCP clients for the HTTP edge's limits: what a hostile or broken client sends, byte by byte, and
 * when the server closes on it. Loopback only.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

export interface RawClient {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the kernel) closes the socket: what was received, and after how long. */
  readonly closed: Promise<{ readonly text: string; readonly ms: number }>;
}

export async function rawConnect(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  // A reset is a close too (the server may cut a socket it will not read).
  socket.on('error', () => {});
  const started = performance.now();
  const closed = new Promise<{ text: string; ms: number }>((resolve) => {
    socket.once('close', () => resolve({ text: Buffer.concat(chunks).toString('latin1'), ms: performance.now() - started }));
  });
  await once(socket, 'connect');
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed };
}

/** Resolves once the server has sent something containing `text`. */
export async function waitFor(client: RawClient, text: string): Promise<string> {
  while (!client.received().includes(text)) {
    const [event] = await Promise.race([once(client.socket, 'data').then(() => ['data']), client.closed.then(() => ['close'])]);
    if (event === 'close' && !client.received().includes(text)) throw new Error(`closed before "${text}"; got: ${client.received().slice(0, 200)}`);
  }
  return client.received();
}

/** Writes `text` one byte at a time, one every `everyMs`, until it is all sent or the socket closes. */
export function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++] as string);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}
