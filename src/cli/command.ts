/**
 * A `cordon` command or command group: its output and errors go to the context's streams (so tests
 * and embedding callers see them), and a usage error prints the help after it. Set before sub-commands
 * are added: `.command()` copies these settings into each of them.
 */
import { Command } from 'commander';
import type { CliIo } from './context.js';

export function cliCommand(name: string, description: string, io: CliIo): Command {
  return new Command(name)
    .description(description)
    .configureOutput({ writeOut: (text) => void io.out.write(text), writeErr: (text) => void io.err.write(text) })
    .showHelpAfterError();
}
