/**
 * Geo lookup and `check`: the same facts and decision explanation as `cordon geo lookup` (the geo
 * databases alone) / `cordon check --json` (the gateway's origin, with the anonymizer lists' flags).
 */
import type { AccountFacts } from '../../domain/account.js';
import type { Origin } from '../../domain/origin.js';
import type { GeoLookup } from '../../origin/index.js';
import { normalizeIp } from '../../origin/index.js';
import { checkJson, evaluateForProviders, type CompiledPolicy } from '../../policy/index.js';
import type { AccountStore } from '../../store/port.js';
import { invalid, notFound, queryInstant } from '../request.js';
import type { AdminRoute } from '../router.js';

export interface GeoRouteDeps {
  readonly geo: Pick<GeoLookup, 'lookup'>;
  /** The origin the gateway gives a client at this (normalised) address: geo facts and anonymizer list flags. */
  readonly origin: (ip: string) => Origin;
  readonly accounts: AccountStore;
  /** The live policy. */
  readonly policy: () => CompiledPolicy;
  /** The configured providers, in config order: `check` explains each unless one is asked for. */
  readonly providers: readonly string[];
}

export function geoRoutes(deps: GeoRouteDeps): AdminRoute[] {
  function address(raw: string | null | undefined, param: string): string {
    const ip = raw ? normalizeIp(raw) : null;
    if (ip === null) throw invalid(param, `${param}: expected an IPv4 or IPv6 address, got "${raw ?? ''}".`);
    return ip;
  }

  async function account(keyId: string | null): Promise<AccountFacts | null> {
    if (keyId === null || keyId === '') return null;
    const key = await deps.accounts.getKey(keyId);
    const tenant = key === null ? null : await deps.accounts.getTenant(key.tenantId);
    if (key === null || tenant === null) throw notFound(`No API key has the id ${keyId}.`);
    return { keyId: key.id, tenantId: tenant.id, tenantName: tenant.name, registeredCountry: tenant.registeredCountry };
  }

  return [
    {
      method: 'GET',
      path: '/admin/geo/{ip}',
      role: 'read',
      async handle(req) {
        const ip = address(req.params.ip, 'ip');
        const o = deps.geo.lookup(ip);
        return { body: { ip, country: o.country, subdivisions: o.subdivisions, city: o.city, latitude: o.latitude, longitude: o.longitude, asn: o.asn, org: o.org, anonymizer: o.anonymizer, unknown: o.unknown } };
      },
    },
    {
      method: 'GET',
      path: '/admin/check',
      role: 'read',
      async handle(req) {
        const o = deps.origin(address(req.query.get('ip'), 'ip'));
        const at = queryInstant(req.query, 'at', req.at);
        const policy = deps.policy();
        const provider = req.query.get('provider');
        if (provider !== null && !policy.providers.includes(provider)) {
          throw invalid('provider', `provider: unknown provider "${provider}"; known: ${policy.providers.join(', ')}.`);
        }
        const providers = provider === null ? deps.providers : [provider];
        const decisions = evaluateForProviders(policy, { origin: o, account: await account(req.query.get('key_id')), at }, providers);
        return { body: checkJson(o, decisions, at, policy.hash) };
      },
    },
  ];
}
