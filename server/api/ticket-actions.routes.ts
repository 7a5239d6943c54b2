import { Router } from 'express';
import { createMessageInput, patchTicketInput, ratingInput, ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { authorize } from '../auth/permissions.js';
import { addMessage, changeTicket, closeTicket, rateTicket, reopenTicket, type TicketCommandDependencies } from '../tickets/ticket-commands.js';
import { getTicketEvents, getTicketSla } from '../tickets/ticket-queries.js';
import { etagOf, versionFromIfMatch } from './etag.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';

/** `/api/tickets/:id/…`: lifecycle changes through the workflow, replies, rating, SLA and audit trail. */
export function ticketActionsRouter(deps: TicketCommandDependencies): Router {
  const router = Router();
  const ticketId = (raw: unknown) => parseInput(ticketIdParam, raw, 'path');

  router.patch('/tickets/:id', requireJson, async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:update');
    const input = parseInput(patchTicketInput, req.body);
    const ticket = await changeTicket(deps, ticketId(req.params.id), input, caller, versionFromIfMatch(req.get('if-match')));
    res.set('ETag', etagOf(ticket.version)).json(ticket);
  });

  router.post('/tickets/:id/messages', requireJson, async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:reply');
    const input = parseInput(createMessageInput, req.body);
    res.status(201).json(await addMessage(deps, ticketId(req.params.id), input, caller));
  });

  router.post('/tickets/:id/close', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:close');
    res.json(await closeTicket(deps, ticketId(req.params.id), caller));
  });

  router.post('/tickets/:id/reopen', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:close');
    res.json(await reopenTicket(deps, ticketId(req.params.id), caller));
  });

  router.post('/tickets/:id/rating', requireJson, async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:rate');
    const input = parseInput(ratingInput, req.body);
    res.status(201).json(await rateTicket(deps, ticketId(req.params.id), input, caller));
  });

  router.get('/tickets/:id/sla', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:sla');
    res.json(await getTicketSla(deps.db, deps.workflows, ticketId(req.params.id), caller));
  });

  router.get('/tickets/:id/events', async (req, res) => {
    const caller = requireCaller(req);
    authorize(caller, 'tickets:events');
    res.json(await getTicketEvents(deps.db, ticketId(req.params.id), caller));
  });

  return router;
}
