/**
 * Decision ids: `dec_` + 32 hex digits, the first 12 the time in milliseconds and the other 20
 * random (80 bits). Ids made one after another sort together, so the audit log's indexes on them
 * grow at their right edge: a commit touches one index page, not a random one per request, which
 * is most of what a durable decision record costs (docs/benchmarks.md).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const RANDOM_BYTES = 10;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function newDecisionId(now: number = Date.now()): string {
  if (offset + RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('hex', offset, offset + RANDOM_BYTES);
  offset += RANDOM_BYTES;
  return `dec_${Math.trunc(now).toString(16).padStart(12, '0').slice(-12)}${random}`;
}
