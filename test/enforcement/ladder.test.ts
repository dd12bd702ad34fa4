/** The ladder as a table: (violations, past actions, now) → action. Pure; no store, no clock. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAction, type LadderRung, type PastAction, type ScoredViolation } from '../../src/enforcement/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 1, 12);

const LADDER: readonly LadderRung[] = [
  { action: 'warn', score: 3, windowMs: HOUR, durationMs: null },
  { action: 'suspend', score: 10, windowMs: HOUR, durationMs: HOUR },
  { action: 'block', score: 40, windowMs: 7 * DAY, durationMs: null },
];

/** `[weight, minutes ago]` pairs. */
function v(...items: Array<[number, number]>): ScoredViolation[] {
  return items.map(([weight, ago], i) => ({ id: `vio_${i}`, weight, at: NOW - ago * MIN }));
}
const a = (kind: PastAction['kind'], ago: number): PastAction => ({ kind, at: NOW - ago * MIN });

interface Case {
  readonly name: string;
  readonly violations: ScoredViolation[];
  readonly actions?: PastAction[];
  readonly want: 'warn' | 'suspend' | 'block' | null;
  readonly score?: number;
  readonly counted?: number;
}

const CASES: readonly Case[] = [
  { name: 'no violations: nothing', violations: [], want: null },
  { name: 'below the warn threshold', violations: v([1, 5], [1, 1]), want: null },
  { name: 'warn threshold reached exactly', violations: v([1, 30], [1, 10], [1, 0]), want: 'warn', score: 3, counted: 3 },
  { name: 'violations older than the window do not count', violations: v([5, 61], [1, 0]), want: null },
  { name: 'suspend beats warn', violations: v([10, 0]), want: 'suspend', score: 10 },
  { name: 'many small weights add up to a suspension', violations: v([2, 50], [2, 40], [2, 30], [2, 20], [2, 0]), want: 'suspend', score: 10, counted: 5 },
  { name: 'block over seven days beats suspend', violations: v([20, 3 * 24 * 60], [20, 0]), want: 'block', score: 40 },
  { name: 'a warn already taken consumes its violations for warn', violations: v([3, 20]), actions: [a('warn', 10)], want: null },
  { name: 'new violations after a warn can warn again', violations: v([3, 20], [3, 5]), actions: [a('warn', 10)], want: 'warn', score: 3, counted: 1 },
  { name: 'a warn does not consume violations for suspend', violations: v([5, 20], [5, 5]), actions: [a('warn', 10)], want: 'suspend', score: 10, counted: 2 },
  { name: 'an ended suspension does not fire again from the same violations', violations: v([10, 59]), actions: [a('suspend', 59)], want: null },
  { name: 'suspensions escalate: block counts what earlier suspensions were for', violations: v([12, 3 * 24 * 60], [12, 2 * 24 * 60], [12, 24 * 60], [12, 0]), actions: [a('suspend', 3 * 24 * 60), a('suspend', 2 * 24 * 60), a('suspend', 24 * 60)], want: 'block', score: 48, counted: 4 },
  { name: 'reinstate clears the slate for every rung', violations: v([20, 3 * 24 * 60], [20, 30], [1, 0]), actions: [a('reinstate', 10)], want: null },
  { name: 'after a reinstatement new violations count again', violations: v([20, 30], [3, 0]), actions: [a('reinstate', 10)], want: 'warn', score: 3, counted: 1 },
  { name: 'zero-weight violations never act', violations: v([0, 0], [0, 1]), want: null },
  { name: 'violations in the future of now are ignored', violations: [{ id: 'x', weight: 50, at: NOW + MIN }], want: null },
];

describe('ladder', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const d = decideAction({ violations: c.violations, actions: c.actions ?? [], ladder: LADDER, now: NOW });
      assert.equal(d.action, c.want);
      if (d.action !== null) {
        if (c.score !== undefined) assert.equal(d.score, c.score);
        if (c.counted !== undefined) assert.equal(d.violationIds.length, c.counted);
        assert.equal(d.until, d.action === 'suspend' ? NOW + HOUR : null);
      }
      assert.equal(d.scores.length, LADDER.length, 'every rung is scored, for the evidence');
    });
  }

  test('an empty ladder never acts', () => {
    assert.equal(decideAction({ violations: v([100, 0]), actions: [], ladder: [], now: NOW }).action, null);
  });

  test('the result does not depend on the order of its inputs', () => {
    const violations = v([1.1, 50], [2.2, 40], [3.3, 30], [0.1, 20], [4.4, 0]);
    const forward = decideAction({ violations, actions: [], ladder: LADDER, now: NOW });
    const backward = decideAction({ violations: [...violations].reverse(), actions: [], ladder: LADDER, now: NOW });
    assert.deepEqual(backward, forward);
    assert.deepEqual(forward.action === null ? [] : forward.violationIds, ['vio_0', 'vio_1', 'vio_2', 'vio_3', 'vio_4'], 'oldest first');
  });
});
