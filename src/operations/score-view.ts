/** The JSON view of a key's ladder scores, as `cordon accounts show --json` and the admin API print it. */
import { formatDuration, type RungScore } from '../enforcement/index.js';
import type { TimeText } from './views.js';

/** A key's score on each rung of its tenant's ladder. */
export function scoresView(scores: readonly RungScore[], time: TimeText) {
  return scores.map((s) => ({ action: s.rung.action, score: roundScore(s.score), threshold: s.rung.score, window: formatDuration(s.rung.windowMs), since: time(s.since), violations: s.violationIds.length }));
}

/** Scores and weights to two decimals, as people read them. */
export function roundScore(n: number): number {
  return Math.round(n * 100) / 100;
}
