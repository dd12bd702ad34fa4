/**
 * The PostgreSQL connection pool and the two ways Cordon talks through it: one statement (`query`,
 * on any pooled connection) and one transaction (`transaction`, on one connection from BEGIN to
 * COMMIT). BIGINT and NUMERIC come back as JS numbers (times are epoch ms, counts and sums fit in
 * 2^53), through a type parser local to this pool: the process-wide `pg.types` is left alone.
 */
import pg from 'pg';
export { redactUrl } from '../redact-url.js';

export type Row = Record<string, unknown>;

/** One statement; `name` makes it a prepared statement on each connection (the hot path uses it). */
export interface Statement {
  readonly text: string;
  readonly values?: readonly unknown[];
  readonly name?: string;
}

export interface Queryable {
  query<R = Row>(statement: Statement | string, values?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  /** Runs `body` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A dedicated connection outside the pool (LISTEN needs one); the caller ends it. */
  dedicated(): pg.Client;
  /** False once `end` was called. */
  readonly open: boolean;
  end(): Promise<void>;
  readonly pool: pg.Pool;
}

const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (text: string): number => Number(text);

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface ConnectOptions {
  readonly url: string;
  /** Most pooled connections; default 10. */
  readonly max?: number;
  /** Called for errors on idle connections (the server went away); they must not crash the process. */
  readonly onIdleError?: (error: Error) => void;
  readonly connectionTimeoutMs?: number;
  /** Longest a query may wait for its answer; default 15 s. */
  readonly queryTimeoutMs?: number;
}

export function connect(options: ConnectOptions): Db {
  const config: pg.PoolConfig = {
    connectionString: options.url,
    max: options.max ?? 10,
    types,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    // A server that stops answering (a partition, not a refusal) fails the query instead of holding it.
    query_timeout: options.queryTimeoutMs ?? 15_000,
    keepAlive: true,
    application_name: 'cordon',
  };
  const pool = new pg.Pool(config);
  pool.on('error', (error) => options.onIdleError?.(error));
  const run = async <R,>(client: pg.Pool | pg.PoolClient, statement: Statement | string, values?: readonly unknown[]): Promise<R[]> => {
    const q = typeof statement === 'string' ? { text: statement, values: values === undefined ? undefined : [...values] } : { ...statement, values: statement.values === undefined ? undefined : [...statement.values] };
    const result = await client.query(q);
    return result.rows as R[];
  };
  return {
    pool,
    query: (statement, values) => run(pool, statement, values),
    async transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client reports a lost connection as an 'error' event: without a listener that
      // would crash the process. The query in flight rejects as well; the client is then discarded.
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await body({ query: (statement, values) => run(client, statement, values) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable (the server went away): drop it rather than return it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    get open() {
      return !pool.ending;
    },
    dedicated: () => new pg.Client({ connectionString: options.url, types, application_name: 'cordon-listen', connectionTimeoutMillis: config.connectionTimeoutMillis }),
    end: () => pool.end(),
  };
}

/** The SQLSTATE of a PostgreSQL error (`23503`: foreign key violation), if it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failure of the server or of the way to it rather than of one statement: no answer from the server
 * (a lost or refused connection, a timeout, an ended pool), or an answer of a class that says it cannot
 * work now (08 connection, 53 resources, 57 operator intervention such as a shutdown, 58 system, XX
 * internal). Group commit fails a whole batch on them instead of running each write again.
 */
export function isServerFailure(error: unknown): boolean {
  return !(error instanceof pg.DatabaseError) || /^(08|53|57|58|XX)/.test(error.code ?? '');
}
