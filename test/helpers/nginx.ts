/**
 * The real nginx (Debian's package) run as this user from a config in a temp folder: one process
 * (`master_process off`), its pid, logs and temp files in the folder, listening on a loopback port.
 * `nginxAvailable()` says whether the binary is here: the tests skip without it, except under CI=true
 * (.ci/run installs it), where a missing nginx is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { watch } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX = ['/usr/sbin/nginx', 'nginx'];
/** Debian's nginx keeps its temp files under /var/lib/nginx: each goes to the run's folder instead. */
const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

export function nginxBinary(): string | null {
  for (const bin of NGINX) {
    const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return null;
}

/** `{ skip }` for node:test: a message when nginx is missing outside CI; throws when it is missing under CI=true. */
export function nginxAvailable(): { skip: string | false } {
  if (nginxBinary() !== null) return { skip: false };
  if (process.env.CI === 'true') throw new Error('nginx is not installed: .ci/run installs Debian\'s nginx-light; the decision-service tests need it under CI');
  return { skip: 'nginx is not installed (apt-get install nginx-light); the nginx decision-service tests are skipped outside CI' };
}

export interface RunningNginx {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** A free loopback port (bound and released: nginx takes a port number, not port 0). */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Starts nginx with `http` as the body of its `http {}` block (the caller's server on `port`). Resolves
 * once the port accepts connections; rejects with the error log when nginx exits first.
 */
export async function startNginx(http: (port: number) => string): Promise<RunningNginx> {
  const bin = nginxBinary();
  if (bin === null) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'cordon-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log off;
  ${TEMP_PATHS.map((name) => `${name}_temp_path ${dir}/${name};`).join('\n  ')}
${http(port)}
}
`);
  const watching = new AbortController();
  const pidFile = untilPidFile(dir, watching.signal);
  const child: ChildProcess = spawn(bin, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const exited = once(child, 'exit').then(() => {
    throw new Error(`nginx exited: ${stderr}\n${errorLog()}`);
  });
  try {
    await Promise.race([pidFile, exited]);
  } finally {
    watching.abort();
  }
  exited.catch(() => undefined); // stop() ends it later; that exit is expected
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        const gone = once(child, 'exit');
        child.kill('SIGQUIT');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once nginx wrote its pid file: it does so after opening its listening sockets (nginx.c,
 * main: ngx_init_cycle, then ngx_create_pidfile), so connections are accepted from then on. The watch
 * starts before this returns, so a file written right after is seen; `signal` ends it.
 */
async function untilPidFile(dir: string, signal: AbortSignal): Promise<void> {
  try {
    for await (const event of watch(dir, { signal })) {
      if (event.filename === 'nginx.pid' && existsSync(join(dir, 'nginx.pid'))) return;
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
