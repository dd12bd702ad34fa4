/**
 * Store changes broadcast to every process that holds the store open (PostgreSQL: LISTEN/NOTIFY,
 * raised by triggers in the committing transaction, so every writer — gateway, CLI, admin API, even
 * hand-written SQL — announces its changes and a rolled-back change announces nothing). A backend
 * that cannot broadcast (SQLite, one host) has no feed; readers there poll.
 */

/**
 * - `key`: a key's status changed (suspended, blocked, reinstated, revoked); `id` is the key id;
 * - `policy`: a policy version was applied or rolled back;
 * - `shadow`: the shadow policy was set or cleared;
 * - `resync`: the feed reconnected and may have missed changes: reload everything.
 */
export const STORE_CHANGE_TOPICS = ['key', 'policy', 'shadow', 'resync'] as const;
export type StoreChangeTopic = (typeof STORE_CHANGE_TOPICS)[number];

export interface StoreChange {
  readonly topic: StoreChangeTopic;
  readonly id?: string;
}

export interface StoreChanges {
  /** Calls `listener` for every change committed by any process; returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** False while the feed is disconnected (it reconnects by itself and then sends `resync`). */
  readonly connected: boolean;
}
