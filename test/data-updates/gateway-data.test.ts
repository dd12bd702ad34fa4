/**
 * The updater in the gateway: an update of the Tor exit list from a local server applies to the next
 * request's origin; each decision record names the data version it was decided with, and the version
 * log says which files that was; `/metrics` shows each source's age and `/readyz` warns (without going
 * unready) when a source is older than its maximum age.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { conditional, startFakeOrigins, type FakeOrigins } from './fake-origins.js';

const EXIT = IPS.DE;

describe('data updates in the gateway', () => {
  let origins: FakeOrigins;
  let gw: GatewayFixture;
  let dataDir: string;
  before(async () => {
    origins = await startFakeOrigins();
    origins.route('/torbulkexitlist', conditional(`${EXIT}\n185.220.101.1\n`, '"t1"', new Date(Date.now() - 3_600_000).toUTCString()));
    origins.route('/never', (_req, res) => void res.writeHead(500).end());
    dataDir = mkdtempSync(join(tmpdir(), 'cordon-data-'));
    gw = await startGateway({
      data_dir: dataDir,
      geo: { asn: null },
      server: { trusted_proxies: ['127.0.0.1/32'] },
      origin: { lists: { tor_exits: join(dataDir, 'tor.txt'), asn: [] } },
      updates: {
        scheduled: false,
        sources: [
          { kind: 'tor_exits', name: 'tor', url: `${origins.url}/torbulkexitlist`, file: join(dataDir, 'tor.txt') },
          { kind: 'cidr', name: 'never', url: `${origins.url}/never`, file: join(dataDir, 'never.txt'), max_age_days: 1 },
        ],
      },
    }, { overrides: { background: false, defaultMetrics: false } });
  });
  after(async () => {
    await gw.close();
    await origins.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function refusedRecord(ip: string): Promise<Record<string, unknown>> {
    const key = await gw.createKey();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.arrayBuffer();
    const id = res.headers.get('x-cordon-decision-id') ?? '';
    const [record] = await gw.app.store.audit.findByRef(id);
    return { ...(record?.data as Record<string, unknown>), id };
  }

  it('applies an updated Tor list to the next origin, and records the new data version', async () => {
    assert.deepEqual(gw.app.origin.origin(EXIT).anonymizer, [], 'no list yet');
    const before = gw.app.data.snapshot().version ?? 'not computed';
    const before_record = await refusedRecord(IPS.KP);
    assert.deepEqual(before_record.versions, { data: before });

    const results = await gw.app.data.update(['tor']);
    assert.equal(results[0]?.outcome, 'changed', results[0]?.detail);
    assert.deepEqual(gw.app.origin.origin(EXIT).anonymizer, ['tor'], 'the new list applies at once');
    const after = gw.app.data.snapshot().version ?? 'not computed';
    assert.notEqual(after, before);
    const record = await refusedRecord(IPS.KP);
    assert.deepEqual(record.versions, { data: after });

    const [explained] = await gw.app.data.explain(after);
    const tor = explained?.sources.find((s) => s.name === 'tor');
    assert.equal(tor?.sha256, results[0]?.record.sha256);

    // The admin API's decision view names the version and the data it stood for.
    const token = (await gw.app.store.adminTokens.create({ name: 'decisions', role: 'read' })).secret;
    const detail = (await (await fetch(`${gw.url}/admin/decisions/${String(record.id)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { version: string | null; sources: Array<{ name: string; sha256: string | null }> | null } };
    assert.equal(detail.data.version, after);
    assert.equal(detail.data.sources?.find((s) => s.name === 'tor')?.sha256, results[0]?.record.sha256);
    const old = (await (await fetch(`${gw.url}/admin/decisions/${String(before_record.id)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof detail;
    assert.equal(old.data.version, before);
    assert.equal(old.data.sources?.find((s) => s.name === 'tor')?.sha256, null, 'the old decision: the data of its day, without the Tor list');
    assert.equal((await gw.app.data.explain(before))[0]?.sources.find((s) => s.name === 'tor')?.sha256, null, 'the old version: no Tor list');
  });

  it('shows ages in /metrics and warns in /readyz about a stale source, staying ready', async () => {
    const failed = await gw.app.data.update(['never']);
    assert.equal(failed[0]?.outcome, 'failed');
    // Details (and /metrics) are for operators: an admin token.
    const token = (await gw.app.store.adminTokens.create({ name: 'ops', role: 'read' })).secret;
    const auth = { authorization: `Bearer ${token}` };
    const ready = (await (await fetch(`${gw.url}/readyz`, { headers: auth })).json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
    assert.equal(ready.status, 'ready');
    assert.equal(ready.checks.data?.ok, false);
    assert.match(ready.checks.data?.detail ?? '', /never: never obtained \(.*HTTP 500/);
    assert.doesNotMatch(ready.checks.data?.detail ?? '', /tor:/);

    const metrics = await (await fetch(`${gw.url}/metrics`, { headers: auth })).text();
    const age = /^cordon_data_age_seconds\{source="tor"\} (\S+)$/m.exec(metrics);
    assert.ok(age !== null, metrics.split('\n').filter((l) => l.startsWith('cordon_data')).join('\n'));
    assert.ok(Number(age[1]) > 0);
    assert.match(metrics, /^cordon_data_checked_age_seconds\{source="tor"\} /m);
    assert.match(metrics, /^cordon_data_stale\{source="never"\} 1$/m);
    assert.match(metrics, /^cordon_data_stale\{source="tor"\} 0$/m);
    assert.match(metrics, /^cordon_data_age_seconds\{source="geo-location-1"\} /m, 'the bundled data too');
  });
});
