import { convertToExpressRoute } from '@adminjs/express';
import { Router as AdminRoutes } from 'adminjs';
import type { Request, RequestHandler, Router } from 'express';
import type { UserRole } from '../domain/roles.js';
import { mayUse, resourceAccess } from './permissions.js';

const refusal = (code: string, message: string) => ({ error: { code, message } });

/**
 * Checks method and role in front of one AdminJS API route. Registered on the route's own path, it
 * sees exactly the requests that route will get, with the same parameters, however the path is
 * spelled (Express matches `/ADMIN/API/…`, trailing slashes and encoded characters alike).
 */
function apiRouteGuard(roleOf: (req: Request) => UserRole | undefined): RequestHandler {
  return (req, res, next) => {
    // AdminJS's API answers GET (read, or show a write action's form) and POST (perform it). A HEAD
    // would run the GET route in Express; nothing needs it, so neither it nor any other method gets in.
    if (req.method !== 'GET' && req.method !== 'POST') {
      res
        .status(405)
        .set('Allow', 'GET, POST')
        .json(refusal('method_not_allowed', `The back office API answers GET and POST only, not ${req.method}.`));
      return;
    }
    const { resourceId, action } = req.params as { resourceId?: string; action?: string };
    if (resourceId === undefined) return next(); // the dashboard (figures for every staff member)
    // Tables without a resource (sessions, outbox…) do not exist as far as the back office goes.
    if (!Object.hasOwn(resourceAccess, resourceId)) {
      res.status(404).json(refusal('not_found', 'No such record or resource in the back office.'));
      return;
    }
    const actionName = action ?? 'search';
    const role = roleOf(req);
    if (mayUse(role, resourceId, actionName)) return next();
    res
      .status(403)
      .json(
        refusal(
          'forbidden',
          `A${role === 'admin' ? 'n' : ''} ${role ?? 'anonymous'} may not ${actionName} ${resourceId} in the back office.`,
        ),
      );
  };
}

/** Puts the method and role checks (the permission table) in front of every AdminJS API route on `router`. */
export function guardApiRoutes(router: Router, roleOf: (req: Request) => UserRole | undefined): void {
  const guard = apiRouteGuard(roleOf);
  const paths = new Set(
    AdminRoutes.routes.filter((r) => r.path.startsWith('/api/')).map((r) => convertToExpressRoute(r.path)),
  );
  for (const path of paths) router.all(path, guard);
}
