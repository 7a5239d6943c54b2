import { Router, type Request } from 'express';
import { z } from 'zod';
import { macroApplicationResponse, macroIdParam, macroListResponse } from '../../domain/macro-schemas.js';
import { ticketIdParam } from '../../domain/ticket-schemas.js';
import { applyMacro } from '../../tickets/apply-macro.js';
import { listMacros } from '../../tickets/macro-queries.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import { requestKeyOf, type Idempotent } from './idempotency.js';
import { unwrap } from './outcome-response.js';
import { parseInput } from './parse-input.js';
import { addRoute } from './route-registry.js';

const params = { id: ticketIdParam, macroId: macroIdParam };
const applyParams = z.object(params);
const actor = (req: Request) => ticketActorOf(requireCaller(req));

/** `/api/macros` and `/api/tickets/:id/macros/:macroId`: canned replies with actions (staff). */
export function macrosRouter(deps: TicketDeps, idempotent: Idempotent): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'get',
      path: '/macros',
      summary: 'The active macros (staff), by name',
      permission: 'macros:list',
      responses: { 200: { description: 'Macros with their reply and actions', schema: macroListResponse } },
    },
    async (req, res) => {
      res.json(unwrap(await listMacros(deps, actor(req))));
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/macros/:macroId',
      summary:
        "Apply a macro (staff): its status, priority, team and assignee through the ticket's workflow, its reply (placeholders filled) through the reply path, its tags; audited as `macro_applied`",
      permission: 'macros:apply',
      params,
      idempotent: true,
      responses: {
        200: {
          description: 'The ticket as the macro left it, and the reply it posted',
          schema: macroApplicationResponse,
        },
      },
    },
    idempotent(),
    async (req, res) => {
      const { id, macroId } = parseInput(applyParams, req.params, 'path');
      res.json(unwrap(await applyMacro(deps, id, macroId, actor(req), requestKeyOf(res))));
    },
  );

  return router;
}
