/**
 * data/proto (the subset of Envoy's v3 ext_authz protos Cordon loads) against bytes encoded from
 * Envoy's definitions: a CheckRequest computed by hand (each field's tag from Envoy's field numbers)
 * decodes to what Envoy meant, and the CheckResponses Cordon writes are the bytes Envoy reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodDefinition } from '@grpc/grpc-js';
import { AUTHORIZATION_SERVICE, loadEnvoyAuthz, type CheckRequest, type CheckResponse } from '../../src/grpc/index.js';
import { checkRequestBytes } from './wire.js';

const check = (loadEnvoyAuthz()[AUTHORIZATION_SERVICE] as unknown as { Check: MethodDefinition<CheckRequest, CheckResponse> }).Check;

/**
 * CheckRequest { attributes { source { address { socket_address { address: "175.45.176.1" port_value: 51000 } } }
 *   request { http { method: "POST" headers { "x-cordon-provider": "openai", "authorization": "Bearer k" }
 *   path: "/openai/v1/chat/completions?x=1" host: "llm.example" } } context_extensions { "route": "chat" } } },
 * computed by hand, field by field: tag = field number × 8 + wire type (2 = length-delimited, 0 = varint).
 */
const CHECK_REQUEST_HEX = [
  '0a9701', //                       CheckRequest.attributes (1, LEN 151)
  '0a16', //                           AttributeContext.source (1, LEN 22)
  '0a14', //                             Peer.address (1, LEN 20)
  '0a12', //                               Address.socket_address (1, LEN 18)
  '120c', '3137352e34352e3137362e31', //     SocketAddress.address (2, LEN 12) "175.45.176.1"
  '18b88e03', //                             SocketAddress.port_value (3, varint 51000)
  '226e', //                           AttributeContext.request (4, LEN 110)
  '126c', //                             Request.http (2, LEN 108)
  '1204', '504f5354', //                   HttpRequest.method (2) "POST"
  '1a1b', '0a11', '782d636f72646f6e2d70726f7669646572', '1206', '6f70656e6169', // headers (3) entry: key (1) "x-cordon-provider", value (2) "openai"
  '1a19', '0a0d', '617574686f72697a6174696f6e', '1208', '426561726572206b', // headers (3) entry: "authorization" → "Bearer k"
  '221f', '2f6f70656e61692f76312f636861742f636f6d706c6574696f6e733f783d31', // HttpRequest.path (4) "/openai/v1/chat/completions?x=1"
  '2a0b', '6c6c6d2e6578616d706c65', //     HttpRequest.host (5) "llm.example"
  '520d', '0a05', '726f757465', '1204', '63686174', // AttributeContext.context_extensions (10) entry: "route" → "chat"
].join('');

// proto-loader's `oneofs` names the set member of each oneof beside it (`address`, `port_specifier`).
test('a CheckRequest encoded from Envoy\'s field numbers decodes to the peer, method, headers, path, host and context', () => {
  const bytes = Buffer.from(CHECK_REQUEST_HEX, 'hex');
  assert.equal(bytes.length, 154);
  const decoded = check.requestDeserialize(bytes);
  assert.deepEqual(decoded, {
    attributes: {
      source: { address: { socket_address: { address: '175.45.176.1', port_value: 51000, port_specifier: 'port_value' }, address: 'socket_address' } },
      request: { http: { method: 'POST', headers: { 'x-cordon-provider': 'openai', authorization: 'Bearer k' }, path: '/openai/v1/chat/completions?x=1', host: 'llm.example' } },
      context_extensions: { route: 'chat' },
    },
  });
});

test('the tests\' wire writer gives the same bytes as the hand computation', () => {
  const written = checkRequestBytes({ peer: '175.45.176.1', port: 51000, method: 'POST', headers: { 'x-cordon-provider': 'openai', authorization: 'Bearer k' }, path: '/openai/v1/chat/completions?x=1', host: 'llm.example', context: { route: 'chat' } });
  assert.equal(written.toString('hex'), CHECK_REQUEST_HEX);
});

test('a denied CheckResponse is the bytes of Envoy\'s DeniedHttpResponse: status, headers, body', () => {
  const bytes = check.responseSerialize({ status: { code: 7, message: 'no' }, denied_response: { status: { code: 403 }, headers: [{ header: { key: 'a', value: 'b' } }], body: '{}' } });
  const expected = [
    '0a06', '0807', '12026e6f', //             CheckResponse.status (1): google.rpc.Status code (1) 7, message (2) "no"
    '1213', //                                 CheckResponse.denied_response (2, LEN 19)
    '0a03', '089303', //                         DeniedHttpResponse.status (1): HttpStatus.code (1) 403
    '1208', '0a06', '0a0161', '120162', //       DeniedHttpResponse.headers (2): HeaderValueOption.header (1): key "a", value "b"
    '1a027b7d', //                               DeniedHttpResponse.body (3) "{}"
  ].join('');
  assert.equal(bytes.toString('hex'), expected);
});

test('an OK CheckResponse is the bytes of Envoy\'s OkHttpResponse: headers upstream and to the client', () => {
  const h = [{ header: { key: 'a', value: 'b' } }];
  const bytes = check.responseSerialize({ status: { code: 0, message: '' }, ok_response: { headers: h, response_headers_to_add: h } });
  const expected = [
    '0a04', '0800', '1200', //                 CheckResponse.status (1): code (1) 0 (OK) and message (2) "", written as set
    '1a14', //                                 CheckResponse.ok_response (3, LEN 20)
    '1208', '0a06', '0a0161', '120162', //       OkHttpResponse.headers (2)
    '3208', '0a06', '0a0161', '120162', //       OkHttpResponse.response_headers_to_add (6)
  ].join('');
  assert.equal(bytes.toString('hex'), expected);
});
