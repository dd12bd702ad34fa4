/**
 * The store's change feed on PostgreSQL: one dedicated connection LISTENs on `cordon_changes`
 * (migrations 0001 and 0003 raise it from triggers) and passes this schema's notices on. When the
 * connection drops it reconnects with a growing delay (up to 5 s) and then sends `resync`, since
 * notices sent meanwhile are lost.
 */
import type pg from 'pg';
import { STORE_CHANGE_TOPICS, type StoreChange, type StoreChanges, type StoreChangeTopic } from '../change-port.js';

export const CHANGE_CHANNEL = 'cordon_changes';
const MAX_DELAY_MS = 5000;

export interface ChangeFeedOptions {
  readonly connect: () => pg.Client;
  /** Only notices from this schema are passed on (several Cordon stores may share a database). */
  readonly schema: string;
  readonly onError?: (error: Error) => void;
}

export class PgChangeFeed implements StoreChanges {
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #options: ChangeFeedOptions;
  #client: pg.Client | null = null;
  #connected = false;
  #closed = false;
  #delayMs = 100;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: ChangeFeedOptions) {
    this.#options = options;
  }

  get connected(): boolean {
    return this.#connected;
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Connects and LISTENs; rejects when the first connection fails (later drops reconnect by themselves). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    this.#connected = false;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = this.#options.connect();
    client.on('notification', (msg) => this.#receive(msg.payload));
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#connected = true;
    this.#delayMs = 100;
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = null;
    this.#connected = false;
    this.#options.onError?.(error);
    client.end().catch(() => undefined);
    this.#retry();
  }

  #retry(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect().then(
        () => this.#emit({ topic: 'resync' }),
        (error: unknown) => {
          this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
          this.#delayMs = Math.min(this.#delayMs * 2, MAX_DELAY_MS);
          this.#retry();
        },
      );
    }, this.#delayMs);
    this.#timer.unref();
  }

  #receive(payload: string | undefined): void {
    const change = parseNotice(payload, this.#options.schema);
    if (change !== null) this.#emit(change);
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

/** `{"schema":"s","topic":"key","id":"key_…"}` → a change, or null when it is for another schema or unreadable. */
export function parseNotice(payload: string | undefined, schema: string): StoreChange | null {
  if (payload === undefined) return null;
  try {
    const value = JSON.parse(payload) as { schema?: unknown; topic?: unknown; id?: unknown };
    if (value.schema !== schema || !isTopic(value.topic)) return null;
    return typeof value.id === 'string' ? { topic: value.topic, id: value.id } : { topic: value.topic };
  } catch {
    return null;
  }
}

function isTopic(value: unknown): value is StoreChangeTopic {
  return typeof value === 'string' && (STORE_CHANGE_TOPICS as readonly string[]).includes(value);
}
