/** The admin API's answers, as the dashboard reads them (snake_case, as on the wire). */

export interface Session {
  readonly id: string;
  readonly name: string;
  readonly role: 'read' | 'admin';
}

export interface Counts {
  readonly allowed: number;
  readonly refused: number;
}

export interface CountryStats extends Counts {
  readonly country: string;
}

export interface SubdivisionStats extends Counts {
  readonly country: string;
  readonly subdivision: string;
}

export interface CountryReport {
  readonly from: string;
  readonly to: string;
  readonly totals: Counts;
  readonly unknown: Counts;
  readonly countries: readonly CountryStats[];
  readonly subdivisions: readonly SubdivisionStats[];
}

export interface Timeline {
  readonly from: string;
  readonly to: string;
  readonly bucket: 'hour';
  readonly points: ReadonlyArray<Counts & { readonly at: string }>;
}

export interface ListOf<T> {
  readonly data: readonly T[];
}

export interface Key {
  readonly id: string;
  readonly prefix: string;
  readonly tenant: string | null;
  readonly tenant_id: string;
  readonly status: 'active' | 'warned' | 'suspended' | 'blocked' | 'revoked';
  readonly suspended_until: string | null;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

export interface AccountSummary extends Key {
  readonly violations: number;
  readonly weight: number;
  readonly signals: readonly string[];
  readonly countries: readonly string[];
  readonly last_violation_at: string | null;
}

export interface ActionItem {
  readonly type: 'action';
  readonly id: string;
  readonly kind: 'warn' | 'suspend' | 'block' | 'reinstate';
  readonly at: string;
  readonly until: string | null;
  readonly actor: string;
  readonly rule: string | null;
  readonly score: number | null;
  readonly note: string | null;
}

export interface ViolationItem {
  readonly type: 'violation';
  readonly id: string;
  readonly signal: string;
  readonly rule: string;
  readonly weight: number;
  readonly at: string;
  readonly request_id: string;
  readonly origin: { readonly network?: string; readonly country?: string | null; readonly subdivisions?: readonly string[]; readonly asn?: number | null; readonly org?: string | null };
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface Account {
  readonly key: Key;
  readonly tenant: { readonly id: string; readonly name: string; readonly registered_country: string | null };
  readonly scores: ReadonlyArray<{ readonly action: string; readonly score: number; readonly threshold: number; readonly window: string; readonly since: string; readonly violations: number }>;
  readonly timeline: ReadonlyArray<ActionItem | ViolationItem>;
}

export interface PolicyVersion {
  readonly id: number;
  readonly hash: string;
  readonly source: string;
  readonly author: string;
  readonly reason: string;
  readonly approval: string | null;
  readonly action: 'apply' | 'rollback';
  readonly restores: number | null;
  readonly created_at: string;
  readonly effective_from: string;
  readonly document?: string;
}

export interface VersionList extends ListOf<PolicyVersion> {
  readonly live: { readonly version: number | null; readonly hash: string };
}

export interface PlaceChange {
  readonly kind: 'country' | 'subdivision' | 'asn' | 'unknown';
  readonly place: string;
  readonly from: { readonly effect: string; readonly layer: string; readonly rule: string };
  readonly to: { readonly effect: string; readonly layer: string; readonly rule: string };
}

export interface PolicyDiff {
  readonly base: { readonly policy: string; readonly hash: string };
  readonly candidate: { readonly policy: string; readonly hash: string };
  readonly probes: number;
  readonly steps: ReadonlyArray<{ readonly at: string; readonly providers: ReadonlyArray<{ readonly provider: string; readonly opened: readonly PlaceChange[]; readonly closed: readonly PlaceChange[] }> }>;
}

export interface TableRowJson {
  readonly country: string | null;
  readonly provider: string;
  readonly requests: number;
  readonly keys: number;
  readonly tokens: number;
  readonly estimated: number;
  readonly revenue_usd: number;
}

export interface SimulationJson {
  readonly scanned: number;
  readonly skipped: number;
  readonly rerouted: number;
  readonly rows: ReadonlyArray<TableRowJson & { readonly change: 'opened' | 'closed' }>;
  readonly totals: Readonly<Record<'opened' | 'closed', { readonly requests: number; readonly keys: number; readonly tokens: number; readonly revenue_usd: number }>>;
}

export interface ReachJson {
  readonly scanned: number;
  readonly refused: number;
  readonly by_country: ReadonlyArray<{ readonly country: string | null; readonly requests: number; readonly keys: number }>;
  readonly rows: ReadonlyArray<TableRowJson & { readonly layer: string; readonly top_rule: string | null }>;
  readonly totals: { readonly requests: number; readonly keys: number; readonly tokens: number; readonly revenue_usd: number };
}
