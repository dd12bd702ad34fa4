/**
 * Runs `cordon` commands in process against a config and SQLite file in a temporary directory, with
 * time injected and output captured; `process.exitCode` is read and cleared after each run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { stringify } from 'yaml';
import { auditCommand } from '../../src/cli/commands/audit.js';
import { policyCommand } from '../../src/cli/commands/policy.js';
import { reachCommand } from '../../src/cli/commands/reach.js';
import { usageCommand } from '../../src/cli/commands/usage.js';
import type { EvidenceCliContext } from '../../src/cli/evidence-context.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { TEST_DATA_DIR } from './gateway-fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRunResult {
  readonly out: string;
  readonly err: string;
  readonly exitCode: number;
}

export interface EvidenceHarness {
  readonly dir: string;
  readonly dbPath: string;
  readonly config: Config;
  /** The instant commands see as now. */
  now: number;
  open(): SqliteStore;
  run(...args: string[]): Promise<CliRunResult>;
  /** `run` with `--json`, parsed. */
  json<T = Record<string, unknown>>(...args: string[]): Promise<{ value: T; exitCode: number; err: string }>;
  dispose(): void;
}

export function evidenceHarness(configExtra: Record<string, unknown> = {}, env: Record<string, string> = {}, now = Date.UTC(2026, 11, 15)): EvidenceHarness {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-evidence-'));
  return harnessIn(dir, 'cordon.yaml', configExtra, env, now);
}

/** Another harness on the same folder and SQLite file, with its own config: someone else running `cordon` on the same store. */
export function evidenceHarnessBeside(other: EvidenceHarness, name: string, configExtra: Record<string, unknown> = {}, env: Record<string, string> = {}): EvidenceHarness {
  return harnessIn(other.dir, `${name}.yaml`, configExtra, env, other.now);
}

function harnessIn(dir: string, configName: string, configExtra: Record<string, unknown>, env: Record<string, string>, now: number): EvidenceHarness {
  const dbPath = join(dir, 'cordon.sqlite');
  const file = join(dir, configName);
  writeFileSync(file, stringify({ store: { url: `sqlite:${dbPath}` }, data_dir: TEST_DATA_DIR, ...configExtra }));
  const config = loadConfig({ file, env });
  const h: EvidenceHarness = {
    dir,
    dbPath,
    config,
    now,
    open: () => openSqliteStore({ path: dbPath, clock: { now: () => h.now } }),
    async run(...args) {
      const out = new Capture();
      const err = new Capture();
      const ctx: EvidenceCliContext = { out, err, config: () => config, now: () => h.now, openStore: async () => h.open(), enforcementSettings: () => config.enforcement };
      const program = new Command('cordon').exitOverride();
      for (const c of [auditCommand(ctx), usageCommand(ctx), reachCommand(ctx), policyCommand(ctx)]) {
        for (const sub of [c, ...c.commands]) sub.exitOverride();
        program.addCommand(c);
      }
      process.exitCode = undefined;
      try {
        await program.parseAsync(['node', 'cordon', ...args]);
      } catch (e) {
        if (!(e instanceof CommanderError)) throw e;
        err.text += `usage: ${e.message}\n`;
        process.exitCode = 2;
      }
      const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
      process.exitCode = undefined;
      return { out: out.text, err: err.text, exitCode };
    },
    async json(...args) {
      const r = await h.run(...args, '--json');
      try {
        return { value: JSON.parse(r.out) as never, exitCode: r.exitCode, err: r.err };
      } catch {
        throw new Error(`not JSON (exit ${r.exitCode}): ${r.out}\n${r.err}`);
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  return h;
}
