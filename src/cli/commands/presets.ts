/**
 * `cordon presets`: every bundled preset with its source, the day it was read, the instant its newest
 * version is in force from, how many places it names, and its versions (docs/policy.md, "Presets").
 */
import { Command } from 'commander';
import { listPresets, loadPresetCatalog, type PresetEntryCount, type PresetSummary } from '../../policy/index.js';
import type { CliIo } from '../context.js';
import { runAction, table, writeJson } from '../output.js';

export function presetsCommand(io: CliIo): Command {
  return new Command('presets')
    .description('List the bundled presets (provider terms and law) with source, read date, in-force date, entry counts and versions.')
    .option('--json', 'print a JSON array, one object per preset')
    .addHelpText('after', '\nA preset keeps every version of its list; a request is judged by the version in force at its time (docs/adr/0010).\n')
    .action((options: { readonly json?: boolean }) =>
      runAction(io, async () => {
        const presets = listPresets(loadPresetCatalog());
        if (options.json === true) writeJson(io, presets);
        else io.out.write(presetsText(presets));
      }),
    );
}

function entries(e: PresetEntryCount): string {
  return [`${e.countries} countries`, e.subdivisions > 0 ? `${e.subdivisions} subdivisions` : '', e.asns > 0 ? `${e.asns} ASNs` : ''].filter((s) => s !== '').join(', ');
}

function presetsText(presets: readonly PresetSummary[]): string {
  const rows = presets.map((p) => [p.name, p.kind, p.in_force_from, p.read_on, String(p.versions.length), entries(p.entries), p.source]);
  return table(['PRESET', 'KIND', 'IN FORCE FROM', 'READ', 'VERSIONS', 'ENTRIES', 'SOURCE'], rows);
}
