/**
 * Validation problems in policy files: each names the file, the path inside it
 * (`layers.operator.rules[2].match.country[0]`), the line when known, and what was expected.
 */
import type { ZodIssue } from 'zod';
import { show } from './schema-rule.js';

export interface PolicyIssue {
  /** The file at fault; null when the problem is not in a file (e.g. provider wiring). */
  readonly file: string | null;
  /** Dotted path with `[i]` for list items; `''` for the whole document. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  /** Lower case, no final period: what was expected and what was found. */
  readonly message: string;
}

export type PathSegment = string | number;

/** Finds the line and column of a path in the source file, when there is one. */
export type Locator = (path: readonly PathSegment[]) => { line: number; column: number } | null;

/** A successful value or the problems that prevented it. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

export class PolicyValidationError extends Error {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'PolicyValidationError';
    this.issues = issues;
  }
}

/** Unwraps a validated value or throws a `PolicyValidationError` with its issues. */
export function unwrap<T>(result: Validated<T>): T {
  if (!result.ok) throw new PolicyValidationError(result.issues);
  return result.value;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file:line:column: path: message`, leaving out what is unknown. */
export function formatIssue(issue: PolicyIssue): string {
  let where = issue.file ?? '';
  if (issue.file !== null && issue.line !== null) where += `:${issue.line}:${issue.column ?? 1}`;
  const parts = [where, issue.path, issue.message].filter((p) => p !== '');
  return parts.join(': ');
}

export function makeIssue(file: string | null, path: readonly PathSegment[], message: string, locate?: Locator): PolicyIssue {
  const pos = locate?.(path) ?? null;
  return { file, path: formatPath(path), line: pos?.line ?? null, column: pos?.column ?? null, message };
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return show(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
};

/** `string` → `a string`; an enum's `'allow' | 'deny'` → `one of allow, deny`. */
function typeName(expected: string): string {
  if (expected.includes(' | ')) return `one of ${expected.replace(/'/g, '').split(' | ').join(', ')}`;
  return TYPE_NAMES[expected] ?? expected;
}

/** One zod issue, in words; an unknown-keys issue becomes one issue per key. */
function fromZodIssue(issue: ZodIssue, data: unknown): { path: PathSegment[]; message: string }[] {
  const path = issue.path;
  const got = describe(valueAt(data, path));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key ${show(key)} (expected one of: ${issue.message})` }));
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (issue.received === 'undefined') return [{ path, message: `missing (expected ${expected})` }];
      return [{ path, message: `expected ${expected}, got ${got}` }];
    }
    case 'invalid_enum_value':
      return [{ path, message: `expected one of ${issue.options.map((o) => String(o)).join(', ')}, got ${got}` }];
    case 'invalid_literal':
      return [{ path, message: `expected ${show(issue.expected)}, got ${got}` }];
    case 'too_small':
      if (issue.type === 'array') return [{ path, message: `expected at least ${String(issue.minimum)} item(s), got an empty list` }];
      if (issue.type === 'string') return [{ path, message: 'expected a non-empty string' }];
      return [{ path, message: `expected at least ${String(issue.minimum)}, got ${got}` }];
    case 'invalid_string':
      return [{ path, message: `${issue.message}, got ${got}` }];
    case 'not_multiple_of':
    case 'too_big':
      return [{ path, message: `${issue.message.toLowerCase()}, got ${got}` }];
    default:
      return [{ path, message: issue.message === 'Expected integer, received float' ? `expected a whole number, got ${got}` : issue.message }];
  }
}

export function issuesFromZod(file: string | null, issues: readonly ZodIssue[], data: unknown, locate?: Locator): PolicyIssue[] {
  return issues.flatMap((i) => fromZodIssue(i, data).map((m) => makeIssue(file, m.path, m.message, locate)));
}
