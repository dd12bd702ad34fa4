/**
 * Starts a real Cordon (composition root, SQLite in a temp dir, bundled geo data) on port 0 from a YAML
 * config written to a temp file, the same path `cordon serve --config` takes.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildApp, type App, type AppOverrides } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config/index.js';

/** Shared across test runs so the bundled ASN index is built once. */
export const TEST_DATA_DIR = new URL('../../.cache/test-data/', import.meta.url).pathname;

export interface GatewayFixture {
  readonly app: App;
  readonly url: string;
  readonly dir: string;
  /** Creates a tenant (if needed) and a key; returns the secret. */
  createKey(tenant?: string, country?: string | null): Promise<string>;
  close(): Promise<void>;
}

export async function startGateway(config: Record<string, unknown>, options: { env?: Record<string, string>; overrides?: AppOverrides } = {}): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-test-'));
  const file = join(dir, 'cordon.yaml');
  writeFileSync(file, stringify({ store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` }, data_dir: TEST_DATA_DIR, ...config }));
  const app = await buildApp(loadConfig({ file, env: options.env ?? {} }), options.overrides);
  const address = await app.listen(0, '127.0.0.1');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dir,
    async createKey(tenant = 'acme', country: string | null = 'US') {
      const t = await app.store.accounts.ensureTenant({ name: tenant, registeredCountry: country });
      return (await app.store.accounts.createKey(t.id)).secret;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Addresses the bundled GeoLite2 data places (looked up 2026-11 in the bundled package). */
export const IPS = {
  US: '8.8.8.8',
  DE: '85.214.132.117',
  CN: '114.114.114.114',
  KP: '175.45.176.1',
  IR: '2.144.0.1',
  RU: '77.88.8.8',
  CRIMEA: '91.194.163.10',
  NOT_FOUND: '1.1.1.1',
} as const;
