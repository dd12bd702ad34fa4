/**
 * The world map: Natural Earth 1:110m borders (world-atlas TopoJSON) projected once with d3-geo into
 * SVG paths. A page gives a `MapSpec` (fill and tooltip per country, markers, legend); the map draws
 * it, with hover and keyboard tooltips. Countries too small for 1:110m (Hong Kong, Macao, Singapore…)
 * get a dot when they have data.
 */
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { alpha2Of, countryName, countryPoint } from './countries.js';
import { h, svg } from './dom.js';
import { NO_DATA, type LegendItem } from './scale.js';
import { bindTooltip, createTooltip } from './tooltip.js';

const WIDTH = 960;

interface Shape {
  readonly cc: string | null;
  readonly name: string;
  readonly d: string;
}

export interface World {
  /** The projected map's height for a width of 960 (the world without Antarctica is about 2:1). */
  readonly height: number;
  readonly shapes: readonly Shape[];
  readonly drawn: ReadonlySet<string>;
  project(point: readonly [number, number]): [number, number] | null;
}

let world: Promise<World> | null = null;

export function loadWorld(): Promise<World> {
  world ??= fetch('countries-110m.json')
    .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>)
    .then(buildWorld);
  return world;
}

function buildWorld(topology: Topology<{ countries: GeometryCollection<{ name: string }> }>): World {
  const all = feature(topology, topology.objects.countries).features.filter((f) => f.id !== '010'); // no Antarctica
  const collection = { type: 'FeatureCollection' as const, features: all };
  const projection = geoNaturalEarth1().fitWidth(WIDTH - 8, collection);
  const path = geoPath(projection);
  const [[, top], [, bottom]] = path.bounds(collection);
  projection.translate([projection.translate()[0] + 4, projection.translate()[1] - top + 4]);
  const shapes = all.map((f) => ({ cc: alpha2Of(f.id, f.properties.name), name: f.properties.name, d: path(f) ?? '' }));
  return {
    height: Math.ceil(bottom - top + 8),
    shapes,
    drawn: new Set(shapes.flatMap((s) => (s.cc === null ? [] : [s.cc]))),
    project: (p) => projection([p[0], p[1]]),
  };
}

export interface CountryStyle {
  readonly fill: string;
  /** Written to `data-state` (tests and CSS read it), e.g. `refused`, `allowed`, `none`. */
  readonly state: string;
}

export interface MapMarker {
  readonly at: readonly [number, number];
  readonly label: string;
  readonly color: string;
  readonly tooltip: readonly string[];
  /** Written to `data-marker`. */
  readonly id: string;
}

export interface MapSpec {
  /** For screen readers: what the map shows. */
  readonly label: string;
  readonly style: (cc: string) => CountryStyle | null;
  /** Tooltip lines after the country's name; null when there is nothing to say. */
  readonly tooltip: (cc: string) => readonly string[] | null;
  /** Countries with data: the ones too small to draw get a dot. */
  readonly countries: readonly string[];
  readonly markers?: readonly MapMarker[];
  readonly legend: ReadonlyArray<{ readonly title: string; readonly items: readonly LegendItem[] }>;
}

export function worldMap(w: World, spec: MapSpec): HTMLElement {
  const figure = h('figure', { class: 'map' });
  const tooltip = createTooltip(figure);
  const countries = svg('g', { class: 'countries' });
  for (const shape of w.shapes) {
    const style = shape.cc === null ? null : spec.style(shape.cc);
    const name = shape.cc === null ? shape.name : countryName(shape.cc);
    const lines = shape.cc === null ? null : spec.tooltip(shape.cc);
    const path = svg('path', {
      d: shape.d,
      fill: style?.fill ?? NO_DATA,
      'data-country': shape.cc ?? undefined,
      'data-state': style?.state ?? 'none',
      tabindex: lines === null ? undefined : 0,
      'aria-label': lines === null ? undefined : `${name}: ${lines.join(', ')}`,
    });
    bindTooltip(tooltip, path, () => [name, ...(lines ?? ['No requests'])]);
    countries.append(path);
  }
  const dots = svg('g', { class: 'dots' });
  for (const cc of spec.countries) {
    if (w.drawn.has(cc)) continue;
    const point = countryPoint(cc);
    const xy = point === null ? null : w.project(point);
    const style = spec.style(cc);
    if (xy === null || style === null) continue;
    const lines = spec.tooltip(cc) ?? [];
    const dot = svg('circle', { cx: xy[0], cy: xy[1], r: 4.5, fill: style.fill, 'data-country': cc, 'data-state': style.state, tabindex: 0, 'aria-label': `${countryName(cc)}: ${lines.join(', ')}` });
    bindTooltip(tooltip, dot, () => [countryName(cc), ...lines]);
    dots.append(dot);
  }
  const markers = svg('g', { class: 'markers' });
  for (const m of spec.markers ?? []) {
    const xy = w.project(m.at);
    if (xy === null) continue;
    const g = svg(
      'g',
      { class: 'marker', 'data-marker': m.id, tabindex: 0, 'aria-label': `${m.label}: ${m.tooltip.join(', ')}` },
      svg('circle', { cx: xy[0], cy: xy[1], r: 9, fill: m.color, 'fill-opacity': 0.25 }),
      svg('circle', { cx: xy[0], cy: xy[1], r: 4, fill: m.color, stroke: '#fff', 'stroke-width': 1.5 }),
      svg('text', { x: xy[0] + 12, y: xy[1] + 4 }, m.label),
    );
    bindTooltip(tooltip, g, () => [m.label, ...m.tooltip]);
    markers.append(g);
  }
  const map = svg('svg', { viewBox: `0 0 ${WIDTH} ${w.height}`, role: 'group', 'aria-label': spec.label, preserveAspectRatio: 'xMidYMid meet' }, svg('title', {}, spec.label), countries, dots, markers);
  figure.append(map, legend(spec.legend));
  return figure;
}

function legend(groups: MapSpec['legend']): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    groups.map((g) => h('div', { class: 'legend-group' }, h('span', { class: 'legend-title' }, g.title), h('ul', {}, g.items.map((item) => h('li', {}, swatch(item.color), item.label))))),
  );
}

export function swatch(color: string): SVGSVGElement {
  return svg('svg', { class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, rx: 3, fill: color }));
}
