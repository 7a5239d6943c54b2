import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { isDbReachable, type Db } from '../db/connection.js';
import type { LiveEvents } from '../tickets/live-events.js';
import { countUndeliveredToWorkflows } from '../tickets/reconcile-workflows.js';
import { createTicketDeps } from '../tickets/ticket-deps.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { defaultTuning, usesSecureCookies, type AppSettings, type AppTuning } from './app-settings.js';
import { authRouter } from './auth/auth.routes.js';
import { csrfProtection } from './auth/csrf.js';
import { createOidcClient } from './auth/oidc-client.js';
import { resolveCaller } from './auth/resolve-caller.js';
import { sessionMiddleware } from './auth/session.js';
import { apiNotFound, createErrorHandler } from './error-handler.js';
import { instrumentWorkflows } from './instrumented-workflows.js';
import { httpMetrics, metricsEndpoint } from './metrics.js';
import { csrfRouter } from './api/csrf.routes.js';
import { guestRouter } from './api/guest.routes.js';
import { idempotency } from './api/idempotency.js';
import { kbImagesRouter } from './api/kb-images.routes.js';
import { kbRouter } from './api/kb.routes.js';
import { reportsRouter } from './api/reports.routes.js';
import { webhooksRouter } from './api/webhooks.routes.js';
import { inboundMailRouter } from './api/inbound-mail.routes.js';
import type { MailImportDependencies } from '../mail/import-mail.js';
import type { MailboxWorkflows } from '../workflows/mailbox-client.js';
import { customFieldsRouter } from './api/custom-fields.routes.js';
import { macrosRouter } from './api/macros.routes.js';
import { meRouter } from './api/me.routes.js';
import { openApiRouter } from './api/openapi.routes.js';
import { addRoute } from './api/route-registry.js';
import { ticketActionsRouter } from './api/ticket-actions.routes.js';
import { ticketsRouter } from './api/tickets.routes.js';
import { viewsRouter } from './api/views.routes.js';
import { adminMount } from './admin/admin-mount.js';
import { attachmentsRouter, type AttachmentSettings } from './attachments/attachments.routes.js';
import { helpArticlePage } from './kb/help-article-page.js';
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
  /** The e-mail channel's intake, for SendGrid Inbound Parse posts; the route is absent without it. */
  mail?: MailImportDependencies;
  /** Mailbox pollers the back office wakes when a mailbox is saved (production task queue when omitted). */
  mailboxes?: MailboxWorkflows;
}

// portal/dist at the project's root, seen from server/app.ts (tsx) or dist/server/app.js (compiled).
const portalDist = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../portal/dist' : '../../portal/dist', import.meta.url),
);
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
    // What waits in the outbox for Temporal (workflow starts, replies): grows during an outage, drains after.
    const outboxPending = postgres ? await countUndeliveredToWorkflows(deps.db).catch(() => null) : null;
    // Says which dependency is down, so an operator (or a load balancer's log) sees where to look.
    const down = [...(postgres ? [] : ['postgres']), ...(temporal ? [] : ['temporal'])];
    if (down.length > 0) res.set('Retry-After', '5');
    res.status(down.length === 0 ? 200 : 503).json({
      status: down.length === 0 ? 'ready' : 'unavailable',
      postgres,
      temporal,
      outboxPending,
      ...(down.length > 0 ? { unavailable: down, message: `Not ready: ${down.join(' and ')} not answering.` } : {}),
    });
  });
  app.get('/metrics', metricsEndpoint);

  app.use('/auth', sessions, authRouter({ db: deps.db, oidc, settings, signInLimiter: limiters.signIn }));

  const ticketDeps = createTicketDeps({ db: deps.db, workflows, logger, ...(deps.live ? { live: deps.live } : {}) });
  const api = express.Router();
  // Answers carry people's data: browsers and proxies keep no copy (ASVS 8.2.1); routes may say otherwise.
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(express.json({ limit: '1mb' }));
  addRoute(
    api,
    {
      method: 'get',
      path: '/',
      summary: 'Where things are',
      permission: null,
      responses: { 200: { description: 'Links to the main resources' } },
    },
    (_req, res) => {
      res.json({ name: 'TicketFlow API', tickets: '/api/tickets', me: '/api/me', openapi: '/api/openapi.json' });
    },
  );
  // SendGrid's webhook: no session, cookie or CSRF token; the mailbox's secret URL (and basic auth) is the credential.
  if (deps.mail)
    api.use(
      inboundMailRouter({
        db: deps.db,
        importer: deps.mail,
        appSecretKey: settings.appSecretKey,
        maxBytes: 64 * 1024 * 1024,
      }),
    );
  // API-key requests carry no cookie: skipping the session spares them a session id and a store lookup.
  api.use((req, res, next) => (req.get('authorization') && !req.get('cookie') ? next() : sessions(req, res, next)));
  api.use(resolveCaller(deps.db, tuning.sessionTimeouts), csrfProtection);
  api.use(rateLimitedRoutes(limiters));
  api.use(openApiRouter(api, { version: apiVersion, publicUrl: settings.publicUrl }));
  api.use(csrfRouter());
  api.use(meRouter(deps.db));
  const idempotent = idempotency(deps.db, logger);
  api.use(ticketsRouter(ticketDeps, idempotent));
  api.use(ticketActionsRouter(ticketDeps, idempotent));
  api.use(macrosRouter(ticketDeps, idempotent));
  api.use(customFieldsRouter(ticketDeps));
  api.use(viewsRouter(ticketDeps));
  api.use(attachmentsRouter(ticketDeps, deps.attachments, idempotent));
  api.use(guestRouter({ ...ticketDeps, appSecretKey: settings.appSecretKey }, idempotent));
  api.use(kbRouter(deps.db));
  api.use(kbImagesRouter(deps.db, deps.attachments));
  api.use(reportsRouter(deps.db));
  api.use(
    webhooksRouter(deps.db, { appSecretKey: settings.appSecretKey, allowHosts: settings.outboundAllowHosts ?? [] }),
  );
  api.use(apiNotFound);
  app.use('/api', api);

  // AdminJS bootstraps each page with inline scripts: only its mount gets 'unsafe-inline' (staff only).
  const adminCsp = security.relaxedFor({ 'script-src': ["'unsafe-inline'"] });
  app.use(
    '/admin',
    adminMount({
      db: deps.db,
      tickets: ticketDeps,
      settings,
      logger,
      sessions,
      timeouts: tuning.sessionTimeouts,
      csp: adminCsp,
      ...(deps.mailboxes ? { mailboxes: deps.mailboxes } : {}),
    }),
  );

  const portalDir = deps.portalDir ?? portalDist;
  if (existsSync(path.join(portalDir, 'index.html'))) {
    // Hashed assets never change; index.html must always be fresh so a deploy takes effect.
    app.use(
      '/assets',
      express.static(path.join(portalDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
    );
    app.use(express.static(portalDir, { index: false, maxAge: 0 }));
    app.get('/help/articles/:slug', helpArticlePage(deps.db, portalDir));
    // The portal routes in the browser (history mode): every other page GET gets its shell.
    app.get(/^\/(?!api\/|auth\/|admin|ws\/|healthz|readyz|metrics).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.sendFile(path.join(portalDir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .type('html')
        .send(placeholderPage('TicketFlow', 'The customer portal is served here once built (`npm run build`).'));
    });
  }

  app.use(createErrorHandler({ databaseReachable: () => isDbReachable(deps.db) }));
  return app;
}
