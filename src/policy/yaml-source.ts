/**
 * Reads YAML text into plain data plus a locator that finds the line of any path, so validation
 * issues can point at the line. YAML 1.2 core schema: `2026-01-01` and `NO` stay strings.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { makeIssue, type Locator, type PathSegment, type Validated } from './issues.js';

export interface YamlSource {
  readonly data: unknown;
  readonly locate: Locator;
}

export function parseYaml(text: string, file: string | null): Validated<YamlSource> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const message = e.message.split('\n')[0] ?? e.message;
        return { file, path: '', line: pos.line, column: pos.col, message: `invalid YAML: ${message.replace(/ at line \d+, column \d+:?$/, '')}` };
      }),
    };
  }
  const locate: Locator = (path: readonly PathSegment[]) => {
    // The deepest node on the path that exists: a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return null;
  };
  return { ok: true, value: { data: doc.toJS({ maxAliasCount: 100 }) as unknown, locate } };
}

/** Reads and parses a YAML file; a file that cannot be read is an issue, not an exception. */
export function readYamlFile(path: string, shownAs: string = path): Validated<YamlSource> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`;
    return { ok: false, issues: [makeIssue(shownAs, [], message)] };
  }
  return parseYaml(text, shownAs);
}
