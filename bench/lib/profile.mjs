// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, grouped by file:function.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const where = (url, repo) => {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith('/') ? relative(repo, path) : path;
};

/**
 * Top self-time entries of one profile: [{ fn, file, line, self_pct, self_ms }], plus the same for
 * Cordon's own code only (files under dist/, mapped back to src/*.ts by name) and the total time.
 */
export function summariseProfile(file, { repo, top = 25 } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map(prof.nodes.map((n) => [n.id, 0]));
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], self.get(prof.samples[i]) + (dt[i] ?? 0));
  const totalUs = dt.reduce((a, b) => a + b, 0);
  const idleIds = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const idleUs = [...idleIds].reduce((a, id) => a + self.get(id), 0);
  const busyUs = totalUs - idleUs;
  const byKey = new Map();
  for (const n of prof.nodes) {
    if (idleIds.has(n.id)) continue;
    const us = self.get(n.id);
    if (!us) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const f = where(url, repo);
    const key = `${f}:${functionName || '(anonymous)'}:${lineNumber}`;
    const entry = byKey.get(key) ?? { fn: functionName || '(anonymous)', file: f, line: lineNumber + 1, self_us: 0 };
    entry.self_us += us;
    byKey.set(key, entry);
  }
  const all = [...byKey.values()].sort((a, b) => b.self_us - a.self_us);
  const pct = (e) => ({ ...e, self_pct: +((100 * e.self_us) / busyUs).toFixed(2), self_ms: +(e.self_us / 1000).toFixed(1) });
  const own = all.filter((e) => e.file.startsWith('dist/')).map((e) => ({ ...e, src: e.file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts') }));
  const byFile = new Map();
  for (const e of all) {
    const group = e.file.startsWith('dist/') ? e.file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')
      : e.file.includes('node_modules/') ? `node_modules/${e.file.split('node_modules/').pop().split('/').slice(0, e.file.includes('node_modules/@') ? 2 : 1).join('/')}`
        : e.file.startsWith('node:') ? 'node: (core)' : e.file;
    byFile.set(group, (byFile.get(group) ?? 0) + e.self_us);
  }
  return {
    file, total_ms: +(totalUs / 1000).toFixed(0), busy_ms: +(busyUs / 1000).toFixed(0),
    own_pct: +((100 * own.reduce((a, e) => a + e.self_us, 0)) / busyUs).toFixed(1),
    top: all.slice(0, top).map(pct),
    own: own.slice(0, top).map(pct),
    by_file: [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([f, us]) => ({ file: f, self_pct: +((100 * us) / busyUs).toFixed(2) })),
  };
}

export function profileMarkdown(s) {
  const row = (e) => `| ${e.src ?? e.file}:${e.line} | ${e.fn} | ${e.self_pct.toFixed(1)} % |`;
  return [
    `Profile ${s.file}: ${s.busy_ms} ms busy of ${s.total_ms} ms; Cordon's own code (dist/) is ${s.own_pct} % of busy self time.`,
    '', 'Top self time, Cordon\'s own code:', '', '| file:line | function | self % of busy |', '|---|---|--:|', ...s.own.map(row),
    '', 'Top self time, everything:', '', '| file:line | function | self % of busy |', '|---|---|--:|', ...s.top.map(row),
    '', 'Self time by file / package:', '', '| file or package | self % of busy |', '|---|--:|', ...s.by_file.map((e) => `| ${e.file} | ${e.self_pct.toFixed(1)} % |`),
  ].join('\n');
}
