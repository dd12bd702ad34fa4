/**
 * `cordon data status|update` as a user runs them: status as JSON (one object per source with name,
 * origin, built, sha256, checked, changed), an update from a local server, a failed update that keeps
 * the data and exits 1, and the files a decision's data version stood for.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { conditional, startFakeOrigins, type FakeOrigins } from '../data-updates/fake-origins.js';
import { spawnCli, type CliRun } from '../helpers/cli.js';
import { TEST_DATA_DIR } from '../helpers/gateway-fixture.js';

/** The CLI run asynchronously: the local server answering it lives in this process. */
async function cli(args: readonly string[], cwd: string): Promise<CliRun> {
  const child = spawnCli(args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

describe('cordon data', () => {
  let origins: FakeOrigins;
  let dir: string;
  before(async () => {
    origins = await startFakeOrigins();
    origins.route('/tor', conditional('185.220.101.1\n185.220.101.2\n', '"t"', new Date().toUTCString()));
    origins.route('/down', (_req, res) => void res.writeHead(503).end('down for maintenance'));
    dir = mkdtempSync(join(tmpdir(), 'cordon-cli-data-'));
    writeFileSync(join(dir, 'cordon.yaml'), stringify({
      data_dir: TEST_DATA_DIR,
      origin: { lists: { tor_exits: join(dir, 'tor.txt') } },
      updates: {
        sources: [
          { kind: 'tor_exits', name: 'tor', url: `${origins.url}/tor`, file: join(dir, 'tor.txt') },
          { kind: 'cidr', name: 'vpn', url: `${origins.url}/down`, file: join(dir, 'vpn.txt') },
        ],
      },
    }));
  });
  after(async () => {
    await origins.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates from the origins, exits 1 when one fails, and shows the provenance of every source', async () => {
    const update = await cli(['-c', 'cordon.yaml', 'data', 'update', '--json'], dir);
    assert.equal(update.status, 1, update.stderr);
    const results = JSON.parse(update.stdout) as Array<{ name: string; outcome: string; result: string }>;
    assert.deepEqual(results.map((r) => [r.name, r.outcome]), [['tor', 'changed'], ['vpn', 'failed']]);
    assert.match(results[1]?.result ?? '', /HTTP 503: down for maintenance; the data in use is kept/);
    assert.equal(readFileSync(join(dir, 'tor.txt'), 'utf8'), '185.220.101.1\n185.220.101.2\n');

    const status = await cli(['-c', 'cordon.yaml', 'data', 'status', '--json'], dir);
    assert.equal(status.status, 0, status.stderr);
    const rows = JSON.parse(status.stdout) as Array<Record<string, unknown>>;
    for (const r of rows) for (const field of ['name', 'origin', 'built', 'sha256', 'checked', 'changed']) assert.ok(field in r, `${String(r.name)}: ${field}`);
    const tor = rows.find((r) => r.name === 'tor');
    assert.equal(tor?.origin, `${origins.url}/tor`);
    assert.match(String(tor?.sha256), /^[0-9a-f]{64}$/);
    assert.equal(tor?.stale, false);
    const vpn = rows.find((r) => r.name === 'vpn');
    assert.equal(vpn?.stale, true, 'never obtained: stale');
    assert.match(String(vpn?.last_error), /HTTP 503/);
    assert.ok(rows.some((r) => r.kind === 'geo' && typeof r.built === 'string'), 'the bundled databases');

    const text = await cli(['-c', 'cordon.yaml', 'data', 'status'], dir);
    const version = /^data version (dv_[0-9a-f]{12})$/m.exec(text.stdout)?.[1];
    assert.ok(version !== undefined, text.stdout);
    const explained = await cli(['-c', 'cordon.yaml', 'data', 'status', '--version', version], dir);
    assert.equal(explained.status, 0, explained.stderr);
    assert.equal((JSON.parse(explained.stdout) as { sources: Array<{ name: string; sha256: string }> }).sources.find((s) => s.name === 'tor')?.sha256, tor?.sha256);
    assert.equal((await cli(['-c', 'cordon.yaml', 'data', 'update', 'nope'], dir)).status, 2);
  });
});
