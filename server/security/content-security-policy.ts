import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { contentSecurityPolicy } from 'helmet';

type DirectiveValue = string | ((req: IncomingMessage, res: ServerResponse) => string);

/** CSP directives by name, e.g. `{ 'script-src': ["'self'"] }`. */
export type CspDirectives = Record<string, DirectiveValue[]>;

/** What the policy must allow beyond this site. */
export interface CspOptions {
  publicUrl: string;
  /** Origins forms may post or redirect to besides this site: the identity provider's (sign-out). */
  formTargets: () => string[];
}

/** The security headers of every response and the way to loosen the CSP for one mount. */
export interface SecurityHeaders {
  /** Helmet's headers with the site-wide CSP; mount first. */
  headers: RequestHandler;
  /** Replaces the CSP for a mount (e.g. AdminJS at `/admin`) with the site-wide one plus `extra` sources. */
  relaxedFor(extra: Record<string, string[]>): RequestHandler;
  directives: CspDirectives;
}

/**
 * The site-wide policy, made for the Vite-built Vue portal: scripts only from this origin, styles
 * from it plus inline ones (Vue's style bindings and the small built-in pages), API calls and the
 * socket.io websocket to this origin only, no framing, forms only to this site and the issuer.
 */
export function siteCspDirectives(options: CspOptions): CspDirectives {
  const site = new URL(options.publicUrl);
  const websocket = `${site.protocol === 'https:' ? 'wss' : 'ws'}://${site.host}`;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // 'self' covers same-origin websockets in CSP3; older Safari needs the ws(s) origin spelled out.
    'connect-src': ["'self'", websocket],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'", () => [...new Set(options.formTargets())].join(' ')],
    // Only behind TLS: over plain http (local runs) it would rewrite this site's own URLs to https.
    ...(site.protocol === 'https:' ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

function merged(base: CspDirectives, extra: Record<string, string[]>): CspDirectives {
  const result: CspDirectives = { ...base };
  for (const [name, sources] of Object.entries(extra))
    result[name] = [...(result[name] ?? base['default-src'] ?? []), ...sources];
  return result;
}

/** Helmet with TicketFlow's CSP. */
export function securityHeaders(options: CspOptions): SecurityHeaders {
  const directives = siteCspDirectives(options);
  return {
    directives,
    headers: helmet({ contentSecurityPolicy: { useDefaults: false, directives } }),
    relaxedFor: (extra) => contentSecurityPolicy({ useDefaults: false, directives: merged(directives, extra) }),
  };
}
