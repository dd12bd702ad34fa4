/**
 * Geo lookup and `check`: the same facts and decision explanation as `cordon geo lookup` (the geo
 * databases alone) / `cordon check --json` (the gateway's origin, with the anonymizer lists' flags).
 */
import type { AccountFacts } from '../../domain/account.js';
import type { Origin } from '../../domain/origin.js';
import type { GeoLookup } from '../../origin/index.js';
import { checkJson, evaluateForProviders, type CompiledPolicy } from '../../policy/index.js';
import type { AccountStore } from '../../store/port.js';
import type { GEO_ENDPOINTS } from '../contract/geo.js';
import { invalid, notFound } from '../request.js';
import type { Handlers } from '../router.js';

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

export function geoHandlers(deps: GeoRouteDeps): Handlers<typeof GEO_ENDPOINTS> {
  async function account(keyId: string | undefined): Promise<AccountFacts | null> {
    if (keyId === undefined) return null;
    const key = await deps.accounts.getKey(keyId);
    const tenant = key === null ? null : await deps.accounts.getTenant(key.tenantId);
    if (key === null || tenant === null) throw notFound(`No API key has the id ${keyId}.`);
    return { keyId: key.id, tenantId: tenant.id, tenantName: tenant.name, registeredCountry: tenant.registeredCountry };
  }

  return {
    geoLookup: async ({ params: { ip } }) => {
      const o = deps.geo.lookup(ip);
      return { ip, country: o.country, subdivisions: o.subdivisions, city: o.city, latitude: o.latitude, longitude: o.longitude, asn: o.asn, org: o.org, anonymizer: o.anonymizer, unknown: o.unknown };
    },
    check: async ({ query, at: now }) => {
      const o = deps.origin(query.ip);
      const at = query.at ?? now;
      const policy = deps.policy();
      if (query.provider !== undefined && !policy.providers.includes(query.provider)) {
        throw invalid('provider', `provider: unknown provider "${query.provider}"; known: ${policy.providers.join(', ')}.`);
      }
      const providers = query.provider === undefined ? deps.providers : [query.provider];
      const decisions = evaluateForProviders(policy, { origin: o, account: await account(query.key_id), at }, providers);
      return checkJson(o, decisions, at, policy.hash);
    },
  };
}
