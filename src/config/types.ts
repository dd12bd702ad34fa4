/** The resolved configuration every other module receives (camelCase, secrets resolved, defaults applied). */

import type { Deployment, ModelRoute, Price, RoutingStrategy } from '../domain/route.js';

export type { Price, RoutingStrategy };
export type DeploymentConfig = Deployment;
export type ModelConfig = ModelRoute;

export interface ProviderConfig {
  readonly id: string;
  readonly preset: string | null;
  /** null only when `simulated`. */
  readonly baseUrl: string | null;
  readonly apiKey: string | null;
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
}

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly trustedProxies: readonly string[];
  readonly countryHeader: string | null;
}

export interface Config {
  /** The file the config came from, or null for the built-in defaults. */
  readonly source: string | null;
  readonly server: ServerConfig;
  readonly storeUrl: string;
  readonly dataDir: string;
  readonly geo: GeoConfig;
  readonly policyFile: string | null;
  readonly providers: readonly ProviderConfig[];
  readonly models: readonly ModelConfig[];
  /** True when no provider key was found and every provider answers from the simulated upstream. */
  readonly simulatedOnly: boolean;
}
