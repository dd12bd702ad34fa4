/**
 * `cordon data status|update` (docs/data.md): the provenance of every datum in use, and an update of
 * the sources in `updates.sources` now. An update that fails keeps the data in use and exits 1.
 */
import { Command } from 'commander';
import { openData, type DataHandle } from '../../app/data.js';
import { policyContext } from '../../app/policy-context.js';
import { unknownSources, type DataSourceStatus } from '../../data-updates/index.js';
import { silentLogger } from '../../observability/logger.js';
import { join } from 'node:path';
import type { FullCliContext } from '../create-context.js';
import { CliUsageError, CommandError } from '../errors.js';
import { openOriginForCommand } from '../open-origin.js';

function days(seconds: number | null): string {
  return seconds === null ? '-' : `${(seconds / 86_400).toFixed(seconds < 864_000 ? 1 : 0)}d`;
}

function describeRow(r: DataSourceStatus): string {
  const flag = r.stale ? 'STALE' : 'ok';
  const lines = [
    `${r.name.padEnd(18)} ${flag.padEnd(5)} built ${r.built?.slice(0, 10) ?? '-'} (${days(r.age_seconds)} old${r.max_age_days === null ? '' : `, max ${r.max_age_days}d`})  ${r.managed ? 'updated' : 'not updated'}`,
    `  origin   ${r.origin}`,
    ...(r.file === null ? [] : [`  file     ${r.file}`]),
    `  sha256   ${r.sha256 ?? '-'}`,
    `  checked  ${r.checked ?? '-'}   changed ${r.changed ?? '-'}`,
    ...(r.last_error === null ? [] : [`  error    ${r.last_error}`]),
  ];
  return lines.join('\n');
}

export function dataCommand(ctx: FullCliContext): Command {
  const data = new Command('data').description('where the geolocation data, lists and presets come from, and keeping them current');
  async function withData<T>(run: (handle: DataHandle) => Promise<T>): Promise<T> {
    const config = ctx.config();
    const origin = await openOriginForCommand(ctx.err, config);
    try {
      const handle = await openData(config, origin, silentLogger, { background: false, presets: policyContext(config).presets });
      try {
        return await run(handle);
      } finally {
        await handle.close();
      }
    } finally {
      await origin.close();
    }
  }
  data
    .command('status')
    .description('each data source: origin, build date, file hash, last check and change, staleness')
    .option('--json', 'print JSON: an array, one object per source')
    .option('--version <id>', 'which files a data-version id (a decision record\'s data_version) stood for')
    .action(async (opts: { json?: boolean; version?: string }) => {
      await withData(async (handle) => {
        if (opts.version !== undefined) {
          const entries = await handle.explain(opts.version);
          if (entries.length === 0) throw new CommandError(`no data version ${opts.version} in ${join(ctx.config().dataDir, 'data-state', 'versions.jsonl')}`);
          ctx.out.write(`${JSON.stringify(opts.json ? entries : entries[0], null, opts.json ? undefined : 2)}\n`);
          return;
        }
        const snapshot = handle.snapshot();
        if (opts.json) {
          ctx.out.write(`${JSON.stringify(snapshot.rows)}\n`);
          return;
        }
        ctx.out.write(`data version ${snapshot.version}\n${snapshot.rows.map(describeRow).join('\n')}\n`);
      });
    });
  data
    .command('update')
    .description('update the sources of updates.sources now (all, or the ones named); the data in use is kept when one fails')
    .argument('[names...]', 'source names (updates.sources[].name)')
    .option('--json', 'print JSON: an array, one result per source')
    .action(async (names: string[], opts: { json?: boolean }) => {
      const config = ctx.config();
      if (config.updates.sources.length === 0) throw new CliUsageError('no data sources to update: add updates.sources to the config (docs/data.md)');
      const unknown = unknownSources(config.updates, names);
      if (unknown.length > 0) throw new CliUsageError(`unknown source ${unknown.join(', ')}; known: ${config.updates.sources.map((s) => s.name).join(', ')}`);
      await withData(async (handle) => {
        const results = await handle.update(names);
        if (opts.json) ctx.out.write(`${JSON.stringify(results.map((r) => ({ ...r.record, kind: r.kind, outcome: r.outcome, result: r.detail })))}\n`);
        else for (const r of results) ctx.out.write(`${r.name.padEnd(18)} ${r.outcome.padEnd(9)} ${r.detail}\n`);
        const failed = results.filter((r) => r.outcome === 'failed');
        if (failed.length > 0) process.exitCode = 1;
      });
    });
  return data;
}
