/**
 * The YAML (wire) shape of each policy file: the policy document, terms and law presets, the
 * subdivision alias table and the ISO 3166-1 code list. snake_case, unknown keys rejected.
 */
import { z } from 'zod';
import type { CountryCodes } from './model.js';
import { asOf, effect, instant, list, listName, readDate, ruleSchema, strictObject, subdivisionCode } from './schema-rule.js';

const text = z.string().min(1);

const SETTINGS = ['allow', 'deny', 'default'] as const;
export const setting = z.enum(SETTINGS);

/** `allow | deny | default`, or `{ private: …, not_found: … }`. */
export const unknownOrigin = z.union([setting, strictObject({ private: setting, not_found: setting })], {
  errorMap: () => ({ message: 'expected allow, deny or default, or a mapping { private: …, not_found: … } of those' }),
});

export function policySchema(codes: CountryCodes) {
  const rules = z.array(ruleSchema(codes));
  const law = strictObject({
    presets: z.array(listName),
    default: effect.default('allow'),
    unknown_origin: unknownOrigin.default('allow'),
    geo_unavailable: setting.default('deny'),
    // A trusted proxy withheld the client's address: not internal traffic, closed (ADR 0011).
    hidden_origin: setting.default('deny'),
    rules: rules.default([]),
  });
  const termsEntry = strictObject({
    preset: listName.optional(),
    default: effect.optional(),
    rules: rules.default([]),
    unknown_origin: unknownOrigin.optional(),
    geo_unavailable: setting.optional(),
    hidden_origin: setting.optional(),
    source: text.optional(),
    as_of: asOf.optional(),
    notes: text.optional(),
  }).superRefine((entry, ctx) => {
    if (entry.preset !== undefined && entry.default !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'expected no default next to a preset (the preset sets it)' });
    }
    if (entry.preset === undefined && entry.default === undefined) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'expected a preset name or a default (allow or deny)' });
    }
  });
  // An allow-list denies what it cannot place; a private address is internal traffic (ADR 0002).
  const terms = strictObject({
    unknown_origin: unknownOrigin.default({ private: 'allow', not_found: 'default' }),
    geo_unavailable: setting.default('default'),
    hidden_origin: setting.default('default'),
    providers: z.record(listName, termsEntry).default({}),
  });
  const operator = strictObject({
    default: effect.default('allow'),
    unknown_origin: unknownOrigin.default('allow'),
    geo_unavailable: setting.default('allow'),
    hidden_origin: setting.default('allow'),
    rules: rules.default([]),
  });
  return strictObject({
    version: z.literal(1),
    description: text.optional(),
    layers: strictObject({ law, terms: terms.default({}), operator: operator.default({}) }),
  });
}

/** Reference tables (ISO codes, aliases): where they come from and when they were taken. */
const presetMeta = { source: text, as_of: asOf, notes: text };

/**
 * One version of a provider's or a law's list: the owner's page (`source`), the day it was read
 * (`read_on`) and the instant from which this version is in force (`in_force_from`).
 */
const listMeta = { source: text, read_on: readDate, in_force_from: instant, notes: text };

export function termsPresetSchema(codes: CountryCodes) {
  return strictObject({ ...listMeta, default: effect, rules: z.array(ruleSchema(codes)) });
}

export function lawPresetSchema(codes: CountryCodes) {
  return strictObject({ ...listMeta, rules: z.array(ruleSchema(codes)) });
}

export function aliasesSchema(codes: CountryCodes) {
  const code = subdivisionCode(codes);
  return strictObject({ ...presetMeta, aliases: z.record(code, list(code)) });
}

const alpha2 = z.string().regex(/^[A-Z]{2}$/, { message: 'expected two upper-case letters' });

export const iso3166Schema = strictObject({
  ...presetMeta,
  codes: z.record(alpha2, text),
  user_assigned: z.record(alpha2, text).default({}),
});

export type WirePolicy = z.infer<ReturnType<typeof policySchema>>;
export type WireTermsEntry = WirePolicy['layers']['terms']['providers'][string];
export type WireTermsPreset = z.infer<ReturnType<typeof termsPresetSchema>>;
export type WireLawPreset = z.infer<ReturnType<typeof lawPresetSchema>>;
export type WireUnknownOrigin = z.infer<typeof unknownOrigin>;
