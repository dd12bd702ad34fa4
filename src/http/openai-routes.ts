/**
 * The OpenAI-compatible surface: `POST /v1/{chat/completions,completions,embeddings,responses}` and
 * `GET /v1/models`. Parses the request, calls the gateway use case and relays or refuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RefusedRequest, UnidentifiedRequest, type IdentifyCaller, type ListModels, type ModelList, type Proxy, type ProxyResult } from '../gateway/index.js';
import { Cancel } from '../providers/cancel.js';
import type { UpstreamPath } from '../providers/contract.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { AuthenticatedKey } from '../store/port.js';
import { ClientGone, readJsonBody, type BodyLimits } from './body.js';
import { checkFieldTypes } from './field-types.js';
import { REQUEST_FIELDS } from './request-fields.js';
import { ANTHROPIC, OPENAI, protocolOf, type WireProtocol } from '../protocols/index.js';
import { anthropicModelList } from './messages-routes.js';
import { isEventStream, relayBody, relayHeaders } from './relay.js';
import { DECISION_ID_HEADER, sendJson } from './respond.js';

export const WARNING_HEADER = 'x-cordon-warning';

export const PROXIED_PATHS: Readonly<Record<string, Exclude<UpstreamPath, '/models'>>> = {
  '/v1/chat/completions': '/chat/completions',
  '/v1/completions': '/completions',
  '/v1/embeddings': '/embeddings',
  '/v1/responses': '/responses',
};

export interface OpenAiRouteDeps {
  readonly identify: IdentifyCaller;
  readonly proxy: Proxy;
  readonly listModels: ListModels;
  readonly body: BodyLimits;
  readonly logger: Logger;
  readonly simulatedProviders: ReadonlySet<string>;
  readonly metrics: GatewayMetrics;
}

export function createOpenAiRoutes(deps: OpenAiRouteDeps) {
  async function proxied(req: IncomingMessage, res: ServerResponse, path: Exclude<UpstreamPath, '/models'>, socketIp: string): Promise<void> {
    const conn = { socketIp, headers: req.headers };
    // The key first, from the headers: a caller without one never has its body read or parsed.
    let auth: AuthenticatedKey;
    try {
      auth = await deps.identify(conn);
    } catch (err) {
      throw refusal(deps, res, path, err);
    }
    const { raw, value } = await readJsonBody(req, deps.body);
    checkFieldTypes(value, REQUEST_FIELDS[path]);
    // And again once the body is in: a caller can hold its body back for as long as the server lets it,
    // and the key may have been suspended, blocked or revoked meanwhile (a cache hit when it was not).
    try {
      auth = await deps.identify(conn);
    } catch (err) {
      throw refusal(deps, res, path, err);
    }
    const abort = new Cancel();
    // Once the answer is being relayed, the relay decides what becomes of the upstream body when the
    // caller leaves (the meter reads on briefly for the usage): aborting would cut it at once.
    let relaying = false;
    res.once('close', () => {
      if (!res.writableFinished && !relaying) abort.abort();
    });
    let result: ProxyResult;
    try {
      const requestId = String(res.getHeader(DECISION_ID_HEADER));
      result = await deps.proxy({ requestId, path, protocol: protocolOf(path), conn, auth, body: value, rawBody: raw, signal: abort });
    } catch (err) {
      throw refusal(deps, res, path, err);
    }
    for (const a of result.attempts) {
      if (a !== result.attempts[result.attempts.length - 1] || a.status === null) deps.metrics.upstreamError(a.provider, a.status === null ? 'connection' : String(a.status));
    }
    deps.metrics.routed({ endpoint: path, provider: result.deployment.provider, country: result.facts.origin.country, status: result.response.status, decisionMs: result.decisionMs, upstreamMs: result.upstreamMs });
    relaying = true;
    await relay(res, result, deps);
  }

  async function models(req: IncomingMessage, res: ServerResponse, socketIp: string, protocol: WireProtocol = OPENAI): Promise<void> {
    req.resume();
    let list: ModelList;
    try {
      list = await deps.listModels({ requestId: String(res.getHeader(DECISION_ID_HEADER)), conn: { socketIp, headers: req.headers }, protocol });
    } catch (err) {
      throw refusal(deps, res, '/models', err);
    }
    sendJson(res, 200, protocol === ANTHROPIC ? anthropicModelList(list) : list);
  }

  return { proxied, models };
}

async function relay(res: ServerResponse, result: ProxyResult, deps: OpenAiRouteDeps): Promise<void> {
  const { response, deployment } = result;
  // relayHeaders makes a fresh object: added to in place (a spread into another one costs more than the rest of this function).
  const headers = relayHeaders(response.headers);
  headers['x-cordon-provider'] = deployment.provider;
  headers['x-cordon-model'] = deployment.model;
  if (deps.simulatedProviders.has(deployment.provider)) headers['x-cordon-simulated'] = 'true';
  if (result.warning) headers[WARNING_HEADER] = result.warning;
  const sse = isEventStream(response.headers);
  if (sse) {
    headers['cache-control'] = 'no-cache';
    headers['x-accel-buffering'] = 'no';
  }
  res.writeHead(response.status, headers);
  const requestId = result.facts.requestId;
  const outcome = await relayBody(response.body, res, sse, result.rewrite, (err) => protocolOf(result.facts.endpoint).streamError(err, requestId));
  if (outcome.error) {
    // The caller leaving is theirs to do (info); the upstream failing mid-answer is worth a look (warn).
    deps.logger.log(outcome.error instanceof ClientGone ? 'info' : 'warn', 'relay ended early', { provider: deployment.provider, error: outcome.error.message, bytes: outcome.bytes });
  }
}

/**
 * A refusal from the gateway, counted (every one, with its code as the reason) and logged, turned into
 * the error the caller gets. Anything else passes through as it is.
 */
export function refusal(deps: Pick<OpenAiRouteDeps, 'logger' | 'metrics'>, res: ServerResponse, endpoint: string, err: unknown): unknown {
  const counted = countRefusal(deps, String(res.getHeader(DECISION_ID_HEADER)), endpoint, err);
  if (counted.warning) res.setHeader(WARNING_HEADER, counted.warning);
  return counted.error;
}

/** `refusal` without a response to write to (the decision service answers in its proxy's protocol). */
export function countRefusal(deps: Pick<OpenAiRouteDeps, 'logger' | 'metrics'>, decisionId: string, endpoint: string, err: unknown): { readonly error: unknown; readonly warning: string | null } {
  if (err instanceof RefusedRequest) {
    logRefusal(deps.logger, decisionId, err);
    deps.metrics.refused({ endpoint, code: err.error.code, country: err.facts.origin.country, rules: deniedRules(err) });
    return { error: err.error, warning: err.warning };
  }
  if (err instanceof UnidentifiedRequest) {
    deps.metrics.refused({ endpoint, code: err.error.code, country: err.country, rules: [] });
    return { error: err.error, warning: null };
  }
  return { error: err, warning: null };
}

/**
 * The rules that denied, one per provider (deduplicated), for a region refusal: what the refusal
 * counter is labelled with. Other refusals (the key's standing, enforcement, the upstream) have none.
 */
function deniedRules(refused: RefusedRequest): string[] {
  if (refused.error.code !== 'policy_region_denied') return [];
  return [...new Set(refused.facts.decisions.filter((d) => d.effect === 'deny').map((d) => d.ruleId))];
}

function logRefusal(logger: Logger, decisionId: string, refused: RefusedRequest): void {
  const denied = refused.facts.decisions.filter((d) => d.effect === 'deny').map((d) => `${d.provider}:${d.ruleId}`);
  logger.log('info', 'request refused', {
    decision_id: decisionId,
    code: refused.error.code,
    country: refused.facts.origin.country,
    denied,
    // What the caller was not told (an upstream's address and error): here, for the operator.
    ...(refused.error.cause instanceof Error ? { cause: refused.error.cause.message } : {}),
  });
}

