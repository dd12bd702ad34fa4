/**
 * A protobuf wire writer for tests, written from the encoding spec (protobuf.dev/programming-guides/
 * encoding) and independent of protobufjs: varints, and length-delimited fields (strings, messages,
 * map entries). It builds Envoy's requests byte by byte, from the field numbers of Envoy's own protos.
 */
export function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

const tag = (field: number, wireType: 0 | 2) => varint(field * 8 + wireType);

/** A varint field (wire type 0). */
export const uint = (field: number, n: number): Buffer => Buffer.concat([tag(field, 0), varint(n)]);
/** A length-delimited field (wire type 2): an embedded message or bytes. */
export const message = (field: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([tag(field, 2), varint(body.length), body]);
};
export const str = (field: number, text: string): Buffer => message(field, Buffer.from(text, 'utf8'));
/** One entry of a `map<string, string>` field: a message with key = 1, value = 2. */
export const mapEntry = (field: number, key: string, value: string): Buffer => message(field, str(1, key), str(2, value));

/**
 * An `envoy.service.auth.v3.CheckRequest` as Envoy's HTTP ext_authz filter sends it (field numbers
 * from attribute_context.proto, address.proto): the downstream peer, and the HTTP request's method,
 * headers, path and host.
 */
export function checkRequestBytes(input: { peer: string; port: number; method: string; headers: Record<string, string>; path: string; host: string; context?: Record<string, string> }): Buffer {
  const socketAddress = Buffer.concat([str(2, input.peer), uint(3, input.port)]); // SocketAddress.address = 2, port_value = 3
  const source = message(1, message(1, message(1, socketAddress))); // AttributeContext.source = 1 → Peer.address = 1 → Address.socket_address = 1
  const http = Buffer.concat([
    str(2, input.method), // HttpRequest.method = 2
    ...Object.entries(input.headers).map(([k, v]) => mapEntry(3, k, v)), // HttpRequest.headers = 3
    str(4, input.path), // HttpRequest.path = 4
    str(5, input.host), // HttpRequest.host = 5
  ]);
  const request = message(4, message(2, http)); // AttributeContext.request = 4 → Request.http = 2
  const context = Object.entries(input.context ?? {}).map(([k, v]) => mapEntry(10, k, v)); // AttributeContext.context_extensions = 10
  return message(1, source, request, ...context); // CheckRequest.attributes = 1
}
