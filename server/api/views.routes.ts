import { Router } from 'express';
import {
  createViewInput,
  savedViewIdParam,
  updateViewInput,
  viewListResponse,
  viewResponse,
} from '../../domain/ticket-views.js';
import { deleteView, saveView, updateView } from '../../tickets/saved-view-commands.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { listViews } from '../../tickets/ticket-views.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import { unwrap } from './outcome-response.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

/** `/api/views`: the ticket views staff work from (built-in, personal, shared with a team). */
export function viewsRouter(deps: TicketDeps): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'get',
      path: '/views',
      summary: 'List the ticket views the caller may use, each with its current count (staff)',
      permission: 'views:read',
      responses: {
        200: { description: 'Built-in views, then the caller’s own and shared ones', schema: viewListResponse },
      },
    },
    async (req, res) => {
      res.json({ items: unwrap(await listViews(deps, ticketActorOf(requireCaller(req)))) });
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/views',
      summary: 'Save a personal view (filters and sort); managers may share it with a team',
      permission: 'views:manage',
      body: createViewInput,
      responses: { 201: { description: 'The saved view with its count', schema: viewResponse } },
    },
    requireJson,
    async (req, res) => {
      const input = parseInput(createViewInput, req.body);
      const view = unwrap(await saveView(deps, input, ticketActorOf(requireCaller(req))));
      res.status(201).location(`/api/tickets?view=${view.id}`).json(view);
    },
  );

  addRoute(
    router,
    {
      method: 'patch',
      path: '/views/:id',
      summary:
        'Rename one of the caller’s saved views, change its filters or sort, or share it (managers) or unshare it',
      permission: 'views:manage',
      params: { id: savedViewIdParam },
      body: updateViewInput,
      responses: { 200: { description: 'The changed view with its count', schema: viewResponse } },
    },
    requireJson,
    async (req, res) => {
      const id = parseInput(savedViewIdParam, req.params.id, 'path');
      const input = parseInput(updateViewInput, req.body);
      res.json(unwrap(await updateView(deps, id, input, ticketActorOf(requireCaller(req)))));
    },
  );

  addRoute(
    router,
    {
      method: 'delete',
      path: '/views/:id',
      summary: 'Delete one of the caller’s saved views',
      permission: 'views:manage',
      params: { id: savedViewIdParam },
      responses: { 204: { description: 'Deleted' } },
    },
    async (req, res) => {
      const id = parseInput(savedViewIdParam, req.params.id, 'path');
      unwrap(await deleteView(deps, id, ticketActorOf(requireCaller(req))));
      res.status(204).end();
    },
  );

  return router;
}
