/**
 * Checkpoints: a (sequence, hash) pair of the chain, written when old records are pruned (the chain
 * then continues from it) or on demand as an anchor. Signed, so whoever can write the database but does
 * not hold the signing key cannot move a checkpoint to cover a rewritten history (ADR 0007, ADR 0014):
 *
 * - **Ed25519** (new checkpoints): the signature names its key, and anyone with the public key can
 *   check it — an auditor can verify without being able to sign.
 * - **HMAC-SHA256** (checkpoints written before, or with only `audit.checkpoint_key`): the same shared
 *   key signs and verifies, so whoever can verify can also forge. Still read and checked when the key
 *   is given.
 *
 * A signature is stored as text that says its method: 64 hex digits are HMAC-SHA256 (the format of
 * every checkpoint before ADR 0014, kept byte for byte), `ed25519:KEYID:BASE64` is Ed25519.
 */
import { createHmac, sign, timingSafeEqual, verify } from 'node:crypto';
import { canonicalize } from './canonical.js';
import type { ChainHead } from './chain.js';
import type { Ed25519PublicKey, Ed25519SigningKey } from './checkpoint-keys.js';

export const CHECKPOINT_KINDS = ['prune', 'anchor'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export interface CheckpointBody extends ChainHead {
  readonly kind: CheckpointKind;
  /** Epoch ms when it was written. */
  readonly at: number;
  /** For `prune`: records before this instant (epoch ms) were removed; null for an anchor. */
  readonly prunedBefore: number | null;
  /** For `prune`: how many records were removed. */
  readonly pruned: number;
}

export interface Checkpoint extends CheckpointBody {
  /** The signature as stored (`readSignature` reads it), or null when no key was configured when it was written. */
  readonly signature: string | null;
}

export const SIGNATURE_ALGORITHMS = ['hmac-sha256', 'ed25519'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** A stored signature, read. */
export interface CheckpointSignature {
  readonly algorithm: SignatureAlgorithm;
  /** Ed25519: the signing key's id (checkpoint-keys.ts); HMAC: null (a shared key has no public name). */
  readonly keyId: string | null;
  /** HMAC: 64 hex digits; Ed25519: 64 bytes in base64. */
  readonly value: string;
}

/** What signs new checkpoints: an Ed25519 private key, or (deprecated) the shared HMAC key. */
export type CheckpointSigningKey = Ed25519SigningKey | { readonly algorithm: 'hmac-sha256'; readonly secret: string };

/** What verifies checkpoints: the shared HMAC key (old checkpoints) and Ed25519 public keys (current and retired). */
export interface CheckpointKeys {
  readonly hmac: string | null;
  readonly publicKeys: readonly Ed25519PublicKey[];
}

export const NO_CHECKPOINT_KEYS: CheckpointKeys = { hmac: null, publicKeys: [] };

/**
 * - `valid`: checked with a key given.
 * - `invalid`: a key for it was given and the signature does not match, or the signature is malformed.
 * - `unsigned`: no signature, while a key was given.
 * - `unknown_key`: signed with Ed25519 by a key none of the public keys given has.
 * - `unchecked`: no key for its method was given (an HMAC checkpoint without the shared key, or no key
 *   at all); not verified, and not a failure.
 * - `downgraded`: an HMAC checkpoint that could not be checked, later in the chain than an Ed25519
 *   checkpoint that verified: new checkpoints are signed with Ed25519, and anyone who can write the
 *   store could have written this one.
 */
export const SIGNATURE_STATUSES = ['valid', 'invalid', 'unsigned', 'unknown_key', 'unchecked', 'downgraded'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

/** The statuses that fail verification. */
export function isFailedSignature(status: SignatureStatus): boolean {
  return status !== 'valid' && status !== 'unchecked';
}

export function signCheckpoint(body: CheckpointBody, key: CheckpointSigningKey | null): Checkpoint {
  if (key === null) return { ...body, signature: null };
  if (key.algorithm === 'hmac-sha256') return { ...body, signature: mac(body, key.secret) };
  const value = sign(null, Buffer.from(ed25519Message(body, key.keyId), 'utf8'), key.privateKey).toString('base64');
  return { ...body, signature: `ed25519:${key.keyId}:${value}` };
}

/** Null when the text is neither form (a signature changed by hand). */
export function readSignature(text: string): CheckpointSignature | null {
  if (/^[0-9a-f]{64}$/.test(text)) return { algorithm: 'hmac-sha256', keyId: null, value: text };
  const m = /^ed25519:([0-9a-f]{16}):([A-Za-z0-9+/]{86}==)$/.exec(text);
  return m === null ? null : { algorithm: 'ed25519', keyId: m[1] as string, value: m[2] as string };
}

/** One checkpoint's signature on its own (`checkCheckpoints` adds what the others say). */
export function checkSignature(cp: Checkpoint, keys: CheckpointKeys): SignatureStatus {
  const anyKey = keys.hmac !== null || keys.publicKeys.length > 0;
  if (cp.signature === null) return anyKey ? 'unsigned' : 'unchecked';
  const sig = readSignature(cp.signature);
  if (sig === null) return 'invalid';
  if (sig.algorithm === 'hmac-sha256') {
    if (keys.hmac === null) return 'unchecked';
    const expected = Buffer.from(mac(cp, keys.hmac), 'hex');
    return timingSafeEqual(Buffer.from(sig.value, 'hex'), expected) ? 'valid' : 'invalid';
  }
  if (keys.publicKeys.length === 0) return 'unchecked';
  const key = keys.publicKeys.find((k) => k.keyId === sig.keyId);
  if (key === undefined) return 'unknown_key';
  return verify(null, Buffer.from(ed25519Message(cp, key.keyId), 'utf8'), key.publicKey, Buffer.from(sig.value, 'base64')) ? 'valid' : 'invalid';
}

/** Every checkpoint's status, in the order given; an HMAC checkpoint left unchecked after a verified Ed25519 one is `downgraded`. */
export function checkCheckpoints(checkpoints: readonly Checkpoint[], keys: CheckpointKeys): SignatureStatus[] {
  const statuses = checkpoints.map((cp) => checkSignature(cp, keys));
  const firstEd25519 = Math.min(...checkpoints.filter((cp, i) => statuses[i] === 'valid' && algorithmOf(cp) === 'ed25519').map((cp) => cp.seq));
  return statuses.map((status, i) => {
    const cp = checkpoints[i] as Checkpoint;
    return status === 'unchecked' && algorithmOf(cp) === 'hmac-sha256' && cp.seq > firstEd25519 ? 'downgraded' : status;
  });
}

export function algorithmOf(cp: Checkpoint): SignatureAlgorithm | null {
  return cp.signature === null ? null : (readSignature(cp.signature)?.algorithm ?? null);
}

/** The HMAC's message: the checkpoint's fields as canonical JSON, version 1 (unchanged since ADR 0007). */
function mac(b: CheckpointBody, key: string): string {
  const body = canonicalize({ v: 1, kind: b.kind, seq: b.seq, hash: b.hash, at: b.at, pruned_before: b.prunedBefore, pruned: b.pruned });
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}

/** Ed25519's message: version 2 names what it is, the method and the key, so a signature cannot be taken for another's. */
function ed25519Message(b: CheckpointBody, keyId: string): string {
  return canonicalize({
    v: 2,
    type: 'cordon.audit.checkpoint',
    alg: 'ed25519',
    key_id: keyId,
    kind: b.kind,
    seq: b.seq,
    hash: b.hash,
    at: b.at,
    pruned_before: b.prunedBefore,
    pruned: b.pruned,
  });
}
