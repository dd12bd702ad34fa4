/**
 * The policy document and preset files as TypeScript sees them: camelCase, validated, dates as epoch
 * milliseconds. The YAML (snake_case) shapes live in `schema-*.ts`; `wire.ts` converts one into the other.
 */
import type { Effect } from '../domain/decision.js';
import type { AnonymizerFlag, UnknownReason } from '../domain/origin.js';

/** What a rule matches on. Every key given must match (AND); values within a key are alternatives (OR). */
export interface RuleMatch {
  readonly country?: readonly string[];
  /** ISO 3166-2 codes; a code also matches its dataset aliases (UA-43 ↔ RU-CRI, …). */
  readonly subdivision?: readonly string[];
  readonly asn?: readonly number[];
  readonly anonymizer?: readonly AnonymizerFlag[];
  /** Tenant names. */
  readonly tenant?: readonly string[];
  readonly registeredCountry?: readonly string[];
  /** The origin country is known, the tenant's registered country is known, and they differ. */
  readonly registeredCountryDiffers?: true;
  /** The origin is unknown for one of these reasons (`true` in YAML means all of them). */
  readonly unknownOrigin?: readonly UnknownReason[];
}

/** Limits a rule to some providers or tenants: exactly one of `only` / `except`. */
export interface Scope {
  readonly mode: 'only' | 'except';
  readonly names: readonly string[];
}

export interface PolicyRule {
  /** Stable, dotted, unique within a policy: `law.us_sanctions.cu`, `operator.block_tor`. */
  readonly id: string;
  readonly effect: Effect;
  readonly match: RuleMatch;
  readonly providers: Scope | null;
  readonly tenants: Scope | null;
  /** Epoch ms, inclusive; null = always. */
  readonly effectiveFrom: number | null;
  /** Epoch ms, exclusive; null = never ends. */
  readonly effectiveUntil: number | null;
  readonly reason: string | null;
}

/** `default`: whatever the layer's (or terms list's) default says. */
export type Setting = Effect | 'default';

/**
 * What a layer does with an unknown origin when no rule decided, by reason (`UnknownReason`). In YAML,
 * `unknown_origin` sets `private` and `not_found` (one value, or a mapping of both),
 * `geo_unavailable` the third and `hidden_origin` the fourth.
 */
export interface UnknownSettings {
  /** Loopback, RFC 1918 and other non-public space: internal traffic. */
  readonly private: Setting;
  /** A public address the databases have no answer for. */
  readonly notFound: Setting;
  /** No location database loaded. */
  readonly geoUnavailable: Setting;
  /** A trusted proxy forwarded the request without a readable client address (`for=unknown`, `for=_hidden`, garbage). */
  readonly hidden: Setting;
}

export interface LawLayer {
  /** Names of law presets (`data/presets/law/<name>.yaml`), whose rules come first, in this order. */
  readonly presets: readonly string[];
  readonly default: Effect;
  readonly unknown: UnknownSettings;
  /** Operator-added law rules, evaluated after the presets' rules. */
  readonly rules: readonly PolicyRule[];
}

/** One provider terms list in the document: a preset (optionally with extra rules) or an inline list. */
export interface TermsEntry {
  /** Preset name; when set the entry's key must be the same name. */
  readonly preset: string | null;
  /** Required for an inline list; taken from the preset otherwise. */
  readonly default: Effect | null;
  /** Evaluated before the preset's rules, so they can carve exceptions out of a list or extend it. */
  readonly rules: readonly PolicyRule[];
  /** Overrides the terms layer's settings for this list. */
  readonly unknown: Partial<UnknownSettings>;
  readonly source: string | null;
  readonly asOf: string | null;
  readonly notes: string | null;
}

export interface TermsLayer {
  /** For every list that does not override them. */
  readonly unknown: UnknownSettings;
  /** Keyed by terms list name. Preset lists not named here apply as they are. */
  readonly lists: Readonly<Record<string, TermsEntry>>;
}

export interface OperatorLayer {
  readonly default: Effect;
  readonly unknown: UnknownSettings;
  readonly rules: readonly PolicyRule[];
}

export interface PolicyDocument {
  readonly version: 1;
  readonly description: string | null;
  readonly layers: {
    readonly law: LawLayer;
    readonly terms: TermsLayer;
    readonly operator: OperatorLayer;
  };
}

/** One version of a list: where it was read, when, and from when it is in force. */
export interface PresetVersionMeta {
  /** As written: a date (`2026-11-10`, midnight UTC) or a date-time with a zone. */
  readonly inForceFrom: string;
  /** The owner's page or the legal text the list was taken from. */
  readonly source: string;
  /** `YYYY-MM-DD`: the day the source was read. */
  readonly readOn: string;
  readonly notes: string;
}

/**
 * Where a preset's data comes from. The top-level fields are those of the newest version; `versions`
 * lists every version, oldest first (docs/adr/0010).
 */
export interface PresetMeta extends PresetVersionMeta {
  readonly name: string;
  readonly versions: readonly PresetVersionMeta[];
}

/** One version of a preset as written in its file: its rules apply while it is in force. */
export interface PresetVersion extends PresetVersionMeta {
  /** Epoch ms of `inForceFrom`. */
  readonly from: number;
  /** The file it was read from, for messages. */
  readonly file: string;
  readonly rules: readonly PolicyRule[];
}

export interface LawPreset extends PresetMeta {
  /**
   * Every version's rules, each limited to the time its version is in force (the first version also
   * before its date, the newest with no end). The same id may appear once per version.
   */
  readonly rules: readonly PolicyRule[];
  readonly history: readonly PresetVersion[];
}

export interface TermsPreset extends LawPreset {
  /** The same in every version: a list is an allow-list (deny) or a deny-list (allow). */
  readonly default: Effect;
}

/** ISO 3166-1 alpha-2 codes a policy may name, with English names for messages. */
export interface CountryCodes {
  readonly names: ReadonlyMap<string, string>;
}

/** Everything under `data/presets/`, loaded and validated. */
export interface PresetCatalog {
  /** Where it was loaded from, for messages. */
  readonly dir: string;
  readonly countries: CountryCodes;
  /** Symmetric: every code maps to every other code of its group. */
  readonly subdivisionAliases: ReadonlyMap<string, readonly string[]>;
  readonly terms: ReadonlyMap<string, TermsPreset>;
  readonly law: ReadonlyMap<string, LawPreset>;
}
