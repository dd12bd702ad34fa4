import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, loadConfig, requireSecrets } from '../../src/config/index.js';

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-config-'));
  const file = join(dir, 'cordon.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return [...err.problems];
  }
  assert.fail('expected the config to be refused');
}

describe('config', () => {
  test('without a file: built-in defaults, every preset provider simulated when no key is set', () => {
    const c = loadConfig({ env: {}, cwd: '/srv/cordon' });
    assert.equal(c.source, null);
    assert.equal(c.server.host, '127.0.0.1');
    assert.equal(c.server.port, 8080);
    assert.deepEqual(c.server.trustedProxies, []);
    assert.equal(c.simulatedOnly, true);
    assert.deepEqual(c.providers.map((p) => [p.id, p.simulated]), [['openai', true], ['anthropic', true], ['deepseek', true], ['gemini', true]]);
    assert.equal(c.storeUrl, 'sqlite:/srv/cordon/.cordon/cordon.sqlite');
    const chat = c.models.find((m) => m.name === 'chat');
    assert.deepEqual(chat?.deployments.map((d) => d.provider), ['openai', 'deepseek', 'anthropic', 'gemini']);
  });

  test('a provider key in the environment turns that provider on, for real, and only that one', () => {
    const c = loadConfig({ env: { DEEPSEEK_API_KEY: 'sk-ds' }, cwd: '/tmp' });
    assert.equal(c.simulatedOnly, false);
    assert.deepEqual(c.providers.map((p) => [p.id, p.simulated, p.apiKey?.reveal(), p.baseUrl]), [['deepseek', false, 'sk-ds', 'https://api.deepseek.com/v1']]);
    assert.ok(c.models.every((m) => m.deployments.every((d) => d.provider === 'deepseek')));
  });

  test('PORT, HOST, CORDON_TRUSTED_PROXIES and CORDON_CONFIG override the file', () => {
    const file = writeConfig('server:\n  port: 9000\n  trusted_proxies: [10.0.0.0/8]\n');
    const c = loadConfig({ env: { CORDON_CONFIG: file, PORT: '9100', HOST: '0.0.0.0', CORDON_TRUSTED_PROXIES: '127.0.0.1/32, ::1/128' } });
    assert.equal(c.source, file);
    assert.equal(c.server.port, 9100);
    assert.equal(c.server.host, '0.0.0.0');
    assert.deepEqual(c.server.trustedProxies, ['127.0.0.1/32', '::1/128']);
  });

  test('server.forwarded_header: x-forwarded-for by default, forwarded when set, CORDON_FORWARDED_HEADER overrides; anything else is refused', () => {
    assert.equal(loadConfig({ env: {} }).server.forwardedHeader, 'x-forwarded-for');
    const file = writeConfig('server:\n  forwarded_header: Forwarded\n');
    assert.equal(loadConfig({ file, env: {} }).server.forwardedHeader, 'forwarded', 'header names are case-insensitive');
    assert.equal(loadConfig({ file, env: { CORDON_FORWARDED_HEADER: 'X-Forwarded-For' } }).server.forwardedHeader, 'x-forwarded-for');
    const bad = writeConfig('server:\n  forwarded_header: x-real-ip\n');
    assert.match(problemsOf(() => loadConfig({ file: bad, env: {} })).join('\n'), /server\.forwarded_header: expected one of x-forwarded-for, forwarded/);
    assert.deepEqual(problemsOf(() => loadConfig({ env: { CORDON_FORWARDED_HEADER: 'cf-connecting-ip' } })), ['CORDON_FORWARDED_HEADER: expected one of x-forwarded-for, forwarded, got "cf-connecting-ip"']);
  });

  test('secrets are env:NAME references, read when used; a literal secret is refused', () => {
    const ok = writeConfig('providers:\n  openai:\n    api_key: env:MY_OPENAI\n');
    assert.equal(loadConfig({ file: ok, env: { MY_OPENAI: 'sk-live' } }).providers[0]?.apiKey?.reveal(), 'sk-live');
    const literal = writeConfig('providers:\n  openai:\n    api_key: sk-live-123\n');
    const problems = problemsOf(() => loadConfig({ file: literal, env: {} }));
    assert.match(problems[0] ?? '', /^providers\.openai\.api_key: expected a secret reference "env:NAME"/);
    // An unset variable does not stop a command that never uses the secret (cordon check, keys…)…
    const unset = loadConfig({ file: ok, env: {} });
    const key = unset.providers[0]?.apiKey;
    assert.equal(key?.isSet, false);
    assert.equal(JSON.stringify({ key }), '{"key":"env:MY_OPENAI"}', 'a printed config shows the reference, never a value');
    // …but using it fails with the file, the path and the variable, and so does starting the gateway.
    assert.deepEqual(problemsOf(() => key?.reveal()), ['providers.openai.api_key: environment variable MY_OPENAI is not set']);
    assert.deepEqual(problemsOf(() => requireSecrets(unset)), ['providers.openai.api_key: environment variable MY_OPENAI is not set']);
    requireSecrets(loadConfig({ file: ok, env: { MY_OPENAI: 'sk-live' } }));
  });

  test('unknown keys are errors that name the path', () => {
    const file = writeConfig('server:\n  prot: 8080\n');
    const err = (() => {
      try {
        loadConfig({ file, env: {} });
      } catch (e) {
        return e as ConfigError;
      }
      return null;
    })();
    assert.ok(err instanceof ConfigError);
    assert.ok(err.message.includes(file), 'the message names the file');
    assert.deepEqual(err.problems, ['server: unknown key "prot"']);
  });

  test('wrong types and bad values say what was expected', () => {
    const file = writeConfig('server:\n  port: "eighty"\nproviders:\n  Local: { base_url: "not a url" }\n');
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    assert.ok(problems.includes('server.port: expected number, got string'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('providers.Local: expected a provider id in lower case')), problems.join('\n'));
  });

  test('models must name configured providers and, for cheapest routing, have a price', () => {
    const file = writeConfig([
      'providers:',
      '  local: { base_url: "http://127.0.0.1:8000/v1" }',
      'models:',
      '  m1: { deployments: [{ provider: nowhere, model: x, price: { input: 1, output: 1 } }] }',
      '  m2: { deployments: [{ provider: local, model: unpriced-model }] }',
      '  m3: { strategy: priority, deployments: [{ provider: local, model: unpriced-model }] }',
    ].join('\n'));
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    assert.deepEqual(problems, [
      'models.m1.deployments[0].provider: unknown provider "nowhere"; configured: local',
      'models.m2.deployments[0].price: expected a price ({ input, output } per million tokens) for "unpriced-model": routing by cheapest needs one and the bundled table has none',
    ]);
  });

  test('a bundled list price fills in a deployment without one', () => {
    const file = writeConfig('providers:\n  deepseek: { simulated: true }\nmodels:\n  cheap: { deployments: [{ provider: deepseek, model: deepseek-chat }] }\n');
    const price = loadConfig({ file, env: {} }).models[0]?.deployments[0]?.price;
    assert.deepEqual(price, { input: 0.27, cachedInput: 0.07, output: 1.1 });
  });

  test('relative paths are relative to the config file', () => {
    const file = writeConfig('store: { url: "sqlite:state/c.sqlite" }\npolicy: { file: policy.yaml }\n');
    const dir = file.slice(0, file.lastIndexOf('/'));
    const c = loadConfig({ file, env: {} });
    assert.equal(c.storeUrl, `sqlite:${dir}/state/c.sqlite`);
    assert.equal(c.policyFile, `${dir}/policy.yaml`);
  });

  test('YAML syntax errors and unreadable files are ConfigErrors, not crashes', () => {
    assert.match(problemsOf(() => loadConfig({ file: writeConfig('server: [unclosed\n'), env: {} }))[0] ?? '', /^YAML: /);
    assert.match(problemsOf(() => loadConfig({ file: '/nonexistent/cordon.yaml', env: {} }))[0] ?? '', /cannot read the file: ENOENT/);
    assert.deepEqual(problemsOf(() => loadConfig({ env: { PORT: 'http' } })), ['PORT: expected a port number 0-65535, got "http"']);
  });
});

describe('origin.lists, and its old place enforcement.lists', () => {
  const lists = 'tor_exits: lists/tor.txt\n    cidr: [{ file: lists/vpn.txt, flag: vpn }]\n    watch: false';

  test('origin.lists: paths relative to the file, the bundled hosting list unless replaced, no warning', () => {
    const file = writeConfig(`origin:\n  lists:\n    ${lists}\n`);
    const c = loadConfig({ file, env: {} });
    const dir = dirname(file);
    assert.deepEqual(c.origin.lists, { torExits: join(dir, 'lists/tor.txt'), cidr: [{ file: join(dir, 'lists/vpn.txt'), flag: 'vpn' }], asn: [{ file: 'bundled', flag: 'hosting' }], watch: false });
    assert.deepEqual(c.warnings, []);
  });

  test('neither key: the defaults, no warning', () => {
    const c = loadConfig({ env: {}, cwd: '/srv/cordon' });
    assert.deepEqual(c.origin.lists, { torExits: null, cidr: [], asn: [{ file: 'bundled', flag: 'hosting' }], watch: true });
    assert.deepEqual(c.warnings, []);
  });

  test('enforcement.lists alone still works, read as origin.lists, with one deprecation warning', () => {
    const old = loadConfig({ file: writeConfig(`enforcement:\n  enabled: false\n  lists:\n    ${lists}\n`), env: {} });
    const now = loadConfig({ file: writeConfig(`origin:\n  lists:\n    ${lists}\n`), env: {} });
    assert.deepEqual(old.origin.lists.cidr.map((e) => [e.file.slice(e.file.lastIndexOf('/lists/')), e.flag]), now.origin.lists.cidr.map((e) => [e.file.slice(e.file.lastIndexOf('/lists/')), e.flag]));
    assert.deepEqual([old.origin.lists.torExits?.endsWith('/lists/tor.txt'), old.origin.lists.asn, old.origin.lists.watch], [true, now.origin.lists.asn, false]);
    assert.equal(old.warnings.length, 1);
    assert.match(old.warnings[0] ?? '', /^enforcement\.lists is deprecated: .*move the section to origin\.lists \(same keys\)/);
  });

  test('both keys at once are refused, naming both', () => {
    const problems = problemsOf(() => loadConfig({ file: writeConfig(`origin:\n  lists: { tor_exits: a.txt }\nenforcement:\n  lists: { tor_exits: b.txt }\n`), env: {} }));
    assert.deepEqual(problems, ['origin.lists and enforcement.lists are both set: keep origin.lists and remove enforcement.lists (its old place)']);
  });

  test('origin.lists is validated like the old key: an unknown flag or key names its path', () => {
    assert.match(problemsOf(() => loadConfig({ file: writeConfig('origin:\n  lists: { cidr: [{ file: x.txt, flag: satellite }] }\n'), env: {} })).join('\n'), /origin\.lists\.cidr\[0\]\.flag/);
    assert.match(problemsOf(() => loadConfig({ file: writeConfig('origin:\n  list: {}\n'), env: {} })).join('\n'), /origin: unknown key "list"/);
  });
});
