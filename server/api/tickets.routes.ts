import { Router } from 'express';
import { createTicketInput, ticketIdParam } from '../../domain/ticket-schemas.js';
import { authorize } from '../auth/permissions.js';
import { requireCaller } from '../auth/caller.js';
import type { TicketService } from '../ticket-service.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';

/** `/api/tickets` routes. */
export function ticketsRouter(tickets: TicketService): Router {
  const router = Router();

  router.post('/tickets', requireJson, async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:create');
    const input = parseInput(createTicketInput, req.body);
    const ticket = await tickets.create(input, caller, caller.via === 'api_key' ? 'api' : 'portal');
    res.status(201).location(`/api/tickets/${ticket.id}`).json(ticket);
  });

  router.get('/tickets/:id', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:read');
    const id = parseInput(ticketIdParam, req.params.id, 'path');
    res.json(await tickets.findVisible(id, caller));
  });

  return router;
}
