/** Traffic over time: stacked bars per hour (allowed below, refused on top), an axis and tooltips. */
import { h, svg } from './dom.js';
import { fmtCompact, fmtInt, fmtPercent, fmtTime } from './format.js';
import { RAMPS } from './scale.js';
import { bindTooltip, createTooltip } from './tooltip.js';

export interface TimePoint {
  readonly at: string;
  readonly allowed: number;
  readonly refused: number;
}

const W = 960;
const H = 260;
const M = { top: 12, right: 12, bottom: 28, left: 44 };
export const ALLOWED_COLOR = RAMPS.allowed[3];
export const REFUSED_COLOR = RAMPS.refused[3];

export function timeChart(points: readonly TimePoint[], label: string): HTMLElement {
  const figure = h('figure', { class: 'chart' });
  const tooltip = createTooltip(figure);
  const max = Math.max(1, ...points.map((p) => p.allowed + p.refused));
  const top = niceCeil(max);
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const step = innerW / Math.max(1, points.length);
  const barW = Math.max(1, step * 0.72);
  const y = (v: number) => M.top + innerH - (v / top) * innerH;

  const grid = svg('g', { class: 'grid' });
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }), svg('text', { x: M.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, fmtCompact(v)));
  }
  const bars = svg('g', { class: 'bars' });
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  const axis = svg('g', { class: 'axis' });
  points.forEach((p, i) => {
    const x = M.left + i * step + (step - barW) / 2;
    const g = svg(
      'g',
      { class: 'bar', tabindex: 0, 'data-at': p.at, 'aria-label': `${fmtTime(p.at)}: ${p.allowed} allowed, ${p.refused} refused` },
      svg('rect', { class: 'hit', x: M.left + i * step, y: M.top, width: step, height: innerH, fill: 'transparent' }),
      svg('rect', { x, y: y(p.allowed), width: barW, height: y(0) - y(p.allowed), fill: ALLOWED_COLOR, rx: barW > 6 ? 1.5 : 0 }),
      svg('rect', { x, y: y(p.allowed + p.refused), width: barW, height: y(p.allowed) - y(p.allowed + p.refused), fill: REFUSED_COLOR, rx: barW > 6 ? 1.5 : 0 }),
    );
    bindTooltip(tooltip, g, () => [fmtTime(p.at), `Allowed ${fmtInt(p.allowed)}`, `Refused ${fmtInt(p.refused)} (${fmtPercent(p.refused, p.allowed + p.refused)})`]);
    bars.append(g);
    if (i % labelEvery === 0) axis.append(svg('text', { x: M.left + i * step + step / 2, y: H - 8, 'text-anchor': 'middle' }, tickLabel(p.at, points.length)));
  });
  figure.append(
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': label }, svg('title', {}, label), grid, bars, axis),
  );
  return figure;
}

function tickLabel(iso: string, count: number): string {
  const d = new Date(iso);
  const hour = `${d.toISOString().slice(11, 13)}h`;
  return count <= 48 ? hour : `${d.toISOString().slice(5, 10)}`;
}

/** 1, 2, 5 × 10^n at or above `v`. */
function niceCeil(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
