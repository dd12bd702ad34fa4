/**
 * Usage records survive a killed process (issue 14): a real `cordon serve` child, 500 mixed requests
 * (JSON answers, streams, streams whose caller asked for usage) from concurrent callers, SIGKILL in the
 * middle. Every answer a caller received whole — JSON parsed to its end, a stream that reached
 * `data: [DONE]` — must have its usage record in the reopened store, and the chain must verify.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { verifyAuditLog } from '../../src/operations/index.js';
import { IPS } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { startServeChild, type ServeChild } from '../helpers/serve-child.js';

const REQUESTS = 500;
const WORKERS = 20;
/**
 * Once callers have received this many answers whole (about half way), no new request starts, and the
 * next answer received whole kills the process at once: no later request's commit can carry its usage
 * record along, so a record still waiting to be committed at that moment would be lost.
 */
const KILL_AFTER = 250;

let upstream: MockUpstream;
let child: ServeChild & { readonly seeded: string };

before(async () => {
  upstream = await startMockUpstream({ name: 'durable' });
  child = await startServeChild(
    {
      enforcement: { ladder: { suspend: null, block: null } },
      providers: { openai: { base_url: upstream.url } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 0.15, output: 0.6 } }] } },
    },
    async (store) => {
      const tenant = await store.accounts.ensureTenant({ name: 'load', registeredCountry: 'DE' });
      return (await store.accounts.createKey(tenant.id)).secret;
    },
  );
});

after(async () => {
  await child?.close();
  await upstream?.close();
});

type Kind = 'json' | 'stream' | 'stream+usage';
const KINDS: readonly Kind[] = ['json', 'stream', 'stream+usage'];

/** One request; resolves with its decision id when the caller received the answer whole, else null. */
async function ask(kind: Kind, n: number): Promise<string | null> {
  const body: Record<string, unknown> = { model: 'chat', user: `r${n}`, messages: [{ role: 'user', content: `request ${n}` }] };
  if (kind !== 'json') body.stream = true;
  if (kind === 'stream+usage') body.stream_options = { include_usage: true };
  const res = await fetch(`${child.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${child.seeded}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.DE },
    body: JSON.stringify(body),
  });
  const id = res.headers.get('x-cordon-decision-id');
  const text = await res.text();
  if (res.status !== 200 || id === null) return null;
  if (kind === 'json') {
    const answer = JSON.parse(text) as { choices?: unknown[] };
    return Array.isArray(answer.choices) ? id : null;
  }
  return text.split('\n').includes('data: [DONE]') ? id : null;
}

test('SIGKILL during 500 mixed requests loses no usage record of an answer a caller received whole', async () => {
  const whole: { id: string; kind: Kind }[] = [];
  let next = 0;
  let armed = false;
  let killed = false;
  const worker = async (): Promise<void> => {
    while (next < REQUESTS && !armed) {
      const n = next++;
      const kind = KINDS[n % KINDS.length] as Kind;
      let id: string | null;
      try {
        id = await ask(kind, n);
      } catch {
        continue; // the gateway went away mid-answer (or before it): not received whole
      }
      if (id === null) continue;
      whole.push({ id, kind });
      if (armed && !killed) {
        killed = true;
        child.process.kill('SIGKILL');
      }
      if (whole.length >= KILL_AFTER) armed = true;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, () => worker()));
  if (!killed) child.process.kill('SIGKILL'); // every worker stopped together: no answer came after arming
  await (child.process.exitCode === null && child.process.signalCode === null ? once(child.process, 'exit') : Promise.resolve());
  assert.equal(child.process.signalCode, 'SIGKILL');
  assert.ok(whole.length >= KILL_AFTER && whole.length < REQUESTS, `${whole.length} answers received whole before and around the kill`);
  for (const kind of KINDS) assert.ok(whole.some((w) => w.kind === kind), `some ${kind} answers`);

  const store = child.openStore();
  try {
    const usage = new Set<string>();
    for (let fromSeq = 0; ; ) {
      const page = await store.audit.read({ fromSeq, limit: 5000 });
      for (const r of page) if (r.kind === 'usage') usage.add(r.ref);
      if (page.length < 5000) break;
      fromSeq = (page.at(-1)?.seq ?? 0) + 1;
    }
    const missing = whole.filter((w) => !usage.has(w.id));
    assert.deepEqual(missing, [], `${missing.length} of ${whole.length} answers received whole have no usage record`);
    const verification = await verifyAuditLog(store);
    assert.equal(verification.ok, true, JSON.stringify(verification.report.problems));
  } finally {
    await store.close();
  }
});
