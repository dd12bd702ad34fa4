/**
 * Which key signs new audit checkpoints and which keys verify them, from the config (ADR 0014).
 *
 * Signing (`cordon audit prune|anchor`): `audit.checkpoint_signing_key` (Ed25519) when configured,
 * else `audit.checkpoint_key` (HMAC, deprecated), else none. When both are set, Ed25519 signs and the
 * HMAC key only verifies the checkpoints it signed before.
 *
 * Verifying: the public keys of `audit.checkpoint_public_keys`, the signing key's own public key when
 * its variable is set here (never required: a verifier needs no private key), the public keys given on
 * the command line, and the HMAC key when configured (read, and required, as before).
 */
import { readSigningKey, type CheckpointKeys, type CheckpointSigningKey, type Ed25519PublicKey, type Ed25519SigningKey } from '../audit/index.js';
import { ConfigError } from '../config/errors.js';
import type { Config } from '../config/types.js';
import type { Secret } from '../domain/secret.js';

/** Null: checkpoints are written unsigned. Throws a ConfigError when the key's variable is unset or holds no Ed25519 private key. */
export function checkpointSigningKey(config: Config): CheckpointSigningKey | null {
  const { checkpointSigningKey: signing, checkpointKey: hmac } = config.audit;
  if (signing !== null) return readConfiguredKey(config, signing);
  return hmac === null ? null : { algorithm: 'hmac-sha256', secret: hmac.reveal() };
}

export function checkpointKeys(config: Config, given: readonly Ed25519PublicKey[] = []): CheckpointKeys {
  const { checkpointSigningKey: signing, checkpointKey: hmac, checkpointPublicKeys } = config.audit;
  const own = signing?.isSet === true ? [readConfiguredKey(config, signing)] : [];
  const byId = new Map<string, Ed25519PublicKey>();
  for (const key of [...given, ...checkpointPublicKeys, ...own]) if (!byId.has(key.keyId)) byId.set(key.keyId, { keyId: key.keyId, publicKey: key.publicKey });
  return { hmac: hmac?.reveal() ?? null, publicKeys: [...byId.values()] };
}

function readConfiguredKey(config: Config, secret: Secret): Ed25519SigningKey {
  const text = secret.reveal();
  try {
    return readSigningKey(text);
  } catch (err) {
    throw new ConfigError(config.source ?? '(built-in defaults)', [`${secret.path}: the value of ${secret.variable}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}
