/**
 * A real `cordon serve` in a child process on a SQLite store of its own, for the tests that kill it
 * (test/durability/): the store is seeded before the process
 * starts, and reopened by the test after it died.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { stringify } from 'yaml';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { spawnCli, waitForLine } from './cli.js';
import { TEST_DATA_DIR } from './gateway-fixture.js';

export interface ServeChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly dir: string;
  readonly configFile: string;
  /** The child's SQLite file (its audit journals are in `${dbPath}-audit/`). */
  readonly dbPath: string;
  /** Opens the child's store (after it died, to look at what it left). */
  openStore(): Store;
  /** Kills the child if it still runs, and removes its directory. */
  close(): Promise<void>;
}

export async function startServeChild<T>(config: Record<string, unknown>, seed: (store: Store) => Promise<T>): Promise<ServeChild & { readonly seeded: T }> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-serve-'));
  const dbPath = join(dir, 'cordon.sqlite');
  const configFile = join(dir, 'cordon.yaml');
  writeFileSync(configFile, stringify({ server: { port: 0, trusted_proxies: ['127.0.0.1/32'] }, store: { url: `sqlite:${dbPath}` }, data_dir: TEST_DATA_DIR, ...config }));
  const openStore = () => openSqliteStore({ path: dbPath, clock: { now: Date.now } });
  const store = openStore();
  const seeded = await seed(store).finally(() => store.close());
  const child = spawnCli(['--config', configFile, 'serve', '--json'], { cwd: dir });
  const url = (await waitForLine(child, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/))[1] as string;
  return {
    process: child,
    url,
    dir,
    configFile,
    dbPath,
    seeded,
    openStore,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
