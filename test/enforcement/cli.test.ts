/** `cordon accounts` and `cordon tenants` through commander against a real SQLite file. */
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { verifyAuditLog } from '../../src/operations/index.js';
import { accountsCommand } from '../../src/cli/commands/accounts.js';
import { tenantsCommand } from '../../src/cli/commands/tenants.js';
import type { StoreCliContext } from '../../src/cli/context.js';
import { openSqliteStore } from '../../src/store/index.js';
import { settingsFrom } from './policy-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-cli-accounts-'));
after(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});
const NOW = Date.UTC(2026, 5, 1, 12);
const clock = { now: () => NOW };
let counter = 0;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function throwInsteadOfExit(command: Command): Command {
  command.exitOverride();
  command.commands.forEach(throwInsteadOfExit);
  return command;
}

async function setup(options: { webhook?: boolean } = {}) {
  const path = join(root, `case-${++counter}`, 'cordon.db');
  const settings = settingsFrom(options.webhook ? { webhook: { url: 'http://127.0.0.1:9/hook', secret: 'env:H' } } : {}, { H: 'x' });
  const store = openSqliteStore({ path, clock });
  const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
  const { key, secret } = await store.accounts.createKey(tenant.id);
  const origin = { network: '175.45.176.0/24', source: 'forwarded', country: 'KP', subdivisions: [], city: null, asn: 131279, org: 'Star JV', anonymizer: [] } as const;
  const [v] = await store.enforcement.recordViolations([{ keyId: key.id, tenantId: tenant.id, signal: 'denied_region', rule: 'enforcement.denied_region', weight: 1, at: NOW - 60_000, requestId: 'dec_1', origin, detail: { denied: [{ provider: 'openai', layer: 'law', rule: 'law.us_sanctions.kp', matched: 'country=KP' }] } }]);
  await store.close();

  async function run(command: 'accounts' | 'tenants', ...args: string[]) {
    const out = new Capture();
    const err = new Capture();
    const ctx: StoreCliContext = { out, err, now: () => NOW, enforcementSettings: () => settings, openStore: async () => openSqliteStore({ path, clock }) };
    const program = command === 'accounts' ? accountsCommand(ctx) : tenantsCommand(ctx);
    try {
      await throwInsteadOfExit(program).parseAsync(args, { from: 'user' });
    } catch (usage) {
      if (!(usage instanceof CommanderError)) throw usage;
      return { out: out.text, err: err.text, usage };
    }
    return { out: out.text, err: err.text, usage: undefined };
  }
  const read = async <T>(body: (s: ReturnType<typeof openSqliteStore>) => Promise<T>) => {
    const s = openSqliteStore({ path, clock });
    try {
      return await body(s);
    } finally {
      await s.close();
    }
  };
  return { run, read, keyId: key.id, prefix: key.prefix, secret, violationId: v?.id ?? '' };
}

describe('cordon accounts', () => {
  test('show KEY --json: status, scores per rung, violations with evidence', async () => {
    const { run, keyId, violationId } = await setup();
    const { out } = await run('accounts', 'show', keyId, '--json');
    const shown = JSON.parse(out) as { keys: Array<{ id: string; status: string; scores: Array<{ action: string; score: number; threshold: number }> }>; violations: Array<{ id: string; rule: string; detail: unknown; origin: { country: string } }>; tenant: { name: string } };
    assert.equal(shown.tenant.name, 'acme');
    assert.deepEqual(shown.keys.map((k) => [k.id, k.status]), [[keyId, 'active']]);
    assert.deepEqual(shown.keys[0]?.scores.map((s) => [s.action, s.score, s.threshold]), [['warn', 1, 3], ['suspend', 1, 10], ['block', 1, 40]]);
    assert.deepEqual(shown.violations.map((v) => [v.id, v.rule, v.origin.country]), [[violationId, 'enforcement.denied_region', 'KP']]);
    assert.match(JSON.stringify(shown.violations[0]?.detail), /law\.us_sanctions\.kp/);
  });

  test("a key is also named by its own secret, as a script that created it holds it", async () => {
    const { run, read, keyId, secret } = await setup();
    const shown = JSON.parse((await run('accounts', 'show', secret, '--json')).out) as { keys: Array<{ id: string }> };
    assert.deepEqual(shown.keys.map((k) => k.id), [keyId]);
    await run('accounts', 'warn', secret, '--note', 'demo', '--by', 'alice');
    assert.equal(await read(async (s) => (await s.accounts.getKey(keyId))?.status), 'warned');
    await run('accounts', 'reinstate', secret, '--note', 'demo over', '--by', 'alice');
    assert.equal(await read(async (s) => (await s.accounts.getKey(keyId))?.status), 'active');
    assert.match((await run('accounts', 'show', 'sk-cordon-notakey', '--json')).err, /No key or tenant is named sk-cordon-notakey/);
  });

  test('show TENANT prints every key, its score and the evidence', async () => {
    const { run, keyId } = await setup();
    const { out } = await run('accounts', 'show', 'acme');
    assert.match(out, /tenant {2}acme/);
    assert.match(out, new RegExp(`key {5}${keyId}.*active`));
    assert.match(out, /warn 1\/3 \(1h\) {2}suspend 1\/10 \(1h\) {2}block 1\/40 \(7d\)/);
    assert.match(out, /denied_region.*175\.45\.176\.0\/24 KP AS131279.*law\.us_sanctions\.kp/);
  });

  test('suspend, block and reinstate are recorded with the operator and the note; the appeal is kept', async () => {
    const { run, read, keyId, prefix } = await setup({ webhook: true });
    const suspended = JSON.parse((await run('accounts', 'suspend', prefix, '--for', '2h', '--note', 'resale suspected', '--by', 'alice', '--json')).out) as { kind: string; until: string; actor: string; note: string };
    assert.deepEqual(suspended, { ...suspended, kind: 'suspend', until: new Date(NOW + 2 * 3_600_000).toISOString().replace('.000', ''), actor: 'operator:alice', note: 'resale suspected' });
    assert.equal(await read(async (s) => (await s.accounts.getKey(keyId))?.status), 'suspended');

    await run('accounts', 'block', keyId, '--note', 'confirmed', '--by', 'alice');
    assert.equal(await read(async (s) => (await s.accounts.getKey(keyId))?.status), 'blocked');

    const { out } = await run('accounts', 'reinstate', keyId, '--note', 'customer showed their servers are in Ohio', '--by', 'bob');
    assert.match(out, /reinstated \(active\).*operator:bob.*webhook is queued/);
    assert.deepEqual(await read(async (s) => [(await s.accounts.getKey(keyId))?.status, (await s.enforcement.listActions({ keyId })).map((a) => [a.kind, a.actor, a.note])]), [
      'active',
      [['reinstate', 'operator:bob', 'customer showed their servers are in Ohio'], ['block', 'operator:alice', 'confirmed'], ['suspend', 'operator:alice', 'resale suspected']],
    ]);
    assert.equal(await read(async (s) => (await s.enforcement.outbox.list({ pending: true })).length), 3, 'each action queued a webhook');
    const audited = await read(async (s) => ({ records: await s.audit.findByRef(keyId), verified: await verifyAuditLog(s) }));
    assert.deepEqual(audited.records.map((r) => [r.kind, r.data.action, r.data.actor, r.data.note]), [
      ['action', 'suspend', 'operator:alice', 'resale suspected'], ['action', 'block', 'operator:alice', 'confirmed'], ['action', 'reinstate', 'operator:bob', 'customer showed their servers are in Ohio'],
    ], 'each action is in the audit log, about the key');
    assert.equal(audited.verified.ok, true);
    const shown = JSON.parse((await run('accounts', 'show', keyId, '--json')).out) as { keys: Array<{ scores: Array<{ score: number }> }> };
    assert.deepEqual(shown.keys[0]?.scores.map((s) => s.score), [0, 0, 0], 'after a reinstatement earlier violations no longer count');
  });

  test('mistakes: no note, a bad duration, an unknown key, a revoked key', async () => {
    const { run, read, keyId } = await setup();
    assert.ok((await run('accounts', 'block', keyId)).usage, '--note is required');
    assert.match((await run('accounts', 'suspend', keyId, '--for', 'a while', '--note', 'x')).err, /--for must be a duration/);
    assert.match((await run('accounts', 'block', 'key_missing', '--note', 'x')).err, /No key has the id or prefix key_missing/);
    assert.match((await run('accounts', 'show', 'nobody')).err, /No key or tenant is named nobody/);
    await read((s) => s.accounts.revokeKey(keyId));
    assert.match((await run('accounts', 'reinstate', keyId, '--note', 'x')).err, /is revoked/);
    assert.equal(process.exitCode, 1);
  });
});

describe('cordon tenants', () => {
  test('attest-secret prints a new secret once, stores it, replaces and revokes it', async () => {
    const { run, read } = await setup();
    const first = JSON.parse((await run('tenants', 'attest-secret', 'acme', '--json')).out) as { secret: string; may_attest: boolean; replaced: boolean };
    assert.match(first.secret, /^cas_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([first.may_attest, first.replaced], [true, false]);
    assert.equal(await read(async (s) => (await s.enforcement.getTenantEnforcement((await s.accounts.findTenantByName('acme'))?.id ?? '')).attestationSecret), first.secret);
    const text = (await run('tenants', 'attest-secret', 'acme')).out;
    assert.match(text, /cannot be shown again\. The previous secret no longer works/);
    assert.ok(!text.includes(first.secret));
    assert.match((await run('tenants', 'attest-secret', 'acme', '--revoke')).out, /may no longer attest/);
    assert.match((await run('tenants', 'attest-secret', 'initech')).err, /No tenant is named initech/);
  });

  test('country-mismatch on|off|config', async () => {
    const { run } = await setup();
    const off = JSON.parse((await run('tenants', 'country-mismatch', 'acme', 'off', '--json')).out) as Record<string, unknown>;
    assert.deepEqual(off, { tenant: 'acme', tenant_id: off.tenant_id, country_mismatch: false, source: 'store' });
    assert.match(String(off.tenant_id), /^ten_/);
    assert.match((await run('tenants', 'country-mismatch', 'acme', 'config')).out, /counted \(from the config\)/);
    assert.match((await run('tenants', 'country-mismatch', 'acme', 'maybe')).err, /on, off or config/);
  });
});
