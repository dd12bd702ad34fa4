/**
 * The hot state on Redis: the shared contract (in process and on Redis), then Redis's own cases —
 * keys under the prefix with an expiry — and what happens when Redis goes away and comes back.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FallbackHotState, MemoryHotState, RedisHotState } from '../../src/hot-state/index.js';
import type { Logger } from '../../src/observability/logger.js';
import { freePort, privateRedis, redisServerInstalled } from '../helpers/private-redis.js';
import { freshPrefix, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { runHotStateConformance } from './hot-state.conformance.js';

const { skip } = await redisAvailable();
const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1);

runHotStateConformance('in process', async () => ({
  shared: false,
  open: async (o) => new MemoryHotState({ maxMembers: o?.maxMembers }),
  dispose: async () => undefined,
}));

runHotStateConformance(
  'redis',
  async () => {
    const prefix = freshPrefix();
    return {
      shared: true,
      open: async (o) => {
        const hot = new RedisHotState({ url: REDIS_URL, prefix, maxMembers: o?.maxMembers });
        await hot.connect();
        return hot;
      },
      dispose: () => deleteKeys(prefix),
    };
  },
  { skip },
);

async function deleteKeys(prefix: string): Promise<void> {
  const hot = new RedisHotState({ url: REDIS_URL, prefix: '' });
  await hot.connect();
  const keys = await hot.client.keys(`${prefix}*`);
  if (keys.length > 0) await hot.client.del(...keys);
  await hot.close();
}

function recordingLogger(): Logger & { lines: Array<{ level: string; msg: string }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  return { lines, log: (level, msg) => lines.push({ level, msg }) };
}

describe('Redis hot state', { skip: skip ?? false }, () => {
  test('keys live under the prefix and carry an expiry', async () => {
    const prefix = freshPrefix();
    const hot = new RedisHotState({ url: REDIS_URL, prefix });
    await hot.connect();
    try {
      await hot.addToWindow('fanout:c:key_1', 'US', Date.now(), 10 * MIN);
      await hot.claim('nonce:ten_1:abc', Date.now(), MIN);
      const raw = new RedisHotState({ url: REDIS_URL, prefix: '' });
      await raw.connect();
      const keys = (await raw.client.keys(`${prefix}*`)).sort();
      assert.deepEqual(keys, [`${prefix}fanout:c:key_1`, `${prefix}nonce:ten_1:abc`]);
      for (const key of keys) {
        const ttl = await raw.client.pttl(key);
        assert.ok(ttl > 0 && ttl <= 10 * MIN, `${key} expires (pttl ${ttl})`);
      }
      await raw.close();
    } finally {
      await hot.close();
      await deleteKeys(prefix);
    }
  });
});

describe('when Redis is not there', () => {
  test('nothing listening: start does not throw, calls answer in process, health says why, one log line', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const hot = new FallbackHotState(new RedisHotState({ url: `redis://127.0.0.1:${port}`, prefix: 'x:' }), { logger, where: `127.0.0.1:${port}` });
    await hot.start();
    try {
      assert.equal(hot.health().ok, false);
      assert.match(hot.health().detail, /unavailable .*counting in process/);
      assert.equal((await hot.addToWindow('k', 'US', T0, MIN)).distinct, 1);
      assert.equal((await hot.addToWindow('k', 'DE', T0 + 1, MIN)).distinct, 2, 'counted in process');
      assert.equal(await hot.claim('n', T0, MIN), true);
      assert.equal(await hot.claim('n', T0, MIN), false, 'nonces are still refused twice on this instance');
      assert.equal(logger.lines.filter((l) => l.level === 'error').length, 1, 'the outage is logged once');
    } finally {
      await hot.close();
    }
  });
});

const server = await privateRedis();
after(() => server.stop());

describe('when Redis stops and starts again', { skip: redisServerInstalled() ? false : 'redis-server is not installed' }, () => {
  test('falls back while it is down and shares again once it is back', async () => {
    await server.start();
    const logger = recordingLogger();
    const hot = new FallbackHotState(new RedisHotState({ url: server.url, prefix: 'p:' }), { logger, where: server.url });
    await hot.start();
    try {
      assert.equal(hot.health().ok, true);
      assert.equal((await hot.addToWindow('k', 'US', T0, MIN)).distinct, 1);
      server.stop();
      await until(() => !hot.health().ok);
      assert.equal((await hot.addToWindow('k', 'DE', T0 + 1, MIN)).distinct, 1, 'in process: it starts from nothing');
      assert.equal(await hot.claim('n', T0, MIN), true);
      await server.start();
      await until(() => hot.health().ok, 10_000);
      assert.equal((await hot.addToWindow('k2', 'FR', T0 + 2, MIN)).distinct, 1, 'shared again');
      const msgs = logger.lines.map((l) => `${l.level}: ${l.msg}`);
      assert.ok(msgs.some((m) => /^error: hot state: Redis unavailable/.test(m)), msgs.join('\n'));
      assert.ok(msgs.some((m) => /^info: hot state: Redis available again/.test(m)), msgs.join('\n'));
    } finally {
      await hot.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
