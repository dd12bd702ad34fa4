/**
 * Resolves `origin:` into OriginConfig. The anonymizer lists moved there from `enforcement.lists`
 * (ADR 0012): the old key is still read, with a deprecation warning; both at once is an error, as the
 * two could disagree.
 */
import { resolve } from 'node:path';
import type { ListSettings } from '../origin/lists/index.js';
import { listsSchema, type ListsFile } from './origin-schema.js';
import type { ConfigFile } from './schema.js';
import type { OriginConfig } from './types.js';

export const DEPRECATED_LISTS_KEY = 'enforcement.lists is deprecated: the anonymizer lists are origin facts, so move the section to origin.lists (same keys). Until then it is read as origin.lists.';

export function resolveOrigin(doc: ConfigFile, base: string, problems: string[], warnings: string[]): OriginConfig {
  const current = doc.origin.lists;
  const deprecated = doc.enforcement.lists;
  if (current !== undefined && deprecated !== undefined) problems.push('origin.lists and enforcement.lists are both set: keep origin.lists and remove enforcement.lists (its old place)');
  else if (deprecated !== undefined) warnings.push(DEPRECATED_LISTS_KEY);
  return { lists: resolveLists(current ?? deprecated ?? listsSchema.parse({}), base) };
}

function resolveLists(doc: ListsFile, base: string): ListSettings {
  return {
    torExits: doc.tor_exits === null ? null : resolve(base, doc.tor_exits),
    cidr: doc.cidr.map((e) => ({ file: resolve(base, e.file), flag: e.flag })),
    asn: doc.asn.map((e) => ({ file: e.file === 'bundled' ? 'bundled' : resolve(base, e.file), flag: e.flag })),
    watch: doc.watch,
  };
}
