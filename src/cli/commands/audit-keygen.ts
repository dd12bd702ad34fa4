/**
 * `cordon audit keygen`: a new Ed25519 key pair for checkpoint signatures (ADR 0014) — the private key
 * (PKCS#8 PEM, mode 0600) and the public key (SPKI PEM) written to a folder, never over an existing
 * file; what to set printed, the private key itself not.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCheckpointKeyPair } from '../../audit/index.js';
import type { CliIo } from '../context.js';
import { CommandError, writeJson } from '../output.js';

export const SIGNING_KEY_FILE = 'cordon-audit-checkpoint.key';
export const PUBLIC_KEY_FILE = 'cordon-audit-checkpoint.pub';
const ENV_NAME = 'CORDON_AUDIT_SIGNING_KEY';

export function keygen(io: CliIo, options: { readonly out: string; readonly json?: boolean }): void {
  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateCheckpointKeyPair();
  const privateFile = join(dir, SIGNING_KEY_FILE);
  const publicFile = join(dir, PUBLIC_KEY_FILE);
  writeNew(privateFile, pair.privatePem, 0o600);
  try {
    writeNew(publicFile, pair.publicPem, 0o644);
  } catch (err) {
    rmSync(privateFile); // no private key left behind without its public key
    throw err;
  }
  if (options.json === true) {
    return writeJson(io, { key_id: pair.keyId, private_key_file: privateFile, public_key_file: publicFile, public_key: pair.publicBase64, env: ENV_NAME });
  }
  io.out.write(
    [
      `Ed25519 checkpoint key ${pair.keyId}:`,
      `  private key  ${privateFile} (mode 0600: keep it on the host that runs \`cordon audit anchor\` and \`prune\`, away from the database)`,
      `  public key   ${publicFile} (give it to auditors: cordon audit verify --public-key ${PUBLIC_KEY_FILE})`,
      '',
      'Set in the environment of `cordon audit anchor` and `prune`:',
      `  ${ENV_NAME}="$(cat '${privateFile}')"`,
      'and in the config:',
      '  audit:',
      `    checkpoint_signing_key: env:${ENV_NAME}`,
      `    checkpoint_public_keys: ["${pair.publicBase64}"]`,
      '',
    ].join('\n'),
  );
}

function writeNew(file: string, text: string, mode: number): void {
  try {
    writeFileSync(file, text, { mode, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandError(code === 'EEXIST' ? `${file} exists: not overwritten (move it away, or choose another folder with --out)` : `cannot write ${file}: ${code ?? String(err)}`);
  }
}
