/**
 * `cordon check` shows the origin the gateway would use: the anonymizer lists' flags (a configured Tor
 * exit list, the bundled hosting ASN list) are in it, with enforcement off, and an operator rule on
 * `anonymizer` decides on them. The real CLI in a child process.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { IPS, TEST_DATA_DIR } from '../helpers/gateway-fixture.js';

const TOR_EXIT = IPS.DE;
const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'tor-exits.txt'), `${TOR_EXIT}\n`);
writeFileSync(join(dir, 'policy.yaml'), stringify({
  version: 1,
  layers: {
    law: { presets: ['us-sanctions'], default: 'allow', unknown_origin: 'allow', geo_unavailable: 'deny' },
    operator: { default: 'allow', rules: [{ id: 'operator.no_tor', effect: 'deny', match: { anonymizer: ['tor'] } }] },
  },
}));
writeFileSync(join(dir, 'cordon.yaml'), stringify({
  store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` },
  data_dir: TEST_DATA_DIR,
  policy: { file: 'policy.yaml' },
  enforcement: { enabled: false, lists: { tor_exits: 'tor-exits.txt' } },
  providers: { openai: {} },
  models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }] } },
}));

interface CheckOut {
  readonly origin: { ip: string; country: string | null; anonymizer: string[] };
  readonly decisions: Array<{ provider: string; effect: string; rule_id: string; matched: string | null }>;
}

function check(ip: string): CheckOut {
  const r = runCli(['--config', join(dir, 'cordon.yaml'), 'check', ip, '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as CheckOut;
}

describe('cordon check with anonymizer lists', () => {
  test('--json: a Tor-listed address carries tor, and the operator rule on it decides', () => {
    const out = check(TOR_EXIT);
    assert.deepEqual([out.origin.ip, out.origin.country, out.origin.anonymizer], [TOR_EXIT, 'DE', ['tor']]);
    assert.deepEqual(out.decisions.map((d) => [d.provider, d.effect, d.rule_id, d.matched]), [['openai', 'deny', 'operator.no_tor', 'anonymizer=tor']]);
  });

  test('--json: the bundled hosting ASN list flags a cloud network; the tor rule does not apply to it', () => {
    const out = check(IPS.US); // 8.8.8.8, AS15169
    assert.deepEqual(out.origin.anonymizer, ['hosting']);
    assert.deepEqual(out.decisions.map((d) => d.effect), ['allow']);
  });
});
