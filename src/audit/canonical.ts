/**
 * The canonical encoding every audit hash and checkpoint signature is computed over: JSON with object
 * keys sorted by UTF-16 code units, no white space, strings and numbers as ECMAScript's JSON.stringify
 * writes them. For the values audit records hold (strings, finite numbers, booleans, null, arrays,
 * plain objects) this is exactly RFC 8785 (JSON Canonicalization Scheme), so another language can
 * recompute a hash with an off-the-shelf JCS library (ADR 0007).
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * Throws a TypeError for what JSON cannot carry canonically (NaN, Infinity, undefined, functions).
 * A value whose objects are plain and already hold their keys in sorted order — as Cordon's record
 * builders make them — is what `JSON.stringify` writes, and is written by it (native, several times
 * faster); any other value goes through the sorting encoder.
 */
export function canonicalize(value: JsonValue): string {
  return inCanonicalOrder(value) ? JSON.stringify(value) : sortingCanonicalize(value);
}

/** True when `JSON.stringify(value)` is the canonical encoding: plain objects, sorted keys, finite numbers, no undefined. */
function inCanonicalOrder(value: JsonValue): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const item of value as readonly JsonValue[]) if (!inCanonicalOrder(item)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      let previous: string | null = null;
      // for…in on a plain object visits its own keys in the order JSON.stringify writes them.
      for (const key in value) {
        if (previous !== null && !(previous < key)) return false;
        const member = (value as JsonObject)[key];
        if (member === undefined || !inCanonicalOrder(member)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * What the encoder does with `undefined`: `refuse` (audit records: a record must never silently lose a
 * field) throws; `omit` (the policy hash: optional settings left unset) leaves an undefined member out
 * and writes an undefined array item as `null`, as `JSON.stringify` does.
 */
export type UndefinedRule = 'refuse' | 'omit';

/** The general encoder: sorts every object's keys (exported for tests that compare the two paths). */
export function sortingCanonicalize(value: JsonValue, undefinedRule: UndefinedRule = 'refuse'): string {
  return encode(value, undefinedRule);
}

/**
 * The canonical encoding of a value that may hold `undefined` (optional fields): members that are
 * undefined are left out. The policy hash is computed over it (src/policy/hash.ts).
 */
export function canonicalizeOmittingUndefined(value: unknown): string {
  return encode(value, 'omit');
}

function encode(value: unknown, rule: UndefinedRule): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} canonically`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${(value as readonly unknown[]).map((item) => (item === undefined && rule === 'omit' ? 'null' : encode(item, rule))).join(',')}]`;
      return encodeObject(value as Readonly<Record<string, unknown>>, rule);
    default:
      throw new TypeError(`cannot encode a ${typeof value} canonically`);
  }
}

function encodeObject(value: Readonly<Record<string, unknown>>, rule: UndefinedRule): string {
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) {
      if (rule === 'omit') continue;
      throw new TypeError(`cannot encode undefined at "${key}" canonically`);
    }
    out += `${first ? '' : ','}${JSON.stringify(key)}:${encode(member, rule)}`;
    first = false;
  }
  return `${out}}`;
}
