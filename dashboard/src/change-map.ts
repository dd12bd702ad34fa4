/** Maps of change: places a policy opens (green) and closes (red), with counts when there are some. */
import { countryName, subdivisionInfo } from './countries.js';
import { fmtInt } from './format.js';
import { NO_DATA, steppedScale } from './scale.js';
import type { MapMarker, MapSpec } from './world-map.js';

export const OPEN_RAMP = ['#d8f1de', '#a7dfb4', '#6cc485', '#35a05a', '#17733b'];
export const CLOSE_RAMP = ['#fde2d6', '#f9b69c', '#f0826a', '#d94f3d', '#a8231a'];

export interface PlaceCount {
  readonly opened: number;
  readonly closed: number;
  /** Extra tooltip lines (rules, revenue). */
  readonly notes?: readonly string[];
}

/** `counted`: values are request counts (a scale); otherwise each place simply flips (one colour each). */
export function changeSpec(label: string, countries: ReadonlyMap<string, PlaceCount>, subdivisions: ReadonlyMap<string, PlaceCount>, counted: boolean): MapSpec {
  const values = [...countries.values()];
  const open = steppedScale(counted ? Math.max(0, ...values.map((v) => v.opened)) : 1, OPEN_RAMP);
  const close = steppedScale(counted ? Math.max(0, ...values.map((v) => v.closed)) : 1, CLOSE_RAMP);
  const markers: MapMarker[] = [];
  for (const [code, c] of subdivisions) {
    const info = subdivisionInfo(code);
    if (info.at === null) continue;
    markers.push({ id: code, at: info.at, label: info.name, color: c.opened > 0 ? (OPEN_RAMP[4] as string) : (CLOSE_RAMP[4] as string), tooltip: lines(c, counted) });
  }
  return {
    label,
    countries: [...countries.keys()],
    markers,
    legend: counted
      ? [{ title: 'Opened', items: open.items }, { title: 'Closed', items: close.items }, { title: '', items: [{ color: NO_DATA, label: 'No change' }] }]
      : [{ title: '', items: [{ color: OPEN_RAMP[3] as string, label: 'Opens (refused → allowed)' }, { color: CLOSE_RAMP[3] as string, label: 'Closes (allowed → refused)' }, { color: NO_DATA, label: 'No change' }] }],
    style(cc) {
      const c = countries.get(cc);
      if (c === undefined || (c.opened === 0 && c.closed === 0)) return null;
      if (c.opened >= c.closed) return { fill: counted ? open.color(c.opened) : (OPEN_RAMP[3] as string), state: 'opened' };
      return { fill: counted ? close.color(c.closed) : (CLOSE_RAMP[3] as string), state: 'closed' };
    },
    tooltip(cc) {
      const c = countries.get(cc);
      return c === undefined ? null : lines(c, counted);
    },
  };
}

function lines(c: PlaceCount, counted: boolean): string[] {
  const out: string[] = [];
  if (counted) {
    if (c.opened > 0) out.push(`Opened ${fmtInt(c.opened)}`);
    if (c.closed > 0) out.push(`Closed ${fmtInt(c.closed)}`);
  }
  return [...out, ...(c.notes ?? [])];
}

export function placeName(place: string): string {
  return /^[A-Z]{2}$/.test(place) ? `${countryName(place)} (${place})` : /^[A-Z]{2}-/.test(place) ? `${subdivisionInfo(place).name} (${place})` : place;
}
