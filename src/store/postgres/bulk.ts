/**
 * Many rows in one statement: `INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::int8[])`.
 * The statement text depends only on the table and columns, so it is the same for every batch size,
 * and the whole list goes in one round trip.
 */
import type { Queryable } from './connection.js';

export type PgType = 'text' | 'int8' | 'int4' | 'float8' | 'bool';
export type Columns<R> = ReadonlyArray<readonly [keyof R & string, PgType]>;

export async function bulkInsert<R, Out = Record<string, unknown>>(
  tx: Queryable,
  table: string,
  columns: Columns<R>,
  rows: readonly R[],
  suffix = '',
): Promise<Out[]> {
  if (rows.length === 0) return [];
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const values = columns.map(([name]) => rows.map((row) => row[name]));
  return tx.query<Out>(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) ${suffix}`, values);
}
