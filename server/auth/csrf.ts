import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { findCaller } from './caller.js';
import { forbidden } from '../http-error.js';

/** The header cookie-authenticated writes carry their CSRF token in. */
export const csrfHeader = 'X-CSRF-Token';

/** The form field plain HTML forms (sign-out) carry the token in instead. */
export const csrfFormField = '_csrf';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A new random token for a session. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session's CSRF token, minted on first use. */
export function sessionCsrfToken(req: Request): string {
  req.session.csrfToken ??= newCsrfToken();
  return req.session.csrfToken;
}

function presentedToken(req: Request): string | undefined {
  const header = req.get(csrfHeader);
  if (header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  return req.is('application/x-www-form-urlencoded') && typeof body?.[csrfFormField] === 'string'
    ? body[csrfFormField]
    : undefined;
}

/** Throws 403 unless the request carries its session's CSRF token. */
export function assertCsrfToken(req: Request): void {
  const presented = presentedToken(req);
  if (!presented)
    throw forbidden(
      `This request needs a CSRF token: get one from GET /api/csrf and send it in the ${csrfHeader} header.`,
    );
  const expected = req.session?.csrfToken;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected ?? '');
  if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw forbidden(
      `The CSRF token is wrong or belongs to another session: get a fresh one from GET /api/csrf and send it in the ${csrfHeader} header.`,
    );
  }
}

/**
 * Refuses cookie-authenticated writes without the session's token. API-key requests are exempt:
 * a browser never attaches an `Authorization` header to a cross-site request on its own.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (!safeMethods.has(req.method) && findCaller(req)?.via === 'session') assertCsrfToken(req);
  next();
};

/**
 * The origin a request says it comes from: its `Origin` header, else the origin of its `Referer`;
 * undefined when neither is present, and `'invalid'` when the one given cannot be read (a malformed
 * Referer is a refusal, never a crash).
 */
export function requestOrigin(req: Request): string | undefined {
  const origin = req.get('origin');
  if (origin !== undefined) return origin;
  const referer = req.get('referer');
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * Cookie-authenticated writes from pages that cannot carry our CSRF header (AdminJS's scripts) must
 * come from this site instead (OWASP: verify the Origin header). Browsers send Origin on every
 * cross-site POST, so a write without Origin or Referer is refused too, as is one a browser marks
 * as cross-site (`Sec-Fetch-Site`). GET and HEAD pass: nothing behind this guard writes on them.
 */
export function sameOriginWrites(publicUrl: string): RequestHandler {
  const site = new URL(publicUrl).origin;
  return (req, _res, next) => {
    if (safeMethods.has(req.method)) return next();
    const origin = requestOrigin(req);
    const fetchSite = req.get('sec-fetch-site');
    if (origin !== site || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none'))
      throw forbidden(
        `Changes must come from ${site} itself (the request's Origin was ${origin === undefined ? 'missing' : origin === 'invalid' ? 'unreadable' : origin}).`,
      );
    next();
  };
}
