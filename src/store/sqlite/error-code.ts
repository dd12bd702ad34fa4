/** The `code` of a better-sqlite3 SqliteError (`SQLITE_NOTADB`) or a Node system error (`EACCES`). */
export function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code: unknown = Reflect.get(value, 'code');
  return typeof code === 'string' ? code : undefined;
}
