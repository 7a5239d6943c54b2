import { Router } from 'express';
import { messageResponse, ratingResponse, slaStateResponse, ticketEventsResponse, ticketResponse } from '../../domain/api-response-schemas.js';
import { createMessageInput, patchTicketInput, ratingInput, ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { addMessage, changeTicket, closeTicket, rateTicket, reopenTicket, type TicketCommandDependencies } from '../tickets/ticket-commands.js';
import { getTicketEvents, getTicketSla } from '../tickets/ticket-queries.js';
import { etagOf, versionFromIfMatch } from './etag.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

const params = { id: ticketIdParam };
const ticketId = (raw: unknown) => parseInput(ticketIdParam, raw, 'path');

/** `/api/tickets/:id/…`: lifecycle changes through the workflow, replies, rating, SLA and audit trail. */
export function ticketActionsRouter(deps: TicketCommandDependencies): Router {
  const router = Router();

  addRoute(
    router,
    { method: 'patch', path: '/tickets/:id', summary: 'Change status, priority, assignee or team through the ticket workflow (If-Match or `version` guards against lost updates)', permission: 'tickets:update', params, body: patchTicketInput, responses: { 200: { description: 'The ticket as the workflow left it', schema: ticketResponse } } },
    requireJson,
    async (req, res) => {
      const input = parseInput(patchTicketInput, req.body);
      const ticket = await changeTicket(deps, ticketId(req.params.id), input, requireCaller(req), versionFromIfMatch(req.get('if-match')));
      res.set('ETag', etagOf(ticket.version)).json(ticket);
    },
  );

  addRoute(
    router,
    { method: 'post', path: '/tickets/:id/messages', summary: 'Reply, or (staff) add an internal note', permission: 'tickets:reply', params, body: createMessageInput, responses: { 201: { description: 'The new message', schema: messageResponse } } },
    requireJson,
    async (req, res) => {
      const input = parseInput(createMessageInput, req.body);
      res.status(201).json(await addMessage(deps, ticketId(req.params.id), input, requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'post', path: '/tickets/:id/close', summary: 'Close the ticket (final)', permission: 'tickets:close', params, responses: { 200: { description: 'The closed ticket', schema: ticketResponse } } },
    async (req, res) => {
      res.json(await closeTicket(deps, ticketId(req.params.id), requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'post', path: '/tickets/:id/reopen', summary: 'Reopen a resolved ticket', permission: 'tickets:reopen', params, responses: { 200: { description: 'The reopened ticket', schema: ticketResponse } } },
    async (req, res) => {
      res.json(await reopenTicket(deps, ticketId(req.params.id), requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'post', path: '/tickets/:id/rating', summary: 'Rate a resolved or closed ticket (requester)', permission: 'tickets:rate', params, body: ratingInput, responses: { 201: { description: 'The rating', schema: ratingResponse } } },
    requireJson,
    async (req, res) => {
      const input = parseInput(ratingInput, req.body);
      res.status(201).json(await rateTicket(deps, ticketId(req.params.id), input, requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/tickets/:id/sla', summary: 'The live SLA state, from the ticket workflow', permission: 'tickets:sla', params, responses: { 200: { description: 'Deadlines, remaining business time, pause, breaches, next timer', schema: slaStateResponse } } },
    async (req, res) => {
      res.json(await getTicketSla(deps.db, deps.workflows, ticketId(req.params.id), requireCaller(req)));
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/tickets/:id/events', summary: "The ticket's audit trail (staff)", permission: 'tickets:events', params, responses: { 200: { description: 'Events, oldest first', schema: ticketEventsResponse } } },
    async (req, res) => {
      res.json(await getTicketEvents(deps.db, ticketId(req.params.id), requireCaller(req)));
    },
  );

  return router;
}
