/**
 * node:crypto at the edge: SHA-256 and Ed25519 for the governance rules of
 * core/governance.ts. Public keys are written `ed25519:<base64 of the raw 32 bytes>`,
 * signatures as base64 of the 64 raw bytes, private keys as PKCS#8 PEM.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { InputError } from '../core/errors.js';
import { PUBLIC_KEY_PREFIX, type GovernanceCrypto } from '../core/governance.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function b64urlToB64(s: string): string {
  const b = s.replace(/-/g, '+').replace(/_/g, '/');
  return b + '='.repeat((4 - (b.length % 4)) % 4);
}

function b64ToB64url(s: string): string {
  return s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes strict base64 (canonical padding, no whitespace) or returns null. */
function strictBase64(s: string, bytes: number): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  const buf = Buffer.from(s, 'base64');
  if (buf.length !== bytes || buf.toString('base64') !== s) return null;
  return buf;
}

function publicKeyText(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new InputError('key', 'not an Ed25519 key');
  return PUBLIC_KEY_PREFIX + b64urlToB64(jwk.x);
}

/**
 * Normalizes a public key given as `ed25519:<base64>` or bare base64 of the raw 32 bytes
 * to the `ed25519:` form; throws InputError naming `field` when it is not a valid key.
 */
export function parsePublicKey(raw: string, field = 'key'): string {
  const s = raw.trim();
  const body = s.startsWith(PUBLIC_KEY_PREFIX) ? s.slice(PUBLIC_KEY_PREFIX.length) : s;
  const bytes = strictBase64(body, 32);
  if (!bytes) throw new InputError(field, `expected an Ed25519 public key (ed25519:<base64 of 32 bytes>), got "${raw}"`);
  try {
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64ToB64url(body) }, format: 'jwk' });
  } catch {
    throw new InputError(field, `not a valid Ed25519 public key: "${raw}"`);
  }
  return PUBLIC_KEY_PREFIX + body;
}

export interface KeyPair {
  privateKeyPem: string;
  publicKey: string;
}

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKeyText(publicKey) };
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: string;
}

/** Reads a PKCS#8 PEM Ed25519 private key; `field` names the flag in errors. */
export function parsePrivateKey(pem: string, field = '--key'): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new InputError(field, 'not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new InputError(field, `expected an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  }
  return { privateKey, publicKey: publicKeyText(createPublicKey(privateKey)) };
}

export function signMessage(key: SigningKey, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), key.privateKey).toString('base64');
}

export function verifySignature(publicKey: string, message: string, signatureB64: string): boolean {
  if (!publicKey.startsWith(PUBLIC_KEY_PREFIX)) return false;
  const body = publicKey.slice(PUBLIC_KEY_PREFIX.length);
  const sig = strictBase64(signatureB64, 64);
  if (!sig || !strictBase64(body, 32)) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64ToB64url(body) }, format: 'jwk' });
    return verify(null, Buffer.from(message, 'utf8'), key, sig);
  } catch {
    return false;
  }
}

export const nodeGovernanceCrypto: GovernanceCrypto = { sha256Hex, verify: verifySignature };
