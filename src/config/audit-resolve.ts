/** The `audit:` section, validated, into the camelCase settings; the checkpoint key is read from its variable. */
import type { AuditConfig } from './types.js';
import type { AuditFile } from './audit-schema.js';

type Env = Readonly<Record<string, string | undefined>>;

export function resolveAudit(doc: AuditFile, env: Env, problems: string[]): AuditConfig {
  let checkpointKey: string | null = null;
  if (doc.checkpoint_key !== null) {
    const name = doc.checkpoint_key.slice('env:'.length);
    checkpointKey = env[name] ?? null;
    if (checkpointKey === null || checkpointKey === '') problems.push(`audit.checkpoint_key: environment variable ${name} is not set`);
  }
  return {
    enabled: doc.enabled,
    ipTruncation: { v4: doc.ip_truncation.v4, v6: doc.ip_truncation.v6 },
    checkpointKey,
    synchronous: doc.synchronous,
  };
}
