/**
 * `cordon check` for an IPv6 address that carries an IPv4 address: the origin shows both addresses
 * (text and --json), and the decision is the carried address's. The real CLI in a child process, the
 * built-in policy and the bundled geo data; `cordon geo lookup` names the address carried.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CheckJson } from '../../src/policy/index.js';
import { runCli } from '../helpers/cli.js';
import { TEST_DATA_DIR } from '../helpers/gateway-fixture.js';

const TEREDO_IRAN = '2001:0:4136:e378:8000:63bf:fa5f:fffe'; // carries 5.160.0.1
const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-check-carrier-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'cordon.yaml'), stringify({
  store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` },
  data_dir: TEST_DATA_DIR,
  enforcement: { enabled: false },
  providers: { openai: {}, deepseek: {} },
  models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'deepseek', model: 'deepseek-chat' }] } },
}));

function cli(...args: string[]): string {
  const r = runCli(['--config', join(dir, 'cordon.yaml'), ...args], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('cordon check with a Teredo address', () => {
  test('--json: the origin is the carried address, the carrier beside it; law denies on the client address', () => {
    const out = JSON.parse(cli('check', TEREDO_IRAN, '--json')) as CheckJson;
    assert.deepEqual([out.origin.ip, out.origin.country, out.origin.asn], ['5.160.0.1', 'IR', 42337]);
    assert.deepEqual([out.origin.carrier?.kind, out.origin.carrier?.ip, out.origin.carrier?.country, out.origin.carrier?.unknown], ['teredo', TEREDO_IRAN, null, 'not_found']);
    assert.deepEqual(out.decisions.map((d) => [d.provider, d.effect, d.rule_id, d.decided_on]), [
      ['openai', 'deny', 'law.us_sanctions.ir', 'client'],
      ['deepseek', 'deny', 'law.us_sanctions.ir', 'client'],
    ]);
  });

  test('text: both addresses, then the decisions', () => {
    const text = cli('check', TEREDO_IRAN, '--provider', 'deepseek');
    const [origin, carrier] = text.split('\n');
    assert.match(origin ?? '', /^5\.160\.0\.1: IR; AS42337 /);
    assert.equal(carrier, `  carried by Teredo address ${TEREDO_IRAN}: unknown location (not_found); AS6939 Hurricane Electric LLC (no country: only the client address decides)`); // HE announces Teredo relay space
    assert.match(text, /\ndeepseek: deny by law rule law\.us_sanctions\.ir \(country=IR\) — /);
  });

  test('--json for an ordinary address: carrier null, decided on the client', () => {
    const out = JSON.parse(cli('check', '8.8.8.8', '--json')) as CheckJson;
    assert.equal(out.origin.carrier, null);
    assert.deepEqual(out.decisions.map((d) => d.decided_on), ['client', 'client']);
  });

  test('cordon geo lookup: the databases on the IPv6 address itself, and what it carries', () => {
    const facts = JSON.parse(cli('geo', 'lookup', TEREDO_IRAN, '--json')) as { ip: string; country: string | null; carries?: string };
    assert.deepEqual([facts.ip, facts.country, facts.carries], [TEREDO_IRAN, null, '5.160.0.1 (teredo)']);
  });
});
