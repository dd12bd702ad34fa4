/** `cordon keys`: driven through commander against a real SQLite file, output captured in memory. */
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { keysCommand } from '../../src/cli/commands/keys.js';
import type { CliContext } from '../../src/cli/context.js';
import { openSqliteStore } from '../../src/store/index.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-cli-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});
let counter = 0;
const clock = { now: () => Date.UTC(2026, 2, 4, 5, 6, 7) };

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Harness {
  readonly path: string;
  /** Runs `cordon keys ...args` and returns what it wrote, and commander's usage error if any. */
  run(...args: string[]): Promise<{ out: string; err: string; usage?: CommanderError }>;
}

function harness(path = join(root, `case-${++counter}`, 'cordon.db')): Harness {
  return {
    path,
    async run(...args) {
      const out = new Capture();
      const err = new Capture();
      const ctx: CliContext = {
        out,
        err,
        openAccountStore: async () => {
          const store = openSqliteStore({ path, clock });
          return { store: store.accounts, close: () => store.close() };
        },
      };
      try {
        await throwInsteadOfExit(keysCommand(ctx)).parseAsync(args, { from: 'user' });
      } catch (usage) {
        if (!(usage instanceof CommanderError)) throw usage;
        return { out: out.text, err: err.text, usage };
      }
      return { out: out.text, err: err.text };
    },
  };
}

/** Commander exits on usage errors and --help by default; in a test they must throw instead. */
function throwInsteadOfExit(command: Command): Command {
  command.exitOverride();
  command.commands.forEach(throwInsteadOfExit);
  return command;
}

async function withStore<T>(path: string, body: (store: ReturnType<typeof openSqliteStore>['accounts']) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ path, clock });
  try {
    return await body(store.accounts);
  } finally {
    await store.close();
  }
}

interface CreatedJson {
  key: string;
  id: string;
  tenant: string;
  tenant_id: string;
  registered_country: string | null;
  prefix: string;
}

describe('cordon keys create', () => {
  test('--json prints exactly one object, and the store finds the secret', async () => {
    const h = harness();
    const { out, err } = await h.run('create', '--tenant', 'acme', '--country', 'de', '--json');
    assert.equal(err, '');
    assert.equal(process.exitCode, undefined);
    const created = JSON.parse(out) as CreatedJson;
    assert.deepEqual(Object.keys(created), ['key', 'id', 'tenant', 'tenant_id', 'registered_country', 'prefix']);
    assert.match(created.key, /^sk-cordon-[A-Za-z0-9_-]{32}$/);
    assert.match(created.id, /^key_/);
    assert.match(created.tenant_id, /^ten_/);
    assert.equal(created.tenant, 'acme');
    assert.equal(created.registered_country, 'DE');
    assert.equal(created.prefix, created.key.slice(0, 14));
    const found = await withStore(h.path, (store) => store.findKeyBySecret(created.key));
    assert.equal(found?.key.id, created.id);
    assert.equal(found?.tenant.registeredCountry, 'DE');
  });

  test('human output: the key alone on standard output (KEY=$(cordon keys create …) works), the warning on standard error', async () => {
    const { out, err } = await harness().run('create', '--tenant', 'acme');
    assert.match(out, /^sk-cordon-[A-Za-z0-9_-]{32}\n$/);
    assert.match(err, /cannot be shown again/);
    assert.match(err, /tenant\s+acme \(ten_\w+, registered country none\)/);
    assert.match(err, /key id\s+key_\w+/);
  });

  test('a bad country is refused before anything is written', async () => {
    const h = harness();
    const { out, err } = await h.run('create', '--tenant', 'acme', '--country', 'Germany');
    assert.equal(process.exitCode, 2, "a usage error: exit status 2");
    assert.equal(out, '');
    assert.match(err, /^error: --country must be a two-letter ISO 3166-1 alpha-2 code/);
    assert.deepEqual(await withStore(h.path, (store) => store.listTenants()), []);
  });

  test('a different --country for an existing tenant is reported, not applied', async () => {
    const h = harness();
    await h.run('create', '--tenant', 'acme', '--country', 'DE');
    const { out, err } = await h.run('create', '--tenant', 'acme', '--country', 'FR', '--json');
    assert.match(err, /already exists with registered country DE; --country FR was not applied/);
    assert.equal((JSON.parse(out) as CreatedJson).registered_country, 'DE');
  });

  test('a missing --tenant is a usage error on err', async () => {
    const { out, err, usage } = await harness().run('create');
    assert.equal(usage?.code, 'commander.missingMandatoryOptionValue');
    assert.equal(out, '');
    assert.match(err, /required option '--tenant <name>' not specified/);
    assert.equal(usage?.exitCode, 1);
  });

  test('--help goes to out and exits 0', async () => {
    const { out, usage } = await harness().run('create', '--help');
    assert.equal(usage?.exitCode, 0);
    assert.match(out, /Usage: keys create \[options\]/);
    assert.match(out, /--country <cc>/);
  });

  test('an unopenable store is one clear error line', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const { err } = await harness(join(blocker, 'cordon.db')).run('create', '--tenant', 'acme');
    assert.match(err, /^error: Cannot open the Cordon store at .*a-file\/cordon\.db: .*not a directory/);
    assert.equal(process.exitCode, 1);
  });
});

describe('cordon keys list', () => {
  test('a table or a JSON array, never secrets', async () => {
    const h = harness();
    const a = JSON.parse((await h.run('create', '--tenant', 'acme', '--json')).out) as CreatedJson;
    const g = JSON.parse((await h.run('create', '--tenant', 'globex', '--country', 'us', '--json')).out) as CreatedJson;

    const { out } = await h.run('list');
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+PREFIX\s+TENANT\s+STATUS\s+CREATED$/);
    assert.equal(lines.length, 3);
    assert.match(out, new RegExp(`${a.id}\\s+${a.prefix}\\s+acme\\s+active\\s+2026-03-04T05:06:07Z`));
    assert.ok(!out.includes(a.key) && !out.includes(g.key));

    const json = JSON.parse((await h.run('list', '--tenant', 'globex', '--json')).out) as unknown;
    assert.deepEqual(json, [
      { id: g.id, prefix: g.prefix, tenant: 'globex', tenant_id: g.tenant_id, status: 'active', suspended_until: null, created_at: '2026-03-04T05:06:07Z', revoked_at: null },
    ]);
  });

  test('no keys, and an unknown tenant', async () => {
    const h = harness();
    assert.equal((await h.run('list')).out, 'No keys.\n');
    assert.equal((await h.run('list', '--json')).out, '[]\n');
    const { err } = await h.run('list', '--tenant', 'nobody');
    assert.match(err, /No tenant is named nobody/);
    assert.equal(process.exitCode, 1);
  });
});

describe('cordon keys revoke', () => {
  test('by id, then the key is listed as revoked and still found as revoked', async () => {
    const h = harness();
    const created = JSON.parse((await h.run('create', '--tenant', 'acme', '--json')).out) as CreatedJson;
    const { out } = await h.run('revoke', created.id);
    assert.match(out, new RegExp(`^Revoked ${created.id} \\(${created.prefix}…\\) of tenant acme at 2026-03-04T05:06:07Z`));
    const listed = JSON.parse((await h.run('list', '--json')).out) as Array<{ status: string; revoked_at: string }>;
    assert.deepEqual(listed.map((k) => [k.status, k.revoked_at]), [['revoked', '2026-03-04T05:06:07Z']]);
    assert.equal((await withStore(h.path, (store) => store.findKeyBySecret(created.key)))?.key.status, 'revoked');
  });

  test('by prefix, with --json', async () => {
    const h = harness();
    const created = JSON.parse((await h.run('create', '--tenant', 'acme', '--json')).out) as CreatedJson;
    const revoked = JSON.parse((await h.run('revoke', created.prefix, '--json')).out) as { id: string; status: string };
    assert.deepEqual([revoked.id, revoked.status], [created.id, 'revoked']);
  });

  test('an unknown key is an error', async () => {
    const { out, err } = await harness().run('revoke', 'key_nope');
    assert.equal(out, '');
    assert.match(err, /^error: No key has the id or prefix key_nope/);
    assert.equal(process.exitCode, 1);
  });
});

test('every command describes itself in --help', () => {
  const keys = keysCommand({ out: new Capture(), err: new Capture(), openAccountStore: () => Promise.reject(new Error('unused')) });
  assert.ok(keys.description().length > 20);
  assert.deepEqual(keys.commands.map((c) => c.name()), ['create', 'list', 'revoke']);
  for (const command of keys.commands) {
    assert.ok(command.description().length > 20, command.name());
    assert.ok(command.options.some((o) => o.long === '--json'), `${command.name()} has --json`);
  }
});
