/** Revoking an API key or admin token named by its id or displayed prefix. */
import { isStoreError } from '../../store/store-error.js';
import { invalid, notFound } from '../request.js';

/** `revoke(ref)`, with an ambiguous prefix a 400 on `id` and nothing found a 404 naming `what`. */
export async function revokeByRef<T>(revoke: (ref: string) => Promise<T | null>, ref: string, what: string): Promise<T> {
  let revoked: T | null;
  try {
    revoked = await revoke(ref);
  } catch (err) {
    if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
    throw err;
  }
  if (revoked === null) throw notFound(`No ${what} has the id or prefix ${ref}.`);
  return revoked;
}
