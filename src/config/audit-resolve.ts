/** The `audit:` section, validated, into the camelCase settings; the checkpoint key is read from its variable when used. */
import type { AuditConfig } from './types.js';
import type { AuditFile } from './audit-schema.js';
import { EnvSecret } from './secret.js';

type Env = Readonly<Record<string, string | undefined>>;

export function resolveAudit(doc: AuditFile, env: Env, file: string): AuditConfig {
  const checkpointKey = doc.checkpoint_key === null ? null : new EnvSecret('audit.checkpoint_key', doc.checkpoint_key, env, file, 'audit checkpoints are signed with it');
  return {
    enabled: doc.enabled,
    ipTruncation: { v4: doc.ip_truncation.v4, v6: doc.ip_truncation.v6 },
    checkpointKey,
    synchronous: doc.synchronous,
  };
}
