/**
 * Plain network lists an operator can add to the anonymizer signals: CIDR lists (one block or address
 * per line) and ASN lists (one `AS123` or `123` per line, or the YAML form of
 * data/enforcement/hosting-asns.yaml). `#` starts a comment. Pure: text in, sets out; a bad line
 * throws `ListFormatError` naming it.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { CidrListError, parseCidrList, type CidrSet } from '../address/index.js';

export class ListFormatError extends Error {
  override readonly name = 'ListFormatError';
  constructor(readonly line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message);
  }
}

interface Entry {
  readonly line: number;
  readonly text: string;
}

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const value = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (value !== '') out.push({ line: i + 1, text: value });
  });
  return out;
}

export function parseCidrListText(text: string): CidrSet {
  const list = entries(text);
  try {
    return parseCidrList(list.map((e) => e.text));
  } catch (error) {
    if (error instanceof CidrListError) throw new ListFormatError(list[error.index]?.line ?? 0, `"${error.entry}": ${error.reason}`);
    throw error;
  }
}

const asnYaml = z
  .object({
    source: z.string().min(1),
    as_of: z.union([z.string(), z.date()]),
    notes: z.string().optional(),
    flag: z.string().optional(),
    asns: z.array(z.object({ asn: z.number().int().nonnegative(), org: z.string().optional() }).strict()),
  })
  .strict();

export interface AsnList {
  readonly asns: ReadonlySet<number>;
  /** From the YAML form; null for a plain list. */
  readonly source: string | null;
  readonly asOf: string | null;
}

/** `yaml: true` for the YAML form (chosen by the file name's extension). */
export function parseAsnList(text: string, options: { readonly yaml: boolean }): AsnList {
  if (options.yaml) {
    const parsed = asnYaml.safeParse(parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ListFormatError(0, `${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`);
    }
    const asOf = parsed.data.as_of instanceof Date ? parsed.data.as_of.toISOString().slice(0, 10) : parsed.data.as_of;
    return { asns: new Set(parsed.data.asns.map((a) => a.asn)), source: parsed.data.source, asOf };
  }
  const asns = new Set<number>();
  for (const { line, text: value } of entries(text)) {
    const m = /^(?:AS)?(\d{1,10})$/i.exec(value);
    if (m === null) throw new ListFormatError(line, `"${value}" is not an AS number (AS123 or 123)`);
    asns.add(Number(m[1]));
  }
  return { asns, source: null, asOf: null };
}
