/**
 * Runs the `cordon` program on this process's arguments: builds the CLI context (config, adapters on
 * demand), dispatches to the one command group the call names, and turns errors into messages and
 * exit codes.
 */
import type { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { buildProgram } from './program.js';
import { CliUsageError } from './errors.js';

async function main(): Promise<void> {
  let program: Command | null = null;
  try {
    program = await buildProgram(process.argv.slice(2), () => program?.opts<{ config?: string }>().config);
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else if (err instanceof CliUsageError) {
      process.stderr.write(`cordon: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`cordon: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exitCode = process.exitCode || 1;
  }
}

await main();
