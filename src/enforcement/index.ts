/**
 * Enforcement, the pure core (docs/enforcement.md): signals → violations, the ladder, impossible
 * travel, attestation and webhook signatures. No I/O; the services that do I/O live in
 * ./service/ and are wired by the composition root.
 */
export { LADDER_ACTIONS, longestWindow, policyFor, type EnforcementSettings, type FanOutSettings, type LadderAction, type LadderRung, type SignalWeights, type TenantPolicy, type TravelSettings, type WebhookSettings } from './settings.js';
export { detectSignals, type DetectionInput, type Finding, type FanOutCounts, type Denial } from './detect.js';
export { decideAction, scoreRung, type LadderDecision, type LadderInput, type RungScore, type ScoredViolation, type PastAction } from './ladder.js';
export { decodeSighting, distanceKm, encodeSighting, impossibleTravel, positionOf, sightingOf, SIGHTING_TEXT, type CentroidTable, type CountryPlace, type Position, type Sighting, type TravelFinding } from './travel.js';
export { parseAttestation, signAttestation, checkAttestation, attestationMessage, type AttestationClaim } from './attestation.js';
export { signWebhook, verifyWebhook, backoffDelay, SIGNATURE_HEADER } from './webhook-signature.js';
export { networkOf, originEvidence } from './origin-evidence.js';
export { parseDuration, formatDuration } from './duration.js';
export { standingRefusal, suspendedRefusal } from './standing.js';
