/**
 * The export format, one record per line: `{"seq","at","time","kind","ref","data","prev_hash","hash"}`
 * — `at` is the hashed epoch-ms integer, `time` the same instant in ISO 8601 for people.
 */
import { isAuditKind, type AuditRecord, type JsonObject } from '../../audit/index.js';
import { CommandError } from '../output.js';

export function recordLine(r: AuditRecord): string {
  return `${JSON.stringify({ seq: r.seq, at: r.at, time: new Date(r.at).toISOString(), kind: r.kind, ref: r.ref, data: r.data, prev_hash: r.prevHash, hash: r.hash })}\n`;
}

export function parseExportLine(line: string, where: string): AuditRecord {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new CommandError(`${where}: not a JSON line`);
  }
  const { seq, at, kind, ref, data, prev_hash: prevHash, hash } = v;
  if (typeof seq !== 'number' || typeof at !== 'number' || typeof kind !== 'string' || !isAuditKind(kind) || typeof ref !== 'string' || typeof prevHash !== 'string' || typeof hash !== 'string' || typeof data !== 'object' || data === null) {
    throw new CommandError(`${where}: not an audit record (expected seq, at, kind, ref, data, prev_hash, hash)`);
  }
  return { seq, at, kind, ref, data: data as JsonObject, prevHash, hash };
}
