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

/** Throws a TypeError for what JSON cannot carry canonically (NaN, Infinity, undefined, functions). */
export function canonicalize(value: JsonValue): string {
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
      if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalize).join(',')}]`;
      return canonicalObject(value as JsonObject);
    default:
      throw new TypeError(`cannot encode a ${typeof value} canonically`);
  }
}

function canonicalObject(value: JsonObject): string {
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = value[key];
    if (member === undefined) throw new TypeError(`cannot encode undefined at "${key}" canonically`);
    out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalize(member)}`;
  }
  return `${out}}`;
}
