/** `authz:` in the config file: off by default, path prefixes checked against the providers, longest first. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { providerForPath } from '../../src/gateway/index.js';
import { decodedPath } from '../../src/gateway/authz-provider.js';

function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-authz-config-'));
  writeFileSync(join(dir, 'cordon.yaml'), text);
  return loadConfig({ file: join(dir, 'cordon.yaml'), env: {} });
}

test('the decision service is off unless configured', () => {
  assert.deepEqual(loadConfig({ env: {} }).authz, { http: false, paths: [], grpc: null });
});

test('path prefixes map to configured providers, the longest first; an unconfigured provider or a prefix without "/" is refused', () => {
  const c = load('providers: { openai: { simulated: true }, embedder: { simulated: true } }\nauthz: { http: true, paths: { "/v1/": openai, "/v1/embeddings": embedder }, grpc: { port: 9191 } }\n');
  assert.deepEqual(c.authz.paths.map((p) => p.prefix), ['/v1/embeddings', '/v1/']);
  assert.deepEqual(c.authz.grpc, { host: '127.0.0.1', port: 9191 });
  assert.equal(providerForPath(c.authz.paths, '/v1/embeddings'), 'embedder');
  assert.equal(providerForPath(c.authz.paths, '/v1/chat/completions'), 'openai');
  assert.equal(providerForPath(c.authz.paths, '/v2/x'), null);
  assert.equal(providerForPath(c.authz.paths, null), null);

  assert.throws(() => load('providers: { openai: { simulated: true } }\nauthz: { paths: { "/anthropic/": anthropic } }\n'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.deepEqual(err.problems, ['authz.paths["/anthropic/"]: provider "anthropic" is not configured']);
    return true;
  });
  assert.throws(() => load('authz: { paths: { "openai": openai } }\n'), ConfigError);
});

test('decodedPath: the path as a proxy that decodes before it routes sees it', () => {
  const cases: Array<[string, string | null]> = [
    ['/openai/v1/chat/completions', '/openai/v1/chat/completions'],
    ['/%6Fpenai/v1', '/openai/v1'],
    ['//openai//v1/', '/openai/v1/'],
    ['/a/../openai/', '/openai/'],
    ['/../openai', '/openai'],
    ['/openai/./v1/.', '/openai/v1/'],
    ['/openai/..', '/'],
    ['/openai%2Fv1', '/openai/v1'],
    ['/openai/%zz', null],
  ];
  for (const [path, expected] of cases) assert.equal(decodedPath(path), expected, path);
});

