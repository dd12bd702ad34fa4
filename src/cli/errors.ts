/**
 * The CLI's two kinds of failure, and their exit statuses:
 * - `CliUsageError`: the call itself is wrong (an argument or option value the command cannot use):
 *   exit status 2, as for commander's own usage errors;
 * - `CommandError`: the action could not be done (no such key, a refused change): exit status 1.
 * Anything else that escapes a command (a store that does not open, a bug) is exit status 1 too.
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export function exitCodeOf(err: unknown): 1 | 2 {
  return err instanceof CliUsageError ? 2 : 1;
}
