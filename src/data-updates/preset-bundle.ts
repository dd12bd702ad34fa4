/**
 * Signed preset bundles: provider-terms and law presets published by URL, so an operator takes a list
 * update without upgrading Cordon. A bundle is JSON `{ "payload": base64, "signature": base64 }`; the
 * payload is JSON `{ "format": "cordon-presets/1", "built": ISO date, "files": { path: text } }`, a
 * whole presets folder (the layout of data/presets/). The signature is Ed25519 over the payload's
 * bytes, checked against the public key pinned in config before anything in it is read.
 *
 * Installed as `data_dir/presets/<hash>/` (checked by the preset loader like the bundled folder) with
 * `data_dir/presets/current.json` pointing at it, replaced by rename: the policy reads one folder or
 * the other, never a mix. A bundle older than the one installed is refused (a replayed old bundle).
 */
import { verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readPublicKey } from '../audit/index.js';
import { loadPresetCatalog, presetCatalogBuilt } from '../policy/index.js';
import { sha256, writeAtomically } from './swap.js';
import { VerificationError } from './verify.js';

export const BUNDLE_FORMAT = 'cordon-presets/1';

const envelope = z.object({ payload: z.string().min(1), signature: z.string().min(1) }).strict();
const payloadSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    built: z.string().datetime({ offset: true }),
    files: z.record(z.string(), z.string()),
  })
  .strict();

/** What a presets folder may hold: nothing outside it, nothing but lists (docs/data.md). */
const FILE_PATH = /^(iso3166-1\.json|subdivision-aliases\.yaml|(terms|law)\/[a-z0-9][a-z0-9_-]*(\/\d{4}-\d{2}-\d{2})?\.yaml)$/;

export interface VerifiedBundle {
  readonly built: string;
  readonly files: Readonly<Record<string, string>>;
  readonly sha256: string;
}

/** Checks the signature, then the payload's shape; throws `VerificationError`. */
export function openBundle(data: Buffer, publicKeyText: string): VerifiedBundle {
  let key;
  try {
    key = readPublicKey(publicKeyText);
  } catch (error) {
    throw new VerificationError(`the pinned public key cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let outer;
  try {
    outer = envelope.parse(JSON.parse(data.toString('utf8')));
  } catch {
    throw new VerificationError('not a preset bundle: expected JSON { "payload", "signature" }');
  }
  const payload = Buffer.from(outer.payload, 'base64');
  const signature = Buffer.from(outer.signature, 'base64');
  if (signature.length !== 64 || !verifySignature(null, payload, key.publicKey, signature)) {
    throw new VerificationError(`the signature does not verify with the pinned key ${key.keyId}: the bundle is refused`);
  }
  const parsed = payloadSchema.safeParse(JSON.parse(payload.toString('utf8')));
  if (!parsed.success) throw new VerificationError(`signed, but not a ${BUNDLE_FORMAT} payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  for (const path of Object.keys(parsed.data.files)) {
    if (!FILE_PATH.test(path)) throw new VerificationError(`the bundle holds "${path}", which is not a preset file`);
  }
  return { built: new Date(parsed.data.built).toISOString(), files: parsed.data.files, sha256: sha256(payload) };
}

/** The pointer to the installed bundle. */
export function currentPointer(presetsRoot: string): string {
  return join(presetsRoot, 'current.json');
}

interface Pointer {
  readonly dir: string;
  readonly built: string;
  readonly sha256: string;
}

/** The installed bundle's folder, or null (then the presets shipped with Cordon are used). Sync: read when the policy loads. */
export function installedPresets(presetsRoot: string): (Pointer & { readonly path: string }) | null {
  try {
    const p = JSON.parse(readFileSync(currentPointer(presetsRoot), 'utf8')) as Pointer;
    if (typeof p.dir !== 'string' || !/^[0-9a-f]{16}$/.test(p.dir)) return null;
    return { ...p, path: join(presetsRoot, p.dir) };
  } catch {
    return null;
  }
}

/**
 * Writes the bundle's files to a new folder, loads them as the policy would (every list validated),
 * then points `current.json` at the folder. Keeps the folder it replaces (a rollback is one edit of
 * the pointer) and removes older ones.
 */
export async function installBundle(presetsRoot: string, bundle: VerifiedBundle): Promise<string> {
  const installed = installedPresets(presetsRoot);
  if (installed !== null && installed.sha256 === bundle.sha256) return installed.path;
  if (installed !== null && Date.parse(bundle.built) <= Date.parse(installed.built)) {
    throw new VerificationError(`the bundle was built ${bundle.built}, not after the one installed (${installed.built}): an old bundle is not installed again`);
  }
  // Without a bundle installed (a fresh data_dir, a lost pointer) the presets shipped with Cordon are the
  // ones to beat: a validly signed but older bundle must not roll them back.
  const shipped = installed === null ? presetCatalogBuilt(loadPresetCatalog()) : null;
  if (shipped !== null && Date.parse(bundle.built) < Date.parse(shipped)) {
    throw new VerificationError(`the bundle was built ${bundle.built}, before the presets shipped with this Cordon were read (${shipped}): an old bundle does not replace newer presets`);
  }
  const name = bundle.sha256.slice(0, 16);
  const staging = join(presetsRoot, `.${name}.${process.pid}.staging`);
  const final = join(presetsRoot, name);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, text] of Object.entries(bundle.files)) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), text);
    }
    try {
      loadPresetCatalog(staging);
    } catch (error) {
      throw new VerificationError(`signed, but its presets do not load: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join('; ') : String(error)}`);
    }
    await rm(final, { recursive: true, force: true });
    await rename(staging, final);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await writeAtomically(currentPointer(presetsRoot), `${JSON.stringify({ dir: name, built: bundle.built, sha256: bundle.sha256 } satisfies Pointer)}\n`);
  const keep = new Set([name, installed?.dir, 'current.json']);
  for (const entry of await readdir(presetsRoot)) {
    if (!keep.has(entry) && /^[0-9a-f]{16}$/.test(entry)) await rm(join(presetsRoot, entry), { recursive: true, force: true });
  }
  return final;
}
