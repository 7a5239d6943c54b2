import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM: confidentiality and integrity; a tampered or wrongly keyed value fails to open.
const algorithm = 'aes-256-gcm';

/** Encrypts an integration secret with the 32-byte APP_SECRET_KEY: `v1.<iv>.<tag>.<ciphertext>` in base64. */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
}

/** Decrypts what sealSecret produced; throws when the key is wrong or the value was altered. */
export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a sealed secret');
  const decipher = createDecipheriv(algorithm, key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

/** The last four characters, the only part of a secret ever shown again. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}
