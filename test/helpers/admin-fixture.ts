/**
 * A real Cordon with the admin surface: a mock OpenAI-compatible upstream playing `openai` (so OpenAI's
 * terms decide), 127.0.0.1 trusted as a proxy (origins come from X-Forwarded-For), and two admin
 * tokens created in the store, one per role.
 */
import { startGateway, type GatewayFixture } from './gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream.js';

export interface AdminFixture {
  readonly gw: GatewayFixture;
  readonly upstream: MockUpstream;
  /** Where `/admin` and `/dashboard` answer: the gateway's URL, or the admin port's. */
  readonly adminUrl: string;
  readonly adminToken: string;
  readonly readToken: string;
  close(): Promise<void>;
}

export async function startAdminGateway(options: { admin?: Record<string, unknown>; dashboardDir?: string } = {}): Promise<AdminFixture> {
  const upstream = await startMockUpstream({ name: 'openai-mock' });
  const gw = await startGateway(
    {
      server: { trusted_proxies: ['127.0.0.1/32'] },
      ...(options.admin ? { admin: options.admin } : {}),
      providers: { openai: { base_url: upstream.url } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 2.5, output: 10 } }] } },
    },
    { overrides: { defaultMetrics: false, background: false, ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}) } },
  );
  const admin = await gw.app.store.adminTokens.create({ name: 'alice', role: 'admin' });
  const read = await gw.app.store.adminTokens.create({ name: 'grafana', role: 'read' });
  const own = gw.app.admin.address();
  return {
    gw,
    upstream,
    adminUrl: own === null ? gw.url : `http://127.0.0.1:${own.port}`,
    adminToken: admin.secret,
    readToken: read.secret,
    async close() {
      await gw.close();
      await upstream.close();
    },
  };
}

export interface AdminAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** One admin API call; the body is parsed as JSON (null when empty). */
export async function adminCall<T = Record<string, unknown>>(baseUrl: string, path: string, options: { token?: string | null; method?: string; body?: unknown } = {}): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}
