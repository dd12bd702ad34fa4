import type { ZodError } from 'zod';

/** A config problem, always naming the file, the path inside it and what was expected. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    super(`Invalid config ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** `providers.openai.api_key: expected a secret reference "env:NAME"` */
export function describeZodIssues(err: ZodError): string[] {
  return err.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (issue.code === 'invalid_type') return `${path}: expected ${issue.expected}, got ${issue.received}`;
    return `${path}: ${issue.message}`;
  });
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}
