/** Resolves `authz:`: every provider the path map names must be configured (policy needs its terms list). */
import type { z } from 'zod';
import type { authzSchema } from './authz-schema.js';
import type { AuthzConfig, ProviderConfig } from './types.js';

export function resolveAuthz(doc: z.infer<typeof authzSchema>, providers: readonly ProviderConfig[], problems: string[]): AuthzConfig {
  const known = new Set(providers.map((p) => p.id));
  const paths = Object.entries(doc.paths).map(([prefix, provider]) => {
    if (!known.has(provider)) problems.push(`authz.paths["${prefix}"]: provider "${provider}" is not configured`);
    return { prefix, provider };
  });
  // Longest first, so the first match is the most specific.
  paths.sort((a, b) => b.prefix.length - a.prefix.length);
  return { http: doc.http, paths, grpc: doc.grpc };
}
