import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { isDbReachable, type Db } from '../db/connection.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { defaultTuning, usesSecureCookies, type AppSettings, type AppTuning } from './app-settings.js';
import { authRouter } from './auth/auth.routes.js';
import { csrfProtection } from './auth/csrf.js';
import { createOidcClient } from './auth/oidc-client.js';
import { resolveCaller } from './auth/resolve-caller.js';
import { sessionMiddleware } from './auth/session.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { instrumentWorkflows } from './instrumented-workflows.js';
import { httpMetrics, metricsEndpoint } from './metrics.js';
import { csrfRouter } from './api/csrf.routes.js';
import { guestRouter } from './api/guest.routes.js';
import { meRouter } from './api/me.routes.js';
import { openApiRouter } from './api/openapi.routes.js';
import { addRoute } from './api/route-registry.js';
import { ticketActionsRouter } from './api/ticket-actions.routes.js';
import { ticketsRouter } from './api/tickets.routes.js';
import { adminMount } from './admin/admin-mount.js';
import { attachmentsRouter, type AttachmentSettings } from './attachments/attachments.routes.js';
import { noLiveEvents, type LiveEvents } from './live-events.js';
import { placeholderPage } from './placeholder-page.js';
import { requestContext } from './request-context.js';
import { requestLogging } from './request-logging.js';
import { securityHeaders } from './security/content-security-policy.js';
import { rateLimitedRoutes } from './security/rate-limited-routes.js';
import { createRateLimiters } from './security/rate-limits.js';

/** What the HTTP server is built from. */
export interface AppDependencies {
  db: Db;
  workflows: TicketWorkflows;
  logger: Logger;
  settings: AppSettings;
  /** Session timeouts and rate limits; tests pass small ones. */
  tuning?: Partial<AppTuning>;
  /** Where uploads go and how big they may be. */
  attachments: AttachmentSettings;
  /** Pushes changes to browsers (socket.io); nothing when omitted. */
  live?: LiveEvents;
  /** The built portal; `portal/dist` unless a test built one elsewhere. */
  portalDir?: string;
}

const portalDist = fileURLToPath(new URL('../portal/dist', import.meta.url));
const apiVersion = '0.1.0';

/** Composes the Express app: API, sign-in, health, metrics, back office and portal. */
export function createApp(deps: AppDependencies): Express {
  const { settings, logger } = deps;
  const tuning: AppTuning = { ...defaultTuning, ...deps.tuning };
  const workflows = instrumentWorkflows(deps.workflows);
  const oidc = createOidcClient(settings.oidc, logger);
  const limiters = createRateLimiters(deps.db, tuning.rateLimits, logger);
  const sessions = sessionMiddleware(deps.db, {
    secret: settings.sessionSecret,
    secure: usesSecureCookies(settings),
    timeouts: tuning.sessionTimeouts,
    onStoreError: (error) => logger.error({ err: error }, 'session store error'),
  });
  const security = securityHeaders({ publicUrl: settings.publicUrl, formTargets: () => oidc.browserOrigins() });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  app.use(security.headers);
  app.use(requestLogging(logger));
  app.use(requestContext);
  app.use(httpMetrics);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [postgres, temporal] = await Promise.all([isDbReachable(deps.db), workflows.isReachable()]);
    res.status(postgres && temporal ? 200 : 503).json({ status: postgres && temporal ? 'ready' : 'unavailable', postgres, temporal });
  });
  app.get('/metrics', metricsEndpoint);

  app.use('/auth', sessions, authRouter({ db: deps.db, oidc, settings, signInLimiter: limiters.signIn }));

  const ticketDeps = { db: deps.db, workflows, live: deps.live ?? noLiveEvents };
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  addRoute(api, { method: 'get', path: '/', summary: 'Where things are', permission: null, responses: { 200: { description: 'Links to the main resources' } } }, (_req, res) => {
    res.json({ name: 'TicketFlow API', tickets: '/api/tickets', me: '/api/me', openapi: '/api/openapi.json' });
  });
  // API-key requests carry no cookie: skipping the session spares them a session id and a store lookup.
  api.use((req, res, next) => (req.get('authorization') && !req.get('cookie') ? next() : sessions(req, res, next)));
  api.use(resolveCaller(deps.db, tuning.sessionTimeouts), csrfProtection);
  api.use(rateLimitedRoutes(limiters));
  api.use(openApiRouter(api, { version: apiVersion, publicUrl: settings.publicUrl }));
  api.use(csrfRouter());
  api.use(meRouter(deps.db));
  api.use(ticketsRouter(ticketDeps));
  api.use(ticketActionsRouter(ticketDeps));
  api.use(attachmentsRouter(deps.db, deps.attachments));
  api.use(guestRouter({ ...ticketDeps, appSecretKey: settings.appSecretKey }));
  api.use(apiNotFound);
  app.use('/api', api);

  // AdminJS bootstraps each page with inline scripts: only its mount gets 'unsafe-inline' (staff only).
  const adminCsp = security.relaxedFor({ 'script-src': ["'unsafe-inline'"] });
  app.use('/admin', adminMount({ ...ticketDeps, settings, logger, sessions, timeouts: tuning.sessionTimeouts, csp: adminCsp, onMessageCreated: (m) => ticketDeps.live.messageCreated(m) }));

  const portalDir = deps.portalDir ?? portalDist;
  if (existsSync(path.join(portalDir, 'index.html'))) {
    // Hashed assets never change; index.html must always be fresh so a deploy takes effect.
    app.use('/assets', express.static(path.join(portalDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
    app.use(express.static(portalDir, { index: false, maxAge: 0 }));
    // The portal routes in the browser (history mode): every other page GET gets its shell.
    app.get(/^\/(?!api\/|auth\/|admin|ws\/|healthz|readyz|metrics).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.sendFile(path.join(portalDir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(placeholderPage('TicketFlow', 'The customer portal is served here once built (`npm run build`).'));
    });
  }

  app.use(errorHandler);
  return app;
}
