/**
 * Errors a store raises for the operator (CLI, startup), as opposed to the caller-facing catalogue in
 * src/errors. The code is the discriminator; the message says what to do.
 */
export const STORE_ERROR_CODES = [
  /** The backing file or server could not be opened, is not a Cordon store, or has a newer schema. */
  'store_open_failed',
  /** The store URL names a backend this build does not have. */
  'store_unsupported_url',
  /** A key prefix given to revoke matches more than one key. */
  'store_ambiguous_prefix',
  /** A key was created for a tenant id that does not exist. */
  'store_unknown_tenant',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}
