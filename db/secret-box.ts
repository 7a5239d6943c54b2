import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM: confidentiality and integrity; a tampered or wrongly keyed value fails to open.
const algorithm = 'aes-256-gcm';
// The full 128-bit tag, pinned both ways: GCM also "verifies" tags cut to a few bytes unless told
// the length, and a short tag can be forged by trying (NIST SP 800-38D, appendix C).
const tagBytes = 16;

/** Encrypts an integration secret with the 32-byte APP_SECRET_KEY: `v1.<iv>.<tag>.<ciphertext>` in base64. */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv, { authTagLength: tagBytes });
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
}

/** Decrypts what sealSecret produced; throws when the key is wrong, the tag is not 16 bytes, or the value was altered. */
export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a sealed secret');
  const tagBuffer = Buffer.from(tag, 'base64');
  const ivBuffer = Buffer.from(iv, 'base64');
  if (tagBuffer.length !== tagBytes || ivBuffer.length !== 12) throw new Error('not a sealed secret');
  const decipher = createDecipheriv(algorithm, key, ivBuffer, { authTagLength: tagBytes });
  decipher.setAuthTag(tagBuffer);
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

/** The last four characters, the only part of a secret ever shown again. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}
