/**
 * The audit log's pure core: record formats, the canonical encoding, the hash chain, verification,
 * checkpoints and address truncation. No I/O; the store adapters and `cordon audit` use it. See
 * docs/audit.md and ADR 0007.
 */
export { canonicalize, type JsonObject, type JsonPrimitive, type JsonValue } from './canonical.js';
export { AUDIT_FORMAT, AUDIT_KINDS, isAuditKind, type AppendOptions, type AuditEntry, type AuditKind, type AuditLog, type AuditRecord } from './record.js';
export { canonicalBody, checkEntry, EMPTY_HEAD, GENESIS_HASH, parseCanonicalBody, recordHash, sealEntries, sealEntry, type ChainHead } from './chain.js';
export { CHAIN_PROBLEM_KINDS, ChainVerifier, verifyRecords, type ChainProblem, type ChainProblemKind, type VerifyOptions, type VerifyReport } from './verify.js';
export {
  algorithmOf,
  CHECKPOINT_KINDS,
  checkCheckpoints,
  checkSignature,
  isFailedSignature,
  NO_CHECKPOINT_KEYS,
  readSignature,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_STATUSES,
  signCheckpoint,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointKeys,
  type CheckpointKind,
  type CheckpointSignature,
  type CheckpointSigningKey,
  type SignatureAlgorithm,
  type SignatureStatus,
} from './checkpoint.js';
export { checkpointKeyId, generateCheckpointKeyPair, readPublicKey, readSigningKey, type Ed25519KeyPairText, type Ed25519PublicKey, type Ed25519SigningKey } from './checkpoint-keys.js';
export { DEFAULT_IP_TRUNCATION, truncateCarrierIp, truncateIp, type IpTruncation } from './ip-truncation.js';
export { decisionData, readDecisionFacts, type DecisionCarrierFacts, type DecisionOriginFacts, type DecisionOutcome, type DecisionRecordInput, type ProviderDecisionFacts } from './decision-record.js';
export { readUsageRecord, usageData, type UsageRecordInput } from './usage-record.js';
export { policyChangeData, policyChangeRef, type PolicyChangeInput } from './policy-change-record.js';
export { actionData, actionEntry, readActionRecord } from './action-record.js';
