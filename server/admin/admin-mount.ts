import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from '../../admin/admin-router.js';
import { noExternalFonts } from './no-external-fonts.js';
import type { Db } from '../../db/connection.js';
import { isStaff } from '../../domain/roles.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { createMailboxWorkflows, type MailboxWorkflows } from '../../workflows/mailbox-client.js';
import type { AppSettings } from '../app-settings.js';
import { findCaller } from '../auth/caller.js';
import { csrfFormField, sameOriginWrites, sessionCsrfToken } from '../auth/csrf.js';
import { authPage } from '../auth/auth-page.js';
import { resolveCaller } from '../auth/resolve-caller.js';
import type { SessionTimeouts } from '../auth/session.js';
import { staffOnlyBackOffice } from './staff-only.js';

/** What the back office mount needs from the app. */
export interface AdminMountDependencies {
  db: Db;
  tickets: TicketDeps;
  settings: AppSettings;
  logger: Logger;
  sessions: RequestHandler;
  timeouts: SessionTimeouts;
  /** The CSP for AdminJS pages (inline bootstrap scripts). */
  csp: RequestHandler;
  /** Starts and wakes mailbox pollers when a mailbox is saved; the production task queue when omitted. */
  mailboxes?: MailboxWorkflows;
}

// AdminJS links "Log out" to a GET; signing out is a POST with the session's CSRF token.
const logoutPage: RequestHandler = (req, res) => {
  const token = sessionCsrfToken(req);
  const form = `<form method="post" action="/auth/logout"><input type="hidden" name="${csrfFormField}" value="${token}"><button type="submit">Sign out</button></form>`;
  res
    .type('html')
    .send(
      authPage('Sign out of TicketFlow', 'Sign out of the back office and the portal on this browser.').replace(
        '</main>',
        `${form}</main>`,
      ),
    );
};

/** `/admin`: the AdminJS back office behind the OIDC session, for staff only. */
export function adminMount(deps: AdminMountDependencies): Router {
  const router = Router();
  const admin = createAdminRouter({
    db: deps.db,
    tickets: deps.tickets,
    appSecretKey: deps.settings.appSecretKey ?? null,
    temporalUi: deps.settings.temporalUi ?? null,
    publicUrl: deps.settings.publicUrl,
    mailboxes: deps.mailboxes ?? createMailboxWorkflows(deps.tickets.workflows.client),
    outboundAllowHosts: deps.settings.outboundAllowHosts ?? [],
    callerOf: (req) => findCaller(req),
    logger: deps.logger,
  });
  // Back office pages and API answers carry people's data: no copies in caches; its static scripts may be kept.
  router.use((req, res, next) => {
    if (!/^\/frontend\//i.test(req.path)) res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(
    deps.csp,
    noExternalFonts,
    deps.sessions,
    resolveCaller(deps.db, deps.timeouts),
    staffOnlyBackOffice(isStaff),
  );
  router.get('/logout', logoutPage);
  router.use(sameOriginWrites(deps.settings.publicUrl), admin);
  return router;
}
