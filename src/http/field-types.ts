/**
 * Type checks of a JSON body's top-level fields, as OpenAI makes them before anything else: a field of
 * the wrong type is a 400 `invalid_type` naming the field (`param`), in OpenAI's own words. Null counts
 * as absent, as OpenAI treats optional parameters. Protocol-neutral: each surface passes its own table.
 */
import { CordonError } from '../errors/index.js';

export type FieldKind = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array';

/** Field name and the kind it must be, checked in this order (the first mismatch is reported). */
export type FieldTable = readonly (readonly [name: string, kind: FieldKind])[];

const EXPECTED: Readonly<Record<FieldKind, string>> = {
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
  number: 'a decimal',
  object: 'an object',
  array: 'an array',
};

/** Throws `caller_invalid_type` for the first field present whose value is not of its kind; allocates nothing otherwise. */
export function checkFieldTypes(body: Readonly<Record<string, unknown>>, table: FieldTable): void {
  for (let i = 0; i < table.length; i++) {
    const [name, kind] = table[i] as FieldTable[number];
    const value = body[name];
    if (value === undefined || value === null || isKind(value, kind)) continue;
    throw new CordonError('caller_invalid_type', { field: name, expected: EXPECTED[kind], got: describe(value) }, { param: name });
  }
}

function isKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
    case 'boolean':
      return typeof value === kind;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
  }
}

/** What was sent instead, as OpenAI words it ("a string", "a decimal number"). */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal number';
    default:
      return 'an object';
  }
}
