/**
 * Group commit on PostgreSQL (../shared/group-commit.ts): a batch is one statement — one round trip,
 * atomic without BEGIN and COMMIT — written by `write`. Each instance groups its own writes; the
 * server orders the instances' batches.
 */
import { GroupCommit } from '../shared/group-commit.js';
import { isServerFailure, type Db } from './connection.js';

export function pgGroupCommit<W>(db: Db, write: (batch: readonly W[]) => Promise<unknown>): GroupCommit<W, void> {
  return new GroupCommit<W, void>({
    commit: async (batch) => {
      await write(batch);
      return batch.map(() => undefined);
    },
    isOpen: () => db.open,
    isStoreFailure: isServerFailure,
  });
}
