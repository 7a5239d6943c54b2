import { Router } from 'express';
import type { Db } from '../../db/connection.js';
import { findUserById } from '../../db/users.js';
import { meResponse } from '../../domain/api-response-schemas.js';
import type { Me } from '../../domain/ticket.js';
import { requireCaller } from '../auth/caller.js';
import { unauthenticated } from '../http-error.js';
import { addRoute } from './route-registry.js';

/** `GET /api/me`: who the caller is. */
export function meRouter(db: Db): Router {
  const router = Router();
  addRoute(router, { method: 'get', path: '/me', summary: 'Who the caller is', permission: 'me:read', responses: { 200: { description: 'The caller', schema: meResponse } } }, async (req, res) => {
    const user = await findUserById(db, requireCaller(req).userId);
    if (!user) throw unauthenticated();
    const me: Me = { id: user.id, email: user.email, name: user.name, role: user.role };
    res.json(me);
  });
  return router;
}
