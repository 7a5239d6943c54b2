import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { listWebhookDeliveries } from '../../db/webhook-deliveries.js';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
} from '../../db/webhook-endpoints.js';
import { outboundUrlProblem } from '../../domain/outbound-address.js';
import { ticketIdParam } from '../../domain/ticket-schemas.js';
import {
  webhookDeliveriesQuery,
  webhookDeliverySchema,
  webhookEndpointInput,
  webhookEndpointSchema,
} from '../../domain/webhook-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { notFound, validationFailed } from '../http-error.js';
import { parseInput } from './parse-input.js';
import { requireJson } from './require-json.js';
import { addRoute } from './route-registry.js';

const idParam = ticketIdParam;
const endpointList = z.object({ items: z.array(webhookEndpointSchema) });
const deliveryPage = z.object({ items: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() });

/** What the webhook routes need beyond the database. */
export interface WebhookRouteSettings {
  /** Seals endpoint secrets (APP_SECRET_KEY). */
  appSecretKey: Buffer;
  /** OUTBOUND_ALLOW_HOSTS: internal `host:port`s an endpoint may name, over plain http too. */
  allowHosts: readonly string[];
}

/** `/api/webhooks`: admins register, list and remove outbound webhook endpoints and read their delivery logs. */
export function webhooksRouter(db: Db, settings: WebhookRouteSettings): Router {
  const router = Router();
  const parseId = (params: unknown) => parseInput(z.object({ id: idParam }), params, 'path').id;

  addRoute(
    router,
    {
      method: 'get',
      path: '/webhooks',
      summary: 'Every registered webhook endpoint (secrets never shown, only their last 4 characters)',
      permission: 'webhooks:read',
      responses: { 200: { description: 'The endpoints, oldest first', schema: endpointList } },
    },
    async (_req, res) => {
      res.json({ items: await listWebhookEndpoints(db) });
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/webhooks',
      summary:
        'Register an endpoint: `{url, events, secret}`. Each event is POSTed to `url`, signed with `secret` (see `webhooks` in this document)',
      permission: 'webhooks:manage',
      body: webhookEndpointInput,
      responses: { 201: { description: 'The endpoint (without its secret)', schema: webhookEndpointSchema } },
    },
    requireJson,
    async (req, res) => {
      const input = parseInput(webhookEndpointInput, req.body);
      // The same rule as every delivery (https, no internal hosts or addresses), said at the field now;
      // names are resolved and checked again on each connection.
      const problem = outboundUrlProblem(input.url, settings.allowHosts);
      if (problem) throw validationFailed([{ path: 'url', message: problem }]);
      const endpoint = await insertWebhookEndpoint(db, settings.appSecretKey, input, requireCaller(req).userId);
      res.status(201).location(`/api/webhooks/${endpoint.id}`).json(endpoint);
    },
  );

  addRoute(
    router,
    {
      method: 'delete',
      path: '/webhooks/:id',
      summary: 'Remove an endpoint and its delivery log; nothing more is sent to it',
      permission: 'webhooks:manage',
      params: { id: idParam },
      responses: { 204: { description: 'Removed' } },
    },
    async (req, res) => {
      if (!(await deleteWebhookEndpoint(db, parseId(req.params)))) throw notFound('Webhook endpoint');
      res.status(204).end();
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/webhooks/:id/deliveries',
      summary: "An endpoint's delivery log, newest first: status, attempts, the last response code",
      permission: 'webhooks:read',
      params: { id: idParam },
      query: webhookDeliveriesQuery,
      responses: { 200: { description: 'A page of deliveries; `nextCursor` fetches the next', schema: deliveryPage } },
    },
    async (req, res) => {
      const id = parseId(req.params);
      const page = parseInput(webhookDeliveriesQuery, req.query, 'query');
      if (!(await findWebhookEndpoint(db, id))) throw notFound('Webhook endpoint');
      res.json(await listWebhookDeliveries(db, id, page));
    },
  );
  return router;
}
