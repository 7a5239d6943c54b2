import { Router } from 'express';
import { csrfTokenResponse, type CsrfToken } from '../../domain/api-response-schemas.js';
import { sessionCsrfToken } from '../auth/csrf.js';
import { addRoute } from './route-registry.js';

/** `GET /api/csrf`: the session's CSRF token for cookie-authenticated writes. */
export function csrfRouter(): Router {
  const router = Router();
  addRoute(
    router,
    {
      method: 'get',
      path: '/csrf',
      summary: 'The CSRF token to send as X-CSRF-Token on writes made with the session cookie',
      permission: 'csrf:read',
      responses: { 200: { description: 'The token', schema: csrfTokenResponse } },
    },
    (req, res) => {
      const body: CsrfToken = { token: sessionCsrfToken(req) };
      res.set('Cache-Control', 'no-store').json(body);
    },
  );
  return router;
}
