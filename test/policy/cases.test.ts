/**
 * Runs every policy test table under test/policy/cases through `runCaseFile`, the code path of
 * `cordon policy test`. Each case is its own test, named after the table and the case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, loadPresetCatalog, runCaseFile } from '../../src/policy/index.js';

const dir = join('test', 'policy', 'cases');
const presets = loadPresetCatalog();
// Every table fixes its own time; `now` only matters for a case that forgot to.
const now = Date.parse('2026-06-01T00:00:00Z');
const tables = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

test('there are case tables to run', () => {
  assert.ok(tables.length >= 6, `found ${tables.length}`);
});

for (const table of tables) {
  const file = join(dir, table);
  describe(table, () => {
    const run = runCaseFile(file, { presets, now });
    test('table and policy are valid', () => {
      assert.deepEqual(run.issues.map(formatIssue), []);
      assert.ok(run.results.length > 0);
    });
    for (const result of run.results) {
      test(result.name, () => {
        assert.deepEqual(result.diff, [], `${result.provider}: ${result.diff.join('; ')}`);
        assert.equal(result.pass, true);
      });
    }
  });
}
