/**
 * Policy versions on PostgreSQL. A version and its `policy_change` audit record are written in one
 * transaction under the audit head lock, which also numbers versions without gaps (1, 2, 3, …). The
 * insert notifies `cordon_changes` on commit, so every instance reloads the live policy at once.
 */
import type { NewPolicyVersion, PolicyVersion, PolicyVersions } from '../evidence-port.js';
import { VERSION_COLUMNS, policyChangeEntry, storedVersion, toPolicyVersion, toVersionRow, type VersionRow } from '../shared/policy-version-rows.js';
import type { PgAuditStore } from './audit-store.js';
import type { Db } from './connection.js';

const LIVE = 'FROM policy_versions WHERE effective_from <= $1 ORDER BY effective_from DESC, id DESC LIMIT 1';

export class PgPolicyVersions implements PolicyVersions {
  constructor(
    private readonly db: Db,
    private readonly audit: PgAuditStore,
  ) {}

  async add(v: NewPolicyVersion): Promise<PolicyVersion> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
      const r = toVersionRow(v);
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO policy_versions (${VERSION_COLUMNS})
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM policy_versions), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id`,
        [r.document, r.hash, r.source, r.author, r.reason, r.approval, r.action, r.restores, r.opens_at_law, r.created_at, r.effective_from],
      );
      if (row === undefined) throw new Error('the policy version insert returned no row');
      await this.audit.appendInTransaction(tx, [policyChangeEntry(row.id, v)]);
      return storedVersion(row.id, v);
    });
  }

  async get(id: number): Promise<PolicyVersion | null> {
    const [row] = await this.db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE id = $1`, [id]);
    return row === undefined ? null : toPolicyVersion(row);
  }

  async list(): Promise<PolicyVersion[]> {
    return (await this.db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM policy_versions ORDER BY id`)).map(toPolicyVersion);
  }

  async live(at: number): Promise<PolicyVersion | null> {
    const [row] = await this.db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} ${LIVE}`, [at]);
    return row === undefined ? null : toPolicyVersion(row);
  }

  async liveId(at: number): Promise<number | null> {
    const [row] = await this.db.query<{ id: number }>({ name: 'cordon_live_policy_id', text: `SELECT id ${LIVE}`, values: [at] });
    return row?.id ?? null;
  }
}
