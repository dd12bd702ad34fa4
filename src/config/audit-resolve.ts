/**
 * The `audit:` section, validated, into the camelCase settings. The checkpoint keys are secrets read from
 * their variables when used; the public keys are read here, so a bad one fails at load.
 */
import { readPublicKey, type Ed25519PublicKey } from '../audit/index.js';
import type { AuditConfig } from './types.js';
import type { AuditFile } from './audit-schema.js';
import { EnvSecret } from './secret.js';

type Env = Readonly<Record<string, string | undefined>>;

export function resolveAudit(doc: AuditFile, env: Env, file: string, problems: string[]): AuditConfig {
  const checkpointKey = doc.checkpoint_key === null ? null : new EnvSecret('audit.checkpoint_key', doc.checkpoint_key, env, file, 'audit checkpoints are signed with it');
  const checkpointSigningKey =
    doc.checkpoint_signing_key === null ? null : new EnvSecret('audit.checkpoint_signing_key', doc.checkpoint_signing_key, env, file, 'audit checkpoints are signed with it');
  return {
    enabled: doc.enabled,
    ipTruncation: { v4: doc.ip_truncation.v4, v6: doc.ip_truncation.v6 },
    checkpointKey,
    checkpointSigningKey,
    checkpointPublicKeys: publicKeys(doc.checkpoint_public_keys, problems),
    synchronous: doc.synchronous,
    journal: doc.journal,
  };
}

function publicKeys(texts: readonly string[], problems: string[]): Ed25519PublicKey[] {
  const keys: Ed25519PublicKey[] = [];
  texts.forEach((text, i) => {
    try {
      keys.push(readPublicKey(text));
    } catch (err) {
      problems.push(`audit.checkpoint_public_keys[${i}]: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return keys;
}
