/**
 * Foresight from the evidence log: replay recorded requests through policies (simulate a candidate
 * against the live policy; reach: what the live policy turns away). Pure: callers feed batches of
 * recorded requests. See docs/policy.md.
 */
export { ChangeTable, type PriceBook, type TableRow, type TableTotals } from './change-table.js';
export { TokenEstimator, type EstimateBasis } from './estimator.js';
export { Reach, type ReachResult } from './reach.js';
export { createJudge, isPolicyOutcome, policyInputOf, type Judge } from './replay.js';
export { Simulation, SIMULATION_CHANGES, type SimulationChange, type SimulationResult } from './simulate.js';
