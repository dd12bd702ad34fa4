import type { Migration } from './migration.js';

/**
 * `decision_facts.carrier`: for a client whose IPv6 address carried its IPv4 address (Teredo, 6to4,
 * NAT64…), that address's facts as JSON text (`decision-facts.ts`), so simulation and reach judge the
 * stricter of the two addresses again. Null for every other row, and for rows projected before.
 */
export const decisionCarrier: Migration = {
  version: 6,
  name: 'decision_carrier',
  sql: `
    ALTER TABLE decision_facts ADD COLUMN carrier TEXT;
  `,
};
