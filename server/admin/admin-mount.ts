import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from '../../admin/admin-router.js';
import type { Db } from '../../db/connection.js';
import { isStaff } from '../../domain/roles.js';
import type { TicketMessage } from '../../domain/ticket.js';
import type { TicketWorkflows } from '../../workflows/client.js';
import type { AppSettings } from '../app-settings.js';
import { findCaller } from '../auth/caller.js';
import { csrfFormField, sessionCsrfToken } from '../auth/csrf.js';
import { authPage } from '../auth/auth-page.js';
import { resolveCaller } from '../auth/resolve-caller.js';
import type { SessionTimeouts } from '../auth/session.js';
import { forbidden } from '../http-error.js';
import { staffOnlyBackOffice } from './staff-only.js';

/** What the back office mount needs from the app. */
export interface AdminMountDependencies {
  db: Db;
  workflows: TicketWorkflows;
  settings: AppSettings;
  logger: Logger;
  sessions: RequestHandler;
  timeouts: SessionTimeouts;
  /** The CSP for AdminJS pages (inline bootstrap scripts). */
  csp: RequestHandler;
  onMessageCreated(message: TicketMessage): void;
}

/**
 * Cookie-authenticated writes in AdminJS come from its own scripts, which cannot carry our CSRF
 * header; they must come from this site instead (OWASP: verify the Origin header). Browsers send
 * Origin on every cross-site POST, so a missing one on a write is refused too.
 */
function sameOriginWrites(publicUrl: string): RequestHandler {
  const site = new URL(publicUrl).origin;
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.get('origin') ?? (req.get('referer') ? new URL(req.get('referer') as string).origin : undefined);
    if (origin !== site) throw forbidden(`Back office changes must come from ${site} itself (the request's Origin was ${origin ?? 'missing'}).`);
    next();
  };
}

// AdminJS links "Log out" to a GET; signing out is a POST with the session's CSRF token.
const logoutPage: RequestHandler = (req, res) => {
  const token = sessionCsrfToken(req);
  const form = `<form method="post" action="/auth/logout"><input type="hidden" name="${csrfFormField}" value="${token}"><button type="submit">Sign out</button></form>`;
  res.type('html').send(authPage('Sign out of TicketFlow', 'Sign out of the back office and the portal on this browser.').replace('</main>', `${form}</main>`));
};

/** `/admin`: the AdminJS back office behind the OIDC session, for staff only. */
export function adminMount(deps: AdminMountDependencies): Router {
  const router = Router();
  const admin = createAdminRouter({
    db: deps.db,
    workflows: deps.workflows,
    appSecretKey: deps.settings.appSecretKey ?? null,
    temporalUi: deps.settings.temporalUi ?? null,
    callerOf: (req) => findCaller(req),
    onMessageCreated: deps.onMessageCreated,
    logger: deps.logger,
  });
  router.use(deps.csp, deps.sessions, resolveCaller(deps.db, deps.timeouts), staffOnlyBackOffice(isStaff));
  router.get('/logout', logoutPage);
  router.use(sameOriginWrites(deps.settings.publicUrl), admin);
  return router;
}
