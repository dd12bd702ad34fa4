/**
 * Bulk checks: `cordon check - --json` over a day of log addresses in one process, beside the floor —
 * a bare loop of `maxmind` Reader `.get()` over the same addresses on the same bundled city database —
 * in the same run. Goal: the CLI within 4× of the bare loop.
 *
 *   npx tsx scripts/bench-check.ts [lines=1000000] [--mix zipf|cubic|distinct] [--seed N] [--provider P] [--cli build|src]
 *   npx tsx scripts/bench-check.ts [lines] --write FILE     only write the addresses (to profile the CLI on them)
 *
 * The addresses (seeded, so every run checks the same ones; see `generate`) go to a temporary file.
 * Then: (a) the bare loop, in this process, timed over the addresses in memory: a first pass (cold, as
 * the CLI runs once) and a second (warm JIT and record cache: the lower, harder floor); (b) the CLI as a
 * child process — as shipped, compiled into the temporary directory (`--cli src`: the sources through
 * tsx, which adds its compile time to the start-up) — the file on its standard input and its standard
 * output on /dev/null, with an empty input first (start-up alone: config, store, policy, geo data opened
 * and verified), then the file. CPU
 * time and peak memory of the child come from `process.resourceUsage()` at its exit (a preload module
 * reports them on fd 3). A small sample is checked line by line before timing (one JSON object per
 * address, in order).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open as openMmdb, type CityResponse, type Reader } from 'maxmind';
import { classifyAddress, defaultBundledLocationFiles, normalizeIp } from '../src/origin/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const seed = Number(flag('--seed') ?? 20261206);
const provider = flag('--provider');
const cliFrom = flag('--cli') ?? 'build';
if (cliFrom !== 'build' && cliFrom !== 'src') throw new Error('--cli: build or src');
const writeOnly = flag('--write');
const MIXES = ['zipf', 'cubic', 'distinct'] as const;
type Mix = (typeof MIXES)[number];
const mix = (flag('--mix') ?? 'zipf') as Mix;
if (!MIXES.includes(mix)) throw new Error(`--mix: one of ${MIXES.join(', ')}`);
const lineCount = Number(args[0] ?? 1_000_000);

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** Loaded into the child before the CLI: reports its CPU time and peak memory on fd 3 as it exits. */
const REPORT_USAGE = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeSync(3, JSON.stringify({ user: u.userCPUTime, system: u.systemCPUTime, maxRssKb: u.maxRSS })); });",
)}`;

/** mulberry32: a small seeded PRNG; the same seed gives the same addresses on every machine. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Global unicast /16s where most routed IPv6 lives (ARIN, RIPE, APNIC, LACNIC, AFRINIC blocks). */
const V6_PREFIXES = [0x2001, 0x2400, 0x2401, 0x2402, 0x2403, 0x2404, 0x2405, 0x2406, 0x2407, 0x2408, 0x2409, 0x240e, 0x2600, 0x2601, 0x2602, 0x2603, 0x2604, 0x2605, 0x2606, 0x2607, 0x2610, 0x2620, 0x2800, 0x2801, 0x2803, 0x2804, 0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2a04, 0x2a05, 0x2a06, 0x2a07, 0x2a0a, 0x2a0e, 0x2c0f];

interface CityReaders {
  readonly v4: Reader<CityResponse>;
  readonly v6: Reader<CityResponse>;
}

async function openCity(): Promise<CityReaders> {
  const [v4File, v6File] = defaultBundledLocationFiles() as [string, string];
  return { v4: await openMmdb<CityResponse>(v4File), v6: await openMmdb<CityResponse>(v6File) };
}

/**
 * The clients: 80 % public IPv4 drawn uniformly over the whole space, 17 % IPv6 with random low bits in
 * the routed /16s above, both redrawn until the city database knows them (a log's clients are on routed
 * networks), 1 % public addresses it has no answer for, 2 % private (10/8, 192.168/16, fd00::/8: internal
 * callers that reach a gateway's log). Canonical text, as logs print addresses.
 *
 * How lines pick clients (`--mix`), from a pool of 100,000:
 * - `zipf` (default): the k-th most frequent client makes a share ∝ 1/k of the lines (Zipf, s = 1), the
 *   usual model of who sends a log's requests: the first 1 % of clients make ~62 % of the lines, the
 *   first 20 % ~87 %; 1M lines name ~81,000 distinct addresses.
 * - `cubic`: index = pool × u³, a milder head: the first 1 % make ~22 %, the first 20 % ~58 %; ~99,000
 *   distinct in 1M lines.
 * - `distinct`: a new client on every line, no repeats: the worst case for every cache.
 */
function generate(lines: number, s: number, city: CityReaders, mix: Mix): string[] {
  const rnd = prng(s);
  const byte = (): number => Math.floor(rnd() * 256);
  const hex = (): string => Math.floor(rnd() * 65536).toString(16);
  const known = (ip: string): boolean => (ip.includes(':') ? city.v6 : city.v4).get(ip) !== null;
  const publicV4 = (): string => {
    for (;;) {
      const ip = `${byte()}.${byte()}.${byte()}.${byte()}`;
      if (classifyAddress(ip) === 'public') return ip;
    }
  };
  const publicV6 = (): string => {
    const prefix = (V6_PREFIXES[Math.floor(rnd() * V6_PREFIXES.length)] as number).toString(16);
    return normalizeIp(`${prefix}:${hex()}:${hex()}:${rnd() < 0.5 ? '0' : hex()}:${hex()}:${hex()}:${hex()}:${hex()}`) as string;
  };
  const client = (): string => {
    const kind = rnd();
    for (;;) {
      if (kind < 0.8) {
        const ip = publicV4();
        if (known(ip)) return ip;
      } else if (kind < 0.97) {
        const ip = publicV6();
        if (known(ip)) return ip;
      } else if (kind < 0.98) {
        const ip = rnd() < 0.8 ? publicV4() : publicV6();
        if (!known(ip)) return ip;
      } else {
        return rnd() < 0.5 ? `10.${byte()}.${byte()}.${byte()}` : rnd() < 0.5 ? `192.168.${byte()}.${byte()}` : `fd00::${hex()}:${hex()}`;
      }
    }
  };
  if (mix === 'distinct') return Array.from({ length: lines }, client);
  const pool = Array.from({ length: 100_000 }, client);
  if (mix === 'cubic') return Array.from({ length: lines }, () => pool[Math.floor(pool.length * rnd() ** 3)] as string);
  // Zipf by inverse CDF: the cumulative weights of ranks 1..n, searched with a uniform draw.
  const cdf = new Float64Array(pool.length);
  let sum = 0;
  for (let k = 0; k < pool.length; k++) cdf[k] = sum += 1 / (k + 1);
  return Array.from({ length: lines }, () => {
    const u = rnd() * sum;
    let lo = 0;
    let hi = pool.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return pool[lo] as string;
  });
}

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** The floor: the package's own reader (`maxmind.open`, default cache), one `.get()` per address. */
async function bareLoop(addresses: readonly string[]): Promise<{ openMs: number; passes: Timing[]; found: number }> {
  const started = performance.now();
  const { v4, v6 } = await openCity();
  const openMs = performance.now() - started;
  const passes: Timing[] = [];
  let found = 0;
  for (let pass = 0; pass < 2; pass++) {
    found = 0;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < addresses.length; i++) {
      const ip = addresses[i] as string;
      if ((ip.includes(':') ? v6 : v4).get(ip) !== null) found++;
    }
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(cpu);
    passes.push({ wallMs, cpuMs: (c.user + c.system) / 1000 });
  }
  return { openMs, passes, found };
}

interface CliRun extends Timing {
  readonly status: number | null;
  readonly maxRssMb: number;
  readonly stderr: string;
  readonly stdout: string;
}

/** The CLI in a child process: `input` on stdin; stdout to /dev/null, or kept when `keepOutput`. */
function runCli(dir: string, input: string, cliArgs: readonly string[], keepOutput = false): Promise<CliRun> {
  const main = cliFrom === 'build' ? [join(dir, 'package', 'dist', 'cli', 'main.js')] : ['--import', TSX, join(REPO, 'src', 'cli', 'main.ts')];
  const inFd = openSync(input, 'r');
  const nullFd = openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', REPORT_USAGE, ...main, '--config', join(dir, 'cordon.yaml'), ...cliArgs], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    stdio: [inFd, keepOutput ? 'pipe' : nullFd, 'pipe', 'pipe'],
  });
  closeSync(inFd);
  closeSync(nullFd);
  let stdout = '';
  let stderr = '';
  let usage = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdio[3]?.on('data', (d: Buffer) => (usage += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      const wallMs = performance.now() - started;
      const u = JSON.parse(usage || '{"user":0,"system":0,"maxRssKb":0}') as { user: number; system: number; maxRssKb: number };
      resolve({ status, wallMs, cpuMs: (u.user + u.system) / 1000, maxRssMb: u.maxRssKb / 1024, stderr, stdout });
    });
  });
}

/**
 * The CLI as it ships (`npm run build`), built from this tree into `dir/package`: `dist/` beside links
 * to the tree's `data/`, `node_modules/` and `package.json`, so nothing is written into the tree.
 */
function buildCli(dir: string): void {
  const pkg = join(dir, 'package');
  mkdirSync(pkg);
  for (const name of ['data', 'node_modules', 'package.json']) symlinkSync(join(REPO, name), join(pkg, name));
  const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc: ${tsc.stdout}${tsc.stderr}`);
}

function checkSample(dir: string, sample: readonly string[], run: CliRun): void {
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  if (run.status !== 0 || lines.length !== sample.length) throw new Error(`sample: status ${run.status}, ${lines.length} lines for ${sample.length} addresses; ${run.stderr}`);
  lines.forEach((line, i) => {
    const ip = (JSON.parse(line) as { origin: { ip: string } }).origin.ip;
    if (ip !== sample[i]) throw new Error(`sample line ${i + 1}: ${ip}, expected ${sample[i]} (in ${dir})`);
  });
}

const ms = (t: number): string => `${(t / 1000).toFixed(2)} s`;
const perAddress = (t: number): string => `${((t * 1000) / lineCount).toFixed(2)} µs`;

if (writeOnly !== undefined) {
  writeFileSync(writeOnly, `${generate(lineCount, seed, await openCity(), mix).join('\n')}\n`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-check-'));
try {
  writeFileSync(join(dir, 'cordon.yaml'), `store: { url: "sqlite:${join(dir, 'cordon.sqlite')}" }\ndata_dir: ${JSON.stringify(dir)}\n`);
  const addresses = generate(lineCount, seed, await openCity(), mix);
  const file = join(dir, 'addresses.txt');
  writeFileSync(file, `${addresses.join('\n')}\n`);
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'sample.txt'), `${addresses.slice(0, 2000).join('\n')}\n`);
  const unique = new Set(addresses);
  const v6 = addresses.filter((a) => a.includes(':')).length;
  process.stdout.write(`${lineCount} addresses (mix ${mix}, seed ${seed}): ${unique.size} distinct, ${((v6 / lineCount) * 100).toFixed(1)} % IPv6, ${(readFileSync(file).length / 1e6).toFixed(1)} MB\n`);

  if (cliFrom === 'build') buildCli(dir);
  const cliArgs = ['check', '-', '--json', ...(provider === undefined ? [] : ['--provider', provider])];
  // Builds the ASN index cache under data_dir (once per machine in real use), and checks the output.
  checkSample(dir, addresses.slice(0, 2000), await runCli(dir, join(dir, 'sample.txt'), cliArgs, true));
  const startup = await runCli(dir, join(dir, 'empty.txt'), cliArgs);

  const bare = await bareLoop(addresses);
  const cli = await runCli(dir, file, cliArgs);
  if (cli.status !== 0) throw new Error(`cordon check exited with ${cli.status}: ${cli.stderr}`);
  const floor = bare.passes[1] as Timing;

  const row = (name: string, t: Timing, extra = ''): string => `${name.padEnd(44)} wall ${ms(t.wallMs).padStart(8)}  cpu ${ms(t.cpuMs).padStart(8)}  ${perAddress(t.wallMs).padStart(9)}/address${extra}\n`;
  process.stdout.write(
    row('(a) bare maxmind .get() loop, pass 1', bare.passes[0] as Timing, `  (open ${bare.openMs.toFixed(0)} ms; ${bare.found} found)`) +
      row('(a) bare maxmind .get() loop, pass 2', floor) +
      row(`(b) ${cliArgs.join(' ')}, whole process`, cli, `  (peak RSS ${cli.maxRssMb.toFixed(0)} MB)`) +
      row('    the same, empty input (start-up)', startup, `  (peak RSS ${startup.maxRssMb.toFixed(0)} MB)`) +
      row('    the same, per address (whole − start-up)', { wallMs: cli.wallMs - startup.wallMs, cpuMs: cli.cpuMs - startup.cpuMs }) +
      `ratio (b) ÷ (a) pass 2, wall: whole process ${(cli.wallMs / floor.wallMs).toFixed(2)}×, without start-up ${((cli.wallMs - startup.wallMs) / floor.wallMs).toFixed(2)}×` +
      `; cpu: ${(cli.cpuMs / floor.cpuMs).toFixed(2)}×, ${((cli.cpuMs - startup.cpuMs) / floor.cpuMs).toFixed(2)}× (goal ≤ 4×)\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
