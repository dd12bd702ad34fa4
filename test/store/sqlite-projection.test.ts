/**
 * SQLite's evidence projections follow the audit log off the request path (ADR 0009): in background
 * chunks that keep up on their own, and around a record that cannot be read.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decisionData, usageData, type AuditEntry } from '../../src/audit/index.js';
import type { Logger } from '../../src/observability/logger.js';
import { openSqliteStore } from '../../src/store/index.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-projection-'));
after(() => rmSync(root, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 10, 1);

function decision(i: number): AuditEntry {
  const id = `dec_${i.toString(16).padStart(32, '0')}`;
  return {
    kind: 'decision',
    at: T0 + i,
    ref: id,
    data: decisionData({
      requestId: id, endpoint: '/chat/completions', model: 'chat', stream: false,
      origin: { ip: '10.0.0.0/24', source: 'socket', country: 'DE', subdivisions: [], asn: null, anonymizer: [], unknown: null },
      keyId: 'key_a', tenantId: 'ten_a', tenant: 'acme', registeredCountry: 'DE', policyHash: 'p'.repeat(64),
      outcome: 'routed', code: null, provider: 'openai', upstreamModel: 'gpt-4o-mini',
      decisions: [{ provider: 'openai', effect: 'allow', layer: 'operator', rule: 'operator.default', matched: null }], attestation: null,
    }),
  };
}

const projected = (path: string): number => {
  const raw = new Database(path, { readonly: true });
  try {
    return (raw.prepare('SELECT count(*) AS n FROM decision_facts').get() as { n: number }).n;
  } finally {
    raw.close();
  }
};

test('with no reader at all, the projections catch up in the background, chunk after chunk', async () => {
  const path = join(root, 'background.sqlite');
  // A second's delay, so the check right after the append comes well before the background starts.
  const store = openSqliteStore({ path, clock: { now: () => T0 }, catchUpDelayMs: 1000 });
  try {
    await store.audit.appendMany(Array.from({ length: 1_300 }, (_, i) => decision(i)));
    assert.equal(projected(path), 0, 'an append commits the log only');
    const deadline = Date.now() + 10_000;
    while (projected(path) < 1_300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(projected(path), 1_300, 'chunk after chunk, without a reader asking');
  } finally {
    await store.close();
  }
});

test('a record whose data cannot be read is skipped (and said once); the others are projected', async () => {
  const path = join(root, 'tampered.sqlite');
  const lines: string[] = [];
  const logger: Logger = { log: (_level, message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) };
  const store = openSqliteStore({ path, clock: { now: () => T0 }, logger });
  try {
    await store.audit.appendMany([decision(1), decision(2), decision(3)]);
    const raw = new Database(path);
    raw.prepare("UPDATE audit_log SET data = '{\"not\":\"a decision\"}' WHERE seq = 2").run();
    raw.close();
    assert.equal(await store.evidence.requests.count({ from: null, to: null }), 2);
    await store.audit.append(decision(4));
    assert.equal(await store.evidence.requests.count({ from: null, to: null }), 3);
    assert.equal(lines.filter((l) => l.startsWith('evidence projection failed') && l.includes('"seq":2')).length, 1, lines.join('\n'));
  } finally {
    await store.close();
  }
});

test('a long run of records that leave no projection row (repeated usage of one request) does not stall a reader', async () => {
  const path = join(root, 'repeats.sqlite');
  const store = openSqliteStore({ path, clock: { now: () => T0 } });
  try {
    const first = decision(1);
    const usage = (i: number): AuditEntry => ({
      kind: 'usage',
      at: T0 + 10 + i,
      ref: first.ref,
      data: usageData({ requestId: first.ref, keyId: 'key_a', tenantId: 'ten_a', tenant: 'acme', country: 'DE', model: 'chat', provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 200, complete: true, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 }, costNanoUsd: 1 }),
    });
    // Only the first usage record of a request is projected; 1,200 more are in the log only.
    await store.audit.appendMany([first, ...Array.from({ length: 1_201 }, (_, i) => usage(i))]);
    await store.audit.append(decision(2));
    assert.equal(await store.evidence.requests.count({ from: null, to: null }), 2);
    const [total] = await store.evidence.usage.summary({ from: null, to: null }, []);
    assert.equal(total?.requests, 1);
  } finally {
    await store.close();
  }
});
