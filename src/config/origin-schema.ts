/**
 * `origin:` in the config file: what the request's origin is made of beyond the databases of `geo:` —
 * the operator's anonymizer lists (docs/origin.md, "Anonymizer lists"; ADR 0012).
 */
import { z } from 'zod';
import { BYPASS_FLAGS } from '../domain/enforcement.js';

const flag = z.enum(BYPASS_FLAGS);

/** The anonymizer lists; also read, deprecated, from their old place `enforcement.lists`. */
export const listsSchema = z
  .object({
    /** Tor bulk exit list or exit-addresses file. */
    tor_exits: z.string().min(1).nullable().default(null),
    cidr: z.array(z.object({ file: z.string().min(1), flag }).strict()).default([]),
    /** `file: bundled` is data/enforcement/hosting-asns.yaml. */
    asn: z.array(z.object({ file: z.string().min(1), flag }).strict()).default([{ file: 'bundled', flag: 'hosting' }]),
    watch: z.boolean().default(true),
  })
  .strict();

/** `lists` has no default here: whether it was written decides which key is read (./origin-resolve.ts). */
export const originSchema = z.object({ lists: listsSchema.optional() }).strict();

export type ListsFile = z.infer<typeof listsSchema>;
