/** The gRPC server of Envoy's ext_authz (`authz.grpc`), on its own address, with @grpc/grpc-js. */
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { createCheck, type CheckDeps } from './check.js';
import { authorizationService, type CheckRequest, type CheckResponse } from './envoy-messages.js';

export interface ExtAuthzServer {
  /** The port bound (the configured one, or the one given for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export async function startExtAuthzServer(deps: CheckDeps, listen: { readonly host: string; readonly port: number }): Promise<ExtAuthzServer> {
  const check = createCheck(deps);
  const server = new Server();
  server.addService(authorizationService(), {
    Check(call: ServerUnaryCall<CheckRequest, CheckResponse>, callback: sendUnaryData<CheckResponse>) {
      check(call.request).then((response) => callback(null, response), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${listen.port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
