import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { HttpError } from '../http-error.js';

/** Where the identity provider is and who TicketFlow is there. */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The identity provider's configuration, discovered when first needed. */
export interface OidcClient {
  readonly issuer: string;
  /** The discovered configuration; a 503 while the issuer cannot be reached. */
  configuration(): Promise<oidc.Configuration>;
  /** The configuration if discovery has already succeeded (never waits for the network). */
  cached(): oidc.Configuration | undefined;
  /** The origins the browser is sent to for sign-in and sign-out, for the CSP's form-action. */
  browserOrigins(): string[];
}

/** After a failed discovery, requests within this many ms get the 503 at once instead of waiting again. */
const retryAfterFailureMs = 5_000;
const discoveryTimeoutSeconds = 5;

/** True for issuers on this machine, the only ones allowed over plain http (the dev identity provider). */
export function isLoopbackUrl(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/**
 * Creates the client lazily: the server starts even while the issuer is down, the first sign-in
 * discovers it, the result is cached for the process, and a failure is retried by a later request.
 */
export function createOidcClient(settings: OidcClientSettings, logger: Logger): OidcClient {
  const issuerUrl = new URL(settings.issuer);
  const insecureAllowed = issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl);
  let cached: oidc.Configuration | undefined;
  let inFlight: Promise<oidc.Configuration> | undefined;
  let failedAt = 0;

  const unavailable = () =>
    new HttpError(
      'dependency_unavailable',
      `The identity provider (${settings.issuer}) cannot be reached right now, so signing in is not possible. Try again in a minute.`,
      undefined,
      {
        'Retry-After': String(Math.ceil(retryAfterFailureMs / 1000)),
      },
    );

  async function discover(): Promise<oidc.Configuration> {
    try {
      cached = await oidc.discovery(issuerUrl, settings.clientId, settings.clientSecret, undefined, {
        timeout: discoveryTimeoutSeconds,
        // openid-client refuses plain http; the dev identity provider on loopback is the one exception.
        ...(insecureAllowed ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      logger.info({ issuer: settings.issuer }, 'identity provider discovered');
      return cached;
    } catch (error) {
      failedAt = Date.now();
      logger.warn(
        { issuer: settings.issuer, err: error },
        'identity provider discovery failed; sign-in answers 503 until it succeeds',
      );
      throw unavailable();
    } finally {
      inFlight = undefined;
    }
  }

  return {
    issuer: settings.issuer,
    configuration() {
      if (cached) return Promise.resolve(cached);
      if (inFlight) return inFlight;
      if (Date.now() - failedAt < retryAfterFailureMs) return Promise.reject(unavailable());
      inFlight = discover();
      return inFlight;
    },
    cached: () => cached,
    browserOrigins() {
      const metadata = cached?.serverMetadata();
      const urls = [settings.issuer, metadata?.authorization_endpoint, metadata?.end_session_endpoint].filter(
        (u): u is string => !!u,
      );
      return [...new Set(urls.map((u) => new URL(u).origin))];
    },
  };
}
