/**
 * Durability against a killed process, with a real `cordon serve` in a child process: concurrent
 * callers, a mock upstream that records every request it receives, SIGKILL in the middle of the load.
 * Every request the upstream received must have its decision record in the reopened store, and the
 * chain must verify. (This file also checks that a policy applied by the CLI — another process — is
 * picked up by the running gateway within a couple of seconds.) The only test with real waiting.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyAuditLog } from '../../src/operations/index.js';
import { runCli } from '../helpers/cli.js';
import { IPS } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { startServeChild, type ServeChild } from '../helpers/serve-child.js';

const WORKERS = 24;
/** Kill once the upstream has received this many requests. */
const KILL_AFTER = 400;

let upstream: MockUpstream;
let child: ServeChild & { readonly seeded: { id: string; secret: string }[] };

before(async () => {
  upstream = await startMockUpstream({ name: 'durable' });
  child = await startServeChild(
    {
      // The policy-pickup probes are refusals from North Korea until the new version loads; with the default
      // ladder ten of them in an hour suspend the key, and a slow machine can fit ten into the poll second.
      enforcement: { ladder: { suspend: null, block: null } },
      providers: { openai: { base_url: upstream.url }, deepseek: { base_url: upstream.url } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 0.15, output: 0.6 } }, { provider: 'deepseek', model: 'mock-ok', price: { input: 0.27, output: 1.1 } }] } },
    },
    async (store) => {
      const tenant = await store.accounts.ensureTenant({ name: 'load', registeredCountry: 'DE' });
      const keys: { id: string; secret: string }[] = [];
      for (let w = 0; w < WORKERS; w++) {
        const { key, secret } = await store.accounts.createKey(tenant.id);
        keys.push({ id: key.id, secret });
      }
      return keys;
    },
  );
});

after(async () => {
  await child?.close();
  await upstream?.close();
});

function ask(secret: string, ip: string, user: string): Promise<Response> {
  return fetch(`${child.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ model: 'chat', user, messages: [{ role: 'user', content: `request ${user}` }] }),
  });
}

describe('a real gateway process', () => {
  test('picks up a policy version applied by the CLI within a couple of seconds', async () => {
    const key = child.seeded[0]?.secret as string;
    const first = await ask(key, IPS.KP, 'probe-0');
    assert.equal(first.status, 403);
    await first.arrayBuffer();
    const applied = runCli(['--config', child.configFile, 'policy', 'apply', 'test/fixtures/policies/no-sanctions.yaml', '--author', 'ops', '--reason', 'test', '--approval', 'test licence'], { cwd: process.cwd() });
    assert.equal(applied.status, 0, applied.stderr);
    const deadline = Date.now() + 5000;
    let status = 403;
    for (let i = 1; status !== 200 && Date.now() < deadline; i++) {
      await sleep(100);
      const res = await ask(key, IPS.KP, `probe-${i}`);
      status = res.status;
      await res.arrayBuffer();
    }
    assert.equal(status, 200, 'North Korea is served by DeepSeek once the law layer is open');
  });

  test('SIGKILL under load loses no decision record of any request that reached the upstream', async () => {
    const start = upstream.received.length;
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await ask(child.seeded[w]?.secret as string, IPS.DE, `w${w}-r${i}`);
          await res.arrayBuffer();
        } catch {
          return; // the gateway is gone
        }
        if (!killed && upstream.received.length - start >= KILL_AFTER) {
          killed = true;
          child.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await (child.process.exitCode === null && child.process.signalCode === null ? once(child.process, 'exit') : Promise.resolve());
    assert.equal(child.process.signalCode, 'SIGKILL');

    // What the upstream received, per worker (each worker's requests are sequential).
    const received = new Map<number, number>();
    for (const r of upstream.received.slice(start)) {
      const m = /^w(\d+)-r\d+$/.exec(String(r.body?.user ?? ''));
      if (m) received.set(Number(m[1]), (received.get(Number(m[1])) ?? 0) + 1);
    }
    const total = [...received.values()].reduce((a, b) => a + b, 0);
    assert.ok(total >= KILL_AFTER, `the upstream received ${total} requests`);

    // The default install appends through the audit journal (ADR 0015): the killed process left its file.
    assert.ok(readdirSync(`${child.dbPath}-audit`).some((f) => f.endsWith('.jsonl')), 'the gateway wrote its records to a journal');
    const store = child.openStore();
    try {
      const routedByKey = new Map<string, number>();
      for (let fromSeq = 0; ; ) {
        const page = await store.audit.read({ fromSeq, limit: 5000 });
        for (const r of page) {
          if (r.kind === 'decision' && r.data.outcome === 'routed') routedByKey.set(String(r.data.key_id), (routedByKey.get(String(r.data.key_id)) ?? 0) + 1);
        }
        if (page.length < 5000) break;
        fromSeq = (page.at(-1)?.seq ?? 0) + 1;
      }
      for (const [w, count] of received) {
        // Worker 0 also sent the policy probes above, which were recorded too.
        const recorded = routedByKey.get(child.seeded[w]?.id as string) ?? 0;
        assert.ok(recorded >= count, `worker ${w}: the upstream received ${count} requests, the audit log has ${recorded} routed decisions`);
      }
      const verification = await verifyAuditLog(store);
      assert.equal(verification.ok, true, JSON.stringify(verification.report.problems));
    } finally {
      await store.close();
    }
  });
});
