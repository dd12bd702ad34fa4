/** The `code` of a better-sqlite3 SqliteError (`SQLITE_NOTADB`) or a Node system error (`EACCES`). */
export function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code: unknown = Reflect.get(value, 'code');
  return typeof code === 'string' ? code : undefined;
}

/**
 * Failures of the database rather than of one statement: locked past the busy timeout, out of space
 * or memory, an I/O error, a read-only or damaged file. Group commit fails a whole batch on them
 * instead of running each write again (../shared/group-commit.ts).
 */
const STORE_FAILURE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|READONLY|CORRUPT|NOTADB|CANTOPEN|PROTOCOL|PERM)(_|$)/;

export function isStoreFailure(error: unknown): boolean {
  return STORE_FAILURE.test(errorCode(error) ?? '');
}
