import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box.js';

const key = randomBytes(32);

describe('secret box', () => {
  it('opens what it sealed, and nothing sealed under another key', () => {
    const sealed = sealSecret(key, 'https://outlook.office.com/webhook/abc');
    expect(openSecret(key, sealed)).toBe('https://outlook.office.com/webhook/abc');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow();
  });

  it('refuses a tag of any other length than 16 bytes, so a short tag cannot be guessed', () => {
    // A truncated genuine tag would verify without the pin (GCM compares only the bytes given).
    const [version, iv, tag, data] = sealSecret(key, 'sendgrid-key-1234').split('.') as [
      string,
      string,
      string,
      string,
    ];
    const full = Buffer.from(tag, 'base64');
    for (const length of [0, 1, 4, 8, 12, 15])
      expect(
        () => openSecret(key, [version, iv, full.subarray(0, length).toString('base64'), data].join('.')),
        String(length),
      ).toThrow();
    expect(() =>
      openSecret(key, [version, iv, Buffer.concat([full, Buffer.alloc(1)]).toString('base64'), data].join('.')),
    ).toThrow();
    const flipped = Buffer.from(data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(key, [version, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
  });
});
