/**
 * `cordon migrate`: applies pending schema steps to the configured store (SQLite file or PostgreSQL
 * schema) and prints the version it is at. Every open migrates too; running this once before starting
 * several instances of a new version makes the upgrade a step of its own (docs/scale-out.md).
 */
import { Command } from 'commander';
import { migrateStore } from '../../store/index.js';
import type { CliIo } from '../context.js';
import { runAction, writeJson } from '../output.js';

export interface MigrateCliContext extends CliIo {
  storeUrl(): string;
  now(): number;
}

export function migrateCommand(ctx: MigrateCliContext): Command {
  return new Command('migrate')
    .description('Apply pending schema migrations to the configured store and print its schema version.')
    .option('--json', 'print one JSON object')
    .configureOutput({ writeOut: (text) => void ctx.out.write(text), writeErr: (text) => void ctx.err.write(text) })
    .action((options: { json?: boolean }) =>
      runAction(ctx, async () => {
        const report = await migrateStore(ctx.storeUrl(), { clock: { now: ctx.now } });
        if (options.json === true) {
          writeJson(ctx, { backend: report.backend, location: report.location, from: report.from, version: report.to, applied: report.to - report.from });
          return;
        }
        ctx.out.write(
          report.from === report.to
            ? `${report.location}: schema version ${report.to}, nothing to apply\n`
            : `${report.location}: schema version ${report.to} (applied ${report.from + 1}–${report.to})\n`,
        );
      }),
    );
}
