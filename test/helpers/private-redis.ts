/**
 * A private redis-server on a free port, for tests that stop and restart Redis (the machine's shared
 * one on 6379 is never touched). It keeps nothing on disk.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { redisPing } from './services.js';

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  stop(): void;
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  return {
    port,
    url,
    async start() {
      const r = spawnSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--logfile', ''], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`redis-server did not start: ${r.stderr}`);
      for (let i = 0; i < 100; i++) {
        try {
          await redisPing(url, 200);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      throw new Error(`redis-server on ${port} did not answer`);
    },
    stop() {
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { encoding: 'utf8' });
    },
  };
}
