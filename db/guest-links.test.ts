import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  guestLinkKey,
  guestLinkLifetimeSeconds,
  guestTokenTicketId,
  newGuestToken,
  signGuestToken,
  verifyGuestToken,
} from './guest-links.js';

const key = guestLinkKey(randomBytes(32));
const now = new Date('2026-12-01T10:00:00Z');

describe('guest link tokens', () => {
  it('open the ticket they were issued for, for the requester e-mail they were issued to, until they expire', () => {
    const token = newGuestToken(key, 42, 'Gina@Example.com', now);
    expect(guestTokenTicketId(token)).toBe(42);
    expect(verifyGuestToken(key, token, 'gina@example.com', now)).toBe('valid');
    expect(verifyGuestToken(key, token, 'someone@example.com', now)).toBe('invalid');
    const justBefore = new Date(now.getTime() + (guestLinkLifetimeSeconds - 1) * 1000);
    expect(verifyGuestToken(key, token, 'gina@example.com', justBefore)).toBe('valid');
    expect(
      verifyGuestToken(key, token, 'gina@example.com', new Date(now.getTime() + guestLinkLifetimeSeconds * 1000)),
    ).toBe('expired');
  });

  it('refuse any change to the ticket id, expiry or signature, and tokens signed with another key', () => {
    const expiresAt = Math.floor(now.getTime() / 1000) + 3600;
    const token = signGuestToken(key, { ticketId: 42, email: 'g@example.com', expiresAt });
    const [id, expiry, signature] = token.split('.') as [string, string, string];
    expect(verifyGuestToken(key, `43.${expiry}.${signature}`, 'g@example.com', now)).toBe('invalid');
    expect(verifyGuestToken(key, `${id}.${Number(expiry) + 86_400}.${signature}`, 'g@example.com', now)).toBe(
      'invalid',
    );
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(verifyGuestToken(key, `${id}.${expiry}.${flipped}`, 'g@example.com', now)).toBe('invalid');
    expect(verifyGuestToken(guestLinkKey(randomBytes(32)), token, 'g@example.com', now)).toBe('invalid');
    const lastSpelledOtherwise = `${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(42) ^ 1)}`;
    expect(verifyGuestToken(key, `${id}.${expiry}.${lastSpelledOtherwise}`, 'g@example.com', now)).toBe('invalid');
    for (const junk of ['', 'abc', `${token}x`, `0.${expiry}.${signature}`, `${id}.${expiry}`])
      expect(verifyGuestToken(key, junk, 'g@example.com', now)).toBe('invalid');
  });

  it('say "expired" only of a link that was really issued', () => {
    const past = Math.floor(now.getTime() / 1000) - 1;
    const expired = signGuestToken(key, { ticketId: 7, email: 'g@example.com', expiresAt: past });
    expect(verifyGuestToken(key, expired, 'g@example.com', now)).toBe('expired');
    expect(verifyGuestToken(guestLinkKey(randomBytes(32)), expired, 'g@example.com', now)).toBe('invalid');
  });
});
