import type { RequestHandler } from 'express';
import type { UserRole } from '../../domain/roles.js';
import { findCaller } from '../auth/caller.js';
import { authPage } from '../auth/auth-page.js';
import { forbidden, unauthenticated } from '../http-error.js';

/**
 * Lets only signed-in staff into the back office. People without a session are sent to sign in and
 * come back to the page they asked for; scripts get 401. Customers get 403: the portal is theirs.
 */
export function staffOnlyBackOffice(isStaff: (role: UserRole) => boolean): RequestHandler {
  return (req, res, next) => {
    const caller = findCaller(req);
    // Express routes paths case-insensitively: `/API/…` reaches the API as well.
    const page = req.method === 'GET' && !/^\/api(\/|$)/i.test(req.path) && req.accepts(['html', 'json']) === 'html';
    if (!caller || caller.via !== 'session') {
      if (page) return res.redirect(302, `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
      throw unauthenticated();
    }
    if (!isStaff(caller.role)) {
      if (page)
        return res
          .status(403)
          .type('html')
          .send(
            authPage(
              'Back office is for staff',
              'You are signed in as a customer. Follow your tickets in the portal instead.',
            ),
          );
      throw forbidden('The back office is for staff (admins, managers and agents).');
    }
    next();
  };
}
