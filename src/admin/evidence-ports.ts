/**
 * What the admin API needs from the policy and evidence operations, as narrow ports. The composition
 * root binds them to src/operations/ (policy versions, foresight, audit verification) and the store,
 * with this config's presets and providers.
 */
import type { AuditRecord, Checkpoint, SignatureStatus, VerifyReport } from '../audit/index.js';
import type { ApplyInput, ApplyResult } from '../operations/index.js';
import type { CompiledPolicy, CountryCodes } from '../policy/index.js';
import type { ReachResult, SimulationResult } from '../simulation/index.js';
import type { PolicyVersions, ShadowStore, TimeRange, UsageQueries } from '../store/evidence-port.js';

export interface LivePolicy {
  readonly compiled: CompiledPolicy;
  /** The applied version it came from; null for the config's file or the built-in default. */
  readonly version: number | null;
}

export interface PolicyService {
  readonly versions: PolicyVersions;
  readonly shadow: ShadowStore;
  /** ISO 3166 codes the semantic diff probes. */
  readonly countries: CountryCodes;
  /** The policy in force at `at` (a stored version, else the config's). */
  live(at: number): Promise<LivePolicy>;
  /** Validates and compiles a document; throws `PolicyValidationError`. */
  compile(text: string, source: string): CompiledPolicy;
  apply(input: ApplyInput, at: number): Promise<ApplyResult>;
  rollback(id: number, input: Omit<ApplyInput, 'document' | 'source'>, at: number): Promise<ApplyResult | null>;
  simulate(baseline: CompiledPolicy, candidate: CompiledPolicy, range: TimeRange): Promise<SimulationResult>;
  reach(policy: CompiledPolicy, range: TimeRange): Promise<ReachResult>;
}

export interface AuditVerificationResult {
  readonly report: VerifyReport;
  readonly start: Checkpoint | null;
  readonly checkpoints: ReadonlyArray<{ readonly checkpoint: Checkpoint; readonly signature: SignatureStatus }>;
  readonly ok: boolean;
}

export interface EvidenceService {
  /** Every audit record about a request id (its decision, its usage), in order. */
  recordsOf(requestId: string): Promise<AuditRecord[]>;
  verify(): Promise<AuditVerificationResult>;
  readonly usage: UsageQueries;
}

export type { ApplyInput, ApplyResult };
