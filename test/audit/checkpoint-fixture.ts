/** What the checkpoint tests share: harnesses disposed after the file, a log of action records, the verify JSON. */
import { after } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceHarness, evidenceHarnessBeside, type EvidenceHarness } from '../helpers/evidence-harness.js';

export const T0 = Date.UTC(2026, 10, 1);
export const DAY = 86_400_000;

/** `cordon audit verify --json`, the fields these tests read. */
export interface VerifyJson {
  ok: boolean;
  checked: number;
  problems: { kind: string; seq: number }[];
  start_checkpoint: { kind: string; seq: number; hash: string } | null;
  checkpoints: { kind: string; seq: number; signature: string | null; algorithm: string | null; key_id: string | null; signature_status: string }[];
  signed_through: { kind: string; seq: number; at: string; algorithm: string | null; key_id: string | null } | null;
}

/** Call at the top of a test file: every harness made through it is disposed after the file. */
export function harnesses(): { fresh: typeof evidenceHarness; beside: typeof evidenceHarnessBeside } {
  const made: EvidenceHarness[] = [];
  after(() => made.forEach((h) => h.dispose()));
  const track = (h: EvidenceHarness) => (made.push(h), h);
  return { fresh: (...args) => track(evidenceHarness(...args)), beside: (...args) => track(evidenceHarnessBeside(...args)) };
}

/** Records `from + 1` … `to`: one action a day from T0 (record n on 2026-11-n). */
export async function appendActions(h: EvidenceHarness, from: number, to: number): Promise<void> {
  const store = h.open();
  for (let i = from; i < to; i++) await store.audit.append({ kind: 'action', at: T0 + i * DAY, ref: `key_${i}`, data: { action: 'warn', note: `record ${i + 1}` } });
  await store.close();
}

export function writeKeyFile(h: EvidenceHarness, name: string, pem: string): string {
  const file = join(h.dir, name);
  writeFileSync(file, pem);
  return file;
}
