import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// Signed reply addresses: `support+t<ticket>-<recipient>-<mac>@domain`, ids in base 36 and an
// 80-bit HMAC-SHA256 in lower-case hex (mail servers may lower-case local parts). The token binds
// the ticket and the user it was sent to, so it cannot be guessed or moved to another ticket;
// nothing is stored, the worker that sends and the intake that receives derive the same key.

/** The HMAC key for reply addresses, derived from APP_SECRET_KEY (never the encryption key itself). */
export function replyAddressKey(appSecretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecretKey, Buffer.alloc(0), 'ticketflow mail reply address v1', 32));
}

const mac = (key: Buffer, ticketId: number, userId: number) =>
  createHmac('sha256', key).update(`${ticketId}\n${userId}`).digest().subarray(0, 10).toString('hex');

/** The token for one ticket and recipient. */
export function signReplyToken(key: Buffer, ticketId: number, userId: number): string {
  return `t${ticketId.toString(36)}-${userId.toString(36)}-${mac(key, ticketId, userId)}`;
}

/** The mailbox address with the token as its +tag: `support+<token>@example.com`. */
export function signedReplyAddress(key: Buffer, mailboxAddress: string, ticketId: number, userId: number): string {
  const at = mailboxAddress.lastIndexOf('@');
  const local = mailboxAddress.slice(0, at).split('+')[0];
  return `${local}+${signReplyToken(key, ticketId, userId)}${mailboxAddress.slice(at)}`;
}

const tokenPattern = /^t([0-9a-z]{1,8})-([0-9a-z]{1,8})-([0-9a-f]{20})$/;

/** The ticket and recipient a genuine token names; null for anything altered or made up. */
export function verifyReplyToken(key: Buffer, token: string): { ticketId: number; userId: number } | null {
  const match = tokenPattern.exec(token.toLowerCase());
  if (!match) return null;
  const ticketId = parseInt(match[1]!, 36);
  const userId = parseInt(match[2]!, 36);
  const expected = Buffer.from(mac(key, ticketId, userId));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ticketId, userId } : null;
}

/** The +tag of an address (`support+tag@x` → `tag`), or null. */
export function plusTag(address: string): string | null {
  const local = address.slice(0, address.lastIndexOf('@'));
  const plus = local.indexOf('+');
  return plus >= 0 ? local.slice(plus + 1) : null;
}

/** The address without its +tag, lower-cased: what identifies a mailbox. */
export function baseAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at).split('+')[0]}${address.slice(at)}`.toLowerCase();
}
