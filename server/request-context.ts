import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** What code deep inside a request (services, workflow calls) may know about it. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs the rest of the request inside its context, so `currentRequestContext()` works from any await. */
export const requestContext: RequestHandler = (req, _res, next) => {
  storage.run({ requestId: String(req.id) }, next);
};

/** The context of the request being handled, or undefined outside one (workers, start-up). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
