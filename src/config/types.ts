/** The resolved configuration every other module receives (camelCase, defaults applied; secrets read when used). */

import type { Ed25519PublicKey } from '../audit/index.js';
import type { Deployment, ModelRoute, Price, RoutingStrategy } from '../domain/route.js';
import type { SafetyIdentifierSettings } from '../domain/safety-identifier.js';
import type { Secret } from '../domain/secret.js';
import type { EnforcementSettings } from '../enforcement/settings.js';
import type { ForwardingHeader } from '../origin/forwarding/index.js';
import type { ListSettings } from '../origin/lists/index.js';
import type { UpdateSettings } from '../data-updates/settings.js';

export type { Price, RoutingStrategy };
export type DeploymentConfig = Deployment;
export type ModelConfig = ModelRoute;

export interface ProviderConfig {
  readonly id: string;
  readonly preset: string | null;
  /** null only when `simulated`. */
  readonly baseUrl: string | null;
  /** Where the provider serves Anthropic's Messages API (`/messages` appended), or null when it does not. */
  readonly messagesBaseUrl: string | null;
  /** The upstream's API key (`env:NAME`, read when the provider is built); null for none. */
  readonly apiKey: Secret | null;
  readonly simulated: boolean;
  readonly terms: string | null;
  readonly timeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly connections: number;
}

export interface GeoConfig {
  readonly location: 'bundled' | readonly string[];
  readonly asn: 'bundled' | string | null;
  readonly anonymousIp: string | null;
  readonly watch: boolean;
  /** Roles whose configured files may not exist yet (downloads to come): the bundled data answers for them until they load. */
  readonly bundledUntilLoaded: { readonly location: boolean; readonly asn: boolean };
}

export interface OriginConfig {
  /** The anonymizer lists (`origin.lists`, or the deprecated `enforcement.lists`). */
  readonly lists: ListSettings;
}

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  readonly lingerMs: number;
  readonly trustedProxies: readonly string[];
  /** The one forwarding header read from trusted proxies. */
  readonly forwardedHeader: ForwardingHeader;
  readonly countryHeader: string | null;
  /** V8's heap growing factor as a percentage, for `cordon serve` to set; 0: nothing to set (configured so, or Node was given its own). */
  readonly heapGrowingPercent: number;
}

export interface AdminConfig {
  readonly enabled: boolean;
  /** Where the admin API and dashboard listen on their own; null shares the gateway's server. */
  readonly listen: { readonly host: string; readonly port: number } | null;
}

export interface AuditConfig {
  readonly enabled: boolean;
  /** Prefix lengths kept of client addresses in audit records. */
  readonly ipTruncation: { readonly v4: number; readonly v6: number };
  /**
   * The shared HMAC key of audit checkpoints (its env:NAME, read when a checkpoint is signed or verified), or
   * null. Deprecated for new checkpoints: it signs only when no checkpointSigningKey is configured.
   */
  readonly checkpointKey: Secret | null;
  /** The Ed25519 private key signing new audit checkpoints (its env:NAME, read when `cordon audit prune|anchor` signs), or null. */
  readonly checkpointSigningKey: Secret | null;
  /** Ed25519 public keys that verify checkpoints (with the signing key's own, when its variable is set). */
  readonly checkpointPublicKeys: readonly Ed25519PublicKey[];
  /** SQLite commit durability: `normal` survives a killed process, `full` also power loss. */
  readonly synchronous: 'normal' | 'full';
  /** SQLite: appends go to a journal file and are sealed into the log within a second (ADR 0015). */
  readonly journal: boolean;
}

export interface Config {
  /** The file the config came from, or null for the built-in defaults. */
  readonly source: string | null;
  readonly server: ServerConfig;
  readonly admin: AdminConfig;
  readonly storeUrl: string;
  readonly hotState: HotStateConfig;
  readonly dataDir: string;
  readonly geo: GeoConfig;
  readonly origin: OriginConfig;
  readonly policyFile: string | null;
  readonly providers: readonly ProviderConfig[];
  readonly models: readonly ModelConfig[];
  /** True when no provider key was found and every provider answers from the simulated upstream. */
  readonly simulatedOnly: boolean;
  readonly enforcement: EnforcementSettings;
  readonly audit: AuditConfig;
  /** The data sources kept current by the updater (`updates:`). */
  readonly updates: UpdateSettings;
  readonly authz: AuthzConfig;
  /** Safety identifiers sent upstream, per tenant (docs/safety-identifiers.md). */
  readonly safetyIdentifiers: SafetyIdentifierSettings;
  /** What the file says that still works but should change (a deprecated key), one line each. */
  readonly warnings: readonly string[];
}

export interface HotStateConfig {
  /** A Redis URL, or null for hot state in process (one instance). */
  readonly url: string | null;
  /** Prepended to every Redis key. */
  readonly prefix: string;
}

/** Cordon as the decision point of the operator's own proxy (docs/decision-service.md). */
export interface AuthzConfig {
  /** `/authz/http` is served on the gateway's port. */
  readonly http: boolean;
  /** Original-request path prefix → provider, longest prefix first. */
  readonly paths: readonly { readonly prefix: string; readonly provider: string }[];
  /** Envoy's gRPC ext_authz on its own address; null: off. */
  readonly grpc: { readonly host: string; readonly port: number } | null;
}
