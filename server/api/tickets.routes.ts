import { Router } from 'express';
import { ticketDetailResponse, ticketListResponse, ticketResponse } from '../../domain/api-response-schemas.js';
import { createTicketInput, listTicketsQuery, ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { createTicket, type TicketCommandDependencies } from '../tickets/ticket-commands.js';
import { getTicketDetail, listVisibleTickets } from '../tickets/ticket-queries.js';
import { etagOf } from './etag.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

/** `/api/tickets`: create, list, read. */
export function ticketsRouter(deps: TicketCommandDependencies): Router {
  const router = Router();

  addRoute(
    router,
    { method: 'post', path: '/tickets', summary: 'Create a ticket', permission: 'tickets:create', body: createTicketInput, responses: { 201: { description: 'The new ticket', schema: ticketResponse } } },
    requireJson,
    async (req, res) => {
      const caller = requireCaller(req);
      const input = parseInput(createTicketInput, req.body);
      const ticket = await createTicket(deps, input, caller, caller.via === 'api_key' ? 'api' : 'portal');
      res.status(201).location(`/api/tickets/${ticket.id}`).set('ETag', etagOf(ticket.version)).json(ticket);
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/tickets', summary: 'List the tickets the caller may see: filters, full-text search, cursor pagination', permission: 'tickets:list', query: listTicketsQuery, responses: { 200: { description: 'One page of tickets, newest first', schema: ticketListResponse } } },
    async (req, res) => {
      const query = parseInput(listTicketsQuery, req.query, 'query');
      res.json(await listVisibleTickets(deps.db, query, requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/tickets/:id', summary: 'Read a ticket the caller may see, with its conversation', permission: 'tickets:read', params: { id: ticketIdParam }, responses: { 200: { description: 'The ticket (customers never get internal notes)', schema: ticketDetailResponse } } },
    async (req, res) => {
      const id = parseInput(ticketIdParam, req.params.id, 'path');
      const ticket = await getTicketDetail(deps.db, id, requireCaller(req));
      res.set('ETag', etagOf(ticket.version)).json(ticket);
    },
  );

  return router;
}
