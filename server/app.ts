import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { isDbReachable, type Db } from '../db/connection.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { apiKeyAuth } from './auth/api-key-auth.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { meRouter } from './api/me.routes.js';
import { ticketActionsRouter } from './api/ticket-actions.routes.js';
import { ticketsRouter } from './api/tickets.routes.js';
import { noLiveEvents, type LiveEvents } from './live-events.js';
import { attachmentsRouter, type AttachmentSettings } from './attachments/attachments.routes.js';
import { placeholderPage } from './placeholder-page.js';

/** What the HTTP server is built from. */
export interface AppDependencies {
  db: Db;
  workflows: TicketWorkflows;
  logger: Logger;
  /** Pushes changes to browsers (socket.io); nothing when omitted. */
  live?: LiveEvents;
  /** Where uploads go and how big they may be. */
  attachments: AttachmentSettings;
}

const portalDist = fileURLToPath(new URL('../portal/dist', import.meta.url));

/** Composes the Express app: API, health, back office and portal. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Never log credentials: the API key and the session cookie.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [postgres, temporal] = await Promise.all([isDbReachable(deps.db), deps.workflows.isReachable()]);
    res.status(postgres && temporal ? 200 : 503).json({ status: postgres && temporal ? 'ready' : 'unavailable', postgres, temporal });
  });

  const ticketDeps = { db: deps.db, workflows: deps.workflows, live: deps.live ?? noLiveEvents };
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.get('/', (_req, res) => {
    res.json({ name: 'TicketFlow API', tickets: '/api/tickets', me: '/api/me' });
  });
  api.use(apiKeyAuth(deps.db));
  api.use(meRouter(deps.db));
  api.use(ticketsRouter(ticketDeps));
  api.use(ticketActionsRouter(ticketDeps));
  api.use(attachmentsRouter(deps.db, deps.attachments));
  api.use(apiNotFound);
  app.use('/api', api);

  app.get('/admin', (_req, res) => {
    res.type('html').send(placeholderPage('TicketFlow back office', 'The AdminJS back office is mounted here.'));
  });

  if (existsSync(path.join(portalDist, 'index.html'))) {
    // Hashed assets never change; index.html must always be fresh so a deploy takes effect.
    app.use('/assets', express.static(path.join(portalDist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
    app.use(express.static(portalDist, { index: false, maxAge: 0 }));
    // The portal routes in the browser (history mode): every other page GET gets its shell.
    app.get(/^\/(?!api\/|auth\/|admin|ws\/|healthz|readyz|metrics).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.sendFile(path.join(portalDist, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(placeholderPage('TicketFlow', 'The customer portal is served here once built (`npm run build`).'));
    });
  }

  app.use(errorHandler);
  return app;
}
