/**
 * Policy versions on PostgreSQL. A version and its `policy_change` audit record are written in one
 * transaction under the audit head lock, which also numbers versions without gaps (1, 2, 3, …). The
 * insert notifies `cordon_changes` on commit, so every instance reloads the live policy at once.
 */
import { policyChangeData, policyChangeRef } from '../../audit/index.js';
import type { NewPolicyVersion, PolicyVersion, PolicyVersions } from '../evidence-port.js';
import type { PgAuditStore } from './audit-store.js';
import type { Db } from './connection.js';

interface VersionRow {
  readonly id: number;
  readonly document: string;
  readonly hash: string;
  readonly source: string;
  readonly author: string;
  readonly reason: string;
  readonly approval: string | null;
  readonly action: string;
  readonly restores: number | null;
  readonly opens_at_law: string;
  readonly created_at: number;
  readonly effective_from: number;
}

const COLUMNS = 'id, document, hash, source, author, reason, approval, action, restores, opens_at_law, created_at, effective_from';
const LIVE = 'FROM policy_versions WHERE effective_from <= $1 ORDER BY effective_from DESC, id DESC LIMIT 1';

export class PgPolicyVersions implements PolicyVersions {
  constructor(
    private readonly db: Db,
    private readonly audit: PgAuditStore,
  ) {}

  async add(v: NewPolicyVersion): Promise<PolicyVersion> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO policy_versions (${COLUMNS})
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM policy_versions), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id`,
        [v.document, v.hash, v.source, v.author, v.reason, v.approval, v.action, v.restores, JSON.stringify(v.opensAtLaw), v.createdAt, v.effectiveFrom],
      );
      if (row === undefined) throw new Error('the policy version insert returned no row');
      await this.audit.appendInTransaction(tx, [
        {
          kind: 'policy_change',
          at: v.createdAt,
          ref: policyChangeRef(row.id),
          data: policyChangeData({
            version: row.id,
            action: v.action,
            policyHash: v.hash,
            author: v.author,
            reason: v.reason,
            approval: v.approval,
            effectiveFrom: v.effectiveFrom,
            restores: v.restores,
            previous: v.previous,
            opensAtLaw: v.opensAtLaw,
          }),
        },
      ]);
      const { previous: _previous, ...stored } = v;
      return { id: row.id, ...stored };
    });
  }

  async get(id: number): Promise<PolicyVersion | null> {
    const [row] = await this.db.query<VersionRow>(`SELECT ${COLUMNS} FROM policy_versions WHERE id = $1`, [id]);
    return row === undefined ? null : toVersion(row);
  }

  async list(): Promise<PolicyVersion[]> {
    return (await this.db.query<VersionRow>(`SELECT ${COLUMNS} FROM policy_versions ORDER BY id`)).map(toVersion);
  }

  async live(at: number): Promise<PolicyVersion | null> {
    const [row] = await this.db.query<VersionRow>(`SELECT ${COLUMNS} ${LIVE}`, [at]);
    return row === undefined ? null : toVersion(row);
  }

  async liveId(at: number): Promise<number | null> {
    const [row] = await this.db.query<{ id: number }>({ name: 'cordon_live_policy_id', text: `SELECT id ${LIVE}`, values: [at] });
    return row?.id ?? null;
  }
}

function toVersion(r: VersionRow): PolicyVersion {
  return {
    id: r.id,
    document: r.document,
    hash: r.hash,
    source: r.source,
    author: r.author,
    reason: r.reason,
    approval: r.approval,
    action: r.action === 'rollback' ? 'rollback' : 'apply',
    restores: r.restores,
    opensAtLaw: JSON.parse(r.opens_at_law) as string[],
    createdAt: r.created_at,
    effectiveFrom: r.effective_from,
  };
}
