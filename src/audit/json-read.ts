/** Typed reads of record data (JSON), failing with the path that did not fit. */
import type { JsonValue, JsonObject } from './canonical.js';

export interface JsonReader {
  obj(v: JsonValue | undefined, path: string): JsonObject;
  arr(v: JsonValue | undefined, path: string): readonly JsonValue[];
  str(v: JsonValue | undefined, path: string): string;
  strOrNull(v: JsonValue | undefined, path: string): string | null;
  num(v: JsonValue | undefined, path: string): number;
  numOrNull(v: JsonValue | undefined, path: string): number | null;
  bool(v: JsonValue | undefined, path: string): boolean;
}

export function reader(what: string): JsonReader {
  const fail = (path: string, expected: string): never => {
    throw new TypeError(`${what}: ${path} is not ${expected}`);
  };
  const str = (v: JsonValue | undefined, path: string): string => (typeof v === 'string' ? v : fail(path, 'a string'));
  const num = (v: JsonValue | undefined, path: string): number => (typeof v === 'number' ? v : fail(path, 'a number'));
  return {
    obj: (v, path) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : fail(path, 'an object')),
    arr: (v, path) => (Array.isArray(v) ? (v as readonly JsonValue[]) : fail(path, 'an array')),
    str,
    strOrNull: (v, path) => (v === null || v === undefined ? null : str(v, path)),
    num,
    numOrNull: (v, path) => (v === null || v === undefined ? null : num(v, path)),
    bool: (v, path) => (typeof v === 'boolean' ? v : fail(path, 'a boolean')),
  };
}
