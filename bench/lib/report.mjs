// Turns the raw cells into medians, ratios, the three headline figures and a markdown report.

export const BUDGET = { cpuRatio: 2, addedP50Ms: 0.3, sseAddedTtftMs: 1 };
/** The suffix of the streaming rows on Anthropic's Messages API (bench/run.mjs). */
export const MESSAGES_ROW = '/v1/messages';

const median = (values) => {
  const s = values.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (values) => {
  const s = values.filter((x) => x != null && !Number.isNaN(x));
  return s.length ? [Math.min(...s), Math.max(...s)] : null;
};
const ratio = (a, b) => (a != null && b ? a / b : null);
const diff = (a, b) => (a != null && b != null ? a - b : null);
const fmt = (x, digits = 2) => (x == null ? '–' : Number(x).toFixed(digits));
const fmtInt = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));

/** Medians over rounds, per (target, concurrency), with ratios against direct and the reference. */
export function summarise(cells, targetNames, concs, ref) {
  const rows = [];
  for (const conc of concs) {
    for (const target of targetNames) {
      const cs = cells.filter((c) => c.target === target && c.conc === conc && !c.error);
      rows.push({
        target, conc, rounds: cs.length,
        rps: median(cs.map((c) => c.rps)),
        p50_ms: median(cs.map((c) => c.p50_us / 1000)),
        p99_ms: median(cs.map((c) => c.p99_us / 1000)),
        cpu_us_per_req: median(cs.map((c) => c.cpu_us_per_req)),
        mock_cpu_us_per_req: median(cs.map((c) => c.mock_cpu_us_per_req)),
        other_load_pct: median(cs.map((c) => c.other_load_pct)),
        // Memory: the last round's cell (the longest the process has run), its start, end and highest sample.
        rss_start_mb: cs.at(-1)?.rss_start_mb ?? null,
        rss_end_mb: cs.at(-1)?.rss_end_mb ?? null,
        rss_max_mb: cs.length ? Math.max(...cs.map((c) => c.rss_max_mb ?? 0)) : null,
        non2xx: cs.reduce((a, c) => a + (c.non2xx || 0), 0),
        errors: cs.reduce((a, c) => a + c.err_connect + c.err_read + c.err_write + c.err_timeout, 0),
        failed_cells: cells.filter((c) => c.target === target && c.conc === conc && c.error).length,
      });
    }
  }
  for (const row of rows) {
    const direct = rows.find((r) => r.target === 'direct' && r.conc === row.conc);
    const base = rows.find((r) => r.target === ref && r.conc === row.conc);
    row.rps_vs_direct = ratio(row.rps, direct?.rps);
    row.rps_vs_ref = ratio(row.rps, base?.rps);
    row.cpu_vs_ref = ratio(row.cpu_us_per_req, base?.cpu_us_per_req);
    row.added_p50_ms = diff(row.p50_ms, direct?.p50_ms);
    row.added_p99_ms = diff(row.p99_ms, direct?.p99_ms);
  }
  return rows;
}

/** Per-round values of `fn(cell, refCell)` for one target and concurrency (same round, same cell). */
function perRound(cells, target, ref, conc, fn) {
  return cells
    .filter((c) => c.target === target && c.conc === conc && !c.error)
    .map((c) => {
      const r = cells.find((x) => x.target === ref && x.conc === conc && x.round === c.round && !x.error);
      return r ? fn(c, r) : null;
    });
}

/** The three headline figures for one Cordon row (`name`), with per-round ranges and verdicts. */
export function headline(name, { summary, cells, sse, concs, ref }) {
  const row = (t, c) => summary.find((r) => r.target === t && r.conc === c);
  const cpu = concs.map((conc) => ({
    conc,
    ratio: ratio(row(name, conc)?.cpu_us_per_req, row(ref, conc)?.cpu_us_per_req),
    cordon_us: row(name, conc)?.cpu_us_per_req ?? null,
    ref_us: row(ref, conc)?.cpu_us_per_req ?? null,
    range: range(perRound(cells, name, ref, conc, (c, r) => ratio(c.cpu_us_per_req, r.cpu_us_per_req))),
  }));
  const c1 = concs.includes(1) ? 1 : Math.min(...concs);
  const p50 = {
    conc: c1,
    over_direct_ms: row(name, c1)?.added_p50_ms ?? null,
    over_ref_ms: diff(row(name, c1)?.p50_ms, row(ref, c1)?.p50_ms),
    ref_over_direct_ms: row(ref, c1)?.added_p50_ms ?? null,
    range_over_direct: range(perRound(cells, name, 'direct', c1, (c, r) => (c.p50_us - r.p50_us) / 1000)),
  };
  const s = sse.find((x) => x.target === name);
  const d = sse.find((x) => x.target === 'direct');
  const m = sse.find((x) => x.target === ref);
  const ssePart = s
    ? {
      added_ttft_ms: diff(s.c1?.ttft_p50_ms, d?.c1?.ttft_p50_ms),
      added_ttft_over_ref_ms: diff(s.c1?.ttft_p50_ms, m?.c1?.ttft_p50_ms),
      failed: (s.c1?.streams_failed ?? 0) + (s.cN?.streams_failed ?? 0) + (s.c1?.error || s.cN?.error ? 1 : 0),
      streams_per_s: s.cN?.streams_per_s ?? null,
    }
    : null;
  // The Messages streams against the mock's own Messages streams: the same budget as OpenAI's.
  const sm = sse.find((x) => x.target === `${name} ${MESSAGES_ROW}`);
  const dm = sse.find((x) => x.target === `direct ${MESSAGES_ROW}`);
  const messagesPart = sm
    ? { added_ttft_ms: diff(sm.c1?.ttft_p50_ms, dm?.c1?.ttft_p50_ms), failed: (sm.c1?.streams_failed ?? 0) + (sm.cN?.streams_failed ?? 0) + (sm.c1?.error || sm.cN?.error ? 1 : 0) }
    : null;
  const cpuOk = cpu.every((x) => x.ratio != null && x.ratio <= BUDGET.cpuRatio);
  return {
    target: name, ref, cpu, p50, sse: ssePart, messages: messagesPart,
    verdict: {
      cpu: cpu.some((x) => x.ratio == null) ? 'n/a' : cpuOk ? 'PASS' : 'MISS',
      p50: p50.over_direct_ms == null ? 'n/a' : p50.over_direct_ms <= BUDGET.addedP50Ms ? 'PASS' : 'MISS',
      sse: !ssePart || ssePart.added_ttft_ms == null ? 'n/a' : ssePart.added_ttft_ms <= BUDGET.sseAddedTtftMs && ssePart.failed === 0 ? 'PASS' : 'MISS',
      messages: !messagesPart || messagesPart.added_ttft_ms == null ? 'n/a' : messagesPart.added_ttft_ms <= BUDGET.sseAddedTtftMs && messagesPart.failed === 0 ? 'PASS' : 'MISS',
    },
  };
}

const rangeText = (r, digits = 2, unit = '') => (r ? ` [rounds ${fmt(r[0], digits)}–${fmt(r[1], digits)}${unit}]` : '');

export function headlineMarkdown(h) {
  const lines = [`**${h.target}** (reference: ${h.ref})`, ''];
  const cpu = h.cpu.map((x) => `c=${x.conc}: **${fmt(x.ratio)}×** (${fmt(x.cordon_us, 0)} vs ${fmt(x.ref_us, 0)} µs)${rangeText(x.range)}`).join('; ');
  lines.push(`1. CPU per request ÷ ${h.ref}'s (budget ≤ ${BUDGET.cpuRatio}×): ${cpu} → **${h.verdict.cpu}**`);
  lines.push(`2. Added p50 at c=${h.p50.conc} over direct (budget ≤ ${BUDGET.addedP50Ms} ms): **${fmt(h.p50.over_direct_ms, 3)} ms**${rangeText(h.p50.range_over_direct, 3, ' ms')}` +
    ` → **${h.verdict.p50}**; over ${h.ref}: **${fmt(h.p50.over_ref_ms, 3)} ms** (${h.ref} itself adds ${fmt(h.p50.ref_over_direct_ms, 3)} ms)`);
  if (h.sse) {
    lines.push(`3. SSE added TTFT at c=1 over direct (budget ≤ ${BUDGET.sseAddedTtftMs} ms): **${fmt(h.sse.added_ttft_ms, 3)} ms** (over ${h.ref}: ${fmt(h.sse.added_ttft_over_ref_ms, 3)} ms);` +
      ` failed streams: **${h.sse.failed}** (must be 0) → **${h.verdict.sse}**`);
  } else {
    lines.push('3. SSE: not measured (SSE=0)');
  }
  if (h.messages) {
    lines.push(`4. ${MESSAGES_ROW} SSE added TTFT at c=1 over direct ${MESSAGES_ROW} (budget ≤ ${BUDGET.sseAddedTtftMs} ms): **${fmt(h.messages.added_ttft_ms, 3)} ms**;` +
      ` failed streams: **${h.messages.failed}** (must be 0) → **${h.verdict.messages}**`);
  }
  return lines.join('\n');
}

export function markdown({ meta, checks, skipped, summary, sse, headlines, ref }) {
  const out = [];
  out.push(`Run ${meta.started} · node ${meta.node} · ${meta.nproc} CPU (${meta.cpu}) · ${meta.netns ? 'private netns' : 'host network (127.0.0.1)'}` +
    ` · pin ${meta.pin ? `wrk/SSE client CPU ${meta.pin.load}, targets CPU ${meta.pin.target}, mock CPU ${meta.pin.mock}` : 'off'}` +
    ` · ${meta.rounds} rounds × ${meta.duration_s} s per cell, rotating order, medians · cordon ${meta.git} · load avg ${meta.loadavg_start.join(' ')} → ${meta.loadavg_end.join(' ')}`);
  out.push('');
  out.push(`| target | conc | RPS | RPS/direct | RPS/${ref} | p50 ms | p99 ms | +p50 ms | +p99 ms | CPU µs/req | CPU/${ref} | RSS MB (start → end, max) | non-2xx, errors | other load % |`);
  out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of summary) {
    out.push(`| ${r.target} | ${r.conc} | ${fmtInt(r.rps)} | ${fmt(r.rps_vs_direct)} | ${fmt(r.rps_vs_ref)} | ${fmt(r.p50_ms, 3)} | ${fmt(r.p99_ms, 3)} | ${fmt(r.added_p50_ms, 3)} | ${fmt(r.added_p99_ms, 3)} | ${fmt(r.cpu_us_per_req, 0)} | ${fmt(r.cpu_vs_ref)} | ${fmt(r.rss_start_mb, 0)} → ${fmt(r.rss_end_mb, 0)}, ${fmt(r.rss_max_mb, 0)} | ${r.non2xx}, ${r.errors + r.failed_cells} | ${fmt(r.other_load_pct, 0)} |`);
  }
  out.push('', '+p50/+p99: added over direct at the same concurrency. CPU: user+system time of the target process (and its children) per request. RSS: resident memory of the target (and its children), sampled every second through the last round\'s cell.' +
    ' Other load: share of the target CPU used by other processes during the cell (noise; ideally 0).');
  if (sse.length) {
    const direct = sse.find((x) => x.target === 'direct');
    out.push('');
    out.push(`SSE (mock: ${meta.sse.chunks} chunks ${meta.sse.interval_ms} ms apart): c=1 for ${meta.sse.count} streams; c=${meta.sse.conc} for ${meta.sse.seconds} s`);
    out.push('');
    out.push(`| target | c=1 TTFT p50 ms | +TTFT ms | c=1 TTFT p99 ms | c=1 total p50 ms | c=${meta.sse.conc} streams/s | c=${meta.sse.conc} TTFT p99 ms | worst gap p99 ms | worst gap max ms | failed |`);
    out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const s of sse) {
      // A Messages row is measured against the mock's own Messages streams.
      const d = s.target.endsWith(MESSAGES_ROW) ? sse.find((x) => x.target === `direct ${MESSAGES_ROW}`) : direct;
      const error = s.c1?.error || s.cN?.error;
      const failed = error ? `error: ${error.slice(0, 60)}` : `${s.c1?.streams_failed ?? '?'} + ${s.cN?.streams_failed ?? '?'}`;
      out.push(`| ${s.target} | ${fmt(s.c1?.ttft_p50_ms, 3)} | ${fmt(diff(s.c1?.ttft_p50_ms, d?.c1?.ttft_p50_ms), 3)} | ${fmt(s.c1?.ttft_p99_ms, 3)} | ${fmt(s.c1?.total_p50_ms)} | ${fmt(s.cN?.streams_per_s, 1)} | ${fmt(s.cN?.ttft_p99_ms)} | ${fmt(s.cN?.max_gap_p99_ms)} | ${fmt(s.cN?.max_gap_max_ms)} | ${failed} |`);
    }
  }
  out.push('');
  out.push('Checks: ' + Object.entries(checks).map(([name, c]) => `${name} ${c.pass ? 'ok' : `FAILED ${JSON.stringify(c)}`}`).join(' · '));
  for (const s of skipped) out.push(`Skipped ${s.name}: ${s.why}`);
  if (headlines.length) out.push('', '### Headline figures');
  for (const h of headlines) out.push('', headlineMarkdown(h));
  return `${out.join('\n')}\n`;
}
