import { Router as AdminRoutes, type CurrentAdmin } from 'adminjs';
import { buildRoutes } from '@adminjs/express';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import formidableMiddleware from 'express-formidable';
import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import { findUserById } from '../db/users.js';
import type { UserRole } from '../domain/roles.js';
import type { TicketDeps } from '../tickets/ticket-deps.js';
import type { MailboxPollers } from './admin-context.js';
import { createBackOffice } from './admin-options.js';
import { guardApiRoutes } from './api-route-guard.js';
import { buildComponentBundle } from './components/component-bundle.js';
import { readSchemaTables } from './schema-tables.js';
import { BackOfficeInputError } from './table-resource.js';

/** What the back office is built from; the server resolves who is calling. */
export interface AdminDependencies {
  db: Db;
  /** Ticket commands and queries (the back office writes tickets through them only). */
  tickets: TicketDeps;
  /** Encrypts integration secrets; null when the server has none (then secrets cannot be saved). */
  appSecretKey: Buffer | null;
  temporalUi: { url: string; namespace: string } | null;
  /** Starts and wakes mailbox pollers (a saved mailbox takes effect at once). */
  mailboxes: MailboxPollers;
  /** Where users reach TicketFlow: the mailboxes' Inbound Parse URLs start with it. */
  publicUrl: string;
  /** OUTBOUND_ALLOW_HOSTS: internal hosts webhook URLs and "Test connection" of mailboxes may reach. */
  outboundAllowHosts: readonly string[];
  /** The signed-in staff member of a request (the server has checked the session and the role). */
  callerOf(req: Request): { userId: number; role: UserRole } | undefined;
  logger: Logger;
}

const componentsBundlePath = '/frontend/assets/components.bundle.js';

// The user AdminJS shows and passes to every action as `currentAdmin`. AdminJS reads it from
// `req.session.adminUser`; it is set per request and kept out of the stored session (not enumerable).
async function attachCurrentAdmin(deps: AdminDependencies, req: Request): Promise<void> {
  const caller = deps.callerOf(req);
  const user = caller ? await findUserById(deps.db, caller.userId) : null;
  if (!user || !req.session) return;
  // The name goes into an inline script of the page: no markup characters.
  const safe = (s: string) => s.replace(/[<>&]/g, '');
  const currentAdmin: CurrentAdmin = {
    id: String(user.id),
    email: safe(user.email),
    title: `${safe(user.name)} · ${user.role}`,
    role: user.role,
  };
  Object.defineProperty(req.session, 'adminUser', { value: currentAdmin, enumerable: false, configurable: true });
}

// AdminJS reports unknown resources and records with plain errors; they are 404s, not crashes. Lists
// asked to filter or sort on a column they do not offer are 400s naming it.
const adminErrors: ErrorRequestHandler = (error: Error, _req, res, next) => {
  if (error instanceof BackOfficeInputError) {
    res.status(400).json({
      error: {
        code: 'validation_failed',
        message: error.message,
        details: [{ path: error.path, message: error.message }],
      },
    });
    return;
  }
  if (error?.name === 'NotFoundError' || /There are no resources with given id/.test(error?.message ?? '')) {
    res.status(404).json({ error: { code: 'not_found', message: 'No such record or resource in the back office.' } });
    return;
  }
  next(error);
};

async function buildAdmin(deps: AdminDependencies): Promise<Router> {
  const [tables, bundle] = await Promise.all([readSchemaTables(deps.db), buildComponentBundle()]);
  const admin = createBackOffice({ ...deps, tables, outboundAllowHosts: deps.outboundAllowHosts ?? [] });
  const router = Router();
  router.use(formidableMiddleware() as unknown as RequestHandler);
  router.get(componentsBundlePath, (_req, res) => {
    res.type('text/javascript; charset=utf-8').set('Cache-Control', 'no-cache').send(bundle);
  });
  for (const asset of AdminRoutes.assets) {
    if (asset.path !== componentsBundlePath) router.get(asset.path, (_req, res) => res.sendFile(asset.src));
  }
  router.use(async (req, _res, next) => {
    await attachCurrentAdmin(deps, req);
    next();
  });
  guardApiRoutes(router, (req) => deps.callerOf(req)?.role);
  // AdminJS's own routes, without @adminjs/express's buildRouter: that one starts AdminJS's bundler,
  // which in production writes to a dot-folder and crashes the process when it cannot.
  buildRoutes({ admin, routes: AdminRoutes.routes.filter((r) => r.action !== 'bundleComponents'), router });
  router.use(adminErrors);
  return router;
}

/**
 * The back office router. It is usable at once; the schema is read and the components are bundled
 * in the background (a few hundred ms), and requests arriving earlier wait for that. A failure
 * (database down at start) is retried on the next request.
 */
export function createAdminRouter(deps: AdminDependencies): Router {
  let ready: Promise<Router> | null = null;
  const load = () => {
    ready ??= buildAdmin(deps).catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
  load().catch((error: unknown) =>
    deps.logger.warn({ err: error }, 'the back office could not start yet; it retries on the next request'),
  );
  const router = express.Router();
  router.use(async (req, res, next) => {
    const admin = await load();
    admin(req, res, next);
  });
  return router;
}
