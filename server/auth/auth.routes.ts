import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import * as oidc from 'openid-client';
import type { Db } from '../../db/connection.js';
import { safeReturnPath } from '../../domain/return-to.js';
import type { AppSettings } from '../app-settings.js';
import { HttpError } from '../http-error.js';
import { recordError, recordRoutePattern } from '../metrics.js';
import { recordSignInActivity } from './activity-log.js';
import { authPage } from './auth-page.js';
import { assertCsrfToken, newCsrfToken } from './csrf.js';
import type { OidcClient } from './oidc-client.js';
import { destroySession, regenerateSession, saveSession, sessionCookieName } from './session.js';
import { identityFromClaims, signInUser } from './user-provisioning.js';

/** What the sign-in routes need. */
export interface AuthRouterDependencies {
  db: Db;
  oidc: OidcClient;
  settings: AppSettings;
  /** Per-address limit on `/auth/login` and `/auth/callback`. */
  signInLimiter: RequestHandler;
}

function signInFailed(error: unknown): HttpError {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new HttpError('forbidden', `Signing in was cancelled or refused at the identity provider (${error.error}).`);
  }
  return new HttpError(
    'validation_failed',
    'The answer from the identity provider could not be verified, so you are not signed in. Start again.',
  );
}

// ID tokens from some issuers (oidc-provider by default) carry only `sub`: then ask userinfo.
async function claimsOf(
  config: oidc.Configuration,
  tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
): Promise<Record<string, unknown>> {
  const idClaims = tokens.claims() as Record<string, unknown> | undefined;
  if (!idClaims) throw new HttpError('validation_failed', 'The identity provider sent no ID token. Start again.');
  if (typeof idClaims.email === 'string' || !config.serverMetadata().userinfo_endpoint) return idClaims;
  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
  return { ...userinfo, ...idClaims };
}

const pageTitles: Partial<Record<number, string>> = {
  400: 'Sign-in failed',
  403: 'Access refused',
  429: 'Too many attempts',
  503: 'Sign-in unavailable',
};

// People reach /auth in the browser: errors there are pages; scripts asking for JSON get the contract shape.
const authErrorPage: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof HttpError) || req.accepts(['html', 'json']) !== 'html') return next(error);
  recordError(error.code);
  const retry = error.status === 400 ? { href: '/auth/login', text: 'Sign in again' } : undefined;
  res
    .status(error.status)
    .set(error.headers)
    .type('html')
    .send(authPage(pageTitles[error.status] ?? 'Something went wrong', error.message, retry));
};

/** `/auth`: sign-in with OpenID Connect (authorization code + PKCE), its callback, and sign-out. */
export function authRouter(deps: AuthRouterDependencies): Router {
  const { db, settings } = deps;
  const redirectUri = `${settings.publicUrl}/auth/callback`;
  const afterSignOut = `${settings.publicUrl}/`;
  const secure = settings.publicUrl.startsWith('https:');
  const router = Router();

  router.get('/login', recordRoutePattern, deps.signInLimiter, async (req, res) => {
    const returnTo = safeReturnPath(req.query.returnTo) ?? '/';
    const config = await deps.oidc.configuration();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    req.session.pendingSignIn = pending;
    await saveSession(req);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    res.redirect(302, url.href);
  });

  router.get('/callback', recordRoutePattern, deps.signInLimiter, async (req: Request, res) => {
    const pending = req.session.pendingSignIn;
    if (!pending) {
      await recordSignInActivity(db, req, {
        kind: 'sign_in_failed',
        userId: null,
        details: { reason: 'no sign-in under way (expired, replayed, or never started here)' },
      });
      throw new HttpError(
        'validation_failed',
        'This sign-in has expired or was already used, so you are not signed in. Start again.',
      );
    }
    // One use only: a replayed callback finds nothing to complete.
    delete req.session.pendingSignIn;
    await saveSession(req);
    const config = await deps.oidc.configuration();
    // The URL the provider redirected to, built from PUBLIC_URL rather than the request's Host header.
    const currentUrl = new URL(redirectUri);
    currentUrl.search = new URL(req.originalUrl, 'http://localhost').search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      // The reason only: error objects from the token exchange can carry the provider's response.
      req.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'sign-in callback refused');
      await recordSignInActivity(db, req, {
        kind: 'sign_in_failed',
        userId: null,
        details: {
          reason:
            error instanceof oidc.AuthorizationResponseError
              ? `refused at the identity provider (${error.error})`
              : 'the identity provider’s answer could not be verified',
        },
      });
      throw signInFailed(error);
    }
    const identity = identityFromClaims(
      config.serverMetadata().issuer,
      await claimsOf(config, tokens),
      settings.oidc.rolesClaim,
    );
    const outcome = await signInUser(db, identity, settings.oidc.roleMap);
    if ('refused' in outcome) {
      await recordSignInActivity(db, req, {
        kind: 'sign_in_failed',
        userId: null,
        subject: identity.email ?? identity.subject,
        details: { reason: outcome.refused, issuer: identity.issuer },
      });
      await destroySession(req);
      req.log.warn({ subject: identity.subject }, 'sign-in refused');
      throw new HttpError('forbidden', outcome.refused);
    }
    // A new session id at sign-in, so an id planted before it (session fixation) is worthless.
    await regenerateSession(req);
    req.session.userId = outcome.user.id;
    req.session.authenticatedAt = Date.now();
    req.session.csrfToken = newCsrfToken();
    if (tokens.id_token) req.session.idToken = tokens.id_token;
    await saveSession(req);
    req.log.info({ userId: outcome.user.id, role: outcome.user.role }, 'signed in');
    await recordSignInActivity(db, req, {
      kind: 'sign_in',
      userId: outcome.user.id,
      subject: outcome.user.email,
      details: { role: outcome.user.role },
    });
    // Checked again on the value actually sent: a session written by an older version, or altered in
    // the store, must not turn the sign-in into an open redirect either.
    res.redirect(302, safeReturnPath(pending.returnTo) ?? '/');
  });

  // A plain form post (field `_csrf`) or a script (`X-CSRF-Token`, `Accept: application/json`).
  router.post(
    '/logout',
    recordRoutePattern,
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req, res) => {
      const userId = req.session?.userId;
      if (userId !== undefined) assertCsrfToken(req);
      const idToken = req.session?.idToken;
      if (userId !== undefined) await recordSignInActivity(db, req, { kind: 'sign_out', userId });
      await destroySession(req);
      res.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
      // Also end the session at the identity provider when it supports RP-initiated logout.
      const config = deps.oidc.cached() ?? (await deps.oidc.configuration().catch(() => undefined));
      const target = config?.serverMetadata().end_session_endpoint
        ? oidc.buildEndSessionUrl(config, {
            post_logout_redirect_uri: afterSignOut,
            ...(idToken ? { id_token_hint: idToken } : {}),
          }).href
        : afterSignOut;
      if (req.accepts(['html', 'json']) === 'json') res.json({ redirectTo: target });
      else res.redirect(303, target);
    },
  );

  router.use(authErrorPage);
  return router;
}
