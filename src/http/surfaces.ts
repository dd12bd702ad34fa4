/** What the edge serves besides the proxied routes: other surfaces on the same port, and readiness. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** Another surface served on the same port under its own paths (the admin API and dashboard). */
export interface HttpMount {
  matches(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}
