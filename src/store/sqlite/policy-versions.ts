/**
 * Policy versions on SQLite. A version and its `policy_change` audit record are written in one
 * IMMEDIATE transaction, so the log never misses a change and never names a version that is not there.
 */
import type Database from 'better-sqlite3';
import type { NewPolicyVersion, PolicyVersion, PolicyVersions } from '../evidence-port.js';
import { VERSION_COLUMNS, policyChangeEntry, storedVersion, toPolicyVersion, toVersionRow, type VersionRow } from '../shared/policy-version-rows.js';
import type { SqliteAuditStore } from './audit-store.js';

export class SqlitePolicyVersions implements PolicyVersions {
  readonly #byId: Database.Statement<[number], VersionRow>;
  readonly #all: Database.Statement<[], VersionRow>;
  readonly #live: Database.Statement<[number], VersionRow>;
  readonly #liveId: Database.Statement<[number], { id: number }>;
  readonly #add: (version: NewPolicyVersion) => PolicyVersion;

  constructor(db: Database.Database, audit: SqliteAuditStore) {
    this.#byId = db.prepare(`SELECT ${VERSION_COLUMNS} FROM policy_versions WHERE id = ?`);
    this.#all = db.prepare(`SELECT ${VERSION_COLUMNS} FROM policy_versions ORDER BY id`);
    const live = 'FROM policy_versions WHERE effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1';
    this.#live = db.prepare(`SELECT ${VERSION_COLUMNS} ${live}`);
    this.#liveId = db.prepare(`SELECT id ${live}`);
    const insert = db.prepare<Omit<VersionRow, 'id'>>(
      `INSERT INTO policy_versions (document, hash, source, author, reason, approval, action, restores, opens_at_law, created_at, effective_from)
       VALUES (@document, @hash, @source, @author, @reason, @approval, @action, @restores, @opens_at_law, @created_at, @effective_from)`,
    );
    const add = db.transaction((v: NewPolicyVersion): PolicyVersion => {
      const id = Number(insert.run(toVersionRow(v)).lastInsertRowid);
      audit.appendInTransaction([policyChangeEntry(id, v)]);
      return storedVersion(id, v);
    });
    this.#add = (v) => add.immediate(v);
  }

  async add(version: NewPolicyVersion): Promise<PolicyVersion> {
    return this.#add(version);
  }

  async get(id: number): Promise<PolicyVersion | null> {
    const row = this.#byId.get(id);
    return row === undefined ? null : toPolicyVersion(row);
  }

  async list(): Promise<PolicyVersion[]> {
    return this.#all.all().map(toPolicyVersion);
  }

  async live(at: number): Promise<PolicyVersion | null> {
    const row = this.#live.get(at);
    return row === undefined ? null : toPolicyVersion(row);
  }

  async liveId(at: number): Promise<number | null> {
    return this.#liveId.get(at)?.id ?? null;
  }
}
