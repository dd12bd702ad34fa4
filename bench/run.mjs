#!/usr/bin/env node
// `npm run bench`: what Cordon adds, side by side in one run, against the mock upstream itself, a bare
// Node proxy (the floor for any Node gateway), the same with a geo deny, and nginx (the native floor).
// Method, options and how to read the figures: docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { CORDON_MAIN, REPO } from './lib/cordon.mjs';
import { sse, wrk } from './lib/load.mjs';
import { options } from './lib/options.mjs';
import { compareMarkdown, profileMarkdown, summariseRun } from './lib/profile.mjs';
import { cpuLoad, cpuSeconds, rssMb, stopAll, stopOnSignal } from './lib/procs.mjs';
import { MESSAGES_ROW, headline, markdown, summarise } from './lib/report.mjs';
import { check, startTargets } from './lib/targets.mjs';
import { decisionService } from './lib/decision-service.mjs';

const log = (msg) => console.error(`[bench] ${msg}`);

// ---------- a private network namespace (only loopback) when root ----------
function reexecInNetns() {
  if (process.env.IN_NETNS === '1' || process.env.NO_NETNS === '1') return false;
  if (process.getuid?.() !== 0) {
    log('not root: running on the host network; every server binds 127.0.0.1 only');
    return false;
  }
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) {
    log('unshare -n is not permitted here: running on the host network; every server binds 127.0.0.1 only');
    return false;
  }
  const child = spawn('unshare', ['-n', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, IN_NETNS: '1' } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
  return true;
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true })) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  return newest;
}

function gitDescribe() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', 'src'], { cwd: REPO, encoding: 'utf8' }).stdout?.trim();
  return dirty ? `${head} + uncommitted src/ changes` : head;
}

function versionOf(cmd, args, stream = 'stdout') {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return (r[stream] || r.stdout || r.stderr || '').split('\n')[0].trim() || null;
}

async function main() {
  if (process.env.IN_NETNS === '1') spawnSync('ip', ['link', 'set', 'lo', 'up']);
  if (!options.hasWrk) throw new Error('wrk is not installed (apt-get install -y wrk); see docs/benchmarks.md');
  try {
    if (newestMtime(join(REPO, 'src')) > newestMtime(join(REPO, 'dist'))) log('warning: src/ is newer than dist/; run "npm run build" to bench the current code');
  } catch {
    throw new Error(`${CORDON_MAIN} is missing: run "npm run build" first`);
  }

  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const outDir = join(REPO, 'bench', 'results', stamp);
  const logDir = join(outDir, 'logs');
  const profDir = options.prof ? join(outDir, 'prof') : null;
  mkdirSync(logDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'cordon-bench-'));
  const cleanup = async () => {
    if (!options.keepTmp) rmSync(tmp, { recursive: true, force: true });
  };
  stopOnSignal(cleanup);

  const meta = {
    started: started.toISOString(), node: process.version, nproc: cpus().length, cpu: cpus()[0]?.model,
    netns: process.env.IN_NETNS === '1', git: gitDescribe(),
    pin: options.pin ? { load: options.loadCpu, target: options.sutCpu, mock: options.mockCpu } : false,
    duration_s: options.duration, rounds: options.rounds, warmup_s: options.warmup, concs: options.concs,
    sse: { chunks: options.sseChunks, interval_ms: options.sseIntervalMs, count: options.sseCount, conc: options.sseConc, seconds: options.sseSeconds },
    versions: { nginx: options.hasNginx ? versionOf('nginx', ['-v'], 'stderr') : null, wrk: versionOf('wrk', ['-v']) },
    loadavg_start: loadavg().map((x) => +x.toFixed(2)),
    profiled: options.prof,
  };
  for (const pkg of ['undici', 'maxmind']) meta.versions[pkg] = JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;

  if (meta.loadavg_start[0] > 0.5) log(`note: load average ${meta.loadavg_start[0]} before starting: other work is running, figures will be noisier (see "other load %")`);
  try {
    log(`starting targets (temp folder ${tmp})`);
    const { mock, targets, skipped } = await startTargets({ tmp, logDir, profDir });
    for (const s of skipped) log(`skipped ${s.name}: ${s.why}`);

    const checks = {};
    for (const t of targets) {
      checks[t.name] = await check(t);
      log(`check ${t.name}: ${JSON.stringify(checks[t.name])}`);
    }
    const live = targets.filter((t) => checks[t.name].pass);
    if (live.length < targets.length) log(`failed checks: ${targets.filter((t) => !live.includes(t)).map((t) => t.name).join(', ')} (left out; see ${logDir})`);

    log(`JIT warm-up: ${options.warmup} s of wrk at c=16 and 1 s of streams per target`);
    for (const t of live) {
      await wrk(t, 16, options.warmup);
      if (options.sse) await sse(t, { conc: 8, seconds: 1 });
    }

    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    meta.measure_window_us = [nowUs(), null]; // the wrk rounds: what CPU profiles are cut to
    const cells = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const conc of options.concs) {
        const order = live.map((_, i) => live[(i + round) % live.length]); // rotate the order every round
        for (const t of order) {
          const load0 = options.pin ? cpuLoad(options.sutCpu) : null;
          const cpu0 = cpuSeconds(t.pid);
          const mock0 = t.proc === mock ? 0 : cpuSeconds(mock.pid);
          const side0 = t.sidecar ? cpuSeconds(t.sidecar.pid) : 0;
          // Resident memory through the cell, sampled every second: its start, end and highest value.
          const rss = [rssMb(t.pid)];
          const sampler = setInterval(() => rss.push(rssMb(t.pid)), 1000);
          const w = await wrk(t, conc, options.duration);
          clearInterval(sampler);
          rss.push(rssMb(t.pid));
          const cpu1 = cpuSeconds(t.pid);
          const side1 = t.sidecar ? cpuSeconds(t.sidecar.pid) : 0;
          const mock1 = t.proc === mock ? 0 : cpuSeconds(mock.pid);
          const load1 = options.pin ? cpuLoad(options.sutCpu) : null;
          const ok = (w.requests ?? 0) - (w.non2xx ?? 0);
          // Share of the target CPU used by anything but the target and the mock: other work on the machine.
          const other = load0 && load1 && options.mockCpu === options.sutCpu
            ? Math.max(0, (load1.busy - load0.busy - (cpu1 - cpu0) - (mock1 - mock0)) / (load1.total - load0.total)) : null;
          const cell = {
            target: t.name, conc, round, ...w,
            cpu_us_per_req: ok > 0 ? ((cpu1 - cpu0) * 1e6) / ok : null,
            mock_cpu_us_per_req: ok > 0 && t.proc !== mock ? ((mock1 - mock0) * 1e6) / ok : null,
            sidecar_cpu_us_per_req: ok > 0 && t.sidecar ? ((side1 - side0) * 1e6) / ok : null,
            other_load_pct: other === null ? null : 100 * other,
            rss_start_mb: rss[0], rss_end_mb: rss.at(-1), rss_max_mb: Math.max(...rss),
          };
          cells.push(cell);
          log(`r${round} c${String(conc).padEnd(3)} ${t.name.padEnd(24)} ${w.error ? `ERROR ${w.error}`
            : `${w.rps.toFixed(0).padStart(6)} rps  p50 ${(w.p50_us / 1000).toFixed(3)} ms  p99 ${(w.p99_us / 1000).toFixed(3)} ms  non2xx ${w.non2xx}  cpu ${cell.cpu_us_per_req?.toFixed(0)} µs/req  RSS ${cell.rss_start_mb.toFixed(0)}→${cell.rss_end_mb.toFixed(0)} (max ${cell.rss_max_mb.toFixed(0)}) MB  other load ${cell.other_load_pct?.toFixed(0) ?? '–'} %`}`);
        }
      }
    }

    meta.measure_window_us[1] = nowUs();

    const sseResults = [];
    if (options.sse) {
      for (const t of live) {
        const c1 = await sse(t, { conc: 1, count: options.sseCount });
        const cN = await sse(t, { conc: options.sseConc, seconds: options.sseSeconds });
        sseResults.push({ target: t.name, c1, cN });
        log(`sse ${t.name}: c=1 ${JSON.stringify(c1)} | c=${options.sseConc} ${JSON.stringify(cN)}`);
      }
      // The same streams on Anthropic's Messages API, rows beside the OpenAI ones (`<target> /v1/messages`).
      for (const t of live.filter((x) => options.messagesSse && (x.kind === 'cordon' || x.kind === 'mock'))) {
        const c1 = await sse(t, { conc: 1, count: options.sseCount, messages: true });
        const cN = await sse(t, { conc: options.sseConc, seconds: options.sseSeconds, messages: true });
        sseResults.push({ target: `${t.name} ${MESSAGES_ROW}`, c1, cN });
        log(`sse ${t.name} ${MESSAGES_ROW}: c=1 ${JSON.stringify(c1)} | c=${options.sseConc} ${JSON.stringify(cN)}`);
      }
    }

    await stopAll();
    meta.loadavg_end = loadavg().map((x) => +x.toFixed(2));
    const names = live.map((t) => t.name);
    const summary = summarise(cells, names, options.concs, options.ref);
    const headlines = live.filter((t) => t.kind === 'cordon').map((t) =>
      headline(t.name, { summary, cells, sse: sseResults, concs: options.concs, ref: options.ref }));
    let md = markdown({ meta, checks, skipped, summary, sse: sseResults, headlines, ref: options.ref });
    const decision = decisionService(summary, cells, options.concs);
    if (decision) md += `\n${decision}\n`;

    const profiles = profDir ? summariseRun(profDir, { repo: REPO, window: meta.measure_window_us, cells }) : [];
    if (profiles.length) {
      md += '\n### CPU profiles of the wrk rounds (PROF=1: the figures above are skewed by the profiler)\n\n';
      md += `${compareMarkdown(profiles)}\n\n${profiles.map((p) => profileMarkdown(p)).join('\n\n')}\n`;
    }

    writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify({ meta, checks, skipped, summary, sse: sseResults, headlines, profiles, cells }, null, 1)}\n`);
    writeFileSync(join(outDir, 'summary.md'), md);
    console.log(md);
    log(`results: ${join(outDir, 'summary.md')} and bench.json`);
    if (Object.values(checks).some((c) => !c.pass)) process.exitCode = 1;
  } finally {
    await stopAll();
    await cleanup();
  }
}

if (!reexecInNetns()) {
  main().catch((err) => {
    console.error(`[bench] ${err.message}`);
    process.exitCode = 1;
  });
}
