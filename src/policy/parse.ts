/**
 * From YAML text (or a file) to a validated `PolicyDocument`: YAML syntax, then the zod schema, then
 * the whole-document checks against the preset catalog. Every problem is reported, not just the first.
 */
import { checkDocument } from './document-checks.js';
import { issuesFromZod, unwrap, type Validated } from './issues.js';
import type { PolicyDocument, PresetCatalog } from './model.js';
import { policySchema } from './schema-files.js';
import { policyFromWire } from './wire.js';
import { parseYaml, readYamlFile, type YamlSource } from './yaml-source.js';

export interface ParseOptions {
  /** Named in every issue. */
  readonly file: string;
  readonly presets: PresetCatalog;
}

export function parsePolicy(text: string, options: ParseOptions): Validated<PolicyDocument> {
  const source = parseYaml(text, options.file);
  return source.ok ? validatePolicy(source.value, options) : source;
}

/** Reads and validates a policy file; a missing or unreadable file is an issue too. */
export function readPolicyFile(path: string, presets: PresetCatalog): Validated<PolicyDocument> {
  const source = readYamlFile(path);
  return source.ok ? validatePolicy(source.value, { file: path, presets }) : source;
}

/** Like `readPolicyFile`, but throws a `PolicyValidationError`. */
export function loadPolicyFile(path: string, presets: PresetCatalog): PolicyDocument {
  return unwrap(readPolicyFile(path, presets));
}

function validatePolicy({ data, locate }: YamlSource, { file, presets }: ParseOptions): Validated<PolicyDocument> {
  const parsed = policySchema(presets.countries).safeParse(data);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(file, parsed.error.issues, data, locate) };
  const doc = policyFromWire(parsed.data);
  const issues = checkDocument(doc, presets, file, locate);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: doc };
}
