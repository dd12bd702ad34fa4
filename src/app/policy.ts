/**
 * The running gateway's policy handle: the live policy (src/operations/live-policy.ts: the latest
 * applied version, else the config's `policy.file`, else the built-in default) and the shadow policy,
 * when one runs. Both are re-read from the store every second (one indexed query each), so a version
 * applied by `cordon policy apply` in another process takes effect within about a second, with no
 * per-request cost.
 */
import type { Config } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import { compileConfiguredPolicy, compilePolicyText, deciderFor, livePolicy, type LiveDecider } from '../operations/index.js';
import type { PresetCatalog } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { policySource } from './policy-context.js';

export interface PolicyHandle {
  /** The preset catalog the policies compile against (shipped, or an installed bundle). */
  readonly presets: PresetCatalog;
  current(): LiveDecider;
  /** The shadow policy running beside the live one, or null. */
  shadow(): LiveDecider | null;
  /** Reads the store now; true when the live or shadow policy changed. The poller calls it every second. */
  refresh(): Promise<boolean>;
  close(): void;
}

export interface OpenPolicyOptions {
  readonly now: () => number;
  readonly logger: Logger;
  /** Poll the store every `pollMs` (default 1000); false in tests, which call refresh(). */
  readonly poll: boolean;
  readonly pollMs?: number;
}

export async function openPolicy(config: Config, store: Store, options: OpenPolicyOptions): Promise<PolicyHandle> {
  const source = policySource(config, store);
  const { ctx } = source;
  const configured = deciderFor(compileConfiguredPolicy(config, ctx));
  let live = await livePolicy(source, options.now());
  let shadow: LiveDecider | null = null;
  let shadowKey: string | null = null;

  /** The store's answer last acted on, so a version that fails to compile is reported once, not every second. */
  let seenLive: number | null = live.version;

  async function refresh(): Promise<boolean> {
    let changed = false;
    const id = await store.evidence.policies.liveId(options.now());
    if (id !== seenLive) {
      seenLive = id;
      try {
        live = id === null ? configured : await livePolicy(source, options.now());
        options.logger.log('info', 'live policy changed', { version: live.version, policy: live.policyHash });
        changed = true;
      } catch (err) {
        options.logger.log('error', 'policy version does not compile; keeping the current policy', { version: id, error: String(err) });
      }
    }
    const running = await store.evidence.shadow.get();
    const key = running === null ? null : `${running.hash}@${running.startedAt}`;
    if (key !== shadowKey) {
      shadowKey = key;
      try {
        shadow = running === null ? null : deciderFor(compilePolicyText(running.document, `shadow policy (${running.source})`, ctx));
      } catch (err) {
        shadow = null;
        options.logger.log('error', 'shadow policy does not compile; shadow evaluation is off', { error: String(err) });
      }
      options.logger.log('info', shadow === null ? 'shadow policy off' : 'shadow policy running', { policy: shadow?.policyHash ?? null });
      changed = true;
    }
    return changed;
  }

  await refresh();
  let polling = false;
  const timer = options.poll
    ? setInterval(() => {
        if (polling) return;
        polling = true;
        refresh()
          .catch((err: unknown) => options.logger.log('error', 'policy refresh failed; keeping the current policy', { error: String(err) }))
          .finally(() => (polling = false));
      }, options.pollMs ?? 1000)
    : null;
  timer?.unref();

  return {
    presets: ctx.presets,
    current: () => live,
    shadow: () => shadow,
    refresh,
    close: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}
