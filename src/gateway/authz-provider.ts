/**
 * Which provider a decision-service request is decided for (docs/decision-service.md, "Which provider").
 * The operator's proxy sends the request where its own routing says — by the original path, which
 * `authz.paths` mirrors — while every header it forwards may have been written by the client. So:
 *
 * - the path mapping wins over `x-cordon-provider`, and a header naming another provider than the
 *   path's is refused (a Russian caller's `x-cordon-provider: deepseek` on an `/openai/` request must
 *   not get the decision for DeepSeek while the proxy sends it to OpenAI);
 * - a path that maps differently as written and as decoded (`/%6Fpenai/…`: nginx routes the decoded
 *   form, HAProxy's `path_beg` the written one) is refused: Cordon cannot know which the proxy used;
 * - `x-cordon-provider` decides only a path no `authz.paths` entry covers (or no path): the proxy must
 *   then set that header itself, overwriting the client's.
 */
import { CordonError } from '../errors/index.js';

export interface PathProvider {
  readonly prefix: string;
  readonly provider: string;
}

/** The provider of the longest `authz.paths` prefix the path starts with; null when none does. */
export function providerForPath(paths: readonly PathProvider[], path: string | null): string | null {
  if (path === null) return null;
  for (const p of paths) if (path.startsWith(p.prefix)) return p.provider;
  return null;
}

/**
 * The path as a proxy that decodes before it routes (nginx) sees it: percent-decoded, repeated slashes
 * merged, `.` and `..` segments resolved. Null when it cannot be decoded (such a proxy refuses it).
 */
export function decodedPath(path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as string;
    const last = i === segments.length - 1;
    if (s === '..') out.pop();
    if (s === '.' || s === '..' || (s === '' && i > 0 && !last)) {
      if (last) out.push('');
      continue;
    }
    out.push(s);
  }
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * The provider to decide for: the original path's, as `authz.paths` maps it, else the `x-cordon-provider`
 * header's, else null (the model's route decides). Throws `caller_unknown_provider` when they disagree.
 */
export function authzProvider(paths: readonly PathProvider[], path: string | null, header: string | null): string | null {
  const written = providerForPath(paths, path);
  if (path !== null) {
    const decoded = decodedPath(path);
    if (decoded === null || providerForPath(paths, decoded) !== written) {
      throw new CordonError('caller_unknown_provider', {
        detail: `The original URI \`${path.slice(0, 200)}\` maps to a different provider (authz.paths) when decoded, or cannot be decoded: Cordon cannot tell where the proxy sends it.`,
      });
    }
  }
  if (written !== null && header !== null && header !== written) {
    throw new CordonError('caller_unknown_provider', {
      detail: `x-cordon-provider names \`${header.slice(0, 100)}\`, but the original URI is \`${written}\`'s (authz.paths), where the proxy sends it.`,
    });
  }
  return written ?? header;
}
