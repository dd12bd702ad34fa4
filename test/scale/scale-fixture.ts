/**
 * Several real Cordon processes (`cordon serve --json`, through tsx) sharing one PostgreSQL schema and
 * one Redis key prefix, in front of one mock upstream; plus the CLI against the same store. Requests
 * come from 127.0.0.1 (a trusted proxy), so `x-forwarded-for` sets each request's country.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { stringify } from 'yaml';
import { RedisHotState } from '../../src/hot-state/index.js';
import { runCli, spawnCli, waitForLine, type CliRun } from '../helpers/cli.js';
import { TEST_DATA_DIR } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { freshPrefix, freshSchema, REDIS_URL, type TestSchema } from '../helpers/services.js';

export interface Instance {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the process logged (JSON lines on stderr). */
  logs(): string;
}

export interface Answer {
  readonly status: number;
  readonly code: string | null;
}

export interface Cluster {
  readonly schema: TestSchema;
  readonly prefix: string;
  readonly dir: string;
  readonly upstream: MockUpstream;
  start(extraEnv?: Record<string, string>): Promise<Instance>;
  cli(args: readonly string[]): CliRun;
  /** The parsed JSON a `--json` CLI command printed; throws with its stderr when it failed. */
  cliJson<T>(args: readonly string[]): T;
  ask(instance: Instance, secret: string, ip: string): Promise<Answer>;
  close(): Promise<void>;
}

export async function startCluster(config: Record<string, unknown> = {}, options: { redisUrl?: string } = {}): Promise<Cluster> {
  const schema = freshSchema();
  const prefix = freshPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'cordon-scale-'));
  const upstream = await startMockUpstream({ name: 'upstream' });
  const file = join(dir, 'cordon.yaml');
  writeFileSync(
    file,
    stringify({
      server: { host: '127.0.0.1', port: 0, trusted_proxies: ['127.0.0.1/32'] },
      store: { url: schema.url },
      hot_state: { url: options.redisUrl ?? REDIS_URL, prefix },
      data_dir: TEST_DATA_DIR,
      geo: { watch: false },
      providers: { openai: { base_url: upstream.url, terms: null } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 1, output: 1 } }] } },
      ...config,
    }),
  );
  const env = { CORDON_CONFIG: file };
  const instances: Instance[] = [];
  const cli = (args: readonly string[]): CliRun => runCli(args, { cwd: dir, env });
  return {
    schema,
    prefix,
    dir,
    upstream,
    async start(extraEnv = {}) {
      const child = spawnCli(['serve', '--json'], { cwd: dir, env: { ...env, ...extraEnv } });
      let logs = '';
      child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
      const [line] = await waitForLine(child, /^\{.*\}\n/m);
      const instance = { url: (JSON.parse(line) as { url: string }).url, child, logs: () => logs };
      instances.push(instance);
      return instance;
    },
    cli,
    cliJson<T>(args: readonly string[]): T {
      const run = cli([...args, '--json']);
      if (run.status !== 0) throw new Error(`cordon ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
      return JSON.parse(run.stdout) as T;
    },
    async ask(instance, secret, ip) {
      const res = await fetch(`${instance.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
      const body = (await res.json()) as { error?: { code?: string } };
      return { status: res.status, code: body.error?.code ?? null };
    },
    async close() {
      await Promise.all(instances.map((i) => stop(i.child)));
      await upstream.close();
      await schema.drop();
      await deleteRedisKeys(prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const raw = new RedisHotState({ url: REDIS_URL, prefix: '' });
  try {
    await raw.connect();
    const keys = await raw.client.keys(`${prefix}*`);
    if (keys.length > 0) await raw.client.del(...keys);
  } catch {
    // Redis is not there (a fault test): nothing to clean.
  } finally {
    await raw.close();
  }
}

/** Polls `probe` every 20 ms until it returns true; resolves with the milliseconds it took. */
export async function within(timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
