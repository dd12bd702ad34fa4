/**
 * Cancelling an upstream call when the caller goes away. undici takes an `AbortSignal` or any
 * EventEmitter that emits `abort`; the emitter costs a fraction of an AbortController (an EventTarget)
 * on every request, and nothing on the path needs more than `aborted` and the event.
 */
import { EventEmitter } from 'node:events';

/** What `UpstreamRequest.signal` accepts: an AbortSignal, or a `Cancel`. */
export type CancelSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

export class Cancel extends EventEmitter {
  #aborted = false;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Marks the call cancelled and tells undici (once). */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.emit('abort');
  }
}
