/** `authz:` in the config file: Cordon as the decision point of a proxy the operator runs (docs/decision-service.md). */
import { z } from 'zod';

const providerId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a provider id in lower case (a-z, 0-9, -, _)');

export const authzSchema = z
  .object({
    /** Serve `/authz/http` (nginx auth_request, Traefik forwardAuth, Envoy HTTP ext_authz) on the gateway's port. */
    http: z.boolean().default(false),
    /**
     * The provider a request is for, by the path of the original request (`X-Original-URI`,
     * `X-Forwarded-Uri`): path prefix → provider id. The longest matching prefix wins; `x-cordon-provider` overrides.
     */
    paths: z.record(z.string().regex(/^\//, 'expected a path prefix starting with "/"'), providerId).default({}),
    /** Envoy's gRPC ext_authz (`envoy.service.auth.v3.Authorization/Check`) on its own port; null (the default): off. */
    grpc: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
