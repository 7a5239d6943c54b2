import { Router } from 'express';
import { ticketResponse } from '../../domain/api-response-schemas.js';
import { createTicketInput, ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import type { TicketService } from '../ticket-service.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

/** `/api/tickets` routes. */
export function ticketsRouter(tickets: TicketService): Router {
  const router = Router();

  addRoute(
    router,
    { method: 'post', path: '/tickets', summary: 'Create a ticket', permission: 'tickets:create', body: createTicketInput, responses: { 201: { description: 'The new ticket', schema: ticketResponse } } },
    requireJson,
    async (req, res) => {
      const caller = requireCaller(req);
      const input = parseInput(createTicketInput, req.body);
      const ticket = await tickets.create(input, caller, caller.via === 'api_key' ? 'api' : 'portal');
      res.status(201).location(`/api/tickets/${ticket.id}`).json(ticket);
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/tickets/:id', summary: 'Read a ticket the caller may see', permission: 'tickets:read', params: { id: ticketIdParam }, responses: { 200: { description: 'The ticket', schema: ticketResponse } } },
    async (req, res) => {
      const id = parseInput(ticketIdParam, req.params.id, 'path');
      res.json(await tickets.findVisible(id, requireCaller(req)));
    },
  );

  return router;
}
