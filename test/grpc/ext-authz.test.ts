/**
 * Envoy's gRPC ext_authz against a real Cordon (`authz.grpc` on port 0), asked by a @grpc/grpc-js client
 * built from data/proto (Envoy's messages): the peer address and headers from AttributeContext decide
 * as the gateway decides; allowed → OK with the decision id and provider for the upstream request and the
 * client; refused → DeniedHttpResponse with the gateway's status, headers and body; each decision
 * recorded. One request goes as raw bytes written from Envoy's field numbers (test/grpc/wire.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, loadPackageDefinition, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadEnvoyAuthz, type CheckRequest, type CheckResponse } from '../../src/grpc/index.js';
import { PLACES, type EnforcementGateway } from '../enforcement/enforcement-fixture.js';
import { decisionRecord, startAuthzGateway, suspendedKey } from '../authz/authz-fixture.js';
import { checkRequestBytes } from './wire.js';

type Check = (req: CheckRequest, callback: (err: ServiceError | null, res?: CheckResponse) => void) => void;
type AuthorizationClient = Client & { Check: Check };
type Package = { envoy: { service: { auth: { v3: { Authorization: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => AuthorizationClient } } } } };

const headerMap = (options: readonly { header: { key: string; value: string } }[] | undefined) => Object.fromEntries((options ?? []).map((o) => [o.header.key, o.header.value]));

describe('Envoy gRPC ext_authz: envoy.service.auth.v3.Authorization/Check', () => {
  let env: EnforcementGateway;
  let client: AuthorizationClient;
  let address: string;
  let secret: string;

  before(async () => {
    env = await startAuthzGateway({
      providers: { openai: { simulated: true }, anthropic: { simulated: true } },
      authz: { grpc: { host: '127.0.0.1', port: 0 }, paths: { '/openai/': 'openai', '/anthropic/': 'anthropic' } },
    });
    ({ secret } = await env.key('acme', 'US'));
    address = `127.0.0.1:${env.gw.app.authz.grpcPort()}`;
    const pkg = loadPackageDefinition(loadEnvoyAuthz()) as unknown as Package;
    client = new pkg.envoy.service.auth.v3.Authorization(address, credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await env?.close();
  });

  function check(peer: string, headers: Record<string, string>, path = '/openai/v1/chat/completions'): Promise<CheckResponse> {
    const req: CheckRequest = { attributes: { source: { address: { socket_address: { address: peer, port_value: 40000 } } }, request: { http: { method: 'POST', path, host: 'llm.example', headers } } } };
    return new Promise((resolve, reject) => client.Check(req, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res))));
  }

  test('an allowed peer: OK, with the decision id and provider added to the upstream request and to the client\'s answer; recorded', async () => {
    const res = await check(PLACES.US, { authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US });
    assert.equal(res.status.code, 0);
    assert.equal(res.denied_response, undefined);
    const upstream = headerMap(res.ok_response?.headers);
    assert.equal(upstream['x-cordon-provider'], 'openai');
    assert.deepEqual(headerMap(res.ok_response?.response_headers_to_add), upstream);
    const record = await decisionRecord(env, upstream['x-cordon-decision-id'] ?? null);
    assert.deepEqual([record.data.outcome, record.data.provider, record.data.upstream_model, record.data.endpoint], ['routed', 'openai', null, '/openai/v1/chat/completions']);
  });

  test('a peer policy refuses: PERMISSION_DENIED with a 403 DeniedHttpResponse carrying the gateway\'s body; recorded', async () => {
    const res = await check(PLACES.KP, { authorization: `Bearer ${secret}` });
    assert.equal(res.status.code, 7);
    assert.equal(res.denied_response?.status.code, 403);
    assert.equal(JSON.parse(res.denied_response?.body ?? '').error.code, 'unsupported_country_region_territory');
    const headers = headerMap(res.denied_response?.headers);
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-cordon-error-body'], undefined, 'Envoy passes the body itself');
    const record = await decisionRecord(env, headers['x-cordon-decision-id'] ?? null);
    assert.deepEqual([record.data.outcome, record.data.code, (record.data.origin as { country: string }).country], ['refused', 'policy_region_denied', 'KP']);
  });

  test('a bad key: UNAUTHENTICATED with a 401 and WWW-Authenticate; a suspended key: 403 account_suspended, recorded', async () => {
    const bad = await check(PLACES.US, { authorization: 'Bearer sk-cordon-wrong' });
    assert.equal(bad.status.code, 16);
    assert.equal(bad.denied_response?.status.code, 401);
    assert.equal(headerMap(bad.denied_response?.headers)['www-authenticate'], 'Bearer');
    const suspended = await suspendedKey(env);
    const res = await check(PLACES.DE, { 'x-api-key': suspended.secret }, '/anthropic/v1/messages');
    assert.equal(res.denied_response?.status.code, 403);
    const body = JSON.parse(res.denied_response?.body ?? '');
    assert.deepEqual([body.type, body.error.type, body.error.code], ['error', 'permission_error', 'account_suspended'], 'a Messages call is refused in Anthropic\'s shape');
    const record = await decisionRecord(env, headerMap(res.denied_response?.headers)['x-cordon-decision-id'] ?? null);
    assert.deepEqual([record.data.code, record.data.key_id], ['account_suspended', suspended.keyId]);
  });

  test('a request as raw bytes written from Envoy\'s field numbers is decided like any other', async () => {
    const raw = makeGenericClientConstructor(
      { Check: { path: '/envoy.service.auth.v3.Authorization/Check', requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
      'Authorization',
    );
    const rawClient = new raw(address, credentials.createInsecure()) as unknown as Client & { Check: (req: Buffer, cb: (err: ServiceError | null, res?: Buffer) => void) => void };
    try {
      const bytes = checkRequestBytes({ peer: PLACES.FR, port: 51000, method: 'POST', headers: { authorization: `Bearer ${secret}`, 'x-cordon-provider': 'anthropic' }, path: '/v1/messages?beta=true', host: 'llm.example' });
      const answer = await new Promise<Buffer>((resolve, reject) => rawClient.Check(bytes, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res))));
      // CheckResponse: status (1) with code 0, then ok_response (3): field 3, wire type 2 → tag 0x1a.
      assert.equal(answer.subarray(0, 6).toString('hex'), '0a0408001200');
      assert.equal(answer[6], 0x1a);
      assert.match(answer.toString('latin1'), /x-cordon-provider.{2}anthropic/s);
      const decisionId = /(dec_[0-9a-f]{32})/.exec(answer.toString('latin1'))?.[1] ?? null;
      const record = await decisionRecord(env, decisionId);
      assert.deepEqual([record.data.outcome, record.data.provider, record.data.endpoint, (record.data.origin as { country: string }).country], ['routed', 'anthropic', '/v1/messages', 'FR']);
    } finally {
      rawClient.close();
    }
  });
});
