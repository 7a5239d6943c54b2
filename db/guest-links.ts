import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// Signed links for guests (no account): `<ticket id>.<expiry, epoch seconds>.<HMAC-SHA256>`, the
// MAC in base64url over the ticket id, the requester's e-mail and the expiry. The e-mail is not in
// the token but is part of what is signed, so a link stops working if the ticket's requester
// changes. Nothing is stored: the server and the worker (which e-mails the links) both derive the
// key from APP_SECRET_KEY. Lives beside secret-box.ts for the same reason: both processes need it.

/** How long an e-mailed guest link works; every e-mail about the ticket carries a fresh one. */
export const guestLinkLifetimeSeconds = 30 * 24 * 60 * 60;

/** The portal page a guest link opens. */
export const guestTicketPath = (token: string) => `/guest/t/${token}`;

const tokenPattern = /^([1-9]\d{0,9})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * The HMAC key for guest links, derived from APP_SECRET_KEY with HKDF so it is never the key
 * that encrypts integration secrets.
 */
export function guestLinkKey(appSecretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecretKey, Buffer.alloc(0), 'ticketflow guest link v1', 32));
}

function mac(key: Buffer, ticketId: number, email: string, expiresAt: number): Buffer {
  // E-mail addresses compare case-insensitively everywhere (users_email_lower_unique).
  return createHmac('sha256', key).update(`${ticketId}\n${email.trim().toLowerCase()}\n${expiresAt}`).digest();
}

/** Signs a link to one ticket for its requester's e-mail, valid until `expiresAt` (epoch seconds). */
export function signGuestToken(key: Buffer, claim: { ticketId: number; email: string; expiresAt: number }): string {
  return `${claim.ticketId}.${claim.expiresAt}.${mac(key, claim.ticketId, claim.email, claim.expiresAt).toString('base64url')}`;
}

/** A fresh token for the ticket, expiring `guestLinkLifetimeSeconds` from `now`. */
export function newGuestToken(key: Buffer, ticketId: number, email: string, now = new Date()): string {
  return signGuestToken(key, {
    ticketId,
    email,
    expiresAt: Math.floor(now.getTime() / 1000) + guestLinkLifetimeSeconds,
  });
}

/** The ticket id a token names, before any check; null when it is not shaped like a token at all. */
export function guestTokenTicketId(token: string): number | null {
  const match = tokenPattern.exec(token);
  return match ? Number(match[1]) : null;
}

/**
 * Checks a token against the e-mail of the ticket's requester. The signature is checked first, so
 * "expired" is only ever said of a link we really issued.
 */
export function verifyGuestToken(
  key: Buffer,
  token: string,
  email: string,
  now = new Date(),
): 'valid' | 'expired' | 'invalid' {
  const match = tokenPattern.exec(token);
  if (!match) return 'invalid';
  const [, id, expiry, signature] = match as unknown as [string, string, string, string];
  // Compared as text: base64url decoding ignores the last character's spare bits, so comparing
  // bytes would accept a few altered spellings of the same signature.
  const expected = Buffer.from(mac(key, Number(id), email, Number(expiry)).toString('base64url'));
  const presented = Buffer.from(signature);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'invalid';
  return Number(expiry) * 1000 <= now.getTime() ? 'expired' : 'valid';
}
