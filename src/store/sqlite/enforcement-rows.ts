/**
 * The one enforcement row SQLite returns in its own form: `tenant_enforcement`, whose flags are 0 and
 * 1. The other rows, and their domain forms, are shared with PostgreSQL (../shared/enforcement-rows.ts,
 * ../shared/outbox-rows.ts).
 */
import type { TenantEnforcement } from '../../domain/enforcement.js';
import { toTenantEnforcement } from '../shared/enforcement-rows.js';

export interface TenantEnforcementRow {
  readonly tenant_id: string;
  readonly attestation_secret: string | null;
  readonly may_attest: number;
  readonly country_mismatch: number | null;
  readonly updated_at: number;
}

export function tenantEnforcementOf(tenantId: string, row: TenantEnforcementRow | undefined): TenantEnforcement {
  return toTenantEnforcement(
    tenantId,
    row === undefined
      ? undefined
      : {
          attestation_secret: row.attestation_secret,
          may_attest: row.may_attest === 1,
          country_mismatch: row.country_mismatch === null ? null : row.country_mismatch === 1,
          updated_at: row.updated_at,
        },
  );
}
