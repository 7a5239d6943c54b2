import { Router } from 'express';
import type { Db } from '../../db/connection.js';
import { findUserById } from '../../db/users.js';
import { anonymousMeResponse, meResponse } from '../../domain/api-response-schemas.js';
import type { Me } from '../../domain/ticket.js';
import { findCaller, requireCaller } from '../auth/caller.js';
import { sessionCookieName } from '../auth/session.js';
import { unauthenticated } from '../http-error.js';
import { addRoute } from './route-registry.js';

const hasSessionCookie = (header: string | undefined) =>
  (header ?? '').split(';').some((pair) => pair.trim().startsWith(`${sessionCookieName}=`));

/** `GET /api/me`: who the caller is. */
export function meRouter(db: Db): Router {
  const router = Router();
  addRoute(
    router,
    {
      method: 'get',
      path: '/me',
      summary: 'Who the caller is; `{"user": null}` for a browser that is not signed in',
      permission: null,
      responses: {
        200: {
          description: 'The caller, or `{"user": null}` when no one is signed in',
          schema: meResponse.or(anonymousMeResponse),
        },
      },
    },
    async (req, res) => {
      // The portal asks on every page load whether someone is signed in: for a visitor who never
      // signed in, "no" is an answer, not an error (a 401 logs one in every anonymous console).
      // Credentials that do not work (a bad API key, a session that ended) still get their 401.
      if (!findCaller(req) && !req.get('authorization') && !hasSessionCookie(req.get('cookie'))) {
        res.json({ user: null });
        return;
      }
      const user = await findUserById(db, requireCaller(req).userId);
      if (!user) throw unauthenticated();
      const me: Me = { id: user.id, email: user.email, name: user.name, role: user.role };
      res.json(me);
    },
  );
  return router;
}
