/**
 * API key secrets and ids, shared by every backend. A secret is `sk-cordon-` followed by 24 random
 * bytes in base64url (192 bits). Only its SHA-256 is stored: with that much entropy a fast hash is
 * enough (docs/store.md explains why no salt or slow KDF is needed).
 */
import { hash, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'sk-cordon-';
export const SECRET_BYTES = 24;
/** `sk-cordon-` plus four characters: enough to tell keys apart in a listing, useless to an attacker. */
export const DISPLAY_PREFIX_LENGTH = 14;
/** Random bytes behind an id (80 bits): ids are not secret, they only have to be unique. */
const ID_BYTES = 10;

export type RandomBytes = (size: number) => Buffer;
export type IdKind = 'ten' | 'key' | 'vio' | 'act' | 'evt';

export const defaultRandom: RandomBytes = (size) => randomBytes(size);

export function newSecret(random: RandomBytes): string {
  return SECRET_PREFIX + takeBytes(random, SECRET_BYTES).toString('base64url');
}

/**
 * SHA-256 of the whole secret (UTF-8), lower-case hex: the only form in which a secret is stored.
 * The one-shot `crypto.hash` is about four times faster than `createHash` here (hot path).
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** `ten_…`, `key_…` (accounts), `vio_…`, `act_…`, `evt_…` (enforcement) followed by 20 hex characters. */
export function newId(kind: IdKind, random: RandomBytes): string {
  return `${kind}_${takeBytes(random, ID_BYTES).toString('hex')}`;
}

/** Exactly `size` bytes from the random source (a short read is an error, never a shorter secret). */
export function takeBytes(random: RandomBytes, size: number): Buffer {
  const bytes = random(size);
  if (bytes.length !== size) throw new Error(`random source returned ${bytes.length} bytes, expected ${size}`);
  return bytes;
}
