/**
 * Ed25519 keys for checkpoint signatures (ADR 0014): reading a private key (the signer's secret) or a
 * public key (what an auditor holds) from PEM or one line of base64, the key id that names a key in a
 * signature, and making a new pair. Node's crypto; no I/O.
 *
 * A key id is the first 16 hex digits of the SHA-256 of the public key's DER (SubjectPublicKeyInfo),
 * so anyone can recompute it: `openssl pkey -pubin -in KEY.pub -outform DER | sha256sum | cut -c1-16`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The private key that signs new checkpoints, with the id of its public key. */
export interface Ed25519SigningKey {
  readonly algorithm: 'ed25519';
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A public key that verifies checkpoints. */
export interface Ed25519PublicKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** A new key pair as files hold it: the private key as PKCS#8 PEM, the public key as SPKI PEM. */
export interface Ed25519KeyPairText {
  readonly keyId: string;
  readonly privatePem: string;
  readonly publicPem: string;
  /** The public key's DER in base64, one line (what `audit.checkpoint_public_keys` lists). */
  readonly publicBase64: string;
}

const PRIVATE_EXPECTED = 'expected an Ed25519 private key: PEM ("BEGIN PRIVATE KEY", PKCS#8) or the base64 of its DER on one line';
const PUBLIC_EXPECTED = 'expected an Ed25519 public key: PEM ("BEGIN PUBLIC KEY") or the base64 of its DER on one line';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Throws a TypeError saying what was expected when `text` is not an Ed25519 private key. */
export function readSigningKey(text: string): Ed25519SigningKey {
  if (text.includes('PUBLIC KEY')) throw new TypeError(`this is a public key; ${PRIVATE_EXPECTED}`);
  const key = parseKey(text, PRIVATE_EXPECTED, (pem) => createPrivateKey({ key: pem, format: 'pem' }), (der) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new TypeError(`${describe(key)}; ${PRIVATE_EXPECTED}`);
  const publicKey = createPublicKey(key);
  return { algorithm: 'ed25519', keyId: checkpointKeyId(publicKey), privateKey: key, publicKey };
}

/** Throws a TypeError saying what was expected when `text` is not an Ed25519 public key (a private key is refused too). */
export function readPublicKey(text: string): Ed25519PublicKey {
  if (text.includes('PRIVATE KEY')) throw new TypeError(`this is a private key; give its public key (${PUBLIC_EXPECTED.replace('expected ', '')})`);
  const key = parseKey(text, PUBLIC_EXPECTED, (pem) => createPublicKey({ key: pem, format: 'pem' }), (der) => createPublicKey({ key: der, format: 'der', type: 'spki' }));
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') throw new TypeError(`${describe(key)}; ${PUBLIC_EXPECTED}`);
  return { keyId: checkpointKeyId(key), publicKey: key };
}

/** The first 16 hex digits of SHA-256 over the public key's SubjectPublicKeyInfo DER. */
export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export function generateCheckpointKeyPair(): Ed25519KeyPairText {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: checkpointKeyId(publicKey),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

function parseKey(text: string, expected: string, fromPem: (pem: string) => KeyObject, fromDer: (der: Buffer) => KeyObject): KeyObject {
  // Environments that cannot hold new lines often carry a PEM with "\n" written out.
  const trimmed = text.replaceAll('\\n', '\n').trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) return fromPem(trimmed);
    const compact = trimmed.replace(/\s+/g, '');
    if (BASE64.test(compact)) return fromDer(Buffer.from(compact, 'base64'));
  } catch {
    // fall through: say what was expected rather than what OpenSSL said
  }
  throw new TypeError(expected);
}

function describe(key: KeyObject): string {
  return `got a ${key.type} key${key.asymmetricKeyType === undefined ? '' : ` (${key.asymmetricKeyType})`}`;
}
