/**
 * The admin API's answers as the dashboard reads them (snake_case, as on the wire): types from the
 * admin contract's schemas (src/admin/contract). Types only: nothing of it is bundled.
 */
import type { AnswerOf, BodyOf } from '../../src/admin/contract/index.js';

export type Session = AnswerOf<'getSession'>;

export type CountryReport = AnswerOf<'countryStats'>;
export type Counts = CountryReport['totals'];
export type CountryStats = CountryReport['countries'][number];
export type SubdivisionStats = CountryReport['subdivisions'][number];
export type Timeline = AnswerOf<'timelineStats'>;

export type AccountList = AnswerOf<'listAccounts'>;
export type AccountSummary = AccountList['data'][number];
export type Account = AnswerOf<'getAccount'>;
export type TimelineItem = Account['timeline'][number];
export type ActionItem = Extract<TimelineItem, { type: 'action' }>;
export type ViolationItem = Extract<TimelineItem, { type: 'violation' }>;

export type VersionList = AnswerOf<'listPolicyVersions'>;
export type PolicyVersion = AnswerOf<'getPolicyVersion'>;
export type PolicyDiff = AnswerOf<'diffPolicies'>;
export type PlaceChange = PolicyDiff['steps'][number]['providers'][number]['opened'][number];
export type PolicyRef = BodyOf<'diffPolicies'>['candidate'];
export type SimulationJson = AnswerOf<'simulatePolicy'>;
export type ReachJson = AnswerOf<'reachReport'>;
export type DataStatus = AnswerOf<'dataStatus'>;
