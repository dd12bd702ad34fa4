/**
 * Verifies `x-cordon-end-user` (docs/attestation.md) for the gateway: well-formed → the tenant may
 * attest → signature → freshness → nonce not seen before (remembered in the hot state for twice the
 * allowed skew, scoped to the tenant). Only a valid attestation changes the origin; an invalid one is
 * returned with its reason for the enforcer to record as a violation.
 */
import type { AttestationVerifier } from '../../gateway/ports.js';
import type { AttestationOutcome } from '../../domain/request-facts.js';
import type { HotState } from '../../hot-state/port.js';
import type { EnforcementStore } from '../../store/enforcement-port.js';
import { checkAttestation, parseAttestation } from '../attestation.js';

export interface AttestationDeps {
  readonly store: EnforcementStore;
  readonly hot: HotState;
  readonly maxSkewMs: number;
}

export function createAttestationVerifier(deps: AttestationDeps): AttestationVerifier {
  return {
    async verify({ header, tenant, at }): Promise<AttestationOutcome | null> {
      if (header === undefined) return null;
      const claim = parseAttestation(header);
      if (claim === null) return { status: 'invalid', reason: 'malformed' };
      const settings = await deps.store.getTenantEnforcement(tenant.id);
      if (!settings.mayAttest || settings.attestationSecret === null) return { status: 'invalid', reason: 'not_allowed' };
      const check = checkAttestation(claim, settings.attestationSecret, at, deps.maxSkewMs);
      if (check !== 'ok') return { status: 'invalid', reason: check };
      const fresh = await deps.hot.claim(`nonce:${tenant.id}:${claim.nonce}`, at, 2 * deps.maxSkewMs);
      if (!fresh) return { status: 'invalid', reason: 'replayed' };
      return { status: 'valid', ip: claim.normalizedIp };
    },
  };
}
