/** The `policy_change` record: a policy version applied or rolled back, and by whom, why, on what authority. */
import type { JsonObject } from './canonical.js';

export interface PolicyChangeInput {
  readonly version: number;
  readonly action: 'apply' | 'rollback';
  readonly policyHash: string;
  readonly author: string;
  readonly reason: string;
  /** Licence number or rule citation; required when the change opens access at the law layer. */
  readonly approval: string | null;
  readonly effectiveFrom: number;
  /** For a rollback: the version whose document was restored. */
  readonly restores: number | null;
  readonly previous: { readonly version: number | null; readonly hash: string } | null;
  /** What the change opens at the law layer (`openai CU`, `* UA-43`), as checked when it was applied. */
  readonly opensAtLaw: readonly string[];
}

export function policyChangeData(c: PolicyChangeInput): JsonObject {
  return {
    version: c.version,
    action: c.action,
    policy_hash: c.policyHash,
    author: c.author,
    reason: c.reason,
    approval: c.approval,
    effective_from: c.effectiveFrom,
    restores: c.restores,
    previous: c.previous === null ? null : { version: c.previous.version, policy_hash: c.previous.hash },
    opens_at_law: [...c.opensAtLaw],
  };
}

export function policyChangeRef(version: number): string {
  return `policy:v${version}`;
}
