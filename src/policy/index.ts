/**
 * Policy: three layers (law, provider terms, operator) decide, per provider, whether a request may be
 * served from where it comes. Load presets and a document once, compile, then evaluate per request
 * with no I/O. See docs/policy.md.
 */
export type {
  CountryCodes,
  LawLayer,
  LawPreset,
  OperatorLayer,
  PolicyDocument,
  PolicyRule,
  PresetCatalog,
  PresetMeta,
  PresetVersion,
  PresetVersionMeta,
  RuleMatch,
  Scope,
  Setting,
  TermsEntry,
  TermsLayer,
  TermsPreset,
  UnknownSettings,
} from './model.js';
export { formatIssue, PolicyValidationError, unwrap, type PolicyIssue, type Validated } from './issues.js';
export { defaultPresetsDir, loadPresetCatalog, presetCatalogBuilt } from './presets.js';
export { countEntries, listPresets, type PresetEntryCount, type PresetSummary, type PresetVersionSummary } from './preset-list.js';
export { versionAt } from './preset-versions.js';
export { loadPolicyFile, parsePolicy, readPolicyFile, type ParseOptions } from './parse.js';
export { defaultPolicyFile, loadDefaultPolicy } from './default-policy.js';
export { resolvePolicy, type ResolvedLayer, type ResolvedPolicy, type ResolvedRule, type ResolvedTermsList } from './resolve.js';
export { canonicalJson, shortHash } from './hash.js';
export { compilePolicy, type CompiledPolicy, type CompileOptions, type ProviderBinding, type RuleInfo } from './compile.js';
export { evaluateForProviders, evaluatePolicy } from './evaluate.js';
export { describeOrigin, explainDecision } from './explain.js';
export { placeProbes, ruleBoundaries, type Probe, type ProbeKind, type ProbeOptions } from './probes.js';
export { lawOpenings, semanticDiff, type DiffOptions, type DiffStep, type PlaceChange, type ProviderDiff, type SemanticDiff } from './semantic-diff.js';
export { checkJson, type CheckJson } from './check-json.js';
export { formatInstant, parseInstant } from './instant.js';
export { parseCaseTable, readCaseFile, type CaseExpectation, type CaseTable, type CaseTableOptions, type PolicyCase } from './case-table.js';
export { runCaseFile, runPolicyCases, type CaseFileResult, type CaseResult, type RunCaseFileOptions } from './run-cases.js';
