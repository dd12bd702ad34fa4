/**
 * Policy versions on SQLite. A version and its `policy_change` audit record are written in one
 * IMMEDIATE transaction, so the log never misses a change and never names a version that is not there.
 */
import type Database from 'better-sqlite3';
import { policyChangeData, policyChangeRef } from '../../audit/index.js';
import type { NewPolicyVersion, PolicyVersion, PolicyVersions } from '../evidence-port.js';
import type { SqliteAuditStore } from './audit-store.js';

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

export class SqlitePolicyVersions implements PolicyVersions {
  readonly #byId: Database.Statement<[number], VersionRow>;
  readonly #all: Database.Statement<[], VersionRow>;
  readonly #live: Database.Statement<[number], VersionRow>;
  readonly #liveId: Database.Statement<[number], { id: number }>;
  readonly #add: (version: NewPolicyVersion) => PolicyVersion;

  constructor(db: Database.Database, audit: SqliteAuditStore) {
    this.#byId = db.prepare(`SELECT ${COLUMNS} FROM policy_versions WHERE id = ?`);
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM policy_versions ORDER BY id`);
    const live = 'FROM policy_versions WHERE effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1';
    this.#live = db.prepare(`SELECT ${COLUMNS} ${live}`);
    this.#liveId = db.prepare(`SELECT id ${live}`);
    const insert = db.prepare<Omit<VersionRow, 'id'>>(
      `INSERT INTO policy_versions (document, hash, source, author, reason, approval, action, restores, opens_at_law, created_at, effective_from)
       VALUES (@document, @hash, @source, @author, @reason, @approval, @action, @restores, @opens_at_law, @created_at, @effective_from)`,
    );
    const add = db.transaction((v: NewPolicyVersion): PolicyVersion => {
      const id = Number(
        insert.run({
          document: v.document,
          hash: v.hash,
          source: v.source,
          author: v.author,
          reason: v.reason,
          approval: v.approval,
          action: v.action,
          restores: v.restores,
          opens_at_law: JSON.stringify(v.opensAtLaw),
          created_at: v.createdAt,
          effective_from: v.effectiveFrom,
        }).lastInsertRowid,
      );
      audit.appendInTransaction([
        {
          kind: 'policy_change',
          at: v.createdAt,
          ref: policyChangeRef(id),
          data: policyChangeData({
            version: id,
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
      return { id, ...stored };
    });
    this.#add = (v) => add.immediate(v);
  }

  async add(version: NewPolicyVersion): Promise<PolicyVersion> {
    return this.#add(version);
  }

  async get(id: number): Promise<PolicyVersion | null> {
    const row = this.#byId.get(id);
    return row === undefined ? null : toVersion(row);
  }

  async list(): Promise<PolicyVersion[]> {
    return this.#all.all().map(toVersion);
  }

  async live(at: number): Promise<PolicyVersion | null> {
    const row = this.#live.get(at);
    return row === undefined ? null : toVersion(row);
  }

  async liveId(at: number): Promise<number | null> {
    return this.#liveId.get(at)?.id ?? null;
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
