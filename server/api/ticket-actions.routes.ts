import { Router, type Request } from 'express';
import {
  messageResponse,
  ratingResponse,
  slaStateResponse,
  ticketEventsResponse,
  ticketMergeResponse,
  ticketResponse,
} from '../../domain/api-response-schemas.js';
import {
  createMessageInput,
  mergeTicketInput,
  patchTicketInput,
  ratingInput,
  ticketIdParam,
} from '../../domain/ticket-schemas.js';
import { addMessage } from '../../tickets/add-message.js';
import { closeTicket, reopenTicket } from '../../tickets/change-ticket.js';
import { editTicket } from '../../tickets/edit-ticket.js';
import { mergeTickets } from '../../tickets/merge-tickets.js';
import { rateTicket } from '../../tickets/rate-ticket.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { getTicketEvents } from '../../tickets/ticket-queries.js';
import { getTicketSla } from '../../tickets/ticket-sla.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import { etagOf, versionFromIfMatch } from './etag.js';
import { requestKeyOf, type Idempotent } from './idempotency.js';
import { unwrap } from './outcome-response.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

const params = { id: ticketIdParam };
const ticketId = (raw: unknown) => parseInput(ticketIdParam, raw, 'path');
const actor = (req: Request) => ticketActorOf(requireCaller(req));

/** `/api/tickets/:id/…`: lifecycle changes through the workflow, replies, rating, SLA and audit trail. */
export function ticketActionsRouter(deps: TicketDeps, idempotent: Idempotent): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'patch',
      path: '/tickets/:id',
      summary:
        'Change status, priority, assignee or team through the ticket workflow, and category, tags and custom fields directly; ' +
        'all checked before anything is written (If-Match or `version` guards against lost updates)',
      permission: 'tickets:update',
      params,
      body: patchTicketInput,
      responses: { 200: { description: 'The ticket as the workflow left it', schema: ticketResponse } },
    },
    requireJson,
    async (req, res) => {
      const { version, ...change } = parseInput(patchTicketInput, req.body);
      const expectedVersion = version ?? versionFromIfMatch(req.get('if-match'));
      const ticket = unwrap(await editTicket(deps, ticketId(req.params.id), change, actor(req), expectedVersion));
      res.set('ETag', etagOf(ticket.version)).json(ticket);
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/merge',
      summary:
        'Merge this duplicate into another ticket: its conversation and people move there, it closes as merged (admins only across organizations; never circular)',
      permission: 'tickets:merge',
      params,
      body: mergeTicketInput,
      responses: { 200: { description: 'Both tickets after the merge', schema: ticketMergeResponse } },
    },
    requireJson,
    async (req, res) => {
      const { into } = parseInput(mergeTicketInput, req.body);
      res.json(unwrap(await mergeTickets(deps, ticketId(req.params.id), into, actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/messages',
      summary: 'Reply, or (staff) add an internal note',
      permission: 'tickets:reply',
      params,
      body: createMessageInput,
      idempotent: true,
      responses: { 201: { description: 'The new message', schema: messageResponse } },
    },
    requireJson,
    idempotent(),
    async (req, res) => {
      const input = parseInput(createMessageInput, req.body);
      res
        .status(201)
        .json(unwrap(await addMessage(deps, ticketId(req.params.id), input, actor(req), requestKeyOf(res))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/close',
      summary: 'Close the ticket (final)',
      permission: 'tickets:close',
      params,
      idempotent: true,
      responses: { 200: { description: 'The closed ticket', schema: ticketResponse } },
    },
    idempotent(),
    async (req, res) => {
      res.json(unwrap(await closeTicket(deps, ticketId(req.params.id), actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/reopen',
      summary: 'Reopen a resolved ticket',
      permission: 'tickets:reopen',
      params,
      idempotent: true,
      responses: { 200: { description: 'The reopened ticket', schema: ticketResponse } },
    },
    idempotent(),
    async (req, res) => {
      res.json(unwrap(await reopenTicket(deps, ticketId(req.params.id), actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/rating',
      summary: 'Rate a resolved or closed ticket (requester)',
      permission: 'tickets:rate',
      params,
      body: ratingInput,
      idempotent: true,
      responses: { 201: { description: 'The rating', schema: ratingResponse } },
    },
    requireJson,
    idempotent(),
    async (req, res) => {
      const input = parseInput(ratingInput, req.body);
      res.status(201).json(unwrap(await rateTicket(deps, ticketId(req.params.id), input, actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/tickets/:id/sla',
      summary: 'The live SLA state, from the ticket workflow',
      permission: 'tickets:sla',
      params,
      responses: {
        200: {
          description: 'Deadlines, remaining business time, pause, breaches, next timer',
          schema: slaStateResponse,
        },
      },
    },
    async (req, res) => {
      res.json(unwrap(await getTicketSla(deps, ticketId(req.params.id), actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/tickets/:id/events',
      summary: "The ticket's audit trail (staff)",
      permission: 'tickets:events',
      params,
      responses: { 200: { description: 'Events, oldest first', schema: ticketEventsResponse } },
    },
    async (req, res) => {
      res.json(unwrap(await getTicketEvents(deps, ticketId(req.params.id), actor(req))));
    },
  );

  return router;
}
