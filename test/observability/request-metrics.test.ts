import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { RequestCounter, RequestHistogram } from '../../src/observability/request-metrics.js';

/** The exposition as a set of lines, so the order of label pairs inside braces does not matter. */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/\{([^}]*)\}/, (_m, inner: string) => `{${inner.split(',').sort().join(',')}}`))
    .sort();
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const OBSERVED = [0, 0.005, 0.0051, 0.02, 0.1, 0.3, 1, 1.5, 7, 0.049999];

test('the request counter scrapes exactly as prom-client Counter does, child by child', async () => {
  const ours = new Registry();
  const theirs = new Registry();
  const mine = new RequestCounter({ name: 'reqs_total', help: 'Requests', labelNames: ['endpoint', 'country'], registry: ours });
  const ref = new Counter({ name: 'reqs_total', help: 'Requests', labelNames: ['endpoint', 'country'], registers: [theirs] });
  const calls: Array<[string, string, number]> = [['/chat', 'GB', 1], ['/chat', 'GB', 1], ['/embed', 'unknown', 3], ['/chat', 'DE', 2]];
  for (const [e, c, by] of calls) {
    mine.labels(e, c).inc(by);
    ref.labels(e, c).inc(by);
  }
  assert.deepEqual(samples(await ours.metrics()), samples(await theirs.metrics()));
  assert.match(await ours.metrics(), /reqs_total\{endpoint="\/chat",country="GB"\} 2/);
});

test('the request histogram scrapes exactly as prom-client Histogram does: cumulative buckets, +Inf, sum, count', async () => {
  const ours = new Registry();
  const theirs = new Registry();
  const mine = new RequestHistogram({ name: 'lat_seconds', help: 'Latency', labelNames: ['provider'], buckets: BUCKETS, registry: ours });
  const ref = new Histogram({ name: 'lat_seconds', help: 'Latency', labelNames: ['provider'], buckets: BUCKETS, registers: [theirs] });
  for (const [i, v] of OBSERVED.entries()) {
    const provider = i % 3 === 0 ? 'openai' : 'deepseek';
    mine.labels(provider).observe(v);
    ref.labels(provider).observe(v);
  }
  assert.deepEqual(samples(await ours.metrics()), samples(await theirs.metrics()));
  const text = await ours.metrics();
  assert.match(text, /lat_seconds_bucket\{provider="openai",le="0.005"\} 1/); // 0 only; a value on a bound counts in it
  assert.match(text, /lat_seconds_count\{provider="deepseek"\} 6/);
});

test('an unlabelled histogram, a bad value and reset', async () => {
  const registry = new Registry();
  const added = new RequestHistogram({ name: 'added_seconds', help: 'Added', labelNames: [], buckets: [0.001, 0.01], registry }).labels();
  added.observe(0.0005);
  added.observe(Number.NaN); // not counted, not thrown on the request path
  added.observe(0.5);
  const text = await registry.metrics();
  assert.match(text, /^added_seconds_bucket\{le="0.001"\} 1$/m);
  assert.match(text, /^added_seconds_bucket\{le="\+Inf"\} 2$/m);
  assert.match(text, /^added_seconds_sum 0.5005$/m);
  assert.match(text, /^added_seconds_count 2$/m);
  assert.match(text, /# TYPE added_seconds histogram/);
  registry.resetMetrics();
  assert.doesNotMatch(await registry.metrics(), /added_seconds_count/);
});

test('the wrong number of label values is a programming error', () => {
  const counter = new RequestCounter({ name: 'x_total', help: 'x', labelNames: ['a', 'b'], registry: new Registry() });
  assert.throws(() => counter.labels('only-one'), /expected 2 label values, got 1/);
});
