import { Router } from 'express';
import { createTicketInput, listTicketsQuery, ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { authorize } from '../auth/permissions.js';
import { createTicket, type TicketCommandDependencies } from '../tickets/ticket-commands.js';
import { getTicketDetail, listVisibleTickets } from '../tickets/ticket-queries.js';
import { etagOf } from './etag.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';

/** `/api/tickets`: create, list, read. */
export function ticketsRouter(deps: TicketCommandDependencies): Router {
  const router = Router();

  router.post('/tickets', requireJson, async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:create');
    const input = parseInput(createTicketInput, req.body);
    const ticket = await createTicket(deps, input, caller, caller.via === 'api_key' ? 'api' : 'portal');
    res.status(201).location(`/api/tickets/${ticket.id}`).set('ETag', etagOf(ticket.version)).json(ticket);
  });

  router.get('/tickets', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:list');
    const query = parseInput(listTicketsQuery, req.query, 'query');
    res.json(await listVisibleTickets(deps.db, query, caller));
  });

  router.get('/tickets/:id', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:read');
    const id = parseInput(ticketIdParam, req.params.id, 'path');
    const ticket = await getTicketDetail(deps.db, id, caller);
    res.set('ETag', etagOf(ticket.version)).json(ticket);
  });

  return router;
}
