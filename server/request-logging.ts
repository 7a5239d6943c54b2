import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

// Credentials must never reach a log line: API keys and bearer tokens, session and IdP cookies,
// CSRF tokens, the authorization code and state in sign-in URLs and redirects, and guest links.
const redactedPaths = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'res.headers.location',
];

// A guest link's token is its holder's only credential: the API's and the portal's paths carry it.
const guestToken = /^(\/api\/guest\/tickets\/|\/guest\/t\/)[^/?]+/;

/** Drops the query of a URL under /auth (code, state, returnTo) and guest link tokens, and keeps the rest. */
export function loggableUrl(url: string): string {
  const path = url.split('?')[0] ?? url;
  if (guestToken.test(url)) return url.replace(guestToken, '$1[Redacted]');
  return path !== url && /^\/auth\//.test(path) ? `${path}?[Redacted]` : url;
}

interface SerializedRequest {
  url: string;
  query?: unknown;
  [key: string]: unknown;
}

/** The request logger: one line per request with its id (also sent back as `X-Request-Id`), secrets redacted. */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: ({ query: _query, ...req }: SerializedRequest) => ({ ...req, url: loggableUrl(req.url) }),
    },
    redact: {
      paths: redactedPaths,
      // A redirect's path is useful in a log; its query (state, code, tokens) is not.
      censor: (value: unknown, path: string[]) => {
        if (path.at(-1) !== 'location' || typeof value !== 'string') return '[Redacted]';
        return value.includes('?') ? `${value.split('?')[0]}?[Redacted]` : value;
      },
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
  });
}
