/** Resolves `hot_state:` and the CORDON_REDIS_URL override into HotStateConfig. */
import type { z } from 'zod';
import type { hotStateSchema } from './hot-state-schema.js';
import type { HotStateConfig } from './types.js';

export function resolveHotState(doc: z.infer<typeof hotStateSchema>, env: Readonly<Record<string, string | undefined>>, problems: string[]): HotStateConfig {
  const override = env.CORDON_REDIS_URL;
  let url = override !== undefined && override !== '' ? override : doc.url;
  if (url !== null && url.startsWith('env:')) {
    const name = url.slice('env:'.length);
    url = env[name] ?? null;
    if (url === null) problems.push(`hot_state.url: environment variable ${name} is not set`);
  }
  if (url !== null && !/^rediss?:\/\/./.test(url)) {
    problems.push(`${override ? 'CORDON_REDIS_URL' : 'hot_state.url'}: expected a Redis URL such as "redis://127.0.0.1:6379"`);
    url = null;
  }
  return { url, prefix: doc.prefix };
}
