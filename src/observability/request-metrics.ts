/**
 * A counter and a histogram for the metrics every request touches, served through prom-client's
 * registry like any other metric. prom-client validates and hashes the label set on every `inc` and
 * `observe`, even through a child from `labels()` (about 1 µs each, three per request); here a child
 * is looked up once per label set and then only adds to its numbers. The text a scrape returns is the
 * same as prom-client's own Counter and Histogram give (test/observability/request-metrics.test.ts).
 */
import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string | number>;

/** One sample as prom-client's registry formats it (its own type for this is not exported). */
interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly metricName?: string;
}

/** What `get()` gives the registry: prom-client's metric object, with its type as text as at run time. */
interface MetricSnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly values: Sample[];
  readonly aggregator: 'sum';
}

/** What the registry asks of a metric (prom-client's `Metric` without the parts only its classes use). */
abstract class RegisteredMetric<Child> {
  readonly #children = new Map<string, { labels: Labels; child: Child }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly type: MetricSnapshot['type'],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  protected abstract newChild(): Child;
  protected abstract values(labels: Labels, child: Child): Sample[];

  /** The child for these label values, in `labelNames` order. Label values must not hold U+0000. */
  labels(...values: string[]): Child {
    if (values.length !== this.labelNames.length) throw new TypeError(`${this.name}: expected ${this.labelNames.length} label values, got ${values.length}`);
    const key = values.join('\u0000');
    let entry = this.#children.get(key);
    if (entry === undefined) {
      const labels: Labels = {};
      this.labelNames.forEach((n, i) => (labels[n] = values[i] as string));
      entry = { labels, child: this.newChild() };
      this.#children.set(key, entry);
    }
    return entry.child;
  }

  async get(): Promise<MetricSnapshot> {
    const values: Sample[] = [];
    for (const { labels, child } of this.#children.values()) values.push(...this.values(labels, child));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  reset(): void {
    this.#children.clear();
  }
}

export interface CounterChild {
  inc(by?: number): void;
}

class CounterCell implements CounterChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class RequestCounter extends RegisteredMetric<CounterCell> {
  constructor(options: { name: string; help: string; labelNames: readonly string[]; registry: Registry }) {
    super(options.name, options.help, options.labelNames, 'counter', options.registry);
  }

  protected newChild(): CounterCell {
    return new CounterCell();
  }

  protected values(labels: Labels, cell: CounterCell): Sample[] {
    return [{ labels, value: cell.value }];
  }
}

export interface HistogramChild {
  observe(value: number): void;
}

class HistogramCell implements HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  /** A value that is not a finite number is not counted (prom-client would throw on the request path). */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count += 1;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return;
      }
    }
  }
}

export class RequestHistogram extends RegisteredMetric<HistogramCell> {
  readonly #bounds: readonly number[];

  constructor(options: { name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; registry: Registry }) {
    super(options.name, options.help, options.labelNames, 'histogram', options.registry);
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
  }

  protected newChild(): HistogramCell {
    return new HistogramCell(this.#bounds);
  }

  protected values(labels: Labels, cell: HistogramCell): Sample[] {
    const out: Sample[] = [];
    let cumulative = 0;
    this.#bounds.forEach((le, i) => {
      cumulative += cell.counts[i] as number;
      out.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
    });
    out.push({ labels: { ...labels, le: '+Inf' }, value: cell.count, metricName: `${this.name}_bucket` });
    out.push({ labels, value: cell.sum, metricName: `${this.name}_sum` });
    out.push({ labels, value: cell.count, metricName: `${this.name}_count` });
    return out;
  }
}
