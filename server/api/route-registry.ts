import type { Router, RequestHandler } from 'express';
import type { z } from 'zod';
import { requireCaller } from '../auth/caller.js';
import type { Permission } from '../../domain/permissions.js';
import { authorize } from '../auth/permissions.js';
import { recordRoutePattern } from '../metrics.js';

/** An HTTP method the API uses. */
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented API route: what Express serves and what the OpenAPI document says about it. */
export interface ApiRoute {
  method: ApiMethod;
  /** Express path relative to `/api`, e.g. `/tickets/:id`. */
  path: string;
  summary: string;
  /** The action `permissions.ts` guards it with; null for a public route. */
  permission: Permission | null;
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  /** JSON request body. */
  body?: z.ZodType;
  /** A multipart upload instead: the file field and any text fields. */
  multipart?: { file: string; fields?: z.ZodType };
  /** Set on creating routes that honour `Idempotency-Key` (documented; the route mounts `idempotency`). */
  idempotent?: true;
  /** Success responses by status; JSON unless `mediaType` says otherwise (e.g. `text/csv`). */
  responses: Record<number, { description: string; schema?: z.ZodType; mediaType?: string }>;
}

const routesByRouter = new WeakMap<Router, ApiRoute[]>();

/**
 * Serves `route` on `router` and records it for the API documentation, so the two cannot drift.
 * Before the handlers run, the caller must be signed in and allowed by `route.permission`.
 */
export function addRoute(router: Router, route: ApiRoute, ...handlers: RequestHandler[]): void {
  routesByRouter.set(router, [...(routesByRouter.get(router) ?? []), route]);
  const guard: RequestHandler[] = route.permission
    ? [
        (req, _res, next) => {
          authorize(requireCaller(req), route.permission as Permission);
          next();
        },
      ]
    : [];
  router[route.method](route.path, recordRoutePattern, ...guard, ...handlers);
}

/** The documented routes added to `router` with `addRoute`. */
export function routesOf(router: Router): readonly ApiRoute[] {
  return routesByRouter.get(router) ?? [];
}
