// Summarises V8 .cpuprofile files (node --cpu-prof): self time per function and per file/package, in %
// of busy time and, given the number of requests served meanwhile, in µs per request.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const maps = new Map();
/** The TypeScript location of a compiled dist/ function, from its .js.map; null without one. */
function original(repo, file, line0, col0) {
  const mapFile = join(repo, `${file}.map`);
  if (!maps.has(mapFile)) maps.set(mapFile, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  const entry = maps.get(mapFile)?.findEntry(line0, Math.max(0, col0));
  if (!entry?.originalSource) return null;
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(mapFile), entry.originalSource);
  return `${relative(repo, source)}:${entry.originalLine + 1}`;
}

function location(url, repo) {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith('/') ? relative(repo, path) : path;
}

/** What a function is counted under in the per-file table: a src/ file, a package, node core or native. */
function group(e) {
  if (e.file.startsWith('dist/')) return (e.src ?? e.file).replace(/:\d+$/, '');
  if (e.file.includes('node_modules/')) {
    const parts = e.file.split('node_modules/').pop().split('/');
    return `npm: ${parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  if (e.file.startsWith('node:')) return 'node core (JS)';
  if (e.file === '(native)') return `native: ${e.fn}`;
  return e.file;
}

/**
 * Summary of one profile. `window` ([from, to] in µs of process.hrtime, the same monotonic clock as
 * the profile's) keeps only the measured phase; `requests` served in it gives the µs/request figures.
 */
export function summariseProfile(file, { repo, top = 25, window = null, requests = null, label = null } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map(prof.nodes.map((n) => [n.id, 0]));
  const dt = prof.timeDeltas;
  const [from, to] = window ?? [-Infinity, Infinity];
  let t = prof.startTime;
  let totalUs = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    t += dt[i];
    const us = dt[i + 1] ?? 0; // a sample stands for the time until the next one
    if (t < from || t > to) continue;
    self.set(prof.samples[i], self.get(prof.samples[i]) + us);
    totalUs += us;
  }
  const byKey = new Map();
  let idleUs = 0;
  for (const n of prof.nodes) {
    const us = self.get(n.id);
    if (!us) continue;
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const f = location(url, repo);
    const key = `${f}:${functionName}:${lineNumber}`;
    const src = f.startsWith('dist/') ? original(repo, f, lineNumber, columnNumber) : null;
    const entry = byKey.get(key) ?? { fn: functionName || '(anonymous)', file: f, line: lineNumber + 1, src, self_us: 0 };
    entry.self_us += us;
    byKey.set(key, entry);
  }
  const busyUs = totalUs - idleUs;
  const figures = (us) => ({ self_pct: +((100 * us) / busyUs).toFixed(2), us_per_req: requests ? +(us / requests).toFixed(2) : null });
  const all = [...byKey.values()].sort((a, b) => b.self_us - a.self_us).map((e) => ({ ...e, ...figures(e.self_us) }));
  const own = all.filter((e) => e.file.startsWith('dist/'));
  const groups = new Map();
  for (const e of all) groups.set(group(e), (groups.get(group(e)) ?? 0) + e.self_us);
  return {
    label: label ?? file, file, window, requests,
    total_ms: +(totalUs / 1000).toFixed(0), busy_ms: +(busyUs / 1000).toFixed(0),
    busy_us_per_req: requests ? +(busyUs / requests).toFixed(1) : null,
    own: { ...figures(own.reduce((a, e) => a + e.self_us, 0)), top: own.slice(0, top) },
    top: all.slice(0, top),
    by_group: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ...figures(us) })),
  };
}

const perReq = (x) => (x == null ? '–' : x.toFixed(1));

export function profileMarkdown(s, top = 15) {
  const row = (e) => `| ${e.src ?? (e.file === '(native)' ? e.file : `${e.file}:${e.line}`)} | ${e.fn} | ${e.self_pct.toFixed(1)} % | ${perReq(e.us_per_req)} |`;
  const head = ['| file:line | function | self % of busy | µs/req |', '|---|---|--:|--:|'];
  return [
    `**${s.label}**: ${s.busy_ms} ms busy of ${s.total_ms} ms${s.window ? ' (measured rounds only)' : ''}` +
      `${s.requests ? `, ${s.requests} requests, ${perReq(s.busy_us_per_req)} µs busy per request` : ''}; Cordon's own code (src/) ${s.own.self_pct.toFixed(1)} %${s.requests ? ` = ${perReq(s.own.us_per_req)} µs/req` : ''}.`,
    '', 'Top self time in Cordon\'s own code:', '', ...head, ...s.own.top.slice(0, top).map(row),
    '', 'Top self time overall:', '', ...head, ...s.top.slice(0, top).map(row),
  ].join('\n');
}

/** Side by side per file / package / native function, in µs per request (or % without request counts). */
export function compareMarkdown(summaries, top = 25) {
  const names = [];
  for (const s of summaries) for (const g of s.by_group) if (!names.includes(g.name)) names.push(g.name);
  const value = (s, name) => {
    const g = s.by_group.find((x) => x.name === name);
    if (!g) return '–';
    return s.requests ? g.us_per_req.toFixed(1) : `${g.self_pct.toFixed(1)} %`;
  };
  const lead = summaries[summaries.length - 1];
  names.sort((a, b) => (lead.by_group.find((g) => g.name === b)?.self_pct ?? 0) - (lead.by_group.find((g) => g.name === a)?.self_pct ?? 0));
  return [
    `| self time by file / package (µs per request) | ${summaries.map((s) => s.label).join(' | ')} |`,
    `|---|${summaries.map(() => '--:').join('|')}|`,
    ...names.slice(0, top).map((n) => `| ${n} | ${summaries.map((s) => value(s, n)).join(' | ')} |`),
    `| **busy total** | ${summaries.map((s) => (s.requests ? perReq(s.busy_us_per_req) : `${s.busy_ms} ms`)).join(' | ')} |`,
  ].join('\n');
}

/**
 * Every profile of a run: `profDir/<target>/*.cpuprofile`, min-proxy rows first. `cells` (the run's
 * wrk cells) give the requests each target served inside `window`.
 */
export function summariseRun(profDir, { repo, window = null, cells = [], top = 25 }) {
  const requestsOf = (name) => cells.filter((c) => c.target === name && !c.error).reduce((a, c) => a + c.requests, 0) || null;
  const dirs = readdirSync(profDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  dirs.sort((a, b) => Number(b.startsWith('min-proxy')) - Number(a.startsWith('min-proxy')) || a.localeCompare(b));
  return dirs.flatMap((name) => readdirSync(join(profDir, name))
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(profDir, name, f), { repo, top, window, label: name, requests: window ? requestsOf(name) : null })));
}
