/**
 * Each download checked as what it claims to be before it may replace anything: an MMDB file opened
 * and verified in full exactly as the geo service does at start (src/origin/mmdb/), a list parsed with
 * bounds on its entries. Errors say what is wrong; the caller keeps the old data.
 */
import { GeoDataError, openMmdbSource, type SubdivisionNames } from '../origin/mmdb/index.js';
import { parseAsnList, parseCidrListText, parseTorExitList } from '../origin/lists/index.js';
import type { MmdbRole } from './settings.js';

export class VerificationError extends Error {
  override readonly name = 'VerificationError';
}

/** Verifies the MMDB file at `path` (written beside the one in use) as a database of `role`; its build date. */
export async function verifyMmdbFile(path: string, role: MmdbRole, names: SubdivisionNames): Promise<{ built: string; type: string }> {
  try {
    const source = await openMmdbSource(path, role, names);
    return { built: source.info.buildEpoch.toISOString(), type: source.info.databaseType };
  } catch (error) {
    throw new VerificationError(error instanceof GeoDataError ? error.reason : String(error));
  }
}

/** Lines that are neither blank nor comments: counted before parsing, so a huge file is refused cheaply. */
function countEntries(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) n++;
  }
  return n;
}

/**
 * Parses a downloaded list and returns its number of entries. An empty list is refused: a list that
 * suddenly says nothing (an empty answer, a captive portal's page) would silently turn its flag off.
 */
export function verifyList(kind: 'tor_exits' | 'cidr' | 'asn', text: string, maxEntries: number): { entries: number; detail: string } {
  if (text.includes('\0')) throw new VerificationError('not a text list (binary content)');
  const lines = countEntries(text);
  if (lines > maxEntries) throw new VerificationError(`${lines} entries, over the limit of ${maxEntries} (updates.max_entries)`);
  let entries: number;
  let detail: string;
  try {
    if (kind === 'tor_exits') {
      const parsed = parseTorExitList(text);
      // The bulk list has nothing but addresses; lines that are not one mean this is not the list (an HTML page).
      if (parsed.skipped * 100 > parsed.list.size) throw new VerificationError(`${parsed.skipped} of ${lines} lines are not exit addresses: not a Tor exit list`);
      entries = parsed.list.size;
      detail = parsed.format;
    } else if (kind === 'cidr') {
      parseCidrListText(text);
      entries = lines;
      detail = 'cidr';
    } else {
      entries = parseAsnList(text, { yaml: false }).asns.size;
      detail = 'asn';
    }
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    throw new VerificationError(`not a valid ${kind} list: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (entries === 0) throw new VerificationError('the list is empty; the one in use is kept');
  return { entries, detail };
}
