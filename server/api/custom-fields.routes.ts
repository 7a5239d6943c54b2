import { Router } from 'express';
import { customFieldsResponse } from '../../domain/api-response-schemas.js';
import { listCustomFields } from '../../tickets/custom-field-queries.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import { unwrap } from './outcome-response.js';
import { addRoute } from './route-registry.js';

/** `/api/custom-fields` and `/api/guest/custom-fields`: the custom fields forms show, per audience. */
export function customFieldsRouter(deps: Pick<TicketDeps, 'db'>): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'get',
      path: '/custom-fields',
      summary:
        'The active custom fields in form order: staff get all, customers the customer-visible ones (`customerEditable`: they may set it)',
      permission: 'custom_fields:read',
      responses: { 200: { description: 'Field definitions', schema: customFieldsResponse } },
    },
    async (req, res) => {
      res.json(unwrap(await listCustomFields(deps, ticketActorOf(requireCaller(req)))));
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/guest/custom-fields',
      summary: 'The customer-visible custom fields, for the guest submission form and guest links (no account needed)',
      permission: null,
      responses: { 200: { description: 'Field definitions', schema: customFieldsResponse } },
    },
    async (_req, res) => {
      res.json(unwrap(await listCustomFields(deps, null)));
    },
  );

  return router;
}
