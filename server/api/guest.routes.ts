import { Router } from 'express';
import {
  apiErrorResponse,
  guestTicketReceiptResponse,
  messageResponse,
  ticketDetailResponse,
} from '../../domain/api-response-schemas.js';
import { guestMessageInput, guestTicketInput, guestTokenParam } from '../../domain/ticket-schemas.js';
import { openGuestTicket, replyAsGuest, submitGuestTicket, type GuestTicketDeps } from '../../tickets/guest-tickets.js';
import { recordTicketCreated } from '../metrics.js';
import { byGuestLink, requestKeyOf, type Idempotent } from './idempotency.js';
import { unwrap } from './outcome-response.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

const params = { token: guestTokenParam };
const expired = { description: 'The link has expired (a newer e-mail carries a fresh one)', schema: apiErrorResponse };

/**
 * `/api/guest/tickets…`: tickets from people without an account. Public routes: the signed token
 * in the URL is the credential (no cookie, so no CSRF token either); submissions are rate-limited
 * per address (security/rate-limited-routes.ts).
 */
export function guestRouter(deps: GuestTicketDeps, idempotent: Idempotent): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'post',
      path: '/guest/tickets',
      summary: 'Raise a ticket without an account; a link to follow it is e-mailed to the address given',
      permission: null,
      body: guestTicketInput,
      idempotent: true,
      responses: {
        201: { description: 'The new ticket; the link comes by e-mail', schema: guestTicketReceiptResponse },
      },
    },
    requireJson,
    idempotent(),
    async (req, res) => {
      const input = parseInput(guestTicketInput, req.body);
      const receipt = unwrap(await submitGuestTicket(deps, input, requestKeyOf(res)));
      recordTicketCreated('guest');
      res.status(201).json(receipt);
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/guest/tickets/:token',
      summary: 'Read the ticket a guest link opens, with its public conversation',
      permission: null,
      params,
      responses: {
        200: { description: 'The ticket (never internal notes)', schema: ticketDetailResponse },
        410: expired,
      },
    },
    async (req, res) => {
      res.json(unwrap(await openGuestTicket(deps, String(req.params.token))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/guest/tickets/:token/messages',
      summary: 'Reply through a guest link',
      permission: null,
      params,
      body: guestMessageInput,
      idempotent: true,
      responses: { 201: { description: 'The reply', schema: messageResponse }, 410: expired },
    },
    requireJson,
    idempotent(byGuestLink),
    async (req, res) => {
      const input = parseInput(guestMessageInput, req.body);
      res.status(201).json(unwrap(await replyAsGuest(deps, String(req.params.token), input, requestKeyOf(res))));
    },
  );

  return router;
}
