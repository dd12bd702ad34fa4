/**
 * Webhook signatures (docs/enforcement.md): `x-cordon-signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, t + "." + body). The receiver recomputes it over the raw body and rejects a
 * `t` too far from its own clock (replays). Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-cordon-signature';

export function signWebhook(secret: string, body: string, atMs: number): string {
  const t = Math.floor(atMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** True when `header` signs `body` with `secret` and its time is within `toleranceMs` of `nowMs`. */
export function verifyWebhook(secret: string, body: string, header: string, nowMs: number, toleranceMs = 300_000): boolean {
  const parts = new Map(header.split(',').map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as const));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1) || Math.abs(nowMs - t * 1000) > toleranceMs) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** When attempt `attempts` (1-based) failed, the delay before the next: base · 2^(attempts−1), capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
