/**
 * Envoy's ext_authz messages (data/proto/, the subset of Envoy's v3 protos Cordon uses) as
 * @grpc/proto-loader reads and writes them: field names as in the .proto (`keepCase`), unset fields
 * absent (`defaults: false`), the oneof's name set (`oneofs`). Loaded once, when the server starts.
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';

const PROTO_DIR = fileURLToPath(new URL('../../data/proto/', import.meta.url));
export const AUTHORIZATION_SERVICE = 'envoy.service.auth.v3.Authorization';

export interface HeaderValueOption {
  readonly header: { readonly key: string; readonly value: string };
}

/** `envoy.service.auth.v3.CheckRequest`, as far as Cordon reads it. */
export interface CheckRequest {
  readonly attributes?: {
    readonly source?: { readonly address?: { readonly socket_address?: { readonly address?: string; readonly port_value?: number } } };
    readonly request?: {
      readonly http?: {
        readonly id?: string;
        readonly method?: string;
        readonly headers?: Readonly<Record<string, string>>;
        readonly path?: string;
        readonly host?: string;
        readonly scheme?: string;
      };
    };
    readonly context_extensions?: Readonly<Record<string, string>>;
  };
}

/** `envoy.service.auth.v3.CheckResponse`, as Cordon writes it. */
export interface CheckResponse {
  readonly status: { readonly code: number; readonly message: string };
  readonly ok_response?: { readonly headers: readonly HeaderValueOption[]; readonly response_headers_to_add: readonly HeaderValueOption[] };
  readonly denied_response?: { readonly status: { readonly code: number }; readonly headers: readonly HeaderValueOption[]; readonly body: string };
}

export const LOADER_OPTIONS: Options = { includeDirs: [PROTO_DIR], keepCase: true, longs: String, defaults: false, oneofs: true };

/** The package definition of external_auth.proto and what it imports. */
export function loadEnvoyAuthz(): ReturnType<typeof loadSync> {
  return loadSync('envoy/service/auth/v3/external_auth.proto', LOADER_OPTIONS);
}

export function authorizationService(): ServiceDefinition {
  const service = loadEnvoyAuthz()[AUTHORIZATION_SERVICE];
  if (service === undefined || !('Check' in service)) throw new Error(`${AUTHORIZATION_SERVICE} is missing from data/proto`);
  return service as ServiceDefinition;
}
