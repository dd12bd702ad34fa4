/**
 * The ladder: a pure function of (a key's violations, its past actions, the rungs, now) → the action
 * to take. Each rung sums the weights of the violations inside its own window; the highest rung whose
 * threshold is reached wins.
 *
 * Violations are not counted twice for the same step: a rung only counts violations after the last
 * action of the same or a stronger kind (a suspension that ends does not fire again from the very
 * violations that caused it), and `reinstate` clears the slate for every rung. A longer-window rung
 * (block over 7 days) still counts what earlier, milder actions were taken for: repeated suspensions
 * escalate to a block.
 */
import type { ActionKind } from '../domain/enforcement.js';
import type { LadderAction, LadderRung } from './settings.js';

export interface ScoredViolation {
  readonly id: string;
  readonly at: number;
  readonly weight: number;
}

export interface PastAction {
  readonly kind: ActionKind;
  readonly at: number;
}

export interface LadderInput {
  /** The key's violations, at least those inside the longest window; any order. */
  readonly violations: readonly ScoredViolation[];
  /** The key's actions, at least those inside the longest window; any order. */
  readonly actions: readonly PastAction[];
  readonly ladder: readonly LadderRung[];
  readonly now: number;
}

export interface RungScore {
  readonly rung: LadderRung;
  readonly score: number;
  /** Violations after this instant count (the window start or the last action that consumed them). */
  readonly since: number;
  /** Ids of the violations counted, oldest first. */
  readonly violationIds: readonly string[];
}

export type LadderDecision =
  | { readonly action: null; readonly scores: readonly RungScore[] }
  | {
      readonly action: LadderAction;
      readonly rung: LadderRung;
      readonly score: number;
      /** The end of a suspension; null for warn and block. */
      readonly until: number | null;
      readonly violationIds: readonly string[];
      readonly scores: readonly RungScore[];
    };

const RANK: Readonly<Record<LadderAction, number>> = { warn: 1, suspend: 2, block: 3 };

/** Whether a past action consumed the violations a rung of `action` would count. */
function consumes(past: ActionKind, action: LadderAction): boolean {
  return past === 'reinstate' || RANK[past] >= RANK[action];
}

export function scoreRung(rung: LadderRung, input: Pick<LadderInput, 'violations' | 'actions' | 'now'>): RungScore {
  let since = input.now - rung.windowMs;
  for (const a of input.actions) if (a.at > since && a.at <= input.now && consumes(a.kind, rung.action)) since = a.at;
  const counted = input.violations.filter((v) => v.at > since && v.at <= input.now).sort((a, b) => a.at - b.at);
  // Summed in a fixed order, so the same inputs give the same score to the last bit.
  const score = counted.reduce((sum, v) => sum + v.weight, 0);
  return { rung, score, since, violationIds: counted.map((v) => v.id) };
}

export function decideAction(input: LadderInput): LadderDecision {
  const scores = input.ladder.map((rung) => scoreRung(rung, input));
  let best: RungScore | null = null;
  for (const s of scores) {
    if (s.score >= s.rung.score && s.violationIds.length > 0 && (best === null || RANK[s.rung.action] > RANK[best.rung.action])) best = s;
  }
  if (best === null) return { action: null, scores };
  const { rung } = best;
  return {
    action: rung.action,
    rung,
    score: best.score,
    until: rung.action === 'suspend' && rung.durationMs !== null ? input.now + rung.durationMs : null,
    violationIds: best.violationIds,
    scores,
  };
}
