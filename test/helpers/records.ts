/** Shared by the evidence tests: waiting for records written after the answer, without sleeping. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditRecord } from '../../src/audit/index.js';
import type { Store } from '../../src/store/index.js';

/**
 * The usage record is appended when the answer ends, after the caller may already have it: wait for
 * it turn by turn of the event loop (no timers), failing after `turns`.
 */
export async function recordsFor(store: Store, requestId: string, count: number, turns = 500): Promise<AuditRecord[]> {
  for (let i = 0; i < turns; i++) {
    const found = await store.audit.findByRef(requestId);
    if (found.length >= count) return found;
    await nextTurn();
  }
  throw new Error(`expected ${count} audit records for ${requestId}, found ${(await store.audit.findByRef(requestId)).length}`);
}
