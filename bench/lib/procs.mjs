// Processes: every one started here is tracked by PID and stopped by stopAll() (also on Ctrl-C),
// plus the CPU time a process and its direct children used, from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { options } from './options.mjs';

const started = [];
let stopping = false;
/** After an interrupt nothing new starts: a command's promise never settles while the process exits. */
const never = () => new Promise(() => {});
const alive = (p) => p.exitCode === null && p.signalCode === null;
/** The bench's environment plus `extra`; a null value removes a variable. */
const childEnv = (extra) => Object.fromEntries(Object.entries({ ...process.env, ...extra }).filter(([, v]) => v != null));

/** Starts a long-running process (pinned to `cpu` when pinning), its output to `logDir/name.log`. */
export function startProcess(name, argv, { env = {}, cpu = options.sutCpu, logDir, cwd } = {}) {
  if (stopping) throw new Error('interrupted');
  const full = options.pin ? ['taskset', '-c', cpu, ...argv] : argv;
  const log = openSync(join(logDir, `${name.replace(/[^\w.+-]/g, '_')}.log`), 'w');
  const child = spawn(full[0], full.slice(1), { cwd, env: childEnv(env), stdio: ['ignore', log, log] });
  closeSync(log);
  started.push(child);
  return child;
}

/** Runs a command to completion and collects its output (async, so Ctrl-C is handled meanwhile). */
export function runCommand(argv, { env = {}, cpu = null, timeoutMs = 120_000, cwd } = {}) {
  if (stopping) return never();
  const full = options.pin && cpu !== null ? ['taskset', '-c', cpu, ...argv] : argv;
  return new Promise((resolve) => {
    const child = spawn(full[0], full.slice(1), { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status: -1, stdout, stderr: String(err.message) });
    });
  });
}

/** SIGTERM to every process still running, SIGKILL to those left after `graceMs`. */
export async function stopAll(graceMs = 8000) {
  for (const p of started) if (alive(p)) p.kill('SIGTERM');
  const t0 = Date.now();
  while (started.some(alive) && Date.now() - t0 < graceMs) await sleep(100);
  for (const p of started) if (alive(p)) p.kill('SIGKILL');
}

/** Stops everything on Ctrl-C / SIGTERM, then runs `cleanup` and exits 130. */
export function stopOnSignal(cleanup) {
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    console.error('\n[bench] interrupted: stopping every process started');
    await stopAll();
    await cleanup();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }; // utime + stime, all threads
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) used so far by `pid` and its direct children (nginx workers). */
export function cpuSeconds(pid) {
  let ticks = readStat(pid)?.ticks ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = readStat(entry);
    if (s && s.ppid === pid) ticks += s.ticks;
  }
  return ticks / CLK_TCK;
}

/** Resident memory of `pid` and its direct children (nginx workers), in MB, from /proc/<pid>/status. */
export function rssMb(pid) {
  const of = (p) => {
    try {
      const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let mb = of(pid);
  for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry) && readStat(entry)?.ppid === pid) mb += of(entry);
  return mb;
}

/**
 * Seconds of user + system time CPU `cpu` ran anything, and seconds elapsed on it, from /proc/stat:
 * with the target's and mock's own time taken out, what is left is other work on the target's CPU.
 */
export function cpuLoad(cpu) {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${cpu} `));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number); // user nice system idle iowait irq softirq steal
  return { busy: (f[0] + f[1] + f[2]) / CLK_TCK, total: f.slice(0, 8).reduce((a, b) => a + b, 0) / CLK_TCK };
}
