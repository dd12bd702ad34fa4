/** Calls to the admin API with the session's bearer token; errors come back in OpenAI's shape. */
import { clearToken, getToken } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the token is refused (401): the app shows the sign-in screen again. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const token = init.token ?? getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/admin${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  const value: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (value as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401 && init.token === undefined) {
      clearToken();
      onUnauthorized();
    }
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`);
  }
  return value as T;
}
