import { Router } from 'express';
import { ticketDetailResponse, ticketListResponse, ticketResponse } from '../../domain/api-response-schemas.js';
import { createTicketRequest } from '../../domain/ticket-for-requester-schemas.js';
import { listTicketsQuery, ticketIdParam } from '../../domain/ticket-schemas.js';
import { createRequestedTicket } from '../../tickets/create-ticket-for-requester.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { getTicketDetail, listVisibleTickets } from '../../tickets/ticket-queries.js';
import { listViewPage } from '../../tickets/ticket-views.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import { recordTicketCreated } from '../metrics.js';
import { etagOf } from './etag.js';
import { requestKeyOf, type Idempotent } from './idempotency.js';
import { unwrap } from './outcome-response.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

/** `/api/tickets`: create, list, read. */
export function ticketsRouter(deps: TicketDeps, idempotent: Idempotent): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets',
      summary:
        'Create a ticket; staff may raise one for a customer (`requester`, `channel`, `teamId`, `assigneeId`, `tags`; customers get 403)',
      permission: 'tickets:create',
      body: createTicketRequest,
      idempotent: true,
      responses: { 201: { description: 'The new ticket', schema: ticketResponse } },
    },
    requireJson,
    idempotent(),
    async (req, res) => {
      const caller = requireCaller(req);
      const input = parseInput(createTicketRequest, req.body);
      const arrival = caller.via === 'api_key' ? 'api' : 'portal';
      const actor = ticketActorOf(caller);
      const ticket = unwrap(await createRequestedTicket(deps, input, actor, arrival, requestKeyOf(res)));
      recordTicketCreated(ticket.channel);
      res.status(201).location(`/api/tickets/${ticket.id}`).set('ETag', etagOf(ticket.version)).json(ticket);
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/tickets',
      summary:
        'List the tickets the caller may see: filters, full-text search, cursor pagination; ' +
        'or a view’s tickets in its order (`view`, staff; see GET /api/views)',
      permission: 'tickets:list',
      query: listTicketsQuery,
      responses: { 200: { description: 'One page of tickets, newest first', schema: ticketListResponse } },
    },
    async (req, res) => {
      const query = parseInput(listTicketsQuery, req.query, 'query');
      const actor = ticketActorOf(requireCaller(req));
      res.json(
        unwrap(
          query.view === undefined
            ? await listVisibleTickets(deps, query, actor)
            : await listViewPage(deps, query.view, query, actor),
        ),
      );
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/tickets/:id',
      summary: 'Read a ticket the caller may see, with its conversation',
      permission: 'tickets:read',
      params: { id: ticketIdParam },
      responses: {
        200: { description: 'The ticket (customers never get internal notes)', schema: ticketDetailResponse },
      },
    },
    async (req, res) => {
      const id = parseInput(ticketIdParam, req.params.id, 'path');
      const ticket = unwrap(await getTicketDetail(deps, id, ticketActorOf(requireCaller(req))));
      // The version tags the ticket's own fields only (If-Match guards changes with it); messages,
      // attachments and the rating do not bump it. So the body is never cached nor answered with a
      // 304: `end` skips Express's If-None-Match check, which would compare the version alone.
      res
        .status(200)
        .set({
          ETag: etagOf(ticket.version),
          'Cache-Control': 'no-store',
          'Content-Type': 'application/json; charset=utf-8',
        })
        .end(JSON.stringify(ticket));
    },
  );

  return router;
}
