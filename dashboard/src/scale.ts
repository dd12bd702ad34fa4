/** Stepped colour scales with legends: five classes on a roughly logarithmic scale of counts. */

export const RAMPS = {
  allowed: ['#cfe8f3', '#9ccfe6', '#5fafd3', '#2b84b5', '#145a86'],
  refused: ['#fde2d6', '#f9b69c', '#f0826a', '#d94f3d', '#a8231a'],
} as const;
export const NO_DATA = '#e4e8ee';

export interface LegendItem {
  readonly color: string;
  readonly label: string;
}

export interface SteppedScale {
  color(value: number): string;
  readonly items: readonly LegendItem[];
}

/** Class bounds (lower, inclusive) for counts up to `max`: 1, then geometric steps, rounded to whole numbers. */
export function bounds(max: number, classes: number): number[] {
  if (max <= classes) return Array.from({ length: Math.max(1, max) }, (_, i) => i + 1);
  const out = [1];
  for (let i = 1; i < classes; i++) {
    const b = Math.round(Math.pow(max, i / classes));
    out.push(Math.max(b, (out[out.length - 1] as number) + 1));
  }
  return out;
}

export function steppedScale(max: number, ramp: readonly string[]): SteppedScale {
  const lows = bounds(max, ramp.length);
  // With fewer classes than colours, use the darker end of the ramp so small counts still read.
  const colors = ramp.slice(ramp.length - lows.length);
  const items = lows.map((low, i) => {
    const next = lows[i + 1];
    const label = next === undefined ? (low === max ? `${low}` : `${low}–${max}`) : next - 1 === low ? `${low}` : `${low}–${next - 1}`;
    return { color: colors[i] as string, label };
  });
  return {
    items,
    color(value) {
      if (value <= 0) return NO_DATA;
      let i = 0;
      while (i + 1 < lows.length && value >= (lows[i + 1] as number)) i++;
      return colors[i] as string;
    },
  };
}
