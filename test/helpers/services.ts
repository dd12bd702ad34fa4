/**
 * The PostgreSQL and Redis servers the scale-out tests use (127.0.0.1:5432 database `test`, and
 * 127.0.0.1:6379; override with CORDON_TEST_POSTGRES_URL / CORDON_TEST_REDIS_URL). Under CI=true
 * they are mandatory: a server that does not answer fails the run. Elsewhere a suite whose server
 * does not answer is skipped with the reason printed.
 *
 * Each test gets its own PostgreSQL schema (`cordon_test_<random>`, selected with
 * `options=-c search_path=…` in the URL and dropped afterwards) and its own Redis key prefix.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';

export const POSTGRES_URL = process.env.CORDON_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.CORDON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MANDATORY = process.env.CI === 'true';

export interface Availability {
  /** null when the server answers; otherwise why the suite is skipped. */
  readonly skip: string | null;
}

async function probe(name: string, check: () => Promise<void>): Promise<Availability> {
  try {
    await check();
    return { skip: null };
  } catch (error) {
    const reason = `${name} does not answer (${error instanceof Error ? error.message : String(error)})`;
    if (MANDATORY) throw new Error(`${reason}; it is mandatory under CI=true (.ci/run starts it)`);
    console.log(`# SKIP: ${reason}; start it to run these tests`);
    return { skip: reason };
  }
}

export function postgresAvailable(): Promise<Availability> {
  return probe(`PostgreSQL at ${POSTGRES_URL}`, async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  });
}

export function redisAvailable(url = REDIS_URL): Promise<Availability> {
  return probe(`Redis at ${url}`, () => redisPing(url));
}

/** A bare PING over TCP (no client library), so probing needs nothing but the server. */
export function redisPing(url: string, timeoutMs = 2000): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('timed out')));
    socket.once('error', fail);
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      if (data.toString().startsWith('+PONG')) resolve();
      else reject(new Error(`unexpected answer ${JSON.stringify(data.toString())}`));
    });
  });
}

export interface TestSchema {
  readonly name: string;
  /** The store URL selecting the schema (created by Cordon's migration on first open). */
  readonly url: string;
  drop(): Promise<void>;
}

export function freshSchema(): TestSchema {
  const name = `cordon_test_${randomBytes(6).toString('hex')}`;
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return {
    name,
    url,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one SQL statement against a test schema (to look at raw rows). */
export async function sql<R extends pg.QueryResultRow>(schema: TestSchema, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export function freshPrefix(): string {
  return `cordon-test:${randomBytes(6).toString('hex')}:`;
}
