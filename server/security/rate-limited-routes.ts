import { Router, type RequestHandler } from 'express';
import type { RateLimiters } from './rate-limits.js';

// Throttles one method on exactly the mounted path. A `use` layer, not a route: it adds no route
// of its own to the API, so the route that does the work is still the only one Express lists.
const onExactPath =
  (method: string, limiter: RequestHandler): RequestHandler =>
  (req, res, next) =>
    req.method === method && (req.path === '/' || req.path === '') ? limiter(req, res, next) : next();

/**
 * The API's throttled writes, mounted under `/api` after the caller is known; the routes that do
 * the work are built elsewhere.
 */
export function rateLimitedRoutes(limiters: RateLimiters): Router {
  const router = Router({ mergeParams: true });
  router.use('/tickets', onExactPath('POST', limiters.ticketCreation));
  router.use('/tickets/:id/messages', onExactPath('POST', limiters.ticketReply));
  // A macro posts a reply too: it counts against the same limit.
  router.use('/tickets/:id/macros/:macroId', onExactPath('POST', limiters.ticketReply));
  router.use('/guest/tickets', onExactPath('POST', limiters.guestSubmission));
  // Guests reply without an account: the reply limit counts them by address.
  router.use('/guest/tickets/:token/messages', onExactPath('POST', limiters.ticketReply));
  // Public knowledge-base endpoints: anyone can call them, so they are throttled per address.
  router.use('/kb/search', onExactPath('GET', limiters.kbSearch));
  router.use('/kb/deflection-events', onExactPath('POST', limiters.kbDeflection));
  return router;
}
