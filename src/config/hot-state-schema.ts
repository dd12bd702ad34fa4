/** `hot_state:` in the config file: where the counters every instance shares live (docs/scale-out.md). */
import { z } from 'zod';

export const hotStateSchema = z
  .object({
    /**
     * `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); null (the default) keeps hot state
     * in process, which is right for one instance. `env:NAME` reads the URL from the environment.
     */
    url: z
      .string()
      .regex(/^(rediss?:\/\/.+|env:[A-Za-z_][A-Za-z0-9_]*)$/, 'expected a Redis URL "redis://host:6379" (or "rediss://…"), or "env:NAME"')
      .nullable()
      .default(null),
    /** Prepended to every key, so several deployments can share one Redis. */
    prefix: z.string().max(100).default('cordon:'),
  })
  .strict();
